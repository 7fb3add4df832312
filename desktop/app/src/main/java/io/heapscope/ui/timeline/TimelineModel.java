package io.heapscope.ui.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

import io.heapscope.ui.theme.Bytes;
import io.heapscope.ui.theme.Palette;

/**
 * The timeline's data and geometry: one point per step, five series, markers for breakpoints
 * and events, mapping between steps and x, and the CSV export. Tested without a stage.
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

    static final double LEFT = 64;
    static final double RIGHT = 12;
    static final double TOP = 10;
    static final double BOTTOM = 22;

    private final List<TimelinePoint> points = new ArrayList<>();
    private final Set<Long> breakpointSteps = new TreeSet<>();
    private long current = -1;

    void setPoints(List<TimelinePoint> p) {
        points.clear();
        points.addAll(p);
    }

    List<TimelinePoint> points() {
        return points;
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

    long maxStep() {
        return points.isEmpty() ? 1 : Math.max(1, points.get(points.size() - 1).step());
    }

    /** The series the backend measured (at least one point is not UNMEASURED). */
    List<Series> measured() {
        return SERIES.stream()
                .filter(s -> points.stream().anyMatch(p -> s.value().applyAsLong(p) != TimelinePoint.UNMEASURED))
                .toList();
    }

    /**
     * The top of the y axis: the largest committed, in-use, pending or RSS figure. Reserved
     * address space is usually far larger (a 1 GiB arena for a few MiB of data), so it is drawn
     * clipped at the top rather than flattening every other line.
     */
    long maxValue() {
        long max = 1;
        for (TimelinePoint p : points) {
            for (Series s : SERIES) {
                if (!s.name().equals("reserved")) {
                    max = Math.max(max, s.value().applyAsLong(p));
                }
            }
        }
        return max + max / 10;
    }

    /** True when reserved address space goes above the axis (and is drawn clipped). */
    boolean reservedOffScale() {
        long max = maxValue();
        return points.stream().anyMatch(p -> p.reserved() > max);
    }

    double x(long step, double width) {
        return LEFT + (width - LEFT - RIGHT) * step / (double) maxStep();
    }

    double y(long value, double height) {
        double v = Math.min(1, value / (double) maxValue());
        return TOP + (height - TOP - BOTTOM) * (1 - v);
    }

    /** The step whose point is nearest to x, or -1 without points. */
    long stepAt(double x, double width) {
        if (points.isEmpty()) {
            return -1;
        }
        double fraction = (x - LEFT) / Math.max(1, width - LEFT - RIGHT);
        long target = Math.round(Math.max(0, Math.min(1, fraction)) * maxStep());
        TimelinePoint best = points.get(0);
        for (TimelinePoint p : points) {
            if (Math.abs(p.step() - target) < Math.abs(best.step() - target)) {
                best = p;
            }
        }
        return best.step();
    }

    /** The figures at {@code step}, for the tooltip. */
    String describe(long step) {
        for (TimelinePoint p : points) {
            if (p.step() == step) {
                StringBuilder b = new StringBuilder("Step " + step + " (click to go there)");
                for (Series s : SERIES) {
                    long v = s.value().applyAsLong(p);
                    b.append('\n').append(s.name()).append(": ")
                            .append(v == TimelinePoint.UNMEASURED ? "not measured on this backend" : Bytes.format(v));
                }
                if (p.events() > 0) {
                    b.append('\n').append(p.events()).append(" allocator events");
                }
                return b.toString();
            }
        }
        return "";
    }

    /** step,reserved,committed,in_use,pending,rss,events — one line per step, bytes; empty when not measured. */
    String toCsv() {
        StringBuilder b = new StringBuilder("step,reserved,committed,in_use,pending,rss,events\n");
        for (TimelinePoint p : points) {
            b.append(p.step());
            for (Series s : SERIES) {
                long v = s.value().applyAsLong(p);
                b.append(',').append(v == TimelinePoint.UNMEASURED ? "" : Long.toString(v));
            }
            b.append(',').append(p.events()).append('\n');
        }
        return b.toString();
    }
}
