package io.heapscope.scenario.ast;

import io.heapscope.scenario.source.SourceSpan;

/**
 * Where a block's address is kept: a single handle {@code a}, an element {@code hotel[i]} of a
 * handle array, or a half-open slice {@code hotel[0..N]} meaning every element from 0 to N-1.
 */
public sealed interface HandleRef {

    /** The largest array index; indexes run from 0 to this. */
    long MAX_INDEX = Integer.MAX_VALUE - 1;

    Name name();

    SourceSpan span();

    record Single(Name name) implements HandleRef {
        @Override
        public SourceSpan span() {
            return name.span();
        }
    }

    record Element(Name name, Expr index, SourceSpan span) implements HandleRef {
    }

    record Slice(Name name, Expr from, Expr to, SourceSpan span) implements HandleRef {
    }
}
