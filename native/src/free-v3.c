/* Freeing under the v3 design (mimalloc v3.4.3, src/free.c).
 *
 * The block's page comes from the page map. A free by the thread whose heap owns the page is
 * the same local free as in v2 (free.c). Any other free pushes the block on the page's
 * thread_free list and always sets the ownership bit: there is no delayed free, no heap to
 * notify. If the bit was clear, the page was abandoned and this free now owns it; page-v3.c
 * decides what becomes of it (freed, reclaimed here, or given up again).
 */
#include "internal.h"
#include "page-v3.h"
#include "thread-free-v3.h"

static hs_noinline void hs_v3_free_mt(hs_page_t* page, void* p) {
  hs_block_t* block = (hs_unlikely(hs_page_has_aligned(page)) ? _hs_page_ptr_unalign(page, p) : (hs_block_t*)p);
  if (hs_unlikely(hs_page_checks_free(page)) && _hs_check_double_free(page, block)) return;
  if (hs_unlikely(page->is_huge)) _hs_free_huge_reset(page, block);
  hs_stat_counter(thread_frees, 1);
  if (_hs_v3_thread_free_push(page, block)) _hs_v3_page_claimed_by_free(page);
}

void _hs_v3_free(void* p) {
  hs_page_t* const page = (hs_page_t*)_hs_page_map_lookup(p);
  if (hs_unlikely(page == NULL)) {
    if (p != NULL) _hs_warning("free of %p, which heapscope did not allocate: ignored", p);
    return;
  }
  const bool is_local = hs_v3_page_is_local(page);
  if (hs_likely(is_local && hs_page_flags(page).full_aligned == 0)) {
    hs_block_t* const block = (hs_block_t*)p;
    hs_block_set_next(page, block, page->local_free);
    page->local_free = block;
    if (hs_unlikely(--page->used == 0)) _hs_page_retire(page);
    return;
  }
  if (is_local) _hs_free_local_generic(page, p);
  else hs_v3_free_mt(page, p);
}
