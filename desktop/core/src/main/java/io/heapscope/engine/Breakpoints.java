package io.heapscope.engine;

import io.heapscope.scenario.op.Origin;
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

    /**
     * The breakpoint line that stops a run before {@code next} runs, or 0: the statement's own
     * line, or, when the statement starts its loop ({@code entersLoop}), the loop's first line.
     * Full-speed and paced runs both stop by this rule.
     */
    public int lineBefore(Origin next, boolean entersLoop) {
        int line = next.span().line();
        if (lines.contains(line)) {
            return line;
        }
        int outer = next.outerSpan().line();
        return entersLoop && lines.contains(outer) ? outer : 0;
    }

    /** {@link #lineBefore(Origin, boolean)} for the statement about to run at {@code p}; 0 at the end. */
    public int lineBefore(Position p) {
        return p.next().map(o -> lineBefore(o, p.entersLoop())).orElse(0);
    }

    /** Whether an allocator event of this kind stops a run. */
    public boolean breaksOn(String eventKind) {
        for (BreakEvent e : events) {
            if (e.kind().equals(eventKind)) {
                return true;
            }
        }
        return false;
    }
}
