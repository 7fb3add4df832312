package io.heapscope.model;

import java.util.Objects;

/**
 * A scenario thread.
 *
 * @param coreId             the allocator's id for the thread (0 for the system backend: its tid)
 * @param ops                operations it has executed
 * @param ownedSegments      segments it owns
 * @param pendingThreadFree  blocks waiting on its pages' {@code thread_free} lists
 * @param pendingDelayed     blocks waiting on its heaps' delayed-free lists
 */
public record ThreadInfo(int index, State state, int osTid, long coreId, long defaultHeap, long backingHeap,
                         long ops, int ownedSegments, long pendingThreadFree, long pendingDelayed) {
    /** The index of "no scenario thread" (the agent itself, or an abandoned owner). */
    public static final int NONE = 0xFFFF;

    public enum State { READY, PARKED, EXITED }

    public ThreadInfo {
        Objects.requireNonNull(state);
    }

    /** Blocks freed by other threads that this thread has not collected yet (as {@link Page#pendingBlocks()}). */
    public long pendingBlocks() {
        return pendingThreadFree + pendingDelayed;
    }
}
