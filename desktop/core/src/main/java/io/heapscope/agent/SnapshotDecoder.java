package io.heapscope.agent;

import io.heapscope.model.AllocatorText;
import io.heapscope.model.Arena;
import io.heapscope.model.Bin;
import io.heapscope.model.Bits;
import io.heapscope.model.BlockMap;
import io.heapscope.model.BlockState;
import io.heapscope.model.ClassTable;
import io.heapscope.model.Heap;
import io.heapscope.model.Page;
import io.heapscope.model.ProcessMemory;
import io.heapscope.model.Removed;
import io.heapscope.model.Segment;
import io.heapscope.model.SizeClass;
import io.heapscope.model.Snapshot;
import io.heapscope.model.SnapshotDelta;
import io.heapscope.model.SnapshotUpdate;
import io.heapscope.model.Span;
import io.heapscope.model.Stats;
import io.heapscope.model.SystemPage;
import io.heapscope.model.SystemStructure;
import io.heapscope.model.ThreadInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Decodes a SNAPSHOT reply (PROTOCOL.md §4, "SNAPSHOT") into a snapshot or a delta. */
final class SnapshotDecoder {
    private final FrameReader r;
    private ProcessMemory process;
    private Stats stats;
    private final List<Bin> bins = new ArrayList<>();
    private final List<Arena> arenas = new ArrayList<>();
    private final List<Segment> segments = new ArrayList<>();
    private final List<Page> pages = new ArrayList<>();
    private final List<Heap> heaps = new ArrayList<>();
    private final List<ThreadInfo> threads = new ArrayList<>();
    private final List<Removed> removed = new ArrayList<>();
    private AllocatorText text = AllocatorText.NONE;
    private ClassTable classes = ClassTable.NONE;
    private final List<SystemPage> systemPages = new ArrayList<>();

    private SnapshotDecoder(byte[] frame) {
        this.r = new FrameReader(frame, "SNAPSHOT");
    }

    static SnapshotUpdate decode(byte[] frame) {
        return new SnapshotDecoder(frame).run();
    }

    private String design = "";   // DESIGN record: full core snapshots only

    private SnapshotUpdate run() {
        int kind = r.u8();
        int flags = r.u8();
        r.u16();
        long serial = r.u64();
        long base = r.u64();
        long opSerial = r.u64();
        long clock = r.u64();
        if (kind > 1) throw r.error("unknown snapshot kind " + kind);
        while (true) {
            int tag = r.u8();
            int length = (int) Math.min(r.u32(), Integer.MAX_VALUE);
            if (tag == Protocol.REC_END) break;
            int outer = r.pushLimit(length);
            record(tag);
            r.popLimit(outer);
        }
        if (process == null) throw r.error("no PROCESS record");
        boolean blocks = (flags & Protocol.SNAP_BLOCKS) != 0;
        if (kind == Protocol.SNAP_FULL) {
            return new Snapshot(serial, opSerial, clock, blocks, process, stats == null ? Stats.NONE : stats,
                    bins, arenas, segments, pages, heaps, threads, text, design, new SystemStructure(classes, systemPages));
        }
        return new SnapshotDelta(serial, base, opSerial, clock, blocks, process, Optional.ofNullable(stats), bins,
                arenas.isEmpty() ? Optional.empty() : Optional.of(arenas), segments, pages, heaps, threads, removed);
    }

    private void record(int tag) {
        switch (tag) {
            case Protocol.REC_PROCESS -> process = new ProcessMemory(r.u64(), r.u64(), r.u64(), r.u64());
            case Protocol.REC_STATS -> stats = stats();
            case Protocol.REC_BINS -> {
                int n = r.u16();
                for (int i = 0; i < n; i++) bins.add(new Bin(i, r.u64(), r.u64()));
            }
            case Protocol.REC_ARENA -> arenas.add(arena());
            case Protocol.REC_SEGMENT -> segments.add(segment());
            case Protocol.REC_PAGE -> pages.add(page());
            case Protocol.REC_HEAP -> heaps.add(heap());
            case Protocol.REC_THREAD -> threads.add(thread());
            case Protocol.REC_REMOVED -> {
                int what = r.u8();
                if (what < 1 || what > 3) throw r.error("unknown REMOVED kind " + what);
                removed.add(new Removed(Removed.What.values()[what - 1], r.u64()));
            }
            case Protocol.REC_DESIGN -> design = r.str();
            case Protocol.REC_TEXT -> {
                String allocator = r.str();
                int n = r.count(1);
                text = new AllocatorText(allocator, r.bytes(n));
            }
            case Protocol.REC_CLASSES -> classes = classes();
            case Protocol.REC_SYSPAGE -> systemPages.add(new SystemPage(r.u64(), r.u64(), r.u64(), r.u64(), r.u64(),
                    r.u64(), r.u16()));
            default -> { }   // a newer record: skipped by its length
        }
    }

    private ClassTable classes() {
        String source = r.str();
        int levelCount = r.u8();
        List<ClassTable.Level> levels = new ArrayList<>(levelCount);
        for (int i = 0; i < levelCount; i++) levels.add(new ClassTable.Level(r.str(), r.u64()));
        long unclassifiedBlocks = r.u64(), unclassifiedBytes = r.u64();
        int n = r.count(56 + 8 * levelCount);
        List<SizeClass> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long from = r.u64(), to = r.u64(), liveBlocks = r.u64(), liveBytes = r.u64(), pagesIn = r.u64(),
                    partial = r.u64(), held = r.u64();
            if (Long.compareUnsigned(to, from) < 0) throw r.error("size class " + i + " ends before it starts");
            List<Long> byLevel = new ArrayList<>(levelCount);
            for (int l = 0; l < levelCount; l++) byLevel.add(r.u64());
            rows.add(new SizeClass(from, to, liveBlocks, liveBytes, pagesIn, partial, held, byLevel));
        }
        return new ClassTable(source, levels, unclassifiedBlocks, unclassifiedBytes, rows);
    }

    private Stats stats() {
        int n = r.u16();
        List<Stats.Stat> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) values.add(new Stats.Stat(r.str(), r.u64(), r.u64()));
        return new Stats(values);
    }

    private Bits bits(int words) {
        long[] w = new long[words];
        for (int i = 0; i < words; i++) w[i] = r.u64();
        return new Bits(w);
    }

    private Arena arena() {
        int id = r.i32();
        long start = r.u64(), size = r.u64(), blockSize = r.u64(), blockCount = r.u64(), expire = r.u64();
        int fields = r.count(40);
        return new Arena(id, start, size, blockSize, blockCount, expire,
                bits(fields), bits(fields), bits(fields), bits(fields), bits(fields));
    }

    private Segment segment() {
        long address = r.u64(), size = r.u64();
        boolean huge = r.bool(), abandoned = r.bool();
        int thread = r.u16();
        int arenaId = r.i32();
        long serial = r.u64(), threadId = r.u64();
        int sliceCount = r.i32(), infoSlices = r.i32(), usedPages = r.i32(), abandonedPages = r.i32();
        Bits commit = bits(8), purge = bits(8);
        long purgeExpire = r.u64(), abandonedAt = r.u64(), abandonedBy = r.u64(), reclaimedBy = r.u64(),
                reclaimCount = r.u64();
        int n = r.count(9);
        List<Span> spans = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = r.i32(), count = r.i32(), state = r.u8();
            if (state > 2) throw r.error("unknown span state " + state);
            spans.add(new Span(index, count, Span.State.values()[state]));
        }
        return new Segment(address, size, huge, abandoned, thread, arenaId, serial, threadId, sliceCount, infoSlices,
                usedPages, abandonedPages, commit, purge, purgeExpire, abandonedAt, abandonedBy, reclaimedBy,
                reclaimCount, spans);
    }

    private Page page() {
        long segment = r.u64(), start = r.u64();
        int sliceIndex = r.i32(), sliceCount = r.i32();
        int kind = r.u8(), delayed = r.u8(), flags = r.u8(), bin = r.u8();
        if (kind > 3) throw r.error("unknown page kind " + kind);
        if (delayed > 3) throw r.error("unknown delayed state " + delayed);
        long blockSize = r.u64();
        int capacity = r.i32(), reserved = r.i32(), used = r.i32(), free = r.i32(), localFree = r.i32(),
                threadFree = r.i32(), delayedCount = r.i32(), retireExpire = r.i32();
        long heap = r.u64(), threadId = r.u64();
        int thread = r.u16();
        BlockMap blocks = BlockMap.NONE;
        if (r.bool()) {
            int n = r.count(5);
            List<BlockMap.Run> runs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int state = r.u8();
                if (state > 5) throw r.error("unknown block state " + state);
                runs.add(new BlockMap.Run(BlockState.ofCode(state), r.i32()));
            }
            blocks = new BlockMap(runs);
        }
        return new Page(segment, start, sliceIndex, sliceCount, Page.PageKind.values()[kind],
                Page.DelayedState.values()[delayed], (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0,
                (flags & 8) != 0, (flags & 16) != 0, bin, blockSize, capacity, reserved, used, free, localFree,
                threadFree, delayedCount, retireExpire, heap, threadId, thread, blocks);
    }

    private Heap heap() {
        long address = r.u64(), threadId = r.u64();
        int thread = r.u16();
        int id = r.i32();
        int flags = r.u8();
        return new Heap(address, threadId, thread, id, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0,
                r.u64(), r.u64());
    }

    private ThreadInfo thread() {
        int index = r.u16();
        int state = r.u8();
        r.u8();
        if (state > 2) throw r.error("unknown thread state " + state);
        int tid = r.i32();
        long coreId = r.u64(), defaultHeap = r.u64(), backingHeap = r.u64(), ops = r.u64();
        int owned = r.i32();
        return new ThreadInfo(index, ThreadInfo.State.values()[state], tid, coreId, defaultHeap, backingHeap, ops,
                owned, r.u64(), r.u64());
    }
}
