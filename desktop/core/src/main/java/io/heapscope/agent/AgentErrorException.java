package io.heapscope.agent;

import java.util.Optional;

/**
 * The agent answered with an ERROR frame: it refused a frame or an op, and keeps serving.
 * For a failed op in a lockstep batch, {@link #partial()} holds the results and events of the ops
 * before it (which did run).
 */
public final class AgentErrorException extends AgentException {
    private final ErrorCode code;
    private final long opIndex;
    private final long offset;
    private final String agentMessage;
    private final transient BatchResult partial;

    public AgentErrorException(ErrorCode code, long opIndex, long offset, String agentMessage, BatchResult partial) {
        super(describe(code, opIndex, offset, agentMessage));
        this.code = code;
        this.opIndex = opIndex;
        this.offset = offset;
        this.agentMessage = agentMessage;
        this.partial = partial;
    }

    private static String describe(ErrorCode code, long opIndex, long offset, String message) {
        String where = (opIndex == Protocol.NO_OP_INDEX ? "" : "op " + opIndex + ", ") + "frame offset " + offset;
        return "agent error " + code + " (" + where + "): " + message;
    }

    public ErrorCode code() {
        return code;
    }

    /** The failing op's index in its batch, if the error is about an op. */
    public Optional<Integer> opIndex() {
        return opIndex == Protocol.NO_OP_INDEX ? Optional.empty() : Optional.of((int) opIndex);
    }

    /** Byte offset in the request frame (header included) where the problem is. */
    public long offset() {
        return offset;
    }

    public String agentMessage() {
        return agentMessage;
    }

    public BatchResult partial() {
        return partial;
    }
}
