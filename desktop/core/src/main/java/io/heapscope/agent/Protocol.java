package io.heapscope.agent;

/** The numbers of {@code native/PROTOCOL.md} (version 1). */
public final class Protocol {
    private Protocol() {}

    public static final int VERSION = 1;
    public static final int HEADER_SIZE = 12;

    // request frame types
    public static final int REQ_HELLO = 0x01;
    public static final int REQ_BATCH = 0x02;
    public static final int REQ_SNAPSHOT = 0x03;
    public static final int REQ_FREE_LIST = 0x04;
    public static final int REQ_SHUTDOWN = 0x05;

    // reply frame types
    public static final int REP_HELLO = 0x81;
    public static final int REP_RESULT = 0x82;
    public static final int REP_SNAPSHOT = 0x83;
    public static final int REP_FREE_LIST = 0x84;
    public static final int REP_BYE = 0x85;
    public static final int REP_ERROR = 0xFF;

    // op codes
    public static final int OP_ALLOC = 1;
    public static final int OP_REALLOC = 2;
    public static final int OP_FREE = 3;
    public static final int OP_TOUCH = 4;
    public static final int OP_HEAP_NEW = 5;
    public static final int OP_HEAP_DELETE = 6;
    public static final int OP_HEAP_DESTROY = 7;
    public static final int OP_HEAP_SET_DEFAULT = 8;
    public static final int OP_COLLECT = 9;
    public static final int OP_THREAD_START = 10;
    public static final int OP_THREAD_PARK = 11;
    public static final int OP_THREAD_EXIT = 12;
    public static final int OP_ADVANCE = 13;
    public static final int OP_SET_OPTION = 14;
    public static final int OP_VALIDATE = 15;
    public static final int OP_CRASH = 16;

    public static final int THREAD_NONE = 0xFFFF;
    public static final int THREAD_MAX = 64;
    public static final int HANDLE_MAX = 1 << 24;
    public static final int HEAP_MAX = 1024;

    // snapshot
    public static final int SNAP_FULL = 0;
    public static final int SNAP_DELTA = 1;
    public static final int SNAP_BLOCKS = 0x01;
    public static final int SNAP_STATS = 0x02;
    public static final int SNAP_TEXT = 0x04;

    public static final int REC_END = 0;
    public static final int REC_PROCESS = 1;
    public static final int REC_STATS = 2;
    public static final int REC_BINS = 3;
    public static final int REC_ARENA = 4;
    public static final int REC_SEGMENT = 5;
    public static final int REC_PAGE = 6;
    public static final int REC_HEAP = 7;
    public static final int REC_THREAD = 8;
    public static final int REC_REMOVED = 9;
    public static final int REC_TEXT = 10;
    public static final int REC_DESIGN = 11;
    public static final int REC_CLASSES = 12;
    public static final int REC_SYSPAGE = 13;

    public static final int EVENT_SIZE = 48;
    public static final long NO_OP_INDEX = 0xFFFF_FFFFL;
}
