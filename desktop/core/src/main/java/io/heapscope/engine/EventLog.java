package io.heapscope.engine;

import io.heapscope.model.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * Every allocator event of a run, in the order they happened, with the step of each: what an
 * event log shows. Runs are deterministic, so a step replayed (going back, then forward again)
 * is logged once: only steps at or after {@link #coveredTo} are taken. At most {@link #MAX}
 * events are kept; later ones are counted, not kept.
 */
final class EventLog {

    static final int MAX = 200_000;

    private final List<LoggedEvent> events = new ArrayList<>();
    private long coveredTo;
    private long notKept;
    private List<LoggedEvent> published = List.of();

    /** Whether an event of {@code step} is new (its step was not run to its end before). */
    boolean wants(long step) {
        return step >= coveredTo;
    }

    void add(long step, Event e) {
        if (events.size() < MAX) {
            events.add(new LoggedEvent(step, e));
            published = null;
        } else {
            notKept++;
        }
    }

    /** Every step before {@code step} has had all its events logged. */
    void covered(long step) {
        coveredTo = Math.max(coveredTo, step);
    }

    /** Events past {@link #MAX}, counted but not kept. */
    long notKept() {
        return notKept;
    }

    /** An immutable copy, made again only after a change. */
    List<LoggedEvent> list() {
        if (published == null) {
            published = List.copyOf(events);
        }
        return published;
    }
}
