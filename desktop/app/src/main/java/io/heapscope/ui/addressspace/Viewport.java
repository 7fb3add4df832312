package io.heapscope.ui.addressspace;

/**
 * Zoom and pan of a pixel view: {@code scale} screen pixels per world cell, and the screen
 * position of the world's origin. Immutable; the model swaps in a new one on every change.
 */
record Viewport(double scale, double originX, double originY) {

    static final double MIN_SCALE = 0.25;
    static final double MAX_SCALE = 64;

    Viewport {
        scale = Math.max(MIN_SCALE, Math.min(MAX_SCALE, scale));
    }

    /** The world cell column (or row) at screen coordinate {@code x} (or y); may be negative. */
    int cellX(double x) {
        return (int) Math.floor((x - originX) / scale);
    }

    int cellY(double y) {
        return (int) Math.floor((y - originY) / scale);
    }

    /** Zooms by {@code factor}, keeping the world point under screen point (px, py) in place. */
    Viewport zoomAt(double factor, double px, double py) {
        double next = Math.max(MIN_SCALE, Math.min(MAX_SCALE, scale * factor));
        double k = next / scale;
        return new Viewport(next, px - (px - originX) * k, py - (py - originY) * k);
    }

    Viewport panBy(double dx, double dy) {
        return new Viewport(scale, originX + dx, originY + dy);
    }

    /** The largest scale at which a world of {@code cols × rows} cells fits in {@code w × h}. */
    static Viewport fit(int cols, int rows, double w, double h, double margin) {
        if (cols <= 0 || rows <= 0 || w <= 2 * margin || h <= 2 * margin) {
            return new Viewport(8, margin, margin);
        }
        double s = Math.min((w - 2 * margin) / cols, (h - 2 * margin) / rows);
        if (s >= 1) {
            s = Math.floor(s);
        }
        return new Viewport(s, margin, margin);
    }
}
