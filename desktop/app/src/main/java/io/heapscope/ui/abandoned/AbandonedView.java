package io.heapscope.ui.abandoned;

import java.util.List;
import java.util.function.Function;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;

/** Segments whose owner exited: when and by whom they were abandoned, and who reclaimed them. */
public final class AbandonedView extends BorderPane {

    private final TableView<AbandonedRow> table = new TableView<>();

    public AbandonedView() {
        getStyleClass().add("hs-abandoned");
        table.setId("abandoned-table");
        table.setPlaceholder(new Label("Nothing is abandoned: under v2 a segment is abandoned when its thread exits "
                + "with pages still in use; under v3 a page, when it fills up or its thread exits."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("segment", "The segment's address", AbandonedRow::segment));
        table.getColumns().add(column("status", "abandoned: no thread owns it; its pages' blocks can still be "
                + "freed, and the next thread that needs memory may reclaim it. reclaimed: a thread took it over",
                AbandonedRow::status));
        table.getColumns().add(column("abandoned at", "Virtual time of the last abandonment", AbandonedRow::abandonedAt));
        table.getColumns().add(column("by", "The thread that exited", AbandonedRow::abandonedBy));
        table.getColumns().add(column("reclaimed by", "The thread that took it over last", AbandonedRow::reclaimedBy));
        table.getColumns().add(column("reclaims", "How many times it was reclaimed", r -> Long.toString(r.reclaims())));
        table.getColumns().add(column("pages", "Pages in use in the segment", r -> Integer.toString(r.pages())));
        setCenter(table);
    }

    public void show(List<AbandonedRow> rows) {
        table.getItems().setAll(rows);
    }

    private static TableColumn<AbandonedRow, String> column(String title, String tip, Function<AbandonedRow, String> value) {
        TableColumn<AbandonedRow, String> c = new TableColumn<>();
        Label header = new Label(title);
        Tooltip t = new Tooltip(tip);
        t.setWrapText(true);
        t.setMaxWidth(360);
        header.setTooltip(t);
        c.setGraphic(header);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return c;
    }
}
