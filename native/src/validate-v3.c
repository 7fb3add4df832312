/* The validator's checks of the v3 design (validate.c calls them under the inspection lock).
 *
 *   1. arenas   per slice: to-purge only on free, dirty slices; dirty only on committed ones;
 *               no page's slices are free, and free slices plus page slices cover the arena
 *   2. pages    every live page is where the page map says: each of its slices maps to its
 *               header; its blocks pass the shared page check (validate.c)
 *   3. owners   a page with a heap is owned (ownership bit set) by that heap's thread and is not
 *               offered; an abandoned page is unowned, belongs to no heap, and is offered for its
 *               bin exactly when it is not full and no longer mostly used or was abandoned so
 *               (offers are never made for a full page); offers and counts agree
 *   4. figures  reserved = the arenas, committed = their committed slices, pages = live pages
 */
#include "internal.h"
#include "page-v3.h"
#include "thread-free-v3.h"

#include <inttypes.h>
#include <string.h>

#define HS_SCRATCH_V3_PAGES 7   /* sorted addresses of the live v3 pages */

static uintptr_t* hs_v3_page_set;
static size_t     hs_v3_page_set_count;

static bool hs_v3_set_has(const uintptr_t* set, size_t n, uintptr_t x, size_t* index) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (set[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  if (lo < n && set[lo] == x) {
    if (index != NULL) *index = lo;
    return true;
  }
  return false;
}

bool _hs_v3_is_live_page(const hs_page_t* page) {
  return hs_v3_set_has(hs_v3_page_set, hs_v3_page_set_count, (uintptr_t)page, NULL);
}

static bool hs_v3_gather_pages(void) {
  size_t n = 0;
  for (hs_v3_page_t* vp = _hs_v3_registry_first(); vp != NULL; vp = vp->reg_next) n++;
  uintptr_t* set = (uintptr_t*)_hs_inspect_scratch(HS_SCRATCH_V3_PAGES, (n + 1) * sizeof(uintptr_t));
  if (set == NULL) return false;
  size_t i = 0;
  for (hs_v3_page_t* vp = _hs_v3_registry_first(); vp != NULL; vp = vp->reg_next) set[i++] = (uintptr_t)vp;
  _hs_inspect_sort(set, n, 1);
  hs_v3_page_set = set;
  hs_v3_page_set_count = n;
  return true;
}

static bool hs_v3_check_arena(hs_report_t* r, hs_v3_arena_slot_t* slot, size_t* free_slices) {
  hs_v3_arena_t* a = &slot->slices;
  size_t nfree = 0;
  for (size_t i = 0; i < a->slice_count; i++) {
    const bool is_free = (a->free[i / 64] >> (i % 64)) & 1;
    const bool committed = (a->committed[i / 64] >> (i % 64)) & 1;
    const bool dirty = (a->dirty[i / 64] >> (i % 64)) & 1;
    const bool purge = (a->purge[i / 64] >> (i % 64)) & 1;
    nfree += is_free;
    if (purge && !(is_free && dirty)) {
      return _hs_fail(r, "v3 arena %zu: slice %zu is to purge but %s", slot->index, i,
                        is_free ? "not dirty" : "not free");
    }
    if (dirty && !committed) {
      return _hs_fail(r, "v3 arena %zu: slice %zu is dirty but not committed", slot->index, i);
    }
  }
  *free_slices = nfree;
  return true;
}

static bool hs_v3_check_page(hs_report_t* r, hs_v3_page_t* vp, size_t* offered,
                             size_t* heap_pages, const uintptr_t* heaps, size_t nheaps) {
  hs_page_t* page = &vp->page;
  const uintptr_t start = (uintptr_t)vp;
  hs_v3_arena_t* a = &vp->arena->slices;
  const size_t first = hs_v3_page_slice(vp);
  const size_t n = vp->page_size / HS_V3_SLICE_SIZE;
  if ((uint8_t*)vp < a->start || first + n > a->slice_count || n == 0 || page->slice_count != n) {
    return _hs_fail(r, "v3 page 0x%" PRIxPTR ": %zu slices do not lie in arena %zu",
                      start, n, vp->arena->index);
  }
  for (size_t i = first; i < first + n; i++) {
    if ((a->free[i / 64] >> (i % 64)) & 1) {
      return _hs_fail(r, "v3 page 0x%" PRIxPTR ": its slice %zu is free in arena %zu",
                        start, i, vp->arena->index);
    }
    if (!((a->committed[i / 64] >> (i % 64)) & 1)) {
      return _hs_fail(r, "v3 page 0x%" PRIxPTR ": its slice %zu is not committed", start, i);
    }
    const void* mapped = _hs_page_map_lookup(a->start + i * HS_V3_SLICE_SIZE);
    if (mapped != vp) {
      return _hs_fail(r, "v3 page 0x%" PRIxPTR ": the page map names 0x%" PRIxPTR
                        " for its slice %zu", start, (uintptr_t)mapped, i - first);
    }
  }
  if (!_hs_validate_page_blocks(r->msg, r->size, page, start, start + vp->page_size)) return false;

  const hs_thread_free_t tf = hs_atomic_load_relaxed(&page->xthread_free);
  hs_heap_t* heap = hs_page_heap(page);
  const size_t bin = (page->is_huge ? HS_BIN_HUGE : _hs_bin(page->block_size));
  const bool is_offered = (bin < HS_BIN_HUGE && _hs_v3_abandoned_is_offered(&vp->arena->abandoned, bin, first));
  if (is_offered) offered[bin]++;
  const uintptr_t tid = hs_atomic_load_relaxed(&vp->thread_id);
  if (heap != NULL) {
    size_t index;
    if (!hs_v3_set_has(heaps, nheaps, (uintptr_t)heap, &index)) {
      return _hs_fail(r, "v3 page 0x%" PRIxPTR ": owner heap 0x%" PRIxPTR " is not a live heap",
                        start, (uintptr_t)heap);
    }
    heap_pages[index]++;
    if (!hs_v3_tf_is_owned(tf)) {
      return _hs_fail(r, "v3 page 0x%" PRIxPTR ": belongs to heap 0x%" PRIxPTR
                        " but its ownership bit is clear", start, (uintptr_t)heap);
    }
    if (tid != heap->thread_id || vp->abandoned) {
      return _hs_fail(r, "v3 page 0x%" PRIxPTR ": heap 0x%" PRIxPTR " of thread 0x%" PRIxPTR
                        " owns it, but it records thread 0x%" PRIxPTR "%s", start, (uintptr_t)heap,
                        heap->thread_id, tid, vp->abandoned ? " and says it is abandoned" : "");
    }
    if (is_offered) {
      return _hs_fail(r, "v3 page 0x%" PRIxPTR ": belongs to heap 0x%" PRIxPTR
                        " but is still offered as abandoned (bin %zu)", start, (uintptr_t)heap, bin);
    }
  } else {
    if (!vp->abandoned || tid != 0 || hs_v3_tf_is_owned(tf)) {
      return _hs_fail(r, "v3 page 0x%" PRIxPTR ": has no heap but is %s (thread 0x%" PRIxPTR ")",
                        start, vp->abandoned ? "still owned" : "not marked abandoned", tid);
    }
    if (is_offered && page->used >= page->reserved) {
      return _hs_fail(r, "v3 page 0x%" PRIxPTR ": offered for allocation but full (%u of %u blocks)",
                        start, (unsigned)page->used, (unsigned)page->reserved);
    }
    if (hs_page_all_free(page) && hs_v3_tf_block(tf) == NULL) {
      return _hs_fail(r, "v3 page 0x%" PRIxPTR ": abandoned with no block in use (it should have been freed)",
                        start);
    }
  }
  return true;
}

bool _hs_v3_validate(char* msg, size_t msg_size, size_t* heap_pages, const uintptr_t* heaps,
                     size_t nheaps) {
  hs_report_t report = { msg, msg_size };
  hs_report_t* r = &report;
  _hs_v3_registry_lock();
  bool ok = hs_v3_gather_pages();
  if (!ok) _hs_fail(r, "validator: out of scratch memory");

  size_t offered[HS_V3_ABANDON_BINS];
  memset(offered, 0, sizeof(offered));
  size_t abandoned = 0, page_slices_total = 0;
  for (hs_v3_page_t* vp = _hs_v3_registry_first(); ok && vp != NULL; vp = vp->reg_next) {
    ok = hs_v3_check_page(r, vp, offered, heap_pages, heaps, nheaps);
    abandoned += (vp->abandoned ? 1 : 0);
    page_slices_total += vp->page_size / HS_V3_SLICE_SIZE;
  }
  _hs_v3_registry_unlock();
  if (!ok) return false;

  size_t reserved = 0, committed = 0, free_slices = 0, arena_slices = 0;
  size_t offers[HS_V3_ABANDON_BINS];
  memset(offers, 0, sizeof(offers));
  for (size_t i = 0; i < _hs_v3_arenas_count(); i++) {
    hs_v3_arena_slot_t* slot = _hs_v3_arena_at(i);
    size_t nfree = 0;
    if (!hs_v3_check_arena(r, slot, &nfree)) return false;
    free_slices += nfree;
    arena_slices += slot->slices.slice_count;
    reserved += slot->slices.slice_count * HS_V3_SLICE_SIZE;
    committed += _hs_v3_arena_count(&slot->slices, HS_V3_SLICES_COMMITTED) * HS_V3_SLICE_SIZE;
    for (size_t bin = 1; bin < HS_V3_ABANDON_BINS; bin++) offers[bin] += _hs_v3_abandoned_count(&slot->abandoned, bin);
  }
  if (free_slices + page_slices_total != arena_slices) {
    return _hs_fail(r, "v3 arenas: %zu free slices and %zu slices in pages, but the arenas have %zu",
                      free_slices, page_slices_total, arena_slices);
  }
  for (size_t bin = 1; bin < HS_V3_ABANDON_BINS; bin++) {
    if (offers[bin] != offered[bin]) {
      return _hs_fail(r, "v3 arenas: bin %zu counts %zu offered pages, but %zu pages are offered",
                        bin, offers[bin], offered[bin]);
    }
  }
  if (abandoned != _hs_v3_abandoned_pages()) {
    return _hs_fail(r, "v3: %zu pages are abandoned, but the abandoned count is %zu",
                      abandoned, _hs_v3_abandoned_pages());
  }
  const int64_t stat_reserved = __atomic_load_n(&_hs_stats.reserved.current, __ATOMIC_RELAXED);
  const int64_t stat_committed = __atomic_load_n(&_hs_stats.committed.current, __ATOMIC_RELAXED);
  const int64_t stat_pages = __atomic_load_n(&_hs_stats.pages.current, __ATOMIC_RELAXED);
  if ((int64_t)reserved != stat_reserved) {
    return _hs_fail(r, "statistics: reserved is %lld bytes, but the v3 arenas hold %zu",
                      (long long)stat_reserved, reserved);
  }
  if ((int64_t)committed != stat_committed) {
    return _hs_fail(r, "statistics: committed is %lld bytes, but the v3 arenas have %zu committed",
                      (long long)stat_committed, committed);
  }
  if ((int64_t)hs_v3_page_set_count != stat_pages) {
    return _hs_fail(r, "statistics: %lld pages, but %zu v3 pages are live",
                      (long long)stat_pages, hs_v3_page_set_count);
  }
  return true;
}
