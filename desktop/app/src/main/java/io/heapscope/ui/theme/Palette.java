package io.heapscope.ui.theme;

/**
 * Every colour with a meaning, in one place. The same meaning has the same colour in every view
 * (the address space, the page inspector, the threads table, the timeline), and
 * {@code heapscope.css} declares the same values as looked-up colours ({@code -hs-…}) for
 * controls styled by CSS. {@code PaletteCssTest} keeps the two in step.
 *
 * <p>Families: blue/violet = memory holding blocks (pages, blocks in use); green = free and
 * reusable; teal = freed by the owner, reusable after its next collect; orange = freed by another
 * thread and stranded until the owner collects (the cigarette number); light red = the
 * delayed-free notification; greys = not usable (metadata, uncommitted, purged); fuchsia, light to
 * dark = how full a page is ("By use"). No colour means two things on one screen:
 * {@code PaletteClashTest} keeps every two meanings shown together apart (CIE76 ΔE ≥ 20).
 * Values are opaque ARGB ints, ready for a {@code PixelBuffer}.
 */
public final class Palette {

    private Palette() {
    }

    // --- what a slice of a segment holds -------------------------------------------------
    public static final int SLICE_META = 0xFF44403C;
    public static final int SLICE_SMALL = 0xFF93C5FD;
    public static final int SLICE_MEDIUM = 0xFF0284C7;
    public static final int SLICE_LARGE = 0xFFD8B4FE;
    public static final int SLICE_HUGE = 0xFFC084FC;
    public static final int SLICE_FREE = 0xFFBBF7D0;
    public static final int SLICE_PURGED = 0xFFA8A29E;
    public static final int SLICE_UNCOMMITTED = 0xFFF1F5F9;

    // --- the state of one block in a page --------------------------------------------------
    public static final int BLOCK_IN_USE = 0xFF3B82F6;
    public static final int BLOCK_FREE = 0xFF22C55E;
    public static final int BLOCK_LOCAL_FREE = 0xFF14B8A6;
    public static final int BLOCK_THREAD_FREE = 0xFFF97316;
    public static final int BLOCK_DELAYED = 0xFFF87171;
    public static final int BLOCK_UNEXTENDED = 0xFFE5E7EB;

    // --- owners ------------------------------------------------------------------------------
    /** A segment whose owner thread has exited and that no thread has reclaimed yet. */
    public static final int OWNER_ABANDONED = 0xFF7F1D1D;
    /** Memory no thread owns (free spans of an unowned segment, arena space not in use). */
    public static final int OWNER_NONE = 0xFFFECACA;
    private static final int[] THREADS = {
        0xFF1E40AF, 0xFFDB2777, 0xFF059669, 0xFF713F12,
        0xFF0369A1, 0xFF831843, 0xFF65A30D, 0xFF0891B2,
    };

    // --- "By use": the share of a page's blocks that are live, in four steps ----------------------
    private static final int[] USE = {0xFFF5D0FE, 0xFFE879F9, 0xFFC026D3, 0xFF86198F};
    /** Where each step of {@link #use} ends: at most 10 %, 50 %, 90 %, then up to 100 % live. */
    private static final int[] USE_UPTO = {10, 50, 90, 100};

    // --- timeline series (in use and pending reuse the block colours) ----------------------------
    public static final int SERIES_RESERVED = 0xFF64748B;
    public static final int SERIES_COMMITTED = 0xFF0F766E;
    public static final int SERIES_RSS = 0xFF111827;
    public static final int MARKER_BREAKPOINT = 0xFFE11D48;
    public static final int MARKER_EVENT = 0xFF8B5CF6;
    /** A scenario's {@code mark} line, on the timeline's x axis. */
    public static final int MARKER_MARK = 0xFFA16207;
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

    /** The colour of a page whose blocks are {@code percent} % live (0..100). */
    public static int use(int percent) {
        for (int i = 0; i < USE_UPTO.length; i++) {
            if (percent <= USE_UPTO[i]) {
                return USE[i];
            }
        }
        return USE[USE.length - 1];
    }

    /** The "By use" steps, lightest first: the colour and the highest live share it stands for. */
    public static int[][] useSteps() {
        int[][] steps = new int[USE.length][];
        for (int i = 0; i < USE.length; i++) {
            steps[i] = new int[] {USE[i], USE_UPTO[i]};
        }
        return steps;
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
