package io.heapscope.ui.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import io.heapscope.lesson.LessonWriter;

/**
 * The author's aid: step through the scenario as usual, and at each stop worth making type a title
 * and the narration and press "Add stop here"; "Save lesson…" writes the lesson file (each stop at
 * the step it was added at), ready for highlights and questions to be added by hand.
 */
public final class LessonRecorder extends BorderPane {

    private final TextField lessonTitle = new TextField();
    private final TextField stopTitle = new TextField();
    private final TextArea narration = new TextArea();
    private final Button add = new Button("Add stop here");
    private final Button save = new Button("Save lesson\u2026");
    private final ListView<String> stops = new ListView<>();
    private final List<LessonWriter.Recorded> recorded = new ArrayList<>();
    private long step;

    /** {@code onSave} gets the lesson's title and its stops. */
    public LessonRecorder(BiConsumer<String, List<LessonWriter.Recorded>> onSave) {
        setId("lesson-recorder");
        lessonTitle.setId("recorder-title");
        lessonTitle.setPromptText("the lesson's title");
        stopTitle.setId("recorder-stop-title");
        stopTitle.setPromptText("this stop's title");
        narration.setId("recorder-narration");
        narration.setPromptText("what the student should see here (Markdown)");
        narration.setWrapText(true);
        narration.setPrefRowCount(4);
        add.setId("recorder-add");
        save.setId("recorder-save");
        stops.setId("recorder-stops");
        stops.setPrefHeight(90);
        add.setOnAction(e -> {
            recorded.add(new LessonWriter.Recorded(stopTitle.getText().isBlank() ? "Step " + step : stopTitle.getText(),
                    step, List.of(), narration.getText()));
            stops.getItems().add("step " + step + ": " + recorded.getLast().title());
            stopTitle.clear();
            narration.clear();
            save.setDisable(false);
        });
        save.setDisable(true);
        save.setOnAction(e -> onSave.accept(lessonTitle.getText(), List.copyOf(recorded)));
        HBox buttons = new HBox(6, add, save);
        VBox box = new VBox(6, new Label("Record a lesson: step through the scenario; at each stop, type and add."),
                lessonTitle, stopTitle, narration, buttons, stops);
        VBox.setVgrow(stops, Priority.ALWAYS);
        box.setPadding(new Insets(6, 8, 6, 8));
        setCenter(box);
        setStep(0);
    }

    /** The step the run stands at: where the next stop will be. */
    public void setStep(long now) {
        step = now;
        add.setText("Add stop at step " + now);
    }

    public List<LessonWriter.Recorded> recorded() {
        return List.copyOf(recorded);
    }
}
