package io.heapscope.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A whole picture of one agent at one moment. Lists are sorted: arenas by id, segments and pages
 * by address (unsigned), heaps by address, threads by index, so two snapshots of the same state
 * are {@code equals}.
 *
 * @param backend    {@code core} or {@code system}
 * @param withBlocks whether pages carry their per-block states
 * @param stats      {@link Stats#NONE} when the snapshot was taken without statistics
 * @param text       the allocator's own report when asked for (system backend), else {@link AllocatorText#NONE}
 * @param design     the core's design, {@code v2} (segments) or {@code v3} (pages straight from
 *                   arenas: no segments, each page's {@code segment} is the start of the arena it
 *                   was carved from and its {@code sliceIndex} counts from there); {@code ""} for
 *                   the system backend
 * @param system     a system allocator's own structure (with statistics), else {@link SystemStructure#NONE}
 */
public record Snapshot(long serial, long opSerial, long clockMs, boolean withBlocks, ProcessMemory process,
                       Stats stats, List<Bin> bins, List<Arena> arenas, List<Segment> segments,
                       List<Page> pages, List<Heap> heaps, List<ThreadInfo> threads,
                       AllocatorText text, String design, SystemStructure system) implements SnapshotUpdate {

    private static final Comparator<Long> UNSIGNED = Long::compareUnsigned;

    public Snapshot {
        Objects.requireNonNull(process);
        Objects.requireNonNull(stats);
        Objects.requireNonNull(text);
        Objects.requireNonNull(design);
        Objects.requireNonNull(system);
        bins = List.copyOf(bins);
        arenas = arenas.stream().sorted(Comparator.comparingInt(Arena::id)).toList();
        segments = segments.stream().sorted(Comparator.comparing(Segment::address, UNSIGNED)).toList();
        pages = pages.stream().sorted(Comparator.comparing(Page::pageStart, UNSIGNED)).toList();
        heaps = heaps.stream().sorted(Comparator.comparing(Heap::address, UNSIGNED)).toList();
        threads = threads.stream().sorted(Comparator.comparingInt(ThreadInfo::index)).toList();
    }

    /** A snapshot without a system allocator's structure (the core backend's). */
    public Snapshot(long serial, long opSerial, long clockMs, boolean withBlocks, ProcessMemory process,
                    Stats stats, List<Bin> bins, List<Arena> arenas, List<Segment> segments,
                    List<Page> pages, List<Heap> heaps, List<ThreadInfo> threads, AllocatorText text, String design) {
        this(serial, opSerial, clockMs, withBlocks, process, stats, bins, arenas, segments, pages, heaps, threads, text,
                design, SystemStructure.NONE);
    }

    /** The next snapshot: {@code update} itself when whole, else this one with the delta applied. */
    public Snapshot apply(SnapshotUpdate update) {
        return switch (update) {
            case Snapshot full -> full;
            case SnapshotDelta delta -> applyDelta(delta);
        };
    }

    private Snapshot applyDelta(SnapshotDelta d) {
        if (d.base() != serial) {
            throw new IllegalArgumentException("delta " + d.serial() + " applies to snapshot " + d.base()
                    + ", not to " + serial);
        }
        Map<Long, Segment> segs = byKey(segments, Segment::address);
        Map<Long, Page> pgs = byKey(pages, Page::pageStart);
        Map<Long, Heap> hps = byKey(heaps, Heap::address);
        Map<Integer, ThreadInfo> thr = new LinkedHashMap<>();
        threads.forEach(t -> thr.put(t.index(), t));

        for (Removed r : d.removed()) {
            switch (r.what()) {
                case SEGMENT -> {
                    segs.remove(r.key());
                    pgs.values().removeIf(p -> p.segment() == r.key());
                }
                case PAGE -> pgs.remove(r.key());
                case HEAP -> hps.remove(r.key());
            }
        }
        d.segments().forEach(s -> segs.put(s.address(), s));
        d.pages().forEach(p -> pgs.put(p.pageStart(), p));
        d.heaps().forEach(h -> hps.put(h.address(), h));
        d.threads().forEach(t -> thr.put(t.index(), t));
        return new Snapshot(d.serial(), d.opSerial(), d.clockMs(), d.withBlocks(), d.process(),
                d.stats().orElse(Stats.NONE), d.stats().isPresent() ? d.bins() : List.of(),
                d.arenas().orElse(arenas), List.copyOf(segs.values()), List.copyOf(pgs.values()),
                List.copyOf(hps.values()), List.copyOf(thr.values()), AllocatorText.NONE, design);
    }

    private static <T> Map<Long, T> byKey(List<T> items, java.util.function.Function<T, Long> key) {
        Map<Long, T> map = new TreeMap<>(UNSIGNED);
        for (T item : items) map.put(key.apply(item), item);
        return map;
    }

    // ------------------------------------------------------------------ lookups for views

    public Optional<Page> page(long pageStart) {
        return pages.stream().filter(p -> p.pageStart() == pageStart).findFirst();
    }

    /** The page whose blocks include {@code address}. */
    public Optional<Page> pageContaining(long address) {
        for (Page p : pages) {
            long offset = address - p.pageStart();
            if (Long.compareUnsigned(offset, (long) p.reserved() * p.blockSize()) < 0) return Optional.of(p);
        }
        return Optional.empty();
    }

    public Optional<Segment> segment(long address) {
        return segments.stream().filter(s -> s.address() == address).findFirst();
    }

    public List<Page> pagesOf(Segment segment) {
        List<Page> out = new ArrayList<>();
        for (Page p : pages) if (p.segment() == segment.address()) out.add(p);
        return out;
    }

    public List<Page> pagesOfThread(int thread) {
        return pages.stream().filter(p -> p.thread() == thread).toList();
    }

    public List<Segment> abandonedSegments() {
        return segments.stream().filter(Segment::abandoned).toList();
    }

    public Optional<Heap> heap(long address) {
        return heaps.stream().filter(h -> h.address() == address).findFirst();
    }

    public Optional<ThreadInfo> thread(int index) {
        return threads.stream().filter(t -> t.index() == index).findFirst();
    }

    /** Addresses of every page, to compare two snapshots' structure in tests and views. */
    public Set<Long> pageStarts() {
        Set<Long> out = new HashSet<>();
        pages.forEach(p -> out.add(p.pageStart()));
        return out;
    }
}
