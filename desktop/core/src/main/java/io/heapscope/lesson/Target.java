package io.heapscope.lesson;

import io.heapscope.model.BlockState;
import io.heapscope.model.Page;
import io.heapscope.model.Segment;
import io.heapscope.model.Snapshot;
import java.util.Optional;

/**
 * A highlight resolved at its stop: what exactly the views select. Memory is located by a
 * {@link Locus} (a segment's serial number and an offset in it) as well as by its address in the
 * run that resolved it, because another agent running the same scenario lays the same heap out
 * at other addresses: {@link #in(Snapshot)} finds the same thing in that run's snapshot.
 */
public sealed interface Target {

    Highlight highlight();

    /** Where something lies, independently of the addresses of one run. */
    record Locus(long segmentSerial, long offset) {
        static Locus of(Segment segment, long address) {
            return new Locus(segment.serial(), address - segment.address());
        }

        /** The address of this locus in {@code snapshot}, if it has the segment. */
        public Optional<Long> in(Snapshot snapshot) {
            return snapshot.segments().stream().filter(s -> s.serial() == segmentSerial).findFirst()
                    .map(s -> s.address() + offset);
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

    /** The page of {@code snapshot} at this target's locus (pages, blocks and lists). */
    default Optional<Page> pageIn(Snapshot snapshot) {
        Locus locus = switch (this) {
            case OfPage p -> p.page();
            case OfBlock b -> b.page();
            case OfList l -> l.page();
            default -> null;
        };
        return locus == null ? Optional.empty() : locus.in(snapshot).flatMap(snapshot::page);
    }
}
