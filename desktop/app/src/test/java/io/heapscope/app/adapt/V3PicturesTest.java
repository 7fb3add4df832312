package io.heapscope.app.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.model.AllocatorText;
import io.heapscope.model.Arena;
import io.heapscope.model.Bits;
import io.heapscope.model.BlockMap;
import io.heapscope.model.Page;
import io.heapscope.model.ProcessMemory;
import io.heapscope.model.Snapshot;
import io.heapscope.model.Stats;
import io.heapscope.ui.addressspace.AddressSpaceData;
import io.heapscope.ui.addressspace.SegmentSlices;
import io.heapscope.ui.addressspace.SliceKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Under v3 the address space is arenas straight to pages: rows are 32 MiB arena chunks, not segments. */
class V3PicturesTest {
    private static final long ARENA = 0x7f0000000000L;

    private static Page page(int slice, int slices, Page.PageKind kind, long heap, int thread) {
        long start = ARENA + ((long) slice << 16) + 0x100;
        return new Page(ARENA, start, slice, slices, kind, Page.DelayedState.DELAYED_FREEING, false, false, true,
                false, false, 20, 320, 100, 204, 50, 40, 10, 0, 0, 0, heap, heap == 0 ? 0 : 11, thread, BlockMap.NONE);
    }

    @Test
    void rowsAreTheArenaChunksThatHoldSomething() {
        long[] inUse = new long[16];
        long[] committed = new long[16];
        inUse[0] = 0b1_1111_1111_1L;       /* slice 0: small page; slices 1..8: a medium page; 9 */
        committed[0] = inUse[0] | (1L << 12);   /* slice 12: committed and free */
        Arena arena = new Arena(0, ARENA, 1024L << 16, 1 << 16, 1024, 0, new Bits(inUse), new Bits(new long[16]),
                new Bits(committed), new Bits(new long[16]), new Bits(new long[16]));
        Snapshot s = new Snapshot(1, 1, 0, true, new ProcessMemory(0, 0, 0, 0), Stats.NONE, List.of(), List.of(arena),
                List.of(), List.of(page(0, 1, Page.PageKind.SMALL, 0xAAAA, 0), page(1, 8, Page.PageKind.MEDIUM, 0, 0xFFFF)),
                List.of(), List.of(), AllocatorText.NONE, "v3");
        AddressSpaceData d = SnapshotPictures.addressSpace(s, List.of("main"));
        assertEquals("arena chunk", d.rowName());
        assertEquals(1, d.segments().size(), "the second chunk holds nothing and is left out");
        SegmentSlices row = d.segments().getFirst();
        assertEquals(512, row.sliceCount());
        assertEquals(ARENA, row.address());
        assertEquals(SliceKind.SMALL, row.kind(0));
        assertEquals(0, row.owners()[0], "main owns the small page");
        for (int i = 1; i <= 8; i++) {
            assertEquals(SliceKind.MEDIUM, row.kind(i));
            assertEquals(-1, row.owners()[i], "the abandoned medium page has no owner");
            assertEquals(1, row.spanStart()[i]);
        }
        assertTrue(row.notes()[1].contains("abandoned"), row.notes()[1]);
        assertEquals(SliceKind.FREE, row.kind(12));
        assertEquals(SliceKind.UNCOMMITTED, row.kind(13));
    }
}
