package io.heapscope.ui.pageinspector;

import java.util.Objects;

/**
 * One page as the inspector draws it.
 *
 * @param address       the page's first block
 * @param kind          "small", "medium", "large" or "huge"
 * @param blockSize     bytes per block
 * @param capacity      blocks initialised so far (the free list was extended up to here)
 * @param reserved      blocks that fit in the page
 * @param used          blocks handed out, including those waiting on thread_free
 * @param counts        blocks on free, local_free, thread_free and the delayed list
 * @param owner         the owning thread's name, or "abandoned"
 * @param delayedState  the page's delayed-free state (USE_DELAYED_FREE, ...)
 * @param queue         the heap queue the page is in (e.g. "bin 6 (64 B)" or "full")
 * @param states        per block (length = reserved), a {@link BlockState} code; empty when the
 *                      snapshot was taken without block states
 * @param freeList      block indices in the order of the {@code free} list, head first; empty
 *                      when the order is not known (then no chain is drawn)
 * @param localFreeList the same for {@code local_free}
 * @param threadFreeList the same for {@code thread_free}
 */
public record PageBlocks(long address, String kind, long blockSize, int capacity, int reserved, int used,
                         ListCounts counts, String owner, String delayedState, String queue, byte[] states,
                         int[] freeList, int[] localFreeList, int[] threadFreeList) {

    /** How many blocks sit on each list. */
    public record ListCounts(int free, int localFree, int threadFree, int delayed) {

        /** The counts of a page whose per-block states are known. */
        public static ListCounts fromStates(byte[] states) {
            int[] c = new int[BlockState.values().length];
            for (byte s : states) {
                c[s]++;
            }
            return new ListCounts(c[BlockState.FREE.ordinal()], c[BlockState.LOCAL_FREE.ordinal()],
                    c[BlockState.THREAD_FREE.ordinal()], c[BlockState.DELAYED.ordinal()]);
        }

        /** Blocks freed by other threads that the owner has not collected yet. */
        public int pendingRemote() {
            return threadFree + delayed;
        }
    }

    public PageBlocks {
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(states, "states");
        Objects.requireNonNull(freeList, "freeList");
        Objects.requireNonNull(localFreeList, "localFreeList");
        Objects.requireNonNull(threadFreeList, "threadFreeList");
    }

    public int blockCount() {
        return states.length;
    }

    public BlockState state(int block) {
        return BlockState.of(states[block]);
    }

    /** The list ({@code free}, {@code local_free}, {@code thread_free}) for a list state. */
    public int[] list(BlockState state) {
        return switch (state) {
            case FREE -> freeList;
            case LOCAL_FREE -> localFreeList;
            case THREAD_FREE -> threadFreeList;
            default -> new int[0];
        };
    }

    /** The same page with its lists' real order (head first), as the agent walked them. */
    public PageBlocks withLists(int[] free, int[] localFree, int[] threadFree) {
        return new PageBlocks(address, kind, blockSize, capacity, reserved, used, counts, owner, delayedState, queue,
                states, free, localFree, threadFree);
    }

    /** True when the per-block states were captured. */
    public boolean hasBlockStates() {
        return states.length > 0;
    }
}
