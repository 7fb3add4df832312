package io.heapscope.app;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;

import io.heapscope.engine.ExpectResult;
import io.heapscope.engine.Figures;
import io.heapscope.model.Snapshot;
import io.heapscope.ui.abandoned.AbandonedRow;
import io.heapscope.ui.addressspace.AddressSpaceData;
import io.heapscope.ui.events.EventRow;
import io.heapscope.ui.pageinspector.PageBlocks;
import io.heapscope.ui.threads.ThreadRow;
import io.heapscope.ui.timeline.TimelineData;
import io.heapscope.ui.timeline.TimelinePoint;

/**
 * Everything the views show for one step, already converted from the engine's view off the FX
 * thread ({@link io.heapscope.app.adapt.SnapshotPictures}).
 *
 * @param step            the step this picture belongs to
 * @param space           the segments and their slices
 * @param pages           the page whose span starts at an address, if there is one
 * @param threads         one row per scenario thread
 * @param abandoned       segments ever abandoned
 * @param events          the allocator events of the run in the order they happened, explained, each
 *                        with its step (the log may run past {@code step} after going back)
 * @param timeline        what the timeline draws: one point per sampled step of {@code history},
 *                        the scenario's marks and the run's length
 * @param snapshot        the snapshot it was made from, for the JSON export (empty in tests and demos)
 * @param core            true on Heapscope's core; false on a system backend, where only RSS and
 *                        the allocator's own statistics exist (no segments, pages or blocks)
 * @param allocator       what the agent runs ({@code heapscope}, {@code jemalloc 5.3}, ...)
 * @param expects         the expect results before this step, in program order
 * @param breakpointSteps the steps where a run stopped on a breakpoint or a failed expect
 * @param figures         the summary figures at this step, when the engine sampled it (for the export)
 * @param history         the engine's figures per sampled step (the timeline's CSV export, as the CLI writes it)
 */
public record StepPicture(long step, AddressSpaceData space, LongFunction<Optional<PageBlocks>> pages,
                          List<ThreadRow> threads, List<AbandonedRow> abandoned, List<EventRow> events,
                          TimelineData timeline, Optional<Snapshot> snapshot, boolean core,
                          String allocator, List<ExpectResult> expects, Set<Long> breakpointSteps,
                          Optional<Figures> figures, List<Figures> history) {

    public StepPicture {
        threads = List.copyOf(threads);
        abandoned = List.copyOf(abandoned);
        events = List.copyOf(events);
        history = List.copyOf(history);
        expects = List.copyOf(expects);
        breakpointSteps = Set.copyOf(breakpointSteps);
    }

    /** A picture of the heap views only (tests, demos): core backend, no expects or markers. */
    public StepPicture(long step, AddressSpaceData space, LongFunction<Optional<PageBlocks>> pages,
                       List<ThreadRow> threads, List<AbandonedRow> abandoned, List<EventRow> events,
                       List<TimelinePoint> timeline, Optional<Snapshot> snapshot) {
        this(step, space, pages, threads, abandoned, events, TimelineData.of(timeline), snapshot, true, "", List.of(),
                Set.of(), Optional.empty(), List.of());
    }

    public static StepPicture empty() {
        return new StepPicture(0, AddressSpaceData.empty(), address -> Optional.empty(), List.of(), List.of(),
                List.of(), List.of(), Optional.empty());
    }
}
