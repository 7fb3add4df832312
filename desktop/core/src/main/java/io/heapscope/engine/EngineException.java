package io.heapscope.engine;

/**
 * The engine could not run a statement: the agent refused it, died, or the scenario asks for
 * something the agent cannot do. The message starts with the statement's {@code file:line:col}
 * when one is known.
 */
public class EngineException extends RuntimeException {

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
