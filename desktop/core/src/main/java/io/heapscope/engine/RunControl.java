package io.heapscope.engine;

import io.heapscope.scenario.CompileResult;
import io.heapscope.scenario.ScenarioCompiler;
import io.heapscope.scenario.op.Program;
import io.heapscope.scenario.source.Diagnostic;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The asynchronous face of the {@link Engine} for a window (no JavaFX here). Every command
 * returns at once with a future; commands run one after another on the given executor (a
 * single-thread executor in the app, {@code Runnable::run} in tests, which makes every future
 * complete before the call returns). State is published as immutable {@link EngineView}s to
 * {@link Listener}s, on the executor's thread, after every command and when a run starts, and
 * while a command runs (status RUNNING, with the heap of the latest history sample) at most
 * every 40 ms when the configuration samples; progress about every 50 ms during long commands.
 *
 * <p>{@link #pause()} stops the running command at its next step boundary and cancels the
 * commands queued behind it (their futures complete with {@link StopReason#PAUSED}).
 */
public final class RunControl implements AutoCloseable {

    /** Told about every new view, and about progress; called on the engine's thread. */
    public interface Listener {
        void changed(EngineView view);

        default void progress(Progress progress) {
        }
    }

    /** Views published while running: about the frame rate the window coalesces them to. */
    private static final long LIVE_NANOS = 40_000_000;

    private final EngineConfig config;
    private final Executor executor;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong submitted = new AtomicLong();
    private volatile long pausedUpTo;
    private volatile EngineView view = EngineView.empty();
    private volatile Breakpoints breakpoints = Breakpoints.NONE;
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private Engine engine;
    private long lastLiveNanos;

    public RunControl(EngineConfig config, Executor executor) {
        this.config = config.withProgress(this::fireProgress);
        this.executor = executor;
    }

    /** The latest view. */
    public EngineView view() {
        return view;
    }

    /** Calls {@code listener} with the current view now and with every new one; close to stop. */
    public AutoCloseable subscribe(Listener listener) {
        listeners.add(listener);
        listener.changed(view);
        return () -> listeners.remove(listener);
    }

    /** Compiles the text and starts a run at step 0 (replacing any current run). */
    public CompletableFuture<EngineView> load(String fileName, String text) {
        return loadWith("compiling " + fileName, () -> ScenarioCompiler.compile(fileName, text));
    }

    /**
     * Starts a run at step 0 of the program {@code make} builds on the engine's thread (a trace
     * read into a program); its failure message makes the view invalid.
     */
    public CompletableFuture<EngineView> loadProgram(String fileName, java.util.concurrent.Callable<Program> make) {
        return loadWith("reading " + fileName, () -> {
            try {
                return new CompileResult(Optional.of(make.call()), List.of());
            } catch (Exception e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                return new CompileResult(Optional.empty(), List.of(io.heapscope.scenario.source.Diagnostic.error(
                        new io.heapscope.scenario.source.SourceSpan(fileName, 1, 1, 1, 1), why)));
            }
        });
    }

    private CompletableFuture<EngineView> loadWith(String doing, java.util.function.Supplier<CompileResult> compile) {
        pause();
        return submit(seq -> {
            closeEngine();
            publish(new EngineView(EngineView.Status.LOADING, Optional.empty(), List.of(), EngineView.NOWHERE,
                    Optional.empty(), List.of(), List.of(), List.of(), "", Optional.empty(), doing));
            CompileResult compiled = compile.get();
            if (compiled.program().isEmpty()) {
                String why = compiled.errors().isEmpty() ? "does not compile" : compiled.errors().getFirst().toString();
                publish(new EngineView(EngineView.Status.INVALID, Optional.empty(), compiled.diagnostics(),
                        EngineView.NOWHERE, Optional.empty(), List.of(), List.of(), List.of(), "", Optional.empty(), why));
                return view;
            }
            Program program = compiled.program().get();
            try {
                engine = new Engine(program, config);
            } catch (EngineException e) {
                publish(new EngineView(EngineView.Status.FAILED, Optional.of(program), compiled.diagnostics(),
                        EngineView.NOWHERE, Optional.empty(), List.of(), List.of(), List.of(), "", Optional.empty(),
                        e.getMessage()));
                return view;
            }
            engine.setBreakpoints(breakpoints);
            engine.cancelSignal(() -> pausedUpTo >= seq);
            engine.onSample(this::publishRunning);
            publishFrom(Optional.empty(), compiled.diagnostics());
            return view;
        });
    }

    public CompletableFuture<StepOutcome> step() {
        return command(Engine::step);
    }

    public CompletableFuture<StepOutcome> stepOver() {
        return command(Engine::stepOver);
    }

    public CompletableFuture<StepOutcome> run() {
        return command(Engine::run);
    }

    public CompletableFuture<StepOutcome> runToLine(int line) {
        return command(e -> e.runToLine(line));
    }

    public CompletableFuture<StepOutcome> stepBack() {
        return command(Engine::stepBack);
    }

    public CompletableFuture<StepOutcome> goToStep(long step) {
        return command(e -> e.goToStep(step));
    }

    public CompletableFuture<StepOutcome> reset() {
        return command(Engine::reset);
    }

    /**
     * One free list of a page in the current heap, in list order ({@link Engine#freeList}); runs
     * after the commands queued before it and is not cancelled by {@link #pause()}.
     */
    public CompletableFuture<int[]> freeList(long pageStart, io.heapscope.model.BlockState list, int max) {
        return submit(seq -> engine == null ? new int[0] : engine.freeList(pageStart, list, max));
    }

    /** Stops the running command at its next step boundary and drops the queued ones. */
    public void pause() {
        pausedUpTo = submitted.get();
    }

    /** Takes effect at the next step boundary, also in a running command. */
    public void setBreakpoints(Breakpoints breakpoints) {
        this.breakpoints = breakpoints;
        Engine e = engine;
        if (e != null) {
            e.setBreakpoints(breakpoints);
        }
    }

    @Override
    public void close() {
        pause();
        submit(seq -> {
            closeEngine();
            publish(EngineView.empty());
            return null;
        });
    }

    // ------------------------------------------------------------------ plumbing

    private CompletableFuture<StepOutcome> command(Function<Engine, StepOutcome> what) {
        return submit(seq -> {
            if (engine == null) {
                return new StepOutcome(StopReason.FAILED, "no scenario is loaded", view.position(), List.of(),
                        List.of(), List.of());
            }
            if (pausedUpTo >= seq) {
                return new StepOutcome(StopReason.PAUSED, "cancelled", engine.position(), List.of(), List.of(),
                        List.of());
            }
            publish(view.with(EngineView.Status.RUNNING, ""));
            StepOutcome outcome = what.apply(engine);
            publishFrom(Optional.of(outcome), view.diagnostics());
            return outcome;
        });
    }

    private synchronized <T> CompletableFuture<T> submit(Function<Long, T> work) {
        long seq = submitted.incrementAndGet();
        CompletableFuture<T> next = tail.handle((x, e) -> null)
                .thenApplyAsync(x -> work.apply(seq), executor);
        tail = next;
        return next;
    }

    private void publishFrom(Optional<StepOutcome> outcome, List<Diagnostic> diagnostics) {
        Position p = engine.position();
        EngineView.Status status = outcome.map(o -> o.reason() == StopReason.FAILED).orElse(false)
                ? EngineView.Status.FAILED : p.atEnd() ? EngineView.Status.FINISHED : EngineView.Status.PAUSED;
        Optional<io.heapscope.model.Snapshot> snap = Optional.empty();
        String message = outcome.map(o -> o.detail()).orElse("");
        if (status != EngineView.Status.FAILED) {
            try {
                snap = Optional.of(engine.snapshot());
            } catch (EngineException e) {
                status = EngineView.Status.FAILED;
                message = e.getMessage();
            }
        }
        publish(new EngineView(status, Optional.of(engine.program()), diagnostics, p, snap, engine.lastEvents(),
                engine.expectResults(), engine.history(), engine.allocator(), outcome, message, engine.eventLog()));
    }

    /** While a command runs: the heap at the latest history sample, at most every LIVE_NANOS. */
    private void publishRunning() {
        long now = System.nanoTime();
        if (view.status() != EngineView.Status.RUNNING || now - lastLiveNanos < LIVE_NANOS
                || engine.position().step() == view.position().step()) {
            return;
        }
        lastLiveNanos = now;
        publish(new EngineView(EngineView.Status.RUNNING, Optional.of(engine.program()), view.diagnostics(),
                engine.position(), Optional.of(engine.snapshot()), engine.lastEvents(), engine.expectResults(),
                engine.history(), engine.allocator(), Optional.empty(), "", engine.eventLog()));
    }

    private void publish(EngineView next) {
        view = next;
        for (Listener l : listeners) {
            l.changed(next);
        }
    }

    private void fireProgress(Progress progress) {
        for (Listener l : listeners) {
            l.progress(progress);
        }
    }

    private void closeEngine() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }
}
