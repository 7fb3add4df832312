package io.heapscope.agent;

import java.time.Duration;

/** The agent did not answer within the timeout. The client kills it; restart for a fresh one. */
public final class AgentTimeoutException extends AgentException {
    private final Duration timeout;

    public AgentTimeoutException(String request, Duration timeout, String lastOp) {
        super("the agent did not answer " + request + " within " + timeout.toMillis() + " ms (last op sent: "
                + lastOp + "); it was killed");
        this.timeout = timeout;
    }

    /** The bound the agent did not answer within. */
    public Duration timeout() {
        return timeout;
    }
}
