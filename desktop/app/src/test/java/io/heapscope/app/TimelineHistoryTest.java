package io.heapscope.app;

import static io.heapscope.app.RealWindow.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javafx.scene.input.KeyCode;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import io.heapscope.app.session.EngineSession;
import io.heapscope.app.session.SessionState;
import io.heapscope.cli.Main;
import io.heapscope.engine.Figures;
import io.heapscope.ui.timeline.TimelineMark;
import io.heapscope.ui.timeline.TimelinePoint;

/**
 * The window's timeline is the engine's history, the series the command line exports: the
 * shipped cigarette sample run to its end in the window gives the CSV {@code heapscope export
 * --csv} writes for the same run, row for row.
 */
@ExtendWith(ApplicationExtension.class)
class TimelineHistoryTest {

    private RealWindow real;
    private EngineSession session;
    private AppServices services;
    private MainWindow window;
    private Path out;

    @Start
    void start(Stage stage) throws Exception {
        out = Files.createTempDirectory("hs-timeline");
        real = RealWindow.show(stage, out, w -> { });
        session = real.session();
        services = real.services();
        window = real.window();
        window.openStartDocument();
    }

    @AfterEach
    void stop() {
        real.close();
    }

    @Test
    void theWindowsCsvIsTheCommandLinesForTheSameRun(FxRobot robot) throws Exception {
        waitUntil(() -> session.state().status() == SessionState.Status.PAUSED, "the cigarette sample loaded");
        robot.press(KeyCode.F5).release(KeyCode.F5);
        waitUntil(() -> session.state().status() == SessionState.Status.FINISHED
                && window.picture().step() == session.state().step(), "run to the end");
        long end = session.state().step();
        robot.interact(window::exportCsv);
        Path fromWindow = out.resolve("timeline.csv");
        waitUntil(() -> Files.isRegularFile(fromWindow), "the CSV export");

        Path sample = AppServices.defaultSamplesDir().resolve("cigarette.scenario");
        Path fromCli = out.resolve("cli.csv");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(sink, true, StandardCharsets.UTF_8);
        int exit = Main.execute(new String[] {"export", sample.toString(), "--json", out.resolve("cli.json").toString(),
            "--csv", fromCli.toString(), "--no-progress"}, quiet, quiet);
        assertEquals(0, exit, sink.toString(StandardCharsets.UTF_8));

        List<String> window = Files.readAllLines(fromWindow);
        List<String> cli = Files.readAllLines(fromCli);
        assertEquals(String.join(",", Figures.COLUMNS), window.getFirst());
        assertEquals(cli.size(), window.size(), "one row per sampled step in both");
        assertEquals(1 + 1 + end / 40 + 1, cli.size(), "step 0, every 40th step of " + end + ", and the end");
        int rss = Figures.COLUMNS.indexOf("rss");
        for (int i = 0; i < cli.size(); i++) {
            // RSS is each agent process's own resident set: two processes differ by a few pages
            assertEquals(withoutColumn(cli.get(i), rss), withoutColumn(window.get(i), rss), "row " + i);
        }

        // ... and the timeline draws exactly those rows, over the whole run, with the marks on its axis
        List<TimelinePoint> points = this.window.picture().timeline().points();
        assertEquals(cli.size() - 1, points.size());
        assertEquals(end, this.window.picture().timeline().totalSteps());
        assertEquals(List.of("start", "loaded"), this.window.picture().timeline().marks().stream()
                .map(TimelineMark::name).toList());
        assertEquals(1 + 8192 * 2, this.window.picture().timeline().marks().get(1).step(),
                "loaded after the mark start and 8,192 mallocs and touches");
    }

    private static String withoutColumn(String row, int column) {
        String[] f = row.split(",", -1);
        f[column] = "";
        return String.join(",", f);
    }

}
