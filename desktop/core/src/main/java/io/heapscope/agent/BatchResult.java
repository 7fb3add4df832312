package io.heapscope.agent;

import io.heapscope.model.Event;

import java.util.List;

/**
 * The results of a batch's executed ops and the events they caused.
 *
 * @param firstSerial   serial number of the batch's first op over the agent's life
 * @param eventsDropped events beyond the agent's per-batch limit (not recorded)
 */
public record BatchResult(long firstSerial, List<OpResult> results, List<Event> events, int eventsDropped) {
    public BatchResult {
        results = List.copyOf(results);
        events = List.copyOf(events);
    }

    public OpResult result(int index) {
        return results.get(index);
    }

    /** The events caused by op {@code index} of this batch. */
    public List<Event> eventsOf(int index) {
        return events.stream().filter(e -> e.opIndex() == index).toList();
    }

    public List<Event> events(String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).toList();
    }
}
