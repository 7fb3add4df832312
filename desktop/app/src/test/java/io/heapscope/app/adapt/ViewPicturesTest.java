package io.heapscope.app.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.heapscope.engine.Figures;
import io.heapscope.ui.timeline.TimelinePoint;

class ViewPicturesTest {

    private static Figures at(long step, long events, long rss) {
        return new Figures(step, step * 2, 0, rss, -1, -1, -1, -1, -1, -1, -1, events);
    }

    @Test
    void timelinePointsCountTheEventsSinceThePreviousSampleAndHideUnmeasuredFigures() {
        List<TimelinePoint> t = ViewPictures.timeline(List.of(at(0, 0, 100), at(5, 3, 200), at(9, 3, 300), at(12, 10, 50)));
        assertEquals(List.of(0, 3, 0, 7), t.stream().map(TimelinePoint::events).toList());
        assertEquals(200, t.get(1).rss());
        assertEquals(TimelinePoint.UNMEASURED, t.get(1).committed(),
                "a system backend's unmeasured figure stays unmeasured (the timeline hides it), not 0");
    }
}
