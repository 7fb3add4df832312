/* Heapscope core: a from-scratch allocator after mimalloc v2's design, with introspection.
 *
 * Public API. Everything is prefixed `hs_`. The allocator builds two ways:
 *   - libheapscope (static) with this API, used by the agent, tests and benchmarks;
 *   - libheapscope-malloc.so, the same core exporting malloc/free/... for LD_PRELOAD.
 *
 * Tour:
 *   allocation ........ hs_malloc, hs_free, ... and the hs_heap_* variants for first-class heaps
 *   threads ........... hs_thread_done (abandon this thread's memory now; also runs at thread exit)
 *   options ........... one table, each settable as HEAPSCOPE_<NAME> in the environment
 *   clock ............. purge delays read an injectable millisecond clock (virtual under scenarios)
 *   statistics ........ hs_stats_get / hs_stats_print / hs_stats_json
 *   events ............ a hook called on every structural change (one branch when unset)
 *   inspection ........ hs_inspect walks arenas, segments, spans, pages, blocks and heaps
 *   validation ........ hs_validate checks every structural invariant, reports the first violation
 */
#ifndef HEAPSCOPE_H
#define HEAPSCOPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The LD_PRELOAD build exports this API next to malloc, so that a preloaded program can find
   hs_collect, hs_heap_new, hs_validate, ... with dlsym (the faithfulness suite does). */
#if defined(HS_OVERRIDE) && HS_OVERRIDE
#pragma GCC visibility push(default)
#endif

#define HS_VERSION_MAJOR 0
#define HS_VERSION_MINOR 1

/* ---------------------------------------------------------------------------------------------
   Allocation (on the calling thread's default heap)
--------------------------------------------------------------------------------------------- */
void*  hs_malloc(size_t size);
void*  hs_zalloc(size_t size);
void*  hs_calloc(size_t count, size_t size);
void*  hs_realloc(void* p, size_t newsize);
void*  hs_malloc_aligned(size_t size, size_t alignment);   /* alignment: a power of two; above 16 MiB a huge segment of its own */
void   hs_free(void* p);
size_t hs_usable_size(const void* p);
size_t hs_good_size(size_t size);                         /* the size class `size` rounds up to */
bool   hs_is_in_heap_region(const void* p);               /* p lies in a live segment of ours */

/* ---------------------------------------------------------------------------------------------
   First-class heaps. A heap allocates only on the thread that created it; any thread may free.
--------------------------------------------------------------------------------------------- */
typedef struct hs_heap_s hs_heap_t;

hs_heap_t* hs_heap_new(void);
void       hs_heap_delete(hs_heap_t* heap);   /* live blocks move to the thread's backing heap */
void       hs_heap_destroy(hs_heap_t* heap);  /* frees every page wholesale; live blocks become invalid */
hs_heap_t* hs_heap_set_default(hs_heap_t* heap);  /* returns the previous default */
hs_heap_t* hs_heap_get_default(void);
hs_heap_t* hs_heap_get_backing(void);
void*      hs_heap_malloc(hs_heap_t* heap, size_t size);
void*      hs_heap_zalloc(hs_heap_t* heap, size_t size);
void*      hs_heap_calloc(hs_heap_t* heap, size_t count, size_t size);
void*      hs_heap_realloc(hs_heap_t* heap, void* p, size_t newsize);
void*      hs_heap_malloc_aligned(hs_heap_t* heap, size_t size, size_t alignment);
bool       hs_heap_contains_block(hs_heap_t* heap, const void* p);

void hs_heap_collect(hs_heap_t* heap, bool force);
void hs_collect(bool force);                  /* collect the calling thread's default heap */

/* ---------------------------------------------------------------------------------------------
   Threads
--------------------------------------------------------------------------------------------- */
uintptr_t hs_thread_id(void);   /* the id the core records as a segment's / heap's owner */
void      hs_thread_done(void); /* abandon this thread's segments now (also runs at thread exit) */

/* ---------------------------------------------------------------------------------------------
   Options: one table; `HEAPSCOPE_<NAME>` (case-insensitive) in the environment sets the initial
   value. Durations are milliseconds, sizes KiB (env values accept K/M/G suffixes), booleans 0/1.
--------------------------------------------------------------------------------------------- */
typedef enum hs_option_e {
  hs_option_show_errors,          /* print errors on stderr                                     */
  hs_option_show_stats,           /* print statistics at process exit                           */
  hs_option_verbose,              /* print informational messages                               */
  hs_option_secure,               /* 0..4: 1 guard pages, 3 encoded free lists, 4 double-free checks */
  hs_option_eager_commit,         /* commit a new segment wholly (else on demand per span)      */
  hs_option_purge_decommits,      /* purge = decommit (RSS drops now) instead of reset          */
  hs_option_purge_delay,          /* ms before freed spans are purged; 0 = at once, -1 = never  */
  hs_option_purge_extend_delay,   /* ms a pending purge deadline is extended per further free   */
  hs_option_arena_reserve,        /* KiB reserved per arena (default 1 GiB)                     */
  hs_option_arena_purge_mult,     /* arena purge delay = purge_delay * this                     */
  hs_option_reclaim_on_free,      /* a free into an abandoned segment reclaims it               */
  hs_option_max_segment_reclaim,  /* percent of abandoned segments visited per reclaim attempt  */
  hs_option_abandoned_page_purge, /* purge free spans of a segment when it is abandoned         */
  hs_option_disallow_arena_alloc, /* take segments straight from the OS                        */
  hs_option_design,               /* 2 or 3 (env "v2"/"v3"): mimalloc's design the core runs, fixed
                                     at the process's first allocation (design.c)               */
  hs_option_page_reclaim_on_free, /* v3: a free that claims an abandoned page reclaims it: -1 never,
                                     0 only into the heap it came from, 1 any heap              */
  hs_option_page_full_retain,     /* v3: full small pages a queue keeps before abandoning the rest */
  hs_option_page_max_reclaim,     /* v3: reclaim on free into the originating heap while it holds at
                                     most this many pages of the bin (-1: no limit)             */
  hs_option_page_cross_thread_max_reclaim, /* v3: the same limit across heaps                   */
  _hs_option_last
} hs_option_t;

long        hs_option_get(hs_option_t option);
void        hs_option_set(hs_option_t option, long value);
bool        hs_option_is_enabled(hs_option_t option);
const char* hs_option_name(hs_option_t option);
bool        hs_option_find(const char* name, hs_option_t* option);  /* by name, case-insensitive */

/* The design the core runs: 2 (mimalloc v2: segments) or 3 (mimalloc v3: pages straight from
   arenas). Chosen by the `design` option (HEAPSCOPE_DESIGN=v2|v3) and fixed when the first
   thread initialises, that is before the first allocation; later changes of the option are
   ignored. */
int         hs_design(void);
const char* hs_design_name(void);   /* "v2" or "v3" */

/* ---------------------------------------------------------------------------------------------
   Clock: milliseconds, monotonic by default. Under a scenario the agent installs a virtual clock.
--------------------------------------------------------------------------------------------- */
typedef int64_t hs_msecs_t;
typedef hs_msecs_t (hs_clock_fn)(void* arg);

void       hs_clock_set(hs_clock_fn* fn, void* arg);  /* NULL restores the monotonic clock */
hs_msecs_t hs_clock_now(void);

/* ---------------------------------------------------------------------------------------------
   Statistics: declared once (HS_STATS_COUNTERS / HS_STATS_AMOUNTS), process-wide. They are
   updated only on slow paths (atomically); an amount tracks current and peak, a counter only
   grows. The per-bin figures and `page_used` are computed by hs_stats_get from the live pages, so
   they are exact only while no other thread allocates or frees (as during a lockstep step).
--------------------------------------------------------------------------------------------- */
#define HS_STATS_AMOUNTS(X)                                                  \
  X(reserved,   "bytes of address space reserved from the OS")               \
  X(committed,  "bytes committed (backed or backable by memory)")            \
  X(segments,   "live segments")                                             \
  X(pages,      "live pages (spans handed to heaps)")                        \
  X(abandoned,  "segments abandoned by exited threads, not yet reclaimed")   \
  X(arenas,     "arenas reserved")                                           \
  X(threads,    "threads with an initialised heap")

#define HS_STATS_COUNTERS(X)                                                 \
  X(purged,            "bytes purged (decommitted or reset)")                \
  X(purges,            "purge operations")                                   \
  X(commits,           "commit operations")                                  \
  X(mmaps,             "OS reservations")                                    \
  X(pages_extended,    "free-list extensions")                               \
  X(pages_retired,     "pages freed back to their segment")                  \
  X(reclaimed,         "abandoned segments reclaimed")                       \
  X(delayed_frees,     "blocks freed through a heap's delayed-free list")    \
  X(thread_frees,      "blocks freed by a thread other than the owner")      \
  X(searches,          "page queue searches on the slow path")               \
  X(double_frees,      "double frees detected (secure mode)")                \
  X(malloc_calls,      "allocations that took the generic (slow) path")

#define HS_BIN_COUNT 75   /* bins 0..73 by size class, 74 = the full queue (never counted) */

typedef struct hs_stat_amount_s { int64_t current; int64_t peak; } hs_stat_amount_t;

typedef struct hs_stats_s {
#define HS_STAT_AMOUNT_FIELD(name, doc)  hs_stat_amount_t name;
#define HS_STAT_COUNTER_FIELD(name, doc) int64_t name;
  HS_STATS_AMOUNTS(HS_STAT_AMOUNT_FIELD)
  HS_STATS_COUNTERS(HS_STAT_COUNTER_FIELD)
#undef HS_STAT_AMOUNT_FIELD
#undef HS_STAT_COUNTER_FIELD
  int64_t page_used;                 /* bytes in blocks counted in page used: live + pending */
  int64_t bin_blocks[HS_BIN_COUNT];  /* blocks in use per size bin (computed from pages)     */
  int64_t bin_pages[HS_BIN_COUNT];   /* live pages per size bin (computed from pages)        */
} hs_stats_t;

void   hs_stats_get(hs_stats_t* out);
void   hs_stats_print(FILE* out);              /* human-readable */
size_t hs_stats_json(char* buf, size_t size);  /* JSON object; returns the length it needs */
void   hs_stats_reset(void);

/* ---------------------------------------------------------------------------------------------
   Errors: reported, never fatal. The default prints when show_errors is on.
--------------------------------------------------------------------------------------------- */
typedef void (hs_error_fn)(int err, const char* message, void* arg);
void hs_register_error(hs_error_fn* fn, void* arg);

/* ---------------------------------------------------------------------------------------------
   Events: every structural change, emitted on the thread that made it. The hook must be
   thread-safe when threads run concurrently. With no hook installed an event costs one branch.
--------------------------------------------------------------------------------------------- */
#define HS_EVENT_KINDS(X)                                                                      \
  X(ARENA_RESERVED,       "an arena was reserved from the OS")                                 \
  X(SEGMENT_ALLOC,        "a segment was taken from an arena or the OS")                       \
  X(SEGMENT_FREED,        "a segment with no pages left went back to its arena or the OS")     \
  X(SEGMENT_ABANDONED,    "the owning thread exited; the segment waits to be reclaimed")       \
  X(SEGMENT_RECLAIMED,    "a thread took over an abandoned segment")                           \
  X(PAGE_ALLOC,           "a span of slices became a fresh page")                              \
  X(PAGE_EXTENDED,        "more of a page's blocks were threaded onto its free list")          \
  X(PAGE_FULL,            "a page with no free block and nothing to extend went to the full queue") \
  X(PAGE_UNFULL,          "a block was freed into a full page; it went back to its size queue") \
  X(PAGE_RETIRED,         "an empty page was kept briefly as its queue's only page")           \
  X(PAGE_FREED,           "an empty page was returned to its segment as a free span")          \
  X(THREAD_FREE_COLLECTED,"blocks freed by other threads were moved to local_free")            \
  X(DELAYED_NOTIFY,       "a remote free into a full page was put on the heap's delayed list") \
  X(DELAYED_PROCESSED,    "the owner freed the blocks on its heap's delayed list")             \
  X(PURGE,                "free memory was decommitted or reset")                              \
  X(COMMIT,               "memory was committed")                                              \
  X(HEAP_DESTROYED,       "a heap was destroyed and all its pages freed")                      \
  X(DOUBLE_FREE,          "a block was freed twice (detected, ignored)")                       \
  X(CORRUPTED_FREE_LIST,  "a free-list pointer did not decode to the same page")            \
  X(FREE_LIST_CYCLE,      "a free list looped back on itself (a double free); it was cut")      \
  X(PAGE_ABANDONED,       "v3: a page left its heap (full, or its thread exited); any thread's free may claim it") \
  X(PAGE_RECLAIMED,       "v3: an abandoned page joined a heap (count 1: claimed by an allocation, 2: by a free)") \
  X(PAGE_REABANDONED,     "v3: a free claimed an abandoned page but gave it up again")

typedef enum hs_event_kind_e {
#define HS_EVENT_ENUM(name, doc) HS_EVENT_##name,
  HS_EVENT_KINDS(HS_EVENT_ENUM)
#undef HS_EVENT_ENUM
  _HS_EVENT_LAST
} hs_event_kind_t;

typedef struct hs_event_s {
  hs_event_kind_t kind;
  uintptr_t thread_id;   /* thread that caused it                                   */
  uintptr_t segment;     /* segment address, or 0                                   */
  uintptr_t page;        /* page start address (first block), or 0                  */
  uintptr_t address;     /* block or range start, or 0                              */
  size_t    size;        /* bytes affected (purged range, block size, ...), or 0    */
  size_t    count;       /* blocks affected (extended, collected, ...), or 0        */
} hs_event_t;

typedef void (hs_event_fn)(const hs_event_t* event, void* arg);
void        hs_set_event_hook(hs_event_fn* fn, void* arg);  /* NULL removes it */
const char* hs_event_name(hs_event_kind_t kind);
const char* hs_event_doc(hs_event_kind_t kind);

/* ---------------------------------------------------------------------------------------------
   Inspection: a walk over the whole structure. Call it only while no other thread allocates or
   frees (the agent runs it between lockstep steps). It allocates nothing from the core.
--------------------------------------------------------------------------------------------- */
typedef enum hs_page_kind_e {
  HS_PAGE_SMALL,    /* blocks <= 16 KiB, 64 KiB page (one slice)      */
  HS_PAGE_MEDIUM,   /* blocks <= 128 KiB, 512 KiB page (8 slices)     */
  HS_PAGE_LARGE,    /* one block <= 16 MiB, a span of slices          */
  HS_PAGE_HUGE      /* one block in its own segment                   */
} hs_page_kind_t;

typedef enum hs_delayed_e {
  HS_USE_DELAYED_FREE   = 0,  /* armed: the next remote free notifies the heap via its delayed list */
  HS_DELAYED_FREEING    = 1,  /* a remote free is pushing onto the heap's delayed list right now    */
  HS_NO_DELAYED_FREE    = 2,  /* remote frees go to the page's thread_free                           */
  HS_NEVER_DELAYED_FREE = 3   /* as NO_DELAYED, and stays so (abandoned or heap being deleted)       */
} hs_delayed_t;

typedef enum hs_block_state_e {
  HS_BLOCK_IN_USE     = 0,  /* handed out                                                   */
  HS_BLOCK_FREE       = 1,  /* on the page's free list: the next malloc takes it            */
  HS_BLOCK_LOCAL_FREE = 2,  /* freed by the owner; reusable after free runs out             */
  HS_BLOCK_THREAD_FREE= 3,  /* freed by another thread; waits for the owner to collect      */
  HS_BLOCK_DELAYED    = 4,  /* freed by another thread onto the owner heap's delayed list   */
  HS_BLOCK_UNEXTENDED = 5   /* beyond capacity: not yet threaded onto any list              */
} hs_block_state_t;

typedef enum hs_span_state_e {
  HS_SPAN_META,        /* the segment's own metadata (and guard page)   */
  HS_SPAN_PAGE,        /* a page in use                                  */
  HS_SPAN_FREE         /* a free span in a span queue                    */
} hs_span_state_t;

#define HS_COMMIT_MASK_WORDS 8    /* 512 slices, one bit each */

typedef struct hs_arena_info_s {
  int       id;
  uintptr_t start;
  size_t    size;             /* bytes                                          */
  size_t    block_size;       /* bytes per arena block (one segment)            */
  size_t    block_count;
  size_t    field_count;      /* 64-bit words in each bitmap below              */
  const uint64_t* blocks_inuse;
  const uint64_t* blocks_dirty;
  const uint64_t* blocks_committed;
  const uint64_t* blocks_purge;
  const uint64_t* blocks_abandoned;
  hs_msecs_t purge_expire;    /* 0 = no purge scheduled                         */
} hs_arena_info_t;

typedef struct hs_segment_info_s {
  uintptr_t  address;
  size_t     size;
  bool       is_huge;
  int        arena_id;           /* -1 when taken straight from the OS           */
  uint64_t   serial;             /* creation order, stable over a run            */
  uintptr_t  thread_id;          /* owner; 0 when abandoned                      */
  bool       abandoned;
  size_t     slice_count;        /* usable slices (512 for normal segments)      */
  size_t     info_slices;        /* leading slices holding metadata (+guard)     */
  size_t     used_pages;
  size_t     abandoned_pages;
  uint64_t   commit_mask[HS_COMMIT_MASK_WORDS];
  uint64_t   purge_mask[HS_COMMIT_MASK_WORDS];
  hs_msecs_t purge_expire;       /* 0 = no purge scheduled                       */
  hs_msecs_t abandoned_at;       /* clock time of the last abandonment, or -1    */
  uintptr_t  abandoned_by;       /* thread that abandoned it last, or 0          */
  uintptr_t  reclaimed_by;       /* thread that reclaimed it last, or 0          */
  size_t     reclaim_count;
} hs_segment_info_t;

typedef struct hs_span_info_s {
  size_t          slice_index;
  size_t          slice_count;
  hs_span_state_t state;
} hs_span_info_t;

typedef struct hs_page_info_s {
  uintptr_t      page_start;       /* address of the first block: the page's id            */
  size_t         slice_index;
  size_t         slice_count;
  hs_page_kind_t kind;
  size_t         block_size;
  unsigned       capacity;         /* blocks threaded so far                               */
  unsigned       reserved;         /* blocks that fit                                      */
  unsigned       used;             /* handed out, including those on thread_free           */
  unsigned       free_count;
  unsigned       local_free_count;
  unsigned       thread_free_count;
  unsigned       delayed_count;    /* blocks of this page on the owner heap's delayed list */
  hs_delayed_t   delayed_state;
  bool           in_full;
  bool           has_aligned;
  bool           is_committed;
  bool           is_retired;       /* empty, kept as its queue's only page                */
  unsigned       retire_expire;
  int            bin;              /* size bin; 74 when on the full queue                  */
  uintptr_t      heap;             /* owning heap's address, 0 when abandoned             */
  uintptr_t      thread_id;        /* owning heap's thread, 0 when abandoned              */
  bool           encoded;          /* free-list pointers are encoded (secure >= 3)        */
} hs_page_info_t;

typedef struct hs_heap_info_s {
  uintptr_t address;
  uintptr_t thread_id;
  bool      is_backing;          /* the thread's own heap (not a first-class one)    */
  bool      is_default;          /* the thread's current default                     */
  bool      no_reclaim;
  size_t    page_count;
  size_t    delayed_count;       /* blocks on its delayed-free list                  */
} hs_heap_info_t;

/* Each callback returns false to stop the walk. Any callback may be NULL.
   `block_states` (when blocks were requested) holds `reserved` entries of hs_block_state_t,
   one per block in address order, valid only during the call. */
typedef struct hs_inspect_visitor_s {
  bool (*arena)(const hs_arena_info_t* arena, void* arg);
  bool (*segment)(const hs_segment_info_t* segment, void* arg);
  bool (*span)(const hs_segment_info_t* segment, const hs_span_info_t* span, void* arg);
  bool (*page)(const hs_segment_info_t* segment, const hs_page_info_t* page,
               const uint8_t* block_states, void* arg);
  bool (*heap)(const hs_heap_info_t* heap, void* arg);
} hs_inspect_visitor_t;

void hs_inspect(const hs_inspect_visitor_t* visitor, bool with_blocks, void* arg);

/* Inspect just the page holding address `p` (a block or page start), calling visitor->page once;
   returns false when `p` is in no live page. Cheap: for deltas after a single operation. */
bool hs_inspect_page(const void* p, const hs_inspect_visitor_t* visitor, bool with_blocks, void* arg);

/* Inspect the pages holding each of `count` addresses (sorted ascending) under one lock:
   visitor->page is called once per distinct page, in address order; `page_starts[i]` (when not
   NULL) receives the start of the page holding addresses[i], or 0. Returns the pages visited.
   The cost is that of the pages named, not of the heap: the agent's deltas use it. */
size_t hs_inspect_pages(const uintptr_t* addresses, size_t count, uintptr_t* page_starts,
                        const hs_inspect_visitor_t* visitor, bool with_blocks, void* arg);

/* Inspect the named segments only (visitor->segment and ->span, no pages): `found[i]` (when not
   NULL) says whether segments[i] is a live segment's address. Returns how many were. */
size_t hs_inspect_segments(const uintptr_t* segments, size_t count, bool* found,
                           const hs_inspect_visitor_t* visitor, void* arg);

/* Free-list order of one page (for drawing chains): writes up to `max` block indices of the
   given list (HS_BLOCK_FREE, _LOCAL_FREE, _THREAD_FREE or _DELAYED) in list order and returns
   the list's length. `page_start` is hs_page_info_t.page_start. */
size_t hs_inspect_list(uintptr_t page_start, hs_block_state_t list, uint32_t* out, size_t max);

/* ---------------------------------------------------------------------------------------------
   Validation: checks every invariant (page accounting, list membership, queue and owner
   consistency, span coverage, commit masks, arena bitmaps). Same calling rule as hs_inspect.
   Returns true when valid; otherwise writes the first violation into `msg`.
--------------------------------------------------------------------------------------------- */
bool hs_validate(char* msg, size_t msg_size);

#if defined(HS_OVERRIDE) && HS_OVERRIDE
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif
#endif /* HEAPSCOPE_H */
