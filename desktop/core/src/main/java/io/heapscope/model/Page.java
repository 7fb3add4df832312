package io.heapscope.model;

import java.util.Objects;

/**
 * A page: a span handed to a heap and cut into blocks of one size, with its three free lists.
 * Invariant (checked by the core's validator):
 * {@code used + freeCount + localFreeCount == capacity}, with {@code threadFreeCount <= used}
 * (blocks freed by other threads stay counted in {@code used} until the owner collects them).
 *
 * <p>Every figure of the project splits a page's capacity the same way, by the methods here:
 * {@link #liveBlocks() live} (handed out, freed by no one) + {@link #pendingBlocks() pending}
 * (freed by another thread, waiting on {@code thread_free} or the owner heap's delayed list) +
 * {@link #heldFreeBlocks() held free} ({@code free} and {@code local_free}) = {@code capacity}.
 *
 * @param pageStart       address of the first block: the page's identity
 * @param delayedCount    blocks of this page on the owner heap's delayed-free list
 * @param bin             size bin, 74 when on the full queue
 * @param heap            owning heap, 0 when abandoned
 * @param thread          owner's scenario thread index, {@link ThreadInfo#NONE} when abandoned
 * @param blocks          per-block states; {@link BlockMap#NONE} when the snapshot was taken without blocks
 */
public record Page(long segment, long pageStart, int sliceIndex, int sliceCount, PageKind kind,
                   DelayedState delayedState, boolean inFull, boolean hasAligned, boolean committed,
                   boolean retired, boolean encoded, int bin, long blockSize, int capacity,
                   int reserved, int used, int freeCount, int localFreeCount, int threadFreeCount,
                   int delayedCount, int retireExpire, long heap, long threadId, int thread,
                   BlockMap blocks) {

    /** Small (blocks up to 16 KiB), medium (128 KiB), large (one block), huge (own segment). */
    public enum PageKind { SMALL, MEDIUM, LARGE, HUGE }

    /** Where the next remote free goes (the low bits of {@code xthread_free}). */
    public enum DelayedState { USE_DELAYED, DELAYED_FREEING, NO_DELAYED, NEVER_DELAYED }

    public Page {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(delayedState);
        Objects.requireNonNull(blocks);
    }

    /** Blocks handed out and freed by no one: {@code used - thread_free - delayed}. */
    public int liveBlocks() {
        return used - threadFreeCount - delayedCount;
    }

    /** Blocks freed by another thread that the owner has not collected: {@code thread_free + delayed}. */
    public int pendingBlocks() {
        return threadFreeCount + delayedCount;
    }

    /** Blocks the page holds ready for its owner's next mallocs: {@code free + local_free}. */
    public int heldFreeBlocks() {
        return freeCount + localFreeCount;
    }

    public long liveBytes() {
        return (long) liveBlocks() * blockSize;
    }

    public long pendingBytes() {
        return (long) pendingBlocks() * blockSize;
    }

    public long heldFreeBytes() {
        return (long) heldFreeBlocks() * blockSize;
    }

    public boolean abandoned() {
        return heap == 0;
    }
}
