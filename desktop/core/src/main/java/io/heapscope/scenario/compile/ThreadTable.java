package io.heapscope.scenario.compile;

import io.heapscope.scenario.op.Origin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scenario's threads, numbered in declaration order, and the life of each while unrolling.
 * Plans hold the {@link State} objects directly, so the unroller never looks a thread up by name.
 */
final class ThreadTable {

    enum Life { NOT_STARTED, RUNNING, PARKED, EXITED }

    static final class State {
        final String name;
        final int id;
        Life life = Life.NOT_STARTED;
        /** The statement that last changed {@link #life}; null while not started. */
        Origin changed;
        /** Heap id of the default heap; {@link HeapTable#BACKING_ID} for the backing heap. */
        int defaultHeap = HeapTable.BACKING_ID;

        State(String name, int id) {
            this.name = name;
            this.id = id;
        }
    }

    private final Map<String, State> states = new LinkedHashMap<>();

    State state(String name) {
        return states.computeIfAbsent(name, n -> new State(n, states.size()));
    }

    /** Thread names by id. */
    List<String> names() {
        return List.copyOf(states.keySet());
    }
}
