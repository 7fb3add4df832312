/* Abandoning and reclaiming segments.
 *
 * When a thread exits, the page layer hands each page that still has live blocks to
 * _hs_segment_page_abandon. Once every page of a segment is abandoned the segment itself is:
 * its free spans leave the thread's span queues, its owner becomes 0 and its arena marks it
 * in `blocks_abandoned` (OS-direct segments go on a small list). From then on nobody owns it
 * and remote frees into it only pile up on its pages' thread-free lists.
 *
 * Another thread takes it over ("reclaims" it) in three ways:
 *   - on allocation (into whichever heap allocates, a first-class one too), when its own free
 *     spans cannot serve a page: it visits a few abandoned
 *     segments (max_segment_reclaim % of them, at least HS_RECLAIM_MIN_VISITS), collects their
 *     pages' remote frees, and reclaims those that can serve the request (or that were passed
 *     over more than three times, so none waits forever);
 *   - on free (reclaim_on_free): a free into an abandoned segment reclaims it for the freeing
 *     thread, unless that thread already holds many reclaimed segments;
 *   - on a forced collect on the process main thread, which reclaims them all (mimalloc's
 *     mi_heap_collect_ex, v2.0.9 and v2.1.7: "never reclaim on collect" elsewhere). A collect
 *     on any other thread only visits them: it frees those left empty and runs their purges.
 * A segment is claimed by atomically clearing its abandoned mark, so exactly one thread gets
 * it; the mark was set (release) after everything else, so the claimer sees the segment as
 * the abandoning thread left it.
 */
#include "internal.h"

/* Where the next reclaim visit starts (see _hs_arena_segment_claim_abandoned): shared by all
   threads so consecutive visits spread over the abandoned segments; a lost update only makes
   two visits start at the same place. */
static _Atomic(size_t) hs_reclaim_cursor;

/* Visits after which a passed-over segment is reclaimed anyway. */
#define HS_RECLAIM_FORCE_VISITS 3

/* ---------------------------------------------------------------------------------------------
   Abandon
--------------------------------------------------------------------------------------------- */
void _hs_segment_abandon(hs_segment_t* segment, hs_segments_tld_t* tld) {
  if (segment->kind == HS_SEGMENT_NORMAL) _hs_segment_spans_dequeue_all(segment, tld);
  /* OS-direct segments are found again only by a free or a scan of a short list: do not keep
     their free memory committed meanwhile. */
  const bool force_purge = (segment->memid.arena_id < 0) ||
                           hs_option_is_enabled(hs_option_abandoned_page_purge);
  if (force_purge) _hs_segment_purge_free_spans(segment);
  else _hs_segment_try_purge(segment, false);

  _hs_segments_track_remove(segment, tld);
  segment->abandoned_visits = 0;
  segment->abandoned_at = hs_clock_now();
  segment->abandoned_by = _hs_thread_id();
  hs_stat_increase(abandoned, 1);
  hs_event(SEGMENT_ABANDONED, segment, 0, segment, segment->segment_size, segment->used);
  hs_atomic_store_release(&segment->thread_id, (uintptr_t)0);
  _hs_arena_segment_mark_abandoned(segment);   /* last: from here on another thread may claim it */
}

void _hs_segment_page_abandon(hs_page_t* page, hs_segments_tld_t* tld) {
  hs_segment_t* segment = _hs_page_segment(page);
  segment->abandoned++;
  if (segment->abandoned == segment->used) _hs_segment_abandon(segment, tld);
}

/* ---------------------------------------------------------------------------------------------
   Reclaim
--------------------------------------------------------------------------------------------- */

/* Can this page serve blocks of `block_size` right now? Only small and medium sizes count:
   the caller's retry after a NULL page searches a size queue, which large blocks never use. */
static bool hs_page_serves(const hs_page_t* page, size_t block_size) {
  return block_size != 0 && block_size <= HS_MEDIUM_OBJ_SIZE_MAX && page->block_size == block_size &&
         page->used < page->reserved;
}

/* One abandoned page joins `heap`: it is collected first, so a page that turns out empty goes
   back to the segment instead. Returns the span that continues the walk. */
static hs_slice_t* hs_segment_reclaim_page(hs_page_t* page, hs_heap_t* heap, size_t block_size,
                                           bool* right_page, hs_segments_tld_t* tld) {
  hs_segment_t* segment = _hs_page_segment(page);
  segment->abandoned--;
  page->is_reclaimed = 1;
  hs_atomic_store_release(&page->xheap, (uintptr_t)heap);
  /* Ends NEVER_DELAYED_FREE: remote frees may notify the new heap from now on. */
  _hs_page_use_delayed_free(page, HS_USE_DELAYED_FREE, true);
  _hs_page_free_collect(page, false);
  if (hs_page_all_free(page)) return _hs_segment_page_clear(page, tld);
  _hs_page_reclaim(heap, page);
  if (right_page != NULL && hs_page_serves(page, block_size)) *right_page = true;
  return page;
}

/* Takes over a claimed segment for `heap`: its free spans join this thread's queues and its
   pages join the heap (empty ones are freed). Returns NULL when the segment ended up empty and
   was freed. `*right_page`: a reclaimed page can serve `block_size` now. */
static hs_segment_t* hs_segment_reclaim(hs_segment_t* segment, hs_heap_t* heap, size_t block_size,
                                        bool* right_page, hs_segments_tld_t* tld) {
  if (right_page != NULL) *right_page = false;
  const uintptr_t me = _hs_thread_id();
  segment->abandoned_visits = 0;
  segment->reclaimed_by = me;
  segment->reclaim_count++;
  hs_atomic_store_release(&segment->thread_id, me);
  _hs_segments_track_add(segment, tld);
  hs_stat_decrease(abandoned, 1);
  hs_stat_counter(reclaimed, 1);
  hs_event(SEGMENT_RECLAIMED, segment, 0, segment, segment->segment_size, segment->used);

  /* Walk the spans in order: everything before the walk is queued, nothing after it, which is
     what coalescing expects (see _hs_segment_span_dequeue). */
  size_t i = segment->segment_info_slices;
  while (i < segment->slice_entries) {
    hs_slice_t* slice = &segment->slices[i];
    if (slice->block_size == 0) {
      if (segment->kind == HS_SEGMENT_NORMAL) _hs_segment_span_enqueue(slice, tld);
    } else {
      slice = hs_segment_reclaim_page(slice, heap, block_size, right_page, tld);
    }
    i = hs_slice_index(slice) + slice->slice_count;
  }
  if (segment->used == 0) {
    _hs_segment_free(segment, tld);
    return NULL;
  }
  return segment;
}

/* On a claimed (still unowned) segment: collects each page's remote frees, frees the pages
   that became empty, and tells whether the segment could now serve `needed` slices or a page
   of `block_size`. */
static bool hs_segment_check_free(hs_segment_t* segment, size_t needed, size_t block_size, hs_segments_tld_t* tld) {
  bool fits = false;
  size_t i = segment->segment_info_slices;
  while (i < segment->slice_entries) {
    hs_slice_t* slice = &segment->slices[i];
    if (slice->block_size != 0) {
      _hs_page_free_collect(slice, false);
      if (hs_page_all_free(slice)) {
        segment->abandoned--;
        slice = _hs_segment_page_clear(slice, tld);
      } else if (hs_page_serves(slice, block_size)) {
        fits = true;
      }
    }
    if (slice->block_size == 0 && slice->slice_count >= needed && segment->kind == HS_SEGMENT_NORMAL) fits = true;
    i = hs_slice_index(slice) + slice->slice_count;
  }
  return fits;
}

static size_t hs_reclaim_max_visits(void) {
  const size_t total = _hs_arena_abandoned_count();
  size_t visits = total * (size_t)hs_option_get(hs_option_max_segment_reclaim) / 100;
  if (visits < HS_RECLAIM_MIN_VISITS) visits = HS_RECLAIM_MIN_VISITS;
  if (visits > total) visits = total;
  return visits;
}

/* One visit to a claimed segment; the result says whether the caller can stop. */
static hs_reclaim_result_t hs_segment_visit(hs_segment_t* segment, hs_heap_t* heap, size_t needed,
                                            size_t block_size, hs_segments_tld_t* tld) {
  segment->abandoned_visits++;
  const bool fits = hs_segment_check_free(segment, needed, block_size, tld);
  if (segment->used == 0) {
    _hs_segment_free(segment, tld);   /* every page was empty: give it back to its arena */
    return HS_RECLAIMED_NONE;
  }
  if (fits || segment->abandoned_visits > HS_RECLAIM_FORCE_VISITS) {
    bool right_page = false;
    hs_segment_t* kept = hs_segment_reclaim(segment, heap, block_size, &right_page, tld);
    if (right_page) return HS_RECLAIMED_PAGE;
    return (fits && kept != NULL ? HS_RECLAIMED_SPAN : HS_RECLAIMED_NONE);
  }
  _hs_segment_try_purge(segment, false);
  _hs_arena_segment_unclaim_abandoned(segment);
  return HS_RECLAIMED_NONE;
}

/* Any heap that needs a fresh page may reclaim, a first-class heap too: mimalloc 2.0.9 and
   v2.1.7 check `no_reclaim` only on a free and in a collect, not on this path
   (mi_segment_reclaim_or_alloc), and the reclaimed pages join the allocating heap. */
hs_reclaim_result_t _hs_segment_try_reclaim(hs_heap_t* heap, size_t needed, size_t block_size,
                                            hs_segments_tld_t* tld) {
  if (heap == NULL) return HS_RECLAIMED_NONE;
  const size_t max_visits = hs_reclaim_max_visits();
  if (max_visits == 0) return HS_RECLAIMED_NONE;
  size_t cursor = atomic_load_explicit(&hs_reclaim_cursor, memory_order_relaxed);
  hs_reclaim_result_t result = HS_RECLAIMED_NONE;
  for (size_t visit = 0; visit < max_visits && result == HS_RECLAIMED_NONE; visit++) {
    hs_segment_t* segment = _hs_arena_segment_claim_abandoned(&cursor);
    if (segment == NULL) break;
    result = hs_segment_visit(segment, heap, needed, block_size, tld);
  }
  atomic_store_explicit(&hs_reclaim_cursor, cursor, memory_order_relaxed);
  return result;
}

bool _hs_segment_attempt_reclaim(hs_heap_t* heap, hs_segment_t* segment) {
  if (!hs_option_is_enabled(hs_option_reclaim_on_free)) return false;
  if (heap == NULL || !hs_heap_is_initialized(heap) || heap->no_reclaim || heap->tld == NULL) return false;
  if (hs_atomic_load_relaxed(&segment->thread_id) != 0) return false;
  hs_segments_tld_t* tld = &heap->tld->segments;
  /* A thread that only frees must not end up owning everybody's memory. */
  if (tld->reclaim_count * 2 > tld->count) return false;
  if (!_hs_arena_segment_try_claim(segment)) return false;
  return hs_segment_reclaim(segment, heap, 0, NULL, tld) == segment;
}

void _hs_abandoned_reclaim_all(hs_heap_t* heap, hs_segments_tld_t* tld) {
  size_t cursor = 0;
  hs_segment_t* segment;
  while ((segment = _hs_arena_segment_claim_abandoned(&cursor)) != NULL) {
    (void)hs_segment_reclaim(segment, heap, 0, NULL, tld);
  }
}

void _hs_abandoned_collect(bool force, hs_segments_tld_t* tld) {
  /* A plain collect bounds its latency; a forced one visits every abandoned segment. */
  size_t visits = (force ? _hs_arena_abandoned_count() : 1024);
  size_t cursor = 0;
  hs_segment_t* segment;
  while (visits-- > 0 && (segment = _hs_arena_segment_claim_abandoned(&cursor)) != NULL) {
    (void)hs_segment_check_free(segment, 0, 0, tld);
    if (segment->used == 0) {
      _hs_segment_free(segment, tld);
    } else {
      _hs_segment_try_purge(segment, force);
      _hs_arena_segment_unclaim_abandoned(segment);
    }
  }
}
