package io.heapscope.ui.threads;

import java.util.List;
import java.util.function.Function;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;

import io.heapscope.ui.theme.Bytes;
import io.heapscope.ui.theme.Palette;

/**
 * Each scenario thread: its state, what it owns, and the bytes other threads freed that wait on
 * its pages until it runs allocator code again. Every column header explains what it counts.
 */
public final class ThreadsView extends BorderPane {

    private final TableView<ThreadRow> table = new TableView<>();
    private final Label total = new Label();
    private boolean core = true;

    public ThreadsView() {
        getStyleClass().add("hs-threads");
        table.setId("threads-table");
        table.setPlaceholder(new Label("No threads yet."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<ThreadRow, ThreadRow> name = new TableColumn<>();
        name.setGraphic(header("thread", "The scenario thread; its colour is the same in every view"));
        name.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        name.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(ThreadRow r, boolean empty) {
                super.updateItem(r, empty);
                if (empty || r == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                Region swatch = new Region();
                swatch.getStyleClass().add("hs-swatch");
                swatch.setStyle("-fx-background-color: " + Palette.css(Palette.thread(r.index())) + ";");
                setGraphic(swatch);
                setText(r.name());
            }
        });
        table.getColumns().add(name);
        table.getColumns().add(column("state", "running: may run allocator code; parked: idle, runs nothing, "
                + "not even bookkeeping; exited: its segments were abandoned", ThreadRow::state));
        table.getColumns().add(column("heaps", "Heaps it owns: its backing heap and first-class heaps",
                r -> measured(Integer.toString(r.heaps()))));
        table.getColumns().add(column("pages", "Pages its heaps own", r -> measured(Integer.toString(r.pages()))));
        table.getColumns().add(column("segments", "Segments it owns", r -> measured(Integer.toString(r.segments()))));
        table.getColumns().add(column("pending blocks", "Blocks other threads freed that wait on this "
                + "thread's pages (thread_free lists and its heaps' delayed lists)",
                r -> measured(Long.toString(r.pendingBlocks()))));
        TableColumn<ThreadRow, String> bytes = column("pending bytes", "Bytes freed by other threads that only "
                + "this thread can make reusable, by allocating or collecting. While it sleeps, they stay stranded.",
                r -> measured(Bytes.format(r.pendingBytes())));
        bytes.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                ThreadRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
                boolean pending = core && row != null && row.pendingBytes() > 0;
                setStyle(pending ? "-fx-text-fill: -hs-block-thread-free; -fx-font-weight: bold;" : "");
            }
        });
        table.getColumns().add(bytes);
        total.getStyleClass().add("hs-status");
        total.setTooltip(new Tooltip("Sum over all threads of the bytes other threads freed that wait on their pages"));
        setCenter(table);
        setBottom(total);
    }

    /**
     * Shows the threads. {@code allocator} names a system allocator when the backend is not the
     * core: it exposes no heaps, pages or pending frees, so those cells say so instead of 0.
     */
    public void show(List<ThreadRow> rows, boolean core, String allocator) {
        this.core = core;
        table.getItems().setAll(rows);
        table.refresh();
        long pending = rows.stream().mapToLong(ThreadRow::pendingBytes).sum();
        total.setText(core ? "Pending cross-thread frees: " + Bytes.format(pending)
                : "Pending cross-thread frees: not measured on this backend (" + allocator + ")");
    }

    /** Selects and scrolls to the row of scenario thread {@code index}; false when it has none. */
    public boolean select(int index) {
        for (int i = 0; i < table.getItems().size(); i++) {
            if (table.getItems().get(i).index() == index) {
                table.getSelectionModel().select(i);
                table.scrollTo(i);
                return true;
            }
        }
        return false;
    }

    private String measured(String figure) {
        return core ? figure : "n/a";
    }

    private static TableColumn<ThreadRow, String> column(String title, String tip, Function<ThreadRow, String> value) {
        TableColumn<ThreadRow, String> c = new TableColumn<>();
        c.setGraphic(header(title, tip));
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return c;
    }

    static Label header(String title, String tip) {
        Label l = new Label(title);
        Tooltip t = new Tooltip(tip);
        t.setWrapText(true);
        t.setMaxWidth(360);
        l.setTooltip(t);
        return l;
    }
}
