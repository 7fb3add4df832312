package io.heapscope.engine;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a run stops: before a statement on one of {@code lines} (1-based) runs, and after a step
 * that caused one of {@code events}. A line breakpoint on a loop's first line stops before the
 * loop starts; on a line inside a loop, before every iteration's statement there.
 */
public record Breakpoints(Set<Integer> lines, Set<BreakEvent> events) {

    public static final Breakpoints NONE = new Breakpoints(Set.of(), Set.of());

    public Breakpoints {
        lines = Set.copyOf(lines);
        events = events.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(events));
    }

    public static Breakpoints onLines(Integer... lines) {
        return new Breakpoints(Set.of(lines), Set.of());
    }

    public static Breakpoints onEvents(BreakEvent... events) {
        return new Breakpoints(Set.of(), Set.of(events));
    }

    public boolean isEmpty() {
        return lines.isEmpty() && events.isEmpty();
    }

    boolean breaksOn(String eventKind) {
        for (BreakEvent e : events) {
            if (e.kind().equals(eventKind)) {
                return true;
            }
        }
        return false;
    }
}
