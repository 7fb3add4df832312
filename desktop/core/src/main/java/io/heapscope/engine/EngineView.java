package io.heapscope.engine;

import io.heapscope.model.Event;
import io.heapscope.model.Snapshot;
import io.heapscope.scenario.op.Program;
import io.heapscope.scenario.source.Diagnostic;
import java.util.List;
import java.util.Optional;

/**
 * Everything a window shows of a run, as one immutable value published by {@link RunControl}
 * after every change.
 *
 * @param diagnostics the scenario's errors and warnings from the last load
 * @param position    where the run is (the statement about to run, the step, the clock)
 * @param snapshot    the heap at the position; empty before the first load or after a failure
 * @param lastEvents  the allocator events of the last step run
 * @param expects     the results of the expects before the position
 * @param history     figures per sampled step, for timelines
 * @param allocator   what the agent runs ({@code heapscope}, {@code mimalloc 2.0.9}, ...)
 * @param outcome     how the last command ended
 * @param message     one line for a status bar, or ""
 * @param eventLog    every allocator event of the run so far, with its step ({@link Engine#eventLog})
 */
public record EngineView(Status status, Optional<Program> program, List<Diagnostic> diagnostics,
                         Position position, Optional<Snapshot> snapshot, List<Event> lastEvents,
                         List<ExpectResult> expects, List<Figures> history, String allocator,
                         Optional<StepOutcome> outcome, String message, List<LoggedEvent> eventLog) {

    /** What the run control is doing. */
    public enum Status {
        /** Nothing loaded. */
        EMPTY,
        /** Compiling and starting the agent. */
        LOADING,
        /** At a step, waiting for a command. */
        PAUSED,
        /** A command is running (run, run to line, step over, going back). */
        RUNNING,
        /** Past the last statement. */
        FINISHED,
        /** The scenario does not compile: see {@code diagnostics}. */
        INVALID,
        /** The agent refused an op, died or could not start: reset (or load) to go on. */
        FAILED
    }

    public EngineView {
        diagnostics = List.copyOf(diagnostics);
        lastEvents = List.copyOf(lastEvents);
        expects = List.copyOf(expects);
        history = List.copyOf(history);
        eventLog = List.copyOf(eventLog);
    }

    /** A view without logged events (loading, a compile error, an agent that did not start). */
    public EngineView(Status status, Optional<Program> program, List<Diagnostic> diagnostics, Position position,
                      Optional<Snapshot> snapshot, List<Event> lastEvents, List<ExpectResult> expects,
                      List<Figures> history, String allocator, Optional<StepOutcome> outcome, String message) {
        this(status, program, diagnostics, position, snapshot, lastEvents, expects, history, allocator, outcome,
                message, List.of());
    }

    static final Position NOWHERE = new Position(0, 0, 0, 0, Optional.empty(), 0, false);

    static EngineView empty() {
        return new EngineView(Status.EMPTY, Optional.empty(), List.of(), NOWHERE, Optional.empty(), List.of(),
                List.of(), List.of(), "", Optional.empty(), "open a scenario");
    }

    EngineView with(Status s, String why) {
        return new EngineView(s, program, diagnostics, position, snapshot, lastEvents, expects, history,
                allocator, outcome, why, eventLog);
    }
}
