package io.heapscope.model;

import java.util.List;
import java.util.Objects;

/**
 * A segment: 32 MiB (or a huge block's size), cut into 64 KiB slices covered by spans.
 *
 * @param thread       owner's scenario thread index, {@link ThreadInfo#NONE} when abandoned or unknown
 * @param arenaId      arena it came from, -1 when taken straight from the OS
 * @param threadId     owner's core thread id, 0 when abandoned
 * @param abandonedAt  virtual-clock time of the last abandonment, -1 when never
 * @param abandonedBy  core thread id that abandoned it last, 0 when none
 * @param reclaimedBy  core thread id that reclaimed it last, 0 when none
 */
public record Segment(long address, long size, boolean huge, boolean abandoned, int thread, int arenaId,
                      long serial, long threadId, int sliceCount, int infoSlices, int usedPages,
                      int abandonedPages, Bits commitMask, Bits purgeMask, long purgeExpire,
                      long abandonedAt, long abandonedBy, long reclaimedBy, long reclaimCount,
                      List<Span> spans) {
    public Segment {
        Objects.requireNonNull(commitMask);
        Objects.requireNonNull(purgeMask);
        spans = List.copyOf(spans);
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address, this.address) >= 0
                && Long.compareUnsigned(address - this.address, size) < 0;
    }
}
