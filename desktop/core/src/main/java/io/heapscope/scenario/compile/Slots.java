package io.heapscope.scenario.compile;

import java.util.Map;
import java.util.function.ToIntFunction;

/** The loop variables in scope at a statement and the slot each value is kept in. */
record Slots(Map<String, Integer> byName) implements ToIntFunction<String> {

    Slots {
        byName = Map.copyOf(byName);
    }

    /** The slot of {@code name}, or -1 when no loop variable has that name here. */
    @Override
    public int applyAsInt(String name) {
        return byName.getOrDefault(name, -1);
    }
}
