package io.heapscope.scenario.lang;

import java.util.Arrays;
import java.util.Optional;

/** The comparisons an {@code expect} line can make. */
public enum Comparison {
    LESS("<"),
    LESS_OR_EQUAL("<="),
    GREATER(">"),
    GREATER_OR_EQUAL(">="),
    EQUAL("=="),
    NOT_EQUAL("!=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public static Optional<Comparison> bySymbol(String text) {
        return Arrays.stream(values()).filter(c -> c.symbol.equals(text)).findFirst();
    }

    /** Whether {@code left <op> right} holds. */
    public boolean test(double left, double right) {
        return switch (this) {
            case LESS -> left < right;
            case LESS_OR_EQUAL -> left <= right;
            case GREATER -> left > right;
            case GREATER_OR_EQUAL -> left >= right;
            case EQUAL -> left == right;
            case NOT_EQUAL -> left != right;
        };
    }
}
