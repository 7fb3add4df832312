package io.heapscope.scenario.ast;

import io.heapscope.scenario.source.SourceSpan;

/** The right-hand side of {@code set option = value}. */
public sealed interface Setting {

    SourceSpan span();

    /** {@code on}, {@code off}, {@code true} or {@code false}, keeping the word as written. */
    record Switch(boolean on, String word, SourceSpan span) implements Setting {
    }

    /** {@code v2} or {@code v3}: the core's design, for {@code set design = ...}. */
    record Design(int version, String word, SourceSpan span) implements Setting {
    }

    /** A number, size or duration. */
    record Amount(Expr value) implements Setting {
        @Override
        public SourceSpan span() {
            return value.span();
        }
    }
}
