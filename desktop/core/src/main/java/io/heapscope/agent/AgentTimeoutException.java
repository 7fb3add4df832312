package io.heapscope.agent;

import java.time.Duration;

/** The agent did not answer within the timeout. The client kills it; restart for a fresh one. */
public final class AgentTimeoutException extends AgentException {
    public AgentTimeoutException(String request, Duration timeout, String lastOp) {
        super("the agent did not answer " + request + " within " + timeout.toMillis() + " ms (last op sent: "
                + lastOp + "); it was killed");
    }
}
