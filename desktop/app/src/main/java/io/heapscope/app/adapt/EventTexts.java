package io.heapscope.app.adapt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.heapscope.model.Event;
import io.heapscope.ui.events.EventRow;
import io.heapscope.ui.theme.Bytes;

/** Allocator events in plain language: what happened, and why the allocator did it. No JavaFX. */
public final class EventTexts {

    private static final Map<String, String> WHY = Map.ofEntries(
            Map.entry("ARENA_RESERVED", "An arena (1 GiB of address space) was reserved from the OS because no existing arena had a free segment."),
            Map.entry("SEGMENT_ALLOC", "A 32 MiB segment was taken from an arena (or the OS): the thread needed a page and none of its segments had a free span big enough."),
            Map.entry("SEGMENT_FREED", "The segment has no page in use any more, so it went back to its arena (or the OS)."),
            Map.entry("SEGMENT_ABANDONED", "Its owner thread exited with pages still in use; the segment waits for another thread to reclaim it."),
            Map.entry("SEGMENT_RECLAIMED", "A thread that needed memory (or freed into it) took over an abandoned segment and its pages."),
            Map.entry("PAGE_ALLOC", "A span of free slices became a fresh page for one size class: the size's queue had no page with a free block."),
            Map.entry("PAGE_EXTENDED", "The page's free list ran dry, so the next blocks (at most 4 KiB of them) were threaded onto it: pages are initialised lazily."),
            Map.entry("PAGE_FULL", "A queue search found no free block and nothing left to extend, so the page moved to the full queue, where malloc does not look."),
            Map.entry("PAGE_UNFULL", "A block was freed into a full page, so it went back to its size queue and malloc can use it again."),
            Map.entry("PAGE_RETIRED", "The page became empty but is its queue's only page, so it is kept a little while in case the size is needed again."),
            Map.entry("PAGE_FREED", "The page became empty and was returned to its segment as a free span."),
            Map.entry("THREAD_FREE_COLLECTED", "The owner collected blocks that other threads had freed onto the page's thread_free list; they are now on local_free and reusable."),
            Map.entry("DELAYED_NOTIFY", "A cross-thread free found the page in USE_DELAYED_FREE state, so the block went onto the owner heap's delayed list to tell the owner about the page."),
            Map.entry("DELAYED_PROCESSED", "The owner, on its slow path, freed the blocks on its heap's delayed list; their pages are back in play."),
            Map.entry("PURGE", "Free memory was decommitted or reset after the purge delay, so it stops costing RSS."),
            Map.entry("COMMIT", "Memory was committed so a page can use it."),
            Map.entry("HEAP_DESTROYED", "A first-class heap was destroyed: all its pages were freed at once."),
            Map.entry("DOUBLE_FREE", "A block was freed twice; the allocator detected it and ignored the second free."),
            Map.entry("CORRUPTED_FREE_LIST", "A free-list pointer did not decode to a block of the same page: the list is corrupted (secure mode detected it)."),
            Map.entry("FREE_LIST_CYCLE", "A free list looped back on itself: a block freed twice without detection (secure below 4) was pushed twice, so its link points back into the list. The core cut the loop where it closes; blocks freed before the repeated one are lost (a leak)."));

    private EventTexts() {
    }

    /** The rows of {@code events}, all caused by step {@code step}. */
    public static List<EventRow> rows(List<Event> events, List<String> threadNames, long step) {
        List<EventRow> rows = new ArrayList<>();
        for (Event e : events) {
            rows.add(row(step, e, threadNames));
        }
        return rows;
    }

    /** The row of one event of {@code step}. */
    public static EventRow row(long step, Event e, List<String> threadNames) {
        return new EventRow(step, e.kind(), SnapshotPictures.name(threadNames, e.thread()), explain(e));
    }

    static String explain(Event e) {
        StringBuilder b = new StringBuilder(WHY.getOrDefault(e.kind(), "An allocator event."));
        if (e.page() != 0) {
            b.append(String.format(" Page 0x%x.", e.page()));
        } else if (e.segment() != 0) {
            b.append(String.format(" Segment 0x%x.", e.segment()));
        }
        if (e.count() > 0) {
            b.append(' ').append(e.count()).append(e.count() == 1 ? " block." : " blocks.");
        }
        if (e.size() > 0) {
            b.append(' ').append(Bytes.format(e.size())).append('.');
        }
        return b.toString();
    }
}
