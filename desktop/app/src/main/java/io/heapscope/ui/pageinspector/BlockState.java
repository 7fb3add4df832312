package io.heapscope.ui.pageinspector;

import io.heapscope.ui.theme.Palette;

/** Where one block of a page is, as the page inspector colours it. */
public enum BlockState {
    IN_USE("in use", Palette.BLOCK_IN_USE,
            "Handed out by malloc and not freed yet."),
    FREE("on free", Palette.BLOCK_FREE,
            "On the page's free list: the next malloc of this size on the owner thread pops it."),
    LOCAL_FREE("on local_free", Palette.BLOCK_LOCAL_FREE,
            "Freed by the owner thread. It becomes allocatable when the page is next collected "
                    + "(when free runs dry), which gives the allocator its regular heartbeat."),
    THREAD_FREE("on thread_free", Palette.BLOCK_THREAD_FREE,
            "Freed by another thread and pushed on the page's atomic thread_free list. Only the "
                    + "owner can reuse it, after it collects the page; while the owner sleeps it stays here."),
    DELAYED("delayed notification", Palette.BLOCK_DELAYED,
            "Freed by another thread while the page was in USE_DELAYED_FREE state: instead of going "
                    + "on thread_free, it was pushed on the owner heap's thread_delayed_free list to tell "
                    + "the owner that this page has remote frees."),
    UNEXTENDED("not yet extended", Palette.BLOCK_UNEXTENDED,
            "Fits in the page but not initialised yet: the free list is extended lazily, about "
                    + "4 KiB of blocks at a time but at least 4 blocks (mimalloc 2.0.9 and v2.1.x).");

    private static final BlockState[] VALUES = values();

    private final String label;
    private final int argb;
    private final String explanation;

    BlockState(String label, int argb, String explanation) {
        this.label = label;
        this.argb = argb;
        this.explanation = explanation;
    }

    public String label() {
        return label;
    }

    public int argb() {
        return argb;
    }

    public String explanation() {
        return explanation;
    }

    public byte code() {
        return (byte) ordinal();
    }

    public static BlockState of(byte code) {
        return VALUES[code];
    }
}
