package io.heapscope.scenario.ast;

import io.heapscope.scenario.lang.Operator;
import io.heapscope.scenario.lang.Unit;
import io.heapscope.scenario.source.SourceSpan;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * An arithmetic expression: a size, count, duration, index or option value, or one side of an
 * {@code expect}. Only expressions on {@code expect} lines may read metrics.
 */
public sealed interface Expr {

    SourceSpan span();

    /**
     * A number as written ({@code 20_000}, {@code 1.5}) with its unit, {@link Unit#NONE} for a
     * bare number. {@code value} is the number before the unit is applied.
     */
    record Literal(String text, BigDecimal value, Unit unit, SourceSpan span) implements Expr {

        /** The value in base units: bytes for sizes, nanoseconds for durations. */
        public BigDecimal scaled() {
            return value.multiply(BigDecimal.valueOf(unit.factor()));
        }
    }

    /** A loop variable. */
    record Variable(Name name) implements Expr {
        @Override
        public SourceSpan span() {
            return name.span();
        }
    }

    /**
     * A metric reading on an {@code expect} line: {@code committed}, {@code pending(main)},
     * {@code rss@loaded}. The names are kept as written; the checker resolves them.
     */
    record MetricRef(Name metric, Optional<Name> argument, Optional<Name> mark, SourceSpan span)
            implements Expr {
    }

    /** Unary minus. */
    record Negate(Expr operand, SourceSpan span) implements Expr {
    }

    record Binary(Operator operator, Expr left, Expr right, SourceSpan span) implements Expr {
    }
}
