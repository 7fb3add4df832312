package io.heapscope.scenario.op;

import java.util.List;
import java.util.Objects;

/**
 * For every op, the loop iterations it runs in: {@code "i = 17, j = 3"} (outermost first) for the
 * enclosing loops that name a variable. Stored as a tree of iterations (each with its enclosing
 * one) and one iteration id per op, so a million unrolled ops cost four bytes each.
 */
public final class LoopIterations {

    /** For a program without loops. */
    public static final LoopIterations NONE = new LoopIterations(new int[0], new int[0], new long[0], new int[0],
            List.of());

    private final int[] parent;
    private final int[] variable;
    private final long[] value;
    private final int[] opIteration;
    private final List<String> variables;

    /**
     * @param parent      per iteration, the enclosing iteration or -1
     * @param variable    per iteration, its loop variable's index in {@code variables}, or -1 for a
     *                    loop without one ({@code repeat N})
     * @param value       per iteration, the variable's value
     * @param opIteration per op, the innermost iteration it runs in, or -1 outside every loop
     * @param variables   the loop variable names
     */
    public LoopIterations(int[] parent, int[] variable, long[] value, int[] opIteration, List<String> variables) {
        if (parent.length != variable.length || parent.length != value.length) {
            throw new IllegalArgumentException("iteration columns differ in length");
        }
        this.parent = parent;
        this.variable = variable;
        this.value = value;
        this.opIteration = opIteration;
        this.variables = List.copyOf(Objects.requireNonNull(variables, "variables"));
    }

    /** The loop variables of op {@code opIndex}, as {@code "i = 17, j = 3"}; "" outside loops. */
    public String describe(int opIndex) {
        if (opIndex < 0 || opIndex >= opIteration.length) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (int it = opIteration[opIndex]; it >= 0; it = parent[it]) {
            if (variable[it] < 0) {
                continue;
            }
            String part = variables.get(variable[it]) + " = " + value[it];
            text.insert(0, text.isEmpty() ? part : part + ", ");
        }
        return text.toString();
    }
}
