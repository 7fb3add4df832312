package io.heapscope.app.session;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the window needs from a stepping session: commands that return at once (the work happens
 * on the engine's threads) and a stream of {@link SessionState}s. The stepping engine implements
 * this; until it exists, {@link DetachedSession} stands in. Free of JavaFX, so an engine can
 * implement it without depending on the UI (move it to the engine's package when that exists).
 *
 * <p>Listeners may be called on any thread, as often as the engine likes; the UI coalesces.
 * Commands that make no sense in the current state (step while running) are ignored.
 */
public interface SessionControls {

    /** The latest state. */
    SessionState state();

    /** Calls {@code listener} with every new state; closing the result stops that. */
    AutoCloseable subscribe(Consumer<SessionState> listener);

    /** The allocator backends this machine can run: "core" first, then installed ones. */
    List<String> backends();

    /** Compiles {@code text} and starts a session at step 0 (replacing any current one). */
    void load(String fileName, String text);

    /** Runs until a breakpoint, the end, or {@link #pause()}; continues when paused. */
    void runOrContinue();

    void pause();

    /** Runs one statement. */
    void step();

    /** Runs the current loop to its end (or one statement if not in a loop). */
    void stepOverLoop();

    /** Goes back one step (by replaying from the start or a checkpoint). */
    void stepBack();

    /** Runs until the statement on {@code line} (1-based) is about to run. */
    void runToLine(int line);

    /** Goes back to step 0 with a fresh agent; also the way out of a crash. */
    void reset();

    /** Jumps to step {@code step} (by replay), e.g. from a click on the timeline. */
    void goToStep(long step);

    /** Steps per second while running. */
    void setSpeed(double stepsPerSecond);

    /** Lines (1-based) where running stops. */
    void setBreakpoints(Set<Integer> lines);

    /** Chooses the allocator for the next load or reset. */
    void setBackend(String backend);
}
