package io.heapscope.scenario.op;

import io.heapscope.scenario.source.SourceSpan;

/**
 * The statement an op comes from. Statements are numbered in source order (pre-order, 0-based,
 * loops before their bodies); {@code statement} and {@code span} are the innermost statement that
 * produced the op, {@code outer} and {@code outerSpan} the top-level statement around it: the
 * outermost enclosing loop, or the statement itself when it is not in a loop. One Origin object
 * is shared by all ops of a statement.
 */
public record Origin(int statement, SourceSpan span, int outer, SourceSpan outerSpan) {

    /** True when the op comes from inside a loop. */
    public boolean inLoop() {
        return statement != outer;
    }
}
