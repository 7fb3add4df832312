package io.heapscope.ui.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.app.AppServices;
import io.heapscope.ui.fx.NodePng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The cigarette sample on the core and tcmalloc side by side in the compare view, on real agents:
 * F10 and Shift+F10 move both columns, the table gives the difference to the first column, the
 * timeline draws a curve per column, and each column's expects are listed.
 */
@ExtendWith(ApplicationExtension.class)
class CompareViewTest {

    private CompareView view;

    @Start
    void start(Stage stage) throws Exception {
        Path sample = AppServices.defaultSamplesDir().resolve("cigarette.scenario");
        view = new CompareView();
        stage.setScene(new Scene(view, 1200, 800));
        stage.show();
        view.setScenario(sample.toString(), Files.readString(sample), "core,tcmalloc", true);
    }

    @AfterEach
    void stop() {
        view.session().close();
    }

    private CompareState state() {
        return view.stateProperty().get();
    }

    @Test
    void bothColumnsStepTogetherAndShowTheirSideOfTheStory(FxRobot robot) throws Exception {
        waitUntil(() -> state().columns().size() == 2, "two columns started: " + state().problem());
        assertEquals(0, state().step());
        robot.clickOn("#compare-chart");
        robot.press(KeyCode.F10).release(KeyCode.F10);
        waitUntil(() -> state().step() == 1, "F10 steps every column");
        robot.press(KeyCode.F10).release(KeyCode.F10);
        waitUntil(() -> state().step() == 2, "and again");
        assertTrue(state().columns().stream().allMatch(c -> c.now().step() == 2), "both columns at step 2");
        robot.press(KeyCode.SHIFT, KeyCode.F10).release(KeyCode.F10, KeyCode.SHIFT);
        waitUntil(() -> state().step() == 1, "Shift+F10 steps every column back");
        assertTrue(state().columns().stream().allMatch(c -> c.now().step() == 1));

        robot.press(KeyCode.F5).release(KeyCode.F5);
        waitUntil(() -> state().step() == state().totalSteps() && state().totalSteps() > 0, "F5 runs both to the end");
        WaitForAsyncUtils.waitForFxEvents();
        CompareState end = state();
        CompareState.ColumnState core = end.columns().get(0), tc = end.columns().get(1);
        assertEquals("core", core.label());
        assertTrue(tc.allocator().startsWith("gperftools"), tc.allocator());
        assertTrue(core.value(CompareFigure.PENDING) >= 8192L * 2048, "the core strands the old hotels");
        assertEquals(-1, tc.value(CompareFigure.PENDING), "tcmalloc has no pending figure");

        @SuppressWarnings("unchecked")
        TableView<CompareState.Row> table = robot.lookup("#compare-table").queryAs(TableView.class);
        waitUntil(() -> table.getItems().size() == CompareFigure.values().length, "one row per figure");
        CompareState.Row rss = table.getItems().getFirst();
        assertEquals(CompareFigure.RSS, rss.figure());
        assertTrue(rss.cells().get(1).contains("(−"), "tcmalloc's rss is below the core's: " + rss.cells());
        assertEquals("tcmalloc (vs core)", table.getColumns().get(2).getText());

        @SuppressWarnings("unchecked")
        ListView<String> expects = robot.lookup("#compare-expects").queryAs(ListView.class);
        List<String> lines = List.copyOf(expects.getItems());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("core: ") && l.contains("PASSED: pending(main)")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("tcmalloc: ") && l.contains("PASSED: held_free")), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("tcmalloc: ") && l.contains("pending(main)")),
                "the expects about the core are not checked on tcmalloc: " + lines);
        assertTrue(lines.stream().noneMatch(l -> l.contains("FAILED") || l.contains("UNMEASURABLE")), lines.toString());

        @SuppressWarnings("unchecked")
        LineChart<Number, Number> chart = robot.lookup("#compare-chart").queryAs(LineChart.class);
        assertEquals(2, chart.getData().size(), "a curve per column");
        assertTrue(chart.getData().stream().allMatch(s -> s.getData().size() >= 2), "samples along the run");
        @SuppressWarnings("unchecked")
        ComboBox<CompareFigure> figure = robot.lookup("#compare-figure").queryAs(ComboBox.class);
        robot.interact(() -> figure.getSelectionModel().select(CompareFigure.HELD_FREE));
        assertEquals("tcmalloc", chart.getData().get(1).getName());
        assertTrue(chart.getData().get(1).getData().size() >= 2, "held_free is measured on tcmalloc");

        String shot = System.getProperty("heapscope.compare.screenshot");
        if (shot != null) {
            robot.interact(() -> figure.getSelectionModel().select(CompareFigure.RSS));
            WaitForAsyncUtils.waitForFxEvents();
            robot.interact(() -> {
                try {
                    NodePng.write(NodePng.capture(view), Path.of(shot));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    private static void waitUntil(BooleanSupplier condition, String what) {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (Exception e) {
            throw new AssertionError("not reached in 60 s: " + what, e);
        }
    }
}
