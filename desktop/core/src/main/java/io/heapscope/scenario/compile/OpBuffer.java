package io.heapscope.scenario.compile;

import io.heapscope.scenario.op.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ops of a program, stored column by column in primitive arrays: about 30 bytes per op and
 * no object per op or per handle key, so a million ops cost little memory and nothing for the
 * garbage collector to trace. Allocation, realloc, free, touch and collect, the ops loops repeat,
 * are stored this way; the rest are kept as {@link Op} objects. {@link OpList} reads it back as
 * records.
 */
final class OpBuffer {

    static final byte ALLOC = 0;
    static final byte REALLOC = 1;
    static final byte FREE = 2;
    static final byte TOUCH = 3;
    static final byte COLLECT = 4;
    /** An op kept as an object in {@link #objects}; {@code aux} is its index there. */
    static final byte OBJECT = 5;

    /** Flag bit: zeroed allocation, forced collect. */
    static final byte FLAG = 1;

    byte[] kind = new byte[1024];
    byte[] flags = new byte[1024];
    /** Allocation alignment as log2 + 1; 0 for none. */
    byte[] alignShift = new byte[1024];
    int[] step = new int[1024];
    int[] statement = new int[1024];
    int[] thread = new int[1024];
    int[] key = new int[1024];
    /** Heap name of an allocation (-1 for none), target key of a realloc, or object index. */
    int[] aux = new int[1024];
    long[] size = new long[1024];
    /** The loop iteration each op runs in (see {@link Iterations}), -1 outside loops. */
    int[] iteration = new int[1024];
    /** The iteration the next op runs in; the unroller keeps it current. */
    int currentIteration = -1;
    int count;
    final List<Op> objects = new ArrayList<>();

    /** Handle keys: the name id (in the handle names) and index of each key id. */
    int[] keyName = new int[1024];
    int[] keyIndex = new int[1024];
    int keyCount;

    int newKey(int nameId, int index) {
        if (keyCount == keyName.length) {
            keyName = Arrays.copyOf(keyName, keyCount * 2);
            keyIndex = Arrays.copyOf(keyIndex, keyCount * 2);
        }
        keyName[keyCount] = nameId;
        keyIndex[keyCount] = index;
        return keyCount++;
    }

    void alloc(int statement, int step, int thread, int key, long size, long align,
               boolean zero, int heapName) {
        int i = add(ALLOC, statement, step, thread, key, heapName, size, zero);
        alignShift[i] = (byte) (align == Op.Alloc.NATURAL
                ? 0 : Long.numberOfTrailingZeros(align) + 1);
    }

    /** The alignment of the allocation at {@code i}. */
    long alignment(int i) {
        return alignShift[i] == 0 ? Op.Alloc.NATURAL : 1L << (alignShift[i] - 1);
    }

    void realloc(int statement, int step, int thread, int from, int to, long size) {
        add(REALLOC, statement, step, thread, from, to, size, false);
    }

    void free(int statement, int step, int thread, int key) {
        add(FREE, statement, step, thread, key, -1, 0, false);
    }

    void touch(int statement, int step, int thread, int key) {
        add(TOUCH, statement, step, thread, key, -1, 0, false);
    }

    void collect(int statement, int step, int thread, boolean force) {
        add(COLLECT, statement, step, thread, -1, -1, 0, force);
    }

    void object(Op op) {
        add(OBJECT, op.origin().statement(), op.step(), -1, -1, objects.size(), 0, false);
        objects.add(op);
    }

    private int add(byte opKind, int opStatement, int opStep, int opThread, int opKey, int opAux,
                    long opSize, boolean flag) {
        if (count == kind.length) {
            grow();
        }
        int i = count++;
        kind[i] = opKind;
        flags[i] = flag ? FLAG : 0;
        step[i] = opStep;
        statement[i] = opStatement;
        thread[i] = opThread;
        key[i] = opKey;
        aux[i] = opAux;
        size[i] = opSize;
        iteration[i] = currentIteration;
        return i;
    }

    /** Drops the spare capacity once the last op is in. */
    void trim() {
        resize(count);
    }

    private void grow() {
        resize(kind.length * 2);
    }

    private void resize(int capacity) {
        kind = Arrays.copyOf(kind, capacity);
        flags = Arrays.copyOf(flags, capacity);
        alignShift = Arrays.copyOf(alignShift, capacity);
        step = Arrays.copyOf(step, capacity);
        statement = Arrays.copyOf(statement, capacity);
        thread = Arrays.copyOf(thread, capacity);
        key = Arrays.copyOf(key, capacity);
        aux = Arrays.copyOf(aux, capacity);
        size = Arrays.copyOf(size, capacity);
        iteration = Arrays.copyOf(iteration, capacity);
    }
}
