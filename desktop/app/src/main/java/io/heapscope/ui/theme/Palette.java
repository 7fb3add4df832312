package io.heapscope.ui.theme;

/**
 * Every colour with a meaning, in one place. The same meaning has the same colour in every view
 * (the address space, the page inspector, the threads table, the timeline), and
 * {@code heapscope.css} declares the same values as looked-up colours ({@code -hs-…}) for
 * controls styled by CSS. {@code PaletteCssTest} keeps the two in step.
 *
 * <p>Families: blue/violet = memory holding blocks (pages, blocks in use); green = free and
 * reusable; teal = freed by the owner, reusable after its next collect; orange = freed by another
 * thread and stranded until the owner collects (the cigarette number); red = the delayed-free
 * notification; greys = not usable (metadata, uncommitted, purged).
 * Values are opaque ARGB ints, ready for a {@code PixelBuffer}.
 */
public final class Palette {

    private Palette() {
    }

    // --- what a slice of a segment holds -------------------------------------------------
    public static final int SLICE_META = 0xFF475569;
    public static final int SLICE_SMALL = 0xFF60A5FA;
    public static final int SLICE_MEDIUM = 0xFF818CF8;
    public static final int SLICE_LARGE = 0xFFA78BFA;
    public static final int SLICE_HUGE = 0xFFC084FC;
    public static final int SLICE_FREE = 0xFFBBF7D0;
    public static final int SLICE_PURGED = 0xFFCBD5E1;
    public static final int SLICE_UNCOMMITTED = 0xFFF1F5F9;

    // --- the state of one block in a page --------------------------------------------------
    public static final int BLOCK_IN_USE = 0xFF3B82F6;
    public static final int BLOCK_FREE = 0xFF22C55E;
    public static final int BLOCK_LOCAL_FREE = 0xFF14B8A6;
    public static final int BLOCK_THREAD_FREE = 0xFFF97316;
    public static final int BLOCK_DELAYED = 0xFFEF4444;
    public static final int BLOCK_UNEXTENDED = 0xFFE5E7EB;

    // --- owners ------------------------------------------------------------------------------
    /** A segment whose owner thread has exited and that no thread has reclaimed yet. */
    public static final int OWNER_ABANDONED = 0xFF1F2937;
    /** Memory no thread owns (free spans of an unowned segment, arena space not in use). */
    public static final int OWNER_NONE = 0xFFE5E7EB;
    private static final int[] THREADS = {
        0xFF2563EB, 0xFFD97706, 0xFF059669, 0xFFDB2777,
        0xFF7C3AED, 0xFF0891B2, 0xFF65A30D, 0xFFB91C1C,
    };

    // --- timeline series (in use and pending reuse the block colours) ----------------------------
    public static final int SERIES_RESERVED = 0xFF94A3B8;
    public static final int SERIES_COMMITTED = 0xFF475569;
    public static final int SERIES_RSS = 0xFF111827;
    public static final int MARKER_BREAKPOINT = 0xFFDC2626;
    public static final int MARKER_EVENT = 0xFF7C3AED;
    /** A scenario's {@code mark} line, on the timeline's x axis. */
    public static final int MARKER_MARK = 0xFF6B7280;
    /** The current step, on the timeline. */
    public static final int CURRENT_STEP = 0xFFF59E0B;

    // --- chrome of the pixel views -------------------------------------------------------------
    public static final int BACKGROUND = 0xFFFFFFFF;
    public static final int GRID_LINE = 0xFFFFFFFF;
    public static final int HOVER = 0xFF111827;
    public static final int SELECTION = 0xFFDC2626;
    public static final int VIEWPORT = 0xFFDC2626;

    /** The colour of scenario thread {@code index} (0-based, in the order threads appear). */
    public static int thread(int index) {
        return THREADS[Math.floorMod(index, THREADS.length)];
    }

    /** How many thread colours exist before they repeat. */
    public static int threadColourCount() {
        return THREADS.length;
    }

    /** {@code argb} as a CSS colour, {@code #rrggbb}. */
    public static String css(int argb) {
        return String.format("#%06x", argb & 0xFFFFFF);
    }

    /** {@code argb} with each channel scaled by {@code factor} (0..1 darkens), alpha kept. */
    public static int shade(int argb, double factor) {
        int r = clamp((int) (((argb >> 16) & 0xFF) * factor));
        int g = clamp((int) (((argb >> 8) & 0xFF) * factor));
        int b = clamp((int) ((argb & 0xFF) * factor));
        return (argb & 0xFF000000) | (r << 16) | (g << 8) | b;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
