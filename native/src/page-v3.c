/* The v3 design's pages: carved from shared arenas, abandoned one by one, reclaimed on
 * allocation and on free (mimalloc v3.4.3, src/arena.c, src/page.c, src/free.c).
 *
 * This file takes the place the segment layer has in the v2 design. There are no segments and
 * no per-thread span queues: every thread carves pages from the same arenas (the arena's
 * bitmaps are the only record of which slices are free), and a page's header sits at the start
 * of its own slices, entered in the page map so that any pointer into the page finds it.
 *
 * A page belongs to a heap (xheap) or is abandoned (xheap 0). Ownership is the low bit of the
 * page's thread_free word (thread-free-v3.c): the owner, or whichever thread claimed an
 * abandoned page, is the only one that touches the page's lists and counts.
 *   - An owner abandons a page when it is full (beyond the few full small pages a queue keeps)
 *     and at thread exit. If the page has a free block it is offered in its arena's bitmap for
 *     its size bin, where allocations look before carving a fresh page (reclaim on allocation).
 *   - A free by another thread into an abandoned page claims it through the ownership bit; it
 *     then frees the page if it is empty, reclaims it if page_reclaim_on_free allows, or gives
 *     it up again, offering it once it is no longer mostly used.
 *   - Freed pages return their slices to the arena, which purges them after v3's delay (1 s
 *     unless purge_delay is set).
 * Singleton pages (one block, larger than the bins) are never offered: their only block's free
 * empties them.
 */
#include "page-v3.h"
#include "arena-pages-v3.h"
#include "thread-free-v3.h"

#include <errno.h>
#include <string.h>

/* v3.4.3's purge delay (src/options.c), used unless purge_delay is set. */
#define HS_V3_PURGE_DELAY_DEFAULT 1000

/* ---------------------------------------------------------------------------------------------
   Arenas
--------------------------------------------------------------------------------------------- */
static hs_v3_arena_slot_t* _Atomic hs_v3_arenas[HS_ARENA_MAX];
static _Atomic(size_t)             hs_v3_arena_total;
static pthread_mutex_t             hs_v3_arena_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic(size_t)             hs_v3_abandoned_total;
static _Atomic(size_t)             hs_v3_reclaims[3];

size_t _hs_v3_arenas_count(void) { return atomic_load_explicit(&hs_v3_arena_total, memory_order_acquire); }
hs_v3_arena_slot_t* _hs_v3_arena_at(size_t index) {
  return index < _hs_v3_arenas_count() ? atomic_load_explicit(&hs_v3_arenas[index], memory_order_acquire) : NULL;
}
size_t _hs_v3_abandoned_pages(void) { return atomic_load_explicit(&hs_v3_abandoned_total, memory_order_relaxed); }
size_t _hs_v3_reclaimed_on(hs_v3_reclaim_how_t how) {
  return (how <= HS_V3_RECLAIM_ON_FREE ? atomic_load_explicit(&hs_v3_reclaims[how], memory_order_relaxed) : 0);
}

static long hs_v3_purge_delay(void) {
  return (_hs_option_is_given(hs_option_purge_delay) ? hs_option_get(hs_option_purge_delay)
                                                     : HS_V3_PURGE_DELAY_DEFAULT);
}

/* A new arena of at least `min_size` bytes (arena_reserve, in whole 32 MiB chunks). */
static hs_v3_arena_slot_t* hs_v3_arena_reserve(size_t min_size) {
  size_t size = (size_t)hs_option_get(hs_option_arena_reserve) * HS_KiB;
  if (size < min_size) size = min_size;
  size = hs_align_up(size, HS_V3_ARENA_MIN_SIZE);
  hs_v3_arena_slot_t* slot = NULL;
  pthread_mutex_lock(&hs_v3_arena_lock);
  const size_t index = atomic_load_explicit(&hs_v3_arena_total, memory_order_relaxed);
  if (index >= HS_ARENA_MAX) {
    _hs_error(ENOMEM, "v3: all %d arenas are in use", HS_ARENA_MAX);
  } else {
    bool is_zero = false;
    void* start = _hs_os_alloc_aligned(size, HS_V3_SLICE_SIZE, false, &is_zero);
    slot = (start == NULL ? NULL : (hs_v3_arena_slot_t*)_hs_os_alloc_meta(sizeof(*slot)));
    if (slot != NULL && _hs_v3_arena_init(&slot->slices, start, size, hs_v3_purge_delay()) &&
        _hs_v3_abandoned_init(&slot->abandoned, size / HS_V3_SLICE_SIZE)) {
      slot->index = index;
      atomic_store_explicit(&hs_v3_arenas[index], slot, memory_order_release);
      atomic_store_explicit(&hs_v3_arena_total, index + 1, memory_order_release);
      hs_stat_increase(arenas, 1);
      hs_event(ARENA_RESERVED, 0, 0, start, size, size / HS_V3_SLICE_SIZE);
    } else {
      if (slot != NULL) _hs_os_free_meta(slot, sizeof(*slot));
      if (start != NULL) _hs_os_free_ex(start, size, 0);
      slot = NULL;
    }
  }
  pthread_mutex_unlock(&hs_v3_arena_lock);
  return slot;
}

/* Purge the slices whose deadline passed (all scheduled ones when `force`). */
static bool hs_v3_purge_run(void* start, size_t size, void* arg) {
  (void)arg;
  const bool decommitted = _hs_os_purge(start, size);
  hs_event(PURGE, 0, 0, start, size, size / HS_V3_SLICE_SIZE);
  return decommitted;
}

void _hs_v3_collect(bool force) {
  const hs_msecs_t now = hs_clock_now();
  const size_t count = _hs_v3_arenas_count();
  for (size_t i = 0; i < count; i++) {
    hs_v3_arena_slot_t* slot = _hs_v3_arena_at(i);
    if (slot != NULL) (void)_hs_v3_arena_purge(&slot->slices, now, force, hs_v3_purge_run, NULL);
  }
}

/* ---------------------------------------------------------------------------------------------
   The registry of live pages (inspection, validation, statistics)
--------------------------------------------------------------------------------------------- */
static pthread_mutex_t hs_v3_registry_mutex = PTHREAD_MUTEX_INITIALIZER;
static hs_v3_page_t*   hs_v3_registry;

void _hs_v3_registry_lock(void)   { pthread_mutex_lock(&hs_v3_registry_mutex); }
void _hs_v3_registry_unlock(void) { pthread_mutex_unlock(&hs_v3_registry_mutex); }
hs_v3_page_t* _hs_v3_registry_first(void) { return hs_v3_registry; }

/* fork(): no v3 lock may be held by a thread the child does not have. Taken after the
   registries of init.c, released before them. */
void _hs_v3_fork_lock(void) {
  pthread_mutex_lock(&hs_v3_arena_lock);
  _hs_v3_registry_lock();
  const size_t count = _hs_v3_arenas_count();
  for (size_t i = 0; i < count; i++) {
    hs_v3_arena_slot_t* slot = _hs_v3_arena_at(i);
    pthread_mutex_lock(&slot->slices.lock);
    pthread_mutex_lock(&slot->abandoned.lock);
  }
  _hs_page_map_fork_lock();
}

void _hs_v3_fork_unlock(void) {
  _hs_page_map_fork_unlock();
  const size_t count = _hs_v3_arenas_count();
  for (size_t i = count; i-- > 0;) {
    hs_v3_arena_slot_t* slot = _hs_v3_arena_at(i);
    pthread_mutex_unlock(&slot->abandoned.lock);
    pthread_mutex_unlock(&slot->slices.lock);
  }
  _hs_v3_registry_unlock();
  pthread_mutex_unlock(&hs_v3_arena_lock);
}

/* ---------------------------------------------------------------------------------------------
   Carving and releasing pages
--------------------------------------------------------------------------------------------- */
static size_t hs_v3_info_size(void) { return hs_align_up(sizeof(hs_v3_page_t), HS_MAX_ALIGN_SIZE); }

/* Where the first block goes (v3.4.3's page block start): power-of-two blocks up to 4 KiB at
   their natural alignment, multiples of 4 KiB on a 4 KiB boundary, others right after the
   header. */
static size_t hs_v3_block_start(size_t block_size) {
  const size_t info = hs_v3_info_size();
  if (hs_is_power_of_two(block_size) && block_size <= HS_V3_PAGE_START_ALIGN) return hs_align_up(info, block_size);
  if (block_size % HS_V3_PAGE_START_ALIGN == 0) return hs_align_up(info, HS_V3_PAGE_START_ALIGN);
  return info;
}

/* Slices for a page of `block_size` blocks: the kind's size, or for a singleton (and any
   aligned block) its header, block and alignment slack in whole slices. */
static size_t hs_v3_page_bytes(size_t block_size, size_t page_alignment, bool* singleton) {
  const size_t info = hs_v3_info_size();
  *singleton = (page_alignment > 0 || block_size > HS_MEDIUM_OBJ_SIZE_MAX);
  if (!*singleton) return _hs_v3_page_size_of(block_size, info);
  size_t need = info + block_size;
  if (page_alignment > 0) need = hs_align_up(info, page_alignment) + block_size + (page_alignment > HS_V3_SLICE_SIZE ? page_alignment : 0);
  return hs_align_up(need, HS_V3_SLICE_SIZE);
}

static void* hs_v3_slices_take(size_t size, hs_v3_arena_slot_t** out) {
  const size_t n = size / HS_V3_SLICE_SIZE;
  for (int attempt = 0; attempt < 2; attempt++) {
    const size_t count = _hs_v3_arenas_count();
    for (size_t i = 0; i < count; i++) {
      hs_v3_arena_slot_t* slot = _hs_v3_arena_at(i);
      if (slot == NULL || n > slot->slices.slice_count) continue;
      void* p = _hs_v3_arena_slices_alloc(&slot->slices, n, NULL);
      if (p != NULL) { *out = slot; return p; }
    }
    if (attempt == 0 && hs_v3_arena_reserve(size) == NULL) return NULL;
  }
  return NULL;
}

static hs_page_t* hs_v3_page_carve(size_t block_size, size_t page_alignment) {
  bool singleton;
  const size_t size = hs_v3_page_bytes(block_size, page_alignment, &singleton);
  if (size == 0 || size > HS_MAX_ALLOC_SIZE) return NULL;
  hs_v3_arena_slot_t* slot = NULL;
  uint8_t* const start = (uint8_t*)hs_v3_slices_take(size, &slot);
  if (start == NULL) return NULL;
  const size_t n = size / HS_V3_SLICE_SIZE;

  /* Commit what the arena does not have committed, and count only that. */
  const size_t committed = _hs_v3_arena_count_in(&slot->slices, HS_V3_SLICES_COMMITTED, start, n);
  if (!_hs_os_commit_whole(start, size, committed * HS_V3_SLICE_SIZE)) {
    (void)_hs_v3_arena_slices_free(&slot->slices, start, n, hs_clock_now());
    return NULL;
  }
  if (committed < n) hs_event(COMMIT, 0, 0, start, size, n - committed);
  _hs_v3_arena_slices_committed(&slot->slices, start, n);
  if (!_hs_page_map_register(start, size, start)) {
    (void)_hs_v3_arena_slices_free(&slot->slices, start, n, hs_clock_now());
    return NULL;
  }

  hs_v3_page_t* vp = (hs_v3_page_t*)start;
  memset(vp, 0, sizeof(*vp));
  vp->arena = slot;
  vp->page_size = size;
  hs_atomic_store_relaxed(&vp->thread_id, _hs_thread_id());   /* carved for this thread's heap */
  hs_page_t* page = &vp->page;
  page->slice_count = (uint32_t)n;
  page->is_committed = 1;
  page->is_zero_init = (committed == 0);
  page->is_huge = singleton;
  page->block_size = block_size;
  size_t offset = hs_v3_block_start(block_size);
  if (singleton) offset = hs_v3_info_size();
  if (page_alignment > 0) offset = hs_align_up((uintptr_t)start + hs_v3_info_size(), page_alignment) - (uintptr_t)start;
  page->page_start = start + offset;

  _hs_v3_registry_lock();
  hs_registry_push(hs_v3_registry, vp);
  _hs_v3_registry_unlock();
  hs_stat_increase(pages, 1);
  hs_event(PAGE_ALLOC, 0, page->page_start, start, block_size, n);
  return page;
}

/* The page goes back to its arena: out of the page map, its slices free (purged later). */
static void hs_v3_page_release(hs_v3_page_t* vp) {
  hs_page_t* page = &vp->page;
  hs_v3_arena_slot_t* slot = vp->arena;
  uint8_t* start = (uint8_t*)vp;
  const size_t size = vp->page_size;
  hs_event(PAGE_FREED, 0, page->page_start, start, size, size / HS_V3_SLICE_SIZE);
  _hs_v3_registry_lock();
  hs_registry_unlink(hs_v3_registry, vp);
  _hs_v3_registry_unlock();
  hs_stat_decrease(pages, 1);
  page->block_size = 0;
  _hs_v3_arena_set_purge_delay(&slot->slices, hs_v3_purge_delay());
  (void)_hs_v3_arena_page_release(&slot->slices, start, size, hs_clock_now());
  _hs_v3_collect(false);
}

uint8_t* _hs_v3_page_start(const hs_page_t* page, size_t* page_size) {
  const hs_v3_page_t* vp = hs_v3_page(page);
  const uint8_t* end = (const uint8_t*)vp + vp->page_size;
  if (page_size != NULL) *page_size = (size_t)(end - page->page_start);
  return page->page_start;
}

void _hs_v3_page_free(hs_page_t* page, bool force) {
  (void)force;
  hs_v3_page_release(hs_v3_page(page));
}

/* ---------------------------------------------------------------------------------------------
   Abandonment and reclaim
--------------------------------------------------------------------------------------------- */
static inline size_t hs_v3_page_bin(const hs_page_t* page) {
  return (page->is_huge ? HS_BIN_HUGE : _hs_bin(page->block_size));
}

static void hs_v3_offer(hs_v3_page_t* vp) {
  const size_t bin = hs_v3_page_bin(&vp->page);
  if (bin < HS_BIN_HUGE) (void)_hs_v3_abandoned_offer(&vp->arena->abandoned, bin, hs_v3_page_slice(vp));
}

static void hs_v3_withdraw(hs_v3_page_t* vp) {
  const size_t bin = hs_v3_page_bin(&vp->page);
  if (bin < HS_BIN_HUGE) (void)_hs_v3_abandoned_withdraw(&vp->arena->abandoned, bin, hs_v3_page_slice(vp));
}

/* An owned, abandoned page whose last block is free goes back to its arena. */
static bool hs_v3_abandoned_try_free(hs_v3_page_t* vp) {
  if (!hs_page_all_free(&vp->page)) return false;
  hs_v3_withdraw(vp);
  vp->abandoned = false;
  atomic_fetch_sub_explicit(&hs_v3_abandoned_total, 1, memory_order_relaxed);
  hs_v3_page_release(vp);
  return true;
}

/* Offer an abandoned page for allocation once it is no longer mostly used. */
static void hs_v3_abandoned_try_offer(hs_v3_page_t* vp) {
  if (!_hs_v3_page_mostly_used(vp->page.reserved, vp->page.used)) hs_v3_offer(vp);
}

/* Give up ownership of an abandoned page. Blocks freed meanwhile were pushed by threads that
   found the page owned; collect them and try again (the page may have emptied). */
static void hs_v3_unown(hs_v3_page_t* vp) {
  hs_page_t* page = &vp->page;
  for (;;) {
    hs_block_t* expected = hs_v3_tf_block(hs_atomic_load_acquire(&page->xthread_free));
    if (_hs_v3_thread_free_try_unown(page, expected)) return;
    _hs_page_free_collect(page, false);
    if (hs_v3_abandoned_try_free(vp)) return;
    hs_v3_abandoned_try_offer(vp);
  }
}

/* The owner gives the page up (it was taken off its queue and xheap is 0). */
void _hs_v3_page_abandon(hs_page_t* page, hs_heap_t* heap) {
  hs_v3_page_t* vp = hs_v3_page(page);
  _hs_page_free_collect(page, false);
  if (hs_page_all_free(page)) {
    hs_v3_page_release(vp);
    return;
  }
  vp->origin = heap;
  vp->origin_cookie = heap->cookie;
  vp->abandoned = true;
  hs_atomic_store_release(&vp->thread_id, (uintptr_t)0);
  vp->abandoned_by = _hs_thread_id();
  vp->abandon_count++;
  atomic_fetch_add_explicit(&hs_v3_abandoned_total, 1, memory_order_relaxed);
  hs_event(PAGE_ABANDONED, 0, page->page_start, vp, page->block_size, page->used);
  if (_hs_v3_abandon_offers(page->reserved, page->used)) hs_v3_offer(vp);
  hs_v3_unown(vp);
}

/* A reclaimed page joins `heap`'s queue. */
static void hs_v3_reclaim(hs_v3_page_t* vp, hs_heap_t* heap, hs_v3_reclaim_how_t how) {
  vp->abandoned = false;
  vp->origin = heap;
  vp->origin_cookie = heap->cookie;
  hs_atomic_store_release(&vp->thread_id, heap->thread_id);
  vp->reclaimed_by = _hs_thread_id();
  vp->reclaim_how = (uint8_t)how;
  vp->reclaim_count++;
  atomic_fetch_sub_explicit(&hs_v3_abandoned_total, 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&hs_v3_reclaims[how], 1, memory_order_relaxed);
  _hs_page_reclaim(heap, &vp->page);
  hs_event(PAGE_RECLAIMED, 0, vp->page.page_start, vp, vp->page.block_size, (size_t)how);
}

/* Pages of `heap`'s queue for this block size, counted up to `limit` + 1. */
static size_t hs_v3_queue_length(hs_heap_t* heap, size_t block_size, long limit) {
  size_t n = 0;
  if (limit < 0) return 0;   /* no limit: the count does not matter */
  const hs_page_queue_t* pq = _hs_page_queue(heap, block_size);
  for (const hs_page_t* p = pq->first; p != NULL && (limit < 0 || n <= (size_t)limit); p = p->next) n++;
  return n;
}

/* The heap of this thread a free may reclaim into: the page's own heap when it is one of this
   thread's, else the thread's default heap. NULL when the thread has no heap (or is exiting). */
static hs_heap_t* hs_v3_reclaim_target(const hs_v3_page_t* vp, bool* same_heap) {
  hs_heap_t* def = hs_heap_get_default_inline();
  if (!hs_heap_is_initialized(def)) return NULL;
  for (hs_heap_t* h = def->tld->heaps; h != NULL; h = h->next) {
    if (h == vp->origin && h->cookie == vp->origin_cookie) {
      *same_heap = true;
      return h;
    }
  }
  *same_heap = false;
  return def;
}

void _hs_v3_page_claimed_by_free(hs_page_t* page) {
  hs_v3_page_t* vp = hs_v3_page(page);
  _hs_page_free_collect(page, false);
  if (hs_v3_abandoned_try_free(vp)) return;

  const long reclaim_on_free = hs_option_get(hs_option_page_reclaim_on_free);
  bool same_heap = false;
  hs_heap_t* heap = (reclaim_on_free < 0 ? NULL : hs_v3_reclaim_target(vp, &same_heap));
  if (heap != NULL && !heap->no_reclaim) {
    const long max_same = hs_option_get(hs_option_page_max_reclaim);
    const long max_cross = hs_option_get(hs_option_page_cross_thread_max_reclaim);
    const long limit = (same_heap ? max_same : max_cross);
    const size_t owned = hs_v3_queue_length(heap, page->block_size, limit);
    if (_hs_v3_reclaim_on_free_allowed(reclaim_on_free, same_heap, page->block_size, page->reserved,
                                       page->used, owned, max_same, max_cross)) {
      hs_v3_withdraw(vp);
      hs_v3_reclaim(vp, heap, HS_V3_RECLAIM_ON_FREE);
      return;
    }
  }
  hs_v3_abandoned_try_offer(vp);
  hs_event(PAGE_REABANDONED, 0, page->page_start, vp, page->block_size, page->used);
  hs_v3_unown(vp);
}

/* Under the offer's lock: take the page at `slice` only if its ownership can be claimed (a free
   that claimed it first will withdraw the offer itself). */
static bool hs_v3_try_take(size_t slice, void* arg) {
  hs_v3_arena_slot_t* slot = (hs_v3_arena_slot_t*)arg;
  hs_page_t* page = (hs_page_t*)(slot->slices.start + slice * HS_V3_SLICE_SIZE);
  return _hs_v3_thread_free_try_claim(page);
}

/* Reclaim on allocation: an offered page of this bin from any arena. */
static hs_page_t* hs_v3_reclaim_on_alloc(hs_heap_t* heap, size_t block_size) {
  if (heap->no_reclaim || _hs_v3_abandoned_pages() == 0) return NULL;
  const size_t bin = _hs_bin(block_size);
  if (bin >= HS_BIN_HUGE) return NULL;
  const size_t count = _hs_v3_arenas_count();
  for (size_t i = 0; i < count; i++) {
    hs_v3_arena_slot_t* slot = _hs_v3_arena_at(i);
    size_t slice;
    if (slot == NULL || !_hs_v3_abandoned_claim_if(&slot->abandoned, bin, &slice, hs_v3_try_take, slot)) continue;
    hs_v3_page_t* vp = (hs_v3_page_t*)(slot->slices.start + slice * HS_V3_SLICE_SIZE);
    hs_v3_reclaim(vp, heap, HS_V3_RECLAIM_ON_ALLOC);
    return &vp->page;
  }
  return NULL;
}

hs_page_t* _hs_v3_page_alloc(hs_heap_t* heap, size_t block_size, size_t page_alignment, bool* reclaimed) {
  *reclaimed = false;
  if (page_alignment > HS_BLOCK_ALIGNMENT_MAX) {
    _hs_error(EINVAL, "page alignment %zu exceeds the maximum of %zu", page_alignment, (size_t)HS_BLOCK_ALIGNMENT_MAX);
    return NULL;
  }
  if (page_alignment == 0 && block_size <= HS_MEDIUM_OBJ_SIZE_MAX) {
    hs_page_t* page = hs_v3_reclaim_on_alloc(heap, block_size);
    if (page != NULL) {
      *reclaimed = true;
      return page;
    }
  }
  return hs_v3_page_carve(block_size, page_alignment);
}
