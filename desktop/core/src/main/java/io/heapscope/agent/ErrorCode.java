package io.heapscope.agent;

/** The error codes of an ERROR frame. */
public enum ErrorCode {
    TRUNCATED(1, "the frame ends before its contents do"),
    BAD_VERSION(2, "the frame's protocol version is not 1"),
    UNKNOWN_FRAME(3, "unknown frame type"),
    UNKNOWN_OP(4, "unknown operation code"),
    BAD_HANDLE(5, "handle out of range or never allocated"),
    HANDLE_FREED(6, "the handle's block was already freed (or its heap destroyed)"),
    HANDLE_LIVE(7, "allocation into a handle that is still live"),
    BAD_THREAD(8, "thread index out of range, not started, or already started"),
    WRONG_THREAD(9, "the operation must run on the thread that owns the heap"),
    BAD_HEAP(10, "heap id out of range, unknown, or already in use"),
    BAD_ARGUMENT(11, "an argument is out of range"),
    UNSUPPORTED(12, "the backend cannot do this"),
    TOO_LARGE(13, "the frame is longer than the agent accepts"),
    TRAILING(14, "bytes after the last operation or field"),
    INTERNAL(15, "the agent could not get memory for its own bookkeeping"),
    /** A code this client does not know (a newer agent). */
    UNKNOWN(0, "unknown error code");

    private final int code;
    private final String meaning;

    ErrorCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    public static ErrorCode of(int code) {
        for (ErrorCode c : values()) if (c.code == code) return c;
        return UNKNOWN;
    }
}
