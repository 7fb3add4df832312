/* Heapscope core: internal functions shared between the files of src/.
 *
 * The hot-path helpers are inline here; every other function is declared under the file that
 * defines it. A cross-file function belongs in this header, in its file's section.
 */
#ifndef HS_INTERNAL_H
#define HS_INTERNAL_H

#include "types.h"
#include <pthread.h>

/* ---------------------------------------------------------------------------------------------
   Compiler helpers
--------------------------------------------------------------------------------------------- */
#define hs_likely(x)     __builtin_expect(!!(x), 1)
#define hs_unlikely(x)   __builtin_expect(!!(x), 0)
#define hs_noinline      __attribute__((noinline))
#define hs_decl_thread   __thread __attribute__((tls_model("initial-exec")))
#define hs_attr_export   __attribute__((visibility("default")))

#define hs_atomic_load_relaxed(p)        atomic_load_explicit(p, memory_order_relaxed)
#define hs_atomic_load_acquire(p)        atomic_load_explicit(p, memory_order_acquire)
#define hs_atomic_store_relaxed(p, x)    atomic_store_explicit(p, x, memory_order_relaxed)
#define hs_atomic_store_release(p, x)    atomic_store_explicit(p, x, memory_order_release)
#define hs_atomic_cas_weak_release(p, expected, desired) \
  atomic_compare_exchange_weak_explicit(p, expected, desired, memory_order_release, memory_order_relaxed)
#define hs_atomic_cas_weak_acq_rel(p, expected, desired) \
  atomic_compare_exchange_weak_explicit(p, expected, desired, memory_order_acq_rel, memory_order_acquire)
#define hs_atomic_exchange_acq_rel(p, x) atomic_exchange_explicit(p, x, memory_order_acq_rel)

static inline size_t hs_align_up(size_t sz, size_t alignment) {
  return (sz + alignment - 1) & ~(alignment - 1);   /* alignment is a power of two */
}
static inline size_t hs_align_down(size_t sz, size_t alignment) {
  return sz & ~(alignment - 1);
}
static inline bool hs_is_power_of_two(size_t x) { return x != 0 && (x & (x - 1)) == 0; }
static inline size_t hs_wsize_from_size(size_t size) {
  return (size + sizeof(uintptr_t) - 1) / sizeof(uintptr_t);
}
static inline bool hs_mul_overflow(size_t count, size_t size, size_t* total) {
  return __builtin_mul_overflow(count, size, total);
}

/* The calling thread's id: the thread pointer, distinct for every live thread. Never 0. */
static inline uintptr_t _hs_thread_id(void) {
  return (uintptr_t)__builtin_thread_pointer();
}

/* The registries of live segments, heaps and threads (inspection, validation, statistics) are
   intrusive lists through each object's reg_next/reg_prev, changed under their registry's lock
   on slow paths only. */
#define hs_registry_push(head, item)                                                          \
  do {                                                                                        \
    (item)->reg_prev = NULL;                                                                  \
    (item)->reg_next = (head);                                                                \
    if ((head) != NULL) (head)->reg_prev = (item);                                            \
    (head) = (item);                                                                          \
  } while (0)
#define hs_registry_unlink(head, item)                                                        \
  do {                                                                                        \
    if ((item)->reg_prev != NULL) (item)->reg_prev->reg_next = (item)->reg_next;              \
    else (head) = (item)->reg_next;                                                           \
    if ((item)->reg_next != NULL) (item)->reg_next->reg_prev = (item)->reg_prev;              \
    (item)->reg_next = (item)->reg_prev = NULL;                                               \
  } while (0)

/* ---------------------------------------------------------------------------------------------
   Pointer -> segment -> page
--------------------------------------------------------------------------------------------- */
static inline hs_segment_t* _hs_ptr_segment(const void* p) {
  return (hs_segment_t*)((uintptr_t)p & ~HS_SEGMENT_MASK);
}

static inline hs_slice_t* hs_slice_first(const hs_slice_t* slice) {
  return (hs_slice_t*)((uint8_t*)slice - slice->slice_offset);
}

/* The page of a pointer inside a segment's block area. */
static inline hs_page_t* _hs_segment_page_of(const hs_segment_t* segment, const void* p) {
  size_t idx = ((uintptr_t)p - (uintptr_t)segment) >> HS_SEGMENT_SLICE_SHIFT;
  if (hs_unlikely(idx >= segment->slice_entries)) idx = segment->slice_entries - 1;
  return hs_slice_first(&segment->slices[idx]);
}

static inline hs_page_t* _hs_ptr_page(const void* p) {
  return _hs_segment_page_of(_hs_ptr_segment(p), p);
}

static inline hs_segment_t* _hs_page_segment(const hs_page_t* page) {
  return _hs_ptr_segment(page);   /* page structs live inside their segment */
}

static inline size_t hs_slice_index(const hs_slice_t* slice) {
  const hs_segment_t* segment = _hs_ptr_segment(slice);
  return (size_t)(slice - segment->slices);
}

/* Start of a slice's memory. */
static inline uint8_t* hs_slice_start(const hs_slice_t* slice) {
  const hs_segment_t* segment = _hs_ptr_segment(slice);
  return (uint8_t*)segment + (hs_slice_index(slice) * HS_SEGMENT_SLICE_SIZE);
}

/* ---------------------------------------------------------------------------------------------
   Pages
--------------------------------------------------------------------------------------------- */
static inline hs_heap_t* hs_page_heap(const hs_page_t* page) {
  return (hs_heap_t*)hs_atomic_load_relaxed(&((hs_page_t*)page)->xheap);
}
static inline size_t hs_page_block_size(const hs_page_t* page) { return page->block_size; }
static inline bool hs_page_immediate_available(const hs_page_t* page) { return page->free != NULL; }
static inline bool hs_page_all_free(const hs_page_t* page) { return page->used == 0; }
/* The flags byte is written only by the owner thread, but frees on other threads read it: so it
   is written whole with relaxed atomic stores and read with relaxed atomic loads (plain moves). */
static inline hs_page_flags_t hs_page_flags(const hs_page_t* page) {
  hs_page_flags_t flags;
  flags.full_aligned = __atomic_load_n(&page->flags.full_aligned, __ATOMIC_RELAXED);
  return flags;
}
static inline void hs_page_flags_store(hs_page_t* page, hs_page_flags_t flags) {
  __atomic_store_n(&page->flags.full_aligned, flags.full_aligned, __ATOMIC_RELAXED);
}
static inline bool hs_page_is_in_full(const hs_page_t* page) { return hs_page_flags(page).x.in_full; }
static inline bool hs_page_has_aligned(const hs_page_t* page) { return hs_page_flags(page).x.has_aligned; }
static inline bool hs_page_checks_free(const hs_page_t* page) { return hs_page_flags(page).x.check_free; }
static inline void hs_page_set_in_full(hs_page_t* page, bool in_full) {
  hs_page_flags_t flags = hs_page_flags(page);
  flags.x.in_full = in_full;
  hs_page_flags_store(page, flags);
}
static inline void hs_page_set_has_aligned(hs_page_t* page, bool has_aligned) {
  hs_page_flags_t flags = hs_page_flags(page);
  flags.x.has_aligned = has_aligned;
  hs_page_flags_store(page, flags);
}

/* xthread_free packs a block pointer with the delayed-free state in its low two bits. */
static inline hs_block_t* hs_tf_block(hs_thread_free_t tf) { return (hs_block_t*)(tf & ~(uintptr_t)3); }
static inline hs_delayed_t hs_tf_delayed(hs_thread_free_t tf) { return (hs_delayed_t)(tf & 3); }
static inline hs_thread_free_t hs_tf_make(const hs_block_t* block, hs_delayed_t delayed) {
  return (uintptr_t)block | (uintptr_t)delayed;
}
static inline hs_block_t* hs_page_thread_free(const hs_page_t* page) {
  return hs_tf_block(hs_atomic_load_relaxed(&((hs_page_t*)page)->xthread_free));
}
static inline hs_delayed_t hs_page_thread_free_flag(const hs_page_t* page) {
  return hs_tf_delayed(hs_atomic_load_relaxed(&((hs_page_t*)page)->xthread_free));
}

/* Free-list links, encoded when the page has keys (secure >= 3). The NULL sentinel is encoded
   too, so a zeroed word never decodes to an empty list by accident. */
static inline uintptr_t hs_rotl(uintptr_t x, uintptr_t shift) {
  shift %= 64;
  return (shift == 0 ? x : ((x << shift) | (x >> (64 - shift))));
}
static inline uintptr_t hs_rotr(uintptr_t x, uintptr_t shift) {
  shift %= 64;
  return (shift == 0 ? x : ((x >> shift) | (x << (64 - shift))));
}
static inline hs_encoded_t hs_ptr_encode(const void* null, const void* p, const uintptr_t* keys) {
  uintptr_t x = (uintptr_t)(p == NULL ? null : p);
  return hs_rotl(x ^ keys[1], keys[0]) + keys[0];
}
static inline void* hs_ptr_decode(const void* null, hs_encoded_t x, const uintptr_t* keys) {
  void* p = (void*)(hs_rotr(x - keys[0], keys[0]) ^ keys[1]);
  return (p == null ? NULL : p);
}

/* Raw next pointer; the caller checks the result lies in the page (secure mode). */
static inline hs_block_t* hs_block_nextx(const hs_page_t* page, const hs_block_t* block) {
  if (hs_likely(page->keys[0] == 0)) return (hs_block_t*)block->next;
  return (hs_block_t*)hs_ptr_decode(page, block->next, page->keys);
}
static inline void hs_block_set_nextx(const hs_page_t* page, hs_block_t* block, const hs_block_t* next) {
  if (hs_likely(page->keys[0] == 0)) block->next = (hs_encoded_t)next;
  else block->next = hs_ptr_encode(page, next, page->keys);
}

/* Next pointer with the secure check: a link outside the page reports a corrupted free list
   and ends the list (page.c). */
hs_block_t* _hs_block_next_checked(const hs_page_t* page, const hs_block_t* block);
static inline hs_block_t* hs_block_next(const hs_page_t* page, const hs_block_t* block) {
  if (hs_likely(page->keys[0] == 0)) return (hs_block_t*)block->next;
  return _hs_block_next_checked(page, block);
}
static inline void hs_block_set_next(const hs_page_t* page, hs_block_t* block, const hs_block_t* next) {
  hs_block_set_nextx(page, block, next);
}

static inline hs_page_kind_t hs_page_kind_of(const hs_page_t* page) {
  if (page->is_huge) return HS_PAGE_HUGE;
  if (page->block_size <= HS_SMALL_OBJ_SIZE_MAX && page->slice_count == 1) return HS_PAGE_SMALL;
  if (page->block_size <= HS_MEDIUM_OBJ_SIZE_MAX) return HS_PAGE_MEDIUM;
  return HS_PAGE_LARGE;
}

/* ---------------------------------------------------------------------------------------------
   Heaps and the thread's default heap
--------------------------------------------------------------------------------------------- */
extern const hs_heap_t _hs_heap_empty;          /* every thread starts on it: no free blocks   */
extern const hs_page_t _hs_page_empty;          /* its direct-table entries point here          */
extern hs_decl_thread hs_heap_t* _hs_heap_default;

static inline hs_heap_t* hs_heap_get_default_inline(void) { return _hs_heap_default; }
static inline bool hs_heap_is_initialized(const hs_heap_t* heap) { return heap != &_hs_heap_empty; }

static inline hs_page_t* _hs_heap_get_free_small_page(hs_heap_t* heap, size_t size) {
  const size_t idx = hs_wsize_from_size(size);
  return heap->pages_free_direct[idx];
}

/* ---------------------------------------------------------------------------------------------
   Events and errors (init.c)
--------------------------------------------------------------------------------------------- */
extern hs_event_fn* _hs_event_hook;
void _hs_event_emit(hs_event_kind_t kind, uintptr_t segment, uintptr_t page, uintptr_t address,
                    size_t size, size_t count);
#define hs_event(kind, segment, page, address, size, count)                                  \
  do {                                                                                        \
    if (hs_unlikely(_hs_event_hook != NULL))                                                  \
      _hs_event_emit(HS_EVENT_##kind, (uintptr_t)(segment), (uintptr_t)(page),               \
                     (uintptr_t)(address), (size_t)(size), (size_t)(count));                 \
  } while (0)

void _hs_error(int err, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
void _hs_warning(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void _hs_verbose(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

/* Process start: options from the environment, OS facts, random seed (init.c). */
void _hs_process_init(void);

/* ---------------------------------------------------------------------------------------------
   Statistics (stats.c): process-wide, atomic, slow paths only
--------------------------------------------------------------------------------------------- */
extern hs_stats_t _hs_stats;
void _hs_stat_amount_add(hs_stat_amount_t* stat, int64_t amount);   /* keeps the peak */
static inline void _hs_stat_counter_add(int64_t* counter, int64_t amount) {
  __atomic_fetch_add(counter, amount, __ATOMIC_RELAXED);
}
#define hs_stat_increase(name, amount)  _hs_stat_amount_add(&_hs_stats.name, (int64_t)(amount))
#define hs_stat_decrease(name, amount)  _hs_stat_amount_add(&_hs_stats.name, -(int64_t)(amount))
#define hs_stat_counter(name, amount)   _hs_stat_counter_add(&_hs_stats.name, (int64_t)(amount))
/* show_stats: process start keeps a copy of stderr (programs often close it before library
   destructors run); process exit prints the statistics there. */
void _hs_stats_process_start(void);
void _hs_stats_process_done(void);

/* ---------------------------------------------------------------------------------------------
   Options (options.c) and clock (clock.c)
--------------------------------------------------------------------------------------------- */
void _hs_options_init(void);   /* reads HEAPSCOPE_<NAME> from the environment */

/* A deadline `delay` ms after `t`, saturating at the end of time: a virtual clock may be
   advanced to the last millisecond it can hold, and a deadline past it is never reached. */
static inline hs_msecs_t _hs_clock_after(hs_msecs_t t, hs_msecs_t delay) {
  if (delay > 0 && t > INT64_MAX - delay) return INT64_MAX;
  return t + delay;
}

/* ---------------------------------------------------------------------------------------------
   OS layer (os.c): the only file that calls mmap/madvise/mprotect
--------------------------------------------------------------------------------------------- */
void   _hs_os_init(void);
size_t _hs_os_page_size(void);
bool   _hs_os_has_overcommit(void);
/* Reserve `size` bytes aligned to `alignment`; committed when `commit` (see os.c for when
   reserved memory is already read/write). */
void*  _hs_os_alloc_aligned(size_t size, size_t alignment, bool commit, bool* is_zero);
void   _hs_os_free(void* p, size_t size);   /* the whole range is committed */
void   _hs_os_free_ex(void* p, size_t size, size_t committed);   /* `committed` bytes of it are */
bool   _hs_os_commit(void* p, size_t size, bool* is_zero);
/* Make a partly committed range wholly read/write; counts only the size - committed_before
   bytes that were not committed yet. */
bool   _hs_os_commit_whole(void* p, size_t size, size_t committed_before);
bool   _hs_os_decommit(void* p, size_t size);
bool   _hs_os_reset(void* p, size_t size);
/* Decommit or reset, per purge_decommits; true when it decommitted (commit bits to clear). */
bool   _hs_os_purge(void* p, size_t size);
bool   _hs_os_protect(void* p, size_t size); /* guard page: no access */
bool   _hs_os_unprotect(void* p, size_t size);
/* Small committed blocks for metadata (thread data, heaps, arena headers): never from the
   core's own heaps, so inspection and RSS measurement stay honest. */
void*  _hs_os_alloc_meta(size_t size);
void   _hs_os_free_meta(void* p, size_t size);
uint64_t _hs_os_random_seed(void);
size_t _hs_os_rss(void);   /* resident set size of the process, bytes */

/* ---------------------------------------------------------------------------------------------
   The v3 page map (page-map.c): address -> page, one entry per 64 KiB slice
--------------------------------------------------------------------------------------------- */
/* Map every slice of [start, start+size) to `page`; both slice aligned. False (and nothing
   mapped) on a bad range or when the map cannot grow. */
bool   _hs_page_map_register(const void* start, size_t size, void* page);
void   _hs_page_map_unregister(const void* start, size_t size);
/* The page registered for the slice holding `p`, or NULL; lock-free, any thread. */
void*  _hs_page_map_lookup(const void* p);
size_t _hs_page_map_submap_count(void);   /* sub-maps made so far (each covers 512 MiB) */

/* ---------------------------------------------------------------------------------------------
   Arenas (arena.c)
--------------------------------------------------------------------------------------------- */
/* Memory for a segment: `size` a multiple of the segment size, aligned to the segment size. */
void*  _hs_arena_alloc_aligned(size_t size, bool commit, hs_memid_t* memid);
/* Return it; `committed` bytes of it may be committed (the arena schedules their purge). */
void   _hs_arena_free(void* p, size_t size, size_t committed, hs_memid_t memid);
void   _hs_arena_collect(bool force_purge);
/* Abandoned segments are marked in their arena's bitmap (or an OS-direct list). */
void   _hs_arena_segment_mark_abandoned(hs_segment_t* segment);
/* Claim the next abandoned segment for a reclaim visit; NULL when none is left. Visits go
   round-robin over arenas, starting where the last visit stopped. */
hs_segment_t* _hs_arena_segment_claim_abandoned(size_t* cursor);
/* Give back a claimed segment that was not reclaimed (it stays abandoned). */
void   _hs_arena_segment_unclaim_abandoned(hs_segment_t* segment);
/* Claim this particular abandoned segment (reclaim on free); false when someone else has it. */
bool   _hs_arena_segment_try_claim(hs_segment_t* segment);
size_t _hs_arena_abandoned_count(void);
/* fork(): hold the arena locks across it (taken after the registry locks, released before). */
void   _hs_arena_fork_lock(void);
void   _hs_arena_fork_unlock(void);
size_t _hs_arena_count(void);
bool   _hs_arena_info(size_t index, hs_arena_info_t* out);
/* Where a validator writes why it failed; one failure helper serves every validator. */
typedef struct hs_report_s {
  char*  msg;
  size_t size;
} hs_report_t;
/* Writes the message (printf-style) into the report and returns false, so a check ends with
   `return _hs_fail(r, ...)`. */
bool _hs_fail(hs_report_t* r, const char* fmt, ...) __attribute__((format(printf, 2, 3)));

/* The arena bitmaps and segment registry agree, and the reserved/committed statistics equal
   what arenas and segments hold (validate.c calls it, with the registries locked). */
bool   _hs_arena_validate(char* msg, size_t msg_size);

/* ---------------------------------------------------------------------------------------------
   Segments (segment.c)
--------------------------------------------------------------------------------------------- */
/* A fresh page for blocks of `block_size` (`page_alignment` > 0 only for huge aligned blocks),
   from the thread's free spans, a reclaimed abandoned segment, or a new segment. The page has
   its span fields, page_start, reserved-size facts and commit done; heap/blocks are set by the
   caller (page.c). NULL: out of memory, or an abandoned segment was reclaimed and one of its
   pages with this (small or medium) block size and a free block is now in `heap`'s queue; the
   caller retries its queue search once. */
hs_page_t* _hs_segment_page_alloc(hs_heap_t* heap, size_t block_size, size_t page_alignment,
                                  hs_segments_tld_t* tld);
/* Return an empty page's span to its segment (coalesce; purge later); frees the segment when
   it has no pages left. */
void _hs_segment_page_free(hs_page_t* page, bool force, hs_segments_tld_t* tld);
/* The page no longer belongs to a heap; when every page of its segment is abandoned, the
   segment is abandoned (its free spans leave the thread's span queues; owner becomes 0). */
void _hs_segment_page_abandon(hs_page_t* page, hs_segments_tld_t* tld);
/* Usable area of a page: start (after alignment offsets) and size in bytes. */
uint8_t* _hs_segment_page_start(const hs_segment_t* segment, const hs_page_t* page, size_t* page_size);
/* Run expired purges of this thread's segments, then of the arenas (force: all scheduled
   purges now). */
void _hs_segments_collect(bool force, hs_segments_tld_t* tld);
/* Reclaim-on-free: a free into an abandoned segment may take it over for `heap`. */
bool _hs_segment_attempt_reclaim(hs_heap_t* heap, hs_segment_t* segment);
/* Reclaim every abandoned segment into `heap` (collect with force). */
void _hs_abandoned_reclaim_all(hs_heap_t* heap, hs_segments_tld_t* tld);
/* Segment registry (all live segments), for inspection and validation. */
void          _hs_segment_registry_lock(void);
void          _hs_segment_registry_unlock(void);
hs_segment_t* _hs_segment_registry_first(void);   /* then segment->reg_next */
/* Structure of one segment: span coverage, span queue membership, commit masks. `check`, if
   given, is called on each page span found sound, so a caller checks pages in the same one walk
   of the spans; false from it stops the walk (it wrote why). Takes no lock: the caller holds the
   segment and heap registry locks, or knows threads are quiet. */
typedef bool hs_page_check_t(void* ctx, const hs_page_t* page);
bool _hs_segment_validate(const hs_segment_t* segment, hs_report_t* r, hs_page_check_t* check, void* ctx);
/* Does this address lie in a live segment? (registry lookup, slow) */
bool _hs_segment_is_valid_ptr(const void* p);
/* The value `segment->cookie` must hold (address mixed with a process-wide random key). */
uintptr_t _hs_segment_cookie(const hs_segment_t* segment);
/* Layout facts for readers of a segment (see segment.c's top comment):
   - slices[0] heads the meta span: slice_count = segment_info_slices, block_size 1, no page;
   - spans tile slices [segment_info_slices, slice_entries); slice_entries is 511 in secure
     mode, the last slice being a guard; a huge segment's one page span may run past 512;
   - interior slices of an in-use span: slice_count 0, block_size 1, slice_offset back. */

/* Between segment.c and segment-abandon.c (arena.c's accounting check uses the two sizes). */
typedef enum hs_reclaim_result_e {
  HS_RECLAIMED_NONE,   /* nothing reclaimed that serves the request                        */
  HS_RECLAIMED_SPAN,   /* a reclaimed segment has a free span that fits: search spans again */
  HS_RECLAIMED_PAGE    /* a reclaimed page of the block size is in the heap: search queues  */
} hs_reclaim_result_t;
hs_reclaim_result_t _hs_segment_try_reclaim(hs_heap_t* heap, size_t needed_slices, size_t block_size,
                                            hs_segments_tld_t* tld);
void        _hs_segment_abandon(hs_segment_t* segment, hs_segments_tld_t* tld);
void        _hs_segment_free(hs_segment_t* segment, hs_segments_tld_t* tld);
hs_slice_t* _hs_segment_page_clear(hs_page_t* page, hs_segments_tld_t* tld);   /* -> merged free span */
bool        _hs_segment_is_owned(const hs_segment_t* segment);
size_t      _hs_segment_alloc_size(const hs_segment_t* segment);       /* bytes taken from arena/OS */
size_t      _hs_segment_committed_bytes(const hs_segment_t* segment);  /* of those, committed */
void        _hs_segment_span_enqueue(hs_slice_t* slice, hs_segments_tld_t* tld);
void        _hs_segment_span_dequeue(hs_slice_t* slice, hs_segments_tld_t* tld);   /* if queued */
void        _hs_segment_spans_dequeue_all(hs_segment_t* segment, hs_segments_tld_t* tld);
void        _hs_segment_try_purge(hs_segment_t* segment, bool force);
void        _hs_segment_purge_free_spans(hs_segment_t* segment);
void        _hs_segments_track_add(hs_segment_t* segment, hs_segments_tld_t* tld);
void        _hs_segments_track_remove(hs_segment_t* segment, hs_segments_tld_t* tld);

/* ---------------------------------------------------------------------------------------------
   Page queues (page-queue.c)
--------------------------------------------------------------------------------------------- */
size_t           _hs_bin(size_t size);            /* size bin of a request, 1..73 */
size_t           _hs_bin_size(size_t bin);        /* block size of a bin          */
hs_page_queue_t* _hs_page_queue(const hs_heap_t* heap, size_t size);
hs_page_queue_t* _hs_heap_page_queue_of(hs_heap_t* heap, const hs_page_t* page);
void _hs_page_queue_push(hs_heap_t* heap, hs_page_queue_t* pq, hs_page_t* page);
void _hs_page_queue_remove(hs_page_queue_t* queue, hs_page_t* page);
void _hs_page_queue_enqueue_from(hs_page_queue_t* to, hs_page_queue_t* from, hs_page_t* page);
size_t _hs_page_queue_append(hs_heap_t* heap, hs_page_queue_t* pq, hs_page_queue_t* append);
bool _hs_page_queue_is_full(const hs_page_queue_t* pq);
bool _hs_page_queue_is_huge(const hs_page_queue_t* pq);

/* ---------------------------------------------------------------------------------------------
   Pages (page.c)
--------------------------------------------------------------------------------------------- */
void* _hs_malloc_generic(hs_heap_t* heap, size_t size, bool zero, size_t huge_alignment) hs_noinline;
void  _hs_page_free_collect(hs_page_t* page, bool force);  /* thread_free -> local_free -> free */
void  _hs_page_reclaim(hs_heap_t* heap, hs_page_t* page);  /* put a reclaimed page in its queue */
void  _hs_page_unfull(hs_page_t* page);
void  _hs_page_retire(hs_page_t* page);
void  _hs_page_free(hs_page_t* page, hs_page_queue_t* pq, bool force);
void  _hs_page_abandon(hs_page_t* page, hs_page_queue_t* pq);
void  _hs_page_use_delayed_free(hs_page_t* page, hs_delayed_t delay, bool override_never);
bool  _hs_page_try_use_delayed_free(hs_page_t* page, hs_delayed_t delay, bool override_never);
void  _hs_heap_collect_retired(hs_heap_t* heap, bool force);
size_t _hs_page_list_length(const hs_page_t* page, const hs_block_t* list);
/* Does `p` point at a block boundary inside the page's block area? */
static inline bool hs_page_is_block_address(const hs_page_t* page, const void* p) {
  const uintptr_t start = (uintptr_t)page->page_start;
  const uintptr_t x = (uintptr_t)p;
  if (page->block_size == 0 || x < start || x >= start + (uintptr_t)page->reserved * page->block_size) return false;
  return ((x - start) % page->block_size) == 0;
}

/* ---------------------------------------------------------------------------------------------
   Allocation (alloc.c)
--------------------------------------------------------------------------------------------- */
void* _hs_page_malloc(hs_heap_t* heap, hs_page_t* page, size_t size, bool zero);
void* _hs_heap_malloc_zero(hs_heap_t* heap, size_t size, bool zero);
void* _hs_heap_malloc_aligned(hs_heap_t* heap, size_t size, size_t alignment, bool zero);

/* ---------------------------------------------------------------------------------------------
   Free (free.c)
--------------------------------------------------------------------------------------------- */
void _hs_free_delayed_block(hs_block_t* block);   /* from the heap's delayed list; may be refused */
bool _hs_free_delayed_block_try(hs_block_t* block);
/* Interior pointer of an over-aligned allocation -> its block start. */
hs_block_t* _hs_page_ptr_unalign(const hs_page_t* page, const void* p);
/* Secure mode: is `block` already on one of the page's lists? Reports and returns true. */
bool _hs_check_double_free(const hs_page_t* page, const hs_block_t* block);

/* ---------------------------------------------------------------------------------------------
   Heaps and threads (heap.c, init.c)
--------------------------------------------------------------------------------------------- */
void  _hs_heap_init(hs_heap_t* heap, hs_tld_t* tld, bool no_reclaim);
bool  _hs_heap_delayed_free_partial(hs_heap_t* heap);   /* true when the list was emptied */
void  _hs_heap_delayed_free_all(hs_heap_t* heap);
void  _hs_heap_collect_abandon(hs_heap_t* heap);        /* thread exit: abandon every page */
void  _hs_heap_set_default_direct(hs_heap_t* heap);
/* Registry of all live heaps (inspection, validation, stats). */
void       _hs_heap_registry_lock(void);
void       _hs_heap_registry_unlock(void);
hs_heap_t* _hs_heap_registry_first(void);               /* then heap->reg_next */
void       _hs_heap_registry_remove(hs_heap_t* heap);   /* a heap going away */
bool       _hs_heap_is_default(const hs_heap_t* heap);  /* its thread's current default */

hs_tld_t* _hs_thread_tld(void);     /* initialises the thread when needed */
void      _hs_thread_init(void);    /* first allocation of a thread */
/* Registry of all live threads' data (inspection), under its own lock. */
void      _hs_thread_registry_lock(void);
void      _hs_thread_registry_unlock(void);
hs_tld_t* _hs_thread_registry_first(void);             /* then tld->reg_next */
/* A heap's delayed list links each block through its first word, encoded with the keys of the
   block's own page (hs_block_set_nextx / hs_block_nextx). */

/* ---------------------------------------------------------------------------------------------
   Randomness (random.c)
--------------------------------------------------------------------------------------------- */
void     _hs_random_init(hs_random_ctx_t* ctx);
uint64_t _hs_random_next(hs_random_ctx_t* ctx);
uintptr_t _hs_heap_random_next(hs_heap_t* heap);

/* ---------------------------------------------------------------------------------------------
   Inspection helpers shared with the validator (inspect.c). All of them run under
   _hs_inspect_lock (which takes the segment, then the heap registry lock) and read only.
--------------------------------------------------------------------------------------------- */
bool   _hs_inspect_lock(void);     /* false when this thread already holds it (nested) */
void   _hs_inspect_unlock(void);
/* Scratch memory per slot (0..3 inspect.c, 4..7 validate.c) from _hs_os_alloc_meta, kept
   between calls; grows keeping its contents. NULL when the OS refuses. */
void*  _hs_inspect_scratch(size_t slot, size_t size);
/* In-place sort of `n` records of `width` words (no C library: qsort may call malloc). */
void   _hs_inspect_sort(uintptr_t* records, size_t n, size_t width);
/* Snapshot the segment and heap registries as sorted address sets. */
bool   _hs_inspect_gather_registries(void);
size_t _hs_inspect_segments(const uintptr_t** set);
size_t _hs_inspect_heaps(const uintptr_t** set);
const hs_segment_t* _hs_inspect_segment_of(uintptr_t p);   /* live segment containing p */
bool   _hs_inspect_is_heap(uintptr_t heap);
/* The live page of which `p` is the start of an extended block, or NULL. */
const hs_page_t* _hs_inspect_page_of_block(uintptr_t p);
/* Walk a page list from `head` (at most capacity links, each checked to be an extended block
   start of `page`); block indices go to out[0..max). *bad = the offending link, or 0. */
size_t _hs_inspect_page_list(const hs_page_t* page, const hs_block_t* head, uint32_t* out,
                             size_t max, uintptr_t* bad);
/* Gather all heaps' delayed-free lists as sorted (block, heap) pairs; false (and msg when
   given) on a link that is not a live block, a cycle, or a block on two lists. */
bool   _hs_inspect_gather_delayed(char* msg, size_t msg_size);
size_t _hs_inspect_delayed_range(uintptr_t lo, uintptr_t hi, const uintptr_t** pairs);
size_t _hs_inspect_delayed_of_heap(uintptr_t heap);
int    _hs_inspect_page_bin(const hs_page_t* page);   /* its queue's bin (74 when in_full) */

#endif /* HS_INTERNAL_H */
