package io.heapscope.trace;

/**
 * Events of a trace one at a time, in program order. The cursor's fields describe the current
 * event and are overwritten by {@link #next()}: nothing per event is kept, so reading a trace of
 * any length takes constant memory (plus one entry per live object).
 *
 * <p>Object ids number the allocations from 1; {@link #freedObject()} names the object a free,
 * realloc or reallocarray ends (0 if none or unknown), {@link #newObject()} the one it creates
 * (0 if none or the call failed). A free of an unknown address is skipped and counted in
 * {@link #problems()}.
 */
public interface TraceCursor extends AutoCloseable {
    /** Moves to the next event; false at the end of the trace or at its first bad record. */
    boolean next();

    Op op();

    /** Small thread id: 0 is the first thread that allocated. */
    int thread();

    /** Program order: increases from event to event. */
    long seq();

    /** Nanoseconds since the recording started. */
    long timeNs();

    /** Bytes asked for (for calloc and reallocarray: count × size, saturated). */
    long size();

    /** The alignment asked for, or 0. */
    long alignment();

    long freedObject();

    long newObject();

    /** Where the current event starts: byte offset in the file. */
    long offset();

    /** What could not be read (truncation, corruption, unknown frees) so far. */
    TraceProblems problems();

    @Override
    void close();
}
