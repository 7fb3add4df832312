/* Heapscope core: pages and the generic allocation path.
 *
 * A page hands out blocks of one size from its `free` list. When that list is empty the
 * allocation falls into `_hs_malloc_generic`, which is where everything slow happens: the
 * thread is initialised on its first allocation, the heap's delayed frees are processed, other
 * threads' frees are collected, pages are extended lazily, moved to and from the full queue,
 * retired, and fresh pages are taken from the segment layer.
 */
#include "internal.h"
#include "page-abandon-v3.h"

#include <errno.h>
#include <sched.h>

static void hs_page_extend_free(hs_heap_t* heap, hs_page_t* page);

/* ---------------------------------------------------------------------------------------------
   Free-list links
--------------------------------------------------------------------------------------------- */

/* The encoded link of a free block decoded to somewhere outside its page: the memory was
   overwritten (a use after free, or a buffer overflow from the block before). */
hs_block_t* _hs_block_next_checked(const hs_page_t* page, const hs_block_t* block) {
  hs_block_t* next = hs_block_nextx(page, block);
  if (hs_likely(next == NULL || hs_page_is_block_address(page, next))) return next;
  _hs_error(EFAULT, "corrupted free list entry of size %zu at %p: value 0x%zx",
            page->block_size, (void*)block, (size_t)(uintptr_t)next);
  hs_event(CORRUPTED_FREE_LIST, _hs_page_segment(page), page->page_start, block, page->block_size, 0);
  return NULL;   /* end the list here: the rest of it cannot be trusted */
}

size_t _hs_page_list_length(const hs_page_t* page, const hs_block_t* list) {
  size_t count = 0;
  const hs_block_t* block = list;
  while (block != NULL && count <= page->reserved && hs_page_is_block_address(page, block)) {
    count++;
    block = hs_block_nextx(page, block);
  }
  return count;
}

/* ---------------------------------------------------------------------------------------------
   The delayed-free state (low bits of xthread_free)
--------------------------------------------------------------------------------------------- */

void _hs_page_use_delayed_free(hs_page_t* page, hs_delayed_t delay, bool override_never) {
  while (!_hs_page_try_use_delayed_free(page, delay, override_never)) sched_yield();
}

/* Set the state unless NEVER_DELAYED_FREE is sticky. A remote free in DELAYED_FREEING is
   between pushing its block on the heap's delayed list and resetting the state; it still
   writes this page, so we wait a few yields for it and give up (false) if it lingers. */
bool _hs_page_try_use_delayed_free(hs_page_t* page, hs_delayed_t delay, bool override_never) {
  if (hs_design_is_v3()) return true;   /* v3 has no delayed free: the low bit means ownership */
  int yields = 0;
  hs_thread_free_t tf = hs_atomic_load_acquire(&page->xthread_free);
  for (;;) {
    const hs_delayed_t old = hs_tf_delayed(tf);
    if (hs_unlikely(old == HS_DELAYED_FREEING)) {
      if (yields >= 4) return false;
      yields++;
      sched_yield();
      tf = hs_atomic_load_acquire(&page->xthread_free);
      continue;
    }
    if (old == delay) return true;
    if (old == HS_NEVER_DELAYED_FREE && !override_never) return true;
    if (hs_atomic_cas_weak_release(&page->xthread_free, &tf, hs_tf_make(hs_tf_block(tf), delay))) {
      return true;
    }
  }
}

/* ---------------------------------------------------------------------------------------------
   Collecting frees: xthread_free -> local_free -> free
--------------------------------------------------------------------------------------------- */

/* Walks a free list from `head` (not NULL) for at most `capacity` + 1 blocks: returns the last
   block reached and sets `count` to the blocks walked. A count above the page's capacity means
   the list loops (a block is on it twice). */
static hs_block_t* hs_list_walk_bounded(const hs_page_t* page, hs_block_t* head, size_t* count) {
  size_t n = 1;
  hs_block_t* tail = head;
  hs_block_t* next;
  while ((next = hs_block_next(page, tail)) != NULL && n <= page->capacity) {
    n++;
    tail = next;
  }
  *count = n;
  return tail;
}

/* Take the whole thread-free list at once (keeping the state bits) and prepend it to
   local_free. The exchange is atomic so a page just moved to the full queue cannot miss a free
   that raced with the move. */
static void hs_page_thread_free_collect(hs_page_t* page) {
  hs_thread_free_t tf = hs_atomic_load_relaxed(&page->xthread_free);
  while (!hs_atomic_cas_weak_acq_rel(&page->xthread_free, &tf, hs_tf_make(NULL, hs_tf_delayed(tf)))) {
    /* retry with the value just seen */
  }
  hs_block_t* head = hs_tf_block(tf);
  if (head == NULL) return;

  /* Find the tail and count; more blocks than the page's capacity means a cycle. */
  const size_t max_count = page->capacity;
  size_t count;
  hs_block_t* tail = hs_list_walk_bounded(page, head, &count);
  if (count > max_count) {
    _hs_error(EFAULT, "corrupted thread-free list in page %p (more than %zu blocks)",
              (void*)page->page_start, max_count);
    hs_event(CORRUPTED_FREE_LIST, _hs_page_segment(page), page->page_start, head, page->block_size, 0);
    return;   /* those blocks are lost rather than handed out twice */
  }

  hs_block_set_next(page, tail, page->local_free);
  page->local_free = head;
  page->used -= (uint32_t)count;
  hs_event(THREAD_FREE_COLLECTED, _hs_page_segment(page), page->page_start, head, page->block_size, count);
}

/* A block freed twice without the secure >= 4 check is pushed twice: its link then points to
   itself or to a block freed after it, so the list loops and never reaches NULL. A walk gives up
   after `capacity` links (more links than blocks means a loop), finds where the loop closes and
   cuts it there, so every block is on the list once. Blocks freed before the repeated block are
   unreachable now; they count as used again (lost, as a leak) so used + free + local_free stays
   equal to capacity. Returns the list's last block, or NULL for an empty list. */
static hs_block_t* hs_list_tail_cut_cycle(hs_page_t* page, hs_block_t* head, bool* cut) {
  if (head == NULL) return NULL;
  const size_t max_count = page->capacity;
  size_t count;
  hs_block_t* tail = hs_list_walk_bounded(page, head, &count);
  if (count <= max_count) return tail;

  /* `tail` is inside the loop: measure it, then walk two cursors that far apart from the head;
     they meet where the loop starts. Each walk is at most `capacity` links. */
  size_t loop = 1;
  for (hs_block_t* b = hs_block_next(page, tail); b != tail && loop <= max_count; b = hs_block_next(page, b)) loop++;
  hs_block_t* ahead = head;
  for (size_t i = 0; i < loop; i++) ahead = hs_block_next(page, ahead);
  hs_block_t* start = head;
  while (start != ahead) {
    start = hs_block_next(page, start);
    ahead = hs_block_next(page, ahead);
  }
  hs_block_t* last = start;   /* the block whose link closes the loop */
  for (size_t i = 1; i < loop; i++) last = hs_block_next(page, last);
  hs_block_set_next(page, last, NULL);
  _hs_error(EFAULT, "free list of page %p loops back to block %p (a double free): cut there",
            (void*)page->page_start, (void*)start);
  hs_event(FREE_LIST_CYCLE, _hs_page_segment(page), page->page_start, start, page->block_size, loop);
  *cut = true;
  return last;
}

void _hs_page_free_collect(hs_page_t* page, bool force) {
  if (force || hs_page_thread_free(page) != NULL) hs_page_thread_free_collect(page);

  if (page->local_free == NULL) return;
  if (hs_likely(page->free == NULL)) {
    page->free = page->local_free;   /* the usual case: O(1) */
    page->local_free = NULL;
    page->free_is_zero = false;
  }
  else if (force) {
    /* Appending is linear, so only a forced collect pays for it. */
    bool cut = false;
    hs_list_tail_cut_cycle(page, page->free, &cut);
    hs_block_t* tail = hs_list_tail_cut_cycle(page, page->local_free, &cut);
    hs_block_set_next(page, tail, page->free);
    page->free = page->local_free;
    page->local_free = NULL;
    page->free_is_zero = false;
    if (cut) page->used = (uint32_t)(page->capacity - _hs_page_list_length(page, page->free));
  }
}

/* ---------------------------------------------------------------------------------------------
   Full queue, unfull, abandon, free, retire
--------------------------------------------------------------------------------------------- */

/* A page in the full queue is never searched. It still comes back: its delayed-free state makes
   a remote free notify the heap through the delayed list (armed at init and after every
   notification the owner processes). Collect once more for frees that came just before. */
static void hs_page_to_full(hs_page_t* page, hs_page_queue_t* pq) {
  hs_heap_t* heap = hs_page_heap(page);
  _hs_page_queue_enqueue_from(&heap->pages[HS_BIN_FULL], pq, page);
  _hs_page_free_collect(page, false);
  hs_event(PAGE_FULL, _hs_page_segment(page), page->page_start, 0, page->block_size, page->used);
}

void _hs_page_unfull(hs_page_t* page) {
  if (!hs_page_is_in_full(page)) return;
  hs_heap_t* heap = hs_page_heap(page);
  hs_page_queue_t* pq = &heap->pages[_hs_page_bin(page)];
  _hs_page_queue_enqueue_from(pq, &heap->pages[HS_BIN_FULL], page);
  hs_event(PAGE_UNFULL, _hs_page_segment(page), page->page_start, 0, page->block_size, page->used);
}

/* The page keeps its live blocks but belongs to no heap. The caller guarantees the heap's
   delayed list holds no block of this page (the page is NEVER_DELAYED_FREE and the list was
   drained), so nobody will look for it through this heap again. */
void _hs_page_abandon(hs_page_t* page, hs_page_queue_t* pq) {
  hs_heap_t* heap = hs_page_heap(page);
  _hs_page_queue_remove(pq, page);
  hs_atomic_store_release(&page->xheap, (uintptr_t)0);
  _hs_design_page_abandon(page, heap);
}

/* Return an empty page to its segment. */
void _hs_page_free(hs_page_t* page, hs_page_queue_t* pq, bool force) {
  hs_heap_t* heap = hs_page_heap(page);
  hs_page_set_has_aligned(page, false);
  page->retire_expire = 0;
  _hs_page_queue_remove(pq, page);
  hs_atomic_store_release(&page->xheap, (uintptr_t)0);
  hs_stat_counter(pages_retired, 1);
  _hs_design_page_free(page, force, heap);
}

static inline bool hs_page_queue_is_special(const hs_page_queue_t* pq) {
  return _hs_page_queue_is_huge(pq) || _hs_page_queue_is_full(pq);
}

/* The last block of a page was freed. Freeing the page at once would make a program that frees
   everything and allocates again churn through the segment layer, so the only page of a size
   class is kept a few generic-path visits (retired) before it goes. */
void _hs_page_retire(hs_page_t* page) {
  hs_heap_t* heap = hs_page_heap(page);
  hs_page_queue_t* pq = _hs_heap_page_queue_of(heap, page);
  hs_page_set_has_aligned(page, false);

  if (hs_likely(!hs_page_queue_is_special(pq) && pq->first == page && pq->last == page)) {
    page->retire_expire = (page->block_size <= HS_SMALL_OBJ_SIZE_MAX ? HS_RETIRE_CYCLES
                                                                     : HS_RETIRE_CYCLES_LARGE);
    const size_t bin = (size_t)(pq - heap->pages);
    if (bin < heap->page_retired_min) heap->page_retired_min = bin;
    if (bin > heap->page_retired_max) heap->page_retired_max = bin;
    hs_event(PAGE_RETIRED, _hs_page_segment(page), page->page_start, 0, page->block_size, page->retire_expire);
    return;
  }
  _hs_page_free(page, pq, false);
}

/* Retired pages sit at the head of their queues, so only the bins between the recorded
   minimum and maximum need a look. */
void _hs_heap_collect_retired(hs_heap_t* heap, bool force) {
  size_t min = HS_BIN_FULL;
  size_t max = 0;
  for (size_t bin = heap->page_retired_min; bin <= heap->page_retired_max; bin++) {
    hs_page_queue_t* pq = &heap->pages[bin];
    hs_page_t* page = pq->first;
    if (page == NULL || page->retire_expire == 0) continue;
    if (!hs_page_all_free(page)) {
      page->retire_expire = 0;   /* taken into use again */
      continue;
    }
    page->retire_expire--;
    if (force || page->retire_expire == 0) {
      _hs_page_free(page, pq, force);
    }
    else {
      if (bin < min) min = bin;
      if (bin > max) max = bin;
    }
  }
  heap->page_retired_min = min;
  heap->page_retired_max = max;
}

/* A page of an abandoned segment joins `heap` (the segment layer already counts it as ours). */
void _hs_page_reclaim(hs_heap_t* heap, hs_page_t* page) {
  hs_atomic_store_release(&page->xheap, (uintptr_t)heap);
  hs_page_set_in_full(page, false);
  _hs_page_use_delayed_free(page, HS_USE_DELAYED_FREE, true);   /* NEVER_DELAYED ends */
  _hs_page_free_collect(page, false);
  const size_t bin = _hs_page_bin(page);
  _hs_page_queue_push(heap, &heap->pages[bin], page);
}

/* ---------------------------------------------------------------------------------------------
   Lazy extension of the free list
   A page is threaded onto its free list a little at a time (about one OS page's worth of
   blocks), so a fresh page touches little memory until it is really used.
--------------------------------------------------------------------------------------------- */

#define HS_EXTEND_RUNS_MAX 64   /* secure extension interleaves at most this many runs */

static inline hs_block_t* hs_page_block_at(const hs_page_t* page, size_t index) {
  return (hs_block_t*)(page->page_start + index * page->block_size);
}

/* Blocks [capacity, capacity + extend) in address order, prepended to `free`. */
static void hs_page_extend_sequential(hs_page_t* page, size_t extend) {
  const size_t bsize = page->block_size;
  hs_block_t* const first = hs_page_block_at(page, page->capacity);
  hs_block_t* const last = hs_page_block_at(page, page->capacity + extend - 1);
  for (hs_block_t* block = first; block < last; block = (hs_block_t*)((uint8_t*)block + bsize)) {
    hs_block_set_next(page, block, (hs_block_t*)((uint8_t*)block + bsize));
  }
  hs_block_set_next(page, last, page->free);
  page->free = first;
}

/* Secure mode: the new range is cut into up to 64 runs and the list hops between runs at
   random, so the address of the next block cannot be predicted from the last one. */
static void hs_page_extend_shuffled(hs_heap_t* heap, hs_page_t* page, size_t extend) {
  size_t runs = HS_EXTEND_RUNS_MAX;
  while (runs > extend) runs >>= 1;
  const size_t per_run = extend / runs;

  hs_block_t* cursor[HS_EXTEND_RUNS_MAX];   /* next unlinked block of each run */
  size_t left[HS_EXTEND_RUNS_MAX];          /* blocks of each run not yet linked */
  for (size_t i = 0; i < runs; i++) {
    cursor[i] = hs_page_block_at(page, page->capacity + i * per_run);
    left[i] = per_run;
  }
  left[runs - 1] += extend % runs;

  uint64_t rnd = _hs_heap_random_next(heap);
  size_t current = rnd % runs;
  hs_block_t* const head = cursor[current];
  for (size_t linked = 1; linked <= extend; linked++) {
    hs_block_t* block = cursor[current];
    cursor[current] = (hs_block_t*)((uint8_t*)block + page->block_size);
    left[current]--;
    if (linked == extend) {
      hs_block_set_next(page, block, page->free);
      break;
    }
    if ((linked & 7) == 0) rnd = _hs_heap_random_next(heap);
    size_t next = (size_t)(rnd >> (8 * (linked & 7))) & (runs - 1);
    while (left[next] == 0) next = (next + 1) & (runs - 1);   /* some run still has blocks */
    hs_block_set_next(page, block, cursor[next]);
    current = next;
  }
  page->free = head;
}

static void hs_page_extend_free(hs_heap_t* heap, hs_page_t* page) {
  if (page->capacity >= page->reserved) return;

  const size_t bsize = page->block_size;
  const size_t min_extend = (page->secure > 0 ? 8 * (size_t)page->secure : HS_MIN_EXTEND);
  size_t max_extend = (bsize >= HS_MAX_EXTEND_SIZE ? min_extend : HS_MAX_EXTEND_SIZE / bsize);
  if (max_extend < min_extend) max_extend = min_extend;
  size_t extend = (size_t)page->reserved - page->capacity;
  if (extend > max_extend) extend = max_extend;

  hs_block_t* const first_new = hs_page_block_at(page, page->capacity);
  if (page->secure > 0 && extend >= 2) hs_page_extend_shuffled(heap, page, extend);
  else hs_page_extend_sequential(page, extend);
  page->capacity = (uint16_t)(page->capacity + extend);

  hs_stat_counter(pages_extended, 1);
  hs_event(PAGE_EXTENDED, _hs_page_segment(page), page->page_start, first_new, bsize, extend);
}

/* ---------------------------------------------------------------------------------------------
   Fresh pages
--------------------------------------------------------------------------------------------- */

static void hs_page_init(hs_heap_t* heap, hs_page_t* page, size_t block_size) {
  size_t page_size;
  page->page_start = _hs_design_page_start(page, &page_size);
  if (page->is_huge) block_size = page_size;   /* one block: all of its segment */

  const long secure = hs_option_get(hs_option_secure);
  page->secure = (uint8_t)(secure < 0 ? 0 : secure);
  page->block_size = block_size;
  page->reserved = (uint16_t)(page_size / block_size);
  page->capacity = 0;
  page->used = 0;
  page->free = NULL;
  page->local_free = NULL;
  hs_page_flags_t flags = { .full_aligned = 0 };
  flags.x.check_free = (page->secure >= 4);
  hs_page_flags_store(page, flags);
  page->retire_expire = 0;
  page->free_is_zero = page->is_zero_init;
  if (page->secure >= 3) {
    page->keys[0] = (uintptr_t)_hs_heap_random_next(heap) | 1;   /* odd: never 0 */
    page->keys[1] = (uintptr_t)_hs_heap_random_next(heap);
  }
  else {
    page->keys[0] = 0;
    page->keys[1] = 0;
  }
  /* v2: armed, the first remote free notifies the owner heap through its delayed list.
     v3: owned by this thread (the low bit), no delayed state. */
  hs_atomic_store_relaxed(&page->xthread_free, hs_design_is_v3() ? (hs_thread_free_t)1
                                                                 : hs_tf_make(NULL, HS_USE_DELAYED_FREE));
  hs_atomic_store_release(&page->xheap, (uintptr_t)heap);
  hs_page_extend_free(heap, page);
}

/* NULL: out of memory, or the segment layer reclaimed abandoned pages into this heap instead
   (the caller searches its queue again). A page v3 reclaimed is in its queue already. */
static hs_page_t* hs_page_fresh_alloc(hs_heap_t* heap, hs_page_queue_t* pq, size_t block_size,
                                      size_t page_alignment) {
  bool reclaimed = false;
  hs_page_t* page = _hs_design_page_alloc(heap, block_size, page_alignment, &reclaimed);
  if (page == NULL) return NULL;
  if (reclaimed) {
    if (!hs_page_immediate_available(page)) hs_page_extend_free(heap, page);
    return page;
  }
  hs_page_init(heap, page, block_size);
  _hs_page_queue_push(heap, pq, page);
  return page;
}

/* ---------------------------------------------------------------------------------------------
   Finding a page with a free block
--------------------------------------------------------------------------------------------- */

/* Next-fit walk of a size queue: collect each page, take the first with a free block or room
   to extend, and park the completely full ones in the full queue so they are not walked again
   until a free brings them back. */
/* v3 abandons full pages instead (keeping the first `page_full_retain` full small pages in the
   queue), so that other threads' frees can claim them; heaps that may be destroyed never
   abandon and park full pages as v2 does. */
static void hs_page_full_found(hs_page_t* page, hs_page_queue_t* pq, long* nth_full) {
  hs_heap_t* heap = hs_page_heap(page);
  if (hs_design_is_v3() && !heap->no_reclaim) {
    const bool abandon = _hs_v3_full_page_abandoned(page->block_size, *nth_full,
                                                    hs_option_get(hs_option_page_full_retain));
    (*nth_full)++;
    if (abandon) _hs_page_abandon(page, pq);
    return;
  }
  hs_page_to_full(page, pq);
}

static hs_page_t* hs_page_queue_find_free(hs_heap_t* heap, hs_page_queue_t* pq, bool first_try) {
  size_t visited = 0;
  long nth_full = 0;
  hs_page_t* page = pq->first;
  while (page != NULL) {
    hs_page_t* next = page->next;
    visited++;
    _hs_page_free_collect(page, false);
    if (hs_page_immediate_available(page)) break;
    if (page->capacity < page->reserved) {
      hs_page_extend_free(heap, page);
      break;
    }
    hs_page_full_found(page, pq, &nth_full);
    page = next;
  }
  hs_stat_counter(searches, visited);

  if (page != NULL) {
    /* v3 keeps full pages in the queue: the page found goes to the front, where the next
       allocation (and the direct table) looks first (v3.4.3's move to front). */
    if (hs_design_is_v3() && pq->first != page) {
      _hs_page_queue_remove(pq, page);
      _hs_page_queue_push(heap, pq, page);
    }
    page->retire_expire = 0;
    return page;
  }
  _hs_heap_collect_retired(heap, false);
  page = hs_page_fresh_alloc(heap, pq, pq->block_size, 0);
  if (page == NULL && first_try) return hs_page_queue_find_free(heap, pq, false);
  return page;
}

static hs_page_t* hs_find_free_page(hs_heap_t* heap, size_t size) {
  hs_page_queue_t* pq = _hs_page_queue(heap, size);
  hs_page_t* page = pq->first;
  if (page != NULL) {
    /* Secure mode extends instead of reusing half of the time, so reuse order is less
       predictable. */
    if (page->secure >= 3 && page->capacity < page->reserved && (_hs_heap_random_next(heap) & 1) != 0) {
      hs_page_extend_free(heap, page);
    }
    else {
      _hs_page_free_collect(page, false);
    }
    if (hs_page_immediate_available(page)) {
      page->retire_expire = 0;
      return page;
    }
  }
  return hs_page_queue_find_free(heap, pq, true);
}

/* Sizes as the OS would round them: coarser for bigger blocks, so a realloc that grows a
   large block a little often stays in place. */
static size_t hs_large_good_size(size_t size) {
  size_t align;
  if (size < 512 * HS_KiB) align = _hs_os_page_size();
  else if (size < 2 * HS_MiB) align = 64 * HS_KiB;
  else if (size < 8 * HS_MiB) align = 256 * HS_KiB;
  else if (size < 32 * HS_MiB) align = HS_MiB;
  else align = 4 * HS_MiB;
  if (size >= SIZE_MAX - align) return size;
  return hs_align_up(size, align);
}

/* Large and huge blocks always get a fresh page of their own, queued in the huge bin. */
static hs_page_t* hs_large_page_alloc(hs_heap_t* heap, size_t size, size_t page_alignment) {
  hs_page_queue_t* pq = &heap->pages[HS_BIN_HUGE];
  return hs_page_fresh_alloc(heap, pq, hs_large_good_size(size), page_alignment);
}

static hs_page_t* hs_find_page(hs_heap_t* heap, size_t size, size_t huge_alignment) {
  if (hs_unlikely(size > HS_MEDIUM_OBJ_SIZE_MAX || huge_alignment > 0)) {
    return hs_large_page_alloc(heap, size, huge_alignment);
  }
  return hs_find_free_page(heap, size);
}

/* ---------------------------------------------------------------------------------------------
   The generic allocation path
--------------------------------------------------------------------------------------------- */

/* Work owed on every slow-path visit: the heartbeat, and the frees other threads handed to
   this heap through its delayed list. */
static void hs_heap_deferred_work(hs_heap_t* heap) {
  heap->tld->heartbeat++;
  _hs_heap_delayed_free_partial(heap);
}

void* _hs_malloc_generic(hs_heap_t* heap, size_t size, bool zero, size_t huge_alignment) {
  if (hs_unlikely(!hs_heap_is_initialized(heap))) {
    _hs_thread_init();
    heap = hs_heap_get_default_inline();
    if (!hs_heap_is_initialized(heap)) {
      errno = ENOMEM;
      return NULL;
    }
  }
  if (hs_unlikely(size > HS_MAX_ALLOC_SIZE)) {
    _hs_error(EOVERFLOW, "allocation request is too large (%zu bytes)", size);
    errno = ENOMEM;
    return NULL;
  }
  hs_stat_counter(malloc_calls, 1);
  hs_heap_deferred_work(heap);

  hs_page_t* page = hs_find_page(heap, size, huge_alignment);
  if (hs_unlikely(page == NULL)) {
    hs_heap_collect(heap, true);   /* give everything back that can be, then try once more */
    page = hs_find_page(heap, size, huge_alignment);
  }
  if (hs_unlikely(page == NULL)) {
    _hs_error(ENOMEM, "unable to allocate memory (%zu bytes)", size);
    errno = ENOMEM;
    return NULL;
  }
  /* Re-enter the fast path: the page has a free block now. */
  return _hs_page_malloc(heap, page, size, zero);
}
