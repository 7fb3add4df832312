package io.heapscope.app.adapt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.heapscope.model.Event;
import io.heapscope.ui.events.EventRow;
import io.heapscope.ui.theme.Bytes;

/** Allocator events in plain language: what happened, and why the allocator did it. No JavaFX. */
public final class EventTexts {

    /**
     * Why each event happens, and which mimalloc versions do it so. The core follows v2.1.x;
     * "2.0.9" is the system mimalloc of {@code --backend mimalloc}. EventTextsTest checks every
     * figure a text states against what the core does on the shipped samples.
     */
    private static final Map<String, String> WHY = Map.ofEntries(
            Map.entry("ARENA_RESERVED", "An arena of 1 GiB of address space (option arena_reserve) was reserved from the OS because no arena had room for a segment (mimalloc v2.1.x; 2.0.9 reserves no arena by itself and maps segments directly)."),
            Map.entry("SEGMENT_ALLOC", "A 32 MiB segment (a bigger one for a huge block) was taken from an arena or the OS: the thread needed a page and none of its segments had a free span big enough (mimalloc 2.0.9 and v2.1.x)."),
            Map.entry("SEGMENT_FREED", "The segment has no page in use any more, so it went back to its arena, or to the OS if it had its own mapping (mimalloc v2.1.x; 2.0.9 keeps it in a segment cache first)."),
            Map.entry("SEGMENT_ABANDONED", "Its owner thread exited with blocks still in use on its pages; the segment belongs to no heap until a thread reclaims it (mimalloc 2.0.9 and v2.1.x)."),
            Map.entry("SEGMENT_RECLAIMED", "A thread took over an abandoned segment and its pages: because it needed a fresh page, or in a forced collect on the process main thread (mimalloc 2.0.9 and v2.1.x), or because it freed a block into it (reclaim on free: v2.1.4 and later, option reclaim_on_free)."),
            Map.entry("PAGE_ALLOC", "A span of free slices became a fresh page for one size class: the size's queue had no page with a free block (mimalloc 2.0.9 and v2.1.x)."),
            Map.entry("PAGE_EXTENDED", "The page's free list ran dry, so more of its blocks were threaded onto it: about 4 KiB of blocks at a time, but at least 4 blocks (8 per secure level in secure mode) unless fewer are left, so a page is initialised lazily (mi_page_extend_free, mimalloc 2.0.9 and v2.1.x)."),
            Map.entry("PAGE_FULL", "A search of the size's queue found no free block on this page and nothing left to extend, so it moved to the full queue, where malloc does not look (mimalloc 2.0.9 and v2.1.x)."),
            Map.entry("PAGE_UNFULL", "A block was freed into a full page, so it went back to its size queue and malloc can use it again (mimalloc 2.0.9 and v2.1.x)."),
            Map.entry("PAGE_RETIRED", "The page became empty but is its queue's only page, so it is kept for a few more allocations in case the size is needed again (mimalloc 2.0.9 and v2.1.x)."),
            Map.entry("PAGE_FREED", "The page became empty and was returned to its segment as a free span, to be purged after the purge delay (mimalloc 2.0.9 and v2.1.x)."),
            Map.entry("THREAD_FREE_COLLECTED", "The owner collected blocks that other threads had freed onto the page's thread_free list; they are now on local_free and reusable (mimalloc 2.0.9 and v2.1.x)."),
            Map.entry("DELAYED_NOTIFY", "A free from another thread found the page in USE_DELAYED_FREE state (a full page's first remote free), so the block went onto the owner heap's delayed list to tell the owner about the page (mimalloc 2.0.9 and v2.1.x)."),
            Map.entry("DELAYED_PROCESSED", "The owner, on its slow path or in a collect, freed the blocks on its heap's delayed list; their pages are back in play (mimalloc 2.0.9 and v2.1.x)."),
            Map.entry("PURGE", "Free memory was purged after the purge delay. Decommitted (the default, purge_decommits on): committed memory and RSS drop at once. Reset (purge_decommits off, MADV_FREE): it stays committed and the kernel takes the pages back only under memory pressure, so RSS need not drop (mimalloc v2.1.x, which calls both a purge; 2.0.9 names it decommit)."),
            Map.entry("COMMIT", "Memory was committed (made readable and writable) so a page can use it; it costs RSS only once it is touched (mimalloc 2.0.9 and v2.1.x)."),
            Map.entry("HEAP_DESTROYED", "A first-class heap was destroyed: every page it allocated was freed at once, with the blocks on it (mi_heap_destroy, mimalloc 2.0.9 and v2.1.x). Pages it had reclaimed from abandoned segments go to the thread's backing heap on the core; mimalloc frees those too."),
            Map.entry("DOUBLE_FREE", "A block was freed twice; at secure level 4 (a MI_SECURE=4 build of mimalloc 2.0.9 or v2.1.x) the free checks the page's lists, detects it and ignores the second free."),
            Map.entry("CORRUPTED_FREE_LIST", "A free-list link did not decode to a block of the same page: the list is corrupted. Links are encoded with per-page keys from secure level 3 on (MI_SECURE>=3 in mimalloc 2.0.9 and v2.1.x), which is what detects it."),
            Map.entry("FREE_LIST_CYCLE", "A free list looped back on itself: a block freed twice without detection (secure below 4) was pushed twice, so its link points back into the list. The core cut the loop where it closes; blocks freed before the repeated one are lost (a leak). mimalloc 2.0.9 and v2.1.x have no such check: they would loop, or hand the block out twice."));

    /** The explanation of an event kind, without the event's own figures. */
    static String why(String kind) {
        return WHY.getOrDefault(kind, "An allocator event.");
    }

    /** The event kinds that have an explanation. */
    static java.util.Set<String> kinds() {
        return WHY.keySet();
    }

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
        StringBuilder b = new StringBuilder(why(e.kind()));
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
