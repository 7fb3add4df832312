package io.heapscope.model;

/** An allocator's own statistics report (mimalloc text, jemalloc JSON, glibc XML, ...). */
public record AllocatorText(String allocator, String text) {
    /** No report was asked for. */
    public static final AllocatorText NONE = new AllocatorText("", "");
}
