package io.heapscope.ui.addressspace;

import java.util.Arrays;
import java.util.List;

import io.heapscope.ui.theme.Palette;

/**
 * Paints slices into an int pixel array, one pass over the pixels with array lookups only:
 * columns are mapped once per frame, rows once per scanline. At 4 px per cell and more, cells
 * get a one-pixel grid line, and multi-slice spans are drawn without inner vertical lines so a
 * medium page reads as one unit.
 */
final class SliceRenderer {

    private int[] tileOf = new int[0];
    private int[] columnOf = new int[0];
    private boolean[] cellEdge = new boolean[0];

    /** Paints a full frame. {@code colours[s][i]} is the colour of slice i of segment s. */
    void paint(int[] px, int w, int h, SliceLayout layout, List<SegmentSlices> segments,
               int[][] colours, Viewport vp, boolean grid) {
        if (columnOf.length < w) {
            tileOf = new int[w];
            columnOf = new int[w];
            cellEdge = new boolean[w];
        }
        boolean lines = grid && vp.scale() >= 4;
        for (int x = 0; x < w; x++) {
            int c = vp.cellX(x);
            int tile = layout.tileAtX(c);
            tileOf[x] = tile;
            columnOf[x] = tile >= 0 ? layout.columnInTile(c) : 0;
            cellEdge[x] = lines && tile >= 0 && vp.cellX(x - 1) != c;
        }
        int[][] rowColours = new int[layout.tileColumns()][];
        int[][] rowSpans = new int[layout.tileColumns()][];
        int bg = Palette.BACKGROUND;
        int line = Palette.GRID_LINE;
        for (int y = 0; y < h; y++) {
            int rowStart = y * w;
            int worldRow = vp.cellY(y);
            int tileRow = layout.tileAtY(worldRow);
            if (tileRow < 0) {
                Arrays.fill(px, rowStart, rowStart + w, bg);
                continue;
            }
            if (lines && vp.cellY(y - 1) != worldRow) {
                Arrays.fill(px, rowStart, rowStart + w, line);
                continue;
            }
            for (int t = 0; t < rowColours.length; t++) {
                int seg = layout.segmentAt(tileRow, t);
                rowColours[t] = seg >= 0 ? colours[seg] : null;
                rowSpans[t] = seg >= 0 ? segments.get(seg).spanStart() : null;
            }
            int base = layout.rowInTile(worldRow) * SliceLayout.SLICES_PER_ROW;
            for (int x = 0; x < w; x++) {
                int tile = tileOf[x];
                int colour = bg;
                if (tile >= 0) {
                    int[] c = rowColours[tile];
                    int i = base + columnOf[x];
                    if (c != null && i < c.length) {
                        colour = cellEdge[x] && (rowSpans[tile][i] == i || columnOf[x] == 0) ? line : c[i];
                    }
                }
                px[rowStart + x] = colour;
            }
        }
    }

    /** Outlines the cells of slices [from, to) of {@code segment} with a {@code thickness} px border. */
    void outline(int[] px, int w, int h, SliceLayout layout, Viewport vp, int segment, int from, int to,
                 int colour, int thickness) {
        for (int i = from; i < to; i++) {
            double x0 = vp.originX() + layout.xOf(segment, i) * vp.scale();
            double y0 = vp.originY() + layout.yOf(segment, i) * vp.scale();
            int ix0 = (int) Math.floor(x0);
            int iy0 = (int) Math.floor(y0);
            int ix1 = (int) Math.ceil(x0 + vp.scale()) - 1;
            int iy1 = (int) Math.ceil(y0 + vp.scale()) - 1;
            rect(px, w, h, ix0, iy0, ix1, iy1, colour, thickness);
        }
    }

    /** Draws the border of the rectangle [x0..x1] × [y0..y1] (inclusive), clipped. */
    static void rect(int[] px, int w, int h, int x0, int y0, int x1, int y1, int colour, int thickness) {
        for (int t = 0; t < thickness; t++) {
            hline(px, w, h, x0, x1, y0 + t, colour);
            hline(px, w, h, x0, x1, y1 - t, colour);
            vline(px, w, h, x0 + t, y0, y1, colour);
            vline(px, w, h, x1 - t, y0, y1, colour);
        }
    }

    private static void hline(int[] px, int w, int h, int x0, int x1, int y, int colour) {
        if (y < 0 || y >= h) {
            return;
        }
        int a = Math.max(0, x0);
        int b = Math.min(w - 1, x1);
        if (a <= b) {
            Arrays.fill(px, y * w + a, y * w + b + 1, colour);
        }
    }

    private static void vline(int[] px, int w, int h, int x, int y0, int y1, int colour) {
        if (x < 0 || x >= w) {
            return;
        }
        for (int y = Math.max(0, y0); y <= Math.min(h - 1, y1); y++) {
            px[y * w + x] = colour;
        }
    }
}
