package io.heapscope.ui.details;

import java.util.List;
import java.util.Optional;

import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;

import org.controlsfx.control.PropertySheet;

/**
 * The selected arena, segment, page, block or thread as a read-only property sheet (ControlsFX),
 * grouped by category; each property's description (its tooltip) says what it counts.
 */
public final class DetailsView extends BorderPane {

    private final PropertySheet sheet = new PropertySheet();
    private final Label empty = new Label("Select something in a view to see its details.");

    public DetailsView() {
        getStyleClass().add("hs-details");
        sheet.setId("details-sheet");
        sheet.setMode(PropertySheet.Mode.CATEGORY);
        sheet.setModeSwitcherVisible(false);
        sheet.setSearchBoxVisible(false);
        empty.getStyleClass().add("hs-placeholder");
        setCenter(empty);
    }

    public void show(List<DetailRow> rows) {
        if (rows.isEmpty()) {
            setCenter(empty);
            return;
        }
        sheet.getItems().setAll(rows.stream().map(Item::new).toList());
        setCenter(sheet);
    }

    /** A read-only sheet item for one row. */
    private record Item(DetailRow row) implements PropertySheet.Item {
        @Override
        public Class<?> getType() {
            return String.class;
        }

        @Override
        public String getCategory() {
            return row.category();
        }

        @Override
        public String getName() {
            return row.name();
        }

        @Override
        public String getDescription() {
            return row.description();
        }

        @Override
        public Object getValue() {
            return row.value();
        }

        @Override
        public void setValue(Object value) {
            // read-only
        }

        @Override
        public Optional<ObservableValue<? extends Object>> getObservableValue() {
            return Optional.empty();
        }

        @Override
        public boolean isEditable() {
            return false;
        }
    }
}
