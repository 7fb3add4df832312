package io.heapscope.engine;

import io.heapscope.agent.AgentException;

/**
 * The agent stopped answering (the watchdog killed it), died, or sent what cannot be decoded
 * while it ran the ops from index {@code firstOp} to {@code lastOp} (inclusive): it is gone and
 * the ops before {@code firstOp} are known to have run.
 */
final class AgentLostException extends EngineException {
    private final int firstOp;
    private final int lastOp;
    private final AgentException agent;

    AgentLostException(String message, int firstOp, int lastOp, AgentException agent) {
        super(message, agent);
        this.firstOp = firstOp;
        this.lastOp = lastOp;
        this.agent = agent;
    }

    int firstOp() {
        return firstOp;
    }

    int lastOp() {
        return lastOp;
    }

    AgentException agent() {
        return agent;
    }
}
