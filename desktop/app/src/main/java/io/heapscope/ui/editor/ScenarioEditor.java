package io.heapscope.ui.editor;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import javafx.beans.property.IntegerProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.stage.Popup;

import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.event.MouseOverTextEvent;

import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.scenario.source.SourceSpan;
import io.heapscope.ui.fx.Debouncer;
import io.heapscope.ui.fx.FxDoor;

/**
 * The scenario editor: a RichTextFX code area with line numbers, a breakpoint gutter (click or
 * F9), an arrow on the statement about to run, highlighting from the scenario lexer, and
 * diagnostics underlined with their message on hover. Parsing and checking run off the FX
 * thread, 200 ms after the last keystroke; only the result for the current text is applied.
 */
public final class ScenarioEditor extends BorderPane {

    private static final long PARSE_DELAY_MS = 200;

    private final CodeArea area = new CodeArea();
    private final EditorModel model = new EditorModel();
    private final Debouncer<String, Analysis> parser;
    private final Popup hoverPopup = new Popup();
    private final Label hoverLabel = new Label();
    private volatile String fileName = "untitled.scenario";

    public ScenarioEditor(FxDoor door, Executor worker, ScheduledExecutorService timer) {
        getStyleClass().add("hs-editor");
        getStylesheets().add(ScenarioEditor.class.getResource("editor.css").toExternalForm());
        area.setId("scenario-code");
        area.setParagraphGraphicFactory(new LineGutter(area, model));
        setCenter(new VirtualizedScrollPane<>(area));
        parser = new Debouncer<>(timer, worker, PARSE_DELAY_MS, text -> Analysis.of(fileName, text), door, this::apply);
        area.textProperty().addListener((o, old, text) -> {
            parser.offer(text);
            model.clampBreakpoints(area.getParagraphs().size());
        });
        area.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.F9 && !e.isAltDown() && !e.isShortcutDown() && !e.isShiftDown()) {
                toggleBreakpointAtCaret();
                e.consume();
            }
        });
        installHover();
        model.currentLineProperty().addListener((o, a, line) -> revealLine(line.intValue()));
    }

    /** Replaces the whole text (opening a file); forgets undo history, keeps breakpoints in range. */
    public void setText(String text) {
        area.replaceText(text);
        area.getUndoManager().forgetHistory();
        area.moveTo(0);
        area.requestFollowCaret();
    }

    public String getText() {
        return area.getText();
    }

    public ObservableValue<String> textProperty() {
        return area.textProperty();
    }

    /** The name diagnostics carry (the file's name). */
    public void setFileName(String name) {
        this.fileName = name;
        parser.offer(area.getText());
    }

    /** Breakpoint lines, 1-based. */
    public ObservableSet<Integer> breakpoints() {
        return model.breakpoints();
    }

    /** The 1-based line of the statement about to run, 0 for none. */
    public IntegerProperty currentLineProperty() {
        return model.currentLineProperty();
    }

    /** Shows the results of the run's expects in the gutter: line (1-based) → mark. */
    public void showExpects(java.util.Map<Integer, ExpectMark> marks) {
        model.showExpects(marks);
    }

    /** The latest diagnostics (syntax and checks), in text order. */
    public ObservableList<Diagnostic> diagnostics() {
        return model.diagnostics();
    }

    /** The caret's 1-based line. */
    public int caretLine() {
        return area.getCurrentParagraph() + 1;
    }

    public void toggleBreakpointAtCaret() {
        model.toggleBreakpoint(caretLine());
    }

    /** Moves the caret to the start of {@code span} and focuses the editor. */
    public void goTo(SourceSpan span) {
        int paragraph = Math.max(0, Math.min(span.line() - 1, area.getParagraphs().size() - 1));
        int column = Math.max(0, Math.min(span.column() - 1, area.getParagraphLength(paragraph)));
        area.moveTo(paragraph, column);
        area.requestFollowCaret();
        area.requestFocus();
    }

    public void focusText() {
        area.requestFocus();
    }

    CodeArea area() {
        return area;
    }

    EditorModel model() {
        return model;
    }

    private void apply(Analysis a) {
        if (model.accept(a, area.getText()) && a.text().length() == area.getLength()) {
            area.setStyleSpans(0, a.styles());
        }
    }

    private void revealLine(int line) {
        if (line >= 1 && line <= area.getParagraphs().size()) {
            area.showParagraphInViewport(line - 1);
        }
    }

    private void installHover() {
        hoverLabel.getStyleClass().add("hs-diagnostic-popup");
        hoverLabel.getStylesheets().add(ScenarioEditor.class.getResource("editor.css").toExternalForm());
        hoverPopup.getContent().add(hoverLabel);
        area.setMouseOverTextDelay(Duration.ofMillis(350));
        area.addEventHandler(MouseOverTextEvent.MOUSE_OVER_TEXT_BEGIN, e -> {
            Analysis a = model.analysisProperty().get();
            Diagnostic d = a == null ? null : a.diagnosticAt(e.getCharacterIndex());
            if (d != null) {
                hoverLabel.setText(d.severity().label() + ": " + d.message());
                Point2D p = e.getScreenPosition();
                hoverPopup.show(area, p.getX(), p.getY() + 12);
            }
        });
        area.addEventHandler(MouseOverTextEvent.MOUSE_OVER_TEXT_END, e -> hoverPopup.hide());
    }
}
