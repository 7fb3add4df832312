package io.heapscope.model;

import java.util.List;

/**
 * One size class of a system allocator's structure (PROTOCOL.md, record CLASSES): the blocks whose
 * usable size lies in {@code [from, to]}. Every figure the allocator does not give is
 * {@link #UNKNOWN}, never 0.
 *
 * @param liveBlocks   the scenario's live blocks in this class (by the usable size the allocator gives each)
 * @param liveBytes    their usable bytes
 * @param pages        pages, slabs or spans holding the class
 * @param partialPages those of them partly full
 * @param heldFree     bytes free but held by the allocator for this class, all levels together
 * @param levels       the same by cache level, in the order of {@link ClassTable#levels()}
 */
public record SizeClass(long from, long to, long liveBlocks, long liveBytes, long pages, long partialPages,
                        long heldFree, List<Long> levels) {
    /** A figure the allocator does not give. */
    public static final long UNKNOWN = -1;

    public SizeClass {
        levels = List.copyOf(levels);
    }

    /** Whether the class holds one block size only. */
    public boolean exact() {
        return from == to;
    }

    /** Whether {@code usable} bytes fall in this class. */
    public boolean holds(long usable) {
        return from <= usable && usable <= to;
    }

    /** Text for a figure: the number, or "unknown". */
    public static String show(long figure) {
        return figure == UNKNOWN ? "unknown" : Long.toString(figure);
    }
}
