package io.heapscope.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What a trace reader skipped: frees of unknown objects (count and the first offsets) and the
 *  error that ended the reading early, if any. */
public final class TraceProblems {
    public static final int FIRST_OFFSETS = 10;

    private final String source;
    private long unknownFrees;
    private final List<Long> firstUnknownFrees = new ArrayList<>();
    private String error;
    private long errorOffset = -1;

    TraceProblems(String source) {
        this.source = source;
    }

    void unknownFree(long offset) {
        unknownFrees++;
        if (firstUnknownFrees.size() < FIRST_OFFSETS) firstUnknownFrees.add(offset);
    }

    void stop(long offset, String message) {
        if (error == null) {
            error = message;
            errorOffset = offset;
        }
    }

    /** The file the problems are in, as messages name it. */
    public String source() { return source; }

    public long unknownFrees() { return unknownFrees; }

    public List<Long> firstUnknownFreeOffsets() { return Collections.unmodifiableList(firstUnknownFrees); }

    /** True if the reader stopped before the end of the input. */
    public boolean stoppedEarly() { return error != null; }

    public long errorOffset() { return errorOffset; }

    /** "FILE: byte offset N: what was wrong; read up to the last good event", or null. */
    public String errorMessage() {
        return error == null ? null
                : source + ": byte offset " + errorOffset + ": " + error + "; read up to the last good event";
    }

    /** The unknown frees in one line, or null if there were none. */
    public String unknownFreesMessage() {
        return unknownFrees == 0 ? null
                : source + ": " + unknownFrees + " free(s) of unknown objects skipped, first at byte offset(s) "
                        + firstUnknownFrees;
    }
}
