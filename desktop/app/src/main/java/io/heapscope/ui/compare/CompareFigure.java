package io.heapscope.ui.compare;

import io.heapscope.engine.Comparison;
import io.heapscope.engine.Figures;

/** The figures the compare view draws and tabulates, read from a column's {@link Figures} and extras; -1 when unmeasurable. */
public enum CompareFigure {
    RSS("rss", true),
    COMMITTED("committed", true),
    IN_USE("in_use", true),
    HELD_FREE("held_free", true),
    PENDING("pending", true),
    PAGES("pages", false),
    PARTIAL_PAGES("partial_pages", false);

    private final String word;
    private final boolean bytes;

    CompareFigure(String word, boolean bytes) {
        this.word = word;
        this.bytes = bytes;
    }

    /** The metric's name, as expects and the CSV write it. */
    public String word() {
        return word;
    }

    public boolean bytes() {
        return bytes;
    }

    public long read(Figures f, Comparison.Extra x) {
        return switch (this) {
            case RSS -> f.rss();
            case COMMITTED -> f.committed();
            case IN_USE -> f.inUse();
            case HELD_FREE -> x.heldFree();
            case PENDING -> f.pending();
            case PAGES -> f.pages();
            case PARTIAL_PAGES -> x.partialPages();
        };
    }

    @Override
    public String toString() {
        return word;
    }
}
