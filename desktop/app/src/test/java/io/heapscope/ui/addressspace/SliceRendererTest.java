package io.heapscope.ui.addressspace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.heapscope.ui.theme.Palette;

class SliceRendererTest {

    private final AddressSpaceData data = SyntheticSpaces.mixed();
    private final SliceLayout layout = new SliceLayout(data.segments(), 1);
    private final int[][] colours = AddressSpaceModel.colour(data, AddressSpaceModel.ColourMode.KIND);
    private final List<SegmentSlices> segs = data.segments();

    @Test
    void paintsEachCellInItsKindColourWithGridLines() {
        int w = 200;
        int h = 100;
        int[] px = new int[w * h];
        new SliceRenderer().paint(px, w, h, layout, segs, colours, new Viewport(10, 0, 0), true);
        assertEquals(Palette.SLICE_META, px[5 * w + 5]);
        assertEquals(Palette.SLICE_SMALL, px[5 * w + 15]);
        assertEquals(Palette.GRID_LINE, px[5 * w + 10], "line before a small page");
        assertEquals(Palette.SLICE_MEDIUM, px[5 * w + 45]);
        assertEquals(Palette.SLICE_MEDIUM, px[5 * w + 50], "no line inside a medium page");
        assertEquals(Palette.GRID_LINE, px[10 * w + 5], "line at the top of row 1");
    }

    @Test
    void zoomedOutPaintsOnePixelPerSliceWithoutLines() {
        int w = 64;
        int h = 10;
        int[] px = new int[w * h];
        new SliceRenderer().paint(px, w, h, layout, segs, colours, new Viewport(1, 0, 0), true);
        assertEquals(Palette.SLICE_META, px[0]);
        assertEquals(Palette.SLICE_SMALL, px[1]);
        assertEquals(Palette.BACKGROUND, px[8 * w + 3], "the gap row after segment 0");
    }

    @Test
    void outlineDrawsABorderAroundTheSpan() {
        int w = 200;
        int h = 100;
        int[] px = new int[w * h];
        SliceRenderer r = new SliceRenderer();
        r.paint(px, w, h, layout, segs, colours, new Viewport(10, 0, 0), true);
        r.outline(px, w, h, layout, new Viewport(10, 0, 0), 0, 3, 11, Palette.SELECTION, 2);
        assertEquals(Palette.SELECTION, px[0 * w + 30]);
        assertEquals(Palette.SELECTION, px[5 * w + 31]);
        assertEquals(Palette.SLICE_MEDIUM, px[5 * w + 35]);
    }
}
