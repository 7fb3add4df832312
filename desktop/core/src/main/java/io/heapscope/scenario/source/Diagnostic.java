package io.heapscope.scenario.source;

import java.util.Comparator;
import java.util.Objects;

/**
 * One problem found in a scenario, with where it is. Prints as
 * {@code file:line:col: error: message}, the form compilers use, so editors and terminals can
 * link it.
 */
public record Diagnostic(Severity severity, SourceSpan span, String message) {

    /** Orders diagnostics by where they start in the file. */
    public static final Comparator<Diagnostic> BY_POSITION = Comparator
            .comparingInt((Diagnostic d) -> d.span().line())
            .thenComparingInt(d -> d.span().column());

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(message, "message");
    }

    public static Diagnostic error(SourceSpan span, String message) {
        return new Diagnostic(Severity.ERROR, span, message);
    }

    public static Diagnostic warning(SourceSpan span, String message) {
        return new Diagnostic(Severity.WARNING, span, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return span.position() + ": " + severity.label() + ": " + message;
    }
}
