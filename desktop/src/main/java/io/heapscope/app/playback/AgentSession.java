package io.heapscope.app.playback;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.heapscope.agent.AgentClient;
import io.heapscope.agent.AgentException;
import io.heapscope.agent.Batch;
import io.heapscope.agent.BatchResult;
import io.heapscope.agent.SnapshotOptions;
import io.heapscope.app.StepPicture;
import io.heapscope.app.adapt.SnapshotPictures;
import io.heapscope.app.adapt.SnapshotTables;
import io.heapscope.app.session.SessionControls;
import io.heapscope.app.session.SessionState;
import io.heapscope.app.session.SessionState.Status;
import io.heapscope.model.Event;
import io.heapscope.model.Snapshot;
import io.heapscope.scenario.CompileResult;
import io.heapscope.scenario.ScenarioCompiler;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.Program;
import io.heapscope.ui.timeline.TimelinePoint;

/**
 * A small stand-in for the stepping engine, so the window runs scenarios today: compiles the
 * text, drives one agent with the compiled ops a statement at a time, and publishes states and
 * pictures. Steps back by replaying from a fresh agent. All agent work runs on its own thread;
 * while running, pictures are taken at most every {@value #PICTURE_INTERVAL_MS} ms (the window
 * coalesces them to its frame rate anyway). Expectations are not evaluated. Replace it with the
 * engine's {@link SessionControls} when that exists.
 */
public final class AgentSession implements SessionControls, AutoCloseable {

    private static final long PICTURE_INTERVAL_MS = 50;
    private static final int CHUNK = 4096;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "heapscope-session");
        t.setDaemon(true);
        return t;
    });
    private final Supplier<AgentClient> agents;
    private final List<Consumer<SessionState>> listeners = new CopyOnWriteArrayList<>();
    private volatile Consumer<StepPicture> pictures = p -> { };
    private volatile SessionState state = SessionState.notLoaded("open a scenario");
    private volatile boolean stopRequested;
    private volatile double speed = 10;
    private volatile Set<Integer> breakpoints = Set.of();

    // Confined to the worker thread.
    private Program program;
    private AgentClient client;
    private OpTranslator translator;
    private int next;
    private long step;
    private long clockNanos;
    private List<TimelinePoint> timeline = new ArrayList<>();

    public AgentSession(Supplier<AgentClient> agents) {
        this.agents = agents;
    }

    /** Where pictures of the heap go (the window's {@code showStep}); called on the session thread. */
    public void setPictureSink(Consumer<StepPicture> sink) {
        this.pictures = sink;
    }

    @Override
    public SessionState state() {
        return state;
    }

    @Override
    public AutoCloseable subscribe(Consumer<SessionState> listener) {
        listeners.add(listener);
        listener.accept(state);
        return () -> listeners.remove(listener);
    }

    @Override
    public List<String> backends() {
        return List.of("core");
    }

    @Override
    public void load(String fileName, String text) {
        stopRequested = true;
        submit(() -> {
            publish(new SessionState(Status.LOADING, 0, 0, 0, "core", "compiling " + fileName));
            CompileResult r = ScenarioCompiler.compile(fileName, text);
            if (r.program().isEmpty()) {
                closeAgent();
                program = null;
                String why = r.errors().isEmpty() ? "does not compile" : r.errors().get(0).toString();
                publish(new SessionState(Status.INVALID, 0, 0, 0, "core", why));
                return;
            }
            program = r.program().get();
            fresh();
            picture(List.of());
            publishPaused("");
        });
    }

    @Override
    public void runOrContinue() {
        runUntil(() -> false);
    }

    @Override
    public void runToLine(int line) {
        runUntil(() -> next < size() && program.ops().get(next).span().line() == line);
    }

    @Override
    public void pause() {
        stopRequested = true;
    }

    @Override
    public void step() {
        submitLoaded(() -> {
            List<Event> events = runStep();
            picture(events);
            publishPaused("");
        });
    }

    @Override
    public void stepOverLoop() {
        submitLoaded(() -> {
            int outer = program.ops().get(next).origin().outer();
            List<Event> events = List.of();
            while (next < size() && program.ops().get(next).origin().outer() == outer) {
                events = runStep();
            }
            picture(events);
            publishPaused("");
        });
    }

    @Override
    public void stepBack() {
        goToStep(state.step() - 1);
    }

    @Override
    public void goToStep(long target) {
        stopRequested = true;
        submit(() -> {
            if (program == null || target < 0) {
                return;
            }
            stopRequested = false;
            if (target < step || client == null) {
                publish(state.withStatus(Status.RUNNING, "replaying to step " + target));
                fresh();
            }
            List<Event> events = List.of();
            while (step < target && next < size() && !stopRequested) {
                events = runStep();
            }
            picture(events);
            publishPaused("");
        });
    }

    @Override
    public void reset() {
        stopRequested = true;
        submit(() -> {
            if (program == null) {
                return;
            }
            fresh();
            picture(List.of());
            publishPaused("");
        });
    }

    @Override
    public void setSpeed(double stepsPerSecond) {
        speed = Math.max(0.1, stepsPerSecond);
    }

    @Override
    public void setBreakpoints(Set<Integer> lines) {
        breakpoints = Set.copyOf(lines);
    }

    @Override
    public void setBackend(String backend) {
        // only the core backend for now
    }

    @Override
    public void close() {
        stopRequested = true;
        worker.submit(this::closeAgent);
        worker.shutdown();
    }

    private void runUntil(java.util.function.BooleanSupplier stop) {
        submitLoaded(() -> {
            stopRequested = false;
            publish(new SessionState(Status.RUNNING, step, clockNanos, currentLine(), "core", ""));
            long lastPicture = 0;
            List<Event> events = List.of();
            while (next < size() && !stopRequested) {
                events = runStep();
                if (next < size() && (breakpoints.contains(currentLine()) || stop.getAsBoolean())) {
                    break;
                }
                long now = System.currentTimeMillis();
                if (now - lastPicture >= PICTURE_INTERVAL_MS) {
                    picture(events);
                    publish(new SessionState(Status.RUNNING, step, clockNanos, currentLine(), "core", ""));
                    lastPicture = now;
                }
                if (speed < 1000) {
                    sleep((long) (1000 / speed));
                }
            }
            picture(events);
            publishPaused(breakpoints.contains(currentLine()) ? "breakpoint on line " + currentLine() : "");
        });
    }

    /** Runs the ops of one statement execution; returns the allocator events they caused. */
    private List<Event> runStep() {
        int s = program.ops().get(next).step();
        List<io.heapscope.agent.Op> batch = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        while (next < size()) {
            Op op = program.ops().get(next);
            if (op.step() != s) {
                break;
            }
            if (op instanceof Op.Sleep sleep) {
                clockNanos += sleep.nanos();
            }
            translator.translate(op).ifPresent(batch::add);
            next++;
            if (batch.size() == CHUNK) {
                events.addAll(send(batch));
                batch.clear();
            }
        }
        events.addAll(send(batch));
        step++;
        return events;
    }

    private List<Event> send(List<io.heapscope.agent.Op> ops) {
        if (ops.isEmpty()) {
            return List.of();
        }
        BatchResult r = client.run(Batch.lockstep(List.copyOf(ops)));
        return r.events();
    }

    private void picture(List<Event> events) {
        Snapshot snap = client.update(SnapshotOptions.ALL);
        timeline.removeIf(p -> p.step() >= step);
        timeline.add(SnapshotTables.point(step, snap, events.size()));
        pictures.accept(SnapshotPictures.of(step, snap, program.threads(), events, List.copyOf(timeline)));
    }

    private void fresh() {
        closeAgent();
        client = agents.get();
        translator = new OpTranslator(program.threads());
        next = 0;
        step = 0;
        clockNanos = 0;
        timeline = new ArrayList<>();
    }

    private void closeAgent() {
        if (client != null) {
            try {
                client.close();
            } catch (RuntimeException ignored) {
                // a dead agent needs no goodbye
            }
            client = null;
        }
    }

    private void submitLoaded(Runnable work) {
        submit(() -> {
            if (program == null || client == null) {
                return;
            }
            if (next >= size()) {
                publish(new SessionState(Status.FINISHED, step, clockNanos, 0, "core", "the scenario has run to its end"));
                return;
            }
            work.run();
        });
    }

    private void submit(Runnable work) {
        worker.execute(() -> {
            try {
                work.run();
            } catch (AgentException | IllegalStateException | IllegalArgumentException e) {
                closeAgent();
                publish(new SessionState(Status.CRASHED, step, clockNanos, currentLineSafe(), "core",
                        String.valueOf(e.getMessage())));
            }
        });
    }

    private void publishPaused(String message) {
        Status s = next >= size() ? Status.FINISHED : Status.PAUSED;
        publish(new SessionState(s, step, clockNanos, currentLine(), "core", message));
    }

    private void publish(SessionState next) {
        state = next;
        listeners.forEach(l -> l.accept(next));
    }

    private int size() {
        return program.ops().size();
    }

    private int currentLine() {
        return next < size() ? program.ops().get(next).span().line() : 0;
    }

    private int currentLineSafe() {
        return program == null ? 0 : currentLine();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
