package io.heapscope.model;

/**
 * A heap: a thread's own (backing) heap or a first-class one.
 *
 * @param id             the client's heap id, 0 for a thread's backing heap
 * @param delayedCount   blocks on its delayed-free list
 */
public record Heap(long address, long threadId, int thread, int id, boolean backing, boolean isDefault,
                   boolean noReclaim, long pageCount, long delayedCount) {}
