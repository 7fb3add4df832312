package io.heapscope.trace;

/** A trace's header (docs/trace-format.md): who was recorded, when, on which allocator. */
public record TraceHeader(String format, int version, long pid, long parentPid, long startEpochNs,
                          long indexEvery, String command, String under) {
}
