package io.heapscope.trace;

import io.heapscope.scenario.op.HandleKey;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.Origin;
import io.heapscope.scenario.source.SourceSpan;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * The ops a trace replays, column by column in primitive arrays (about 22 bytes per op, no object
 * per op), read back as {@link Op} records built on each {@link #get}. Step {@code k} is the trace's
 * {@code k}-th replayed event (from 0); its origin is line {@code k + 2}, the event's line in the
 * trace's listing ({@link TraceListing}: the threads on line 1, then one line per event), so
 * breakpoints and run-to-line count events. Ops kept as objects (the
 * options and marks before the first event, the expects after the last) come first and last.
 */
final class TraceOps extends AbstractList<Op> implements RandomAccess {

    static final byte ALLOC = 0, REALLOC = 1, FREE = 2, START = 3, START_IMPLICIT = 4, EXIT = 5, SLEEP = 6;
    static final String HANDLE = "block";

    private final String file;
    private final List<String> threadNames;
    private final List<Op> before = new ArrayList<>();
    private final List<Op> after = new ArrayList<>();
    private byte[] kind = new byte[4096];
    private byte[] thread = new byte[4096];
    /** Allocation: log2(alignment) + 1, 0 for natural; bit 7: zeroed. */
    private byte[] shape = new byte[4096];
    private int[] step = new int[4096];
    private int[] key = new int[4096];
    private int[] aux = new int[4096];
    private long[] size = new long[4096];
    private int count;
    /** The origin built last (a record, so safe to share across the engine's threads). */
    private Origin originOfStep;

    TraceOps(String file, List<String> threadNames) {
        this.file = file;
        this.threadNames = threadNames;
    }

    void option(Op setOption) {
        before.add(setOption);
    }

    void expect(Op expect) {
        after.add(expect);
    }

    void add(byte opKind, int opStep, int opThread, int opKey, int opAux, long opSize, long align, boolean zero) {
        if (count == kind.length) {
            int n = count * 2;
            kind = Arrays.copyOf(kind, n); thread = Arrays.copyOf(thread, n); shape = Arrays.copyOf(shape, n);
            step = Arrays.copyOf(step, n); key = Arrays.copyOf(key, n); aux = Arrays.copyOf(aux, n);
            size = Arrays.copyOf(size, n);
        }
        int i = count++;
        kind[i] = opKind;
        thread[i] = (byte) opThread;
        shape[i] = (byte) ((align == 0 ? 0 : Long.numberOfTrailingZeros(align) + 1) | (zero ? 0x80 : 0));
        step[i] = opStep;
        key[i] = opKey;
        aux[i] = opAux;
        size[i] = opSize;
    }

    /** The step after the last event op. */
    int eventSteps() {
        return count == 0 ? 0 : step[count - 1] + 1;
    }

    /** Drops the spare capacity. */
    void trim() {
        kind = Arrays.copyOf(kind, count); thread = Arrays.copyOf(thread, count); shape = Arrays.copyOf(shape, count);
        step = Arrays.copyOf(step, count); key = Arrays.copyOf(key, count); aux = Arrays.copyOf(aux, count);
        size = Arrays.copyOf(size, count);
    }

    /** The origin of every op of step {@code s}: line {@code s + 2}, the event's line in the listing. */
    Origin origin(int s) {
        Origin last = originOfStep;
        if (last != null && last.statement() == s) {
            return last;   // the engine reads a step's ops one after another
        }
        SourceSpan span = new SourceSpan(file, s + 2, 1, s + 2, 2);
        Origin o = new Origin(s, span, s, span);
        originOfStep = o;
        return o;
    }

    @Override
    public int size() {
        return before.size() + count + after.size();
    }

    @Override
    public Op get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException(index);
        }
        if (index < before.size()) {
            return before.get(index);
        }
        int i = index - before.size();
        if (i >= count) {
            return after.get(i - count);
        }
        Origin o = origin(step[i]);
        String t = threadNames.get(thread[i]);
        return switch (kind[i]) {
            case ALLOC -> new Op.Alloc(o, step[i], t, key(key[i]), size[i],
                    (shape[i] & 0x7F) == 0 ? Op.Alloc.NATURAL : 1L << ((shape[i] & 0x7F) - 1),
                    (shape[i] & 0x80) != 0, Optional.empty());
            case REALLOC -> new Op.Realloc(o, step[i], t, key(key[i]), key(aux[i]), size[i]);
            case FREE -> new Op.Free(o, step[i], t, key(key[i]));
            case START, START_IMPLICIT -> new Op.ThreadStart(o, step[i], t, kind[i] == START_IMPLICIT);
            case EXIT -> new Op.ThreadExit(o, step[i], t);
            default -> new Op.Sleep(o, step[i], size[i]);
        };
    }

    private static HandleKey key(int slot) {
        return new HandleKey(HANDLE, slot);
    }
}
