package io.heapscope.app.session;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.heapscope.agent.AgentClient;
import io.heapscope.agent.Backends;
import io.heapscope.agent.SnapshotOptions;
import io.heapscope.app.StepPicture;
import io.heapscope.app.adapt.ViewPictures;
import io.heapscope.app.session.SessionState.Status;
import io.heapscope.engine.BreakEvent;
import io.heapscope.engine.Breakpoints;
import io.heapscope.engine.EngineConfig;
import io.heapscope.engine.EngineView;
import io.heapscope.engine.Progress;
import io.heapscope.engine.RunControl;
import io.heapscope.engine.SamplePolicy;
import io.heapscope.engine.StopReason;
import io.heapscope.model.BlockState;

/**
 * The window's session on the stepping engine: one {@link RunControl} (per backend) whose
 * commands run on a single engine thread, and whose {@link EngineView}s are turned there into
 * {@link SessionState}s and {@link StepPicture}s. Nothing here waits: every command returns at
 * once. Below full speed, a run is paced by {@link PacedRun} (one step per tick).
 */
public final class EngineSession implements SessionControls, AutoCloseable {

    private static final Set<StopReason> STOPS_ON_BREAK = EnumSet.of(StopReason.LINE_BREAKPOINT,
            StopReason.EVENT_BREAKPOINT, StopReason.EXPECT_FAILED);

    private final ExecutorService engineThread = Executors.newSingleThreadExecutor(daemon("heapscope-engine"));
    private final ExecutorService spares = Executors.newSingleThreadExecutor(daemon("heapscope-checkpoints"));
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(daemon("heapscope-pace"));
    private final Function<String, Supplier<AgentClient>> agents;
    private final List<String> backends;
    private final Fanout<SessionState> states = new Fanout<>(SessionState.notLoaded("open a scenario"));
    private final Fanout<StepPicture> pictures = new Fanout<>(StepPicture.empty());
    private final Fanout<Progress> progress = new Fanout<>(null);
    private final ViewPictures maker = new ViewPictures();
    private final Set<Long> breakpointSteps = new ConcurrentSkipListSet<>();
    private final PacedRun paced;
    private volatile RunControl control;
    private volatile AutoCloseable subscription;
    private volatile String backend;
    private volatile String fileName = "untitled.scenario";
    private volatile String loadedText;
    private volatile String latestText;
    private volatile io.heapscope.scenario.op.Program trace;
    private volatile Breakpoints breakpoints = Breakpoints.NONE;

    /**
     * @param agents   starts an agent for a backend name
     * @param backends the names offered, "core" first
     */
    public EngineSession(Function<String, Supplier<AgentClient>> agents, List<String> backends) {
        this.agents = agents;
        this.backends = List.copyOf(backends);
        this.backend = this.backends.getFirst();
        this.paced = new PacedRun(ticks, this::stopsPacedRun, this::pacedRunEnded);
        this.control = newControl(backend);
    }

    /** The session on the installed backends ({@link Backends#installed()}). */
    public static EngineSession create() {
        return new EngineSession(name -> () -> AgentClient.start(Backends.forName(name)), Backends.installed());
    }

    @Override
    public SessionState state() {
        return states.latest();
    }

    @Override
    public AutoCloseable subscribe(Consumer<SessionState> listener) {
        return states.subscribe(listener);
    }

    @Override
    public AutoCloseable subscribePictures(Consumer<StepPicture> listener) {
        return pictures.subscribe(listener);
    }

    @Override
    public AutoCloseable subscribeProgress(Consumer<Progress> listener) {
        return progress.subscribe(listener);
    }

    @Override
    public List<String> backends() {
        return backends;
    }

    @Override
    public void load(String name, String text) {
        trace = null;
        fileName = name;
        loadedText = text;
        latestText = text;
        paced.stop();
        control.load(name, text);
    }

    @Override
    public void loadTrace(String name, io.heapscope.scenario.op.Program program) {
        trace = program;
        fileName = name;
        loadedText = null;
        latestText = null;
        paced.stop();
        control.loadProgram(name, () -> program);
    }

    @Override
    public void textChanged(String name, String text) {
        if (trace != null) {
            republish();   // the listing of a trace is not a scenario to compile
            return;
        }
        fileName = name;
        latestText = text;
        if (text.equals(loadedText)) {
            republish();
            return;
        }
        Status s = state().status();
        if (s == Status.INVALID || s == Status.NOT_LOADED) {
            load(name, text);
        } else {
            republish();
        }
    }

    @Override
    public void saved(String name, String text) {
        fileName = name;
        latestText = text;
        if (!text.equals(loadedText)) {
            long at = state().step();
            load(name, text);
            if (at > 0) {
                control.goToStep(at);   /* queued behind the load on the engine's thread */
            }
        }
    }

    @Override
    public void runOrContinue() {
        String text = latestText;
        if (text != null && !text.equals(loadedText)) {
            load(fileName, text);   /* Run on changed text runs the new text from its start */
        }
        if (paced.fullSpeed()) {
            control.run();
        } else {
            paced.start(control);
            republish();
        }
    }

    @Override
    public void pause() {
        paced.stop();
        control.pause();
        republish();
    }

    @Override
    public void step() {
        control.step();
    }

    @Override
    public void stepOverLoop() {
        control.stepOver();
    }

    @Override
    public void stepBack() {
        paced.stop();
        control.stepBack();
    }

    @Override
    public void runToLine(int line) {
        control.runToLine(line);
    }

    @Override
    public void reset() {
        paced.stop();
        if (trace != null) {
            control.reset();
            return;
        }
        String text = latestText;
        if (text != null && (!text.equals(loadedText) || state().status() == Status.INVALID)) {
            load(fileName, text);
        } else {
            control.reset();
        }
    }

    @Override
    public void goToStep(long step) {
        paced.stop();
        control.goToStep(step);
    }

    @Override
    public void setSpeed(double stepsPerSecond) {
        paced.setSpeed(stepsPerSecond);
    }

    @Override
    public void setBreakpoints(Set<Integer> lineSet) {
        breakpoints = new Breakpoints(lineSet, breakpoints.events());
        control.setBreakpoints(breakpoints);
    }

    @Override
    public void setEventBreakpoints(Set<BreakEvent> eventSet) {
        breakpoints = new Breakpoints(breakpoints.lines(), eventSet);
        control.setBreakpoints(breakpoints);
    }

    @Override
    public synchronized void setBackend(String name) {
        if (name.equals(backend) || !backends.contains(name)) {
            return;
        }
        paced.stop();
        RunControl old = control;
        AutoCloseable oldSubscription = subscription;
        backend = name;
        control = newControl(name);
        closeQuietly(oldSubscription);
        old.close();
        if (trace != null) {
            loadTrace(fileName, trace);
        } else if (latestText != null) {
            load(fileName, latestText);
        }
    }

    @Override
    public CompletableFuture<int[]> freeList(long pageStart, BlockState list, int max) {
        return control.freeList(pageStart, list, max);
    }

    @Override
    public void close() {
        paced.stop();
        control.close();
        engineThread.shutdown();
        spares.shutdown();
        ticks.shutdownNow();
    }

    // ------------------------------------------------------------------ on the engine's thread

    private RunControl newControl(String name) {
        EngineConfig config = new EngineConfig(agents.apply(name), SnapshotOptions.ALL, SamplePolicy.INTERACTIVE,
                true, spares, true, p -> { });
        RunControl rc = new RunControl(config, engineThread);
        rc.setBreakpoints(breakpoints);
        subscription = rc.subscribe(new RunControl.Listener() {
            @Override
            public void changed(EngineView view) {
                onView(rc, view);
            }

            @Override
            public void progress(Progress p) {
                if (rc == control) {
                    progress.publish(p);
                }
            }
        });
        return rc;
    }

    private synchronized void onView(RunControl from, EngineView view) {
        if (from != control) {
            return;
        }
        if (view.status() == EngineView.Status.LOADING) {
            breakpointSteps.clear();
        }
        if (view.status() != EngineView.Status.RUNNING
                && view.outcome().map(o -> STOPS_ON_BREAK.contains(o.reason())).orElse(false)) {
            breakpointSteps.add(view.position().step());
        }
        states.publish(toState(view));
        if (view.status() != EngineView.Status.RUNNING || pictures.latest().step() != view.position().step()) {
            pictures.publish(maker.of(view, "core".equals(backend), Set.copyOf(breakpointSteps)));
        }
    }

    /** Publishes the state again (a paced run started or ended, the text changed). */
    private void republish() {
        RunControl rc = control;
        engineThread.execute(() -> {
            if (rc == control) {
                states.publish(toState(rc.view()));
            }
        });
    }

    SessionState toState(EngineView v) {
        Status status = switch (v.status()) {
            case EMPTY -> Status.NOT_LOADED;
            case LOADING -> Status.LOADING;
            case PAUSED -> paced.active() ? Status.RUNNING : Status.PAUSED;
            case RUNNING -> Status.RUNNING;
            case FINISHED -> Status.FINISHED;
            case INVALID -> Status.INVALID;
            case FAILED -> Status.FAILED;
        };
        String message = StopTexts.describe(v);
        String text = latestText;
        boolean changed = text != null && !text.equals(loadedText) && status != Status.INVALID
                && status != Status.LOADING;
        if (changed) {
            message = (message.isEmpty() ? "" : message + " · ") + "the text changed: Run or Save runs the new text";
        }
        String loop = v.program().map(p -> p.loopVariables(v.position().opIndex())).orElse("");
        return new SessionState(status, v.position().step(), v.position().clockNanos(), v.position().line(),
                backend, message, loop, changed);
    }

    private boolean stopsPacedRun(io.heapscope.engine.StepOutcome o) {
        if (o.reason() != StopReason.DONE || o.position().atEnd()) {
            return true;
        }
        // the engine's rule, as its full-speed runs use it
        Breakpoints on = breakpoints;
        return on.lineBefore(o.position()) != 0 || o.events().stream().anyMatch(e -> on.breaksOn(e.kind()));
    }

    private void pacedRunEnded(io.heapscope.engine.StepOutcome last) {
        boolean onBreakpoint = last != null && (last.reason() == StopReason.EXPECT_FAILED
                || (last.reason() == StopReason.DONE && !last.position().atEnd()));
        RunControl rc = control;
        engineThread.execute(() -> {
            if (rc != control) {
                return;
            }
            if (onBreakpoint && last != null) {
                breakpointSteps.add(last.position().step());
                pictures.publish(maker.of(rc.view(), "core".equals(backend), Set.copyOf(breakpointSteps)));
            }
            states.publish(toState(rc.view()));
        });
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (Exception ignored) {
            // removing a listener cannot fail in a way that matters
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
