package io.heapscope.app;

import java.nio.file.Path;

import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

import io.heapscope.app.files.ScenarioDocument;
import io.heapscope.app.session.SessionState;
import io.heapscope.engine.Progress;

/**
 * The window's status bar: what the session is doing (or which saved snapshot the views show),
 * and while a long command runs (a run, or a replay when going back) its progress in per cent
 * with a Cancel button; the file on the right. A message longer than the bar is cut with an
 * ellipsis, never widening the window; its whole text is on hover.
 * Fed on the FX thread, through the door, with the newest state and progress only.
 */
final class StatusLine extends BorderPane {

    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("crashed");

    private final ProgressIndicator busy = new ProgressIndicator();
    private final ProgressBar bar = new ProgressBar(0);
    private final Label percent = new Label();
    private final Button cancel = new Button("Cancel");
    private final HBox progressBox = new HBox(6, bar, percent, cancel);
    private final StringProperty saved = new SimpleStringProperty(this, "saved", "");
    private boolean running;

    StatusLine(ObservableStringValue sessionText, ScenarioDocument document, Runnable onCancel) {
        Label session = new Label();
        session.setId("status-session");
        session.textProperty().bind(Bindings.when(saved.isEmpty()).then(sessionText).otherwise(saved));
        session.getStyleClass().add("hs-status");
        session.setMinWidth(0);
        session.setMaxWidth(Double.MAX_VALUE);
        session.setTextOverrun(OverrunStyle.ELLIPSIS);
        Tooltip whole = new Tooltip();
        whole.setId("status-session-tooltip");
        whole.setWrapText(true);
        whole.setMaxWidth(640);
        whole.textProperty().bind(session.textProperty());
        session.setTooltip(whole);
        Label file = new Label();
        file.getStyleClass().add("hs-status");
        file.setMinWidth(0);
        file.setTextOverrun(OverrunStyle.LEADING_ELLIPSIS);
        file.textProperty().bind(Bindings.createStringBinding(
                () -> document.path().map(Path::toString).orElse("untitled") + (document.isDirty() ? " (unsaved)" : ""),
                document.pathProperty(), document.dirtyProperty()));
        busy.setVisible(false);
        busy.setPrefSize(14, 14);
        Tooltip.install(busy, new Tooltip("Running or replaying; Pause (F6) or Cancel stops it"));
        bar.setId("status-progress");
        bar.getStyleClass().add("hs-run-progress");
        percent.setId("status-percent");
        percent.getStyleClass().add("hs-status");
        cancel.setId("status-cancel");
        cancel.setTooltip(new Tooltip("Stop the run or replay at the next step boundary"));
        cancel.setOnAction(e -> onCancel.run());
        progressBox.setAlignment(Pos.CENTER_LEFT);
        showProgress(false);
        busy.setMinWidth(Region.USE_PREF_SIZE);
        progressBox.setMinWidth(Region.USE_PREF_SIZE);
        HBox left = new HBox(6, busy, session, progressBox);
        left.setAlignment(Pos.CENTER_LEFT);
        left.setMinWidth(0);
        HBox.setHgrow(session, Priority.ALWAYS);
        file.setMaxWidth(Region.USE_PREF_SIZE);
        BorderPane.setMargin(file, new javafx.geometry.Insets(0, 0, 0, 12));
        setCenter(left);
        setRight(file);
        setMinWidth(0);
        getStyleClass().add("hs-status-bar");
    }

    /** Shows {@code text} instead of the session's state while a saved snapshot is on screen; "" ends it. */
    void showSaved(String text) {
        saved.set(text);
    }

    void onState(SessionState s) {
        running = s.busy();
        busy.setVisible(running);
        pseudoClassStateChanged(FAILED, s.status() == SessionState.Status.FAILED);
        if (!running) {
            showProgress(false);
            bar.setProgress(0);
        }
    }

    void onProgress(Progress p) {
        if (!running) {
            return;
        }
        showProgress(true);
        bar.setProgress(p.fraction());
        percent.setText(String.format("%s %.0f %% (step %,d)", p.replaying() ? "replaying" : "running",
                100 * p.fraction(), p.step()));
    }

    private void showProgress(boolean on) {
        progressBox.setVisible(on);
        progressBox.setManaged(on);
    }
}
