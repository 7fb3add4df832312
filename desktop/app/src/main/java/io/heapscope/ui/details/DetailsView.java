package io.heapscope.ui.details;

import java.util.List;
import java.util.Optional;

import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.layout.BorderPane;

import org.controlsfx.control.PropertySheet;
import org.controlsfx.property.editor.PropertyEditor;

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
        sheet.setPropertyEditorFactory(item -> new ValueText(String.valueOf(item.getValue())));
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

    /** The values of a row, rows shown now, in order (for tests and screen readers). */
    public List<String> values() {
        return sheet.getItems().stream().map(i -> String.valueOf(i.getValue())).toList();
    }

    /**
     * A value as plain, selectable, wrapping text in the normal text colour: the sheet is read
     * only, and a disabled-looking field would cut long values (an event's explanation) short.
     */
    private static final class ValueText implements PropertyEditor<String> {
        private final Label label = new Label();

        ValueText(String value) {
            label.getStyleClass().add("hs-detail-value");
            label.setWrapText(true);
            label.setMinHeight(Region.USE_PREF_SIZE);
            label.setMaxWidth(Double.MAX_VALUE);
            setValue(value);
        }

        @Override
        public Node getEditor() {
            return label;
        }

        @Override
        public String getValue() {
            return label.getText();
        }

        @Override
        public void setValue(String value) {
            label.setText(value);
            Tooltip whole = null;
            if (value.length() > 40) {
                whole = new Tooltip(value);
                whole.setWrapText(true);
                whole.setMaxWidth(420);
            }
            label.setTooltip(whole);
        }
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

        /** True only so the sheet does not grey the value out: the editor is a label, and setValue ignores edits. */
        @Override
        public boolean isEditable() {
            return true;
        }
    }
}
