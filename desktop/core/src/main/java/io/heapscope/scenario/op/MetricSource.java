package io.heapscope.scenario.op;

/**
 * Supplies metric values when an {@link Op.Expect} is checked: the current value of a reading,
 * or, when {@code reading.mark()} is present, its value when that mark was taken.
 */
@FunctionalInterface
public interface MetricSource {

    double read(MetricExpr.Reading reading);
}
