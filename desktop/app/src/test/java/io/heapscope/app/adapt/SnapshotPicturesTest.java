package io.heapscope.app.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.heapscope.app.StepPicture;
import io.heapscope.model.AllocatorText;
import io.heapscope.model.Bits;
import io.heapscope.model.BlockMap;
import io.heapscope.model.BlockState;
import io.heapscope.model.Event;
import io.heapscope.model.Heap;
import io.heapscope.model.Page;
import io.heapscope.model.ProcessMemory;
import io.heapscope.model.Segment;
import io.heapscope.model.Snapshot;
import io.heapscope.model.Span;
import io.heapscope.model.Stats;
import io.heapscope.model.ThreadInfo;
import io.heapscope.ui.addressspace.SegmentSlices;
import io.heapscope.ui.addressspace.SliceKind;
import io.heapscope.ui.pageinspector.PageBlocks;
import io.heapscope.ui.threads.ThreadRow;

/** The cigarette's shape in miniature: main owns a page, the refresher freed 3 of its blocks. */
public class SnapshotPicturesTest {

    private static final long SEG = 0x7f0000000000L;
    private static final List<String> NAMES = List.of("main", "refresher");

    public static Snapshot snapshot() {
        long pageStart = SEG + 65536 + 0x60;
        Page page = new Page(SEG, pageStart, 1, 1, Page.PageKind.SMALL, Page.DelayedState.NO_DELAYED, false, false,
                true, false, false, 20, 320, 100, 204, 50, 40, 10, 3, 1, 0, 0xAAAA, 11, 0,
                new BlockMap(List.of(new BlockMap.Run(BlockState.IN_USE, 46), new BlockMap.Run(BlockState.THREAD_FREE, 3),
                        new BlockMap.Run(BlockState.DELAYED, 1), new BlockMap.Run(BlockState.FREE, 40),
                        new BlockMap.Run(BlockState.LOCAL_FREE, 10), new BlockMap.Run(BlockState.UNEXTENDED, 104))));
        long[] commit = new long[8];
        commit[0] = 0b1111L;
        long[] purge = new long[8];
        purge[0] = 0b10000L;
        Segment seg = new Segment(SEG, 32L << 20, false, false, 0, 0, 1, 11, 512, 1, 1, 0, Bits.of(commit),
                Bits.of(purge), 0, -1, 0, 0, 0,
                List.of(new Span(0, 1, Span.State.META), new Span(1, 1, Span.State.PAGE), new Span(2, 510, Span.State.FREE)));
        ThreadInfo main = new ThreadInfo(0, ThreadInfo.State.PARKED, 100, 11, 0xAAAA, 0xAAAA, 10, 1, 3, 1);
        ThreadInfo refresher = new ThreadInfo(1, ThreadInfo.State.READY, 101, 12, 0xBBBB, 0xBBBB, 10, 0, 0, 0);
        Heap heap = new Heap(0xAAAA, 11, 0, 0, true, true, false, 1, 1);
        return new Snapshot(1, 1, 0, true, new ProcessMemory(4 << 20, 1 << 30, 2 << 20, 0),
                new Stats(List.of(new Stats.Stat("reserved", 1L << 30, -1), new Stats.Stat("committed", 256 << 10, -1))),
                List.of(), List.of(), List.of(seg), List.of(page), List.of(heap), List.of(main, refresher), AllocatorText.NONE, "v2");
    }

    @Test
    void slicesTakeTheirKindFromSpansPagesAndTheCommitMask() {
        StepPicture p = SnapshotPictures.of(5, snapshot(), NAMES, List.of(), List.of());
        SegmentSlices s = p.space().segments().get(0);
        assertEquals(SliceKind.META, s.kind(0));
        assertEquals(SliceKind.SMALL, s.kind(1));
        assertEquals(0, s.owners()[1]);
        assertEquals(SliceKind.FREE, s.kind(3), "committed free span");
        assertEquals(SliceKind.PURGED, s.kind(4), "not committed, marked in the purge mask");
        assertEquals(SliceKind.UNCOMMITTED, s.kind(5));
        assertEquals(2, s.spanStart()[300]);
        assertTrue(s.notes()[1].contains("3 waiting on thread_free"), s.notes()[1]);
    }

    @Test
    void pagesExpandTheirBlockRunsAndKeepTheirCounts() {
        StepPicture p = SnapshotPictures.of(5, snapshot(), NAMES, List.of(), List.of());
        PageBlocks page = p.pages().apply(SEG + 65536).orElseThrow();
        assertEquals(204, page.blockCount());
        assertEquals(io.heapscope.ui.pageinspector.BlockState.THREAD_FREE, page.state(47));
        assertEquals(io.heapscope.ui.pageinspector.BlockState.DELAYED, page.state(49));
        assertEquals(new PageBlocks.ListCounts(40, 10, 3, 1), page.counts());
        assertEquals("main", page.owner());
        assertEquals("NO_DELAYED_FREE", page.delayedState());
        assertTrue(p.pages().apply(SEG + 2 * 65536).isEmpty());
    }

    @Test
    void threadsShowTheBytesWaitingOnTheirPages() {
        List<ThreadRow> rows = SnapshotTables.threads(snapshot(), NAMES);
        assertEquals("parked", rows.get(0).state());
        assertEquals(4, rows.get(0).pendingBlocks());
        assertEquals(4 * 320, rows.get(0).pendingBytes());
        assertEquals(0, rows.get(1).pendingBytes());
    }

    @Test
    void eventsAreExplained() {
        Event e = new Event("DELAYED_NOTIFY", 1, 9, 0, SEG, SEG + 65536 + 0x60, 0, 320, 1);
        var rows = EventTexts.rows(List.of(e), NAMES, 7);
        assertEquals(7, rows.get(0).step());
        assertEquals("refresher", rows.get(0).thread());
        assertTrue(rows.get(0).explanation().contains("delayed list"), rows.get(0).explanation());
        assertTrue(rows.get(0).explanation().contains("1 block."), rows.get(0).explanation());
    }
}
