/* v3 arenas (arena-slices-v3.c): slices of an arena, tracked by free/committed/dirty/to-purge
 * bitmaps, with v3's page placement and purge delay. */
#ifndef HS_ARENA_SLICES_V3_H
#define HS_ARENA_SLICES_V3_H

#include "types-v3.h"
#include <pthread.h>

typedef struct hs_v3_arena_s {
  uint8_t*        start;
  size_t          slice_count;       /* a multiple of HS_V3_BCHUNK_BITS                  */
  size_t          bitmap_bytes;
  uint64_t*       free;              /* one bit per slice in each of the four bitmaps   */
  uint64_t*       committed;
  uint64_t*       dirty;
  uint64_t*       purge;
  long            purge_delay_ms;    /* < 0: never purge                                 */
  int64_t         purge_expire_ms;   /* 0: nothing scheduled                             */
  pthread_mutex_t lock;
} hs_v3_arena_t;

typedef enum hs_v3_arena_bitmap_e {
  HS_V3_SLICES_FREE, HS_V3_SLICES_COMMITTED, HS_V3_SLICES_DIRTY, HS_V3_SLICES_TO_PURGE
} hs_v3_arena_bitmap_t;

/* Purge one run of free slices; true when it decommitted them (false: only reset). */
typedef bool hs_v3_purge_fun_t(void* start, size_t size, void* arg);

/* Track the `size` bytes at `start` (slice aligned, whole 32 MiB chunks); all free. */
bool   _hs_v3_arena_init(hs_v3_arena_t* arena, void* start, size_t size, long purge_delay_ms);
void   _hs_v3_arena_done(hs_v3_arena_t* arena);
/* Take a run of `slice_count` free slices placed as v3 places pages; NULL when none fits.
   `*was_committed` tells whether every slice of it is still committed. */
void*  _hs_v3_arena_slices_alloc(hs_v3_arena_t* arena, size_t slice_count, bool* was_committed);
/* The caller committed (and may write) these slices. */
void   _hs_v3_arena_slices_committed(hs_v3_arena_t* arena, void* p, size_t slice_count);
/* Give slices back; dirty ones are scheduled for purge `purge_delay_ms` after the first free
   into an idle arena. False (nothing changed) for a range outside the arena or not in use. */
bool   _hs_v3_arena_slices_free(hs_v3_arena_t* arena, void* p, size_t slice_count, int64_t now_ms);
/* At or past the deadline (or when `force`), purge every scheduled run; the slice count. */
size_t _hs_v3_arena_purge(hs_v3_arena_t* arena, int64_t now_ms, bool force,
                          hs_v3_purge_fun_t* purge, void* arg);
size_t _hs_v3_arena_count(hs_v3_arena_t* arena, hs_v3_arena_bitmap_t which);
/* Slices of [p, p + slice_count) set in bitmap `which`. */
size_t _hs_v3_arena_count_in(hs_v3_arena_t* arena, hs_v3_arena_bitmap_t which, const void* p,
                             size_t slice_count);
/* The delay applies to purges scheduled from now on. */
void   _hs_v3_arena_set_purge_delay(hs_v3_arena_t* arena, long purge_delay_ms);

#endif
