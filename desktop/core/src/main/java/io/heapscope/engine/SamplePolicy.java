package io.heapscope.engine;

/**
 * When a run records {@link Figures} for the history besides where it stops: every
 * {@code everySteps} steps (0 = never by count) and every {@code everyMillis} ms of wall time
 * (0 = never by time). Each sample costs a snapshot delta.
 */
public record SamplePolicy(long everySteps, long everyMillis) {

    /** No samples but where commands stop, marks and expects. */
    public static final SamplePolicy STOPS_ONLY = new SamplePolicy(0, 0);

    /** For a window: a timeline point about every 20 ms while running. */
    public static final SamplePolicy INTERACTIVE = new SamplePolicy(0, 20);

    public SamplePolicy {
        if (everySteps < 0 || everyMillis < 0) {
            throw new IllegalArgumentException("negative sample interval");
        }
    }

    public static SamplePolicy everyStep() {
        return new SamplePolicy(1, 0);
    }
}
