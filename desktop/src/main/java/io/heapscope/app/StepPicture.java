package io.heapscope.app;

import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

import io.heapscope.model.Snapshot;
import io.heapscope.ui.abandoned.AbandonedRow;
import io.heapscope.ui.addressspace.AddressSpaceData;
import io.heapscope.ui.events.EventRow;
import io.heapscope.ui.pageinspector.PageBlocks;
import io.heapscope.ui.threads.ThreadRow;
import io.heapscope.ui.timeline.TimelinePoint;

/**
 * Everything the views show for one step, already converted from the snapshot model off the FX
 * thread ({@link io.heapscope.app.adapt.SnapshotPictures}).
 *
 * @param step      the step this picture belongs to
 * @param space     the segments and their slices
 * @param pages     the page whose span starts at an address, if there is one
 * @param threads   one row per scenario thread
 * @param abandoned segments ever abandoned
 * @param events    the allocator events of this step, explained
 * @param timeline  one point per step so far (the engine keeps the history)
 * @param snapshot  the snapshot it was made from, for the JSON export (empty in tests and demos)
 */
public record StepPicture(long step, AddressSpaceData space, LongFunction<Optional<PageBlocks>> pages,
                          List<ThreadRow> threads, List<AbandonedRow> abandoned, List<EventRow> events,
                          List<TimelinePoint> timeline, Optional<Snapshot> snapshot) {

    public StepPicture {
        threads = List.copyOf(threads);
        abandoned = List.copyOf(abandoned);
        events = List.copyOf(events);
        timeline = List.copyOf(timeline);
    }

    public static StepPicture empty() {
        return new StepPicture(0, AddressSpaceData.empty(), address -> Optional.empty(), List.of(), List.of(),
                List.of(), List.of(), Optional.empty());
    }
}
