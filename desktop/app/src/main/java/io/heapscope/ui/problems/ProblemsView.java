package io.heapscope.ui.problems;

import java.util.List;
import java.util.function.Consumer;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;

import io.heapscope.scenario.source.Diagnostic;

/**
 * The problems pane: every diagnostic of the scenario, in text order, with a summary line.
 * Double-click or Enter jumps to the problem in the editor.
 */
public final class ProblemsView extends BorderPane {

    private final ListView<Diagnostic> list = new ListView<>();
    private final Label summary = new Label();

    public ProblemsView(ObservableList<Diagnostic> diagnostics, Consumer<Diagnostic> jump) {
        getStyleClass().add("hs-problems");
        getStylesheets().add(ProblemsView.class.getResource("problems.css").toExternalForm());
        list.setId("problems-list");
        list.setItems(diagnostics);
        list.setPlaceholder(new Label("No problems."));
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Diagnostic d, boolean empty) {
                super.updateItem(d, empty);
                getStyleClass().removeAll("hs-problem-error", "hs-problem-warning");
                if (empty || d == null) {
                    setText(null);
                } else {
                    setText(d.span().lineColumn() + "  " + d.message());
                    getStyleClass().add(d.isError() ? "hs-problem-error" : "hs-problem-warning");
                }
            }
        });
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && list.getSelectionModel().getSelectedItem() != null) {
                jump.accept(list.getSelectionModel().getSelectedItem());
            }
        });
        list.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && list.getSelectionModel().getSelectedItem() != null) {
                jump.accept(list.getSelectionModel().getSelectedItem());
            }
        });
        summary.getStyleClass().add("hs-status");
        summary.setId("problems-summary");
        diagnostics.addListener((ListChangeListener<Diagnostic>) c -> summary.setText(summarise(diagnostics)));
        summary.setText(summarise(diagnostics));
        setTop(summary);
        setCenter(list);
    }

    /** "No problems", "1 error", "2 errors, 1 warning". */
    public static String summarise(List<Diagnostic> diagnostics) {
        long errors = diagnostics.stream().filter(Diagnostic::isError).count();
        long warnings = diagnostics.size() - errors;
        if (errors == 0 && warnings == 0) {
            return "No problems";
        }
        StringBuilder b = new StringBuilder();
        if (errors > 0) {
            b.append(errors).append(errors == 1 ? " error" : " errors");
        }
        if (warnings > 0) {
            b.append(b.isEmpty() ? "" : ", ").append(warnings).append(warnings == 1 ? " warning" : " warnings");
        }
        return b.toString();
    }
}
