/* Heapscope core: size bins and the heap's page queues.
 *
 * A heap keeps one queue of pages per size bin (1..72), one for large and huge pages (73) and
 * one for full pages (74). Small requests (<= 1 KiB) skip the bin computation entirely: the
 * heap's direct table, indexed by the request's word size, points at the first page of the
 * matching queue. Every function here that changes a queue's head refreshes that table, so the
 * malloc fast path never sees a stale page.
 */
#include "internal.h"

/* ---------------------------------------------------------------------------------------------
   Bins
   Word sizes 1..8 get exact bins, rounded to an even number of words so every block is 16-byte
   aligned (bins 3, 5 and 7 are never produced). Above that, each power of two is split into
   four bins, which bounds internal waste to 12.5%.
--------------------------------------------------------------------------------------------- */

static inline size_t hs_bit_scan_reverse(size_t x) {   /* x != 0 */
  return (size_t)(63 - __builtin_clzll((unsigned long long)x));
}

size_t _hs_bin(size_t size) {
  const size_t wsize = hs_wsize_from_size(size);
  if (wsize <= 1) return 1;
  if (wsize <= 8) return (wsize + 1) & ~(size_t)1;
  if (wsize > HS_MEDIUM_OBJ_WSIZE_MAX) return HS_BIN_HUGE;
  const size_t w = wsize - 1;
  const size_t b = hs_bit_scan_reverse(w);               /* b >= 3 here */
  return (b << 2) + ((w >> (b - 2)) & 3) - 3;
}

/* The largest size that maps to `bin`: the inverse of _hs_bin. */
size_t _hs_bin_size(size_t bin) {
  if (bin == 0) return 0;
  if (bin <= 8) return bin * HS_INTPTR_SIZE;
  if (bin >= HS_BIN_HUGE) {
    /* Marker sizes just above the medium limit: they identify the special queues. */
    return (HS_MEDIUM_OBJ_WSIZE_MAX + 1 + (bin - HS_BIN_HUGE)) * HS_INTPTR_SIZE;
  }
  const size_t b = (bin + 3) >> 2;
  const size_t quarter = (bin + 3) & 3;
  return ((4 + quarter + 1) << (b - 2)) * HS_INTPTR_SIZE;
}

size_t hs_good_size(size_t size) {
  if (size <= HS_MEDIUM_OBJ_SIZE_MAX) return _hs_bin_size(_hs_bin(size));
  return hs_align_up(size, _hs_os_page_size());
}

/* ---------------------------------------------------------------------------------------------
   Queue lookup
--------------------------------------------------------------------------------------------- */

bool _hs_page_queue_is_huge(const hs_page_queue_t* pq) {
  return pq->block_size == _hs_bin_size(HS_BIN_HUGE);
}

bool _hs_page_queue_is_full(const hs_page_queue_t* pq) {
  return pq->block_size == _hs_bin_size(HS_BIN_FULL);
}

hs_page_queue_t* _hs_page_queue(const hs_heap_t* heap, size_t size) {
  return (hs_page_queue_t*)&heap->pages[_hs_bin(size)];
}

hs_page_queue_t* _hs_heap_page_queue_of(hs_heap_t* heap, const hs_page_t* page) {
  const size_t bin = (hs_page_is_in_full(page) ? HS_BIN_FULL : _hs_page_bin(page));
  return &heap->pages[bin];
}

/* ---------------------------------------------------------------------------------------------
   The direct table
   Entry w serves requests of w words. A bin covers the word sizes above the previous bin's
   size up to its own, so when a queue's head changes, that whole range is repointed.
--------------------------------------------------------------------------------------------- */

static void hs_heap_queue_first_update(hs_heap_t* heap, const hs_page_queue_t* pq) {
  const size_t size = pq->block_size;
  if (size > HS_SMALL_SIZE_MAX) return;

  hs_page_t* page = pq->first;
  if (page == NULL) page = (hs_page_t*)&_hs_page_empty;

  const size_t idx = hs_wsize_from_size(size);
  if (heap->pages_free_direct[idx] == page) return;   /* the range is already up to date */

  size_t start;
  if (idx <= 1) {
    start = 0;   /* malloc(0) shares the smallest bin */
  }
  else {
    /* Skip back over the never-used odd bins that map to the same bin as this queue. */
    const size_t bin = _hs_bin(size);
    const hs_page_queue_t* prev = pq - 1;
    while (bin == _hs_bin(prev->block_size) && prev > &heap->pages[0]) prev--;
    start = 1 + hs_wsize_from_size(prev->block_size);
    if (start > idx) start = idx;
  }
  for (size_t w = start; w <= idx; w++) heap->pages_free_direct[w] = page;
}

/* ---------------------------------------------------------------------------------------------
   Queue operations (owner thread only)
--------------------------------------------------------------------------------------------- */

static void hs_page_queue_unlink(hs_page_queue_t* pq, hs_page_t* page) {
  if (page->prev != NULL) page->prev->next = page->next;
  if (page->next != NULL) page->next->prev = page->prev;
  if (page == pq->last) pq->last = page->prev;
  if (page == pq->first) pq->first = page->next;
  page->next = NULL;
  page->prev = NULL;
}

static void hs_page_queue_link_last(hs_page_queue_t* pq, hs_page_t* page) {
  page->next = NULL;
  page->prev = pq->last;
  if (pq->last != NULL) pq->last->next = page;
  else pq->first = page;
  pq->last = page;
}

void _hs_page_queue_remove(hs_page_queue_t* queue, hs_page_t* page) {
  hs_heap_t* heap = hs_page_heap(page);
  const bool was_first = (queue->first == page);
  hs_page_queue_unlink(queue, page);
  if (was_first) hs_heap_queue_first_update(heap, queue);
  heap->page_count--;
  hs_page_set_in_full(page, false);
}

/* New pages go in front: the next allocation of this size takes from them. */
void _hs_page_queue_push(hs_heap_t* heap, hs_page_queue_t* pq, hs_page_t* page) {
  hs_page_set_in_full(page, _hs_page_queue_is_full(pq));
  page->prev = NULL;
  page->next = pq->first;
  if (pq->first != NULL) pq->first->prev = page;
  else pq->last = page;
  pq->first = page;
  hs_heap_queue_first_update(heap, pq);
  heap->page_count++;
}

/* Move a page between two queues of the same heap; it goes to the back of `to` so the page
   currently serving allocations there keeps doing so. */
void _hs_page_queue_enqueue_from(hs_page_queue_t* to, hs_page_queue_t* from, hs_page_t* page) {
  hs_heap_t* heap = hs_page_heap(page);
  const bool was_first = (from->first == page);
  hs_page_queue_unlink(from, page);
  if (was_first) hs_heap_queue_first_update(heap, from);

  const bool was_empty = (to->first == NULL);
  hs_page_queue_link_last(to, page);
  if (was_empty) hs_heap_queue_first_update(heap, to);
  hs_page_set_in_full(page, _hs_page_queue_is_full(to));
}

/* Move every page of `append` (another heap's queue of the same bin) to the end of `pq`.
   Each page is switched to `heap` first and then waits out a remote free that may be pushing
   onto the old heap's delayed list, so from then on only `heap` receives its delayed frees.
   The caller resets `append` and adjusts page counts. Returns the pages moved. */
size_t _hs_page_queue_append(hs_heap_t* heap, hs_page_queue_t* pq, hs_page_queue_t* append) {
  if (append->first == NULL) return 0;

  size_t count = 0;
  for (hs_page_t* page = append->first; page != NULL; page = page->next) {
    hs_atomic_store_release(&page->xheap, (uintptr_t)heap);
    _hs_page_use_delayed_free(page, HS_USE_DELAYED_FREE, false);
    count++;
  }

  if (pq->last == NULL) {
    pq->first = append->first;
    pq->last = append->last;
    hs_heap_queue_first_update(heap, pq);
  }
  else {
    pq->last->next = append->first;
    append->first->prev = pq->last;
    pq->last = append->last;
  }
  return count;
}
