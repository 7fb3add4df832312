package io.heapscope.model;

/** Where one block of a page is (protocol codes 0..5, as {@code hs_block_state_t}). */
public enum BlockState {
    /** Handed out. */
    IN_USE,
    /** On the page's {@code free} list: the next malloc takes it. */
    FREE,
    /** Freed by the owner; reusable once {@code free} runs out. */
    LOCAL_FREE,
    /** Freed by another thread; waits for the owner to collect it. */
    THREAD_FREE,
    /** Freed by another thread onto the owner heap's delayed list. */
    DELAYED,
    /** Beyond capacity: not yet threaded onto any list. */
    UNEXTENDED;

    private static final BlockState[] BY_CODE = values();

    public static BlockState ofCode(int code) {
        if (code < 0 || code >= BY_CODE.length) throw new IllegalArgumentException("no block state " + code);
        return BY_CODE[code];
    }
}
