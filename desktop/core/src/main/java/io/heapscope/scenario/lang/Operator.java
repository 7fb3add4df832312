package io.heapscope.scenario.lang;

import java.util.Arrays;
import java.util.Optional;

/**
 * Arithmetic operators. {@code *}, {@code /} and {@code %} bind tighter than {@code +} and
 * {@code -}; all associate to the left. {@code /} truncates toward zero and {@code %} is the
 * remainder with the sign of the left operand (as in Java and C).
 */
public enum Operator {
    PLUS("+", 1),
    MINUS("-", 1),
    TIMES("*", 2),
    DIVIDE("/", 2),
    REMAINDER("%", 2);

    private final String symbol;
    private final int precedence;

    Operator(String symbol, int precedence) {
        this.symbol = symbol;
        this.precedence = precedence;
    }

    public String symbol() {
        return symbol;
    }

    /** Higher binds tighter. */
    public int precedence() {
        return precedence;
    }

    public static Optional<Operator> bySymbol(String text) {
        return Arrays.stream(values()).filter(o -> o.symbol.equals(text)).findFirst();
    }

    /**
     * The dimension of {@code left <op> right}, or empty when the combination means nothing
     * (adding a size to a duration, multiplying two sizes, dividing a count by a size).
     * A plain number adapts to the other side: {@code 64 B + 8} is 72 bytes.
     */
    public Optional<Dimension> resultDimension(Dimension left, Dimension right) {
        boolean leftPlain = left == Dimension.COUNT;
        boolean rightPlain = right == Dimension.COUNT;
        return switch (this) {
            case PLUS, MINUS, REMAINDER -> leftPlain ? Optional.of(right)
                    : rightPlain || left == right ? Optional.of(left) : Optional.empty();
            case TIMES -> leftPlain ? Optional.of(right)
                    : rightPlain ? Optional.of(left) : Optional.empty();
            case DIVIDE -> rightPlain ? Optional.of(left)
                    : left == right ? Optional.of(Dimension.COUNT) : Optional.empty();
        };
    }
}
