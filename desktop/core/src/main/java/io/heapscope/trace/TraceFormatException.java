package io.heapscope.trace;

import java.io.IOException;

/** A file that is not a readable trace at all; the message says where. */
public final class TraceFormatException extends IOException {
    public TraceFormatException(String message) {
        super(message);
    }
}
