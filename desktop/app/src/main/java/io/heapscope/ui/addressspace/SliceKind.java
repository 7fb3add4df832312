package io.heapscope.ui.addressspace;

import io.heapscope.ui.theme.Palette;

/** What one 64 KiB slice of a segment holds, as the address-space view colours it. */
public enum SliceKind {
    META("segment metadata", Palette.SLICE_META,
            "The segment's own header (its slice table, commit masks); holds no blocks."),
    SMALL("small page", Palette.SLICE_SMALL,
            "Part of a small page (one slice, blocks up to 16 KiB)."),
    MEDIUM("medium page", Palette.SLICE_MEDIUM,
            "Part of a medium page (8 slices, blocks up to 128 KiB)."),
    LARGE("large page", Palette.SLICE_LARGE,
            "Part of a large page (one block up to 16 MiB, a span of slices)."),
    HUGE("huge page", Palette.SLICE_HUGE,
            "Part of a huge page: a dedicated segment holding one block over 16 MiB."),
    FREE("free span", Palette.SLICE_FREE,
            "Committed memory in a free span, ready for a new page without asking the OS."),
    PURGED("purged", Palette.SLICE_PURGED,
            "A free span whose memory was given back to the OS (reset or decommitted) after the purge delay."),
    UNCOMMITTED("uncommitted", Palette.SLICE_UNCOMMITTED,
            "Reserved address space never committed: costs no memory.");

    private static final SliceKind[] VALUES = values();

    private final String label;
    private final int argb;
    private final String explanation;

    SliceKind(String label, int argb, String explanation) {
        this.label = label;
        this.argb = argb;
        this.explanation = explanation;
    }

    public String label() {
        return label;
    }

    public int argb() {
        return argb;
    }

    /** One sentence for the legend's tooltip: what this colour means. */
    public String explanation() {
        return explanation;
    }

    /** True for slices that belong to a page (hold blocks). */
    public boolean isPage() {
        return this == SMALL || this == MEDIUM || this == LARGE || this == HUGE;
    }

    /** The kind with ordinal {@code code}, as stored in {@link SegmentSlices#kinds()}. */
    public static SliceKind of(byte code) {
        return VALUES[code];
    }

    public byte code() {
        return (byte) ordinal();
    }
}
