/* Heapscope core: freeing blocks.
 *
 * The fast path is a free by the thread that owns the block's segment into a page that is
 * neither full nor holding over-aligned blocks (one flags byte says so): push the block on the
 * page's `local_free` list and count it. Everything else goes through a noinline path:
 *   - local frees into full or aligned pages (unalign, unfull) and checked frees (secure 4);
 *   - frees by other threads, which may only touch the page's atomic `xthread_free`, or — for a
 *     page its owner never searches (on the full queue, or large and huge) — notify the owning
 *     heap once through its delayed list.
 */
#include "internal.h"

#include <errno.h>
#include <sched.h>

/* ---------------------------------------------------------------------------------------------
   Helpers
--------------------------------------------------------------------------------------------- */

/* An over-aligned allocation hands out a pointer inside its block: round back to the block. */
hs_block_t* _hs_page_ptr_unalign(const hs_page_t* page, const void* p) {
  const size_t diff = (size_t)((const uint8_t*)p - page->page_start);
  return (hs_block_t*)((uintptr_t)p - (diff % page->block_size));
}

static inline hs_block_t* hs_block_of(const hs_page_t* page, void* p) {
  return (hs_unlikely(hs_page_has_aligned(page)) ? _hs_page_ptr_unalign(page, p) : (hs_block_t*)p);
}

/* ---------------------------------------------------------------------------------------------
   Double-free detection (secure >= 4)
--------------------------------------------------------------------------------------------- */

/* Walks only links that are blocks of this page, and at most `capacity` of them, so a list being
   changed by its owner at the same time cannot lead the walk astray. */
static bool hs_list_contains(const hs_page_t* page, const hs_block_t* list, const hs_block_t* block) {
  size_t steps = 0;
  while (list != NULL && steps <= page->capacity && hs_page_is_block_address(page, list)) {
    if (list == block) return true;
    list = hs_block_nextx(page, list);
    steps++;
  }
  return false;
}

static void hs_report_double_free(const hs_page_t* page, const hs_block_t* block) {
  _hs_error(EAGAIN, "double free detected of block %p with size %zu (ignored)", (void*)block,
            page->block_size);
  hs_stat_counter(double_frees, 1);
  hs_event(DOUBLE_FREE, _hs_page_segment(page), page->page_start, block, page->block_size, 1);
}

/* A freed block's first word is a link to NULL or to a block of the same page. A live block
   rarely looks like that, so only then are the page's lists searched to be sure. */
bool _hs_check_double_free(const hs_page_t* page, const hs_block_t* block) {
  const hs_block_t* n = hs_block_nextx(page, block);
  if (n != NULL && !hs_page_is_block_address(page, n)) return false;
  if (!hs_list_contains(page, page->free, block) &&
      !hs_list_contains(page, page->local_free, block) &&
      !hs_list_contains(page, hs_page_thread_free(page), block)) {
    return false;
  }
  hs_report_double_free(page, block);
  return true;
}

/* The owner may also find the block on its heap's delayed list, where a remote free of any
   page's first block lands (links there are encoded with each block's own page keys, and may
   lead to other pages, so the first-word test above cannot tell). Owner thread only: nobody
   else pops that list. Bounded, so a corrupted list cannot trap the walk. */
static bool hs_check_double_free_local(const hs_page_t* page, const hs_block_t* block) {
  if (_hs_check_double_free(page, block)) return true;
  const hs_heap_t* heap = hs_page_heap(page);
  if (heap == NULL) return false;
  const hs_block_t* b = hs_atomic_load_acquire(&((hs_heap_t*)heap)->thread_delayed_free);
  for (size_t steps = 0; b != NULL && steps < ((size_t)1 << 20); steps++) {
    if (b == block) {
      hs_report_double_free(page, block);
      return true;
    }
    const hs_page_t* bpage = _hs_ptr_page(b);
    if (!hs_page_is_block_address(bpage, b)) return false;
    b = hs_block_nextx(bpage, b);
  }
  return false;
}

/* ---------------------------------------------------------------------------------------------
   Local frees (the owner thread)
--------------------------------------------------------------------------------------------- */

static inline void hs_free_block_local(hs_page_t* page, hs_block_t* block, bool check_full) {
  if (hs_unlikely(hs_page_checks_free(page)) && hs_check_double_free_local(page, block)) return;
  hs_block_set_next(page, block, page->local_free);
  page->local_free = block;
  if (hs_unlikely(--page->used == 0)) {
    _hs_page_retire(page);
  }
  else if (hs_unlikely(check_full && hs_page_is_in_full(page))) {
    _hs_page_unfull(page);
  }
}

/* ---------------------------------------------------------------------------------------------
   Frees by other threads
--------------------------------------------------------------------------------------------- */

/* The page is DELAYED_FREEING: push the block on the owning heap's delayed list (so a page the
   owner never searches still comes back), then leave the state for NO_DELAYED_FREE. Until
   then the owner will not process this block, so the page stays alive under us. */
static hs_noinline void hs_free_delayed_notify(hs_page_t* page, hs_block_t* block) {
  hs_heap_t* heap = (hs_heap_t*)hs_atomic_load_acquire(&page->xheap);
  if (hs_likely(heap != NULL)) {
    hs_block_t* head = hs_atomic_load_relaxed(&heap->thread_delayed_free);
    do {
      hs_block_set_nextx(page, block, head);
    } while (!hs_atomic_cas_weak_release(&heap->thread_delayed_free, &head, block));
    hs_event(DELAYED_NOTIFY, _hs_page_segment(page), page->page_start, block, page->block_size, 1);
  }

  /* Without a heap (it cannot be: pages without one are NEVER_DELAYED_FREE) the block goes on
     the page's own list rather than being lost. */
  hs_thread_free_t tf = hs_atomic_load_relaxed(&page->xthread_free);
  hs_thread_free_t desired;
  do {
    if (heap != NULL) {
      desired = hs_tf_make(hs_tf_block(tf), HS_NO_DELAYED_FREE);
    }
    else {
      hs_block_set_next(page, block, hs_tf_block(tf));
      desired = hs_tf_make(block, HS_NO_DELAYED_FREE);
    }
  } while (!hs_atomic_cas_weak_release(&page->xthread_free, &tf, desired));
}

static void hs_free_block_mt(hs_page_t* page, hs_block_t* block) {
  hs_thread_free_t tf = hs_atomic_load_relaxed(&page->xthread_free);
  hs_thread_free_t desired;
  bool notify;
  do {
    notify = (hs_tf_delayed(tf) == HS_USE_DELAYED_FREE);
    if (hs_unlikely(notify)) {
      desired = hs_tf_make(hs_tf_block(tf), HS_DELAYED_FREEING);   /* claim the notification */
    }
    else {
      hs_block_set_next(page, block, hs_tf_block(tf));
      desired = hs_tf_make(block, hs_tf_delayed(tf));
    }
  } while (!hs_atomic_cas_weak_acq_rel(&page->xthread_free, &tf, desired));

  if (hs_unlikely(notify)) hs_free_delayed_notify(page, block);
}

/* A huge block freed by another thread: release its memory now rather than when the owner
   next looks (the first OS page stays, it holds the link). */
void _hs_free_huge_reset(const hs_page_t* page, hs_block_t* block) {
  const size_t os_page = _hs_os_page_size();
  const uintptr_t start = hs_align_up((uintptr_t)block + sizeof(hs_block_t), os_page);
  const uintptr_t end = hs_align_down((uintptr_t)block + page->block_size, os_page);
  if (end > start) _hs_os_reset((void*)start, end - start);
}

/* The segment's owner thread exited: adopt the whole segment into this thread's backing heap,
   unless this thread has no heap yet (or is exiting) or the option is off. */
static bool hs_reclaim_on_free(hs_segment_t* segment) {
  if (!hs_option_is_enabled(hs_option_reclaim_on_free)) return false;
  hs_heap_t* heap = hs_heap_get_default_inline();
  if (!hs_heap_is_initialized(heap)) return false;
  return _hs_segment_attempt_reclaim(heap->tld->heap_backing, segment);
}

static void hs_free_mt(hs_segment_t* segment, hs_page_t* page, void* p) {
  if (hs_unlikely(segment->cookie != _hs_segment_cookie(segment))) {
    _hs_warning("free of %p, which heapscope did not allocate: ignored", p);
    return;
  }
  hs_block_t* block = hs_block_of(page, p);
  if (hs_unlikely(hs_atomic_load_relaxed(&segment->thread_id) == 0) && hs_reclaim_on_free(segment)) {
    hs_free_block_local(page, block, true);   /* the segment is ours now */
    return;
  }
  if (hs_unlikely(hs_page_checks_free(page)) && _hs_check_double_free(page, block)) return;
  if (hs_unlikely(segment->kind == HS_SEGMENT_HUGE)) _hs_free_huge_reset(page, block);
  hs_stat_counter(thread_frees, 1);
  hs_free_block_mt(page, block);
}

/* ---------------------------------------------------------------------------------------------
   hs_free
--------------------------------------------------------------------------------------------- */

static hs_noinline void hs_free_generic(hs_segment_t* segment, hs_page_t* page, bool is_local, void* p) {
  if (hs_likely(is_local)) hs_free_block_local(page, hs_block_of(page, p), true);
  else hs_free_mt(segment, page, p);
}

void _hs_free_local_generic(hs_page_t* page, void* p) {
  hs_free_block_local(page, hs_block_of(page, p), true);
}

void hs_free(void* p) {
  if (hs_unlikely(hs_design_is_v3())) {
    _hs_v3_free(p);
    return;
  }
  hs_segment_t* const segment = _hs_ptr_segment(p);
  if (hs_unlikely(segment == NULL)) return;   /* NULL (or an address below the first segment) */
  hs_page_t* const page = _hs_segment_page_of(segment, p);
  const bool is_local = (hs_atomic_load_relaxed(&segment->thread_id) == _hs_thread_id());
  if (hs_likely(is_local && hs_page_flags(page).full_aligned == 0)) {
    hs_block_t* const block = (hs_block_t*)p;
    hs_block_set_next(page, block, page->local_free);
    page->local_free = block;
    if (hs_unlikely(--page->used == 0)) _hs_page_retire(page);
    return;
  }
  hs_free_generic(segment, page, is_local, p);
}

/* ---------------------------------------------------------------------------------------------
   Blocks from a heap's delayed list (the owner thread)
--------------------------------------------------------------------------------------------- */

/* Refused (false) while the block's page is still DELAYED_FREEING: the notifying thread has
   yet to write the page, so the page must not be freed under it. */
bool _hs_free_delayed_block_try(hs_block_t* block) {
  hs_page_t* page = _hs_ptr_page(block);
  /* Re-arm the notification *before* collecting, so no remote free slips onto the thread-free
     list of a page the owner may never search again without notifying the heap. */
  if (!_hs_page_try_use_delayed_free(page, HS_USE_DELAYED_FREE, false)) return false;

  _hs_page_free_collect(page, false);   /* makes `used` exact before the free */
  hs_stat_counter(delayed_frees, 1);
  hs_event(DELAYED_PROCESSED, _hs_page_segment(page), page->page_start, block, page->block_size, 1);
  hs_free_block_local(page, block, true);
  return true;
}

void _hs_free_delayed_block(hs_block_t* block) {
  while (!_hs_free_delayed_block_try(block)) sched_yield();
}
