package io.heapscope.trace;

/** The calls a trace records, numbered as in docs/trace-format.md (the event byte's low 4 bits). */
public enum Op {
    MALLOC(1, "malloc"), CALLOC(2, "calloc"), REALLOC(3, "realloc"), FREE(4, "free"),
    POSIX_MEMALIGN(5, "posix_memalign"), ALIGNED_ALLOC(6, "aligned_alloc"), MEMALIGN(7, "memalign"),
    VALLOC(8, "valloc"), PVALLOC(9, "pvalloc"), REALLOCARRAY(10, "reallocarray"),
    THREAD_START(11, "thread-start"), THREAD_EXIT(12, "thread-exit");

    public final int code;
    public final String traceName;

    Op(int code, String traceName) {
        this.code = code;
        this.traceName = traceName;
    }

    private static final Op[] BY_CODE = new Op[16];
    static {
        for (Op op : values()) BY_CODE[op.code] = op;
    }

    /** The op with this code, or null. */
    public static Op of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    public boolean isAllocation() {
        return this != FREE && this != THREAD_START && this != THREAD_EXIT;
    }
}
