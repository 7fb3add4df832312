/* v3's thread-free list: other threads' frees, with an ownership bit instead of delayed free.
 *
 * In mimalloc v3 (v3.4.3, free.c) the low bit of a page's thread_free word says whether some
 * thread owns the page. A thread that frees into a page it does not own pushes the block and
 * always leaves the bit set; if the bit was clear before its push, the page was abandoned and
 * the freeing thread has just become its owner: it may then free the page, reclaim it into its
 * own heap, or give ownership back. There is no delayed-free state and no heap to notify.
 *
 * Here the word is the page's xthread_free; blocks are linked with the page's (possibly
 * encoded) next pointers, as every free list in the core is.
 */
#include "internal.h"
#include "thread-free-v3.h"

void _hs_v3_thread_free_init(hs_page_t* page, bool owned) {
  hs_atomic_store_release(&page->xthread_free, owned ? HS_V3_TF_OWNED : 0);
}

bool _hs_v3_thread_free_push(hs_page_t* page, hs_block_t* block) {
  hs_thread_free_t old = hs_atomic_load_relaxed(&page->xthread_free);
  hs_thread_free_t tf;
  do {
    hs_block_set_next(page, block, hs_v3_tf_block(old));
    tf = (hs_thread_free_t)block | HS_V3_TF_OWNED;
  } while (!hs_atomic_cas_weak_acq_rel(&page->xthread_free, &old, tf));
  return !hs_v3_tf_is_owned(old);
}

hs_block_t* _hs_v3_thread_free_take(hs_page_t* page) {
  const hs_thread_free_t old = hs_atomic_exchange_acq_rel(&page->xthread_free, HS_V3_TF_OWNED);
  return hs_v3_tf_block(old);
}

bool _hs_v3_thread_free_try_unown(hs_page_t* page, hs_block_t* expected) {
  hs_thread_free_t want = (hs_thread_free_t)expected | HS_V3_TF_OWNED;
  return atomic_compare_exchange_strong_explicit(&page->xthread_free, &want,
                                                 (hs_thread_free_t)expected,
                                                 memory_order_acq_rel, memory_order_acquire);
}

bool _hs_v3_thread_free_try_claim(hs_page_t* page) {
  hs_thread_free_t old = hs_atomic_load_relaxed(&page->xthread_free);
  while (!hs_v3_tf_is_owned(old)) {
    if (hs_atomic_cas_weak_acq_rel(&page->xthread_free, &old, old | HS_V3_TF_OWNED)) return true;
  }
  return false;
}
