package io.heapscope.ui.addressspace;

/** One slice of one segment: what the pointer is over, or what is selected. */
public record SliceRef(int segmentIndex, int slice, SegmentSlices segment, long sliceSize) {

    public long address() {
        return segment.address() + slice * sliceSize;
    }

    public SliceKind kind() {
        return segment.kind(slice);
    }

    /** The first slice of the span this slice belongs to. */
    public int spanStart() {
        return segment.spanStart()[slice];
    }

    /** The address of the span (page or free span) this slice belongs to. */
    public long spanAddress() {
        return segment.address() + spanStart() * sliceSize;
    }
}
