package io.heapscope.trace;

/**
 * Live addresses to object ids: open addressing with linear probing on one long array holding
 * each key beside its value (one cache line per lookup), sized by the live objects only and kept
 * at most half full; deletion shifts the rest of a run back instead of re-inserting it. Address 0
 * is never stored.
 */
final class ObjectIds {
    private long[] table = new long[2 * 1024];   // [2i] = address, [2i + 1] = id
    private int shift = 64 - 10;                  // 64 - log2(slots)
    private int size;
    private long nextId = 1;

    /** A new object at addr (replacing any object still recorded there). */
    long allocate(long addr) {
        long id = nextId++;
        put(addr, id);
        return id;
    }

    void put(long addr, long id) {
        if ((size + 1) * 4 > table.length) grow();
        int i = find(addr);
        if (table[i] == 0) size++;
        table[i] = addr;
        table[i + 1] = id;
    }

    /** Removes the object at addr; its id, or 0 if none is recorded there. */
    long remove(long addr) {
        int i = find(addr);
        if (table[i] == 0) return 0;
        long id = table[i + 1];
        size--;
        int mask = table.length - 1;
        int hole = i;
        for (int j = (i + 2) & mask; table[j] != 0; j = (j + 2) & mask) {
            int home = home(table[j]);
            // the entry at j may move back into the hole when its home is not in (hole, j]
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                table[hole] = table[j];
                table[hole + 1] = table[j + 1];
                hole = j;
            }
        }
        table[hole] = 0;
        table[hole + 1] = 0;
        return id;
    }

    int live() { return size; }

    /** The slot (even index) an address hashes to: the top bits of a Fibonacci product. */
    private int home(long addr) {
        return (int) ((addr * 0x9E3779B97F4A7C15L) >>> shift) << 1;
    }

    private int find(long addr) {
        int mask = table.length - 1;
        int i = home(addr);
        while (table[i] != 0 && table[i] != addr) i = (i + 2) & mask;
        return i;
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        shift--;
        size = 0;
        for (int i = 0; i < old.length; i += 2) if (old[i] != 0) put(old[i], old[i + 1]);
    }
}
