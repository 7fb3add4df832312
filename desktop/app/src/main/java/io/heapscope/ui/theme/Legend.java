package io.heapscope.ui.theme;

import java.util.List;

import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.util.Duration;

/** A row of colour swatches with labels; hovering an entry says what the colour means. */
public final class Legend extends FlowPane {

    /** One swatch: its label, its colour, and what it means. */
    public record Entry(String label, int argb, String explanation) {
    }

    private List<Entry> shown = List.of();

    public Legend() {
        getStyleClass().add("hs-legend");
    }

    public void show(List<Entry> entries) {
        if (entries.equals(shown)) {
            return;
        }
        shown = List.copyOf(entries);
        getChildren().clear();
        for (Entry e : entries) {
            Region swatch = new Region();
            swatch.getStyleClass().add("hs-swatch");
            swatch.setStyle("-fx-background-color: " + Palette.css(e.argb()) + ";");
            Label label = new Label(e.label(), swatch);
            Tooltip tip = new Tooltip(e.explanation());
            tip.setShowDelay(Duration.millis(250));
            tip.setWrapText(true);
            tip.setMaxWidth(360);
            label.setTooltip(tip);
            label.setTextFill(Color.web("#374151"));
            getChildren().add(label);
        }
    }
}
