package io.heapscope.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TimelineModelTest {

    private final TimelineModel model = new TimelineModel();

    @Test
    void mapsStepsToXAndBackToTheNearestPoint() {
        model.setPoints(List.of(new TimelinePoint(0, 0, 0, 0, 0, 0, 0), new TimelinePoint(10, 100, 50, 40, 0, 60, 2),
                new TimelinePoint(20, 100, 80, 40, 30, 90, 0)));
        double w = 1000;
        assertEquals(TimelineModel.LEFT, model.x(0, w));
        assertEquals(w - TimelineModel.RIGHT, model.x(20, w));
        assertEquals(10, model.stepAt(model.x(10, w) + 3, w));
        assertEquals(20, model.stepAt(5000, w), "clicks past the end go to the last step");
        assertTrue(model.y(80, 200) < model.y(0, 200), "more bytes are higher");
        assertTrue(model.reservedOffScale(), "reserved 100 is above the axis of the other lines (max 90)");
    }

    @Test
    void describesAStepAndExportsCsv() {
        model.setPoints(List.of(new TimelinePoint(3, 1 << 30, 1 << 20, 4096, 8192, 1 << 21, 5)));
        String text = model.describe(3);
        assertTrue(text.contains("pending: 8 KiB"), text);
        assertTrue(text.contains("5 allocator events"), text);
        assertEquals("step,reserved,committed,in_use,pending,rss,events\n3,1073741824,1048576,4096,8192,2097152,5\n",
                model.toCsv());
    }

    @Test
    void aSystemBackendShowsOnlyWhatItMeasures() {
        long n = TimelinePoint.UNMEASURED;
        model.setPoints(List.of(new TimelinePoint(0, n, n, n, n, 5 << 20, 0), new TimelinePoint(4, n, n, n, n, 9 << 20, 1)));
        assertEquals(List.of("RSS"), model.measured().stream().map(TimelineModel.Series::name).toList());
        String text = model.describe(4);
        assertTrue(text.contains("pending: not measured on this backend"), text);
        assertTrue(text.contains("RSS: 9 MiB"), text);
        assertEquals("step,reserved,committed,in_use,pending,rss,events\n0,,,,,5242880,0\n4,,,,,9437184,1\n",
                model.toCsv());
    }
}
