package io.heapscope.ui.samples;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;

import io.heapscope.ui.fx.FxDoor;

/** Lists the samples folder; double-click or Enter opens a sample. Reads the folder off the FX thread. */
public final class SampleBrowser extends BorderPane {

    private final ListView<SampleCatalog.Sample> list = new ListView<>();

    public SampleBrowser(Path dir, Executor worker, FxDoor door, Consumer<SampleCatalog.Sample> open) {
        getStyleClass().add("hs-samples");
        list.setId("samples-list");
        list.setPlaceholder(new Label("No samples in " + dir));
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(SampleCatalog.Sample s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? null : s.label());
                setTooltip(empty || s == null ? null : new Tooltip(s.file().toString()));
            }
        });
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && list.getSelectionModel().getSelectedItem() != null) {
                open.accept(list.getSelectionModel().getSelectedItem());
            }
        });
        list.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && list.getSelectionModel().getSelectedItem() != null) {
                open.accept(list.getSelectionModel().getSelectedItem());
            }
        });
        Label title = new Label("Samples");
        title.getStyleClass().add("hs-pane-title");
        setTop(title);
        setCenter(list);
        CompletableFuture.supplyAsync(() -> SampleCatalog.list(dir), worker)
                .thenAccept(samples -> door.run(() -> show(samples)));
    }

    private void show(List<SampleCatalog.Sample> samples) {
        list.getItems().setAll(samples);
    }
}
