package io.heapscope.app.session;

import java.util.Objects;

/**
 * Where a stepping session is, as one immutable value published after every change; made from
 * the engine's {@link io.heapscope.engine.EngineView} on the engine's thread. Free of JavaFX: the
 * UI turns it into properties through its one door to the FX thread.
 *
 * @param status           what the session is doing
 * @param step             steps executed so far (0 = at the start)
 * @param virtualTimeNanos the scenario's virtual clock
 * @param currentLine      the 1-based line of the statement about to run, or 0 for none
 * @param backend          the allocator in use ("core", "glibc", "jemalloc", ...)
 * @param message          one line for the status bar (an error, why it paused, ...), or ""
 * @param loopVariables    the loop variables of the statement about to run ("i = 17"), or ""
 * @param textChanged      the editor's text is not the one running: Run or Save runs the new text
 */
public record SessionState(Status status, long step, long virtualTimeNanos, int currentLine,
                           String backend, String message, String loopVariables, boolean textChanged) {

    /** What a session is doing. */
    public enum Status {
        /** No scenario loaded. */
        NOT_LOADED,
        /** Compiling the scenario and starting the agent. */
        LOADING,
        /** Loaded, at a step, waiting for a command. */
        PAUSED,
        /** Running on its own (run/continue, run to cursor, step over a loop, going back). */
        RUNNING,
        /** Past the last statement. */
        FINISHED,
        /** The scenario does not compile; see the problems pane. */
        INVALID,
        /** The agent refused an op, died or could not start; {@code message} says how. Reset starts a new one. */
        FAILED
    }

    public SessionState {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(loopVariables, "loopVariables");
    }

    public SessionState(Status status, long step, long virtualTimeNanos, int currentLine, String backend,
                        String message) {
        this(status, step, virtualTimeNanos, currentLine, backend, message, "", false);
    }

    public SessionState(Status status, long step, long virtualTimeNanos, int currentLine, String backend,
                        String message, String loopVariables) {
        this(status, step, virtualTimeNanos, currentLine, backend, message, loopVariables, false);
    }

    public static SessionState notLoaded(String message) {
        return new SessionState(Status.NOT_LOADED, 0, 0, 0, "core", message);
    }

    public SessionState withStatus(Status s, String why) {
        return new SessionState(s, step, virtualTimeNanos, currentLine, backend, why, loopVariables, textChanged);
    }

    /** True while a command is running (or the scenario is loading). */
    public boolean busy() {
        return status == Status.RUNNING || status == Status.LOADING;
    }
}
