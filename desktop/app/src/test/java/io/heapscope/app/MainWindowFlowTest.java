package io.heapscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javafx.geometry.Point2D;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import io.heapscope.app.adapt.SnapshotPicturesTest;
import io.heapscope.app.session.SessionState;
import io.heapscope.engine.Figures;
import io.heapscope.export.SnapshotDocument;
import io.heapscope.export.SnapshotJson;
import io.heapscope.app.session.SessionState.Status;
import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.ui.addressspace.AddressSpaceData;
import io.heapscope.ui.addressspace.AddressSpaceView;
import io.heapscope.ui.addressspace.SegmentSlices;
import io.heapscope.ui.addressspace.SliceKind;
import io.heapscope.ui.pageinspector.BlockState;
import io.heapscope.ui.pageinspector.PageBlocks;

/** The flows a person clicks through, on the real window, headless. */
@ExtendWith(ApplicationExtension.class)
class MainWindowFlowTest {

    private static final long SEGMENT = 0x7f0002000000L;

    private final FakeSession session = new FakeSession();
    private Path samples;
    private Path state;
    private AppServices services;
    private MainWindow window;
    private final Path userFolder = tempDir("hs-user");
    private final TestPrompts prompts = new TestPrompts(userFolder);

    @Start
    void start(Stage stage) throws Exception {
        samples = Files.createTempDirectory("hs-samples");
        state = Files.createTempDirectory("hs-state");
        Files.copy(Path.of(System.getProperty("heapscope.samples.dir", "../../samples"), "cigarette.scenario"),
                samples.resolve("cigarette.scenario"));
        services = AppServices.create(samples, state, session);
        window = new MainWindow(services, stage, prompts);
        stage.setWidth(1200);
        stage.setHeight(760);
        stage.show();
        window.openStartDocument();
    }

    @AfterEach
    void stop() {
        services.close();
    }

    @Test
    void opensTheCigaretteSampleReadyToStep(FxRobot robot) throws Exception {
        waitUntil(() -> window.editor().getText().contains("thread main, refresher"));
        waitUntil(() -> session.calls.contains("load cigarette.scenario"));
        assertEquals(window.editor().getText(), session.loadedText);
        assertFalse(window.document().isDirty());
        waitUntil(() -> ((ListView<?>) robot.lookup("#samples-list").query()).getItems().size() == 1);

        session.publish(new SessionState(Status.PAUSED, 0, 0, 7, "core", ""));
        waitUntil(() -> !robot.lookup("#run-step").queryAs(Button.class).isDisabled());
        waitUntil(() -> window.editor().currentLineProperty().get() == 7); // the arrow is on the statement about to run
        robot.press(KeyCode.F10).release(KeyCode.F10);
        waitUntil(() -> session.calls.contains("step"));
        assertTrue(robot.lookup("#run-step-back").queryAs(Button.class).isDisabled(), "nothing to go back to at step 0");

        session.publish(new SessionState(Status.RUNNING, 5, 0, 14, "core", ""));
        waitUntil(() -> !robot.lookup("#run-pause").queryAs(Button.class).isDisabled());
        assertTrue(robot.lookup("#run-step").queryAs(Button.class).isDisabled());
        robot.clickOn("#run-pause");
        waitUntil(() -> session.calls.contains("pause"));

        openASavedSnapshotAndReturnToTheScenario(robot);
    }

    /** File > Open snapshot shows a saved file in the views; a bad file only shows an error; the next step replaces it. */
    private void openASavedSnapshotAndReturnToTheScenario(FxRobot robot) throws Exception {
        String text = window.editor().getText();
        Path file = samples.resolve("saved.json");
        SnapshotJson.write(SnapshotDocument.of("cigarette.scenario", 40969, "heapscope",
                new Figures(40969, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 1), SnapshotPicturesTest.snapshot()), file);
        Path bad = samples.resolve("bad.json");
        Files.writeString(bad, Files.readString(file).replace("\"version\" : " + SnapshotDocument.VERSION,
                "\"version\" : 7"));
        Label status = robot.lookup("#status-session").queryAs(Label.class);

        prompts.recordErrors = true;
        prompts.openAnswer = bad;
        robot.interact(() -> openSnapshotItem(robot).fire());
        waitUntil(() -> !prompts.errors.isEmpty());
        assertTrue(prompts.errors.get(0).contains("bad.json") && prompts.errors.get(0).contains("$.version"),
                prompts.errors.get(0));
        assertEquals(text, window.editor().getText());

        prompts.openAnswer = file;
        robot.interact(() -> openSnapshotItem(robot).fire());
        waitUntil(() -> window.picture().step() == 40969);
        waitUntil(() -> status.getText().startsWith("Saved snapshot saved.json: cigarette.scenario at step 40,969"));
        assertEquals(text, window.editor().getText());
        assertFalse(window.document().isDirty());

        window.showStep(picture()); // the session's next picture
        waitUntil(() -> window.picture().step() == 1 && !status.getText().startsWith("Saved snapshot"));
    }

    private static MenuItem openSnapshotItem(FxRobot robot) {
        MenuBar bar = robot.lookup(".menu-bar").queryAs(MenuBar.class);
        return bar.getMenus().get(0).getItems().stream().filter(i -> "menu-open-snapshot".equals(i.getId()))
                .findFirst().orElseThrow();
    }

    @Test
    void errorsAppearInProblemsAndBreakpointsToggle(FxRobot robot) {
        waitUntil(() -> window.editor().getText().contains("refresher"));
        robot.clickOn("#scenario-code");
        robot.press(KeyCode.CONTROL, KeyCode.END).release(KeyCode.END, KeyCode.CONTROL);
        robot.write("\nmain: free nobody\n");
        @SuppressWarnings("unchecked")
        ListView<Diagnostic> problems = robot.lookup("#problems-list").queryAs(ListView.class);
        waitUntil(() -> problems.getItems().stream().anyMatch(d -> d.isError() && d.message().contains("nobody")));
        assertTrue(window.document().isDirty());

        robot.press(KeyCode.UP).release(KeyCode.UP);
        int line = window.editor().caretLine();
        robot.press(KeyCode.F9).release(KeyCode.F9);
        waitUntil(() -> window.editor().breakpoints().contains(line));
        waitUntil(() -> session.breakpoints.contains(line));
        robot.press(KeyCode.F9).release(KeyCode.F9);
        waitUntil(() -> !window.editor().breakpoints().contains(line));

        robot.press(KeyCode.CONTROL, KeyCode.HOME).release(KeyCode.HOME, KeyCode.CONTROL);
        robot.clickOn("#gutter-1");
        waitUntil(() -> window.editor().breakpoints().contains(1));
    }

    @Test
    void savesAtomicallyAndKeepsUnsavedTextForRecovery(FxRobot robot) throws Exception {
        waitUntil(() -> window.editor().getText().contains("refresher"));
        robot.clickOn("#scenario-code");
        robot.press(KeyCode.CONTROL, KeyCode.END).release(KeyCode.END, KeyCode.CONTROL);
        robot.write("\n# my note\n");
        Path recovery = state.resolve("recovery.scenario");
        waitUntil(() -> Files.exists(recovery) && read(recovery).contains("# my note"));

        // a shipped sample is saved as the user's own file, in the user's folder
        robot.press(KeyCode.CONTROL, KeyCode.S).release(KeyCode.S, KeyCode.CONTROL);
        waitUntil(() -> !window.document().isDirty());
        assertTrue(Files.readString(userFolder.resolve("cigarette.scenario")).endsWith("# my note\n"));
        assertFalse(Files.readString(samples.resolve("cigarette.scenario")).contains("# my note"), "the sample is untouched");
        assertEquals(userFolder.resolve("cigarette.scenario"), window.document().path().orElseThrow());
        waitUntil(() -> !Files.exists(recovery));

        Files.writeString(recovery, samples.resolve("cigarette.scenario") + "\nthread main\n# crashed before saving\n");
        prompts.recoverAnswer = true;
        robot.interact(() -> { });
        robot.interact(() -> window.openStartDocument());
        waitUntil(() -> window.editor().getText().contains("crashed before saving"));
        assertTrue(window.document().isDirty(), "recovered text is unsaved until saved");
    }

    @Test
    void clickingAPageInTheAddressSpaceOpensItInTheInspector(FxRobot robot) {
        window.showStep(picture());
        // the scene graph changes while the picture is applied: look things up on the FX thread
        AddressSpaceView view = onFx(() -> robot.lookup(".hs-address-space").queryAs(AddressSpaceView.class));
        waitUntil(() -> {
            Point2D cell = onFx(() -> view.locate(SEGMENT + 3 * 65536));
            return cell != null && cell.getX() > 0;
        });
        Point2D[] last = {null};
        waitUntil(() -> { // the view refits when its size settles; click once the cell stops moving
            WaitForAsyncUtils.waitForFxEvents();
            Point2D now = onFx(() -> view.locate(SEGMENT + 3 * 65536));
            boolean stable = now.equals(last[0]);
            last[0] = now;
            return stable;
        });
        Point2D at = onFx(() -> view.localToScreen(last[0]));
        robot.clickOn(at);
        waitUntil(() -> view.selectedSliceProperty().get() != null);
        assertEquals(3, view.selectedSliceProperty().get().slice());
        robot.clickOn("#tab-page-inspector");
        waitUntil(() -> robot.lookup(".hs-page-title").tryQuery().isPresent());
        String title = ((javafx.scene.control.Label) robot.lookup(".hs-page-title").query()).getText();
        assertTrue(title.contains("4 blocks of 16 KiB"), title);
        assertNotNull(robot.lookup("#details-sheet").tryQuery().orElse(null), "details show the selection");
        TabPane tabs = robot.lookup("#view-tabs").queryAs(TabPane.class);
        assertEquals("Page inspector", tabs.getSelectionModel().getSelectedItem().getText());
    }

    private static StepPicture picture() {
        int n = 512;
        byte[] kinds = new byte[n];
        int[] owners = new int[n];
        int[] spans = new int[n];
        String[] notes = new String[n];
        for (int i = 0; i < n; i++) {
            kinds[i] = (i == 0 ? SliceKind.META : i < 3 ? SliceKind.SMALL : i < 11 ? SliceKind.MEDIUM : SliceKind.FREE).code();
            spans[i] = i < 3 ? i : i < 11 ? 3 : 11;
        }
        SegmentSlices seg = new SegmentSlices(SEGMENT, 0, kinds, owners, spans, notes, false);
        AddressSpaceData space = new AddressSpaceData(List.of(seg), List.of("main", "refresher"), 65536);
        byte[] states = {BlockState.IN_USE.code(), BlockState.THREAD_FREE.code(), BlockState.FREE.code(), BlockState.UNEXTENDED.code()};
        PageBlocks page = new PageBlocks(SEGMENT + 3 * 65536, "medium", 16384, 3, 4, 2,
                PageBlocks.ListCounts.fromStates(states), "main", "NO_DELAYED_FREE", "bin 40 (16 KiB)", states,
                new int[] {2}, new int[0], new int[] {1});
        return new StepPicture(1, space, a -> a == SEGMENT + 3 * 65536 ? Optional.of(page) : Optional.empty(),
                List.of(), List.of(), List.of(), List.of(), Optional.empty());
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return "";
        }
    }

    /** A long status message is cut in the bar, whole on hover; the window keeps its width and the views stay in it. */
    @Test
    void aLongStatusMessageNeverWidensTheWindow(FxRobot robot) {
        waitUntil(() -> session.calls.contains("load cigarette.scenario"));
        String why = "expect failed at step 24578: pending(main) >= 16 MiB, measured 6.5 MiB; "
                + "the system allocator keeps freed memory in its own caches ".repeat(12);
        session.publish(new SessionState(Status.PAUSED, 24578, 0, 7, "glibc", "").withStatus(Status.FAILED, why));
        Label status = robot.lookup("#status-session").queryAs(Label.class);
        waitUntil(() -> onFx(() -> status.getText().contains("keeps freed memory")));
        WaitForAsyncUtils.waitForFxEvents();
        double sceneWidth = onFx(() -> status.getScene().getWidth());
        double rootWidth = onFx(() -> status.getScene().getRoot().getLayoutBounds().getWidth());
        assertTrue(rootWidth <= sceneWidth + 0.5, "root " + rootWidth + " wider than the window " + sceneWidth);
        for (String id : List.of("#view-tabs", "#bottom-tabs")) {
            javafx.scene.Node pane = robot.lookup(id).query();
            double right = onFx(() -> pane.localToScene(pane.getLayoutBounds()).getMaxX());
            assertTrue(right <= sceneWidth + 0.5, id + " ends at " + right + " past the window " + sceneWidth);
        }
        double statusRight = onFx(() -> status.localToScene(status.getLayoutBounds()).getMaxX());
        assertTrue(statusRight <= sceneWidth + 0.5, "status text ends at " + statusRight);
        assertTrue(onFx(() -> status.getWidth() < status.prefWidth(-1)), "the message is cut, not laid out whole");
        assertEquals(onFx(status::getText), onFx(() -> status.getTooltip().getText()), "the whole text is on hover");
        assertTrue(onFx(() -> status.getTooltip().getText().endsWith(why)));
        ListView<?> problems = robot.lookup("#problems-list").queryAs(ListView.class);
        assertTrue(onFx(() -> problems.getItems().stream().anyMatch(d -> ((Diagnostic) d).message().endsWith(why))),
                "the whole failure is in Problems");
    }

    /** An expect the backend cannot measure gets an amber warning diamond, not the red failed one. */
    @Test
    void anUnmeasuredExpectIsAWarningInTheGutter(FxRobot robot) {
        waitUntil(() -> window.editor().getText().contains("thread main, refresher"));
        robot.interact(() -> window.editor().showExpects(java.util.Map.of(
                3, new io.heapscope.ui.editor.ExpectMark(io.heapscope.ui.editor.ExpectMark.Result.UNMEASURED, "no pages here"),
                4, new io.heapscope.ui.editor.ExpectMark(io.heapscope.ui.editor.ExpectMark.Result.FAILED, "stranded"))));
        waitUntil(() -> !robot.lookup("#expect-unmeasured-3").queryAll().isEmpty()
                && !robot.lookup("#expect-failed-4").queryAll().isEmpty());
        javafx.scene.shape.Shape warning = robot.lookup("#expect-unmeasured-3").queryAs(javafx.scene.shape.Shape.class);
        javafx.scene.shape.Shape failed = robot.lookup("#expect-failed-4").queryAs(javafx.scene.shape.Shape.class);
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.paint.Color amber = (javafx.scene.paint.Color) onFx(warning::getFill);
        javafx.scene.paint.Color red = (javafx.scene.paint.Color) onFx(failed::getFill);
        assertTrue(!amber.equals(red), "warning and failure look different");
        assertTrue(amber.getHue() > 20 && amber.getHue() < 50, "amber, hue " + amber.getHue());
        assertTrue(red.getHue() < 10 || red.getHue() > 350, "red, hue " + red.getHue());
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> query) {
        try {
            return WaitForAsyncUtils.waitForAsyncFx(10_000, query);
        } catch (Exception e) {
            throw new AssertionError("FX-thread query failed", e);
        }
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void waitUntil(BooleanSupplier condition) {
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (Exception e) {
            throw new AssertionError("condition not met in 10 s", e);
        }
    }

}
