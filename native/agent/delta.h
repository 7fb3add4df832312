/* What changed since the last snapshot.
 *
 * During a batch the agent notes every address an op touched and every page and segment an
 * event named; a delta re-inspects only those. Between snapshots it keeps what the client was
 * last told: the known pages (with owner and thread_free length, for the per-thread sums), the
 * known segments and heaps, so that vanished ones can be reported as REMOVED. When too much
 * changed, or changes were not tracked (a free-running batch), the next delta is a full
 * snapshot instead.
 */
#ifndef AG_DELTA_H
#define AG_DELTA_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

/* ------------------------------------------------------------------ noting changes (batch side) */
void ag_delta_block(uintptr_t p);                 /* a block or page start an op touched      */
void ag_delta_segment(uintptr_t segment);         /* its record (spans, masks) changed        */
void ag_delta_segment_pages(uintptr_t segment);   /* ... and every page in it                 */
void ag_delta_heap_pages(uintptr_t heap);         /* every known page of a heap               */
void ag_delta_thread_pages(uintptr_t thread_id);  /* every known page of a thread             */
void ag_delta_heaps(void);                        /* heap and thread records changed          */
void ag_delta_lost(void);                         /* untracked changes: next delta is full    */
/* An op ran on `thread`: its retired pages may have counted down (the generic allocation path
   ages them without an event), so the delta re-inspects that thread's retired pages. */
void ag_delta_thread_ran(int thread);

/* ------------------------------------------------------------------ taking a delta (snapshot side) */
typedef struct ag_known_page_s {
  uintptr_t page;        /* page_start: the key, 0 = empty slot */
  uintptr_t segment;
  uintptr_t heap;
  uint32_t  thread_free;
  uint32_t  stamp;       /* the delta that last wrote it        */
  int16_t   thread;      /* scenario index or -1                */
  bool      retired;     /* in the retired list                 */
} ag_known_page_t;

bool  ag_delta_init(void);
bool  ag_delta_must_be_full(void);    /* no base, lost track, or too many changes           */
void  ag_delta_begin_full(void);      /* forget everything known; the walk re-adds it      */
void  ag_delta_done(void);            /* the snapshot went out: clear the dirty sets        */

/* The dirty addresses (may repeat, may be interior pointers), sorted ascending. */
size_t           ag_delta_dirty_blocks(const uintptr_t** list);
size_t           ag_delta_dirty_segments(const uintptr_t** list);   /* sorted, no repeats */
bool             ag_delta_heaps_dirty(void);

/* Known pages: look up, record (returns false on no memory), forget. */
ag_known_page_t* ag_known_page(uintptr_t page);
bool             ag_known_page_put(uintptr_t page, uintptr_t segment, uintptr_t heap,
                                   uint32_t thread_free, int thread, bool retired);
void             ag_known_page_remove(uintptr_t page);
/* Known pages of one segment, collected into `out` (agent memory, valid until the next call). */
size_t           ag_known_pages_in_segment(uintptr_t segment, const uintptr_t** out);

/* Known segments with their owner (scenario index or -1). */
bool             ag_known_segment_put(uintptr_t segment, int thread);
bool             ag_known_segment_has(uintptr_t segment);
void             ag_known_segment_remove(uintptr_t segment);

/* Per-thread sums kept in step with the known pages and segments. */
uint64_t         ag_delta_thread_free_sum(int thread);
uint64_t         ag_delta_owned_segments(int thread);

#endif /* AG_DELTA_H */
