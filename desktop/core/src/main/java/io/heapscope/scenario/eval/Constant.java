package io.heapscope.scenario.eval;

/** An expression whose value is known before any loop runs. */
public record Constant(long value) implements LongExpr {

    @Override
    public long eval(long[] slots) {
        return value;
    }
}
