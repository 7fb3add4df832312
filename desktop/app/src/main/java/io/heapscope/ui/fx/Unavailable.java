package io.heapscope.ui.fx;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;

/**
 * Wraps a view that only Heapscope's core can fill: on a system backend (glibc, jemalloc, ...),
 * which exposes only RSS and its own statistics, the view is replaced by a sentence saying so,
 * rather than left as an empty pane.
 */
public final class Unavailable extends StackPane {

    private final Node content;
    private final String what;
    private final Label why = new Label();

    /** @param what the view's subject, e.g. "Segments and pages are" */
    public Unavailable(Node content, String what) {
        this.content = content;
        this.what = what;
        getStyleClass().add("hs-unavailable-holder");
        why.getStyleClass().add("hs-unavailable");
        why.setWrapText(true);
        why.setMaxWidth(460);
        why.setAlignment(Pos.CENTER);
        why.setVisible(false);
        getChildren().addAll(content, why);
    }

    /** Shows the view ({@code true}) or the sentence naming {@code allocator}. */
    public void setAvailable(boolean available, String allocator) {
        content.setVisible(available);
        why.setVisible(!available);
        why.setText(what + " not available on this backend" + (allocator.isBlank() ? "" : " (" + allocator + ")")
                + ": a system allocator exposes only resident memory (RSS) and its own statistics. "
                + "Choose \"core\" in the backend chooser to see them.");
    }

    public boolean isAvailable() {
        return content.isVisible();
    }

    /** The sentence shown when the view is not available. */
    public String text() {
        return why.getText();
    }
}
