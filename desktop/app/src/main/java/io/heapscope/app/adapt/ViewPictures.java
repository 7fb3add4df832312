package io.heapscope.app.adapt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.heapscope.app.StepPicture;
import io.heapscope.engine.EngineView;
import io.heapscope.engine.Figures;
import io.heapscope.engine.LoggedEvent;
import io.heapscope.model.Snapshot;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.Program;
import io.heapscope.ui.events.EventRow;
import io.heapscope.ui.timeline.TimelineData;
import io.heapscope.ui.timeline.TimelineMark;
import io.heapscope.ui.timeline.TimelinePoint;

/**
 * Turns the engine's {@link EngineView}s into {@link StepPicture}s, on the engine's thread (no
 * JavaFX). The costly part, converting the snapshot, is done once per snapshot: a view that
 * only changes status (a command starting) reuses it. Not thread-safe: one caller at a time.
 */
public final class ViewPictures {

    private Snapshot converted;
    private StepPicture base = StepPicture.empty();
    private Program marksOf;
    private List<TimelineMark> marks = List.of();
    private Program logOf;
    private final List<EventRow> logRows = new ArrayList<>();
    private List<EventRow> publishedLog = List.of();

    /**
     * The picture of {@code view}.
     *
     * @param core            whether the backend is Heapscope's core
     * @param breakpointSteps the steps where runs stopped on breakpoints so far
     */
    public StepPicture of(EngineView view, boolean core, Set<Long> breakpointSteps) {
        List<String> names = view.program().map(Program::threads).orElse(List.of());
        long step = view.position().step();
        List<TimelinePoint> points = timeline(view.history());
        Optional<Snapshot> snapshot = view.snapshot();
        if (snapshot.isEmpty()) {
            if (view.status() != EngineView.Status.FAILED) {
                converted = null;
                base = StepPicture.empty();
            }
        } else if (snapshot.get() != converted) {
            converted = snapshot.get();
            base = SnapshotPictures.of(step, converted, names, view.lastEvents(), points);
        }
        Optional<Figures> figures = view.history().stream().filter(f -> f.step() == step).findFirst();
        TimelineData timeline = new TimelineData(points, view.program().map(this::marks).orElse(List.of()),
                view.position().totalSteps());
        return new StepPicture(step, base.space(), base.pages(), base.threads(), base.abandoned(),
                logRows(view, names), timeline, base.snapshot(), core, view.allocator(),
                view.expects(), breakpointSteps, figures, view.history());
    }

    /**
     * The run's events as rows, converted once each: a run's log only grows, so only its new
     * tail is explained; a new program starts again. The same list is returned while nothing is new.
     */
    private List<EventRow> logRows(EngineView view, List<String> names) {
        Program program = view.program().orElse(null);
        List<LoggedEvent> log = view.eventLog();
        if (program != logOf || log.size() < logRows.size()) {
            logOf = program;
            logRows.clear();
            publishedLog = List.of();
        }
        if (log.size() > logRows.size()) {
            for (LoggedEvent e : log.subList(logRows.size(), log.size())) {
                logRows.add(EventTexts.row(e.step(), e.event(), names));
            }
            publishedLog = List.copyOf(logRows);
        }
        return publishedLog;
    }

    /** The program's {@code mark} lines at the steps where a run takes them (found once per program). */
    private List<TimelineMark> marks(Program program) {
        if (program != marksOf) {
            marksOf = program;
            marks = program.ops().stream().filter(op -> op instanceof Op.Mark)
                    .map(op -> new TimelineMark(op.step(), ((Op.Mark) op).name())).toList();
        }
        return marks;
    }

    /** One timeline point per sampled step; {@code events} is the events since the previous point. */
    public static List<TimelinePoint> timeline(List<Figures> history) {
        List<TimelinePoint> points = new ArrayList<>(history.size());
        long events = 0;
        for (Figures f : history) {
            int delta = (int) Math.min(Integer.MAX_VALUE, Math.max(0, f.events() - events));
            events = f.events();
            points.add(new TimelinePoint(f.step(), f.clockNanos(), f.reserved(), f.committed(), f.inUse(), f.pending(),
                    f.rss(), delta));
        }
        return points;
    }
}
