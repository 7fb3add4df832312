package io.heapscope.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.heapscope.ui.addressspace.SegmentSlices;
import io.heapscope.ui.addressspace.SliceRef;
import io.heapscope.ui.details.DetailRow;
import io.heapscope.ui.events.EventRow;
import io.heapscope.ui.pageinspector.BlockSelection;
import io.heapscope.ui.pageinspector.PageBlocks;
import io.heapscope.ui.theme.Bytes;

/** The details sheet's rows for a selected slice (its segment, its span, and its page) or event. */
final class SelectionDetails {

    private SelectionDetails() {
    }

    static List<DetailRow> of(SliceRef ref, List<String> threadNames, Optional<PageBlocks> page) {
        List<DetailRow> rows = new ArrayList<>();
        if (ref == null) {
            return rows;
        }
        SegmentSlices s = ref.segment();
        rows.add(new DetailRow("Segment", "address", hex(s.address()), "Where the segment starts; segments are 32 MiB aligned."));
        rows.add(new DetailRow("Segment", "arena", s.arena() >= 0 ? Integer.toString(s.arena()) : "none (from the OS)",
                "The arena the segment was carved from."));
        rows.add(new DetailRow("Segment", "size", Bytes.format(s.sliceCount() * ref.sliceSize()),
                "Slices × 64 KiB."));
        rows.add(new DetailRow("Segment", "abandoned", s.abandoned() ? "yes" : "no",
                "Yes when its owner thread exited and no thread has reclaimed it."));
        int start = ref.spanStart();
        int end = s.spanEnd(ref.slice());
        rows.add(new DetailRow("Span", "holds", ref.kind().label(), ref.kind().explanation()));
        rows.add(new DetailRow("Span", "address", hex(ref.spanAddress()), "Where the span (page or free span) starts."));
        rows.add(new DetailRow("Span", "slices", start + "–" + (end - 1) + " (" + (end - start) + ")",
                "The slices of the segment this span covers."));
        int owner = s.owners()[ref.slice()];
        rows.add(new DetailRow("Span", "owner", owner < 0 ? "none"
                : owner < threadNames.size() ? threadNames.get(owner) : "thread " + owner,
                "The thread whose heap owns the page."));
        page.ifPresent(p -> {
            rows.add(new DetailRow("Page", "block size", Bytes.format(p.blockSize()), "Every block of the page has this size."));
            rows.add(new DetailRow("Page", "reserved", Integer.toString(p.reserved()), "Blocks that fit in the page."));
            rows.add(new DetailRow("Page", "capacity", Integer.toString(p.capacity()), "Blocks initialised so far."));
            rows.add(new DetailRow("Page", "used", Integer.toString(p.used()),
                    "Blocks handed out, counting those freed by other threads but not yet collected."));
            rows.add(new DetailRow("Page", "thread_free", Integer.toString(p.counts().threadFree()),
                    "Blocks freed by other threads, waiting for the owner to collect them."));
            rows.add(new DetailRow("Page", "delayed free", p.delayedState(), "The page's delayed-free state."));
            rows.add(new DetailRow("Page", "queue", p.queue(), "The heap queue the page is in."));
        });
        return rows;
    }

    /**
     * The details of a block clicked in the page inspector: its state, list and link, owner and
     * size class, and the inspector's plain-language {@code explanation} of it.
     */
    static List<DetailRow> of(BlockSelection b, String explanation) {
        PageBlocks p = b.page();
        List<DetailRow> rows = new ArrayList<>();
        rows.add(new DetailRow("Block", "block", b.block() + " of " + p.blockCount(), "Its index in the page, in address order."));
        rows.add(new DetailRow("Block", "address", hex(b.address()), "Where the block starts."));
        rows.add(new DetailRow("Block", "state", b.state().label(), b.state().explanation()));
        rows.add(new DetailRow("Block", "list", switch (b.state()) {
            case FREE -> "free";
            case LOCAL_FREE -> "local_free";
            case THREAD_FREE -> "thread_free";
            case DELAYED -> "the owner heap's delayed list";
            default -> "none";
        }, "The free list the block is linked into, if any."));
        rows.add(new DetailRow("Block", "link", b.link() < 0 ? "—"
                : (b.link() + 1) + " of " + b.listLength() + (b.link() == 0 ? " (the head: the next to be taken)" : ""),
                "Its position in the list, from the head."));
        rows.add(new DetailRow("Block", "owner", p.owner(), "The thread whose heap owns the page; only it allocates here."));
        rows.add(new DetailRow("Block", "size class", Bytes.format(p.blockSize()) + " · " + p.queue(),
                "The block size of the page, and the heap queue (size bin) the page is in."));
        rows.add(new DetailRow("Block", "what it means", explanation, "What the state means for this block."));
        return rows;
    }

    /** The details of an event of the log: its step, kind, thread, and the whole explanation. */
    static List<DetailRow> of(EventRow e) {
        return List.of(
                new DetailRow("Event", "event", e.kind(), "The kind of allocator event."),
                new DetailRow("Event", "step", String.format("%,d", e.step()),
                        "The step that caused it: it happened while the run went from this step to the next."),
                new DetailRow("Event", "thread", e.thread(), "The scenario thread whose operation caused it."),
                new DetailRow("Event", "what happened", e.explanation(), "What the allocator did, and why."));
    }

    private static String hex(long v) {
        return String.format("0x%x", v);
    }
}
