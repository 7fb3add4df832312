package io.heapscope.scenario.compile;

import io.heapscope.scenario.ast.Expr;
import io.heapscope.scenario.ast.Name;
import io.heapscope.scenario.eval.EvalException;
import io.heapscope.scenario.lang.Dimension;
import io.heapscope.scenario.lang.Metric;
import io.heapscope.scenario.lang.Operator;
import io.heapscope.scenario.op.MetricExpr;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Builds the {@link MetricExpr} of one side of an expect: loop variables become their current
 * values and parts without metrics are folded into one constant.
 */
final class MetricExprBuilder {

    private MetricExprBuilder() {
    }

    static boolean usesVariables(Expr expr) {
        return switch (expr) {
            case Expr.Variable variable -> true;
            case Expr.Negate negate -> usesVariables(negate.operand());
            case Expr.Binary binary ->
                    usesVariables(binary.left()) || usesVariables(binary.right());
            case Expr.Literal literal -> false;
            case Expr.MetricRef metric -> false;
        };
    }

    /**
     * @throws EvalException for a constant division by zero, an unknown metric or an unknown
     *                       loop variable (the checker reports the last two first)
     */
    static MetricExpr build(Expr expr, ToIntFunction<String> slotOf, long[] slots) {
        return switch (expr) {
            case Expr.Literal literal -> new MetricExpr.Constant(literal.scaled().doubleValue(),
                    literal.unit().dimension());
            case Expr.Variable variable -> {
                int slot = slotOf.applyAsInt(variable.name().text());
                if (slot < 0) {
                    throw new EvalException(variable.span(),
                            "unknown loop variable '" + variable.name().text() + "'");
                }
                yield new MetricExpr.Constant(slots[slot], Dimension.COUNT);
            }
            case Expr.MetricRef ref -> new MetricExpr.Reading(
                    Metric.byWord(ref.metric().text()).orElseThrow(() -> new EvalException(
                            ref.span(), "unknown metric '" + ref.metric().text() + "'")),
                    ref.argument().map(Name::text), ref.mark().map(Name::text));
            case Expr.Negate negate -> {
                MetricExpr operand = build(negate.operand(), slotOf, slots);
                yield operand instanceof MetricExpr.Constant(double value, Dimension dimension)
                        ? new MetricExpr.Constant(-value, dimension)
                        : new MetricExpr.Negation(operand);
            }
            case Expr.Binary binary -> binary(binary, build(binary.left(), slotOf, slots),
                    build(binary.right(), slotOf, slots));
        };
    }

    private static MetricExpr binary(Expr.Binary binary, MetricExpr left, MetricExpr right) {
        Operator op = binary.operator();
        if (left instanceof MetricExpr.Constant(double a, Dimension da)
                && right instanceof MetricExpr.Constant(double b, Dimension db)) {
            if ((op == Operator.DIVIDE || op == Operator.REMAINDER) && b == 0) {
                throw new EvalException(binary.span(), "division by zero");
            }
            Dimension dimension = op.resultDimension(da, db).orElse(Dimension.COUNT);
            return new MetricExpr.Constant(
                    new MetricExpr.Arithmetic(op, left, right).evaluate(reading -> 0), dimension);
        }
        return new MetricExpr.Arithmetic(op, left, right);
    }

    /** The expression built once, if it does not depend on loop variables. */
    static Optional<MetricExpr> fixed(Expr expr, ToIntFunction<String> slotOf) {
        return usesVariables(expr) ? Optional.empty()
                : Optional.of(build(expr, slotOf, new long[0]));
    }
}
