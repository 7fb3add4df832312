package io.heapscope.trace;

import java.util.Arrays;

/** Live addresses to object ids: open addressing on two long arrays, sized by the live objects
 *  only. Address 0 is never stored. */
final class ObjectIds {
    private long[] keys = new long[1024];
    private long[] ids = new long[1024];
    private int size;
    private long nextId = 1;

    /** A new object at addr (replacing any object still recorded there). */
    long allocate(long addr) {
        long id = nextId++;
        put(addr, id);
        return id;
    }

    void put(long addr, long id) {
        if ((size + 1) * 2 > keys.length) grow();
        int i = find(addr);
        if (keys[i] == 0) size++;
        keys[i] = addr;
        ids[i] = id;
    }

    /** Removes the object at addr; its id, or 0 if none is recorded there. */
    long remove(long addr) {
        int i = find(addr);
        if (keys[i] == 0) return 0;
        long id = ids[i];
        keys[i] = 0;
        size--;
        int mask = keys.length - 1;
        for (int j = (i + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {   // re-seat the rest of the run
            long k = keys[j], v = ids[j];
            keys[j] = 0;
            size--;
            put(k, v);
        }
        return id;
    }

    int live() { return size; }

    private int find(long addr) {
        int mask = keys.length - 1;
        int i = (int) ((addr * 0x9E3779B97F4A7C15L) >>> 40) & mask;
        while (keys[i] != 0 && keys[i] != addr) i = (i + 1) & mask;
        return i;
    }

    private void grow() {
        long[] ok = keys, ov = ids;
        keys = new long[ok.length * 2];
        ids = new long[ok.length * 2];
        size = 0;
        for (int i = 0; i < ok.length; i++) if (ok[i] != 0) put(ok[i], ov[i]);
        Arrays.fill(ok, 0);
    }
}
