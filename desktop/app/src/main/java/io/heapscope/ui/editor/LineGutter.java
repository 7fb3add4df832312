package io.heapscope.ui.editor;

import java.util.function.IntFunction;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Polygon;

import org.fxmisc.richtext.CodeArea;

/**
 * The editor's gutter, one node per visible line: a breakpoint dot (click the gutter or press
 * F9 to toggle), the line number, an arrow on the statement about to run, and a diamond on
 * expects the run has checked (green held, red failed, amber could not be measured by this
 * backend, a warning as in Problems; hover for the values).
 */
final class LineGutter implements IntFunction<Node> {

    private static final javafx.css.PseudoClass FAILED = javafx.css.PseudoClass.getPseudoClass("failed");
    private static final javafx.css.PseudoClass UNMEASURED = javafx.css.PseudoClass.getPseudoClass("unmeasured");

    private final CodeArea area;
    private final EditorModel model;

    LineGutter(CodeArea area, EditorModel model) {
        this.area = area;
        this.model = model;
    }

    private static void showMark(Polygon expect, ExpectMark mark, int line) {
        expect.pseudoClassStateChanged(FAILED, mark != null && mark.result() == ExpectMark.Result.FAILED);
        expect.pseudoClassStateChanged(UNMEASURED, mark != null && mark.result() == ExpectMark.Result.UNMEASURED);
        expect.setId(mark == null ? null : "expect-" + mark.result().word() + "-" + line);
    }

    @Override
    public Node apply(int paragraph) {
        int line = paragraph + 1;
        Circle dot = new Circle(4.5);
        dot.getStyleClass().add("hs-breakpoint");
        dot.visibleProperty().bind(Bindings.createBooleanBinding(() -> model.breakpoints().contains(line),
                model.breakpoints()));
        Label number = new Label(Integer.toString(line));
        number.getStyleClass().add("hs-line-number");
        number.setMinWidth(digits(area.getParagraphs().size()) * 8 + 6);
        number.setAlignment(Pos.CENTER_RIGHT);
        Polygon arrow = new Polygon(0, 0, 8, 5, 0, 10);
        arrow.getStyleClass().add("hs-current-arrow");
        arrow.visibleProperty().bind(model.currentLineProperty().isEqualTo(line));
        Polygon expect = new Polygon(4, 0, 8, 4, 4, 8, 0, 4);
        expect.getStyleClass().add("hs-expect-mark");
        javafx.beans.binding.ObjectBinding<ExpectMark> mark = Bindings.valueAt(model.expectMarks(), line);
        expect.visibleProperty().bind(mark.isNotNull());
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(Bindings.createStringBinding(() -> mark.get() == null ? "" : mark.get().text(), mark));
        Tooltip.install(expect, tip);
        mark.addListener((o, a, now) -> showMark(expect, now, line));
        showMark(expect, mark.get(), line);
        HBox box = new HBox(3, dot, number, arrow, expect);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add("hs-gutter");
        box.setId("gutter-" + line);
        box.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY) {
                model.toggleBreakpoint(line);
                e.consume();
            }
        });
        return box;
    }

    private static int digits(int n) {
        return Math.max(2, Integer.toString(n).length());
    }
}
