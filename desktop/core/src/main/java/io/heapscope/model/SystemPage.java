package io.heapscope.model;

/**
 * One real page of a system allocator, as its own visitor reports it (mimalloc 2.0.x
 * {@code mi_heap_visit_blocks}, one area per page, PROTOCOL.md record SYSPAGE). Which list a free
 * block is on, the page's segment and the pages of exited threads are not reported: unknown.
 *
 * @param address       the page's first block
 * @param blockSize     usable bytes of each block
 * @param fullBlockSize bytes each block takes, padding included
 * @param reserved      bytes of address space for the page's blocks
 * @param committed     bytes of blocks made available so far (the page's capacity)
 * @param used          blocks the page counts as in use (blocks freed by other threads and not yet collected included)
 * @param thread        the scenario thread whose heap holds the page
 */
public record SystemPage(long address, long blockSize, long fullBlockSize, long reserved, long committed, long used,
                         int thread) {

    /** Blocks the page has room for. */
    public long reservedBlocks() {
        return fullBlockSize == 0 ? 0 : reserved / fullBlockSize;
    }

    /** Blocks carved so far. */
    public long capacityBlocks() {
        return fullBlockSize == 0 ? 0 : committed / fullBlockSize;
    }

    /** Neither empty nor full. */
    public boolean partial() {
        return used > 0 && used < reservedBlocks();
    }
}
