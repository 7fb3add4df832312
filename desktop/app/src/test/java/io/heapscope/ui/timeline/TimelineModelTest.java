package io.heapscope.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.junit.jupiter.api.Test;

class TimelineModelTest {

    /** As wide as the 11 px font's widest figures (digits, "MiB"), so a layout that fits with it fits on screen. */
    private static final ToDoubleFunction<String> WIDE = s -> 6.5 * s.length();

    private final TimelineModel model = new TimelineModel();

    private static TimelinePoint point(long step, long clock, long reserved, long committed, long inUse, long pending,
                                       long rss, int events) {
        return new TimelinePoint(step, clock, reserved, committed, inUse, pending, rss, events);
    }

    @Test
    void mapsStepsToXAndXToTheStepUnderIt() {
        model.setPoints(List.of(point(0, 0, 0, 0, 0, 0, 0, 0), point(10, 0, 100, 50, 40, 0, 60, 2),
                point(20, 0, 100, 80, 40, 30, 90, 0)));
        double w = 1000;
        assertEquals(TimelineModel.LEFT, model.x(0, w));
        assertEquals(w - TimelineModel.RIGHT, model.x(20, w));
        assertEquals(13, model.stepAt(model.x(13, w), w), "the step under the mouse, not the nearest sample");
        assertEquals(20, model.stepAt(5000, w), "clicks past the end go to the last step");
        assertTrue(model.y(80, 200) < model.y(0, 200), "more bytes are higher");
        assertTrue(model.reservedOffScale(), "reserved 100 is above the axis of the other lines (max 90)");
    }

    @Test
    void betweenSamplesTheFiguresOfTheLatestSampleHold() {
        model.setPoints(List.of(point(0, 0, 0, 0, 0, 0, 1 << 20, 0),
                point(40, 2_000_000, 1 << 30, 32 << 20, 4096, 8192, 2 << 20, 5)));
        assertEquals(0, model.sampleAt(39).step(), "step 39 still shows step 0's figures");
        assertEquals(40, model.sampleAt(40).step());
        assertEquals(40, model.sampleAt(1_000).step());
        String mid = model.describe(20);
        assertTrue(mid.startsWith("Step 20 (click to go there)\nfigures sampled at step 0"), mid);
        assertTrue(mid.contains("committed: 0 B"), "no ramp: committed is 0 until the sample that saw it: " + mid);
        String at = model.describe(40);
        assertTrue(at.contains("figures at this step, virtual time 2 ms"), at);
        assertTrue(at.contains("pending: 8 KiB"), at);
        assertTrue(at.contains("5 allocator events"), at);
    }

    @Test
    void theAxisSpansTheWholeRunAndNamesTheMarks() {
        model.setData(new TimelineData(List.of(point(0, 0, 0, 0, 0, 0, 1, 0), point(100, 0, 0, 0, 0, 0, 5, 0)),
                List.of(new TimelineMark(0, "start"), new TimelineMark(8192, "loaded")), 40_969));
        assertEquals(40_969, model.maxStep(), "the axis does not rescale as the run goes on");
        List<String> texts = TimelineLabels.layout(model, 900, 200, WIDE).stream().map(TimelineLabels.Label::text).toList();
        assertTrue(texts.containsAll(List.of("start", "loaded", "step", "time", "0", "40,969", "0 ms")), texts.toString());
        assertTrue(model.describe(8192).contains("mark loaded"), model.describe(8192));
    }

    @Test
    void noLabelCoversThePlotOrAnotherLabel() {
        for (double[] size : new double[][] {{900, 200}, {420, 120}, {1600, 300}, {260, 90}}) {
            double w = size[0];
            double h = size[1];
            List<TimelinePoint> points = new ArrayList<>();
            for (long s = 0; s <= 40_969; s += 40) {
                points.add(point(s, s > 40_900 ? 5_000_000_000L : 0, 1L << 30, 64L << 20, s * 400, s * 300, 36L << 20, 1));
            }
            model.setData(new TimelineData(points, List.of(new TimelineMark(0, "start"),
                    new TimelineMark(8_193, "loaded"), new TimelineMark(8_200, "overlapping")), 40_969));
            List<TimelineLabels.Label> labels = TimelineLabels.layout(model, w, h, WIDE);
            for (TimelineLabels.Label l : labels) {
                assertFalse(l.overlaps(TimelineModel.LEFT, TimelineModel.TOP, w - TimelineModel.RIGHT,
                        h - TimelineModel.BOTTOM), l + " lies on the plot of " + w + "x" + h);
                assertTrue(l.x() >= 0 && l.x() + l.width() <= w && l.top() >= 0 && l.bottom() <= h,
                        l + " is outside the " + w + "x" + h + " canvas");
                for (TimelineLabels.Label o : labels) {
                    assertTrue(o == l || !o.overlaps(l), l + " overlaps " + o);
                }
            }
            assertTrue(labels.stream().anyMatch(l -> l.text().equals("5 s")), "the virtual time at the end: " + labels);
        }
    }

    @Test
    void ticksAreRoundAndEndAtTheLastStep() {
        assertEquals(List.of(1L, 2L, 5L, 10L, 5_000L), List.of(TimelineLabels.nice(0.3), TimelineLabels.nice(1.5),
                TimelineLabels.nice(4.2), TimelineLabels.nice(6), TimelineLabels.nice(4_100)));
        model.setData(new TimelineData(List.of(point(0, 0, 0, 0, 0, 0, 1, 0)), List.of(), 40_969));
        List<Long> ticks = TimelineLabels.ticks(model, 1000, WIDE);
        assertTrue(ticks.contains(40_969L) && ticks.contains(0L), ticks.toString());
        assertTrue(ticks.stream().allMatch(t -> t == 40_969 || t % 5_000 == 0), ticks.toString());
    }

    @Test
    void aSystemBackendShowsOnlyWhatItMeasures() {
        long n = TimelinePoint.UNMEASURED;
        model.setPoints(List.of(point(0, 0, n, n, n, n, 5 << 20, 0), point(4, 0, n, n, n, n, 9 << 20, 1)));
        assertEquals(List.of("RSS"), model.measured().stream().map(TimelineModel.Series::name).toList());
        String text = model.describe(4);
        assertTrue(text.contains("pending: not measured on this backend"), text);
        assertTrue(text.contains("RSS: 9 MiB"), text);
        assertNull(new TimelineModel().sampleAt(3), "no figures before any sample");
    }
}
