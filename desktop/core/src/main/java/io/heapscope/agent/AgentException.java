package io.heapscope.agent;

/** Every failure of a call to the agent. */
public abstract sealed class AgentException extends RuntimeException
        permits AgentErrorException, AgentDiedException, AgentTimeoutException, AgentProtocolException {
    protected AgentException(String message) {
        super(message);
    }

    protected AgentException(String message, Throwable cause) {
        super(message, cause);
    }
}
