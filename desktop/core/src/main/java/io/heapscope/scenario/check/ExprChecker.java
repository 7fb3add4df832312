package io.heapscope.scenario.check;

import io.heapscope.scenario.ast.Expr;
import io.heapscope.scenario.ast.Name;
import io.heapscope.scenario.eval.Constant;
import io.heapscope.scenario.eval.EvalException;
import io.heapscope.scenario.eval.ExprCompiler;
import io.heapscope.scenario.eval.LongExpr;
import io.heapscope.scenario.lang.Dimension;
import io.heapscope.scenario.lang.Metric;
import io.heapscope.scenario.lang.MetricArgument;
import io.heapscope.scenario.lang.Operator;
import io.heapscope.scenario.lang.Suggestions;
import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.scenario.source.SourceSpan;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Checks expressions: names resolve (loop variables, metrics and their arguments, marks), units
 * combine sensibly, literals are whole and fit in 64 bits, and constant parts evaluate. Each
 * method reports what it finds and returns empty when it reported an error, so callers do not
 * pile further errors on the same expression.
 */
final class ExprChecker {

    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private final Symbols symbols;
    private final List<Diagnostic> diagnostics;

    ExprChecker(Symbols symbols, List<Diagnostic> diagnostics) {
        this.symbols = symbols;
        this.diagnostics = diagnostics;
    }

    /**
     * Checks an integer expression that must have one of the {@code allowed} dimensions and
     * returns its value when it does not depend on loop variables.
     */
    OptionalLong integer(Expr expr, String what, Dimension... allowed) {
        Optional<Dimension> dimension = walk(expr, false);
        if (dimension.isEmpty()) {
            return OptionalLong.empty();
        }
        if (!Arrays.asList(allowed).contains(dimension.get())) {
            String hint = dimension.get() == Dimension.COUNT && allowed[0] == Dimension.TIME
                    ? "; add a unit, as in '50ms'" : "";
            error(expr.span(), "expected " + what + " but found "
                    + dimension.get().description() + hint);
            return OptionalLong.empty();
        }
        try {
            LongExpr compiled = ExprCompiler.compile(expr, name -> 0);
            return compiled instanceof Constant(long value)
                    ? OptionalLong.of(value) : OptionalLong.empty();
        } catch (EvalException e) {
            error(e.span(), e.getMessage());
            return OptionalLong.empty();
        }
    }

    /** Checks one side of an expect line, where metrics may be read and fractions are allowed. */
    Optional<Dimension> expectSide(Expr expr) {
        return walk(expr, true);
    }

    private Optional<Dimension> walk(Expr expr, boolean expectLine) {
        return switch (expr) {
            case Expr.Literal literal -> literal(literal, expectLine);
            case Expr.Variable variable -> variable(variable.name(), expectLine);
            case Expr.MetricRef metric -> expectLine ? metric(metric)
                    : fail(metric.span(), "metric '" + metric.metric().text()
                    + "' can only be read on an expect line");
            case Expr.Negate negate -> walk(negate.operand(), expectLine);
            case Expr.Binary binary -> binary(binary, expectLine);
        };
    }

    private Optional<Dimension> literal(Expr.Literal literal, boolean expectLine) {
        if (expectLine && literal.scaled().abs().compareTo(LONG_MAX) > 0) {
            return fail(literal.span(), "number is too large: " + literal.text()
                    + " does not fit in 64 bits");
        }
        return Optional.of(literal.unit().dimension());
    }

    private Optional<Dimension> variable(Name name, boolean expectLine) {
        if (symbols.loopVariable(name.text()).isPresent()) {
            return Optional.of(Dimension.COUNT);
        }
        if (expectLine) {
            List<String> candidates = new ArrayList<>(Metric.words());
            candidates.addAll(symbols.loopVariableNames());
            return fail(name.span(), "unknown metric '" + name.text() + "'"
                    + Suggestions.didYouMean(name.text(), candidates));
        }
        if (Metric.byWord(name.text()).isPresent()) {
            return fail(name.span(),
                    "metric '" + name.text() + "' can only be read on an expect line");
        }
        return fail(name.span(), "unknown loop variable '" + name.text() + "'"
                + Suggestions.didYouMean(name.text(), symbols.loopVariableNames()));
    }

    private Optional<Dimension> binary(Expr.Binary binary, boolean expectLine) {
        Optional<Dimension> left = walk(binary.left(), expectLine);
        Optional<Dimension> right = walk(binary.right(), expectLine);
        if (left.isEmpty() || right.isEmpty()) {
            return Optional.empty();
        }
        Optional<Dimension> result = binary.operator().resultDimension(left.get(), right.get());
        if (result.isEmpty()) {
            return fail(binary.span(),
                    "cannot " + describe(binary.operator(), left.get(), right.get()));
        }
        return result;
    }

    private static String describe(Operator op, Dimension left, Dimension right) {
        String l = left.description();
        String r = right.description();
        return switch (op) {
            case PLUS -> "add " + r + " to " + l;
            case MINUS -> "subtract " + r + " from " + l;
            case TIMES -> "multiply " + l + " by " + r;
            case DIVIDE -> "divide " + l + " by " + r;
            case REMAINDER -> "take the remainder of " + l + " divided by " + r;
        };
    }

    private Optional<Dimension> metric(Expr.MetricRef ref) {
        String word = ref.metric().text();
        Optional<Metric> found = Metric.byWord(word);
        if (found.isEmpty()) {
            return fail(ref.metric().span(), "unknown metric '" + word + "'"
                    + Suggestions.didYouMean(word, Metric.words()));
        }
        Metric metric = found.get();
        boolean ok = argument(metric, ref);
        if (ref.mark().isPresent() && !symbols.markSet(ref.mark().get().text())) {
            String mark = ref.mark().get().text();
            ok = false;
            error(ref.mark().get().span(), "mark '" + mark
                    + "' is not set before this point; add 'mark " + mark + "' earlier");
        }
        return ok ? Optional.of(metric.dimension()) : Optional.empty();
    }

    private boolean argument(Metric metric, Expr.MetricRef ref) {
        MetricArgument kind = metric.argument();
        if (ref.argument().isEmpty()) {
            if (metric.argumentRequired()) {
                String example = metric.word() + "(" + kind.words().getFirst() + ")";
                error(ref.span(), "metric '" + metric.word() + "' needs " + kind.description()
                        + ", as in '" + example + "'; one of " + String.join(", ", kind.words()));
                return false;
            }
            return true;
        }
        Name argument = ref.argument().get();
        String text = argument.text();
        return switch (kind) {
            case NONE -> report(argument.span(),
                    "metric '" + metric.word() + "' takes no argument");
            case THREAD -> symbols.thread(text).isPresent() || report(argument.span(),
                    "unknown thread '" + text + "'"
                            + Suggestions.didYouMean(text, symbols.threadNames()));
            case BLOCK_STATE, PAGE_FILTER -> kind.words().contains(text) || report(argument.span(),
                    "metric '" + metric.word() + "' takes " + kind.description() + ", not '" + text
                            + "'; one of " + String.join(", ", kind.words()));
        };
    }

    private boolean report(SourceSpan span, String message) {
        error(span, message);
        return false;
    }

    private Optional<Dimension> fail(SourceSpan span, String message) {
        error(span, message);
        return Optional.empty();
    }

    private void error(SourceSpan span, String message) {
        diagnostics.add(Diagnostic.error(span, message));
    }
}
