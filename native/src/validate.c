/* Heapscope core: the validator — every structural invariant, checked read-only, first violation
 * reported precisely.
 *
 * Order of the checks (the first failure ends the walk):
 *   1. arenas          their bitmaps agree with the segments (arena.c)
 *   2. segments        span coverage, span queues, commit masks (segment.c); pages in use and
 *                      abandoned pages counted right; an owned segment's pages belong to heaps of
 *                      its thread, an abandoned segment's pages to no heap
 *   3. pages           the accounting equation (blocks on thread_free and on the heap's
 *                      delayed list still count in `used` until the owner collects them)
 *                          used + |free| + |local_free| == capacity,  |thread_free| <= used
 *                      with every list walked at most `capacity` links, every link the start of an
 *                      extended block of the page, no block on two lists (the owner heap's
 *                      delayed list included); capacity <= reserved; the blocks fit the span
 *   4. heaps           page queues linked both ways, each page of the queue's heap and size (or
 *                      in_full on the full queue), page_count right, the direct table pointing at
 *                      each small queue's first page (or the empty page)
 *
 * Like inspection it reads without changing anything, allocates nothing from the core, and runs
 * only while no other thread allocates or frees.
 */
#include "internal.h"

#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#define HS_SCRATCH_LIST      4   /* block indices of the list being walked */
#define HS_SCRATCH_OWNER     5   /* per block of the page being checked: which list holds it */
#define HS_SCRATCH_HEAPPAGES 6   /* pages found in segments per registered heap */

bool _hs_fail(hs_report_t* r, const char* fmt, ...) {
  if (r->msg != NULL && r->size > 0) {
    va_list args;
    va_start(args, fmt);
    vsnprintf(r->msg, r->size, fmt, args);
    va_end(args);
  }
  return false;
}

/* "page 0x… (segment 0x… slice 12, bin 8)" */
static const char* hs_page_where(const hs_page_t* page, char* buf, size_t size) {
  const hs_segment_t* segment = _hs_page_segment(page);
  snprintf(buf, size, "page 0x%" PRIxPTR " (segment 0x%" PRIxPTR " slice %zu, bin %d)",
           (uintptr_t)page->page_start, (uintptr_t)segment, hs_slice_index(page),
           _hs_inspect_page_bin(page));
  return buf;
}

static const char* const hs_list_names[] = { "no list", "free", "local_free", "thread_free", "delayed" };

/* ---------------------------------------------------------------------------------------------
   Pages
--------------------------------------------------------------------------------------------- */
/* Walks one list of `page`, marking each block's owner; 0 on failure. */
static bool hs_check_list(hs_report_t* r, const hs_page_t* page, const hs_block_t* head,
                          uint8_t list, uint8_t* owner, size_t* length) {
  char where[160];
  uint32_t* idx = (uint32_t*)_hs_inspect_scratch(HS_SCRATCH_LIST, ((size_t)page->capacity + 1) * sizeof(uint32_t));
  if (idx == NULL) return _hs_fail(r, "validator: out of scratch memory");
  uintptr_t bad;
  size_t n = _hs_inspect_page_list(page, head, idx, page->capacity, &bad);
  *length = n;
  for (size_t i = 0; i < n; i++) {
    if (owner[idx[i]] == list) {
      return _hs_fail(r, "%s: %s list reaches block #%u (0x%" PRIxPTR ") twice (a cycle)",
                     hs_page_where(page, where, sizeof(where)), hs_list_names[list], idx[i],
                     (uintptr_t)page->page_start + (uintptr_t)idx[i] * page->block_size);
    }
    if (owner[idx[i]] != 0) {
      return _hs_fail(r, "%s: block #%u (0x%" PRIxPTR ") is on both %s and %s",
                     hs_page_where(page, where, sizeof(where)), idx[i],
                     (uintptr_t)page->page_start + (uintptr_t)idx[i] * page->block_size,
                     hs_list_names[owner[idx[i]]], hs_list_names[list]);
    }
    owner[idx[i]] = list;
  }
  if (bad != 0) {
    uintptr_t start = (uintptr_t)page->page_start;
    if (n >= page->capacity) {
      return _hs_fail(r, "%s: %s list has more links than the %u extended blocks (a cycle at 0x%" PRIxPTR ")",
                     hs_page_where(page, where, sizeof(where)), hs_list_names[list], (unsigned)page->capacity, bad);
    }
    if (bad >= start && bad < start + (uintptr_t)page->capacity * page->block_size) {
      return _hs_fail(r, "%s: %s list link #%zu is 0x%" PRIxPTR ", %zu bytes into block #%zu, not a block start",
                     hs_page_where(page, where, sizeof(where)), hs_list_names[list], n, bad,
                     (size_t)((bad - start) % page->block_size), (size_t)((bad - start) / page->block_size));
    }
    return _hs_fail(r, "%s: %s list link #%zu is 0x%" PRIxPTR ", outside the page's %u extended blocks "
                   "[0x%" PRIxPTR ", 0x%" PRIxPTR ")",
                   hs_page_where(page, where, sizeof(where)), hs_list_names[list], n, bad,
                   (unsigned)page->capacity, start, start + (uintptr_t)page->capacity * page->block_size);
  }
  return true;
}

static bool hs_check_page(hs_report_t* r, const hs_segment_t* segment, const hs_page_t* page,
                          uintptr_t segment_thread) {
  char where[160];
  hs_page_where(page, where, sizeof(where));
  const size_t bsize = page->block_size;
  const uintptr_t span_start = (uintptr_t)hs_slice_start(page);
  uintptr_t span_end = span_start + (uintptr_t)page->slice_count * HS_SEGMENT_SLICE_SIZE;
  const uintptr_t segment_end = (uintptr_t)segment + segment->segment_size;
  if (span_end > segment_end) span_end = segment_end;
  const uintptr_t start = (uintptr_t)page->page_start;

  if (page->capacity > page->reserved) {
    return _hs_fail(r, "%s: capacity %u > reserved %u", where, (unsigned)page->capacity, (unsigned)page->reserved);
  }
  if (start < span_start || start > span_end) {
    return _hs_fail(r, "%s: page_start lies outside its span [0x%" PRIxPTR ", 0x%" PRIxPTR ")",
                   where, span_start, span_end);
  }
  if ((uintptr_t)page->reserved * bsize > span_end - start) {
    return _hs_fail(r, "%s: reserved %u * block_size %zu = %zu bytes do not fit the %zu bytes of the span "
                   "after page_start", where, (unsigned)page->reserved, bsize,
                   (size_t)page->reserved * bsize, (size_t)(span_end - start));
  }

  /* ownership */
  hs_heap_t* heap = hs_page_heap(page);
  if (heap != NULL && !_hs_inspect_is_heap((uintptr_t)heap)) {
    return _hs_fail(r, "%s: owner heap 0x%" PRIxPTR " is not a live heap", where, (uintptr_t)heap);
  }
  if (segment_thread == 0 && heap != NULL) {
    return _hs_fail(r, "%s: segment is abandoned but the page belongs to heap 0x%" PRIxPTR, where, (uintptr_t)heap);
  }
  if (heap != NULL && heap->thread_id != segment_thread) {
    return _hs_fail(r, "%s: heap 0x%" PRIxPTR " belongs to thread 0x%" PRIxPTR " but the segment to thread 0x%" PRIxPTR,
                   where, (uintptr_t)heap, heap->thread_id, segment_thread);
  }
  /* A retired page taken into use again by the fast path keeps its countdown until the next
     generic-path visit or retired collect clears it, so retire_expire > 0 with used > 0 is a
     legal, transient state. */
  if (hs_page_thread_free_flag(page) == HS_DELAYED_FREEING) {
    return _hs_fail(r, "%s: delayed state is DELAYED_FREEING while no thread is freeing", where);
  }

  /* lists */
  uint8_t* owner = (uint8_t*)_hs_inspect_scratch(HS_SCRATCH_OWNER, (size_t)page->capacity + 1);
  if (owner == NULL) return _hs_fail(r, "validator: out of scratch memory");
  memset(owner, 0, page->capacity);
  size_t nfree, nlocal, nthread;
  if (!hs_check_list(r, page, page->free, 1, owner, &nfree)) return false;
  if (!hs_check_list(r, page, page->local_free, 2, owner, &nlocal)) return false;
  if (!hs_check_list(r, page, hs_page_thread_free(page), 3, owner, &nthread)) return false;

  const uintptr_t* pairs;
  size_t ndelayed = _hs_inspect_delayed_range(start, start + (uintptr_t)page->capacity * bsize, &pairs);
  for (size_t i = 0; i < ndelayed; i++) {
    uintptr_t block = pairs[2 * i];
    uintptr_t dheap = pairs[2 * i + 1];
    size_t bi = (block - start) / bsize;
    if (dheap != (uintptr_t)heap) {
      return _hs_fail(r, "%s: block #%zu (0x%" PRIxPTR ") is on the delayed list of heap 0x%" PRIxPTR
                     ", but the page belongs to %s0x%" PRIxPTR, where, bi, block, dheap,
                     (heap == NULL ? "no heap " : "heap "), (uintptr_t)heap);
    }
    if (owner[bi] != 0) {
      return _hs_fail(r, "%s: block #%zu (0x%" PRIxPTR ") is on both %s and the heap's delayed list",
                     where, bi, block, hs_list_names[owner[bi]]);
    }
    owner[bi] = 4;
  }

  /* Blocks on thread_free still count in `used` until the owner collects them. */
  long long lhs = (long long)page->used + (long long)nfree + (long long)nlocal;
  if (lhs != (long long)page->capacity || nthread > page->used) {
    return _hs_fail(r, "%s: used %u + free %zu + local_free %zu = %lld != capacity %u (thread_free %zu)",
                   where, (unsigned)page->used, nfree, nlocal, lhs, (unsigned)page->capacity, nthread);
  }
  return true;
}

/* ---------------------------------------------------------------------------------------------
   Segments
--------------------------------------------------------------------------------------------- */
/* What the page check learns over one segment's walk of its spans. */
typedef struct hs_segment_pages_s {
  hs_report_t*        r;
  const hs_segment_t* segment;
  uintptr_t           thread;       /* the segment's owner */
  size_t*             heap_pages;   /* pages per registered heap, in _hs_inspect_heaps order */
  size_t              heapless;
} hs_segment_pages_t;

static bool hs_check_segment_page(void* ctx, const hs_page_t* page) {
  hs_segment_pages_t* p = ctx;
  if (!hs_check_page(p->r, p->segment, page, p->thread)) return false;
  hs_heap_t* heap = hs_page_heap(page);
  if (heap == NULL) {
    p->heapless++;
    return true;
  }
  const uintptr_t* heaps;
  size_t nheaps = _hs_inspect_heaps(&heaps);
  size_t lo = 0, hi = nheaps;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (heaps[mid] < (uintptr_t)heap) lo = mid + 1; else hi = mid;
  }
  p->heap_pages[lo]++;   /* the heap is live: checked with the page */
  return true;
}

static bool hs_check_segment(hs_report_t* r, const hs_segment_t* segment, size_t* heap_pages) {
  hs_segment_pages_t pages = {
    r, segment, hs_atomic_load_relaxed(&((hs_segment_t*)segment)->thread_id), heap_pages, 0
  };
  if (!_hs_segment_validate(segment, r, hs_check_segment_page, &pages)) return false;
  if (pages.heapless != segment->abandoned) {
    return _hs_fail(r, "segment 0x%" PRIxPTR ": %zu pages without a heap, but abandoned is %zu",
                   (uintptr_t)segment, pages.heapless, segment->abandoned);
  }
  return true;
}

/* ---------------------------------------------------------------------------------------------
   Heaps
--------------------------------------------------------------------------------------------- */
/* `page` is the first slice of an in-use span of a live segment. */
static bool hs_is_live_page(const hs_page_t* page) {
  const hs_segment_t* segment = _hs_inspect_segment_of((uintptr_t)page);
  if (segment == NULL) return false;
  const hs_slice_t* first = &segment->slices[0];
  if (page < first || page >= first + segment->slice_entries) return false;
  if (((uintptr_t)page - (uintptr_t)first) % sizeof(hs_slice_t) != 0) return false;
  return page->slice_offset == 0 && page->slice_count > 0 && page->block_size > 0;
}

static bool hs_check_heap(hs_report_t* r, hs_heap_t* heap, size_t pages_in_segments) {
  char where[160];
  const uintptr_t h = (uintptr_t)heap;
  size_t total = 0;
  for (size_t bin = 0; bin <= HS_BIN_FULL; bin++) {
    const hs_page_queue_t* pq = &heap->pages[bin];
    const hs_page_t* prev = NULL;
    for (const hs_page_t* page = pq->first; page != NULL; prev = page, page = page->next) {
      if (total++ >= heap->page_count) {
        return _hs_fail(r, "heap 0x%" PRIxPTR ": its queues hold more pages than page_count %zu "
                       "(bin %zu goes on at 0x%" PRIxPTR ")", h, heap->page_count, bin, (uintptr_t)page);
      }
      if (!hs_is_live_page(page)) {
        return _hs_fail(r, "heap 0x%" PRIxPTR ": queue bin %zu links to 0x%" PRIxPTR ", which is not a live page",
                       h, bin, (uintptr_t)page);
      }
      hs_page_where(page, where, sizeof(where));
      if (page->prev != prev) {
        return _hs_fail(r, "%s: in queue bin %zu of heap 0x%" PRIxPTR " its prev is 0x%" PRIxPTR
                       " but the page before it is 0x%" PRIxPTR, where, bin, h,
                       (uintptr_t)page->prev, (uintptr_t)prev);
      }
      if ((uintptr_t)hs_page_heap(page) != h) {
        return _hs_fail(r, "%s: in queue bin %zu of heap 0x%" PRIxPTR " but owned by heap 0x%" PRIxPTR,
                       where, bin, h, (uintptr_t)hs_page_heap(page));
      }
      bool in_full = hs_page_is_in_full(page);
      if (bin == HS_BIN_FULL) {
        if (!in_full) return _hs_fail(r, "%s: on the full queue without in_full", where);
      } else if (in_full) {
        return _hs_fail(r, "%s: in_full set but in queue bin %zu", where, bin);
      } else if (bin == HS_BIN_HUGE) {
        if (page->block_size <= HS_MEDIUM_OBJ_SIZE_MAX) {
          return _hs_fail(r, "%s: block size %zu in the large/huge queue", where, page->block_size);
        }
      } else if (page->block_size != pq->block_size) {
        return _hs_fail(r, "%s: block size %zu in queue bin %zu of block size %zu",
                       where, page->block_size, bin, pq->block_size);
      }
    }
    if (pq->last != prev) {
      return _hs_fail(r, "heap 0x%" PRIxPTR ": queue bin %zu ends at 0x%" PRIxPTR " but its last is 0x%" PRIxPTR,
                     h, bin, (uintptr_t)prev, (uintptr_t)pq->last);
    }
  }
  if (total != heap->page_count) {
    return _hs_fail(r, "heap 0x%" PRIxPTR ": its queues hold %zu pages, page_count is %zu", h, total, heap->page_count);
  }
  if (pages_in_segments != heap->page_count) {
    return _hs_fail(r, "heap 0x%" PRIxPTR ": %zu pages in segments belong to it, page_count is %zu",
                   h, pages_in_segments, heap->page_count);
  }
  for (size_t wsize = 0; wsize <= HS_SMALL_WSIZE_MAX; wsize++) {
    const hs_page_queue_t* pq = _hs_page_queue(heap, wsize * sizeof(uintptr_t));
    const hs_page_t* expect = (pq->first != NULL ? pq->first : &_hs_page_empty);
    if (heap->pages_free_direct[wsize] != expect) {
      return _hs_fail(r, "heap 0x%" PRIxPTR ": direct entry for %zu bytes is 0x%" PRIxPTR
                     ", but the first page of queue bin %zu is 0x%" PRIxPTR "%s",
                     h, wsize * sizeof(uintptr_t), (uintptr_t)heap->pages_free_direct[wsize],
                     (size_t)(pq - heap->pages), (uintptr_t)pq->first,
                     (pq->first == NULL ? " (the empty page expected)" : ""));
    }
  }
  return true;
}

/* ---------------------------------------------------------------------------------------------
   Entry point
--------------------------------------------------------------------------------------------- */
static bool hs_validate_locked(hs_report_t* r) {
  if (!_hs_inspect_gather_registries()) return _hs_fail(r, "validator: out of scratch memory");
  if (!_hs_arena_validate(r->msg, r->size)) return false;
  if (!_hs_inspect_gather_delayed(r->msg, r->size)) return false;

  const uintptr_t* heaps;
  size_t nheaps = _hs_inspect_heaps(&heaps);
  size_t* heap_pages = (size_t*)_hs_inspect_scratch(HS_SCRATCH_HEAPPAGES, (nheaps + 1) * sizeof(size_t));
  if (heap_pages == NULL) return _hs_fail(r, "validator: out of scratch memory");
  memset(heap_pages, 0, (nheaps + 1) * sizeof(size_t));

  const uintptr_t* segments;
  size_t nsegments = _hs_inspect_segments(&segments);
  for (size_t i = 0; i < nsegments; i++) {
    if (!hs_check_segment(r, (const hs_segment_t*)segments[i], heap_pages)) return false;
  }
  for (size_t i = 0; i < nheaps; i++) {
    if (!hs_check_heap(r, (hs_heap_t*)heaps[i], heap_pages[i])) return false;
  }
  return true;
}

hs_attr_export bool hs_validate(char* msg, size_t msg_size) {
  hs_report_t report = { msg, msg_size };
  if (msg != NULL && msg_size > 0) msg[0] = 0;
  bool ok = (_hs_inspect_lock() ? hs_validate_locked(&report)
                                 : _hs_fail(&report, "hs_validate called from an inspection callback"));
  _hs_inspect_unlock();
  return ok;
}
