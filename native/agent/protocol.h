/* Heapscope agent protocol, version 1: the numbers of native/PROTOCOL.md.
 *
 * Every integer is little-endian. A frame is a 12-byte header followed by its body:
 *     u32 length (whole frame, header included) | u8 version | u8 type | u16 flags | u32 seq
 * Strings are u16 byte length + UTF-8 bytes. PROTOCOL.md describes every body; this header only
 * names the numbers, and both the agent and the Java client test against the document.
 */
#ifndef AG_PROTOCOL_H
#define AG_PROTOCOL_H

#define AG_PROTOCOL_VERSION      1
#define AG_HEADER_SIZE           12
#define AG_REQUEST_MAX           ((uint32_t)64 << 20)   /* largest request frame accepted   */

/* Request frame types (client -> agent). */
enum {
  AG_REQ_HELLO     = 0x01,
  AG_REQ_BATCH     = 0x02,
  AG_REQ_SNAPSHOT  = 0x03,
  AG_REQ_FREE_LIST = 0x04,
  AG_REQ_SHUTDOWN  = 0x05
};

/* Reply frame types (agent -> client). */
enum {
  AG_REP_HELLO     = 0x81,
  AG_REP_RESULT    = 0x82,
  AG_REP_SNAPSHOT  = 0x83,
  AG_REP_FREE_LIST = 0x84,
  AG_REP_BYE       = 0x85,
  AG_REP_ERROR     = 0xFF
};

/* Batch modes. */
enum { AG_MODE_LOCKSTEP = 0, AG_MODE_FREE_RUNNING = 1 };

/* Operation codes. Each op starts with u8 code | u8 flags | u16 thread. */
#define AG_OPS(X)                                                   \
  X(ALLOC,            1,  "allocate into a handle")                 \
  X(REALLOC,          2,  "reallocate a handle")                    \
  X(FREE,             3,  "free a handle (on any thread)")          \
  X(TOUCH,            4,  "write bytes of a handle")                \
  X(HEAP_NEW,         5,  "create a first-class heap")              \
  X(HEAP_DELETE,      6,  "delete a heap (blocks move to backing)") \
  X(HEAP_DESTROY,     7,  "destroy a heap and all its blocks")      \
  X(HEAP_SET_DEFAULT, 8,  "make a heap the thread's default")       \
  X(COLLECT,          9,  "collect a heap")                         \
  X(THREAD_START,     10, "start a scenario thread")                \
  X(THREAD_PARK,      11, "the thread idles")                       \
  X(THREAD_EXIT,      12, "the thread exits")                       \
  X(ADVANCE,          13, "advance the virtual clock")              \
  X(SET_OPTION,       14, "set an allocator option")                \
  X(VALIDATE,         15, "check every invariant")                  \
  X(CRASH,            16, "end the agent abnormally (tests)")

enum {
#define AG_OP_ENUM(name, code, doc) AG_OP_##name = code,
  AG_OPS(AG_OP_ENUM)
#undef AG_OP_ENUM
  AG_OP_LAST
};

#define AG_OP_FLAG_ZERO   0x01   /* ALLOC: zeroed memory            */
#define AG_OP_FLAG_FORCE  0x01   /* COLLECT: forced collection      */
#define AG_OP_FLAG_AGAIN  0x01   /* FREE: free a freed handle again */
#define AG_OP_FLAG_PROCESS_MAIN 0x01   /* THREAD_START: the thread is the process's main thread */
#define AG_THREAD_NONE    0xFFFF /* ops that belong to no thread     */
#define AG_THREAD_MAX     64     /* scenario thread indices 0..63    */
#define AG_HANDLE_MAX     ((uint32_t)1 << 24)   /* handles 1..2^24-1 */
#define AG_HEAP_MAX       1024   /* heap ids 1..1023                 */

/* Result status of one op. */
enum { AG_STATUS_OK = 0, AG_STATUS_NULL = 1, AG_STATUS_INVALID = 2 };

/* Error codes of an ERROR frame. */
#define AG_ERRORS(X)                                                              \
  X(TRUNCATED,     1,  "the frame ends before its contents do")                   \
  X(BAD_VERSION,   2,  "the frame's protocol version is not 1")                   \
  X(UNKNOWN_FRAME, 3,  "unknown frame type")                                      \
  X(UNKNOWN_OP,    4,  "unknown operation code")                                  \
  X(BAD_HANDLE,    5,  "handle out of range or never allocated")                  \
  X(HANDLE_FREED,  6,  "the handle's block was already freed (or its heap destroyed)") \
  X(HANDLE_LIVE,   7,  "allocation into a handle that is still live")             \
  X(BAD_THREAD,    8,  "thread index out of range, not started, or already started") \
  X(WRONG_THREAD,  9,  "the operation must run on the thread that owns the heap") \
  X(BAD_HEAP,      10, "heap id out of range, unknown, or already in use")        \
  X(BAD_ARGUMENT,  11, "an argument is out of range")                             \
  X(UNSUPPORTED,   12, "the backend cannot do this")                              \
  X(TOO_LARGE,     13, "the frame is longer than the agent accepts")              \
  X(TRAILING,      14, "bytes after the last operation or field")                 \
  X(INTERNAL,      15, "the agent could not get memory for its own bookkeeping")

enum {
#define AG_ERR_ENUM(name, code, doc) AG_ERR_##name = code,
  AG_ERRORS(AG_ERR_ENUM)
#undef AG_ERR_ENUM
  AG_ERR_LAST
};

/* Snapshot request flags. */
#define AG_SNAP_BLOCKS  0x01   /* per-block states of each page             */
#define AG_SNAP_STATS   0x02   /* the STATS and BINS records                */
#define AG_SNAP_TEXT    0x04   /* the allocator's own statistics text      */

/* Snapshot kinds. */
enum { AG_SNAP_FULL = 0, AG_SNAP_DELTA = 1 };

/* Snapshot record tags: u8 tag | u32 body length | body. */
enum {
  AG_REC_END      = 0,
  AG_REC_PROCESS  = 1,
  AG_REC_STATS    = 2,
  AG_REC_BINS     = 3,
  AG_REC_ARENA    = 4,
  AG_REC_SEGMENT  = 5,
  AG_REC_PAGE     = 6,
  AG_REC_HEAP     = 7,
  AG_REC_THREAD   = 8,
  AG_REC_REMOVED  = 9,
  AG_REC_TEXT     = 10,
  AG_REC_DESIGN   = 11,
  AG_REC_CLASSES  = 12,
  AG_REC_SYSPAGE  = 13
};

/* REMOVED record kinds. */
enum { AG_REMOVED_SEGMENT = 1, AG_REMOVED_PAGE = 2, AG_REMOVED_HEAP = 3 };

/* THREAD record states. */
enum { AG_THREAD_READY = 0, AG_THREAD_PARKED = 1, AG_THREAD_EXITED = 2 };

#define AG_EVENT_SIZE   48
#define AG_RESULT_FIXED 32

#endif /* AG_PROTOCOL_H */
