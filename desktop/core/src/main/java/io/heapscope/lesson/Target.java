package io.heapscope.lesson;

import io.heapscope.model.BlockState;
import io.heapscope.model.Page;
import io.heapscope.model.Segment;
import io.heapscope.model.Snapshot;
import java.util.Optional;

/**
 * A highlight resolved at its stop: what exactly the views select. Memory is located by a
 * {@link Locus} (a segment's serial number and a slice in it) as well as by its address in the
 * run that resolved it, because another agent running the same scenario maps its segments at
 * other addresses (and may start a page's first block a little further in, to align it to its
 * size): {@link #pageIn(Snapshot)} finds the same page in that run's snapshot.
 */
public sealed interface Target {

    Highlight highlight();

    /** Where something lies, independently of the addresses of one run: a segment and a slice of it. */
    record Locus(long segmentSerial, int slice) {
        static Locus of(Segment segment, int slice) {
            return new Locus(segment.serial(), slice);
        }

        /** The segment of this locus in {@code snapshot}. */
        public Optional<Segment> segmentIn(Snapshot snapshot) {
            return snapshot.segments().stream().filter(s -> s.serial() == segmentSerial).findFirst();
        }

        /** The address of this locus's slice in {@code snapshot}: where the views find the span. */
        public Optional<Long> sliceAddressIn(Snapshot snapshot, long sliceSize) {
            return segmentIn(snapshot).map(s -> s.address() + slice * sliceSize);
        }
    }

    record OfThread(Highlight highlight, int index, String name) implements Target {
    }

    record OfSegment(Highlight highlight, Locus segment, long address) implements Target {
    }

    record OfPage(Highlight highlight, Locus page, long pageStart) implements Target {
    }

    /** Block {@code index} of the page. */
    record OfBlock(Highlight highlight, Locus page, long pageStart, int index, BlockState state) implements Target {
    }

    /** One list of the page, {@code length} blocks long at the stop. */
    record OfList(Highlight highlight, Locus page, long pageStart, BlockState list, int length) implements Target {
    }

    /** Steps {@code from} to {@code to} of the timeline. */
    record OfTimeline(Highlight highlight, long from, long to) implements Target {
    }

    /** Where the target lies (empty for threads and timeline ranges). */
    default Optional<Locus> locus() {
        return Optional.ofNullable(switch (this) {
            case OfSegment s -> s.segment();
            case OfPage p -> p.page();
            case OfBlock b -> b.page();
            case OfList l -> l.page();
            default -> null;
        });
    }

    /** The page of {@code snapshot} at this target's locus (pages, blocks and lists). */
    default Optional<Page> pageIn(Snapshot snapshot) {
        Locus locus = switch (this) {
            case OfPage p -> p.page();
            case OfBlock b -> b.page();
            case OfList l -> l.page();
            default -> null;
        };
        if (locus == null) {
            return Optional.empty();
        }
        return locus.segmentIn(snapshot).flatMap(seg -> snapshot.pagesOf(seg).stream()
                .filter(p -> p.sliceIndex() == locus.slice()).findFirst());
    }
}
