package io.heapscope.ui.lesson;

import javafx.scene.Node;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

import io.heapscope.lesson.Markdown;

/** Lesson Markdown as JavaFX text: one wrapped flow per paragraph or list item. */
final class MarkdownFlow {

    private MarkdownFlow() {
    }

    static Node of(String markdown, String styleClass) {
        VBox box = new VBox(6);
        box.getStyleClass().add(styleClass);
        for (Markdown.Block block : Markdown.parse(markdown)) {
            TextFlow flow = new TextFlow();
            flow.getStyleClass().add(block.item() ? "hs-lesson-item" : "hs-lesson-paragraph");
            if (block.item()) {
                flow.getChildren().add(new Text("\u2022 "));
            }
            for (Markdown.Span s : block.spans()) {
                Text t = new Text(s.text());
                t.getStyleClass().add(switch (s.style()) {
                    case PLAIN -> "hs-md-plain";
                    case BOLD -> "hs-md-bold";
                    case EMPHASIS -> "hs-md-emphasis";
                    case CODE -> "hs-md-code";
                });
                flow.getChildren().add(t);
            }
            box.getChildren().add(flow);
        }
        return box;
    }
}
