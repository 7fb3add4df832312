package io.heapscope.app.adapt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.heapscope.app.StepPicture;
import io.heapscope.model.BlockMap;
import io.heapscope.model.Event;
import io.heapscope.model.Page;
import io.heapscope.model.Segment;
import io.heapscope.model.Snapshot;
import io.heapscope.model.Span;
import io.heapscope.model.ThreadInfo;
import io.heapscope.ui.addressspace.AddressSpaceData;
import io.heapscope.ui.addressspace.SegmentSlices;
import io.heapscope.ui.addressspace.SliceKind;
import io.heapscope.ui.pageinspector.BlockState;
import io.heapscope.ui.pageinspector.PageBlocks;
import io.heapscope.ui.theme.Bytes;
import io.heapscope.ui.timeline.TimelinePoint;

/**
 * Turns a {@link Snapshot} into what the views draw. Pure and JavaFX-free in what it does (it
 * only builds arrays), so the engine's thread calls it and hands the result to the FX door.
 */
public final class SnapshotPictures {

    private SnapshotPictures() {
    }

    /**
     * The picture of {@code snapshot} at {@code step}.
     *
     * @param threadNames scenario thread names, by index
     * @param events      the allocator events of this step
     * @param timeline    the timeline so far, this step included ({@link SnapshotTables#point})
     */
    public static StepPicture of(long step, Snapshot snapshot, List<String> threadNames, List<Event> events,
                                 List<TimelinePoint> timeline) {
        AddressSpaceData space = addressSpace(snapshot, threadNames);
        Map<Long, Page> bySpan = new HashMap<>();
        for (Page p : snapshot.pages()) {
            bySpan.put(p.segment() + p.sliceIndex() * AddressSpaceData.DEFAULT_SLICE_SIZE, p);
        }
        return new StepPicture(step, space,
                address -> Optional.ofNullable(bySpan.get(address)).map(p -> page(p, threadNames)),
                SnapshotTables.threads(snapshot, threadNames), SnapshotTables.abandoned(snapshot, threadNames),
                EventTexts.rows(events, threadNames, Math.max(0, step - 1)), timeline, Optional.of(snapshot));
    }

    static AddressSpaceData addressSpace(Snapshot snapshot, List<String> threadNames) {
        if (snapshot.design().equals("v3")) {
            return V3Pictures.addressSpace(snapshot, threadNames);
        }
        Map<Long, Page> pageAt = new HashMap<>();
        for (Page p : snapshot.pages()) {
            pageAt.put(p.segment() + p.sliceIndex(), p);
        }
        List<SegmentSlices> segments = new ArrayList<>();
        for (Segment s : snapshot.segments()) {
            segments.add(segment(s, pageAt));
        }
        return new AddressSpaceData(segments, threadNames, AddressSpaceData.DEFAULT_SLICE_SIZE);
    }

    static SegmentSlices segment(Segment s, Map<Long, Page> pageAt) {
        int n = Math.max(1, s.sliceCount());
        byte[] kinds = new byte[n];
        int[] owners = new int[n];
        int[] spanStart = new int[n];
        String[] notes = new String[n];
        byte[] live = new byte[n];
        Arrays.fill(live, (byte) -1);
        Arrays.fill(kinds, SliceKind.UNCOMMITTED.code());
        Arrays.fill(owners, -1);
        for (int i = 0; i < n; i++) {
            spanStart[i] = i;
        }
        int segmentOwner = owner(s.thread());
        for (Span span : s.spans()) {
            Page page = span.state() == Span.State.PAGE ? pageAt.get(s.address() + span.sliceIndex()) : null;
            int end = Math.min(n, span.sliceIndex() + span.sliceCount());
            for (int i = span.sliceIndex(); i < end; i++) {
                spanStart[i] = span.sliceIndex();
                switch (span.state()) {
                    case META -> {
                        kinds[i] = SliceKind.META.code();
                        owners[i] = segmentOwner;
                    }
                    case FREE -> kinds[i] = (s.commitMask().get(i) ? SliceKind.FREE
                            : s.purgeMask().get(i) ? SliceKind.PURGED : SliceKind.UNCOMMITTED).code();
                    case PAGE -> {
                        kinds[i] = pageKind(page, s).code();
                        owners[i] = page != null ? owner(page.thread()) : segmentOwner;
                        live[i] = page != null ? livePercent(page) : -1;
                    }
                }
            }
            if (page != null) {
                notes[span.sliceIndex()] = String.format("%s blocks: %d used of %d reserved, %d waiting on thread_free",
                        Bytes.format(page.blockSize()), page.used(), page.reserved(), page.threadFreeCount());
            }
        }
        return new SegmentSlices(s.address(), s.arenaId(), kinds, owners, spanStart, notes, s.abandoned(), s.serial(),
                live);
    }

    /** The share of the blocks that fit in the page that are live ({@link Page#liveBlocks}), rounded up. */
    static byte livePercent(Page p) {
        if (p.reserved() <= 0) {
            return -1;
        }
        long live = Math.max(0, p.liveBlocks());
        return (byte) Math.min(100, (live * 100 + p.reserved() - 1) / p.reserved());
    }

    static PageBlocks page(Page p, List<String> threadNames) {
        BlockMap map = p.blocks();
        byte[] states = new byte[map.captured() ? map.blockCount() : 0];
        int at = 0;
        for (BlockMap.Run run : map.runs()) {
            byte code = BlockState.valueOf(run.state().name()).code();
            Arrays.fill(states, at, at + run.length(), code);
            at += run.length();
        }
        String owner = p.abandoned() ? "abandoned" : name(threadNames, p.thread());
        String queue = p.inFull() ? "full queue" : "bin " + p.bin() + " (" + Bytes.format(p.blockSize()) + ")";
        return new PageBlocks(p.pageStart(), p.kind().name().toLowerCase(), p.blockSize(), p.capacity(), p.reserved(),
                p.used(), new PageBlocks.ListCounts(p.freeCount(), p.localFreeCount(), p.threadFreeCount(), p.delayedCount()),
                owner, delayedName(p.delayedState()), queue, states, new int[0], new int[0], new int[0]);
    }

    static String name(List<String> threadNames, int index) {
        if (index == ThreadInfo.NONE || index < 0) {
            return "none";
        }
        return index < threadNames.size() ? threadNames.get(index) : "thread " + index;
    }

    private static String delayedName(Page.DelayedState s) {
        return switch (s) {
            case USE_DELAYED -> "USE_DELAYED_FREE";
            case DELAYED_FREEING -> "DELAYED_FREEING";
            case NO_DELAYED -> "NO_DELAYED_FREE";
            case NEVER_DELAYED -> "NEVER_DELAYED_FREE";
        };
    }

    private static SliceKind pageKind(Page page, Segment s) {
        if (page == null) {
            return s.huge() ? SliceKind.HUGE : SliceKind.SMALL;
        }
        return switch (page.kind()) {
            case SMALL -> SliceKind.SMALL;
            case MEDIUM -> SliceKind.MEDIUM;
            case LARGE -> SliceKind.LARGE;
            case HUGE -> SliceKind.HUGE;
        };
    }

    static int owner(int thread) {
        return thread == ThreadInfo.NONE ? -1 : thread;
    }
}
