package io.heapscope.app.adapt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.heapscope.app.StepPicture;
import io.heapscope.engine.EngineView;
import io.heapscope.engine.Figures;
import io.heapscope.model.Snapshot;
import io.heapscope.scenario.op.Program;
import io.heapscope.ui.timeline.TimelinePoint;

/**
 * Turns the engine's {@link EngineView}s into {@link StepPicture}s, on the engine's thread (no
 * JavaFX). The costly part, converting the snapshot, is done once per snapshot: a view that
 * only changes status (a command starting) reuses it. Not thread-safe: one caller at a time.
 */
public final class ViewPictures {

    private Snapshot converted;
    private StepPicture base = StepPicture.empty();

    /**
     * The picture of {@code view}.
     *
     * @param core            whether the backend is Heapscope's core
     * @param breakpointSteps the steps where runs stopped on breakpoints so far
     */
    public StepPicture of(EngineView view, boolean core, Set<Long> breakpointSteps) {
        List<String> names = view.program().map(Program::threads).orElse(List.of());
        long step = view.position().step();
        List<TimelinePoint> timeline = timeline(view.history());
        Optional<Snapshot> snapshot = view.snapshot();
        if (snapshot.isEmpty()) {
            if (view.status() != EngineView.Status.FAILED) {
                converted = null;
                base = StepPicture.empty();
            }
        } else if (snapshot.get() != converted) {
            converted = snapshot.get();
            base = SnapshotPictures.of(step, converted, names, view.lastEvents(), timeline);
        }
        Optional<Figures> figures = view.history().stream().filter(f -> f.step() == step).findFirst();
        return new StepPicture(step, base.space(), base.pages(), base.threads(), base.abandoned(),
                EventTexts.rows(view.lastEvents(), names), timeline, base.snapshot(), core, view.allocator(),
                view.expects(), breakpointSteps, figures);
    }

    /** One timeline point per sampled step; {@code events} is the events since the previous point. */
    public static List<TimelinePoint> timeline(List<Figures> history) {
        List<TimelinePoint> points = new ArrayList<>(history.size());
        long events = 0;
        for (Figures f : history) {
            int delta = (int) Math.min(Integer.MAX_VALUE, Math.max(0, f.events() - events));
            events = f.events();
            points.add(new TimelinePoint(f.step(), f.reserved(), f.committed(), f.inUse(), f.pending(), f.rss(),
                    delta));
        }
        return points;
    }
}
