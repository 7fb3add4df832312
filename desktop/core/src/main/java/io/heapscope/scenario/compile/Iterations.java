package io.heapscope.scenario.compile;

import io.heapscope.scenario.op.LoopIterations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Records every loop iteration the unroller runs, with its enclosing one, for {@link LoopIterations}. */
final class Iterations {

    private int[] parent = new int[256];
    private int[] variable = new int[256];
    private long[] value = new long[256];
    private int count;
    private final List<String> variables = new ArrayList<>();

    /** A new iteration inside {@code enclosing} (-1 for none); returns its id. */
    int add(int enclosing, Optional<String> name, long current) {
        if (count == parent.length) {
            parent = Arrays.copyOf(parent, count * 2);
            variable = Arrays.copyOf(variable, count * 2);
            value = Arrays.copyOf(value, count * 2);
        }
        parent[count] = enclosing;
        variable[count] = name.map(this::variableIndex).orElse(-1);
        value[count] = current;
        return count++;
    }

    private int variableIndex(String name) {
        int i = variables.indexOf(name);
        if (i < 0) {
            variables.add(name);
            i = variables.size() - 1;
        }
        return i;
    }

    LoopIterations build(int[] opIteration, int opCount) {
        return new LoopIterations(Arrays.copyOf(parent, count), Arrays.copyOf(variable, count),
                Arrays.copyOf(value, count), Arrays.copyOf(opIteration, opCount), variables);
    }
}
