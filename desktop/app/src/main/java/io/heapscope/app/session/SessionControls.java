package io.heapscope.app.session;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.heapscope.app.StepPicture;
import io.heapscope.engine.BreakEvent;
import io.heapscope.engine.Progress;

/**
 * What the window needs from a stepping session: commands that return at once (the work happens
 * on the engine's thread) and three streams: {@link SessionState}s for the run controls,
 * {@link StepPicture}s for the heap views, and {@link Progress} of long commands.
 * {@link EngineSession} implements it on the engine's {@link io.heapscope.engine.RunControl}.
 *
 * <p>Listeners may be called on any thread, as often as the engine likes; the UI coalesces
 * through its {@link io.heapscope.ui.fx.FxDoor}. Commands that make no sense in the current
 * state (step while running) are ignored by the engine or answered with a no-op outcome.
 */
public interface SessionControls {

    /** The latest state. */
    SessionState state();

    /** Calls {@code listener} with the current state and every new one; closing the result stops that. */
    AutoCloseable subscribe(Consumer<SessionState> listener);

    /** Calls {@code listener} with the current picture and every new one. */
    AutoCloseable subscribePictures(Consumer<StepPicture> listener);

    /** Calls {@code listener} with the progress of long commands (about every 50 ms while they run). */
    AutoCloseable subscribeProgress(Consumer<Progress> listener);

    /** The allocator backends this machine can run: "core" first, then installed ones. */
    List<String> backends();

    /**
     * The editor's text was saved: if it is not the text running, it is loaded and run again to
     * the step the session was at (no separate Reset).
     */
    void saved(String fileName, String text);

    /** Compiles {@code text} and starts a session at step 0 (replacing any current one). */
    void load(String fileName, String text);

    /**
     * Starts a session at step 0 of a trace read into {@code program} (replacing any current one);
     * each event is one step. Until the next {@link #load}, edits do not replace it and
     * {@link #reset()} and {@link #setBackend} replay the trace.
     */
    void loadTrace(String fileName, io.heapscope.scenario.op.Program program);

    /**
     * The editor's text changed: remembered for the next {@link #reset()}, which runs it; loaded
     * at once when the loaded text does not compile (so fixing it makes it runnable).
     */
    void textChanged(String fileName, String text);

    /** Runs until a breakpoint, the end, or {@link #pause()}; continues when paused. */
    void runOrContinue();

    /** Stops a run (or a replay) at its next step boundary. */
    void pause();

    /** Runs one statement. */
    void step();

    /** Runs the current loop to its end (or one statement if not in a loop). */
    void stepOverLoop();

    /** Goes back one step (by replaying from the start or a checkpoint). */
    void stepBack();

    /** Runs until the statement on {@code line} (1-based) is about to run. */
    void runToLine(int line);

    /** Back to step 0 with a fresh agent, on the latest text; also the way out of a failure. */
    void reset();

    /** Jumps to step {@code step} (by replay), e.g. from a click on the timeline. */
    void goToStep(long step);

    /** Steps per second while running; {@link Double#POSITIVE_INFINITY} for full speed. */
    void setSpeed(double stepsPerSecond);

    /** Lines (1-based) where running stops. */
    void setBreakpoints(Set<Integer> lines);

    /** Allocator events after which running stops. */
    void setEventBreakpoints(Set<BreakEvent> events);

    /** Chooses the allocator and reloads the current text on it. */
    void setBackend(String backend);

    /** The order of one free list of the page starting at {@code pageStart} (empty when unknown). */
    CompletableFuture<int[]> freeList(long pageStart, io.heapscope.model.BlockState list, int max);
}
