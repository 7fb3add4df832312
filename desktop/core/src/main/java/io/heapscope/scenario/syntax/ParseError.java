package io.heapscope.scenario.syntax;

import io.heapscope.scenario.source.Diagnostic;

/**
 * Thrown inside the parser when a statement cannot be read; the statement loop catches it,
 * records the diagnostic and skips to the next statement. Never leaves the parser.
 */
final class ParseError extends RuntimeException {

    private final transient Diagnostic diagnostic;

    ParseError(Diagnostic diagnostic) {
        super(diagnostic.message(), null, false, false);
        this.diagnostic = diagnostic;
    }

    Diagnostic diagnostic() {
        return diagnostic;
    }
}
