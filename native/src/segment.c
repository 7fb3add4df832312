/* Segments: 32 MiB of address space, aligned to 32 MiB, cut into 512 slices of 64 KiB.
 *
 * Layout of a normal segment (secure >= 1 adds the two guard pages):
 *
 *   slice 0 .. info_slices-1     this struct (the `slices` array describes every slice),
 *                                ending with a guard page in secure mode: the "meta span"
 *   slice info_slices .. end-1   spans: runs of slices, each a page in use or free
 *   slice 511 (secure only)      guard slice: its last OS page is protected; never a span
 *
 * `slice_entries` is the end of the spans (512, or 511 with the guard slice). A span's first
 * slice holds `slice_count`; its following slices hold `slice_offset` (bytes back to the
 * first) so a pointer anywhere in a page finds it. A free span has block_size == 0 on its
 * first slice and the back offset on its last, which is all coalescing needs. The meta span
 * has block_size 1 on slice 0 so it never looks free. A huge segment holds one page whose span
 * may be longer than the 512 entries; every entry after its first points back to it.
 *
 * Free spans of the segments a thread owns sit in the thread's span queues, binned by slice
 * count; a page is carved from the first span that fits, searching upward from its bin.
 * A free span in no queue has next == prev == NULL, which makes "is it queued?" a constant-time
 * question (coalescing and reclaim rely on that).
 *
 * Commit and purge are tracked per slice in `commit_mask` and `purge_mask`. Every in-use span
 * is fully committed; a freed span's committed slices are scheduled for purging after
 * purge_delay ms. An uncommitted slice always reads back as zeros (it is fresh, or was
 * decommitted with MADV_DONTNEED), which is how a page learns it starts zeroed.
 *
 * Events emitted here, as (segment, page, address, size, count):
 *   SEGMENT_ALLOC, SEGMENT_FREED          segment, 0, segment, segment_size, usable slices / 0
 *   SEGMENT_ABANDONED, SEGMENT_RECLAIMED  segment, 0, segment, segment_size, pages in use
 *   PAGE_ALLOC                            segment, first block, span start, block size, slices
 *   PAGE_FREED                            segment, first block, span start, span bytes, slices
 *   COMMIT, PURGE                         segment, 0, range start, range bytes, 0
 * (arena.c: ARENA_RESERVED is 0, 0, arena start, bytes, blocks; its COMMIT and PURGE name the
 * arena blocks, with the segment address when a segment is being set up, else 0.)
 *
 * Abandonment and reclaim live in segment-abandon.c.
 */
#include "internal.h"

#include <errno.h>
#include <string.h>

/* ---------------------------------------------------------------------------------------------
   The registry of live segments (inspection, validation, statistics, hs_is_in_heap_region)
--------------------------------------------------------------------------------------------- */
static pthread_mutex_t hs_segment_registry_mutex = PTHREAD_MUTEX_INITIALIZER;
static hs_segment_t*   hs_segment_registry_head;
static _Atomic(uint64_t) hs_segment_serial;

void _hs_segment_registry_lock(void)   { pthread_mutex_lock(&hs_segment_registry_mutex); }
void _hs_segment_registry_unlock(void) { pthread_mutex_unlock(&hs_segment_registry_mutex); }
hs_segment_t* _hs_segment_registry_first(void) { return hs_segment_registry_head; }

static void hs_segment_register(hs_segment_t* segment) {
  _hs_segment_registry_lock();
  hs_registry_push(hs_segment_registry_head, segment);
  _hs_segment_registry_unlock();
}

static void hs_segment_unregister(hs_segment_t* segment) {
  _hs_segment_registry_lock();
  hs_registry_unlink(hs_segment_registry_head, segment);
  _hs_segment_registry_unlock();
}

bool _hs_segment_is_valid_ptr(const void* p) {
  const uintptr_t a = (uintptr_t)p;
  bool found = false;
  _hs_segment_registry_lock();
  for (const hs_segment_t* s = hs_segment_registry_head; s != NULL && !found; s = s->reg_next) {
    found = (a >= (uintptr_t)s && a < (uintptr_t)s + s->segment_size);
  }
  _hs_segment_registry_unlock();
  return found;
}

hs_attr_export bool hs_is_in_heap_region(const void* p) {
  return p != NULL && _hs_segment_is_valid_ptr(p);
}

/* A process-wide random key makes a segment's cookie unguessable from its address. */
static _Atomic(uintptr_t) hs_segment_cookie_key;

uintptr_t _hs_segment_cookie(const hs_segment_t* segment) {
  uintptr_t key = atomic_load_explicit(&hs_segment_cookie_key, memory_order_relaxed);
  if (hs_unlikely(key == 0)) {
    uintptr_t fresh = (uintptr_t)_hs_os_random_seed() | 1;
    if (!atomic_compare_exchange_strong_explicit(&hs_segment_cookie_key, &key, fresh,
                                                 memory_order_relaxed, memory_order_relaxed)) {
      fresh = key;   /* another thread set it first */
    }
    key = fresh;
  }
  return (uintptr_t)segment ^ key;
}

/* ---------------------------------------------------------------------------------------------
   Geometry
--------------------------------------------------------------------------------------------- */
static size_t hs_segment_info_slices_for(uint8_t secure) {
  const size_t os_page = _hs_os_page_size();
  size_t bytes = hs_align_up(sizeof(hs_segment_t), os_page);
  if (secure >= 1) bytes += os_page;   /* guard page after the struct */
  return (bytes + HS_SEGMENT_SLICE_SIZE - 1) / HS_SEGMENT_SLICE_SIZE;
}

static size_t hs_segment_guard_slices(const hs_segment_t* segment) {
  return (segment->secure >= 1 ? 1 : 0);
}

/* One past the last slice covered by spans. */
static size_t hs_segment_spans_end(const hs_segment_t* segment) {
  return segment->segment_slices - hs_segment_guard_slices(segment);
}

size_t _hs_segment_alloc_size(const hs_segment_t* segment) {
  return hs_align_up(segment->segment_size, HS_SEGMENT_SIZE);
}

static uint8_t* hs_segment_slice_address(const hs_segment_t* segment, size_t idx) {
  return (uint8_t*)segment + idx * HS_SEGMENT_SLICE_SIZE;
}

bool _hs_segment_is_owned(const hs_segment_t* segment) {
  return hs_atomic_load_relaxed(&((hs_segment_t*)segment)->thread_id) != 0;
}

/* Span queue bin of a slice count: 1..8 exact, then four bins per power of two. */
static size_t hs_slice_bin(size_t slice_count) {
  if (slice_count <= 1) return slice_count;
  const size_t c = slice_count - 1;
  const size_t b = (size_t)(63 - __builtin_clzll((unsigned long long)c));
  if (b <= 2) return slice_count;
  return ((b << 2) | ((c >> (b - 2)) & 3)) - 4;
}

_Static_assert(HS_SLICES_PER_SEGMENT <= 1024, "span bins cover at most 1024 slices");

/* ---------------------------------------------------------------------------------------------
   Commit and purge masks: one bit per slice, ranges clipped to the 512 entries
--------------------------------------------------------------------------------------------- */
static void hs_mask_range_step(size_t* idx, size_t* left, size_t* word, uint64_t* mask) {
  const size_t bit = *idx % 64;
  size_t n = 64 - bit;
  if (n > *left) n = *left;
  *word = *idx / 64;
  *mask = (n == 64 ? ~(uint64_t)0 : (((uint64_t)1 << n) - 1) << bit);
  *idx += n;
  *left -= n;
}

static void hs_mask_clip(size_t* idx, size_t* count) {
  if (*idx >= HS_COMMIT_MASK_BITS) { *count = 0; return; }
  if (*idx + *count > HS_COMMIT_MASK_BITS) *count = HS_COMMIT_MASK_BITS - *idx;
}

static void hs_mask_set(hs_commit_mask_t* m, size_t idx, size_t count) {
  size_t word; uint64_t mask;
  hs_mask_clip(&idx, &count);
  while (count > 0) { hs_mask_range_step(&idx, &count, &word, &mask); m->mask[word] |= mask; }
}

static void hs_mask_clear(hs_commit_mask_t* m, size_t idx, size_t count) {
  size_t word; uint64_t mask;
  hs_mask_clip(&idx, &count);
  while (count > 0) { hs_mask_range_step(&idx, &count, &word, &mask); m->mask[word] &= ~mask; }
}

static bool hs_mask_is_set(const hs_commit_mask_t* m, size_t idx) {
  return idx < HS_COMMIT_MASK_BITS && ((m->mask[idx / 64] >> (idx % 64)) & 1) != 0;
}

/* dst |= src & [idx, idx+count) */
static void hs_mask_or_range_of(hs_commit_mask_t* dst, const hs_commit_mask_t* src, size_t idx, size_t count) {
  size_t word; uint64_t mask;
  hs_mask_clip(&idx, &count);
  while (count > 0) { hs_mask_range_step(&idx, &count, &word, &mask); dst->mask[word] |= (src->mask[word] & mask); }
}

static bool hs_mask_is_empty(const hs_commit_mask_t* m) {
  for (size_t i = 0; i < HS_COMMIT_MASK_FIELD_COUNT; i++) if (m->mask[i] != 0) return false;
  return true;
}

static size_t hs_mask_count(const hs_commit_mask_t* m) {
  size_t n = 0;
  for (size_t i = 0; i < HS_COMMIT_MASK_FIELD_COUNT; i++) n += (size_t)__builtin_popcountll(m->mask[i]);
  return n;
}

/* The next run of set bits at or after `*idx`: its start and length (0 when none). */
static size_t hs_mask_next_run(const hs_commit_mask_t* m, size_t* idx) {
  size_t i = *idx;
  while (i < HS_COMMIT_MASK_BITS && !hs_mask_is_set(m, i)) i++;
  size_t end = i;
  while (end < HS_COMMIT_MASK_BITS && hs_mask_is_set(m, end)) end++;
  *idx = i;
  return end - i;
}

/* ---------------------------------------------------------------------------------------------
   Span queues (per thread)
--------------------------------------------------------------------------------------------- */
static hs_span_queue_t* hs_span_queue_for(size_t slice_count, hs_segments_tld_t* tld) {
  return &tld->spans[hs_slice_bin(slice_count)];
}

static void hs_span_queue_push(hs_span_queue_t* sq, hs_slice_t* slice) {
  /* At the front: the most recently freed span is reused first while it is still warm. */
  slice->prev = NULL;
  slice->next = sq->first;
  if (sq->first != NULL) sq->first->prev = slice;
  else sq->last = slice;
  sq->first = slice;
  if (slice->slice_count > sq->slice_count) sq->slice_count = slice->slice_count;
}

static void hs_span_queue_delete(hs_span_queue_t* sq, hs_slice_t* slice) {
  if (slice->prev != NULL) slice->prev->next = slice->next;
  if (slice->next != NULL) slice->next->prev = slice->prev;
  if (sq->first == slice) sq->first = slice->next;
  if (sq->last == slice) sq->last = slice->prev;
  slice->next = slice->prev = NULL;
}

static bool hs_span_is_queued(const hs_slice_t* slice, hs_segments_tld_t* tld) {
  return slice->prev != NULL || hs_span_queue_for(slice->slice_count, tld)->first == slice;
}

void _hs_segment_span_dequeue(hs_slice_t* slice, hs_segments_tld_t* tld) {
  if (hs_span_is_queued(slice, tld)) hs_span_queue_delete(hs_span_queue_for(slice->slice_count, tld), slice);
}

void _hs_segment_span_enqueue(hs_slice_t* slice, hs_segments_tld_t* tld) {
  hs_span_queue_push(hs_span_queue_for(slice->slice_count, tld), slice);
}

/* Takes every free span of the segment out of the queues (it is being freed or abandoned). */
void _hs_segment_spans_dequeue_all(hs_segment_t* segment, hs_segments_tld_t* tld) {
  for (size_t i = segment->segment_info_slices; i < segment->slice_entries;) {
    hs_slice_t* slice = &segment->slices[i];
    if (slice->block_size == 0) _hs_segment_span_dequeue(slice, tld);
    i += (slice->slice_count > 0 ? slice->slice_count : 1);
  }
}

/* ---------------------------------------------------------------------------------------------
   Purging (see the top comment). Deadlines read hs_clock_now, so a virtual clock drives them.
--------------------------------------------------------------------------------------------- */

/* Purges every slice in the purge mask now. */
static void hs_segment_purge_now(hs_segment_t* segment) {
  size_t idx = 0, run;
  while ((run = hs_mask_next_run(&segment->purge_mask, &idx)) > 0) {
    uint8_t* p = hs_segment_slice_address(segment, idx);
    const size_t size = run * HS_SEGMENT_SLICE_SIZE;
    if (_hs_os_purge(p, size)) hs_mask_clear(&segment->commit_mask, idx, run);
    hs_event(PURGE, segment, 0, p, size, 0);
    idx += run;
  }
  memset(&segment->purge_mask, 0, sizeof(segment->purge_mask));
  segment->purge_expire = 0;
}

void _hs_segment_try_purge(hs_segment_t* segment, bool force) {
  if (segment->purge_expire == 0) return;
  if (!force && hs_clock_now() < segment->purge_expire) return;
  hs_segment_purge_now(segment);
}

/* The committed slices of a freed span join the purge mask. An overdue deadline is honoured
   first (so a stream of frees cannot postpone it forever); a pending one moves out by
   purge_extend_delay, since more frees usually follow. */
static void hs_segment_schedule_purge(hs_segment_t* segment, size_t idx, size_t count) {
  if (!segment->allow_purge) return;
  const long delay = hs_option_get(hs_option_purge_delay);
  if (delay < 0) return;
  const hs_msecs_t now = (delay == 0 ? 0 : hs_clock_now());
  if (delay > 0 && segment->purge_expire != 0 && segment->purge_expire <= now) hs_segment_purge_now(segment);
  hs_mask_or_range_of(&segment->purge_mask, &segment->commit_mask, idx, count);
  if (hs_mask_is_empty(&segment->purge_mask)) return;
  if (delay == 0) {
    hs_segment_purge_now(segment);
  } else if (segment->purge_expire == 0) {
    segment->purge_expire = _hs_clock_after(now, delay);
  } else {
    segment->purge_expire = _hs_clock_after(segment->purge_expire, hs_option_get(hs_option_purge_extend_delay));
  }
}

/* Purge the committed parts of every free span now (abandoning with abandoned_page_purge). */
void _hs_segment_purge_free_spans(hs_segment_t* segment) {
  if (!segment->allow_purge) return;
  size_t i = segment->segment_info_slices;
  while (i < segment->slice_entries) {
    const hs_slice_t* slice = &segment->slices[i];
    if (slice->block_size == 0) {
      hs_mask_or_range_of(&segment->purge_mask, &segment->commit_mask, i, slice->slice_count);
    }
    i += slice->slice_count;
  }
  hs_segment_purge_now(segment);
}

static void hs_segment_unschedule_purge(hs_segment_t* segment, size_t idx, size_t count) {
  hs_mask_clear(&segment->purge_mask, idx, count);
  if (hs_mask_is_empty(&segment->purge_mask)) segment->purge_expire = 0;
}

/* ---------------------------------------------------------------------------------------------
   Commit
--------------------------------------------------------------------------------------------- */

/* Commits the uncommitted slices of a span; `*fresh` tells whether none was committed before
   (then the whole span reads as zeros). */
static bool hs_segment_commit_span(hs_segment_t* segment, size_t idx, size_t count, bool* fresh) {
  *fresh = true;
  size_t i = idx;
  const size_t end = idx + count;
  while (i < end) {
    if (hs_mask_is_set(&segment->commit_mask, i)) { *fresh = false; i++; continue; }
    size_t run = 1;
    while (i + run < end && !hs_mask_is_set(&segment->commit_mask, i + run)) run++;
    uint8_t* p = hs_segment_slice_address(segment, i);
    if (!_hs_os_commit(p, run * HS_SEGMENT_SLICE_SIZE, NULL)) return false;
    hs_mask_set(&segment->commit_mask, i, run);
    hs_event(COMMIT, segment, 0, p, run * HS_SEGMENT_SLICE_SIZE, 0);
    i += run;
  }
  return true;
}

/* ---------------------------------------------------------------------------------------------
   Spans
--------------------------------------------------------------------------------------------- */

/* Every field back to "nothing": the page layer starts from a clean slice. */
static void hs_slice_clear(hs_slice_t* slice) {
  slice->slice_count = 0;
  slice->slice_offset = 0;
  slice->is_committed = 0;
  slice->is_zero_init = 0;
  slice->is_huge = 0;
  slice->secure = 0;
  slice->capacity = 0;
  slice->reserved = 0;
  slice->flags.full_aligned = 0;
  slice->free_is_zero = 0;
  slice->retire_expire = 0;
  slice->used = 0;
  slice->free = NULL;
  slice->local_free = NULL;
  slice->block_size = 0;
  slice->page_start = NULL;
  slice->keys[0] = slice->keys[1] = 0;
  hs_atomic_store_relaxed(&slice->xthread_free, (hs_thread_free_t)0);
  hs_atomic_store_relaxed(&slice->xheap, (uintptr_t)0);
  slice->next = slice->prev = NULL;
}

/* The last slice entry of a span (a huge span may run past the entries). */
static hs_slice_t* hs_span_last_entry(hs_segment_t* segment, size_t idx, size_t count) {
  size_t last = idx + count - 1;
  if (last >= segment->slice_entries) last = segment->slice_entries - 1;
  return &segment->slices[last];
}

/* Makes [idx, idx+count) one free span, queued when the segment has an owner. `is_zero`: the
   span's memory is known to read as zeros (only a fresh segment's first span, or a split of
   such a span). */
static hs_slice_t* hs_segment_span_free(hs_segment_t* segment, size_t idx, size_t count, bool is_zero,
                                        hs_segments_tld_t* tld) {
  hs_slice_t* first = &segment->slices[idx];
  hs_slice_clear(first);
  first->slice_count = (uint32_t)count;
  first->is_zero_init = is_zero;
  hs_slice_t* last = hs_span_last_entry(segment, idx, count);
  if (last != first) {
    last->slice_offset = (uint32_t)((size_t)(last - first) * sizeof(hs_slice_t));
    last->slice_count = 0;
    last->block_size = 0;
  }
  if (_hs_segment_is_owned(segment) && segment->kind == HS_SEGMENT_NORMAL) _hs_segment_span_enqueue(first, tld);
  return first;
}

/* Frees the span of `slice` and merges it with free neighbours (taking them out of the span
   queue first). Returns the merged span's first slice. */
static hs_slice_t* hs_segment_span_free_coalesce(hs_segment_t* segment, hs_slice_t* slice, hs_segments_tld_t* tld) {
  size_t idx = hs_slice_index(slice);
  size_t count = slice->slice_count;
  if (idx + count < segment->slice_entries) {
    hs_slice_t* next = &segment->slices[idx + count];
    if (next->block_size == 0) {
      _hs_segment_span_dequeue(next, tld);
      count += next->slice_count;
    }
  }
  if (idx > segment->segment_info_slices) {
    hs_slice_t* prev = hs_slice_first(&segment->slices[idx - 1]);
    if (prev->block_size == 0) {
      _hs_segment_span_dequeue(prev, tld);
      count += prev->slice_count;
      idx = hs_slice_index(prev);
    }
  }
  return hs_segment_span_free(segment, idx, count, false, tld);
}

/* Every entry after a span's first points back to it (at most 255 for a normal page, whose
   span is at most 16 MiB; up to the last entry for a huge page). */
static void hs_span_set_back_offsets(hs_segment_t* segment, size_t idx, size_t count) {
  hs_slice_t* first = &segment->slices[idx];
  const hs_slice_t* last = hs_span_last_entry(segment, idx, count);
  for (hs_slice_t* s = first + 1; s <= last; s++) {
    s->slice_offset = (uint32_t)((size_t)(s - first) * sizeof(hs_slice_t));
    s->slice_count = 0;
    s->block_size = 1;   /* never mistaken for the first slice of a free span */
  }
}

/* Offset of the first block in a span: small and medium pages start at a multiple of the
   block size (so blocks keep their natural alignment), shifted by a few blocks for small sizes
   so pages of different segments do not all map to the same cache sets. */
static size_t hs_page_start_offset(const uint8_t* span_start, size_t block_size, size_t page_alignment) {
  if (page_alignment > 0) return hs_align_up((uintptr_t)span_start, page_alignment) - (uintptr_t)span_start;
  if (block_size == 0 || block_size > HS_MEDIUM_OBJ_SIZE_MAX) return 0;
  size_t offset = (block_size - (uintptr_t)span_start % block_size) % block_size;
  if (block_size <= 64) offset += 3 * block_size;
  else if (block_size <= 512) offset += block_size;
  return offset;
}

uint8_t* _hs_segment_page_start(const hs_segment_t* segment, const hs_page_t* page, size_t* page_size) {
  const size_t idx = hs_slice_index(page);
  uint8_t* const span_start = hs_segment_slice_address(segment, idx);
  uint8_t* const span_end = hs_segment_slice_address(segment, idx + page->slice_count);
  uint8_t* start = page->page_start;
  if (start == NULL) start = span_start + hs_page_start_offset(span_start, page->block_size, 0);
  if (page_size != NULL) *page_size = (size_t)(span_end - start);
  return start;
}

/* Turns [idx, idx+count) into a page for `block_size`: commits it, sets the span fields and
   the first block's address. NULL when the commit fails (the span is left as it was). */
static hs_page_t* hs_segment_span_allocate(hs_segment_t* segment, size_t idx, size_t count, size_t block_size,
                                           size_t page_alignment, bool was_zero) {
  bool fresh = false;
  if (segment->kind == HS_SEGMENT_NORMAL) {
    if (!hs_segment_commit_span(segment, idx, count, &fresh)) return NULL;
    hs_segment_unschedule_purge(segment, idx, count);
  }
  hs_page_t* page = &segment->slices[idx];
  hs_slice_clear(page);
  page->slice_count = (uint32_t)count;
  page->block_size = block_size;
  page->is_committed = 1;
  page->is_huge = (segment->kind == HS_SEGMENT_HUGE);
  page->is_zero_init = (was_zero || fresh);
  hs_span_set_back_offsets(segment, idx, count);
  uint8_t* span_start = hs_segment_slice_address(segment, idx);
  page->page_start = span_start + hs_page_start_offset(span_start, block_size, page_alignment);

  segment->used++;
  hs_stat_increase(pages, 1);
  hs_event(PAGE_ALLOC, segment, page->page_start, span_start, block_size, count);
  return page;
}

/* ---------------------------------------------------------------------------------------------
   Per-thread segment accounting
--------------------------------------------------------------------------------------------- */
void _hs_segments_track_add(hs_segment_t* segment, hs_segments_tld_t* tld) {
  tld->count++;
  if (tld->count > tld->peak_count) tld->peak_count = tld->count;
  tld->current_size += segment->segment_size;
  if (tld->current_size > tld->peak_size) tld->peak_size = tld->current_size;
  if (segment->reclaimed_by == _hs_thread_id()) tld->reclaim_count++;
}

/* The owner gives the segment up (free or abandon). A segment it reclaimed stops counting
   toward its reclaim limit. */
void _hs_segments_track_remove(hs_segment_t* segment, hs_segments_tld_t* tld) {
  tld->count--;
  tld->current_size -= segment->segment_size;
  if (segment->reclaimed_by != 0 && segment->reclaimed_by == hs_atomic_load_relaxed(&segment->thread_id) &&
      tld->reclaim_count > 0) {
    tld->reclaim_count--;
  }
}

/* ---------------------------------------------------------------------------------------------
   Segment allocation
--------------------------------------------------------------------------------------------- */
typedef struct hs_segment_shape_s {
  uint8_t secure;
  size_t  info_slices;
  size_t  segment_slices;   /* including the guard slice                         */
} hs_segment_shape_t;

/* Normal: `required` 0. Huge: the block (at `page_alignment` when > 0) after the info slices,
   rounded up to whole slices, plus the guard slice in secure mode. */
static hs_segment_shape_t hs_segment_shape(size_t required, size_t page_alignment) {
  hs_segment_shape_t shape;
  const long secure = hs_option_get(hs_option_secure);
  shape.secure = (uint8_t)(secure < 0 ? 0 : secure);
  shape.info_slices = hs_segment_info_slices_for(shape.secure);
  const size_t guard = (shape.secure >= 1 ? 1 : 0);
  if (required == 0) {
    shape.segment_slices = HS_SLICES_PER_SEGMENT;
    return shape;
  }
  /* The segment is aligned to 32 MiB and page_alignment is at most 16 MiB, so aligning the
     offset aligns the address. */
  const size_t span_start = shape.info_slices * HS_SEGMENT_SLICE_SIZE;
  const size_t block_start = (page_alignment > 0 ? hs_align_up(span_start, page_alignment) : span_start);
  const size_t bytes = block_start + required;
  shape.segment_slices = (bytes + HS_SEGMENT_SLICE_SIZE - 1) / HS_SEGMENT_SLICE_SIZE + guard;
  return shape;
}

/* Guard pages: after the info area and at the very end of the segment. */
static void hs_segment_protect(hs_segment_t* segment, bool protect) {
  if (segment->secure < 1) return;
  const size_t os_page = _hs_os_page_size();
  uint8_t* info_guard = hs_segment_slice_address(segment, segment->segment_info_slices) - os_page;
  uint8_t* end_guard = hs_segment_slice_address(segment, segment->segment_slices) - os_page;
  if (protect) {
    _hs_os_protect(info_guard, os_page);
    _hs_os_protect(end_guard, os_page);
  } else {
    _hs_os_unprotect(info_guard, os_page);
    _hs_os_unprotect(end_guard, os_page);
  }
}

static void hs_segment_init_header(hs_segment_t* segment, const hs_segment_shape_t* shape, bool huge,
                                   const hs_memid_t* memid) {
  if (!memid->is_zero) memset(segment, 0, sizeof(hs_segment_t));
  segment->memid = *memid;
  segment->kind = (huge ? HS_SEGMENT_HUGE : HS_SEGMENT_NORMAL);
  segment->allow_decommit = !huge;
  segment->allow_purge = !huge;   /* a huge segment is freed whole with its page */
  segment->secure = shape->secure;
  segment->segment_slices = shape->segment_slices;
  segment->segment_size = shape->segment_slices * HS_SEGMENT_SLICE_SIZE;
  segment->segment_info_slices = shape->info_slices;
  segment->slice_entries = hs_segment_spans_end(segment);
  if (segment->slice_entries > HS_SLICES_PER_SEGMENT) segment->slice_entries = HS_SLICES_PER_SEGMENT;
  segment->cookie = _hs_segment_cookie(segment);
  segment->serial = atomic_fetch_add_explicit(&hs_segment_serial, 1, memory_order_relaxed) + 1;
  segment->purge_expire = 0;
  memset(&segment->purge_mask, 0, sizeof(segment->purge_mask));
  memset(&segment->commit_mask, 0, sizeof(segment->commit_mask));
  if (memid->is_committed) hs_mask_set(&segment->commit_mask, 0, shape->segment_slices);
  else hs_mask_set(&segment->commit_mask, 0, shape->info_slices);
  segment->used = 0;
  segment->abandoned = 0;
  segment->abandoned_visits = 0;
  segment->abandoned_at = -1;
  segment->abandoned_by = 0;
  segment->reclaimed_by = 0;
  segment->reclaim_count = 0;
  hs_atomic_store_relaxed(&segment->thread_id, _hs_thread_id());

  /* The meta span: the info slices, never free, never a page. */
  hs_slice_t* meta = &segment->slices[0];
  hs_slice_clear(meta);
  meta->slice_count = (uint32_t)shape->info_slices;
  meta->block_size = 1;
  meta->is_committed = 1;
  hs_span_set_back_offsets(segment, 0, shape->info_slices);
}

/* A new segment owned by this thread. Normal (`huge_block_size` 0): its spans become one free
   span in the thread's queues. Huge: its single page is allocated and returned in `*huge_page`. */
static hs_segment_t* hs_segment_alloc(size_t huge_block_size, size_t page_alignment,
                                      hs_segments_tld_t* tld, hs_page_t** huge_page) {
  const hs_segment_shape_t shape = hs_segment_shape(huge_block_size, page_alignment);
  const bool huge = (huge_block_size > 0);
  const size_t segment_size = shape.segment_slices * HS_SEGMENT_SLICE_SIZE;
  const size_t alloc_size = hs_align_up(segment_size, HS_SEGMENT_SIZE);
  const bool eager = hs_option_is_enabled(hs_option_eager_commit);
  hs_memid_t memid;
  uint8_t* p = (uint8_t*)_hs_arena_alloc_aligned(alloc_size, !huge && eager, &memid);
  if (p == NULL) return NULL;
  /* Commit now what must be: the info slices, or a huge segment whole (but not the unused
     tail of its last arena block). */
  const size_t commit_now = (memid.is_committed ? 0 : huge ? segment_size : shape.info_slices * HS_SEGMENT_SLICE_SIZE);
  if (commit_now > 0 && !_hs_os_commit(p, commit_now, NULL)) {
    _hs_arena_free(p, alloc_size, 0, memid);
    return NULL;
  }
  hs_segment_t* segment = (hs_segment_t*)p;
  hs_segment_init_header(segment, &shape, huge, &memid);
  if (huge) hs_mask_set(&segment->commit_mask, 0, shape.segment_slices);
  if (commit_now > 0) hs_event(COMMIT, segment, 0, segment, commit_now, 0);
  hs_segment_protect(segment, true);
  hs_segment_register(segment);
  _hs_segments_track_add(segment, tld);
  hs_stat_increase(segments, 1);
  hs_event(SEGMENT_ALLOC, segment, 0, segment, segment->segment_size, segment->slice_entries);

  const size_t span_count = hs_segment_spans_end(segment) - shape.info_slices;
  if (!huge) {
    hs_segment_span_free(segment, shape.info_slices, span_count, memid.is_zero, tld);
    return segment;
  }
  *huge_page = hs_segment_span_allocate(segment, shape.info_slices, span_count, huge_block_size,
                                        page_alignment, memid.is_zero);
  return segment;
}

/* A huge segment is wholly committed: its arena blocks if they came committed, else exactly
   its own slices. */
size_t _hs_segment_committed_bytes(const hs_segment_t* segment) {
  if (segment->kind == HS_SEGMENT_HUGE) {
    return (segment->memid.is_committed ? _hs_segment_alloc_size(segment) : segment->segment_size);
  }
  return hs_mask_count(&segment->commit_mask) * HS_SEGMENT_SLICE_SIZE;
}

/* Back to the arena (or the OS). The segment has no pages; if it has an owner, that is the
   calling thread, whose span queues still hold its free spans. */
void _hs_segment_free(hs_segment_t* segment, hs_segments_tld_t* tld) {
  const bool owned = _hs_segment_is_owned(segment);
  if (segment->kind == HS_SEGMENT_NORMAL) _hs_segment_spans_dequeue_all(segment, tld);
  hs_event(SEGMENT_FREED, segment, 0, segment, segment->segment_size, 0);
  hs_segment_unregister(segment);
  if (owned) _hs_segments_track_remove(segment, tld);
  else hs_stat_decrease(abandoned, 1);
  hs_stat_decrease(segments, 1);
  hs_segment_protect(segment, false);

  const hs_memid_t memid = segment->memid;
  const size_t alloc_size = _hs_segment_alloc_size(segment);
  const size_t committed = _hs_segment_committed_bytes(segment);
  _hs_arena_free(segment, alloc_size, committed, memid);
}

/* ---------------------------------------------------------------------------------------------
   Page allocation
--------------------------------------------------------------------------------------------- */

/* Slices a page for `block_size` needs: 1 (small), 8 (medium), else the size rounded to 64 KiB
   up to 512 KiB, and to 512 KiB multiples above. */
static size_t hs_page_slices_for(size_t block_size) {
  if (block_size <= HS_SMALL_OBJ_SIZE_MAX) return 1;
  if (block_size <= HS_MEDIUM_OBJ_SIZE_MAX) return HS_MEDIUM_PAGE_SIZE / HS_SEGMENT_SLICE_SIZE;
  const size_t unit = (block_size > HS_MEDIUM_PAGE_SIZE ? HS_MEDIUM_PAGE_SIZE : HS_SEGMENT_SLICE_SIZE);
  return hs_align_up(block_size, unit) / HS_SEGMENT_SLICE_SIZE;
}

/* Carves `needed` slices off a free span: the rest goes back to the queues (keeping its purge
   schedule), the front becomes the page. */
static hs_page_t* hs_segment_span_take(hs_slice_t* span, size_t needed, size_t block_size, hs_segments_tld_t* tld) {
  hs_segment_t* segment = _hs_ptr_segment(span);
  const size_t idx = hs_slice_index(span);
  const size_t count = span->slice_count;
  const bool was_zero = span->is_zero_init;
  _hs_segment_span_dequeue(span, tld);
  if (count > needed) hs_segment_span_free(segment, idx + needed, count - needed, was_zero, tld);
  hs_page_t* page = hs_segment_span_allocate(segment, idx, needed, block_size, 0, was_zero);
  if (page == NULL) {
    /* Could not commit: the front goes back, merged with the rest again. */
    hs_slice_t* back = &segment->slices[idx];
    back->slice_count = (uint32_t)needed;
    back->next = back->prev = NULL;
    hs_segment_span_free_coalesce(segment, back, tld);
    return NULL;
  }
  _hs_segment_try_purge(segment, false);
  return page;
}

/* First fit within each bin, bins searched upward from the one `needed` falls in. */
static hs_page_t* hs_segments_find_and_allocate(size_t needed, size_t block_size, hs_segments_tld_t* tld) {
  for (size_t bin = hs_slice_bin(needed); bin <= HS_SEGMENT_BIN_MAX; bin++) {
    for (hs_slice_t* span = tld->spans[bin].first; span != NULL; span = span->next) {
      if (span->slice_count >= needed) return hs_segment_span_take(span, needed, block_size, tld);
    }
  }
  return NULL;
}

static hs_page_t* hs_segment_huge_page_alloc(size_t block_size, size_t page_alignment, hs_segments_tld_t* tld) {
  hs_page_t* page = NULL;
  (void)hs_segment_alloc(block_size, page_alignment, tld, &page);
  return page;   /* a huge segment comes committed, so its page cannot fail once it exists */
}

/* Order: the thread's own free spans; then abandoned segments (a reclaimed page of this block
   size now in `heap` makes us return NULL so the caller searches its queue again; a reclaimed
   segment with a fitting free span is used right here); then a new segment. */
hs_page_t* _hs_segment_page_alloc(hs_heap_t* heap, size_t block_size, size_t page_alignment,
                                  hs_segments_tld_t* tld) {
  if (page_alignment > HS_BLOCK_ALIGNMENT_MAX) {
    _hs_error(EINVAL, "page alignment %zu exceeds the maximum of %zu", page_alignment, (size_t)HS_BLOCK_ALIGNMENT_MAX);
    return NULL;
  }
  if (page_alignment > 0 || block_size > HS_LARGE_OBJ_SIZE_MAX) {
    return hs_segment_huge_page_alloc(block_size, page_alignment, tld);
  }
  const size_t needed = hs_page_slices_for(block_size);
  hs_page_t* page = hs_segments_find_and_allocate(needed, block_size, tld);
  if (page != NULL) return page;

  switch (_hs_segment_try_reclaim(heap, needed, block_size, tld)) {
    case HS_RECLAIMED_PAGE: return NULL;
    case HS_RECLAIMED_SPAN:
      page = hs_segments_find_and_allocate(needed, block_size, tld);
      if (page != NULL) return page;
      break;
    case HS_RECLAIMED_NONE: break;
  }

  hs_page_t* unused = NULL;
  if (hs_segment_alloc(0, 0, tld, &unused) == NULL) return NULL;
  return hs_segments_find_and_allocate(needed, block_size, tld);
}

/* ---------------------------------------------------------------------------------------------
   Page free
--------------------------------------------------------------------------------------------- */

/* The page's span becomes free (merged with free neighbours, its committed slices scheduled
   for purging unless the segment is about to go). Returns the merged free span. */
hs_slice_t* _hs_segment_page_clear(hs_page_t* page, hs_segments_tld_t* tld) {
  hs_segment_t* segment = _hs_page_segment(page);
  const size_t idx = hs_slice_index(page);
  hs_event(PAGE_FREED, segment, page->page_start, hs_segment_slice_address(segment, idx),
           (size_t)page->slice_count * HS_SEGMENT_SLICE_SIZE, page->slice_count);
  hs_stat_decrease(pages, 1);
  segment->used--;
  page->block_size = 0;
  if (segment->kind == HS_SEGMENT_HUGE) return hs_segment_span_free(segment, idx, page->slice_count, false, tld);
  hs_slice_t* span = hs_segment_span_free_coalesce(segment, page, tld);
  if (segment->used > 0) hs_segment_schedule_purge(segment, hs_slice_index(span), span->slice_count);
  return span;
}

void _hs_segment_page_free(hs_page_t* page, bool force, hs_segments_tld_t* tld) {
  hs_segment_t* segment = _hs_page_segment(page);
  (void)_hs_segment_page_clear(page, tld);
  if (segment->used == 0) {
    _hs_segment_free(segment, tld);
  } else if (segment->used == segment->abandoned) {
    _hs_segment_abandon(segment, tld);   /* the remaining pages already belong to no heap */
  } else {
    _hs_segment_try_purge(segment, force);
  }
}

/* ---------------------------------------------------------------------------------------------
   Collect
--------------------------------------------------------------------------------------------- */

/* Every segment with a pending purge has a free span (purge bits only ever cover free spans),
   so walking the thread's span queues finds all of them without a per-thread segment list. */
void _hs_segments_collect(bool force, hs_segments_tld_t* tld) {
  for (size_t bin = 0; bin <= HS_SEGMENT_BIN_MAX; bin++) {
    for (hs_slice_t* span = tld->spans[bin].first; span != NULL; span = span->next) {
      _hs_segment_try_purge(_hs_ptr_segment(span), force);
    }
  }
  _hs_arena_collect(force);
}

/* ---------------------------------------------------------------------------------------------
   Validation (called by hs_validate with the registries locked; takes no lock itself)
--------------------------------------------------------------------------------------------- */
typedef struct hs_segment_report_s {
  const hs_segment_t* segment;
  hs_report_t         out;     /* after the "segment 0x…: " prefix */
  hs_page_check_t*    check;   /* the caller's check of each page span, or NULL */
  void*               ctx;
} hs_segment_report_t;

/* The span queues of the thread that owns `owner`, found through its heaps. */
static hs_segments_tld_t* hs_segment_owner_queues(uintptr_t owner) {
  for (hs_heap_t* heap = _hs_heap_registry_first(); heap != NULL; heap = heap->reg_next) {
    if (heap->thread_id == owner && heap->tld != NULL) return &heap->tld->segments;
  }
  return NULL;
}

/* A free span is linked into its bin's queue exactly when the segment has an owner. */
static bool hs_segment_validate_free_span(hs_segment_report_t* r, const hs_slice_t* span, size_t idx,
                                          hs_segments_tld_t* queues) {
  if (queues == NULL) {
    if (span->next != NULL || span->prev != NULL) {
      return _hs_fail(&r->out, "slice %zu: free span of an unowned segment is linked into a span queue "
                             "(next %p, prev %p; expected none)", idx, (void*)span->next, (void*)span->prev);
    }
    return true;
  }
  const size_t bin = hs_slice_bin(span->slice_count);
  const hs_span_queue_t* sq = &queues->spans[bin];
  const bool head_ok = (span->prev == NULL ? sq->first == span : span->prev->next == span);
  const bool tail_ok = (span->next == NULL ? sq->last == span : span->next->prev == span);
  if (!head_ok || !tail_ok) {
    return _hs_fail(&r->out, "slice %zu: free span of %u slices is not in span queue bin %zu of its owner "
                           "(queue first %p, last %p; span prev %p, next %p)", idx, span->slice_count, bin,
                           (void*)sq->first, (void*)sq->last, (void*)span->prev, (void*)span->next);
  }
  return true;
}

/* An in-use span: back offsets, fully committed, nothing scheduled for purging. */
static bool hs_segment_validate_page_span(hs_segment_report_t* r, const hs_slice_t* page, size_t idx, size_t last) {
  const hs_segment_t* segment = r->segment;
  for (size_t j = idx + 1; j <= last; j++) {
    const size_t expected = (j - idx) * sizeof(hs_slice_t);
    if (segment->slices[j].slice_offset != expected) {
      return _hs_fail(&r->out, "slice %zu: inside the page at slice %zu, slice_offset is %u, expected %zu",
                             j, idx, segment->slices[j].slice_offset, expected);
    }
  }
  const size_t end = (idx + page->slice_count < HS_COMMIT_MASK_BITS ? idx + page->slice_count : HS_COMMIT_MASK_BITS);
  for (size_t j = idx; j < end; j++) {
    if (!hs_mask_is_set(&segment->commit_mask, j)) {
      return _hs_fail(&r->out, "slice %zu: part of the page at slice %zu but not in the commit mask", j, idx);
    }
    if (hs_mask_is_set(&segment->purge_mask, j)) {
      return _hs_fail(&r->out, "slice %zu: part of the page at slice %zu but scheduled for purging", j, idx);
    }
  }
  return true;
}

/* One span starting at `idx`; `*pages` counts in-use ones. */
static bool hs_segment_validate_span(hs_segment_report_t* r, size_t idx, size_t spans_end,
                                     hs_segments_tld_t* queues, size_t* pages) {
  const hs_segment_t* segment = r->segment;
  const hs_slice_t* span = &segment->slices[idx];
  if (span->slice_count == 0) return _hs_fail(&r->out, "slice %zu: starts a span but slice_count is 0", idx);
  if (span->slice_offset != 0) {
    return _hs_fail(&r->out, "slice %zu: starts a span but slice_offset is %u, expected 0", idx, span->slice_offset);
  }
  if (idx + span->slice_count > spans_end) {
    return _hs_fail(&r->out, "slice %zu: span of %u slices runs past the end of the spans at slice %zu",
                           idx, span->slice_count, spans_end);
  }
  size_t last = idx + span->slice_count - 1;
  if (last >= segment->slice_entries) last = segment->slice_entries - 1;
  const size_t expected = (last - idx) * sizeof(hs_slice_t);
  if (last > idx && segment->slices[last].slice_offset != expected) {
    return _hs_fail(&r->out, "slice %zu: last slice of the span at slice %zu has slice_offset %u, expected %zu",
                           last, idx, segment->slices[last].slice_offset, expected);
  }
  if (span->block_size == 0) return hs_segment_validate_free_span(r, span, idx, queues);
  (*pages)++;
  if (!hs_segment_validate_page_span(r, span, idx, last)) return false;
  return r->check == NULL || r->check(r->ctx, span);
}

static bool hs_segment_validate_masks(hs_segment_report_t* r) {
  const hs_segment_t* segment = r->segment;
  for (size_t w = 0; w < HS_COMMIT_MASK_FIELD_COUNT; w++) {
    const uint64_t stray = segment->purge_mask.mask[w] & ~segment->commit_mask.mask[w];
    if (stray != 0) {
      return _hs_fail(&r->out, "slice %zu: scheduled for purging but not committed",
                             w * 64 + (size_t)__builtin_ctzll(stray));
    }
  }
  if (!hs_mask_is_empty(&segment->purge_mask) && segment->purge_expire == 0) {
    return _hs_fail(&r->out, "%zu slices scheduled for purging but no purge deadline",
                           hs_mask_count(&segment->purge_mask));
  }
  return true;
}

static bool hs_segment_validate_ownership(hs_segment_report_t* r, size_t pages, uintptr_t owner) {
  const hs_segment_t* segment = r->segment;
  if (pages != segment->used) {
    return _hs_fail(&r->out, "used is %zu, but %zu spans are pages in use", segment->used, pages);
  }
  if (segment->abandoned > segment->used) {
    return _hs_fail(&r->out, "abandoned is %zu, more than used %zu", segment->abandoned, segment->used);
  }
  const bool abandoned = (segment->abandoned == segment->used);
  if ((owner == 0) != abandoned) {
    return _hs_fail(&r->out, "thread_id is 0x%zx but %zu of %zu pages are abandoned (expected %s)",
                           (size_t)owner, segment->abandoned, segment->used,
                           (owner == 0 ? "all of them" : "fewer"));
  }
  return true;
}

bool _hs_segment_validate(const hs_segment_t* segment, hs_report_t* report, hs_page_check_t* check, void* ctx) {
  hs_segment_report_t r = { segment, *report, check, ctx };
  if (report->msg != NULL && report->size > 0) {
    const int n = snprintf(report->msg, report->size, "segment %p: ", (const void*)segment);
    if (n > 0 && (size_t)n < report->size) r.out = (hs_report_t){ report->msg + n, report->size - (size_t)n };
  }
  if (segment->cookie != _hs_segment_cookie(segment)) {
    return _hs_fail(&r.out, "cookie is 0x%zx, expected 0x%zx", (size_t)segment->cookie,
                           (size_t)_hs_segment_cookie(segment));
  }
  const size_t info = segment->segment_info_slices;
  if (segment->slice_entries <= info || segment->slice_entries > HS_SLICES_PER_SEGMENT) {
    return _hs_fail(&r.out, "slice_entries is %zu, expected between %zu and %zu",
                           segment->slice_entries, info + 1, (size_t)HS_SLICES_PER_SEGMENT);
  }
  if (segment->slices[0].slice_count != info || segment->slices[0].block_size == 0) {
    return _hs_fail(&r.out, "slice 0: meta span has %u slices and block_size %zu, "
                           "expected %zu slices and a non-zero block_size",
                           segment->slices[0].slice_count, segment->slices[0].block_size, info);
  }
  const uintptr_t owner = hs_atomic_load_relaxed(&((hs_segment_t*)segment)->thread_id);
  hs_segments_tld_t* queues = NULL;
  if (owner != 0 && segment->kind == HS_SEGMENT_NORMAL) {
    queues = hs_segment_owner_queues(owner);
    if (queues == NULL) return _hs_fail(&r.out, "owner thread 0x%zx has no live heap", (size_t)owner);
  }
  const size_t spans_end = hs_segment_spans_end(segment);
  size_t i = info, pages = 0;
  while (i < segment->slice_entries) {
    if (!hs_segment_validate_span(&r, i, spans_end, queues, &pages)) return false;
    i += segment->slices[i].slice_count;
  }
  if (i != spans_end) {
    return _hs_fail(&r.out, "spans end at slice %zu, expected %zu", i, spans_end);
  }
  return hs_segment_validate_masks(&r) && hs_segment_validate_ownership(&r, pages, owner);
}
