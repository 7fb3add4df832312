package io.heapscope.ui.pageinspector;

/**
 * Where the blocks sit: a grid of square cells, {@code columns} wide, in address order, with the
 * largest whole-pixel cell that fits every block in the area (at least 1 px).
 */
record BlockGrid(int columns, int cell, int originX, int originY, int count) {

    static final int MARGIN = 4;
    static final int MAX_CELL = 48;

    static BlockGrid fit(int count, double width, double height) {
        int w = (int) width - 2 * MARGIN;
        int h = (int) height - 2 * MARGIN;
        if (count <= 0 || w <= 0 || h <= 0) {
            return new BlockGrid(1, 1, MARGIN, MARGIN, Math.max(0, count));
        }
        int cell = Math.min(MAX_CELL, (int) Math.floor(Math.sqrt((double) w * h / count)));
        while (cell > 1) {
            int cols = w / cell;
            int rows = (count + cols - 1) / cols;
            if (cols > 0 && rows * cell <= h) {
                break;
            }
            cell--;
        }
        cell = Math.max(1, cell);
        return new BlockGrid(Math.max(1, w / cell), cell, MARGIN, MARGIN, count);
    }

    /** The block at (x, y), or -1. */
    int blockAt(double x, double y) {
        int col = (int) Math.floor((x - originX) / cell);
        int row = (int) Math.floor((y - originY) / cell);
        if (col < 0 || col >= columns || row < 0) {
            return -1;
        }
        int i = row * columns + col;
        return i < count ? i : -1;
    }

    double centreX(int block) {
        return originX + (block % columns) * cell + cell / 2.0;
    }

    double centreY(int block) {
        return originY + (block / columns) * cell + cell / 2.0;
    }

    int left(int block) {
        return originX + (block % columns) * cell;
    }

    int top(int block) {
        return originY + (block / columns) * cell;
    }
}
