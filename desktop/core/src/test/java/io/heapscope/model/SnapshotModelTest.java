package io.heapscope.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotModelTest {
    private static final ProcessMemory MEM = new ProcessMemory(1, 2, 3, 4);

    private static Segment segment(long address, boolean abandoned) {
        return new Segment(address, 32 << 20, false, abandoned, abandoned ? ThreadInfo.NONE : 0, 0, 1, abandoned ? 0 : 9,
                512, 1, 1, 0, Bits.of(3, 0, 0, 0, 0, 0, 0, 0), Bits.of(0, 0, 0, 0, 0, 0, 0, 0), 0, -1, 0, 0, 0,
                List.of(new Span(0, 1, Span.State.META), new Span(1, 511, Span.State.FREE)));
    }

    private static Page page(long segment, long start, int used) {
        return new Page(segment, start, 1, 1, Page.PageKind.SMALL, Page.DelayedState.NO_DELAYED, false, false, true,
                false, false, 5, 64, 64, 1024, used, 64 - used, 0, 0, 0, 0, 0x7000, 9, 0,
                new BlockMap(List.of(new BlockMap.Run(BlockState.IN_USE, used), new BlockMap.Run(BlockState.FREE, 64 - used),
                        new BlockMap.Run(BlockState.UNEXTENDED, 960))));
    }

    private static Snapshot snapshot() {
        return new Snapshot(1, 10, 0, true, MEM, new Stats(List.of(new Stats.Stat("page_used", 64, -1))), List.of(),
                List.of(), List.of(segment(0x6000_0000L, false), segment(0x4000_0000L, false)),
                List.of(page(0x6000_0000L, 0x6001_0000L, 1), page(0x4000_0000L, 0x4001_0000L, 2)),
                List.of(new Heap(0x7000, 9, 0, 0, true, true, false, 2, 0)),
                List.of(new ThreadInfo(0, ThreadInfo.State.READY, 1, 9, 0x7000, 0x7000, 3, 2, 0, 0)), AllocatorText.NONE, "v2");
    }

    @Test
    void listsAreSortedSoEqualStatesAreEqualSnapshots() {
        Snapshot s = snapshot();
        assertEquals(0x4000_0000L, s.segments().getFirst().address());
        assertEquals(0x4001_0000L, s.pages().getFirst().pageStart());
        assertEquals(s, new Snapshot(1, 10, 0, true, MEM, s.stats(), List.of(), List.of(), s.segments().reversed(),
                s.pages().reversed(), s.heaps(), s.threads(), AllocatorText.NONE, "v2"));
    }

    @Test
    void aDeltaReplacesRemovesAndKeeps() {
        Snapshot before = snapshot();
        Page changed = page(0x4000_0000L, 0x4001_0000L, 7);
        SnapshotDelta d = new SnapshotDelta(2, 1, 12, 5, true, MEM, Optional.empty(), List.of(), Optional.empty(),
                List.of(segment(0x4000_0000L, true)), List.of(changed), List.of(),
                List.of(new ThreadInfo(0, ThreadInfo.State.EXITED, 1, 9, 0x7000, 0x7000, 4, 0, 0, 0)),
                List.of(new Removed(Removed.What.SEGMENT, 0x6000_0000L), new Removed(Removed.What.HEAP, 0x7000)));
        Snapshot after = before.apply(d);
        assertEquals(2, after.serial());
        assertEquals(List.of(0x4000_0000L), after.segments().stream().map(Segment::address).toList());
        assertTrue(after.segments().getFirst().abandoned());
        assertEquals(List.of(changed), after.pages(), "the removed segment's page went with it");
        assertTrue(after.heaps().isEmpty());
        assertEquals(ThreadInfo.State.EXITED, after.thread(0).orElseThrow().state());
        assertEquals(Stats.NONE, after.stats(), "a delta without statistics carries none");
        assertEquals(1, after.abandonedSegments().size());
        assertEquals(4, d.size());
        assertThrows(IllegalArgumentException.class, () -> snapshot().apply(
                new SnapshotDelta(3, 2, 0, 0, false, MEM, Optional.empty(), List.of(), Optional.empty(), List.of(),
                        List.of(), List.of(), List.of(), List.of())));
        Snapshot full = snapshot();
        assertSame(full, before.apply(full), "a full snapshot replaces whatever came before");
    }

    @Test
    void blockMapsAndBitsAnswerPerBlockQuestions() {
        Page p = page(0x4000_0000L, 0x4001_0000L, 2);
        assertEquals(BlockState.IN_USE, p.blocks().state(1));
        assertEquals(BlockState.FREE, p.blocks().state(2));
        assertEquals(BlockState.UNEXTENDED, p.blocks().state(1023));
        assertThrows(IndexOutOfBoundsException.class, () -> p.blocks().state(1024));
        assertEquals(Map.of(BlockState.IN_USE, 2, BlockState.FREE, 62, BlockState.UNEXTENDED, 960), p.blocks().counts());
        assertFalse(BlockMap.NONE.captured());
        Bits b = Bits.of(0b101, 1L << 63);
        assertTrue(b.get(0) && !b.get(1) && b.get(2) && b.get(127));
        assertEquals(3, b.cardinality());
        long[] words = b.words();
        words[0] = 0;
        assertTrue(b.get(0), "bits are immutable");
        assertNotEquals(b, Bits.of(0b101, 0));
        assertEquals(p, page(0x4000_0000L, 0x4001_0000L, 2));
        assertEquals(Optional.of(p), snapshot().pageContaining(0x4001_0000L + 64 * 3 + 5).map(x -> p));
    }
}
