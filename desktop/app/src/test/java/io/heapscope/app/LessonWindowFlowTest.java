package io.heapscope.app;

import static io.heapscope.app.RealWindow.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import javafx.scene.control.Button;
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

import io.heapscope.agent.AgentBinaries;
import io.heapscope.app.session.EngineSession;
import io.heapscope.app.session.SessionState;
import io.heapscope.ui.lesson.LessonProgress;
import io.heapscope.ui.pageinspector.PageInspectorView;
import io.heapscope.ui.samples.SampleCatalog;
import io.heapscope.ui.threads.ThreadRow;

/** The free-list sharding lesson walked end to end on the real window, engine and agent, headless. */
@ExtendWith(ApplicationExtension.class)
class LessonWindowFlowTest {

    private Path out;
    private RealWindow real;
    private EngineSession session;
    private AppServices services;
    private MainWindow window;
    private final AtomicReference<LessonProgress> ready = new AtomicReference<>();

    @Start
    void start(Stage stage) throws Exception {
        try {
            AgentBinaries.agent();
        } catch (IllegalStateException e) {
            throw new AssertionError("this flow needs the native agent (cmake --build native/build): " + e.getMessage());
        }
        out = Files.createTempDirectory("hs-lesson");
        real = RealWindow.show(stage, out, w -> w.setOnLessonReady(ready::set));
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
    void aStudentWalksTheShardingLessonAnswersWrongThenRightAndStepsAwayAndBack(FxRobot robot) {
        waitUntil(() -> window.editor().getText().contains("thread main, refresher"), "the start sample opens");

        // the sample browser lists the lessons beside the scenarios; Enter opens one
        robot.clickOn("#tab-samples");
        @SuppressWarnings("unchecked")
        ListView<SampleCatalog.Sample> samples = robot.lookup("#samples-list").queryAs(ListView.class);
        waitUntil(() -> samples.getItems().stream().anyMatch(SampleCatalog.Sample::isLesson), "lessons listed");
        SampleCatalog.Sample lesson = samples.getItems().stream()
                .filter(s -> s.name().equals("free-list-sharding.lesson")).findFirst().orElseThrow();
        assertEquals("Lesson: Free-list sharding: three lists per page, and lazy extension", lesson.label());
        robot.interact(() -> {
            samples.getSelectionModel().select(lesson);
            samples.requestFocus();
        });
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitUntil(() -> ready.get() != null, "the lesson's stops resolved");
        waitUntil(() -> window.editor().getText().contains("thread main, other"), "its scenario in the editor");

        // stop 1: the run stands at the stop, the page inspector shows first's page, its free list pointed at
        LessonProgress progress = ready.get();
        long firstStep = progress.place().orElseThrow().step();
        waitUntil(() -> state().step() == firstStep && !state().busy() && window.picture().step() == firstStep,
                "the run at stop 1");
        assertEquals("Stop 1 of 7: One block, one page", label("#lesson-progress"));
        PageInspectorView inspector = robot.lookup(".hs-page-inspector").queryAs(PageInspectorView.class);
        waitUntil(() -> inspector.pageProperty().get() != null && inspector.pageProperty().get().blockSize() == 1024,
                "first's page in the inspector");
        TabPane views = robot.lookup("#view-tabs").queryAs(TabPane.class);
        waitUntil(() -> views.getSelectionModel().getSelectedItem().getText().equals("Page inspector"),
                "the page inspector in front");
        assertTrue(button("#lesson-next").isDisabled(), "the question comes before the next stop");

        // a wrong answer: the verdict gives the run's figure, the explanation shows, the next stop opens
        robot.clickOn("#lesson-answer").write("4");
        robot.clickOn("#lesson-check");
        waitUntil(() -> label("#lesson-verdict").startsWith("Not quite"), "judged wrong");
        assertEquals("Not quite: the run gives 3.", label("#lesson-verdict"));
        assertTrue(robot.lookup(".hs-lesson-explanation").tryQuery().isPresent(), "the explanation after the answer");
        assertFalse(button("#lesson-next").isDisabled());

        // Alt+Right: stop 2, the run follows
        robot.press(KeyCode.ALT, KeyCode.RIGHT).release(KeyCode.RIGHT, KeyCode.ALT);
        waitUntil(() -> label("#lesson-progress").startsWith("Stop 2 of 7"), "stop 2");
        long secondStep = ready.get().place().orElseThrow().step();
        assertTrue(secondStep > firstStep);
        waitUntil(() -> state().step() == secondStep && !state().busy() && window.picture().step() == secondStep,
                "the run at stop 2");
        assertEquals(16, state().currentLine(), "stop 2 stands before line 16 runs");

        // a right answer
        robot.clickOn("#lesson-answer").write("1");
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitUntil(() -> label("#lesson-verdict").startsWith("Right"), "judged right");
        assertEquals("1 of 2 answered right", ready.get().score());

        // the student steps on their own (F10) and comes back with Alt+Home
        robot.clickOn("#lesson-progress");
        robot.press(KeyCode.F10).release(KeyCode.F10);
        waitUntil(() -> state().step() == secondStep + 1 && !state().busy(), "stepped away");
        waitUntil(() -> robot.lookup("#lesson-away").queryAs(Label.class).isVisible(), "the panel says so");
        robot.press(KeyCode.ALT, KeyCode.HOME).release(KeyCode.HOME, KeyCode.ALT);
        waitUntil(() -> state().step() == secondStep && !state().busy() && window.picture().step() == secondStep,
                "back at the stop");
        waitUntil(() -> !robot.lookup("#lesson-away").queryAs(Label.class).isVisible(), "no longer away");

        // Alt+Left goes back to stop 1, whose answer is remembered
        robot.press(KeyCode.ALT, KeyCode.LEFT).release(KeyCode.LEFT, KeyCode.ALT);
        waitUntil(() -> label("#lesson-progress").startsWith("Stop 1 of 7"), "stop 1 again");
        waitUntil(() -> state().step() == firstStep && !state().busy(), "the run back at stop 1");
        assertEquals("Not quite: the run gives 3.", label("#lesson-verdict"));

        // on through stop 6, where the Threads view selects `other`
        for (int stop = 2; stop <= 6; stop++) {
            robot.press(KeyCode.ALT, KeyCode.RIGHT).release(KeyCode.RIGHT, KeyCode.ALT);
            String title = "Stop " + stop + " of 7";
            waitUntil(() -> label("#lesson-progress").startsWith(title), title);
            if (stop >= 3 && ready.get().verdict().isEmpty()) {
                answerAnything(robot);
            }
        }
        long sixth = ready.get().place().orElseThrow().step();
        waitUntil(() -> state().step() == sixth && !state().busy() && window.picture().step() == sixth, "the run at stop 6");
        @SuppressWarnings("unchecked")
        TableView<ThreadRow> threads = robot.lookup("#threads-table").queryAs(TableView.class);
        waitUntil(() -> threads.getSelectionModel().getSelectedItem() != null
                && threads.getSelectionModel().getSelectedItem().name().equals("other"), "other selected");

        // Export HTML writes the whole lesson as one page
        robot.clickOn("#lesson-export");
        Path html = out.resolve("free-list-sharding.html");
        waitUntil(() -> Files.isRegularFile(html), "the HTML export");
        waitUntil(() -> read(html).contains("</html>"), "written whole");
        assertEquals(7, read(html).split("data:image/png;base64,", -1).length - 1, "a picture per stop");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private void answerAnything(FxRobot robot) {
        if (robot.lookup("#lesson-answer").tryQuery().isPresent()) {
            robot.clickOn("#lesson-answer").write("0");
        } else {
            robot.clickOn("#lesson-choice-0");
        }
        robot.clickOn("#lesson-check");
        waitUntil(() -> !label("#lesson-verdict").isEmpty(), "judged");
    }

    private String label(String id) {
        return ((Label) new FxRobot().lookup(id).query()).getText();
    }

    private Button button(String id) {
        return new FxRobot().lookup(id).queryAs(Button.class);
    }

    private SessionState state() {
        return session.state();
    }

}
