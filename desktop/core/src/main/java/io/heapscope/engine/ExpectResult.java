package io.heapscope.engine;

import io.heapscope.scenario.lang.Dimension;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.source.SourceSpan;

/**
 * What one {@code expect} said when the run reached it.
 *
 * @param opIndex the expect's index in the program's ops
 * @param step    the step at which it was checked
 * @param left    the left side's value (NaN when unmeasurable)
 * @param right   the right side's value (NaN when unmeasurable)
 * @param detail  why it could not be measured, else ""
 */
public record ExpectResult(int opIndex, long step, SourceSpan span, String assertion, String message,
                           Outcome outcome, double left, double right, Dimension dimension, String detail) {

    public enum Outcome { PASSED, FAILED, UNMEASURABLE }

    static ExpectResult of(int opIndex, Op.Expect expect, Outcome outcome, double left, double right,
                           String detail) {
        return new ExpectResult(opIndex, expect.step(), expect.span(), expect.describe(),
                expect.message().orElse(""), outcome, left, right, expect.left().dimension(), detail);
    }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }

    /** {@code file:line:col: FAILED: pending(main) >= 16 MiB (6.5 MiB vs 16 MiB): message}. */
    @Override
    public String toString() {
        return span.position() + ": " + outcome + ": " + assertion + values()
                + (message.isEmpty() ? "" : ": " + message);
    }

    /** {@code " (6.5 MiB vs 16 MiB)"}, or why the values could not be measured: {@code " (why)"}. */
    public String values() {
        return outcome == Outcome.UNMEASURABLE ? " (" + detail + ")"
                : " (" + dimension.readable(left) + " vs " + dimension.readable(right) + ")";
    }
}
