package io.heapscope.trace;

/**
 * The current event of a trace cursor, held once for every reader: each {@link #next()}
 * overwrites these fields, and the live objects the reader has seen are numbered in
 * {@link #objects}. Readers differ only in how they decode the next event.
 */
abstract class EventFields implements TraceCursor {
    protected final TraceProblems problems;
    protected final ObjectIds objects = new ObjectIds();

    protected Op op;
    protected int thread;
    protected long seq, time, size, alignment, freed, created, offset;

    protected EventFields(String source) {
        this.problems = new TraceProblems(source);
    }

    @Override public Op op() { return op; }
    @Override public int thread() { return thread; }
    @Override public long seq() { return seq; }
    @Override public long timeNs() { return time; }
    @Override public long size() { return size; }
    @Override public long alignment() { return alignment; }
    @Override public long freedObject() { return freed; }
    @Override public long newObject() { return created; }
    @Override public long offset() { return offset; }
    @Override public TraceProblems problems() { return problems; }

    /** Live objects after the events read so far. */
    public int liveObjects() { return objects.live(); }
}
