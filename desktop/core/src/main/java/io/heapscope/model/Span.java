package io.heapscope.model;

/** A run of slices of a segment: its metadata, a page in use, or a free span. */
public record Span(int sliceIndex, int sliceCount, State state) {
    public enum State { META, PAGE, FREE }

    public Span {
        if (sliceCount <= 0) throw new IllegalArgumentException("span of " + sliceCount + " slices");
    }
}
