package io.heapscope.engine;

import io.heapscope.model.Event;

/**
 * One allocator event of a run and the step that caused it: the event happened while the run
 * went from step {@code step} to {@code step + 1}.
 */
public record LoggedEvent(long step, Event event) {
}
