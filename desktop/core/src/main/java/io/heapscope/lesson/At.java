package io.heapscope.lesson;

import io.heapscope.engine.BreakEvent;
import io.heapscope.scenario.source.SourceSpan;

/**
 * Where a stop stands in the run. {@link Start}, {@link End} and {@link Step} are absolute; a
 * {@link Mark}, a {@link Line} and an {@link Event} are searched for from the previous stop on,
 * {@code occurrence} (1-based) saying which one.
 */
public sealed interface At {

    SourceSpan span();

    /** Step 0: nothing has run. */
    record Start(SourceSpan span) implements At {
        @Override
        public String toString() {
            return "start";
        }
    }

    /** After the last statement. */
    record End(SourceSpan span) implements At {
        @Override
        public String toString() {
            return "end";
        }
    }

    /** After {@code step} statement executions. */
    record Step(long step, SourceSpan span) implements At {
        @Override
        public String toString() {
            return "step " + step;
        }
    }

    /** Just after the scenario's {@code mark NAME} is taken. */
    record Mark(String name, int occurrence, SourceSpan span) implements At {
        @Override
        public String toString() {
            return "mark " + name + suffix(occurrence);
        }
    }

    /** Just before a statement on {@code line} of the scenario runs (as "run to line" stops). */
    record Line(int line, int occurrence, SourceSpan span) implements At {
        @Override
        public String toString() {
            return "line " + line + suffix(occurrence);
        }
    }

    /** Just after the step that caused an allocator event of this kind. */
    record Event(BreakEvent event, int occurrence, SourceSpan span) implements At {
        @Override
        public String toString() {
            return "event " + event.word() + suffix(occurrence);
        }
    }

    private static String suffix(int occurrence) {
        return occurrence == 1 ? "" : " #" + occurrence;
    }
}
