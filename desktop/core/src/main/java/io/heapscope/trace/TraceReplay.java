package io.heapscope.trace;

import io.heapscope.agent.Protocol;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.Program;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Turns a trace into a {@link Program} the engine runs like a compiled scenario: step {@code k} is
 * the trace's {@code k}-th replayed event, the trace's threads are lockstep threads {@code t0},
 * {@code t1}, ... (a thread's first event starts it, its exit ends it), every object is a handle
 * {@code block[n]} (numbers of freed objects are reused, so the handles stay as few as the live
 * objects), program order is the trace's sequence order across threads, and the virtual clock
 * follows the recorded timestamps: an event later than every one before it is preceded by a sleep
 * of the difference, so purge delays expire as they did in the program.
 *
 * <p>Events that change nothing are not replayed: a failed allocation, a failed realloc, a free of
 * an object the trace never allocated (counted in {@link #problems()}), a second start of a running
 * thread. Trace threads past the agent's 64 run in the slot of a thread that has exited; a trace
 * with more than 64 threads alive at once is refused.
 */
public final class TraceReplay {

    /** The mapping's result: the program and what the reading skipped. */
    public record Loaded(Program program, TraceProblems problems, long events, long replayedEvents,
                         int traceThreads) {
        /** The number of steps: one per replayed event, then the expects. */
        public long steps() {
            List<Op> ops = program.ops();
            return ops.isEmpty() ? 0 : ops.getLast().step() + 1L;
        }
    }

    private static final long PAGE = 4096;
    private static final long MAX_ALIGN = 16L << 20;

    private final TraceOps ops;
    private final List<String> slotNames = new ArrayList<>();
    private final ObjectIds slotOf = new ObjectIds();   // object id -> handle number + 1
    private int[] freeSlots = new int[1024];
    private int freeCount;
    private int nextSlot;
    private int[] threadSlot = new int[16];              // trace thread -> agent slot, -1 when not running
    private final int[] slotThread = new int[Protocol.THREAD_MAX];   // agent slot -> trace thread, -1 when free
    private int traceThreads;
    private long clock;
    private int step;

    private TraceReplay(String file) {
        ops = new TraceOps(file, Collections.unmodifiableList(slotNames));
        Arrays.fill(threadSlot, -1);
        Arrays.fill(slotThread, -1);
    }

    /** Reads the trace at {@code path} (any kind {@link Traces} opens) into a program. */
    public static Loaded load(Path path, TraceSetup setup) throws IOException {
        try (TraceCursor cursor = Traces.open(path)) {
            return load(cursor, path.getFileName().toString(), setup);
        }
    }

    /** Reads the rest of {@code cursor} into a program named {@code fileName}. */
    public static Loaded load(TraceCursor cursor, String fileName, TraceSetup setup) throws TraceFormatException {
        TraceReplay r = new TraceReplay(fileName);
        for (Op.SetOption o : setup.options()) {
            r.ops.option(new Op.SetOption(o.origin(), 0, o.name(), o.value()));   // before the first event
        }
        for (Op.Mark m : setup.marks()) {
            r.ops.option(new Op.Mark(m.origin(), 0, m.name()));
        }
        long events = 0;
        while (cursor.next()) {
            events++;
            r.event(cursor);
        }
        int eventSteps = r.ops.eventSteps();
        int s = eventSteps;
        for (Op.Expect e : setup.expects()) {
            r.ops.expect(new Op.Expect(e.origin(), s++, e.left(), e.comparison(), e.right(), e.message()));
        }
        for (String declared : setup.threads()) {
            if (!r.slotNames.contains(declared)) {
                throw new TraceFormatException(setup.file() + ": thread " + declared + " is not in the trace, whose threads are "
                        + (r.slotNames.isEmpty() ? "none" : String.join(", ", r.slotNames)));
            }
        }
        r.ops.trim();
        Program program = new Program(fileName, List.copyOf(r.slotNames), List.of(), r.ops);
        return new Loaded(program, cursor.problems(), events, eventSteps, r.traceThreads);
    }

    private void event(TraceCursor c) throws TraceFormatException {
        io.heapscope.trace.Op op = c.op();
        int t = c.thread();
        if (op == io.heapscope.trace.Op.THREAD_START) {
            if (running(t) < 0) {
                start(t, c, TraceOps.START);
            }
            return;
        }
        if (op == io.heapscope.trace.Op.THREAD_EXIT) {
            int slot = running(t);
            if (slot >= 0) {
                clock(c);
                ops.add(TraceOps.EXIT, step, slot, 0, 0, 0, 0, false);
                step++;
                threadSlot[t] = -1;
                slotThread[slot] = -1;
            }
            return;
        }
        long freed = c.freedObject();
        long created = c.newObject();
        if (freed == 0 && created == 0) {
            return;
        }
        int slot = running(t);
        if (slot < 0) {
            slot = start(t, c, TraceOps.START_IMPLICIT);
        } else {
            clock(c);
        }
        if (freed != 0 && created != 0) {
            int from = release(freed);
            int to = handle(created);
            ops.add(TraceOps.REALLOC, step, slot, from, to, c.size(), 0, false);
        } else if (freed != 0) {
            ops.add(TraceOps.FREE, step, slot, release(freed), 0, 0, 0, false);
        } else {
            ops.add(TraceOps.ALLOC, step, slot, handle(created), 0, size(c), alignment(c),
                    op == io.heapscope.trace.Op.CALLOC);
        }
        step++;
    }

    /** The agent slot trace thread {@code t} runs in, or -1. */
    private int running(int t) {
        return t < threadSlot.length ? threadSlot[t] : -1;
    }

    private int start(int t, TraceCursor c, byte kind) throws TraceFormatException {
        if (t >= threadSlot.length) {
            int old = threadSlot.length;
            threadSlot = Arrays.copyOf(threadSlot, Math.max(t + 1, old * 2));
            Arrays.fill(threadSlot, old, threadSlot.length, -1);
        }
        traceThreads = Math.max(traceThreads, t + 1);
        int slot = t < slotThread.length && slotThread[t] < 0 ? t : -1;
        for (int i = 0; slot < 0 && i < slotThread.length; i++) {
            if (slotThread[i] < 0) {
                slot = i;
            }
        }
        if (slot < 0) {
            throw new TraceFormatException(c.problems().source() + ": byte offset " + c.offset() + ": thread " + t
                    + " starts while " + Protocol.THREAD_MAX + " others run; a replay runs at most "
                    + Protocol.THREAD_MAX + " threads at once");
        }
        while (slotNames.size() <= slot) {
            slotNames.add("t" + slotNames.size());
        }
        threadSlot[t] = slot;
        slotThread[slot] = t;
        clock(c);
        ops.add(kind, step, slot, 0, 0, 0, 0, false);
        if (kind == TraceOps.START) {
            step++;
        }
        return slot;
    }

    /** A sleep before the current event when it is later than the clock. */
    private void clock(TraceCursor c) {
        long t = c.timeNs();
        if (t > clock) {
            ops.add(TraceOps.SLEEP, step, 0, 0, 0, t - clock, 0, false);
            clock = t;
        }
    }

    private int handle(long object) {
        int slot = freeCount > 0 ? freeSlots[--freeCount] : nextSlot++;
        slotOf.put(object, slot + 1L);
        return slot;
    }

    private int release(long object) {
        int slot = (int) (slotOf.remove(object) - 1);
        if (freeCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
        }
        freeSlots[freeCount++] = slot;
        return slot;
    }

    private static long size(TraceCursor c) {
        if (c.op() == io.heapscope.trace.Op.PVALLOC) {
            return (c.size() + PAGE - 1) / PAGE * PAGE;
        }
        return c.size();
    }

    /** The alignment asked for, as a power of two the agent takes (0 for natural). */
    private static long alignment(TraceCursor c) {
        long a = switch (c.op()) {
            case VALLOC, PVALLOC -> PAGE;
            default -> c.alignment();
        };
        if (a <= 1) {
            return 0;
        }
        long p = Long.highestOneBit(a) == a ? a : Long.highestOneBit(a) << 1;
        return Math.min(p, MAX_ALIGN);
    }
}
