package io.heapscope.agent;

/** Which allocator the agent runs the scenario on. */
public enum Backend {
    /** The Heapscope core, with events, deltas and full introspection. */
    CORE("core"),
    /** The process's own malloc: glibc, or an allocator preloaded with {@link SystemAllocator}. */
    SYSTEM("system");

    private final String wireName;

    Backend(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the agent's command line and in its HELLO. */
    public String wireName() {
        return wireName;
    }
}
