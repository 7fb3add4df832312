package io.heapscope.lesson;

import io.heapscope.scenario.source.SourceSpan;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One stop of a lesson: where the run stands, what the narration says, what the views show and,
 * optionally, a question.
 *
 * @param span      the {@code stop} line, for diagnostics
 * @param narration Markdown, lines joined by {@code \n}
 */
public record Stop(String title, SourceSpan span, At at, String narration, List<Highlight> highlights,
                   Optional<Question> question) {

    public Stop {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(narration, "narration");
        highlights = List.copyOf(highlights);
        Objects.requireNonNull(question, "question");
    }
}
