package io.heapscope.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javafx.scene.Scene;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The timeline on a stage, measured in its real font: labels stay off the lines, hover tells the held figures. */
@ExtendWith(ApplicationExtension.class)
class TimelineViewTest {

    private TimelineView view;

    @Start
    void start(Stage stage) {
        view = new TimelineView();
        stage.setScene(new Scene(view, 760, 220));
        stage.show();
        List<TimelinePoint> points = new ArrayList<>();
        for (long s = 0; s <= 40_969; s += 40) {
            long inUse = Math.min(s, 16_385) * 1024;
            points.add(new TimelinePoint(s, s >= 40_960 ? 5_000_000_000L : 0, 1L << 30, 64L << 20, inUse,
                    s > 16_385 ? (s - 16_385) * 680 : 0, 36L << 20, 3));
        }
        view.show(new TimelineData(points, List.of(new TimelineMark(0, "start"), new TimelineMark(16_385, "loaded")),
                40_969), 20_000, Set.of(16_386L));
    }

    @Test
    void labelsInTheRealFontKeepOffThePlotAndEachOther(FxRobot robot) {
        robot.interact(() -> {
            double w = view.plotWidth();
            double h = view.plotHeight();
            List<TimelineLabels.Label> labels = view.labels();
            List<String> texts = labels.stream().map(TimelineLabels.Label::text).toList();
            assertTrue(texts.containsAll(List.of("start", "loaded", "step", "time", "0", "40,969", "5 s")), texts.toString());
            for (TimelineLabels.Label l : labels) {
                assertFalse(l.overlaps(TimelineModel.LEFT, TimelineModel.TOP, w - TimelineModel.RIGHT,
                        h - TimelineModel.BOTTOM), l + " lies on the plot");
                assertTrue(l.x() >= 0 && l.x() + l.width() <= w, l + " is cut off at the canvas edge " + w);
                for (TimelineLabels.Label o : labels) {
                    assertTrue(o == l || !o.overlaps(l), l + " overlaps " + o);
                }
            }
        });
    }

    @Test
    void hoverBetweenSamplesNamesTheStepUnderTheMouseAndTheSampleWhoseFiguresHold(FxRobot robot) {
        robot.interact(() -> {
            String text = view.describeAt(view.xOf(20_020));
            assertTrue(text.startsWith("Step 20020 (click to go there)\nfigures sampled at step 20000, virtual time 0 ms"),
                    text);
            assertTrue(text.contains("in use: 16.0 MiB"), text);
        });
    }
}
