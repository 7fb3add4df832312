package io.heapscope.ui.pageinspector;

/**
 * The block clicked in the page inspector, with where it sits: its state, and on a free list its
 * link (0 = the head) of how many.
 *
 * @param link       the block's position in its list, or -1 when not on a list (or the order is unknown)
 * @param listLength the length of the block's list, or 0
 */
public record BlockSelection(PageBlocks page, int block, BlockState state, int link, int listLength) {

    /** The block's address. */
    public long address() {
        return page.address() + block * page.blockSize();
    }
}
