package io.heapscope.app;

import static io.heapscope.app.RealWindow.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.heapscope.agent.AgentBinaries;
import io.heapscope.app.session.EngineSession;
import io.heapscope.app.session.SessionState;
import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.ui.pageinspector.PageBlocks;
import io.heapscope.ui.pageinspector.PageInspectorView;
import io.heapscope.ui.threads.ThreadRow;

/** The cigarette story clicked through on the real window, engine and agent, headless. */
@ExtendWith(ApplicationExtension.class)
class EngineWindowFlowTest {

    /** {@code free hotel[i]} in samples/cigarette.scenario: the refresher's cross-thread free. */
    private static final String FREE_LINE = "free hotel[i]";

    private RealWindow real;
    private EngineSession session;
    private AppServices services;
    private MainWindow window;
    private Path out;

    @Start
    void start(Stage stage) throws Exception {
        try {
            AgentBinaries.agent();
        } catch (IllegalStateException e) {
            throw new AssertionError("this flow needs the native agent (cmake --build native/build): " + e.getMessage());
        }
        Path samples = AppServices.defaultSamplesDir();
        assertTrue(Files.isRegularFile(samples.resolve("cigarette.scenario")), "no cigarette sample in " + samples);
        out = Files.createTempDirectory("hs-flow");
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
    void theRefreshersFreesWaitOnMainsPagesAndTheRunControlsWork(FxRobot robot) throws Exception {
        waitUntil(() -> window.editor().getText().contains("thread main, refresher"), "the cigarette sample opens");
        waitUntil(() -> state().status() == SessionState.Status.PAUSED, "loaded on the engine");
        int freeLine = lineOf(window.editor().getText(), FREE_LINE);

        // a breakpoint on the refresher's free, then Run: it stops there, before the first free
        robot.interact(() -> window.editor().goTo(new io.heapscope.scenario.source.SourceSpan("", freeLine, 3, freeLine, 3)));
        robot.press(KeyCode.F9).release(KeyCode.F9);
        waitUntil(() -> window.editor().breakpoints().contains(freeLine), "breakpoint set");
        robot.clickOn("#run-run");
        waitUntil(() -> state().currentLine() == freeLine && state().step() > 0 && !state().busy(), "at the breakpoint");
        assertTrue(window.picture().breakpointSteps().contains(state().step()) || waitFor(
                () -> window.picture().breakpointSteps().contains(state().step())), "a timeline marker at the stop");

        // continue (F5) three times: each runs one free and stops before the next; then step (F10) over a fourth
        long before = state().step();
        for (int i = 1; i <= 3; i++) {
            long target = before + 3L * i;
            robot.press(KeyCode.F5).release(KeyCode.F5);
            waitUntil(() -> state().step() == target && !state().busy(), "free number " + (target - before) / 3);
        }
        robot.press(KeyCode.F10).release(KeyCode.F10);
        long atTwo = before + 10;
        waitUntil(() -> state().step() == atTwo && !state().busy() && window.picture().step() == atTwo, "four frees");

        // the page inspector shows them on main's page as thread_free, with the real list order
        robot.interact(() -> assertTrue(window.showPageWithMostPendingFrees(), "a page with pending frees"));
        PageInspectorView inspector = robot.lookup(".hs-page-inspector").queryAs(PageInspectorView.class);
        waitUntil(() -> inspector.pageProperty().get() != null && inspector.pageProperty().get().threadFreeList().length
                == inspector.pageProperty().get().counts().threadFree(), "thread_free chain fetched");
        PageBlocks page = inspector.pageProperty().get();
        assertEquals("main", page.owner());
        assertEquals(4, page.counts().pendingRemote());
        assertTrue(page.counts().threadFree() >= 3, page.counts().toString());
        assertEquals("Page inspector", robot.lookup("#view-tabs").queryAs(TabPane.class).getSelectionModel()
                .getSelectedItem().getText());
        assertTrue(((Label) robot.lookup(".hs-page-title").query()).getText().contains("2 KiB"));

        // ... and the threads view counts them as main's pending frees
        robot.clickOn("#tab-threads");
        @SuppressWarnings("unchecked")
        TableView<ThreadRow> threads = robot.lookup("#threads-table").queryAs(TableView.class);
        ThreadRow main = threads.getItems().stream().filter(r -> r.name().equals("main")).findFirst().orElseThrow();
        assertEquals(4, main.pendingBlocks());
        assertEquals(4 * 2048, main.pendingBytes());

        // export the snapshot as JSON and the view as PNG
        robot.interact(window::exportJson);
        Path json = out.resolve("snapshot-step-" + atTwo + ".json");
        waitUntil(() -> Files.isRegularFile(json), "the JSON export");
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertEquals("heapscope-snapshot", doc.get("format").asText());
        assertEquals(atTwo, doc.get("step").asLong());
        assertTrue(doc.get("snapshot").get("pages").size() > 0);
        robot.press(KeyCode.CONTROL, KeyCode.E).release(KeyCode.E, KeyCode.CONTROL);
        Path png = out.resolve("threads.png");
        waitUntil(() -> Files.isRegularFile(png) && size(png) > 1000, "the PNG export");

        // step back (Shift+F10) replays to the step before
        robot.press(KeyCode.SHIFT, KeyCode.F10).release(KeyCode.F10, KeyCode.SHIFT);
        waitUntil(() -> state().step() == atTwo - 1 && !state().busy() && window.picture().step() == atTwo - 1,
                "one step back");

        // an error typed into the scenario is reported at its line
        robot.clickOn("#scenario-code");
        robot.press(KeyCode.CONTROL, KeyCode.END).release(KeyCode.END, KeyCode.CONTROL);
        robot.write("\nmain: free nobody\n");
        int errorLine = lineOf(window.editor().getText(), "main: free nobody");
        @SuppressWarnings("unchecked")
        ListView<Diagnostic> problems = robot.lookup("#problems-list").queryAs(ListView.class);
        waitUntil(() -> problems.getItems().stream().anyMatch(d -> d.isError() && d.span().line() == errorLine
                && d.message().contains("nobody")), "the error at line " + errorLine);
    }

    private SessionState state() {
        return session.state();
    }

    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line with " + needle);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (Exception e) {
            return 0;
        }
    }

    private static boolean waitFor(BooleanSupplier condition) {
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition::getAsBoolean);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

}
