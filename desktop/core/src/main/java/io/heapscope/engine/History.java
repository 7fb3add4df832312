package io.heapscope.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Figures per step, for timelines and the history CSV: one entry per sampled step, kept in step
 * order. Runs are deterministic, so going back keeps the entries beyond the current step (a
 * timeline can still draw them); a new program starts a new history.
 */
final class History {

    private final TreeMap<Long, Figures> byStep = new TreeMap<>();
    private List<Figures> published = List.of();

    void put(Figures figures) {
        if (!figures.equals(byStep.put(figures.step(), figures))) {
            published = null;
        }
    }

    boolean has(long step) {
        return byStep.containsKey(step);
    }

    /** An immutable copy, made again only after a change. */
    List<Figures> list() {
        if (published == null) {
            published = List.copyOf(new ArrayList<>(byStep.values()));
        }
        return published;
    }
}
