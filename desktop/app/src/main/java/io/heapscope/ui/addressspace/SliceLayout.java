package io.heapscope.ui.addressspace;

import java.util.Arrays;
import java.util.List;

/**
 * Where every slice sits in the view's world, in cell units. Each segment is a tile of rows of
 * {@link #SLICES_PER_ROW} slices in address order; tiles sit side by side, {@code tileColumns}
 * to a row, with a one-cell gap around each and an extra gap row where a new arena starts
 * (each arena starts a new row of tiles). Built once per snapshot (or when the fit changes the
 * number of tile columns); every lookup is an array read.
 */
final class SliceLayout {

    static final int SLICES_PER_ROW = 64;

    private final int tileColumns;
    private final int width;
    private final int height;
    /** Per world column: the tile column there, or -1 in a gap; and the slice column in the tile. */
    private final int[] xTile;
    private final int[] xCol;
    /** Per world row: the tile row there, or -1 in a gap; and the slice row in the tile. */
    private final int[] yTile;
    private final int[] yRow;
    /** Per tile (tileRow * tileColumns + tileColumn): the segment drawn there, or -1. */
    private final int[] grid;
    private final int[] segmentX;
    private final int[] segmentY;

    SliceLayout(List<SegmentSlices> segments, int tileColumns) {
        this.tileColumns = Math.max(1, tileColumns);
        int n = segments.size();
        int[] tileRowOf = new int[n];
        int[] tileColOf = new int[n];
        int tileRows = 0;
        int col = this.tileColumns;
        int previousArena = Integer.MIN_VALUE;
        boolean[] arenaBreak = new boolean[n + 1];
        for (int i = 0; i < n; i++) {
            int arena = segments.get(i).arena();
            if (col == this.tileColumns || (i > 0 && arena != previousArena)) {
                arenaBreak[tileRows] = i > 0 && arena != previousArena;
                tileRows++;
                col = 0;
            }
            previousArena = arena;
            tileRowOf[i] = tileRows - 1;
            tileColOf[i] = col++;
        }
        int[] tileHeight = new int[tileRows];
        grid = new int[tileRows * this.tileColumns];
        Arrays.fill(grid, -1);
        for (int i = 0; i < n; i++) {
            int rows = (segments.get(i).sliceCount() + SLICES_PER_ROW - 1) / SLICES_PER_ROW;
            tileHeight[tileRowOf[i]] = Math.max(tileHeight[tileRowOf[i]], rows);
            grid[tileRowOf[i] * this.tileColumns + tileColOf[i]] = i;
        }
        int usedColumns = 0;
        for (int i = 0; i < n; i++) {
            usedColumns = Math.max(usedColumns, tileColOf[i] + 1);
        }
        width = usedColumns * (SLICES_PER_ROW + 1);
        xTile = new int[width];
        xCol = new int[width];
        for (int x = 0; x < width; x++) {
            int inTile = x % (SLICES_PER_ROW + 1);
            xTile[x] = inTile < SLICES_PER_ROW ? x / (SLICES_PER_ROW + 1) : -1;
            xCol[x] = inTile;
        }
        int[] tileTop = new int[tileRows];
        int h = 0;
        for (int t = 0; t < tileRows; t++) {
            h += arenaBreak[t] ? 1 : 0;
            tileTop[t] = h;
            h += tileHeight[t] + 1;
        }
        height = h;
        yTile = new int[height];
        yRow = new int[height];
        Arrays.fill(yTile, -1);
        for (int t = 0; t < tileRows; t++) {
            for (int r = 0; r < tileHeight[t]; r++) {
                yTile[tileTop[t] + r] = t;
                yRow[tileTop[t] + r] = r;
            }
        }
        segmentX = new int[n];
        segmentY = new int[n];
        for (int i = 0; i < n; i++) {
            segmentX[i] = tileColOf[i] * (SLICES_PER_ROW + 1);
            segmentY[i] = tileTop[tileRowOf[i]];
        }
    }

    /** The number of tile columns that gives the largest cells for a {@code w × h} view. */
    static int bestTileColumns(List<SegmentSlices> segments, double w, double h) {
        int best = 1;
        double bestScale = 0;
        for (int t = 1; t <= Math.max(1, Math.min(64, segments.size())); t++) {
            SliceLayout l = new SliceLayout(segments, t);
            double s = Math.min(w / Math.max(1, l.width()), h / Math.max(1, l.height()));
            if (s > bestScale * 1.001) {
                bestScale = s;
                best = t;
            }
        }
        return best;
    }

    int tileColumns() {
        return tileColumns;
    }

    /** World width in cells. */
    int width() {
        return width;
    }

    /** World height in cells. */
    int height() {
        return height;
    }

    /** The tile column at world column {@code x}, or -1 in a gap or outside. */
    int tileAtX(int x) {
        return x >= 0 && x < width ? xTile[x] : -1;
    }

    /** The slice column inside its tile at world column {@code x} (valid when tileAtX ≥ 0). */
    int columnInTile(int x) {
        return xCol[x];
    }

    /** The tile row at world row {@code y}, or -1 in a gap or outside. */
    int tileAtY(int y) {
        return y >= 0 && y < height ? yTile[y] : -1;
    }

    int rowInTile(int y) {
        return yRow[y];
    }

    /** The segment in tile (tileRow, tileColumn), or -1 if that tile is empty. */
    int segmentAt(int tileRow, int tileColumn) {
        return grid[tileRow * tileColumns + tileColumn];
    }

    /** The slice at world cell (x, y), as {segment, slice}, or null. */
    int[] sliceAt(int x, int y, List<SegmentSlices> segments) {
        int tc = tileAtX(x);
        int tr = tileAtY(y);
        if (tc < 0 || tr < 0) {
            return null;
        }
        int seg = segmentAt(tr, tc);
        if (seg < 0) {
            return null;
        }
        int slice = rowInTile(y) * SLICES_PER_ROW + columnInTile(x);
        return slice < segments.get(seg).sliceCount() ? new int[] {seg, slice} : null;
    }

    /** World column of {@code slice} of {@code segment}. */
    int xOf(int segment, int slice) {
        return segmentX[segment] + slice % SLICES_PER_ROW;
    }

    /** World row of {@code slice} of {@code segment}. */
    int yOf(int segment, int slice) {
        return segmentY[segment] + slice / SLICES_PER_ROW;
    }
}
