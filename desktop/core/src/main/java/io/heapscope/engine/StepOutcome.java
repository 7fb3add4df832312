package io.heapscope.engine;

import io.heapscope.model.Event;
import java.util.List;

/**
 * What a command did.
 *
 * @param detail  for a breakpoint the line or event, for a failure the error, else ""
 * @param events  the allocator events of the last step run
 * @param expects the expects checked by this command, in order
 * @param notes   ops that sent nothing and why ({@code file:line:col: note: ...})
 */
public record StepOutcome(StopReason reason, String detail, Position position, List<Event> events,
                          List<ExpectResult> expects, List<String> notes) {

    public StepOutcome {
        events = List.copyOf(events);
        expects = List.copyOf(expects);
        notes = List.copyOf(notes);
    }
}
