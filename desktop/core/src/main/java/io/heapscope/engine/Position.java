package io.heapscope.engine;

import io.heapscope.scenario.op.Origin;
import java.util.Optional;

/**
 * Where a run is.
 *
 * @param step       steps (statement executions) run so far; 0 at the start
 * @param opIndex    ops run so far: the index of the next op
 * @param totalOps   ops in the program
 * @param totalSteps steps in the program
 * @param next       the statement about to run; empty at the end
 * @param clockNanos the virtual clock
 * @param entersLoop the statement about to run is the first of its loop's run (or of the program):
 *                   the op before it came from another statement
 */
public record Position(long step, int opIndex, int totalOps, long totalSteps, Optional<Origin> next,
                       long clockNanos, boolean entersLoop) {

    public boolean atEnd() {
        return opIndex >= totalOps;
    }

    /** The 1-based line of the statement about to run, or 0 at the end. */
    public int line() {
        return next.map(o -> o.span().line()).orElse(0);
    }
}
