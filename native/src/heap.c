/* Heapscope core: heaps.
 *
 * Every thread has a backing heap; first-class heaps (hs_heap_new) share the thread's segments
 * but keep their own page queues, so they can be deleted (live blocks move to the backing heap)
 * or destroyed (every page freed at once). A heap allocates only on its thread; any thread may
 * free into it. Other threads reach a heap only through its pages' `xheap` and its atomic
 * delayed-free list, which is why deleting or abandoning a heap first makes every page
 * NEVER_DELAYED_FREE and waits out remote frees caught in DELAYED_FREEING.
 */
#include "internal.h"

#include <errno.h>
#include <sched.h>
#include <string.h>

/* ---------------------------------------------------------------------------------------------
   Registry of all live heaps (inspection, validation, statistics)
--------------------------------------------------------------------------------------------- */

static pthread_mutex_t hs_heap_registry_mutex = PTHREAD_MUTEX_INITIALIZER;
static hs_heap_t* hs_heap_registry;

void _hs_heap_registry_lock(void) { pthread_mutex_lock(&hs_heap_registry_mutex); }
void _hs_heap_registry_unlock(void) { pthread_mutex_unlock(&hs_heap_registry_mutex); }
hs_heap_t* _hs_heap_registry_first(void) { return hs_heap_registry; }

static void hs_heap_registry_add(hs_heap_t* heap) {
  _hs_heap_registry_lock();
  hs_registry_push(hs_heap_registry, heap);
  _hs_heap_registry_unlock();
}

void _hs_heap_registry_remove(hs_heap_t* heap) {
  _hs_heap_registry_lock();
  hs_registry_unlink(hs_heap_registry, heap);
  _hs_heap_registry_unlock();
}

bool _hs_heap_is_default(const hs_heap_t* heap) {
  return heap->tld != NULL && heap->tld->heap_default == heap;
}

/* ---------------------------------------------------------------------------------------------
   Initialisation and the default heap
--------------------------------------------------------------------------------------------- */

static void hs_heap_reset_pages(hs_heap_t* heap) {
  for (size_t i = 0; i < HS_PAGES_DIRECT; i++) heap->pages_free_direct[i] = (hs_page_t*)&_hs_page_empty;
  for (size_t bin = 0; bin <= HS_BIN_FULL; bin++) {
    heap->pages[bin].first = NULL;
    heap->pages[bin].last = NULL;
    heap->pages[bin].block_size = _hs_bin_size(bin);
  }
  heap->page_count = 0;
  heap->page_retired_min = HS_BIN_FULL;
  heap->page_retired_max = 0;
}

/* The thread's first heap becomes its backing heap; later ones follow it in `tld->heaps`. */
void _hs_heap_init(hs_heap_t* heap, hs_tld_t* tld, bool no_reclaim) {
  memset(heap, 0, sizeof(*heap));
  heap->tld = tld;
  heap->thread_id = tld->thread_id;
  heap->no_reclaim = no_reclaim;
  _hs_random_init(&heap->random);
  heap->cookie = (uintptr_t)_hs_random_next(&heap->random) | 1;   /* 0 marks the empty heap */
  heap->keys[0] = (uintptr_t)_hs_random_next(&heap->random);
  heap->keys[1] = (uintptr_t)_hs_random_next(&heap->random);
  hs_heap_reset_pages(heap);

  if (tld->heap_backing == NULL) {
    heap->next = tld->heaps;
    tld->heaps = heap;
  }
  else {
    heap->next = tld->heap_backing->next;
    tld->heap_backing->next = heap;
  }
  hs_heap_registry_add(heap);
}

void _hs_heap_set_default_direct(hs_heap_t* heap) {
  _hs_heap_default = heap;
  if (hs_heap_is_initialized(heap)) heap->tld->heap_default = heap;
}

hs_heap_t* hs_heap_get_default(void) {
  if (hs_unlikely(!hs_heap_is_initialized(hs_heap_get_default_inline()))) _hs_thread_init();
  return hs_heap_get_default_inline();
}

hs_heap_t* hs_heap_get_backing(void) {
  hs_tld_t* tld = _hs_thread_tld();
  return (tld == NULL ? NULL : tld->heap_backing);
}

hs_heap_t* hs_heap_set_default(hs_heap_t* heap) {
  if (heap == NULL || !hs_heap_is_initialized(heap)) return NULL;
  hs_heap_t* previous = hs_heap_get_default();
  _hs_heap_set_default_direct(heap);
  return previous;
}

hs_heap_t* hs_heap_new(void) {
  hs_tld_t* tld = _hs_thread_tld();
  if (tld == NULL) return NULL;
  hs_heap_t* heap = (hs_heap_t*)_hs_os_alloc_meta(sizeof(hs_heap_t));
  if (heap == NULL) {
    _hs_error(ENOMEM, "unable to allocate a heap");
    errno = ENOMEM;
    return NULL;
  }
  /* no_reclaim: no reclaim on free and no adoption on a forced collect; a reclaim on allocation
     still brings abandoned pages in (as in mimalloc), which destroy hands to the backing heap. */
  _hs_heap_init(heap, tld, true);
  return heap;
}

/* Unlink a first-class heap from its thread and release its struct. */
static void hs_heap_free(hs_heap_t* heap) {
  hs_tld_t* tld = heap->tld;
  if (_hs_heap_is_default(heap)) _hs_heap_set_default_direct(tld->heap_backing);
  for (hs_heap_t** link = &tld->heaps; *link != NULL; link = &(*link)->next) {
    if (*link == heap) {
      *link = heap->next;
      break;
    }
  }
  _hs_heap_registry_remove(heap);
  _hs_os_free_meta(heap, sizeof(hs_heap_t));
}

/* ---------------------------------------------------------------------------------------------
   Delayed frees
--------------------------------------------------------------------------------------------- */

/* Free the blocks other threads put on this heap's delayed list. A block whose page is still
   DELAYED_FREEING is pushed back for a later visit. True when nothing was pushed back. */
bool _hs_heap_delayed_free_partial(hs_heap_t* heap) {
  if (hs_likely(hs_atomic_load_relaxed(&heap->thread_delayed_free) == NULL)) return true;
  hs_block_t* block = hs_atomic_exchange_acq_rel(&heap->thread_delayed_free, NULL);

  bool all_freed = true;
  while (block != NULL) {
    const hs_page_t* page = _hs_ptr_page(block);
    hs_block_t* next = hs_block_nextx(page, block);   /* read before the free reuses the word */
    if (!_hs_free_delayed_block_try(block)) {
      all_freed = false;
      hs_block_t* head = hs_atomic_load_relaxed(&heap->thread_delayed_free);
      do {
        hs_block_set_nextx(page, block, head);
      } while (!hs_atomic_cas_weak_release(&heap->thread_delayed_free, &head, block));
    }
    block = next;
  }
  return all_freed;
}

void _hs_heap_delayed_free_all(hs_heap_t* heap) {
  while (!_hs_heap_delayed_free_partial(heap)) sched_yield();
}

/* ---------------------------------------------------------------------------------------------
   Collect
--------------------------------------------------------------------------------------------- */

/* Collect every page's frees and hand empty pages back to their segments. A forced collect
   first runs every scheduled purge of the page's segment (v2.1.7 `mi_heap_page_collect`): a
   span freed by this very collect is scheduled after it, so it waits for its delay. */
static void hs_heap_collect_pages(hs_heap_t* heap, bool force) {
  for (size_t bin = 0; bin <= HS_BIN_FULL; bin++) {
    hs_page_queue_t* pq = &heap->pages[bin];
    hs_page_t* page = pq->first;
    while (page != NULL) {
      hs_page_t* next = page->next;
      _hs_page_free_collect(page, force);
      if (force && !hs_design_is_v3()) _hs_segment_try_purge(_hs_page_segment(page), true);
      if (hs_page_all_free(page)) _hs_page_free(page, pq, force);
      page = next;
    }
  }
}

/* mimalloc's mi_heap_collect_ex (v2.0.9 and v2.1.7): only the process's main thread, on its
   backing heap, adopts abandoned segments, and only on a forced collect; any other collect
   leaves them to the threads that need memory. A plain collect runs no purge of the thread's
   own segments (only the page-free path does, for the segment of a page it frees); abandoned
   segments and the arenas get their expired purges, or all of them when forced. */
void hs_heap_collect(hs_heap_t* heap, bool force) {
  if (heap == NULL || !hs_heap_is_initialized(heap)) return;
  hs_tld_t* tld = heap->tld;
  const bool is_main_thread = _hs_is_main_thread() && heap->thread_id == _hs_thread_id();
  if (force && is_main_thread && heap == tld->heap_backing && !heap->no_reclaim && !hs_design_is_v3()) {
    _hs_abandoned_reclaim_all(heap, &tld->segments);
  }
  _hs_heap_delayed_free_all(heap);
  _hs_heap_collect_retired(heap, force);
  hs_heap_collect_pages(heap, force);
  if (hs_design_is_v3()) {
    _hs_v3_collect(force);   /* no segments; an abandoned page is freed by the free that empties it */
    return;
  }
  _hs_abandoned_collect(force, &tld->segments);
  _hs_arena_collect(force);
}

/* Another thread that never allocated has nothing to collect (its default heap is the empty
   one); the process main thread's heap exists from the start in mimalloc (`_mi_heap_main`), so
   there the heap is set up first. */
void hs_collect(bool force) {
  if (!hs_heap_is_initialized(hs_heap_get_default_inline()) && _hs_is_main_thread()) (void)_hs_thread_tld();
  hs_heap_collect(hs_heap_get_default_inline(), force);
}

/* Thread exit (or deleting a backing heap): no page of this heap may be reachable through it
   afterwards. Every page becomes NEVER_DELAYED_FREE (waiting out remote frees in the middle
   of a notification), the delayed list is drained, and each page is either empty, and freed,
   or abandoned to its segment with its live blocks. */
void _hs_heap_collect_abandon(hs_heap_t* heap) {
  for (size_t bin = 0; bin <= HS_BIN_FULL; bin++) {
    for (hs_page_t* page = heap->pages[bin].first; page != NULL; page = page->next) {
      _hs_page_use_delayed_free(page, HS_NEVER_DELAYED_FREE, false);
    }
  }
  _hs_heap_delayed_free_all(heap);

  for (size_t bin = 0; bin <= HS_BIN_FULL; bin++) {
    hs_page_queue_t* pq = &heap->pages[bin];
    hs_page_t* page = pq->first;
    while (page != NULL) {
      hs_page_t* next = page->next;
      _hs_page_free_collect(page, true);
      if (hs_page_all_free(page)) _hs_page_free(page, pq, false);
      else _hs_page_abandon(page, pq);
      page = next;
    }
  }
  hs_heap_reset_pages(heap);
}

/* ---------------------------------------------------------------------------------------------
   Delete and destroy
--------------------------------------------------------------------------------------------- */

/* Move all pages of `from` into `to` (same thread), then process the delayed frees that
   reached `from` before the switch. */
static void hs_heap_absorb(hs_heap_t* to, hs_heap_t* from) {
  _hs_heap_delayed_free_partial(from);
  for (size_t bin = 0; bin <= HS_BIN_FULL; bin++) {
    const size_t moved = _hs_page_queue_append(to, &to->pages[bin], &from->pages[bin]);
    to->page_count += moved;
  }
  /* Retired pages keep their countdown in their new heap. */
  if (from->page_retired_min < to->page_retired_min) to->page_retired_min = from->page_retired_min;
  if (from->page_retired_max > to->page_retired_max) to->page_retired_max = from->page_retired_max;
  _hs_heap_delayed_free_all(from);
  hs_heap_reset_pages(from);
}

void hs_heap_delete(hs_heap_t* heap) {
  if (heap == NULL || !hs_heap_is_initialized(heap)) return;
  hs_heap_t* backing = heap->tld->heap_backing;
  if (heap == backing) {
    _hs_heap_collect_abandon(heap);   /* the backing heap itself stays; its pages are abandoned */
    return;
  }
  hs_heap_absorb(backing, heap);
  hs_heap_free(heap);
}

/* Hand a page back to its segment whatever it holds. */
static void hs_heap_page_destroy(hs_heap_t* heap, hs_page_queue_t* pq, hs_page_t* page) {
  _hs_page_use_delayed_free(page, HS_NEVER_DELAYED_FREE, false);
  _hs_page_queue_remove(pq, page);
  page->used = 0;
  page->free = NULL;
  page->local_free = NULL;
  hs_page_set_has_aligned(page, false);
  page->retire_expire = 0;
  hs_atomic_store_relaxed(&page->xthread_free, hs_tf_make(NULL, HS_NEVER_DELAYED_FREE));
  hs_atomic_store_release(&page->xheap, (uintptr_t)0);
  _hs_design_page_free(page, false, heap);
}

void hs_heap_destroy(hs_heap_t* heap) {
  if (heap == NULL || !hs_heap_is_initialized(heap)) return;
  if (!heap->no_reclaim) {
    /* It may hold pages reclaimed from other threads, whose blocks must survive. */
    hs_heap_delete(heap);
    return;
  }
  /* A first-class heap may hold pages it reclaimed on allocation, with blocks other threads
     still own. mimalloc (2.0.9, v2.1.7) destroys those too; the core hands them to the backing
     heap, so those blocks stay valid (docs/mimalloc-versions.md). Their delayed frees first. */
  hs_heap_t* backing = heap->tld->heap_backing;
  bool any_reclaimed = false;
  for (size_t bin = 0; bin <= HS_BIN_FULL && !any_reclaimed; bin++) {
    for (hs_page_t* page = heap->pages[bin].first; page != NULL && !any_reclaimed; page = page->next) {
      any_reclaimed = page->is_reclaimed;
    }
  }
  if (any_reclaimed) _hs_heap_delayed_free_all(heap);
  size_t pages = 0;
  for (size_t bin = 0; bin <= HS_BIN_FULL; bin++) {
    hs_page_queue_t* pq = &heap->pages[bin];
    hs_page_t* page = pq->first;
    while (page != NULL) {
      hs_page_t* next = page->next;
      if (page->is_reclaimed) {
        _hs_page_queue_remove(pq, page);
        _hs_page_reclaim(backing, page);
      } else {
        hs_heap_page_destroy(heap, pq, page);
        pages++;
      }
      page = next;
    }
  }
  /* Delayed blocks pointed into the pages just freed. */
  hs_atomic_store_release(&heap->thread_delayed_free, (hs_block_t*)NULL);
  hs_event(HEAP_DESTROYED, 0, 0, heap, 0, pages);
  hs_heap_reset_pages(heap);
  hs_heap_free(heap);
}

/* ---------------------------------------------------------------------------------------------
   Queries
--------------------------------------------------------------------------------------------- */

bool hs_heap_contains_block(hs_heap_t* heap, const void* p) {
  if (heap == NULL || p == NULL || !hs_heap_is_initialized(heap)) return false;
  if (!_hs_design_is_heap_ptr(p)) return false;
  const hs_page_t* page = _hs_ptr_page(p);
  return page->block_size > 0 && hs_page_heap(page) == heap;
}
