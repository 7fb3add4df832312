/* The .hstrace format, version 1 (docs/trace-format.md): constants shared by the recorder and
 * its reader. */
#ifndef HS_TRACE_FORMAT_H
#define HS_TRACE_FORMAT_H

#define HST_MAGIC        "HSTRACE"   /* 7 bytes and a NUL */
#define HST_VERSION      1
#define HST_INDEX_EVERY  65536       /* an index record after at least this many events */

/* record tags at the top level of the file */
#define HST_TAG_CHUNK    'C'
#define HST_TAG_INDEX    'I'

/* event ops: low 4 bits of an event's first byte */
enum hst_op {
  HST_MALLOC = 1, HST_CALLOC = 2, HST_REALLOC = 3, HST_FREE = 4,
  HST_POSIX_MEMALIGN = 5, HST_ALIGNED_ALLOC = 6, HST_MEMALIGN = 7, HST_VALLOC = 8,
  HST_PVALLOC = 9, HST_REALLOCARRAY = 10, HST_THREAD_START = 11, HST_THREAD_EXIT = 12,
};

#endif
