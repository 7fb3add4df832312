package io.heapscope.engine;

import io.heapscope.model.Snapshot;
import io.heapscope.scenario.lang.Metric;
import java.util.List;
import java.util.Optional;

/**
 * The summary figures of one step, for timelines and the history CSV. Byte counts are bytes;
 * figures the backend cannot measure are -1.
 *
 * @param step       steps executed when the figures were taken (0 = at the start)
 * @param ops        scenario ops executed
 * @param clockNanos the virtual clock
 * @param events     allocator events caused since the run started
 */
public record Figures(long step, long ops, long clockNanos, long rss, long reserved, long committed,
                      long inUse, long pending, long pages, long segments, long abandonedSegments,
                      long events) {

    /** The column names of {@link #values()}, in order. */
    public static final List<String> COLUMNS = List.of("step", "ops", "clock_ns", "rss", "reserved",
            "committed", "in_use", "pending", "pages", "segments", "abandoned_segments", "events");

    static Figures of(long step, long ops, long events, MetricValues values) {
        return new Figures(step, ops, values.clockNanos(), read(values, Metric.RSS),
                read(values, Metric.RESERVED), read(values, Metric.COMMITTED), read(values, Metric.IN_USE),
                read(values, Metric.PENDING), read(values, Metric.PAGES), read(values, Metric.SEGMENTS),
                read(values, Metric.ABANDONED_SEGMENTS), events);
    }

    /**
     * The figures a snapshot alone tells, for a step whose run figures are not at hand: the
     * ops and events counts are not in a snapshot, so they are -1.
     */
    public static Figures fromSnapshot(long step, Snapshot snapshot, boolean core) {
        return of(step, -1, -1, new MetricValues(snapshot, snapshot.clockMs() * 1_000_000, List.of(), core));
    }

    private static long read(MetricValues values, Metric metric) {
        try {
            return (long) values.read(metric, Optional.empty());
        } catch (MetricValues.Unavailable e) {
            return -1;
        }
    }

    /** The figures in {@link #COLUMNS} order. */
    public long[] values() {
        return new long[] {step, ops, clockNanos, rss, reserved, committed, inUse, pending, pages,
            segments, abandonedSegments, events};
    }
}
