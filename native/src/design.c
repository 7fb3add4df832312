/* Which of mimalloc's designs the core runs, and the calls that differ between them.
 *
 * The core shares with mimalloc what both of its generations share: size bins, page queues,
 * the three free lists of a page and the page layer around them (page.c, page-queue.c,
 * alloc.c, free.c). Where pages come from, how a pointer finds its page and how pages change
 * owner differ:
 *   v2 (mimalloc v2.1.x): segments carved from arenas, pages found by masking to the segment,
 *      per-segment abandonment at thread exit, delayed frees (segment.c, segment-abandon.c);
 *   v3 (mimalloc v3.4.3): pages carved straight from arenas, found through the page map,
 *      abandoned one by one, an ownership bit in thread_free (page-v3.c, free-v3.c).
 *
 * The design is a per-process choice (option `design`, HEAPSCOPE_DESIGN=v2|v3), fixed when the
 * first thread initialises: no block exists before that, and none may ever meet the other
 * design's structures.
 */
#include "internal.h"
#include "page-v3.h"

_Atomic(bool) _hs_design_is_v3_flag;
static _Atomic(int) hs_design_fixed;   /* 0 open, 2 or 3 once fixed */

void _hs_design_fix(void) {
  if (atomic_load_explicit(&hs_design_fixed, memory_order_acquire) != 0) return;
  const int design = (hs_option_get(hs_option_design) == 3 ? 3 : 2);
  int expected = 0;
  if (atomic_compare_exchange_strong_explicit(&hs_design_fixed, &expected, design,
                                              memory_order_acq_rel, memory_order_acquire)) {
    atomic_store_explicit(&_hs_design_is_v3_flag, design == 3, memory_order_release);
    _hs_verbose("running mimalloc's %s design", design == 3 ? "v3" : "v2");
  }
}

hs_attr_export int hs_design(void) {
  const int fixed = atomic_load_explicit(&hs_design_fixed, memory_order_acquire);
  if (fixed != 0) return fixed;
  return (hs_option_get(hs_option_design) == 3 ? 3 : 2);
}

hs_attr_export const char* hs_design_name(void) {
  return hs_design() == 3 ? "v3" : "v2";
}

/* ---------------------------------------------------------------------------------------------
   The page layer's calls into the design below it
--------------------------------------------------------------------------------------------- */
hs_page_t* _hs_design_page_alloc(hs_heap_t* heap, size_t block_size, size_t page_alignment,
                                 bool* reclaimed) {
  if (hs_design_is_v3()) return _hs_v3_page_alloc(heap, block_size, page_alignment, reclaimed);
  *reclaimed = false;
  return _hs_segment_page_alloc(heap, block_size, page_alignment, &heap->tld->segments);
}

void _hs_design_page_free(hs_page_t* page, bool force, hs_heap_t* heap) {
  if (hs_design_is_v3()) _hs_v3_page_free(page, force);
  else _hs_segment_page_free(page, force, &heap->tld->segments);
}

void _hs_design_page_abandon(hs_page_t* page, hs_heap_t* heap) {
  if (hs_design_is_v3()) _hs_v3_page_abandon(page, heap);
  else _hs_segment_page_abandon(page, &heap->tld->segments);
}

uint8_t* _hs_design_page_start(const hs_page_t* page, size_t* page_size) {
  if (hs_design_is_v3()) return _hs_v3_page_start(page, page_size);
  return _hs_segment_page_start(_hs_page_segment(page), page, page_size);
}

bool _hs_design_is_heap_ptr(const void* p) {
  if (hs_design_is_v3()) return _hs_page_map_lookup(p) != NULL;
  return _hs_segment_is_valid_ptr(p);
}

hs_attr_export bool hs_is_in_heap_region(const void* p) {
  return p != NULL && _hs_design_is_heap_ptr(p);
}
