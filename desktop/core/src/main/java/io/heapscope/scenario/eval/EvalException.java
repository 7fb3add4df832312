package io.heapscope.scenario.eval;

import io.heapscope.scenario.source.SourceSpan;

/** An expression could not be evaluated; {@code span} is the part of it at fault. */
public final class EvalException extends RuntimeException {

    private final transient SourceSpan span;

    public EvalException(SourceSpan span, String message) {
        super(message, null, false, false);
        this.span = span;
    }

    public SourceSpan span() {
        return span;
    }
}
