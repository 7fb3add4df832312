package io.heapscope.ui.pageinspector;

import java.util.Arrays;

import io.heapscope.ui.theme.Palette;

/** Paints a page's blocks as a grid of cells into an int pixel array. */
final class BlockRenderer {

    private final int[] colourOf;

    BlockRenderer() {
        BlockState[] states = BlockState.values();
        colourOf = new int[states.length];
        for (BlockState s : states) {
            colourOf[s.ordinal()] = s.argb();
        }
    }

    void paint(int[] px, int w, int h, PageBlocks page, BlockGrid grid, int hover, int selected) {
        Arrays.fill(px, 0, w * h, Palette.BACKGROUND);
        if (page == null) {
            return;
        }
        byte[] states = page.states();
        int cell = grid.cell();
        int inner = cell >= 4 ? cell - 1 : cell;
        for (int i = 0; i < states.length; i++) {
            fill(px, w, h, grid.left(i), grid.top(i), inner, colourOf[states[i]]);
        }
        if (selected >= 0 && selected < states.length) {
            int x0 = grid.left(selected) - 2;
            int y0 = grid.top(selected) - 2;
            outline(px, w, h, x0, y0, x0 + inner + 3, y0 + inner + 3, Palette.SELECTION);
            outline(px, w, h, x0 + 1, y0 + 1, x0 + inner + 2, y0 + inner + 2, Palette.SELECTION);
        }
        if (hover >= 0 && hover < states.length) {
            int x0 = grid.left(hover) - 1;
            int y0 = grid.top(hover) - 1;
            outline(px, w, h, x0, y0, x0 + inner + 1, y0 + inner + 1, Palette.HOVER);
        }
    }

    /** Draws a chain as one-pixel lines between the centres of consecutive blocks. */
    void chain(int[] px, int w, int h, BlockGrid grid, int[] blocks, int colour) {
        int thick = grid.cell() >= 16 ? 2 : 1;
        for (int i = 1; i < blocks.length; i++) {
            int x0 = (int) grid.centreX(blocks[i - 1]);
            int y0 = (int) grid.centreY(blocks[i - 1]);
            int x1 = (int) grid.centreX(blocks[i]);
            int y1 = (int) grid.centreY(blocks[i]);
            for (int t = 0; t < thick; t++) {
                line(px, w, h, x0 + t, y0, x1 + t, y1, colour);
                line(px, w, h, x0, y0 + t, x1, y1 + t, colour);
            }
        }
    }

    /** Bresenham's line, clipped per pixel. */
    private static void line(int[] px, int w, int h, int x0, int y0, int x1, int y1, int colour) {
        int dx = Math.abs(x1 - x0);
        int dy = -Math.abs(y1 - y0);
        int sx = x0 < x1 ? 1 : -1;
        int sy = y0 < y1 ? 1 : -1;
        int err = dx + dy;
        while (true) {
            if (x0 >= 0 && x0 < w && y0 >= 0 && y0 < h) {
                px[y0 * w + x0] = colour;
            }
            if (x0 == x1 && y0 == y1) {
                return;
            }
            int e2 = 2 * err;
            if (e2 >= dy) {
                err += dy;
                x0 += sx;
            }
            if (e2 <= dx) {
                err += dx;
                y0 += sy;
            }
        }
    }

    private static void fill(int[] px, int w, int h, int x0, int y0, int size, int colour) {
        int xa = Math.max(0, x0);
        int xb = Math.min(w, x0 + size);
        if (xa >= xb) {
            return;
        }
        for (int y = Math.max(0, y0); y < Math.min(h, y0 + size); y++) {
            Arrays.fill(px, y * w + xa, y * w + xb, colour);
        }
    }

    private static void outline(int[] px, int w, int h, int x0, int y0, int x1, int y1, int colour) {
        for (int x = Math.max(0, x0); x <= Math.min(w - 1, x1); x++) {
            if (y0 >= 0 && y0 < h) {
                px[y0 * w + x] = colour;
            }
            if (y1 >= 0 && y1 < h) {
                px[y1 * w + x] = colour;
            }
        }
        for (int y = Math.max(0, y0); y <= Math.min(h - 1, y1); y++) {
            if (x0 >= 0 && x0 < w) {
                px[y * w + x0] = colour;
            }
            if (x1 >= 0 && x1 < w) {
                px[y * w + x1] = colour;
            }
        }
    }
}
