/* v3 pages in use (page-v3.c): the v3 design's replacement for the segment layer. A page is
 * carved from a shared arena, keeps its metadata at its own start (so the page map names its
 * first byte), is abandoned on its own, and is reclaimed on allocation or on free. */
#ifndef HS_PAGE_V3_H
#define HS_PAGE_V3_H

#include "internal.h"
#include "arena-slices-v3.h"
#include "page-abandon-v3.h"

/* How an abandoned page last came back to a heap. */
typedef enum hs_v3_reclaim_how_e {
  HS_V3_RECLAIM_NONE = 0,
  HS_V3_RECLAIM_ON_ALLOC = 1,   /* an allocation claimed it from its arena's offer   */
  HS_V3_RECLAIM_ON_FREE = 2     /* a free claimed it through the ownership bit       */
} hs_v3_reclaim_how_t;

/* One arena of the v3 design: its slices and its offer of abandoned pages. */
typedef struct hs_v3_arena_slot_s {
  hs_v3_arena_t     slices;
  hs_v3_abandoned_t abandoned;
  size_t            index;
} hs_v3_arena_slot_t;

/* The page header at the start of a v3 page's slices. The shared page layer sees only `page`
   (the first member, so a pointer to either is a pointer to both). Fields after it are written
   by the page's owner (or, while abandoned, by the thread that claimed it). */
typedef struct hs_v3_page_s {
  hs_page_t            page;
  _Atomic(uintptr_t)   thread_id;     /* owner thread (its heap's), 0 while abandoned: frees read
                                         it instead of the heap, which may be gone            */
  hs_v3_arena_slot_t*  arena;
  size_t               page_size;     /* bytes of slices the page covers                    */
  hs_heap_t*           origin;        /* heap it last belonged to (kept while abandoned; never
                                         read through: that heap may be gone)              */
  uintptr_t            origin_cookie; /* that heap's cookie: a new heap at the same address
                                         is not the page's origin                          */
  bool                 abandoned;     /* belongs to no heap                                 */
  uint8_t              reclaim_how;   /* hs_v3_reclaim_how_t of the last reclaim            */
  uintptr_t            abandoned_by;  /* thread that last abandoned it                      */
  uintptr_t            reclaimed_by;  /* thread that last reclaimed it                      */
  size_t               abandon_count; /* times abandoned                                    */
  size_t               reclaim_count; /* times reclaimed                                    */
  struct hs_v3_page_s* reg_next;      /* all live v3 pages, under the page registry lock    */
  struct hs_v3_page_s* reg_prev;
} hs_v3_page_t;

static inline hs_v3_page_t* hs_v3_page(const hs_page_t* page) { return (hs_v3_page_t*)page; }
static inline bool hs_v3_page_is_local(const hs_page_t* page) {
  return hs_atomic_load_relaxed(&hs_v3_page(page)->thread_id) == _hs_thread_id();
}
/* The page's first slice in its arena. */
static inline size_t hs_v3_page_slice(const hs_v3_page_t* vp) {
  return (size_t)(((const uint8_t*)vp - vp->arena->slices.start) >> HS_V3_SLICE_SHIFT);
}

/* The page layer's calls (design.c forwards them when the design is v3). */
hs_page_t* _hs_v3_page_alloc(hs_heap_t* heap, size_t block_size, size_t page_alignment, bool* reclaimed);
void       _hs_v3_page_free(hs_page_t* page, bool force);
void       _hs_v3_page_abandon(hs_page_t* page, hs_heap_t* heap);
uint8_t*   _hs_v3_page_start(const hs_page_t* page, size_t* page_size);
void       _hs_v3_collect(bool force);
/* A free on another thread pushed a block and so claimed this abandoned page: free it, reclaim
   it into the freeing thread's heap, or give it up again (offering it when it has room). */
void       _hs_v3_page_claimed_by_free(hs_page_t* page);

/* Registry and arenas, for inspection, statistics and the validator. */
void                _hs_v3_registry_lock(void);
void                _hs_v3_registry_unlock(void);
hs_v3_page_t*       _hs_v3_registry_first(void);   /* then ->reg_next */
size_t              _hs_v3_arenas_count(void);
hs_v3_arena_slot_t* _hs_v3_arena_at(size_t index);
size_t              _hs_v3_abandoned_pages(void);   /* pages that belong to no heap now */
size_t              _hs_v3_reclaimed_on(hs_v3_reclaim_how_t how);
#endif
