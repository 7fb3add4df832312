/* v3's per-page abandonment (page-abandon-v3.c): which abandoned pages an arena offers, per
 * size bin, and the rules for when a page is abandoned, offered, retained or reclaimed. */
#ifndef HS_PAGE_ABANDON_V3_H
#define HS_PAGE_ABANDON_V3_H

#include "internal.h"
#include "types-v3.h"

#define HS_V3_ABANDON_BINS  (HS_BIN_HUGE + 1)   /* bins 1..73; bin 0 unused */

/* v3.4.3's defaults: retain 2 full small pages per queue before abandoning the rest;
   reclaim on free only into the heap the page came from (-1: never, 1: any heap). */
#define HS_V3_PAGE_FULL_RETAIN_DEFAULT     2
#define HS_V3_PAGE_RECLAIM_ON_FREE_DEFAULT 0

/* One arena's offer of abandoned pages: per bin, one bit per slice, set at a page's first. */
typedef struct hs_v3_abandoned_s {
  size_t          slice_count;
  size_t          words;                           /* per bin                          */
  uint64_t*       bits;                            /* HS_V3_ABANDON_BINS * words words */
  size_t          count[HS_V3_ABANDON_BINS];
  size_t          cursor[HS_V3_ABANDON_BINS];      /* where the last claim stopped     */
  pthread_mutex_t lock;
} hs_v3_abandoned_t;

bool   _hs_v3_abandoned_init(hs_v3_abandoned_t* ab, size_t slice_count);
void   _hs_v3_abandoned_done(hs_v3_abandoned_t* ab);
/* Offer the page starting at `slice` for blocks of `bin`; false if already offered. */
bool   _hs_v3_abandoned_offer(hs_v3_abandoned_t* ab, size_t bin, size_t slice);
/* Withdraw an offer (a free reclaimed or freed the page); false if it was not offered. */
bool   _hs_v3_abandoned_withdraw(hs_v3_abandoned_t* ab, size_t bin, size_t slice);
/* An allocation takes the next offered page of `bin`, round robin; false when none. */
bool   _hs_v3_abandoned_claim(hs_v3_abandoned_t* ab, size_t bin, size_t* slice);
size_t _hs_v3_abandoned_count(hs_v3_abandoned_t* ab, size_t bin);
/* As _hs_v3_abandoned_claim, but a page is taken only when `try_take(slice, arg)` agrees, under
   the offer's lock (so an offer withdrawn meanwhile is never taken); refused pages stay offered. */
typedef bool hs_v3_take_fun_t(size_t slice, void* arg);
bool   _hs_v3_abandoned_claim_if(hs_v3_abandoned_t* ab, size_t bin, size_t* slice,
                                 hs_v3_take_fun_t* try_take, void* arg);
/* Is the page starting at `slice` offered for `bin`? */
bool   _hs_v3_abandoned_is_offered(hs_v3_abandoned_t* ab, size_t bin, size_t slice);

/* More than 7/8 of the page's reserved blocks in use (or no page). */
static inline bool _hs_v3_page_mostly_used(size_t reserved, size_t used) {
  return reserved - used <= reserved / 8;
}
/* An abandoned page is offered for allocation only when it is not full; a full one waits
   for a free to claim it through the ownership bit. */
static inline bool _hs_v3_abandon_offers(size_t reserved, size_t used) { return used < reserved; }
/* A queue search meets its `nth_full` (0-based) full page: v3 keeps the first `retain` full
   pages of small block sizes in the queue and abandons every other full page. */
static inline bool _hs_v3_full_page_abandoned(size_t block_size, long nth_full, long retain) {
  if (block_size > HS_V3_SMALL_OBJ_SIZE_MAX) return true;
  return nth_full >= retain;
}
/* May a free that has just claimed an abandoned page reclaim it into the freeing thread's heap?
   `reclaim_on_free` as the option (-1 never, 0 the originating heap, 1 any heap); `same_heap`
   when the page came from that heap; `owned` the pages the heap already has in that bin. The
   heap may hold at most `max_same` (page_max_reclaim) or `max_cross` pages of the bin (< 0: no
   limit). As in v3.4.3, a heap that has no page of the bin at all takes the page even across
   heaps with reclaim_on_free 0: its limit is then 0 pages. */
static inline bool _hs_v3_reclaim_on_free_allowed(long reclaim_on_free, bool same_heap,
                                                  size_t block_size, size_t reserved, size_t used,
                                                  size_t owned, long max_same, long max_cross) {
  if (reclaim_on_free < 0 || block_size > HS_V3_MEDIUM_OBJ_SIZE_MAX) return false;
  long limit = 0;
  if (same_heap) limit = max_same;
  else if (reclaim_on_free == 1 && !_hs_v3_page_mostly_used(reserved, used)) limit = max_cross;
  return limit < 0 || owned <= (size_t)limit;
}

#endif
