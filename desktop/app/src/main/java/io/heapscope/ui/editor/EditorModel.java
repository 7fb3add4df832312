package io.heapscope.ui.editor;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import javafx.collections.ObservableSet;

import io.heapscope.scenario.source.Diagnostic;

/**
 * The editor's state besides its text: breakpoints (1-based lines), the line about to run,
 * and the latest analysis (highlighting and diagnostics). Tested without a stage.
 */
final class EditorModel {

    private final ObservableSet<Integer> breakpoints = FXCollections.observableSet(new TreeSet<>());
    private final IntegerProperty currentLine = new SimpleIntegerProperty(this, "currentLine", 0);
    private final ObservableList<Diagnostic> diagnostics = FXCollections.observableArrayList();
    private final ObjectProperty<Analysis> analysis = new SimpleObjectProperty<>(this, "analysis");
    private final ObservableMap<Integer, ExpectMark> expectMarks = FXCollections.observableHashMap();

    ObservableSet<Integer> breakpoints() {
        return breakpoints;
    }

    IntegerProperty currentLineProperty() {
        return currentLine;
    }

    ObservableList<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** Line (1-based) → the result of the expect there, as far as the run has got. */
    ObservableMap<Integer, ExpectMark> expectMarks() {
        return expectMarks;
    }

    /** Replaces the expect marks, touching the map only where a line's mark changed. */
    void showExpects(java.util.Map<Integer, ExpectMark> marks) {
        expectMarks.keySet().retainAll(marks.keySet());
        marks.forEach((line, mark) -> {
            if (!mark.equals(expectMarks.get(line))) {
                expectMarks.put(line, mark);
            }
        });
    }

    ObjectProperty<Analysis> analysisProperty() {
        return analysis;
    }

    /** Adds a breakpoint on {@code line} (1-based) or removes the one there. */
    void toggleBreakpoint(int line) {
        if (line < 1) {
            return;
        }
        if (!breakpoints.remove(line)) {
            breakpoints.add(line);
        }
    }

    /** Drops breakpoints past the last line, after text was deleted. */
    void clampBreakpoints(int lineCount) {
        breakpoints.removeIf(l -> l > lineCount);
    }

    /** Takes a new analysis if it is for {@code currentText}; stale results are dropped. */
    boolean accept(Analysis a, String currentText) {
        if (!a.text().equals(currentText)) {
            return false;
        }
        analysis.set(a);
        List<Diagnostic> d = a.diagnostics();
        if (!d.equals(diagnostics)) {
            diagnostics.setAll(d);
        }
        return true;
    }

    /** The breakpoint lines, as an immutable snapshot for the engine. */
    Set<Integer> breakpointLines() {
        return Set.copyOf(breakpoints);
    }
}
