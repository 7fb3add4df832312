package io.heapscope.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The metric values remembered by {@code mark} lines. A mark inside a loop is taken again on every
 * iteration; a reading uses the latest one taken before the current op. Going back forgets the
 * marks taken at or after the new position (running forward takes them again).
 */
final class Marks {

    private record Taken(int opIndex, MetricValues values) {
    }

    private final Map<String, List<Taken>> byName = new HashMap<>();

    void take(String name, int opIndex, MetricValues values) {
        byName.computeIfAbsent(name, n -> new ArrayList<>()).add(new Taken(opIndex, values));
    }

    Optional<MetricValues> latest(String name) {
        List<Taken> list = byName.get(name);
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.getLast().values());
    }

    /** Forgets the marks taken at op {@code opIndex} or later. */
    void rewindTo(int opIndex) {
        for (List<Taken> list : byName.values()) {
            list.removeIf(t -> t.opIndex() >= opIndex);
        }
    }
}
