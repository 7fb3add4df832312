package io.heapscope.scenario.lang;

/** Heap names with a fixed meaning. */
public final class HeapNames {

    /**
     * Each thread's own heap, the one it allocates from until {@code use heap} says otherwise.
     * It cannot be created, deleted or destroyed, but {@code use heap backing} switches back to
     * it and {@code malloc ... in backing} allocates from it.
     */
    public static final String BACKING = "backing";

    private HeapNames() {
    }
}
