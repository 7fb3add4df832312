package io.heapscope.model;

import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * A system allocator's uniform per-size-class table (PROTOCOL.md, record CLASSES), the same shape
 * for glibc, mimalloc, jemalloc and tcmalloc.
 *
 * @param source              where the figures come from ({@code mi_heap_visit_blocks}, {@code malloc_info}, ...)
 * @param levels              the allocator's cache levels and the bytes held free at each in the whole process
 * @param unclassifiedBlocks  live blocks left out because the table was full
 * @param classes             sorted by {@link SizeClass#from()}, not overlapping
 */
public record ClassTable(String source, List<Level> levels, long unclassifiedBlocks, long unclassifiedBytes,
                         List<SizeClass> classes) {
    /** The snapshot has no table (core backend, or taken without statistics). */
    public static final ClassTable NONE = new ClassTable("", List.of(), 0, 0, List.of());

    /** A cache level and the bytes held free at it in total ({@link SizeClass#UNKNOWN} when not given). */
    public record Level(String name, long total) {
    }

    public ClassTable {
        levels = List.copyOf(levels);
        classes = List.copyOf(classes);
    }

    public boolean present() {
        return !source.isEmpty();
    }

    /** The class holding blocks of {@code usable} bytes. */
    public Optional<SizeClass> classOf(long usable) {
        return classes.stream().filter(c -> c.holds(usable)).findFirst();
    }

    /** The sum of a figure over the classes, empty when no class knows it. */
    public Optional<Long> total(ToLongFunction<SizeClass> figure) {
        long sum = 0;
        boolean known = false;
        for (SizeClass c : classes) {
            long v = figure.applyAsLong(c);
            if (v != SizeClass.UNKNOWN) {
                sum += v;
                known = true;
            }
        }
        return known ? Optional.of(sum) : Optional.empty();
    }

    public long liveBlocks() {
        return classes.stream().mapToLong(SizeClass::liveBlocks).sum() + unclassifiedBlocks;
    }
}
