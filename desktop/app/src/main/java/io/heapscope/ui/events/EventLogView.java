package io.heapscope.ui.events;

import java.util.List;
import java.util.function.Consumer;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.text.Text;

/**
 * Every allocator event of the run so far, newest first, each with its step, what happened and
 * why (wrapped, so it is read in full; the selected event also goes to Details). The table is
 * virtualised: a long run's thousands of events cost only the rows on screen. Filterable by
 * kind, text, and to the last step.
 */
public final class EventLogView extends BorderPane {

    private final EventLogModel model = new EventLogModel();
    private final Label summary = new Label();
    private final TableView<EventRow> table;
    private Consumer<EventRow> onSelect = row -> { };

    public EventLogView() {
        getStyleClass().add("hs-event-log");
        table = new TableView<>(model.visible());
        table.setId("event-table");
        table.setPlaceholder(new Label("No allocator events yet."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<EventRow, String> step = new TableColumn<>("step");
        step.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(String.format("%,d", c.getValue().step())));
        step.setPrefWidth(52);
        step.setStyle("-fx-alignment: TOP-RIGHT;");
        TableColumn<EventRow, String> kind = new TableColumn<>("event");
        kind.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().kind()));
        kind.setPrefWidth(150);
        kind.setStyle("-fx-alignment: TOP-LEFT;");
        TableColumn<EventRow, String> thread = new TableColumn<>("thread");
        thread.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().thread()));
        thread.setPrefWidth(70);
        thread.setStyle("-fx-alignment: TOP-LEFT;");
        TableColumn<EventRow, String> what = new TableColumn<>("what happened, and why");
        what.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().explanation()));
        what.setCellFactory(c -> new WrappingCell());
        table.getColumns().addAll(List.of(step, kind, thread, what));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, now) -> {
            if (now != null) {
                onSelect.accept(now);
            }
        });

        ChoiceBox<String> kinds = new ChoiceBox<>(model.kinds());
        kinds.valueProperty().bindBidirectional(model.kindProperty());
        kinds.setTooltip(new Tooltip("Show one kind of event"));
        CheckBox lastStep = new CheckBox("Last step only");
        lastStep.setId("event-last-step");
        lastStep.selectedProperty().bindBidirectional(model.lastStepOnlyProperty());
        lastStep.setTooltip(new Tooltip("Only the events of the step just run"));
        TextField search = new TextField();
        search.setPromptText("Filter");
        search.textProperty().bindBidirectional(model.textProperty());
        HBox.setHgrow(search, Priority.ALWAYS);
        summary.getStyleClass().add("hs-status");
        summary.setId("event-summary");
        model.visible().addListener((javafx.collections.ListChangeListener<EventRow>) c -> summary.setText(model.summary()));
        HBox bar = new HBox(kinds, lastStep, search, summary);
        bar.getStyleClass().add("hs-view-toolbar");
        setTop(bar);
        setCenter(table);
        summary.setText(model.summary());
    }

    /** Shows the run's events (in the order they happened) as seen at step {@code position}. */
    public void show(List<EventRow> events, long position) {
        model.show(events, position);
        summary.setText(model.summary());
    }

    /** Called with the event the user selects (to show it in Details). */
    public void setOnSelect(Consumer<EventRow> action) {
        this.onSelect = action;
    }

    /** The events the table lists now, top first. */
    public List<EventRow> listed() {
        return List.copyOf(model.visible());
    }

    /** Selects the row {@code index} of the table (as a click does). */
    public void select(int index) {
        table.getSelectionModel().clearAndSelect(index);
    }

    /** A cell whose text wraps to the column's width, so the whole explanation is on screen. */
    private static final class WrappingCell extends TableCell<EventRow, String> {
        private final Text text = new Text();

        WrappingCell() {
            text.wrappingWidthProperty().bind(widthProperty().subtract(12));
            text.getStyleClass().add("hs-event-text");
            text.fillProperty().bind(textFillProperty());
            setPrefHeight(USE_COMPUTED_SIZE);
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
            } else {
                text.setText(item);
                setGraphic(text);
            }
        }
    }
}
