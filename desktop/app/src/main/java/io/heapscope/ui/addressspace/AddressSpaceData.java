package io.heapscope.ui.addressspace;

import java.util.List;

/**
 * Everything the address-space view draws for one step: the segments in address order.
 *
 * @param segments    segments, sorted by address (under the core's v3 design, which has no
 *                    segments: the 32 MiB chunks of its arenas, one row of 512 slices each)
 * @param threadNames names of the scenario threads, indexed like {@link SegmentSlices#owners()}
 * @param sliceSize   bytes per slice (64 KiB in the core)
 * @param rowName     what a row is: {@code segment}, or {@code arena chunk} under v3
 */
public record AddressSpaceData(List<SegmentSlices> segments, List<String> threadNames, long sliceSize,
                               String rowName) {

    public AddressSpaceData(List<SegmentSlices> segments, List<String> threadNames, long sliceSize) {
        this(segments, threadNames, sliceSize, "segment");
    }

    public static final long DEFAULT_SLICE_SIZE = 64 * 1024;

    public AddressSpaceData {
        segments = List.copyOf(segments);
        threadNames = List.copyOf(threadNames);
    }

    public static AddressSpaceData empty() {
        return new AddressSpaceData(List.of(), List.of(), DEFAULT_SLICE_SIZE);
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }

    public String threadName(int index) {
        if (index < 0) {
            return "none";
        }
        return index < threadNames.size() ? threadNames.get(index) : "thread " + index;
    }
}
