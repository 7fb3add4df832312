/* Heapscope core: types and constants only.
 *
 * A short tour, from the biggest to the smallest thing:
 *   arena    a large reservation (1 GiB by default) cut into 32 MiB blocks, one per segment,
 *            with bitmaps saying which blocks are in use, dirty, committed, to purge, abandoned.
 *   segment  32 MiB, aligned to 32 MiB, cut into 512 slices of 64 KiB. The first
 *            `segment_info_slices` slices hold the segment struct itself (this file's
 *            hs_segment_t, whose `slices` array describes every slice). The rest are covered by
 *            spans: runs of slices that are either a page in use or free (in a span queue).
 *   page     a span handed to a heap, cut into blocks of one size. Three free lists:
 *            `free` (malloc pops here), `local_free` (the owner's frees) and `xthread_free`
 *            (other threads' frees, atomic, whose low two bits are the delayed-free state).
 *   heap     per thread (plus first-class heaps): 75 page queues by size bin, a direct table
 *            for small sizes, and the atomic `thread_delayed_free` list.
 *   tld      thread-local data: the thread's heaps, its span queues, its statistics.
 *
 * Pointer -> segment is a mask; segment -> page is the slice entry at (p - segment) >> 16
 * minus its `slice_offset`.
 */
#ifndef HS_TYPES_H
#define HS_TYPES_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "heapscope.h"

#if !defined(__x86_64__) && !defined(__aarch64__)
#error "Heapscope's core targets 64-bit x86-64 and AArch64"
#endif

/* ---------------------------------------------------------------------------------------------
   Tuning shifts
--------------------------------------------------------------------------------------------- */
#define HS_INTPTR_SIZE          8
#define HS_MAX_ALIGN_SIZE       16                          /* natural alignment of malloc  */
#define HS_SEGMENT_SLICE_SHIFT  16                          /* 64 KiB slices                */
#define HS_SEGMENT_SHIFT        (HS_SEGMENT_SLICE_SHIFT + 9)  /* 32 MiB segments            */
#define HS_SMALL_PAGE_SHIFT     HS_SEGMENT_SLICE_SHIFT      /* 64 KiB                       */
#define HS_MEDIUM_PAGE_SHIFT    (HS_SMALL_PAGE_SHIFT + 3)   /* 512 KiB                      */

/* ---------------------------------------------------------------------------------------------
   Derived sizes
--------------------------------------------------------------------------------------------- */
#define HS_KiB                  ((size_t)1024)
#define HS_MiB                  (HS_KiB * HS_KiB)
#define HS_GiB                  (HS_MiB * HS_KiB)

#define HS_SEGMENT_SIZE         ((size_t)1 << HS_SEGMENT_SHIFT)
#define HS_SEGMENT_ALIGN        HS_SEGMENT_SIZE
#define HS_SEGMENT_MASK         (HS_SEGMENT_ALIGN - 1)
#define HS_SEGMENT_SLICE_SIZE   ((size_t)1 << HS_SEGMENT_SLICE_SHIFT)
#define HS_SLICES_PER_SEGMENT   (HS_SEGMENT_SIZE / HS_SEGMENT_SLICE_SIZE)   /* 512 */

#define HS_SMALL_PAGE_SIZE      ((size_t)1 << HS_SMALL_PAGE_SHIFT)
#define HS_MEDIUM_PAGE_SIZE     ((size_t)1 << HS_MEDIUM_PAGE_SHIFT)

#define HS_SMALL_OBJ_SIZE_MAX   (HS_SMALL_PAGE_SIZE / 4)     /* 16 KiB  */
#define HS_MEDIUM_OBJ_SIZE_MAX  (HS_MEDIUM_PAGE_SIZE / 4)    /* 128 KiB */
#define HS_MEDIUM_OBJ_WSIZE_MAX (HS_MEDIUM_OBJ_SIZE_MAX / HS_INTPTR_SIZE)
#define HS_LARGE_OBJ_SIZE_MAX   (HS_SEGMENT_SIZE / 2)        /* 16 MiB  */
#define HS_LARGE_OBJ_WSIZE_MAX  (HS_LARGE_OBJ_SIZE_MAX / HS_INTPTR_SIZE)
#define HS_BLOCK_ALIGNMENT_MAX  (HS_SEGMENT_ALIGN / 2)       /* 16 MiB: largest alignment   */
#define HS_MAX_ALLOC_SIZE       (HS_SEGMENT_SLICE_SIZE * (size_t)(UINT32_MAX - 1))

/* Requests up to this many words go through the direct page table. */
#define HS_SMALL_WSIZE_MAX      128
#define HS_SMALL_SIZE_MAX       (HS_SMALL_WSIZE_MAX * HS_INTPTR_SIZE)       /* 1 KiB */
#define HS_PAGES_DIRECT         (HS_SMALL_WSIZE_MAX + 2)

/* Size bins: 1..72 by size class, 73 for large/huge, 74 the full queue. */
#define HS_BIN_HUGE             73
#define HS_BIN_FULL             (HS_BIN_HUGE + 1)

/* Free-list extension: about 4 KiB worth of blocks at a time, but at least 4 blocks (8 per
   secure level in secure mode), even when that is more than 4 KiB (mi_page_extend_free). */
#define HS_MAX_EXTEND_SIZE      (4 * HS_KiB)
#define HS_MIN_EXTEND           4

/* Retired (empty but kept) pages live this many generic-path visits. */
#define HS_RETIRE_CYCLES        16
#define HS_RETIRE_CYCLES_LARGE  4

/* Slice bookkeeping: an in-use span records the offset back to its first slice in up to this
   many following slices (enough for any interior pointer into a large block) and its last. */
#define HS_MAX_SLICE_OFFSET_COUNT ((HS_LARGE_OBJ_SIZE_MAX / HS_SEGMENT_SLICE_SIZE) - 1)  /* 255 */

/* Span queues: bins of slice counts 1..512. */
#define HS_SEGMENT_BIN_MAX      35

/* Commit and purge masks: one bit per slice. */
#define HS_COMMIT_SIZE          HS_SEGMENT_SLICE_SIZE
#define HS_COMMIT_MASK_BITS     HS_SLICES_PER_SEGMENT
#define HS_COMMIT_MASK_FIELD_BITS 64
#define HS_COMMIT_MASK_FIELD_COUNT (HS_COMMIT_MASK_BITS / HS_COMMIT_MASK_FIELD_BITS)   /* 8 */

/* Arenas hand out whole segments. */
#define HS_ARENA_BLOCK_SIZE     HS_SEGMENT_SIZE
#define HS_ARENA_MAX            112
#define HS_BITMAP_FIELD_BITS    64

/* Reclaim visits at least this many abandoned segments per attempt (or the % option). */
#define HS_RECLAIM_MIN_VISITS   8

/* ---------------------------------------------------------------------------------------------
   Compile-time checks
--------------------------------------------------------------------------------------------- */
_Static_assert(HS_SLICES_PER_SEGMENT == 512, "512 slices of 64 KiB per 32 MiB segment");
_Static_assert(HS_COMMIT_MASK_FIELD_COUNT == HS_COMMIT_MASK_WORDS, "public mask size matches");
_Static_assert(HS_MEDIUM_OBJ_SIZE_MAX == 128 * 1024, "medium objects up to 128 KiB");
_Static_assert(HS_BIN_FULL + 1 == HS_BIN_COUNT, "public bin count matches");
_Static_assert(sizeof(void*) == HS_INTPTR_SIZE, "64-bit only");

/* ---------------------------------------------------------------------------------------------
   Blocks and the delayed-free state
--------------------------------------------------------------------------------------------- */

/* A free block's first word links it into a list; in secure mode (>= 3) it is encoded with the
   page's two keys: enc(p) = rotl(p ^ k1, k0) + k0 (k0 odd, never 0). */
typedef uintptr_t hs_encoded_t;

typedef struct hs_block_s {
  hs_encoded_t next;
} hs_block_t;

/* xthread_free = block pointer | delayed state (low 2 bits; blocks are 8-aligned). */
typedef uintptr_t hs_thread_free_t;

/* ---------------------------------------------------------------------------------------------
   Pages (a page *is* the slice entry of its span's first slice)
--------------------------------------------------------------------------------------------- */
typedef union hs_page_flags_u {
  uint8_t full_aligned;          /* tested as one byte on the free fast path */
  struct {
    uint8_t in_full     : 1;     /* on the heap's full queue                 */
    uint8_t has_aligned : 1;     /* holds over-aligned (interior) pointers   */
    uint8_t check_free  : 1;     /* secure >= 4: frees take the checked path */
  } x;
} hs_page_flags_t;

/* Accounting invariant (checked by the validator), with |l| the length of list l:
 *     used + |free| + |local_free| == capacity,   |thread_free| <= used
 *     capacity <= reserved,  reserved * block_size <= page area
 * and every block index < capacity is on at most one list; a block on the owner heap's delayed
 * list is counted in `used` and on no page list. */
typedef struct hs_page_s {
  /* owned by the segment */
  uint32_t          slice_count;      /* slices in this span (first slice of a span, else 0)      */
  uint32_t          slice_offset;     /* bytes back to the span's first slice entry              */
  uint8_t           is_committed : 1; /* the whole span is committed                             */
  uint8_t           is_zero_init : 1; /* fresh from the OS: the memory is zero                   */
  uint8_t           is_huge      : 1; /* the only page of a huge segment                         */
  uint8_t           is_reclaimed : 1; /* joined its heap from an abandoned segment                */
  uint8_t           secure;           /* secure level the page was initialised with              */

  /* allocation state (owner thread only, except xthread_free and xheap) */
  uint16_t          capacity;         /* blocks threaded onto lists so far                        */
  uint16_t          reserved;         /* blocks that fit                                          */
  hs_page_flags_t   flags;
  uint8_t           free_is_zero : 1; /* blocks on `free` are known to be zero                    */
  uint8_t           retire_expire : 7;/* > 0 while retired: generic-path visits left              */
  uint32_t          used;             /* blocks handed out, including those on xthread_free       */

  hs_block_t*       free;             /* next malloc pops here                                    */
  hs_block_t*       local_free;       /* owner's frees, not reusable until `free` runs out         */
  size_t            block_size;       /* 0 on a free span's first slice                           */
  uint8_t*          page_start;       /* first block                                              */
  uintptr_t         keys[2];          /* free-list encoding keys (secure >= 3), else 0            */

  _Atomic(hs_thread_free_t) xthread_free; /* other threads' frees | delayed state                */
  _Atomic(uintptr_t) xheap;           /* owning heap (hs_heap_t*), 0 when abandoned               */

  struct hs_page_s* next;             /* page queue, or span queue for a free span               */
  struct hs_page_s* prev;
} hs_page_t;

typedef hs_page_t hs_slice_t;

/* ---------------------------------------------------------------------------------------------
   Segments
--------------------------------------------------------------------------------------------- */
typedef enum hs_segment_kind_e {
  HS_SEGMENT_NORMAL,   /* 32 MiB, many pages                                     */
  HS_SEGMENT_HUGE      /* one huge block, size a multiple of the slice size     */
} hs_segment_kind_t;

typedef struct hs_commit_mask_s {
  uint64_t mask[HS_COMMIT_MASK_FIELD_COUNT];
} hs_commit_mask_t;

/* Where a segment's memory came from. */
typedef struct hs_memid_s {
  int    arena_id;     /* -1: straight from the OS                          */
  size_t block_index;  /* first arena block                                 */
  size_t block_count;  /* arena blocks covered                              */
  bool   is_zero;      /* memory known to be zero when handed out           */
  bool   is_committed; /* memory fully committed when handed out            */
} hs_memid_t;

typedef struct hs_segment_s {
  /* constant after allocation */
  hs_memid_t        memid;
  bool              allow_decommit;
  bool              allow_purge;
  size_t            segment_size;     /* bytes, including the info slices                        */
  size_t            segment_slices;   /* slices covered (512 for normal; more for huge)         */
  size_t            segment_info_slices; /* leading slices used by this struct (+ guard page)    */
  size_t            slice_entries;    /* entries of `slices` in use (<= 512)                      */
  hs_segment_kind_t kind;
  uintptr_t         cookie;           /* verifies a pointer really is a segment of ours          */
  uint64_t          serial;           /* creation order                                          */
  uint8_t           secure;           /* secure level at allocation (guard pages)                */

  /* commit state (owner thread, or the abandoning/reclaiming thread) */
  hs_msecs_t        purge_expire;     /* 0: nothing scheduled                                    */
  hs_commit_mask_t  purge_mask;       /* slices to purge when purge_expire passes                */
  hs_commit_mask_t  commit_mask;      /* slices committed                                        */

  /* ownership */
  size_t            used;             /* pages in use                                            */
  size_t            abandoned;        /* pages in use that belong to no heap                     */
  size_t            abandoned_visits; /* reclaim attempts that passed it over                    */
  _Atomic(uintptr_t) thread_id;       /* owner thread; 0 when abandoned                          */
  hs_msecs_t        abandoned_at;     /* -1 when never abandoned                                 */
  uintptr_t         abandoned_by;
  uintptr_t         reclaimed_by;
  size_t            reclaim_count;

  /* the registry of all live segments (for inspection), under the registry lock */
  struct hs_segment_s* reg_next;
  struct hs_segment_s* reg_prev;

  hs_slice_t        slices[HS_SLICES_PER_SEGMENT + 1];  /* one extra: end sentinel            */
} hs_segment_t;

/* ---------------------------------------------------------------------------------------------
   Page and span queues
--------------------------------------------------------------------------------------------- */
typedef struct hs_page_queue_s {
  hs_page_t* first;
  hs_page_t* last;
  size_t     block_size;
} hs_page_queue_t;

typedef struct hs_span_queue_s {
  hs_slice_t* first;
  hs_slice_t* last;
  size_t      slice_count;   /* the largest span this bin holds */
} hs_span_queue_t;

/* ---------------------------------------------------------------------------------------------
   Randomness (secure mode keys and shuffled extension): a small per-heap generator
--------------------------------------------------------------------------------------------- */
typedef struct hs_random_ctx_s {
  uint64_t state[4];   /* xoshiro256** state, seeded from the OS */
} hs_random_ctx_t;

/* ---------------------------------------------------------------------------------------------
   Heaps
--------------------------------------------------------------------------------------------- */
typedef struct hs_tld_s hs_tld_t;

struct hs_heap_s {
  hs_tld_t*               tld;
  _Atomic(hs_block_t*)    thread_delayed_free;   /* remote frees into full pages            */
  uintptr_t               thread_id;             /* creating (owning) thread                */
  uintptr_t               cookie;                /* random; 0 marks the static empty heap   */
  uintptr_t               keys[2];               /* seeds of pages' encoding keys           */
  hs_random_ctx_t         random;
  size_t                  page_count;            /* pages in all queues                     */
  size_t                  page_retired_min;      /* lowest bin holding a retired page       */
  size_t                  page_retired_max;      /* highest bin holding a retired page      */
  hs_heap_t*              next;                  /* the thread's heaps                      */
  bool                    no_reclaim;            /* never absorbs abandoned pages           */
  hs_heap_t*              reg_next;              /* registry of all heaps (inspection)      */
  hs_heap_t*              reg_prev;
  hs_page_t*              pages_free_direct[HS_PAGES_DIRECT];
  hs_page_queue_t         pages[HS_BIN_FULL + 1];
};

/* ---------------------------------------------------------------------------------------------
   Thread-local data
--------------------------------------------------------------------------------------------- */
typedef struct hs_segments_tld_s {
  hs_span_queue_t spans[HS_SEGMENT_BIN_MAX + 1];  /* free spans of this thread's segments */
  size_t          count;                          /* segments owned                       */
  size_t          peak_count;
  size_t          current_size;                   /* bytes of segments owned              */
  size_t          peak_size;
  size_t          reclaim_count;
} hs_segments_tld_t;

/* One thread's statistics counters (the HS_STATS_COUNTERS of heapscope.h): written by that
   thread only, read by hs_stats_get on any thread, merged into the process-wide figures when the
   thread exits. */
typedef struct hs_stat_counters_s {
#define HS_STAT_COUNTER_SLOT(name, doc) int64_t name;
  HS_STATS_COUNTERS(HS_STAT_COUNTER_SLOT)
#undef HS_STAT_COUNTER_SLOT
} hs_stat_counters_t;

struct hs_tld_s {
  unsigned long long heartbeat;     /* generic-path visits                                 */
  bool               recurse;       /* guards re-entry of deferred work                    */
  uintptr_t          thread_id;
  hs_heap_t*         heap_backing;  /* the thread's own heap                               */
  hs_heap_t*         heap_default;  /* the thread's current default (mirrors the thread-local) */
  hs_heap_t*         heaps;         /* all heaps of this thread (backing first)            */
  hs_segments_tld_t  segments;
  hs_stat_counters_t counters;      /* this thread's counters, merged on read (stats.c)    */
  hs_tld_t*          reg_next;      /* registry of all live threads (inspection)           */
  hs_tld_t*          reg_prev;
};

#endif /* HS_TYPES_H */
