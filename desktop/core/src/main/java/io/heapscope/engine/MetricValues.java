package io.heapscope.engine;

import io.heapscope.model.ClassTable;
import io.heapscope.model.Page;
import io.heapscope.model.SizeClass;
import io.heapscope.model.Segment;
import io.heapscope.model.Snapshot;
import io.heapscope.model.ThreadInfo;
import io.heapscope.scenario.lang.BlockState;
import io.heapscope.scenario.lang.Metric;
import io.heapscope.scenario.lang.PageFilter;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The figures an {@code expect} can read, computed from one snapshot (structure and statistics;
 * block states are not needed: a page's counters say how many blocks sit on each list).
 *
 * <p>Live and pending blocks are {@link Page#liveBlocks()} and {@link Page#pendingBlocks()}: the core
 * counts a block as used until its owner collects it, also when another thread has already freed it. On the system
 * backend {@code rss}, {@code threads} and {@code clock} exist, and {@code in_use}, {@code held_free}, {@code pages}
 * and {@code partial_pages} come from the allocator's per-size-class table where it gives them
 * ({@link ClassTable}); the rest are {@link Unavailable}.
 *
 * <p>{@code held_free} on the core is, per page, its carved blocks not in use ({@code capacity - used}) at block
 * size, the figure mimalloc's visitor gives ({@code committed - used * block size}); {@code partial_pages} counts
 * pages with {@code 0 < used < reserved}.
 */
public final class MetricValues {

    /** The metric cannot be measured on this backend. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    private final Snapshot snapshot;
    private final long clockNanos;
    private final List<String> threads;
    private final boolean core;

    public MetricValues(Snapshot snapshot, long clockNanos, List<String> threads, boolean core) {
        this.snapshot = snapshot;
        this.clockNanos = clockNanos;
        this.threads = List.copyOf(threads);
        this.core = core;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public long clockNanos() {
        return clockNanos;
    }

    public double read(Metric metric, Optional<String> argument) {
        return switch (metric) {
            case RSS -> snapshot.process().rss();
            case CLOCK -> clockNanos;
            case THREADS -> snapshot.threads().stream().filter(t -> t.state() != ThreadInfo.State.EXITED).count();
            case RESERVED -> stat("reserved");
            case COMMITTED -> stat("committed");
            case PURGED -> stat("purged");
            case RECLAIMED_SEGMENTS -> v2Only(metric, stat("reclaimed"));
            case DOUBLE_FREES -> stat("double_frees");
            case IN_USE -> !core && argument.isEmpty() ? liveFromClasses() : bytes(metric, argument, Page::liveBytes);
            case HELD_FREE -> core ? bytes(metric, argument, p -> (long) (p.capacity() - p.used()) * p.blockSize())
                    : fromClasses(metric, SizeClass::heldFree);
            case PARTIAL_PAGES -> core ? snapshot.pages().stream().filter(MetricValues::partial).count()
                    : fromClasses(metric, SizeClass::partialPages);
            case PENDING -> bytes(metric, argument, Page::pendingBytes);
            case BLOCKS -> blocks(BlockState.byWord(argument.orElseThrow()).orElseThrow());
            case PAGES -> !core && argument.isEmpty()
                    ? fromClasses(metric, SizeClass::pages) : pages(argument.map(a -> PageFilter.byWord(a).orElseThrow()));
            case SEGMENTS -> v2Only(metric, segments(argument));
            case ABANDONED_SEGMENTS -> v2Only(metric,
                    coreOnly(metric).segments().stream().filter(Segment::abandoned).count());
            case ARENAS -> coreOnly(metric).arenas().size();
            case HEAPS -> coreOnly(metric).heaps().stream()
                    .filter(h -> argument.isEmpty() || h.thread() == threadIndex(argument.get())).count();
        };
    }

    /* Segments exist in the core's v2 design only: v3 carves pages straight from arenas. */
    private double v2Only(Metric metric, double value) {
        if (snapshot.design().equals("v3")) {
            throw new Unavailable(metric.word() + " exists in the v2 design only; this run is on v3, "
                    + "which has no segments (count pages instead)");
        }
        return value;
    }

    private static boolean partial(Page p) {
        return p.used() > 0 && p.used() < p.reserved();
    }

    private double liveFromClasses() {
        ClassTable table = snapshot.system().classes();
        if (!table.present()) {
            throw new Unavailable("in_use: the snapshot has no size-class table (taken without statistics?)");
        }
        return table.classes().stream().mapToLong(SizeClass::liveBytes).sum() + table.unclassifiedBytes();
    }

    /** A system allocator's figure summed over its size classes; unavailable when no class gives it. */
    private double fromClasses(Metric metric, java.util.function.ToLongFunction<SizeClass> figure) {
        ClassTable table = snapshot.system().classes();
        if (!table.present()) {
            throw new Unavailable(metric.word() + ": the snapshot has no size-class table (taken without statistics?)");
        }
        return table.total(figure).orElseThrow(() -> new Unavailable(
                metric.word() + " is not reported by this allocator (" + table.source() + ")"));
    }

    private double stat(String name) {
        if (!core) {
            throw new Unavailable(name + " is measured by the Heapscope core only");
        }
        return snapshot.stats().find(name).orElseThrow(() -> new Unavailable(
                "the snapshot has no '" + name + "' statistic (taken without statistics?)")).current();
    }

    private double bytes(Metric metric, Optional<String> thread, ToLongFunction<Page> bytes) {
        long total = 0;
        for (Page p : ofThread(metric, thread)) {
            total += bytes.applyAsLong(p);
        }
        return total;
    }

    private double blocks(BlockState state) {
        long total = 0;
        for (Page p : coreOnly(Metric.BLOCKS).pages()) {
            total += switch (state) {
                case LIVE -> p.liveBlocks();
                case FREE -> p.freeCount();
                case LOCAL_FREE -> p.localFreeCount();
                case THREAD_FREE -> p.threadFreeCount();
                case DELAYED -> p.delayedCount();
            };
        }
        return total;
    }

    private double pages(Optional<PageFilter> filter) {
        return coreOnly(Metric.PAGES).pages().stream().filter(p -> filter.map(f -> switch (f) {
            case SMALL -> p.kind() == Page.PageKind.SMALL;
            case MEDIUM -> p.kind() == Page.PageKind.MEDIUM;
            case LARGE -> p.kind() == Page.PageKind.LARGE;
            case HUGE -> p.kind() == Page.PageKind.HUGE;
            case FULL -> p.inFull();
            case RETIRED -> p.retired();
            case ABANDONED -> p.abandoned();
            case ENCODED -> p.encoded();
        }).orElse(true)).count();
    }

    private double segments(Optional<String> thread) {
        return coreOnly(Metric.SEGMENTS).segments().stream()
                .filter(s -> thread.isEmpty() || s.thread() == threadIndex(thread.get())).count();
    }

    private List<Page> ofThread(Metric metric, Optional<String> thread) {
        List<Page> pages = coreOnly(metric).pages();
        if (thread.isEmpty()) {
            return pages;
        }
        int index = threadIndex(thread.get());
        return pages.stream().filter(p -> p.thread() == index).toList();
    }

    private Snapshot coreOnly(Metric metric) {
        if (!core) {
            throw new Unavailable(metric.word() + " is measured by the Heapscope core only");
        }
        return snapshot;
    }

    private int threadIndex(String name) {
        int i = threads.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no thread " + name);
        }
        return i;
    }
}
