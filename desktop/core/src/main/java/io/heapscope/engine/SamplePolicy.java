package io.heapscope.engine;

/**
 * When a run records {@link Figures} for the history besides where it stops, and how often a
 * running command may show the heap as it goes.
 *
 * <p>The history holds every step that is a multiple of {@code everySteps} (0 = none by count),
 * so any run of a program, however it was stepped, samples the same steps; with {@code rows} > 0
 * and no {@code everySteps}, the interval is chosen per program to give about that many rows
 * ({@link #interval}). {@code liveMillis} (0 = never) lets a running command publish the heap
 * about that often without recording it: what the screen draws never becomes the history.
 * Each sample costs a snapshot delta.
 */
public record SamplePolicy(long everySteps, long liveMillis, int rows) {

    /** The rows a history has by default: the command line's export and the window's timeline. */
    public static final int HISTORY_ROWS = 1000;

    /** No samples but where commands stop, marks and expects. */
    public static final SamplePolicy STOPS_ONLY = new SamplePolicy(0, 0, 0);

    /** For a window: the history of about {@link #HISTORY_ROWS} rows, and the heap about every 20 ms while running. */
    public static final SamplePolicy INTERACTIVE = new SamplePolicy(0, 20, HISTORY_ROWS);

    public SamplePolicy {
        if (everySteps < 0 || liveMillis < 0 || rows < 0) {
            throw new IllegalArgumentException("negative sample interval");
        }
    }

    /** Every {@code everySteps}-th step (0 = none by count); live views every {@code liveMillis} ms. */
    public SamplePolicy(long everySteps, long liveMillis) {
        this(everySteps, liveMillis, 0);
    }

    public static SamplePolicy everyStep() {
        return new SamplePolicy(1, 0);
    }

    /** The default history interval for a program of {@code totalSteps}: about {@link #HISTORY_ROWS} rows. */
    public static long interval(long totalSteps) {
        return Math.max(1, totalSteps / HISTORY_ROWS);
    }

    /** This policy for a program of {@code totalSteps} (the interval fixed when it was given in rows). */
    SamplePolicy forProgram(long totalSteps) {
        return everySteps == 0 && rows > 0 ? new SamplePolicy(interval(totalSteps), liveMillis, 0) : this;
    }

    /** Whether the history records the figures at {@code step}. */
    boolean records(long step) {
        return everySteps > 0 && step % everySteps == 0;
    }
}
