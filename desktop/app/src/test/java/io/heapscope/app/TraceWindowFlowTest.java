package io.heapscope.app;

import static io.heapscope.app.RealWindow.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import io.heapscope.agent.AgentBinaries;
import io.heapscope.app.session.EngineSession;
import io.heapscope.app.session.SessionState;
import io.heapscope.ui.threads.ThreadRow;

/** File > Open trace on the real window, engine and agent: the shipped cigarette trace, stepped. */
@ExtendWith(ApplicationExtension.class)
class TraceWindowFlowTest {

    private RealWindow real;
    private EngineSession session;
    private AppServices services;
    private MainWindow window;
    private TestPrompts prompts;
    private Path trace;

    @Start
    void start(Stage stage) throws Exception {
        AgentBinaries.agent();
        Path samples = AppServices.defaultSamplesDir();
        trace = samples.resolve("traces/cigarette.hstrace");
        assertTrue(Files.isRegularFile(trace), "no sample trace at " + trace);
        Path out = Files.createTempDirectory("hs-trace-flow");
        real = RealWindow.show(stage, out, w -> { });
        session = real.session();
        services = real.services();
        window = real.window();
        prompts = real.prompts();
    }

    @AfterEach
    void stop() {
        real.close();
    }

    @Test
    void openTraceStepsEventByEventAndBack(FxRobot robot) {
        prompts.openAnswer = trace;
        MenuBar bar = robot.lookup(".menu-bar").queryAs(MenuBar.class);
        MenuItem openTrace = bar.getMenus().get(0).getItems().stream().filter(i -> "menu-open-trace".equals(i.getId()))
                .findFirst().orElseThrow();
        robot.interact(openTrace::fire);
        waitUntil(() -> window.editor().getText().startsWith("thread t0, t1, t2\n"), "the listing in the editor");
        waitUntil(() -> state().status() == SessionState.Status.PAUSED && state().step() == 0, "loaded on the engine");
        assertEquals(2, state().currentLine(), "the first event is on line 2");
        assertEquals(6_153 + 1, window.editor().getText().lines().count(), "the threads and one line per event");

        // F10 steps one event: the line moves with it
        robot.press(KeyCode.F10).release(KeyCode.F10);
        waitUntil(() -> state().step() == 1 && !state().busy(), "one event");
        assertEquals(3, state().currentLine());

        // run to the end at full speed, then the threads view shows the loader's stranded hotels
        session.setSpeed(Double.POSITIVE_INFINITY);
        robot.press(KeyCode.F5).release(KeyCode.F5);
        waitUntil(() -> state().status() == SessionState.Status.FINISHED && window.picture().step() == state().step(),
                "the end of the trace");
        robot.clickOn("#tab-threads");
        @SuppressWarnings("unchecked")
        TableView<ThreadRow> threads = robot.lookup("#threads-table").queryAs(TableView.class);
        waitUntil(() -> threads.getItems().stream().anyMatch(r -> r.name().equals("t1") && r.pendingBytes() == 2048L * 2048),
                "the refresher's 2,048 frees of 2 KiB pending on the loader's pages");

        // step back replays to the event before
        long end = state().step();
        robot.press(KeyCode.SHIFT, KeyCode.F10).release(KeyCode.F10, KeyCode.SHIFT);
        waitUntil(() -> state().step() == end - 1 && !state().busy() && window.picture().step() == end - 1, "one event back");
    }

    private SessionState state() {
        return session.state();
    }

}
