package io.heapscope.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Allocator events a run can stop after: the step that caused one is the last step run. */
public enum BreakEvent {
    /** A page with no free block went to its heap's full queue. */
    PAGE_FULL("PAGE_FULL"),
    /** A thread exited and left a segment behind. */
    SEGMENT_ABANDONED("SEGMENT_ABANDONED"),
    /** A thread took over an abandoned segment. */
    RECLAIM("SEGMENT_RECLAIMED"),
    /** Free memory was decommitted or reset. */
    PURGE("PURGE"),
    /** A remote free into a full page went onto the owner heap's delayed-free list. */
    DELAYED_FREE("DELAYED_NOTIFY"),
    /** Secure mode caught a double free. */
    DOUBLE_FREE("DOUBLE_FREE");

    private final String kind;

    BreakEvent(String kind) {
        this.kind = kind;
    }

    /** The agent's event kind name. */
    public String kind() {
        return kind;
    }

    /** The lower-case name used on the command line: {@code page_full}, {@code reclaim}, ... */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<BreakEvent> byWord(String word) {
        return Arrays.stream(values()).filter(e -> e.word().equalsIgnoreCase(word)
                || e.kind.equalsIgnoreCase(word)).findFirst();
    }
}
