package io.heapscope.scenario.compile;

import io.heapscope.scenario.eval.LongExpr;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.Origin;
import io.heapscope.scenario.source.Severity;
import io.heapscope.scenario.source.SourceSpan;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * The state of one unrolling: loop variable values, the ops so far, the step counter, the work
 * budget, what is known about threads, heaps and handles, and the problems found.
 */
final class Run {

    /** One active loop and the value of its variable. */
    static final class Frame {
        final Plan.Loop loop;
        /** The iteration this loop runs in, restored when it ends. */
        final int enclosing;
        long value;

        Frame(Plan.Loop loop, int enclosing) {
            this.loop = loop;
            this.enclosing = enclosing;
        }
    }

    final long[] slots;
    final OpBuffer ops = new OpBuffer();
    final Iterations iterations = new Iterations();
    final Reporter reporter = new Reporter();
    final HeapTable heaps = new HeapTable();
    final List<Handles> handles;
    private final List<Origin> origins;
    private final Deque<Frame> frames = new ArrayDeque<>();
    private final long workLimit;
    private long work;
    private int step = -1;
    private long clock;
    /** The statement being run, for the work-limit message. */
    Origin current;

    Run(int slotCount, List<Handles> handles, List<Origin> origins, long workLimit) {
        this.slots = new long[slotCount];
        this.handles = handles;
        this.origins = origins;
        this.workLimit = workLimit;
    }

    /** A new statement execution begins; returns its step number. */
    int nextStep() {
        return ++step;
    }

    long eval(LongExpr expr) {
        return expr.eval(slots);
    }

    /** Adds an op kept as an object; the frequent ops go straight to {@link #ops}. */
    void emit(Op op) {
        charge(1);
        ops.object(op);
    }

    /** Counts work (ops and loop iterations) against the limit. */
    void charge(long units) {
        work += units;
        if (work > workLimit) {
            throw new WorkLimitExceeded();
        }
    }

    long workLimit() {
        return workLimit;
    }

    /** Advances the virtual clock; false if it would overflow. */
    boolean advanceClock(long nanos) {
        if (clock > Long.MAX_VALUE - nanos) {
            return false;
        }
        clock += nanos;
        return true;
    }

    Frame enter(Plan.Loop loop) {
        Frame frame = new Frame(loop, ops.currentIteration);
        frames.push(frame);
        return frame;
    }

    /** The frame's loop starts its iteration with {@code value}: ops from now on run in it. */
    void iterate(Frame frame, long value) {
        frame.value = value;
        ops.currentIteration = iterations.add(frame.enclosing, frame.loop.variable(), value);
    }

    void leave() {
        ops.currentIteration = frames.pop().enclosing;
    }

    void error(Origin origin, SourceSpan span, Supplier<String> message) {
        reporter.report(Severity.ERROR, origin.statement(), span, () -> message.get() + context());
    }

    void warning(Origin origin, SourceSpan span, Supplier<String> message) {
        reporter.report(Severity.WARNING, origin.statement(), span,
                () -> message.get() + context());
    }

    /** {@code line:column} of a statement, for "freed at 12:3". */
    String where(int statement) {
        return origins.get(statement).span().lineColumn();
    }

    /** " (at i = 3, j = 7)": the loop iteration a problem happened in, outermost first. */
    private String context() {
        if (frames.isEmpty()) {
            return "";
        }
        StringJoiner parts = new StringJoiner(", ", " (at ", ")");
        for (Iterator<Frame> it = frames.descendingIterator(); it.hasNext(); ) {
            Frame frame = it.next();
            Plan.Loop loop = frame.loop;
            parts.add(loop.variable().isPresent()
                    ? loop.variable().get() + " = " + frame.value
                    : "iteration " + (frame.value + 1) + " of the loop at "
                    + loop.origin().span().lineColumn());
        }
        return parts.toString();
    }
}
