package io.heapscope.ui.lesson;

import java.util.ArrayList;
import java.util.List;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import io.heapscope.lesson.Markdown;
import io.heapscope.lesson.Question;
import io.heapscope.lesson.Stop;

/**
 * The lesson panel: the stop's title and narration, its question with the answer check and the
 * explanation, progress, and Previous / Next (Alt+Left / Alt+Right). When the student has stepped
 * away from the stop, "Back to the lesson" (Alt+Home) returns the run there.
 */
public final class LessonPanel extends BorderPane {

    /** What the panel asks of the window. */
    public interface Listener {
        /** The student moved to another stop (or opened the lesson): run there and highlight. */
        void onStop(LessonProgress progress);

        /** Return the run to the current stop's position. */
        void onReturn(LessonProgress progress);

        /** Export the lesson as one HTML page. */
        void onExport(LessonProgress progress);
    }

    private final Listener listener;
    private final Label title = new Label();
    private final Label where = new Label();
    private final ProgressBar bar = new ProgressBar(0);
    private final VBox body = new VBox(10);
    private final Label away = new Label();
    private final Button back = new Button("Back to the lesson");
    private final Button previous = new Button("\u2190 Previous");
    private final Button next = new Button("Next \u2192");
    private final Button export = new Button("Export HTML\u2026");
    private LessonProgress progress;
    private String problem = "";

    public LessonPanel(Listener listener) {
        this.listener = listener;
        setId("lesson-panel");
        getStyleClass().add("hs-lesson");
        getStylesheets().add(LessonPanel.class.getResource("lesson.css").toExternalForm());
        title.getStyleClass().add("hs-lesson-title");
        title.setWrapText(true);
        where.setId("lesson-progress");
        where.getStyleClass().add("hs-lesson-where");
        bar.setMaxWidth(Double.MAX_VALUE);
        previous.setId("lesson-previous");
        next.setId("lesson-next");
        back.setId("lesson-return");
        export.setId("lesson-export");
        export.setTooltip(new Tooltip("Write the lesson as one HTML page, a picture of the heap at each stop"));
        export.setOnAction(e -> {
            if (progress != null) {
                listener.onExport(progress);
            }
        });
        previous.setTooltip(new Tooltip("The previous stop (Alt+Left)"));
        next.setTooltip(new Tooltip("The next stop (Alt+Right); a question opens it once answered"));
        back.setTooltip(new Tooltip("Run back to this stop's position (Alt+Home)"));
        previous.setOnAction(e -> previous());
        next.setOnAction(e -> next());
        back.setOnAction(e -> returnToStop());
        away.setId("lesson-away");
        away.getStyleClass().add("hs-lesson-away");
        away.setWrapText(true);
        VBox top = new VBox(4, title, where, bar);
        top.setPadding(new Insets(6, 8, 4, 8));
        setTop(top);
        body.setPadding(new Insets(4, 8, 8, 8));
        body.setId("lesson-body");
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        setCenter(scroll);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox nav = new HBox(6, previous, next, grow, export);
        nav.setPadding(new Insets(4, 8, 6, 8));
        setBottom(nav);
        render();
    }

    /** Shows a lesson from its first stop and tells the listener to go there. */
    public void open(LessonProgress lesson, String problems) {
        this.progress = lesson;
        this.problem = problems;
        render();
        listener.onStop(lesson);
    }

    public LessonProgress progress() {
        return progress;
    }

    public void next() {
        if (progress != null && progress.next()) {
            render();
            listener.onStop(progress);
        }
    }

    public void previous() {
        if (progress != null && progress.previous()) {
            render();
            listener.onStop(progress);
        }
    }

    public void returnToStop() {
        if (progress != null) {
            listener.onReturn(progress);
        }
    }

    /** Whether the run stands elsewhere than the stop (the student stepped on their own). */
    public void setAway(long runStep) {
        boolean isAway = progress != null && progress.place().map(p -> p.step() != runStep).orElse(false);
        away.setText(isAway ? "You are at step " + runStep + "; this stop stands at step "
                + progress.place().get().step() + "." : "");
        away.setVisible(isAway);
        away.setManaged(isAway);
        back.setVisible(isAway);
        back.setManaged(isAway);
    }

    private void render() {
        body.getChildren().clear();
        if (progress == null) {
            title.setText("No lesson open");
            where.setText("Open a lesson from the Samples list.");
            bar.setProgress(0);
            previous.setDisable(true);
            next.setDisable(true);
            export.setDisable(true);
            setAway(-1);
            return;
        }
        Stop stop = progress.stop();
        title.setText(progress.lesson().title());
        where.setText("Stop " + (progress.index() + 1) + " of " + progress.count() + ": " + stop.title());
        bar.setProgress((progress.index() + 1) / (double) progress.count());
        body.getChildren().add(MarkdownFlow.of(stop.narration(), "hs-lesson-narration"));
        if (progress.place().isEmpty()) {
            Label l = new Label("The run cannot reach this stop: " + problem);
            l.setWrapText(true);
            l.getStyleClass().add("hs-lesson-problem");
            body.getChildren().add(l);
        }
        stop.question().ifPresent(q -> body.getChildren().add(question(q)));
        body.getChildren().addAll(away, back);
        previous.setDisable(!progress.canGoBack());
        next.setDisable(!progress.canGoOn());
        export.setDisable(false);
    }

    private VBox question(Question q) {
        VBox box = new VBox(6);
        box.setId("lesson-question");
        box.getStyleClass().add("hs-lesson-question");
        box.getChildren().add(MarkdownFlow.of(q.text(), "hs-lesson-ask"));
        Label verdict = new Label();
        verdict.setId("lesson-verdict");
        verdict.setWrapText(true);
        Button check = new Button("Check");
        check.setId("lesson-check");
        List<RadioButton> choices = new ArrayList<>();
        TextField number = new TextField();
        number.setId("lesson-answer");
        if (q instanceof Question.MultipleChoice c) {
            ToggleGroup group = new ToggleGroup();
            for (int i = 0; i < c.choices().size(); i++) {
                RadioButton r = new RadioButton(Markdown.plain(c.choices().get(i)));
                r.setId("lesson-choice-" + i);
                r.setToggleGroup(group);
                r.setWrapText(true);
                r.setMnemonicParsing(false);
                choices.add(r);
            }
            box.getChildren().addAll(choices);
            check.disableProperty().bind(group.selectedToggleProperty().isNull());
            check.setOnAction(e -> answered(progress.choose(choices.indexOf((RadioButton) group.getSelectedToggle()))));
        } else {
            number.setPromptText("a number");
            number.setPrefColumnCount(10);
            number.setOnAction(e -> check.fire());
            check.setOnAction(e -> {
                LessonProgress.Verdict v = progress.type(number.getText());
                verdict.setText(v.message());
                if (progress.verdict().isPresent()) {
                    answered(v);
                }
            });
            box.getChildren().add(number);
        }
        Button show = new Button("Show the answer");
        show.setId("lesson-reveal");
        show.setOnAction(e -> revealAnswer());
        box.getChildren().addAll(new HBox(8, check, show, verdict));
        progress.verdict().ifPresent(v -> {
            verdict.setText(v.message());
            verdict.getStyleClass().add(v.right() ? "hs-lesson-right" : "hs-lesson-wrong");
            choices.forEach(r -> r.setDisable(true));
            number.setDisable(true);
            check.disableProperty().unbind();
            check.setDisable(true);
            show.setDisable(true);
            if (!q.explanation().isEmpty()) {
                box.getChildren().add(MarkdownFlow.of(q.explanation(), "hs-lesson-explanation"));
            }
        });
        return box;
    }

    /** Shows the answer of this stop's question without an answer from the student. */
    public void revealAnswer() {
        if (progress != null && progress.stop().question().isPresent() && progress.verdict().isEmpty()) {
            answered(progress.reveal());
        }
    }

    private void answered(LessonProgress.Verdict v) {
        render();
    }
}
