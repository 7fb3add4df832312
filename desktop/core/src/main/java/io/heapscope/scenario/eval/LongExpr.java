package io.heapscope.scenario.eval;

/**
 * An integer expression compiled for fast repeated evaluation, as loops are unrolled. Loop
 * variables are read from {@code slots} by index. Evaluation throws {@link EvalException} on
 * overflow or division by zero.
 */
@FunctionalInterface
public interface LongExpr {

    long eval(long[] slots);
}
