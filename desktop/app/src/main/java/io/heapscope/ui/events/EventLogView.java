package io.heapscope.ui.events;

import java.util.List;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/** Every allocator event of the current step, each with what happened and why; filterable. */
public final class EventLogView extends BorderPane {

    private final EventLogModel model = new EventLogModel();
    private final Label summary = new Label();

    public EventLogView() {
        getStyleClass().add("hs-event-log");
        TableView<EventRow> table = new TableView<>(model.visible());
        table.setId("event-table");
        table.setPlaceholder(new Label("No allocator events in this step."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<EventRow, String> kind = new TableColumn<>("event");
        kind.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().kind()));
        kind.setPrefWidth(170);
        TableColumn<EventRow, String> thread = new TableColumn<>("thread");
        thread.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().thread()));
        thread.setPrefWidth(90);
        TableColumn<EventRow, String> what = new TableColumn<>("what happened, and why");
        what.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().explanation()));
        table.getColumns().addAll(List.of(kind, thread, what));

        ChoiceBox<String> kinds = new ChoiceBox<>(model.kinds());
        kinds.valueProperty().bindBidirectional(model.kindProperty());
        kinds.setTooltip(new Tooltip("Show one kind of event"));
        TextField search = new TextField();
        search.setPromptText("Filter");
        search.textProperty().bindBidirectional(model.textProperty());
        HBox.setHgrow(search, Priority.ALWAYS);
        summary.getStyleClass().add("hs-status");
        model.visible().addListener((javafx.collections.ListChangeListener<EventRow>) c -> summary.setText(model.summary()));
        HBox bar = new HBox(kinds, search, summary);
        bar.getStyleClass().add("hs-view-toolbar");
        setTop(bar);
        setCenter(table);
        summary.setText(model.summary());
    }

    public void show(List<EventRow> events) {
        model.show(events);
        summary.setText(model.summary());
    }
}
