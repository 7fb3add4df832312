package io.heapscope.scenario.eval;

import io.heapscope.scenario.ast.Expr;
import io.heapscope.scenario.lang.Dimension;
import io.heapscope.scenario.lang.Metric;
import io.heapscope.scenario.lang.Operator;
import io.heapscope.scenario.lang.Unit;
import io.heapscope.scenario.source.SourceSpan;
import java.math.BigDecimal;
import java.util.function.ToIntFunction;

/**
 * Turns an integer expression (no metrics) into a {@link LongExpr}, folding constant parts.
 * Values are in base units: bytes and nanoseconds. All arithmetic is exact 64-bit: overflow is an
 * error, never a wrap-around.
 */
public final class ExprCompiler {

    private ExprCompiler() {
    }

    /**
     * @param slotOf the slot of each loop variable; a negative answer means the name is unknown
     * @throws EvalException if a literal is not a whole number or too large, a constant part
     *                       overflows or divides by zero, or a name is unknown
     */
    public static LongExpr compile(Expr expr, ToIntFunction<String> slotOf) {
        return switch (expr) {
            case Expr.Literal literal -> new Constant(wholeValue(literal));
            case Expr.Variable variable -> variable(variable, slotOf);
            case Expr.Negate negate -> negate(compile(negate.operand(), slotOf), negate.span());
            case Expr.Binary binary -> binary(binary.operator(), compile(binary.left(), slotOf),
                    compile(binary.right(), slotOf), binary.span());
            case Expr.MetricRef metric -> throw new EvalException(metric.span(),
                    "metric '" + metric.metric().text() + "' can only be read on an expect line");
        };
    }

    /**
     * The dimension of an expression the checker accepted: a plain number adapts to the other
     * operand, so {@code 64 B + 8} is a size.
     */
    public static Dimension dimension(Expr expr) {
        return switch (expr) {
            case Expr.Literal literal -> literal.unit().dimension();
            case Expr.Variable variable -> Dimension.COUNT;
            case Expr.MetricRef metric -> Metric.byWord(metric.metric().text())
                    .map(Metric::dimension).orElse(Dimension.COUNT);
            case Expr.Negate negate -> dimension(negate.operand());
            case Expr.Binary binary -> binary.operator()
                    .resultDimension(dimension(binary.left()), dimension(binary.right()))
                    .orElse(Dimension.COUNT);
        };
    }

    /** The literal's value in base units, if it is a whole number that fits in 64 bits. */
    public static long wholeValue(Expr.Literal literal) {
        BigDecimal scaled = literal.scaled();
        String unit = literal.unit() == Unit.NONE ? "" : " " + literal.unit().symbol();
        if (scaled.signum() != 0 && scaled.stripTrailingZeros().scale() > 0) {
            String of = switch (literal.unit().dimension()) {
                case BYTES -> " of bytes";
                case TIME -> " of nanoseconds";
                case COUNT -> "";
            };
            throw new EvalException(literal.span(),
                    literal.text() + unit + " is not a whole number" + of);
        }
        if (scaled.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new EvalException(literal.span(),
                    "number is too large: " + literal.text() + unit + " does not fit in 64 bits");
        }
        return scaled.longValue();
    }

    private static LongExpr variable(Expr.Variable variable, ToIntFunction<String> slotOf) {
        int slot = slotOf.applyAsInt(variable.name().text());
        if (slot < 0) {
            throw new EvalException(variable.span(),
                    "unknown loop variable '" + variable.name().text() + "'");
        }
        return slots -> slots[slot];
    }

    private static LongExpr negate(LongExpr operand, SourceSpan span) {
        if (operand instanceof Constant(long value)) {
            return new Constant(negate(value, span));
        }
        return slots -> negate(operand.eval(slots), span);
    }

    private static LongExpr binary(Operator op, LongExpr left, LongExpr right, SourceSpan span) {
        if (left instanceof Constant(long a) && right instanceof Constant(long b)) {
            return new Constant(apply(op, a, b, span));
        }
        return slots -> apply(op, left.eval(slots), right.eval(slots), span);
    }

    /** {@code a op b} in exact 64-bit arithmetic. */
    public static long apply(Operator op, long a, long b, SourceSpan span) {
        if ((op == Operator.DIVIDE || op == Operator.REMAINDER) && b == 0) {
            throw new EvalException(span, "division by zero");
        }
        try {
            return switch (op) {
                case PLUS -> Math.addExact(a, b);
                case MINUS -> Math.subtractExact(a, b);
                case TIMES -> Math.multiplyExact(a, b);
                case DIVIDE -> Math.divideExact(a, b);
                case REMAINDER -> a % b;
            };
        } catch (ArithmeticException overflow) {
            throw new EvalException(span, "overflow: " + a + " " + op.symbol() + " " + b
                    + " does not fit in 64 bits");
        }
    }

    private static long negate(long value, SourceSpan span) {
        if (value == Long.MIN_VALUE) {
            throw new EvalException(span, "overflow: -(" + value + ") does not fit in 64 bits");
        }
        return -value;
    }
}
