package io.heapscope.app;

import static io.heapscope.app.RealWindow.waitUntil;
import static io.heapscope.app.RealWindow.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.heapscope.ui.details.DetailsView;
import io.heapscope.ui.events.EventLogView;
import io.heapscope.ui.events.EventRow;

/** The event log keeps the whole run (shipped cross-thread-delayed-free sample), and Details reads an event in full. */
@ExtendWith(ApplicationExtension.class)
class EventLogWindowTest {

    private RealWindow real;
    private EngineSession session;
    private AppServices services;
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        Path out = Files.createTempDirectory("hs-events");
        real = RealWindow.show(stage, out, w -> { });
        session = real.session();
        services = real.services();
        window = real.window();
        window.openStartDocument(AppServices.defaultSamplesDir().resolve("cross-thread-delayed-free.scenario"));
    }

    @AfterEach
    void stop() {
        real.close();
    }

    @Test
    void theLogKeepsTheRunsEventsNewestFirstAndDetailsShowsTheWholeExplanation(FxRobot robot) {
        waitUntil(() -> window.editor().getText().contains("thread main, worker")
                && session.state().status() == SessionState.Status.PAUSED, "the sample loaded");
        robot.clickOn("#tab-event-log");
        EventLogView log = find(robot, ".hs-event-log", EventLogView.class);
        robot.press(KeyCode.F5).release(KeyCode.F5);
        waitUntil(() -> session.state().status() == SessionState.Status.FINISHED
                && window.picture().step() == session.state().step(), "run to the end");
        List<EventRow> all = log.listed();
        assertTrue(all.size() > 20, "the whole run's events, not one step's: " + all.size());
        assertTrue(all.stream().anyMatch(r -> r.kind().equals("DELAYED_NOTIFY"))
                && all.stream().anyMatch(r -> r.kind().equals("PAGE_ALLOC")), "events of every phase");
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i - 1).step() >= all.get(i).step(), "newest first, at row " + i);
        }

        // the selected event's whole explanation is in Details
        EventRow notify = all.stream().filter(r -> r.kind().equals("DELAYED_NOTIFY")).findFirst().orElseThrow();
        robot.interact(() -> log.select(log.listed().indexOf(notify)));   // the row where it is now: the last step's events may have come in since
        DetailsView details = find(robot, ".hs-details", DetailsView.class);
        waitUntil(() -> details.values().contains(notify.explanation()), "the explanation in Details");
        assertTrue(notify.explanation().length() > 100, "a long text, read in full: " + notify.explanation());

        // going back shows the events up to there; the later ones come back going forward
        long back = notify.step();
        robot.interact(() -> session.goToStep(back));
        waitUntil(() -> window.picture().step() == back && !session.state().busy(), "back to the notification's step");
        assertTrue(log.listed().stream().allMatch(r -> r.step() < back), "nothing of the steps not yet run");
        assertEquals(all.stream().filter(r -> r.step() < back).count(), log.listed().size());
        robot.press(KeyCode.F10).release(KeyCode.F10);
        waitUntil(() -> window.picture().step() == back + 1, "one step");
        assertEquals(notify, log.listed().stream().filter(r -> r.kind().equals("DELAYED_NOTIFY")).findFirst().orElseThrow(),
                "the notification is back on top of its kind, once");
    }
}
