package io.heapscope.agent;

/** A reply this client cannot decode; names the reply and the byte offset in it. */
public final class AgentProtocolException extends AgentException {
    private final long offset;

    public AgentProtocolException(String message, long offset) {
        super(message + " (reply offset " + offset + ")");
        this.offset = offset;
    }

    public AgentProtocolException(String message, Throwable cause) {
        super(message, cause);
        this.offset = -1;
    }

    /** Byte offset in the reply frame where decoding failed, or -1. */
    public long offset() {
        return offset;
    }
}
