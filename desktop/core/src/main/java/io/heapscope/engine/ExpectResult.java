package io.heapscope.engine;

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
                           Outcome outcome, double left, double right, String detail) {

    public enum Outcome { PASSED, FAILED, UNMEASURABLE }

    static ExpectResult of(int opIndex, Op.Expect expect, Outcome outcome, double left, double right,
                           String detail) {
        return new ExpectResult(opIndex, expect.step(), expect.span(), expect.describe(),
                expect.message().orElse(""), outcome, left, right, detail);
    }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }

    /** {@code file:line:col: FAILED: committed <= 48 MiB (was 50331648 vs 50331648): message}. */
    @Override
    public String toString() {
        String values = outcome == Outcome.UNMEASURABLE ? " (" + detail + ")"
                : " (" + number(left) + " vs " + number(right) + ")";
        return span.position() + ": " + outcome + ": " + assertion + values
                + (message.isEmpty() ? "" : ": " + message);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e18 ? Long.toString((long) v) : Double.toString(v);
    }
}
