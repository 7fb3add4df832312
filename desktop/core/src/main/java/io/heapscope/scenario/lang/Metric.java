package io.heapscope.scenario.lang;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The figures an {@code expect} line can read: the closed set of metric names. Each has a
 * dimension (so {@code committed} compares with sizes), an argument kind, and whether the argument
 * is required. The engine computes them from the agent's snapshot at that point of the run.
 */
public enum Metric {
    RESERVED("reserved", Dimension.BYTES, MetricArgument.NONE, false,
            "bytes of address space reserved from the OS (arenas and directly mapped segments)"),
    COMMITTED("committed", Dimension.BYTES, MetricArgument.NONE, false,
            "bytes of reserved memory currently committed, i.e. backed or backable by RAM"),
    RSS("rss", Dimension.BYTES, MetricArgument.NONE, false,
            "resident set size of the agent process, as the OS reports it"),
    PURGED("purged", Dimension.BYTES, MetricArgument.NONE, false,
            "bytes purged (decommitted or reset) since the run started"),
    IN_USE("in_use", Dimension.BYTES, MetricArgument.THREAD, false,
            "bytes in live blocks (allocated and not freed), at block size; "
                    + "with a thread, only blocks on pages that thread owns"),
    PENDING("pending", Dimension.BYTES, MetricArgument.THREAD, false,
            "bytes freed by another thread that the owning thread has not collected yet "
                    + "(thread-free and delayed-free lists); with a thread, only on its pages"),
    HELD_FREE("held_free", Dimension.BYTES, MetricArgument.NONE, false,
            "bytes in free blocks the allocator holds for reuse (carved in its pages, or in its caches "
                    + "and bins); on a system allocator, what its own introspection reports"),
    BLOCKS("blocks", Dimension.COUNT, MetricArgument.BLOCK_STATE, true,
            "blocks in the given state, over all pages"),
    PAGES("pages", Dimension.COUNT, MetricArgument.PAGE_FILTER, false,
            "pages in use; with a filter, only pages of that kind or state"),
    PARTIAL_PAGES("partial_pages", Dimension.COUNT, MetricArgument.NONE, false,
            "pages (jemalloc: slabs) that are neither empty nor full"),
    SEGMENTS("segments", Dimension.COUNT, MetricArgument.THREAD, false,
            "segments, abandoned ones included; with a thread, those it owns"),
    ABANDONED_SEGMENTS("abandoned_segments", Dimension.COUNT, MetricArgument.NONE, false,
            "segments whose owning thread exited and that no thread has reclaimed yet"),
    RECLAIMED_SEGMENTS("reclaimed_segments", Dimension.COUNT, MetricArgument.NONE, false,
            "times a thread reclaimed an abandoned segment since the run started"),
    DOUBLE_FREES("double_frees", Dimension.COUNT, MetricArgument.NONE, false,
            "double frees the core detected and ignored (secure mode 4) since the run started"),
    ARENAS("arenas", Dimension.COUNT, MetricArgument.NONE, false,
            "arenas reserved"),
    HEAPS("heaps", Dimension.COUNT, MetricArgument.THREAD, false,
            "live heaps, backing heaps included; with a thread, those it owns"),
    THREADS("threads", Dimension.COUNT, MetricArgument.NONE, false,
            "scenario threads started and not exited"),
    CLOCK("clock", Dimension.TIME, MetricArgument.NONE, false,
            "the virtual clock: total time slept since the run started");

    private final String word;
    private final Dimension dimension;
    private final MetricArgument argument;
    private final boolean argumentRequired;
    private final String meaning;

    Metric(String word, Dimension dimension, MetricArgument argument, boolean argumentRequired,
           String meaning) {
        this.word = word;
        this.dimension = dimension;
        this.argument = argument;
        this.argumentRequired = argumentRequired;
        this.meaning = meaning;
    }

    /** The name written in a scenario. */
    public String word() {
        return word;
    }

    public Dimension dimension() {
        return dimension;
    }

    public MetricArgument argument() {
        return argument;
    }

    public boolean argumentRequired() {
        return argumentRequired;
    }

    /** What the figure counts, for documentation and tooltips (the doc's table says the same). */
    public String meaning() {
        return meaning;
    }

    public static Optional<Metric> byWord(String text) {
        return Arrays.stream(values()).filter(m -> m.word.equals(text)).findFirst();
    }

    public static List<String> words() {
        return Arrays.stream(values()).map(Metric::word).toList();
    }
}
