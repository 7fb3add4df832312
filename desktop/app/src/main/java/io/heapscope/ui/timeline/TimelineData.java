package io.heapscope.ui.timeline;

import java.util.List;

/**
 * What the timeline draws: the engine's history (one point per sampled step, in step order), the
 * scenario's marks, and the length of the run (the x axis spans it, so it does not rescale as
 * the run goes on).
 */
public record TimelineData(List<TimelinePoint> points, List<TimelineMark> marks, long totalSteps) {

    public static final TimelineData EMPTY = new TimelineData(List.of(), List.of(), 0);

    public TimelineData {
        points = List.copyOf(points);
        marks = List.copyOf(marks);
    }

    /** The history alone (a saved snapshot: no program, so no marks); the axis ends at its last point. */
    public static TimelineData of(List<TimelinePoint> points) {
        return new TimelineData(points, List.of(), points.isEmpty() ? 0 : points.getLast().step());
    }
}
