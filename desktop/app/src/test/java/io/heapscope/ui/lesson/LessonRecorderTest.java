package io.heapscope.ui.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javafx.scene.Scene;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import io.heapscope.lesson.Lesson;
import io.heapscope.lesson.LessonParser;
import io.heapscope.lesson.LessonWriter;

/** An author records two stops by typing at two steps; what is saved reads back as that lesson. */
@ExtendWith(ApplicationExtension.class)
class LessonRecorderTest {

    private final AtomicReference<String> title = new AtomicReference<>();
    private final AtomicReference<List<LessonWriter.Recorded>> saved = new AtomicReference<>();
    private LessonRecorder recorder;

    @Start
    void start(Stage stage) {
        recorder = new LessonRecorder((t, stops) -> {
            title.set(t);
            saved.set(stops);
        });
        stage.setScene(new Scene(recorder, 500, 420));
        stage.show();
    }

    @Test
    void typedStopsBecomeALesson(FxRobot robot) {
        robot.clickOn("#recorder-title").write("Sharding by hand");
        robot.interact(() -> recorder.setStep(3));
        robot.clickOn("#recorder-stop-title").write("First block");
        robot.clickOn("#recorder-narration").write("One block on a fresh page.");
        robot.clickOn("#recorder-add");
        robot.interact(() -> recorder.setStep(33));
        robot.clickOn("#recorder-narration").write("Thirty more.");
        robot.clickOn("#recorder-add");
        robot.clickOn("#recorder-save");

        assertEquals("Sharding by hand", title.get());
        assertEquals(List.of(new LessonWriter.Recorded("First block", 3, List.of(), "One block on a fresh page."),
                new LessonWriter.Recorded("Step 33", 33, List.of(), "Thirty more.")), saved.get());
        String text = LessonWriter.write(title.get(), "../free-list-sharding.scenario", saved.get());
        Lesson lesson = LessonParser.parse(Path.of("/tmp/lessons/r.lesson"), text).lesson().orElseThrow();
        assertEquals(List.of("First block", "Step 33"), lesson.stops().stream().map(s -> s.title()).toList());
        assertEquals("step 33", lesson.stops().get(1).at().toString());
    }
}
