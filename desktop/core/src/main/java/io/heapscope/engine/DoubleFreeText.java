package io.heapscope.engine;

import io.heapscope.model.Event;
import io.heapscope.scenario.op.Op;

/** What the engine says about double frees: the cycle the core found, and a hang after a double free. */
final class DoubleFreeText {

    /** The core's event for a free list that looped back on itself. */
    static final String CYCLE = "FREE_LIST_CYCLE";

    private DoubleFreeText() {
    }

    /** A FREE_LIST_CYCLE event, as a note on the statement whose walk of the list found it. */
    static String cycle(Event e) {
        return "FREE_LIST_CYCLE: walking a free list of the page at 0x" + Long.toHexString(e.page())
                + " (blocks of " + e.size() + " B), the core came back to block 0x" + Long.toHexString(e.address())
                + " after " + e.count() + " links: the cycle a double free makes. It cut the list there; the"
                + " blocks the cycle cut off count as in use and leak. mimalloc (2.0.9, --backend mimalloc) loops here for ever";
    }

    /**
     * Said after a hang or a death at {@code culprit} when the agent was sent a double free
     * before or at it: the likely cause, and what a double free does to a free list.
     */
    static String after(Op doubleFree) {
        String what = doubleFree instanceof Op.Free f ? f.handle().toString() : "a block";
        return ". Before it, " + what + " was freed twice (" + doubleFree.span().lineColumn() + "): unless the"
                + " allocator checks frees (the core does with set secure = 4), a double free puts the block on its"
                + " page's free list a second time, linked to itself, so the list loops (a cycle): the allocator"
                + " hands the block out twice, or loops for ever walking the list, as a hang here suggests";
    }

    /** A free list up to the first block it reaches again (kept, so the list shows where it closes). */
    static int[] untilCycle(int[] list) {
        java.util.BitSet seen = new java.util.BitSet();
        for (int i = 0; i < list.length; i++) {
            if (list[i] >= 0 && seen.get(list[i])) {
                return java.util.Arrays.copyOf(list, i + 1);
            }
            if (list[i] >= 0) {
                seen.set(list[i]);
            }
        }
        return list;
    }
}
