package io.heapscope.lesson;

import io.heapscope.scenario.source.Diagnostic;
import java.util.List;

/** A lesson that cannot be run at all: its scenario is missing or broken, or its figures do not compile. */
public final class LessonException extends RuntimeException {

    private final transient List<Diagnostic> diagnostics;

    public LessonException(List<Diagnostic> diagnostics) {
        super(diagnostics.isEmpty() ? "the lesson cannot run" : diagnostics.getFirst().toString());
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
