package io.heapscope.ui.addressspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.heapscope.ui.theme.Palette;

class AddressSpaceModelTest {

    private final AddressSpaceModel model = new AddressSpaceModel();

    @Test
    void layoutStacksSegmentsWithGapsAndAnArenaBreak() {
        model.dataProperty().set(SyntheticSpaces.mixed());
        SliceLayout layout = model.layout();
        // 3 segments × (8 rows + 1 gap) + 1 extra row between arena 0 and arena 1
        assertEquals(28, layout.height());
        assertEquals(65, layout.width());
        assertEquals(0, layout.tileAtY(0));
        assertEquals(-1, layout.tileAtY(8));
        assertEquals(1, layout.tileAtY(9));
        assertEquals(-1, layout.tileAtY(18));
        assertEquals(2, layout.tileAtY(19));
        assertEquals(2, layout.segmentAt(2, 0));
    }

    @Test
    void tilesSitSideBySideAndEachArenaStartsANewRow() {
        SliceLayout layout = new SliceLayout(SyntheticSpaces.mixed().segments(), 3);
        assertEquals(2 * 65, layout.width(), "arena 0 has two segments in its tile row");
        assertEquals(9 + 1 + 9, layout.height());
        assertEquals(1, layout.segmentAt(0, 1));
        assertEquals(2, layout.segmentAt(1, 0), "arena 1 starts a new tile row");
        assertEquals(65 + 5, layout.xOf(1, 5));
        assertEquals(10 + 1, layout.yOf(2, 64));
    }

    @Test
    void fitPicksTileColumnsForTheViewShape() {
        model.dataProperty().set(SyntheticSpaces.fullArena(32, 2, 1));
        model.fit(1600, 900);
        assertTrue(model.layout().tileColumns() > 1, "a wide view puts segments side by side");
        model.fit(300, 2000);
        assertEquals(1, model.layout().tileColumns());
    }

    @Test
    void sliceAtMapsScreenPointsThroughZoomAndPan() {
        model.dataProperty().set(SyntheticSpaces.mixed());
        model.viewportProperty().set(new Viewport(10, 5, 5));
        SliceRef ref = model.sliceAt(5 + 3 * 10 + 1, 5 + 1 * 10 + 1);
        assertNotNull(ref);
        assertEquals(0, ref.segmentIndex());
        assertEquals(64 + 3, ref.slice());
        assertNull(model.sliceAt(5 + 3 * 10, 5 + 8 * 10 + 2), "the gap row after a segment");
        assertNull(model.sliceAt(1, 1), "outside the world");

        model.panBy(-10, 0);
        assertEquals(64 + 4, model.sliceAt(5 + 3 * 10 + 1, 5 + 1 * 10 + 1).slice());
    }

    @Test
    void zoomKeepsThePointUnderThePointer() {
        model.dataProperty().set(SyntheticSpaces.mixed());
        model.viewportProperty().set(new Viewport(8, 0, 0));
        SliceRef before = model.sliceAt(100, 40);
        model.zoomAt(2, 100, 40);
        assertEquals(16, model.viewportProperty().get().scale());
        assertEquals(before.slice(), model.sliceAt(100, 40).slice());
    }

    @Test
    void fitShowsTheWholeWorld() {
        model.dataProperty().set(SyntheticSpaces.fullArena(32, 2, 1));
        model.fit(800, 600);
        Viewport v = model.viewportProperty().get();
        SliceLayout layout = model.layout();
        assertTrue(v.originX() + layout.width() * v.scale() <= 800);
        assertTrue(v.originY() + layout.height() * v.scale() <= 600);
    }

    @Test
    void describeExplainsTheSpanAndTheOwner() {
        model.dataProperty().set(SyntheticSpaces.mixed());
        SegmentSlices seg = model.dataProperty().get().segments().get(0);
        String text = model.describe(new SliceRef(0, 5, seg, AddressSpaceData.DEFAULT_SLICE_SIZE));
        assertTrue(text.contains("Medium page: slices 3–10, 512 KiB"), text);
        assertTrue(text.contains("Owner: main"), text);
        SegmentSlices abandoned = model.dataProperty().get().segments().get(2);
        assertTrue(model.describe(new SliceRef(2, 1, abandoned, 65536)).contains("abandoned"));
    }

    @Test
    void ownerModeColoursPagesByThreadAndAbandonedDark() {
        model.dataProperty().set(SyntheticSpaces.mixed());
        model.colourModeProperty().set(AddressSpaceModel.ColourMode.OWNER);
        int[][] c = model.colours();
        assertEquals(Palette.thread(0), c[0][1]);
        assertEquals(Palette.SLICE_FREE, c[0][11], "free spans keep their kind colour");
        assertEquals(Palette.thread(1), c[1][1]);
        assertEquals(Palette.OWNER_ABANDONED, c[2][1]);
        assertTrue(model.legend().stream().anyMatch(e -> e.label().equals("abandoned")));
    }

    @Test
    void selectionFollowsTheSegmentIntoTheNextStep() {
        model.dataProperty().set(SyntheticSpaces.mixed());
        SegmentSlices seg = model.dataProperty().get().segments().get(1);
        model.selectedProperty().set(new SliceRef(1, 7, seg, 65536));
        model.dataProperty().set(SyntheticSpaces.mixed());
        assertEquals(7, model.selectedProperty().get().slice());
        assertEquals(0x12000000L, model.selectedProperty().get().segment().address());
    }

    @Test
    void summaryCountsTheSpace() {
        model.dataProperty().set(SyntheticSpaces.fullArena(32, 2, 1));
        assertTrue(model.summary().startsWith("32 segments, 1 GiB of address space"), model.summary());
    }

    @Test
    void useModeColoursPagesByTheShareOfLiveBlocks() {
        byte[] kinds = {SliceKind.META.code(), SliceKind.SMALL.code(), SliceKind.SMALL.code(), SliceKind.FREE.code()};
        SegmentSlices seg = new SegmentSlices(0x10000000L, 0, kinds, new int[] {0, 0, 0, -1}, new int[] {0, 1, 2, 3},
                new String[4], false, 7, new byte[] {-1, 3, 100, -1});
        model.dataProperty().set(new AddressSpaceData(List.of(seg), List.of("main"), 65536));
        model.colourModeProperty().set(AddressSpaceModel.ColourMode.USE);
        int[][] c = model.colours();
        assertEquals(Palette.use(3), c[0][1], "a page with one live block in 32 is light: pinned");
        assertEquals(Palette.use(100), c[0][2]);
        assertEquals(Palette.SLICE_META, c[0][0], "metadata keeps its kind colour");
        assertEquals(Palette.SLICE_FREE, c[0][3]);
        assertTrue(model.legend().stream().anyMatch(e -> e.label().equals("0–10 % live")), model.legend().toString());
    }

    @Test
    void aReplayedSegmentIsKnownByItsSerialAtItsNewAddress() {
        byte[] kinds = {SliceKind.META.code(), SliceKind.SMALL.code()};
        SegmentSlices before = new SegmentSlices(0x10000000L, 0, kinds, new int[] {0, 0}, new int[] {0, 1},
                new String[2], false, 3, new byte[] {-1, 50});
        SegmentSlices replayed = new SegmentSlices(0x7f0000000000L, 0, kinds, new int[] {0, 0}, new int[] {0, 1},
                new String[2], false, 3, new byte[] {-1, 50});
        model.dataProperty().set(new AddressSpaceData(List.of(before), List.of("main"), 65536));
        model.selectedProperty().set(new SliceRef(0, 1, before, 65536));
        model.dataProperty().set(new AddressSpaceData(List.of(replayed), List.of("main"), 65536));
        assertNotNull(model.selectedProperty().get(), "the same segment, at another address");
        assertEquals(0x7f0000000000L + 65536, model.selectedProperty().get().address());
    }
}
