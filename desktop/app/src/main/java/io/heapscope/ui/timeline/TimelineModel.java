package io.heapscope.ui.timeline;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

import io.heapscope.ui.theme.Bytes;
import io.heapscope.ui.theme.Palette;
import io.heapscope.ui.theme.VirtualTime;

/**
 * The timeline's data and geometry: the engine's sampled points, five series, the marks and
 * breakpoint stops, and the mapping between steps and x. A sample's figures hold until the next
 * sample, so the value at a step is the one of the latest sample at or before it. Tested without
 * a stage.
 */
final class TimelineModel {

    /** One line of the chart. */
    record Series(String name, int argb, String explanation, ToLongFunction<TimelinePoint> value) {
    }

    static final List<Series> SERIES = List.of(
            new Series("reserved", Palette.SERIES_RESERVED, "Address space reserved from the OS", TimelinePoint::reserved),
            new Series("committed", Palette.SERIES_COMMITTED, "Reserved memory that is committed", TimelinePoint::committed),
            new Series("in use", Palette.BLOCK_IN_USE, "Bytes in blocks handed out and not freed", TimelinePoint::inUse),
            new Series("pending", Palette.BLOCK_THREAD_FREE,
                    "Bytes freed by other threads that wait for their owner to collect them", TimelinePoint::pending),
            new Series("RSS", Palette.SERIES_RSS, "Resident memory of the agent process", TimelinePoint::rss));

    /** The plot's margins: y labels on the left, marks on top, step and time labels below. */
    static final double LEFT = 72;
    static final double RIGHT = 14;
    static final double TOP = 18;
    static final double BOTTOM = 38;

    private TimelineData data = TimelineData.EMPTY;
    private final Set<Long> breakpointSteps = new TreeSet<>();
    private long current = -1;
    private long maxValue = 1;

    void setData(TimelineData d) {
        data = d;
        long max = 1;
        for (TimelinePoint p : d.points()) {
            for (Series s : SERIES) {
                if (!s.name().equals("reserved")) {
                    max = Math.max(max, s.value().applyAsLong(p));
                }
            }
        }
        maxValue = max + max / 10;
    }

    /** For tests: points only, the axis ending at the last one. */
    void setPoints(List<TimelinePoint> points) {
        setData(TimelineData.of(points));
    }

    List<TimelinePoint> points() {
        return data.points();
    }

    List<TimelineMark> marks() {
        return data.marks();
    }

    void setBreakpointSteps(Set<Long> steps) {
        breakpointSteps.clear();
        breakpointSteps.addAll(steps);
    }

    Set<Long> breakpointSteps() {
        return breakpointSteps;
    }

    void setCurrent(long step) {
        current = step;
    }

    long current() {
        return current;
    }

    /** The last step of the x axis: the run's length, or the last sample if beyond it. */
    long maxStep() {
        long last = data.points().isEmpty() ? 0 : data.points().getLast().step();
        return Math.max(1, Math.max(last, data.totalSteps()));
    }

    /** The series the backend measured (at least one point is not UNMEASURED). */
    List<Series> measured() {
        return SERIES.stream()
                .filter(s -> data.points().stream().anyMatch(p -> s.value().applyAsLong(p) != TimelinePoint.UNMEASURED))
                .toList();
    }

    /**
     * The top of the y axis: the largest committed, in-use, pending or RSS figure. Reserved
     * address space is usually far larger (a 1 GiB arena for a few MiB of data), so it is drawn
     * clipped at the top rather than flattening every other line.
     */
    long maxValue() {
        return maxValue;
    }

    /** True when reserved address space goes above the axis (and is drawn clipped). */
    boolean reservedOffScale() {
        return data.points().stream().anyMatch(p -> p.reserved() > maxValue);
    }

    double x(long step, double width) {
        return LEFT + (width - LEFT - RIGHT) * step / (double) maxStep();
    }

    double y(long value, double height) {
        double v = Math.min(1, Math.max(0, value) / (double) maxValue);
        return TOP + (height - TOP - BOTTOM) * (1 - v);
    }

    /** The step under x (clamped to the axis), or -1 without points. */
    long stepAt(double x, double width) {
        if (data.points().isEmpty()) {
            return -1;
        }
        double fraction = (x - LEFT) / Math.max(1, width - LEFT - RIGHT);
        return Math.round(Math.max(0, Math.min(1, fraction)) * maxStep());
    }

    /** The latest sample at or before {@code step} (whose figures hold there), or null before the first. */
    TimelinePoint sampleAt(long step) {
        List<TimelinePoint> points = data.points();
        int lo = 0;
        int hi = points.size() - 1;
        TimelinePoint found = null;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (points.get(mid).step() <= step) {
                found = points.get(mid);
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The figures that hold at {@code step}, for the tooltip; empty before the first sample. */
    String describe(long step) {
        TimelinePoint p = sampleAt(step);
        if (p == null) {
            return "";
        }
        StringBuilder b = new StringBuilder("Step " + step + " (click to go there)");
        b.append('\n').append(p.step() == step ? "figures at this step" : "figures sampled at step " + p.step())
                .append(", virtual time ").append(VirtualTime.format(p.clockNanos()));
        for (Series s : SERIES) {
            long v = s.value().applyAsLong(p);
            b.append('\n').append(s.name()).append(": ")
                    .append(v == TimelinePoint.UNMEASURED ? "not measured on this backend" : Bytes.format(v));
        }
        if (p.events() > 0) {
            b.append('\n').append(p.events()).append(" allocator events since the sample before");
        }
        for (TimelineMark m : data.marks()) {
            if (m.step() == step) {
                b.append("\nmark ").append(m.name());
            }
        }
        return b.toString();
    }
}
