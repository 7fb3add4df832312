package io.heapscope.compare;

import io.heapscope.model.BlockMap;
import io.heapscope.model.BlockState;
import io.heapscope.model.Page;
import io.heapscope.model.Segment;
import io.heapscope.model.Snapshot;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The structural difference between two snapshots (two steps of one run, or two saved files):
 * segments and pages added, removed and changed, how many blocks moved from one state to another
 * on pages present in both, and per size class the change in pages, used blocks and used bytes.
 *
 * <p>A segment is the same in both when its serial is (the core numbers segments in the order it
 * allocates them, the same in every run of a scenario); a page when its segment and first slice
 * are. Addresses differ between two agent processes, so they identify nothing here: they are
 * listed (as the later snapshot has them) but fields holding addresses or OS thread ids are not
 * compared; the owner's scenario thread index is.
 *
 * @param blocksCompared whether both snapshots carry block states, so block changes are known
 */
public record SnapshotDiff(List<Long> segmentsAdded, List<Long> segmentsRemoved, List<Change> segmentsChanged,
                           List<Long> pagesAdded, List<Long> pagesRemoved, List<Change> pagesChanged,
                           boolean blocksCompared, List<Transition> blockChanges, List<SizeClass> sizeClasses) {

    /** One field of a segment or page that differs: its values before and after, as text. */
    public record Field(String name, String before, String after) {
    }

    /** {@code count} blocks were in state {@code from} and are now in {@code to}. */
    public record Transition(BlockState from, BlockState to, int count) {
    }

    /** A segment or page present in both snapshots whose fields or block states differ. */
    public record Change(long address, List<Field> fields, List<Transition> blocks) {
        public Change {
            fields = List.copyOf(fields);
            blocks = List.copyOf(blocks);
        }
    }

    /**
     * One block size's figures before and after. {@code used} is the pages' {@code used} count
     * (blocks handed out, including those freed by another thread and not yet collected).
     */
    public record SizeClass(long blockSize, int pagesBefore, int pagesAfter, long usedBefore, long usedAfter) {
        public long usedBytesBefore() {
            return usedBefore * blockSize;
        }

        public long usedBytesAfter() {
            return usedAfter * blockSize;
        }
    }

    public SnapshotDiff {
        segmentsAdded = List.copyOf(segmentsAdded);
        segmentsRemoved = List.copyOf(segmentsRemoved);
        segmentsChanged = List.copyOf(segmentsChanged);
        pagesAdded = List.copyOf(pagesAdded);
        pagesRemoved = List.copyOf(pagesRemoved);
        pagesChanged = List.copyOf(pagesChanged);
        blockChanges = List.copyOf(blockChanges);
        sizeClasses = List.copyOf(sizeClasses);
    }

    /** Whether nothing structural differs. */
    public boolean empty() {
        return segmentsAdded.isEmpty() && segmentsRemoved.isEmpty() && segmentsChanged.isEmpty()
                && pagesAdded.isEmpty() && pagesRemoved.isEmpty() && pagesChanged.isEmpty();
    }

    /** What changed from {@code before} to {@code after}. */
    public static SnapshotDiff of(Snapshot before, Snapshot after) {
        Map<Long, Segment> segA = byKey(before.segments(), Segment::serial);
        Map<Long, Segment> segB = byKey(after.segments(), Segment::serial);
        Map<Long, Page> pageA = byKey(before.pages(), pageKey(before));
        Map<Long, Page> pageB = byKey(after.pages(), pageKey(after));
        boolean blocks = before.withBlocks() && after.withBlocks();

        List<Change> segChanges = new ArrayList<>();
        for (Map.Entry<Long, Segment> e : segA.entrySet()) {
            Segment b = segB.get(e.getKey());
            if (b == null) continue;
            List<Field> fields = fields(Segment.class, e.getValue(), b, SEGMENT_IDS);
            if (!fields.isEmpty()) segChanges.add(new Change(b.address(), fields, List.of()));
        }
        List<Change> pageChanges = new ArrayList<>();
        int[][] total = new int[BlockState.values().length][BlockState.values().length];
        for (Map.Entry<Long, Page> e : pageA.entrySet()) {
            Page b = pageB.get(e.getKey());
            if (b == null) continue;
            List<Field> fields = fields(Page.class, e.getValue(), b, PAGE_IDS);
            List<Transition> moved = blocks ? transitions(e.getValue().blocks(), b.blocks(), total) : List.of();
            if (!fields.isEmpty() || !moved.isEmpty()) pageChanges.add(new Change(b.pageStart(), fields, moved));
        }
        return new SnapshotDiff(missing(segB, segA, Segment::address), missing(segA, segB, Segment::address),
                segChanges, missing(pageB, pageA, Page::pageStart), missing(pageA, pageB, Page::pageStart),
                pageChanges, blocks, flatten(total),
                sizeClasses(before.pages(), after.pages()));
    }

    /** Fields that hold addresses or OS thread ids, which differ between agent processes. */
    private static final Set<String> SEGMENT_IDS = Set.of("address", "threadId", "abandonedBy", "reclaimedBy");
    private static final Set<String> PAGE_IDS = Set.of("segment", "pageStart", "heap", "threadId", "blocks");

    /** A page's identity: its segment's serial and its first slice. */
    private static Function<Page, Long> pageKey(Snapshot s) {
        Map<Long, Long> serials = new HashMap<>();
        s.segments().forEach(seg -> serials.put(seg.address(), seg.serial()));
        return p -> {
            Long serial = serials.get(p.segment());
            if (serial == null) {
                throw new IllegalArgumentException("page 0x" + Long.toHexString(p.pageStart())
                        + " names segment 0x" + Long.toHexString(p.segment()) + ", which the snapshot lacks");
            }
            return (serial << 20) | p.sliceIndex();
        };
    }

    private static <T> Map<Long, T> byKey(List<T> items, Function<T, Long> key) {
        Map<Long, T> map = new TreeMap<>();
        for (T item : items) map.put(key.apply(item), item);
        return map;
    }

    /** Addresses of what {@code in} has and {@code notIn} lacks, in identity order. */
    private static <T> List<Long> missing(Map<Long, T> in, Map<Long, T> notIn, Function<T, Long> address) {
        return in.entrySet().stream().filter(e -> !notIn.containsKey(e.getKey()))
                .map(e -> address.apply(e.getValue())).toList();
    }

    private static <R extends Record> List<Field> fields(Class<R> type, R a, R b, Set<String> skip) {
        List<Field> out = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            if (skip.contains(c.getName())) continue;
            Object va = value(c, a);
            Object vb = value(c, b);
            if (!Objects.equals(va, vb)) out.add(new Field(c.getName(), text(va), text(vb)));
        }
        return out;
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
        }
    }

    private static String text(Object value) {
        if (value instanceof List<?> list) return list.size() + " items";
        return String.valueOf(value);
    }

    /** Block-by-block state moves between two maps of the same page; adds them to {@code total}. */
    private static List<Transition> transitions(BlockMap a, BlockMap b, int[][] total) {
        int n = Math.min(a.blockCount(), b.blockCount());
        int[][] moves = new int[BlockState.values().length][BlockState.values().length];
        boolean any = false;
        List<BlockMap.Run> ra = a.runs();
        List<BlockMap.Run> rb = b.runs();
        int ia = 0, ib = 0, leftA = ra.isEmpty() ? 0 : ra.get(0).length(), leftB = rb.isEmpty() ? 0 : rb.get(0).length();
        int done = 0;
        while (done < n) {
            int step = Math.min(Math.min(leftA, leftB), n - done);
            BlockState sa = ra.get(ia).state();
            BlockState sb = rb.get(ib).state();
            if (sa != sb) {
                moves[sa.ordinal()][sb.ordinal()] += step;
                total[sa.ordinal()][sb.ordinal()] += step;
                any = true;
            }
            done += step;
            leftA -= step;
            leftB -= step;
            if (leftA == 0 && ++ia < ra.size()) leftA = ra.get(ia).length();
            if (leftB == 0 && ++ib < rb.size()) leftB = rb.get(ib).length();
        }
        return any ? flatten(moves) : List.of();
    }

    private static List<Transition> flatten(int[][] moves) {
        List<Transition> out = new ArrayList<>();
        BlockState[] states = BlockState.values();
        for (int i = 0; i < states.length; i++) {
            for (int j = 0; j < states.length; j++) {
                if (moves[i][j] != 0) out.add(new Transition(states[i], states[j], moves[i][j]));
            }
        }
        return out;
    }

    private static List<SizeClass> sizeClasses(List<Page> before, List<Page> after) {
        Map<Long, long[]> sums = new TreeMap<>();
        for (Page p : before) {
            long[] s = sums.computeIfAbsent(p.blockSize(), k -> new long[4]);
            s[0]++;
            s[2] += p.used();
        }
        for (Page p : after) {
            long[] s = sums.computeIfAbsent(p.blockSize(), k -> new long[4]);
            s[1]++;
            s[3] += p.used();
        }
        List<SizeClass> out = new ArrayList<>();
        sums.forEach((size, s) -> {
            if (s[0] != s[1] || s[2] != s[3]) out.add(new SizeClass(size, (int) s[0], (int) s[1], s[2], s[3]));
        });
        return out;
    }
}
