package io.heapscope.scenario.op;

import io.heapscope.scenario.lang.Dimension;
import io.heapscope.scenario.lang.Metric;
import io.heapscope.scenario.lang.Operator;
import java.util.Optional;

/**
 * One side of an expect, with loop variables already replaced by their values and constant parts
 * folded. Evaluated in double precision when the engine reaches the expect: exact for whole
 * numbers up to 2^53, so for any realistic byte count. Division by zero gives an infinity or NaN,
 * and a comparison with NaN fails.
 */
public sealed interface MetricExpr {

    double evaluate(MetricSource source);

    /** What the value measures, for printing it ({@link Dimension#readable}): a size, a duration or a count. */
    Dimension dimension();

    /** A number; the dimension only affects how it prints ({@code 48 MiB}). */
    record Constant(double value, Dimension dimension) implements MetricExpr {
        @Override
        public double evaluate(MetricSource source) {
            return value;
        }

        @Override
        public String toString() {
            return dimension.format(value);
        }
    }

    /** A metric's current value, or its value at a mark: {@code pending(main)@loaded}. */
    record Reading(Metric metric, Optional<String> argument, Optional<String> mark)
            implements MetricExpr {
        @Override
        public double evaluate(MetricSource source) {
            return source.read(this);
        }

        @Override
        public Dimension dimension() {
            return metric.dimension();
        }

        @Override
        public String toString() {
            return metric.word() + argument.map(a -> "(" + a + ")").orElse("")
                    + mark.map(m -> "@" + m).orElse("");
        }
    }

    record Arithmetic(Operator operator, MetricExpr left, MetricExpr right) implements MetricExpr {
        @Override
        public double evaluate(MetricSource source) {
            double a = left.evaluate(source);
            double b = right.evaluate(source);
            return switch (operator) {
                case PLUS -> a + b;
                case MINUS -> a - b;
                case TIMES -> a * b;
                case DIVIDE -> a / b;
                case REMAINDER -> a % b;
            };
        }

        /** A size times or plus a count is a size; a size over a size is a count (a ratio). */
        @Override
        public Dimension dimension() {
            Dimension a = left.dimension();
            Dimension b = right.dimension();
            return switch (operator) {
                case PLUS, MINUS, REMAINDER -> a != Dimension.COUNT ? a : b;
                case TIMES -> a != Dimension.COUNT ? a : b;
                case DIVIDE -> a == b ? Dimension.COUNT : a;
            };
        }

        @Override
        public String toString() {
            return side(left, false) + " " + operator.symbol() + " " + side(right, true);
        }

        private String side(MetricExpr side, boolean isRight) {
            if (side instanceof Arithmetic inner) {
                int outer = operator.precedence();
                int own = inner.operator.precedence();
                if (own < outer || (isRight && own == outer)) {
                    return "(" + inner + ")";
                }
            }
            return side.toString();
        }
    }

    record Negation(MetricExpr operand) implements MetricExpr {
        @Override
        public double evaluate(MetricSource source) {
            return -operand.evaluate(source);
        }

        @Override
        public Dimension dimension() {
            return operand.dimension();
        }

        @Override
        public String toString() {
            return operand instanceof Arithmetic ? "-(" + operand + ")" : "-" + operand;
        }
    }
}
