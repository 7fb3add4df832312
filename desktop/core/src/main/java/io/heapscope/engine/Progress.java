package io.heapscope.engine;

/**
 * How far a long command is: ops run of the program's total, and the current step.
 *
 * @param replaying true while going back (replaying from the start or a checkpoint)
 */
public record Progress(long opsDone, long opsTotal, long step, boolean replaying) {

    /** 0..1. */
    public double fraction() {
        return opsTotal == 0 ? 1 : (double) opsDone / opsTotal;
    }
}
