package io.heapscope.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What changed since snapshot {@code base}. Apply it with {@link Snapshot#apply(SnapshotUpdate)}.
 *
 * @param arenas  the whole arena list when any arena changed, else empty
 * @param stats   present when the delta was asked for statistics
 */
public record SnapshotDelta(long serial, long base, long opSerial, long clockMs, boolean withBlocks,
                            ProcessMemory process, Optional<Stats> stats, List<Bin> bins,
                            Optional<List<Arena>> arenas, List<Segment> segments, List<Page> pages,
                            List<Heap> heaps, List<ThreadInfo> threads, List<Removed> removed)
        implements SnapshotUpdate {
    public SnapshotDelta {
        Objects.requireNonNull(process);
        Objects.requireNonNull(stats);
        bins = List.copyOf(bins);
        arenas = arenas.map(List::copyOf);
        segments = List.copyOf(segments);
        pages = List.copyOf(pages);
        heaps = List.copyOf(heaps);
        threads = List.copyOf(threads);
        removed = List.copyOf(removed);
    }

    /** Records in the delta (a measure of how much changed). */
    public int size() {
        return segments.size() + pages.size() + heaps.size() + removed.size() + arenas.map(List::size).orElse(0);
    }
}
