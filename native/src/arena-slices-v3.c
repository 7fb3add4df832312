/* v3 arenas: an arena's memory handed out in 64 KiB slices, tracked by bitmaps.
 *
 * mimalloc v3 (v3.4.3) carves pages straight from arenas, with no segment in between. Each
 * arena keeps one bit per slice in four bitmaps: free (the slice belongs to no page),
 * committed, dirty (it may hold data: touched since the last purge) and to-purge (free and
 * scheduled to be given back to the OS). The bitmaps are made of 512-bit chunks, and a
 * search places pages as v3 does: a small page (one slice) anywhere, a medium page (8 slices)
 * on a whole byte of the bitmap, a large page (64 slices) on a whole 64-bit word, any other run
 * of up to 64 slices inside one word, up to 512 inside one chunk, and longer runs from the
 * start of a chunk.
 *
 * Freed slices are purged after a delay (v3's purge_delay, 1 s by default): the first free
 * into an idle arena sets its deadline, and a purge at or past it hands every to-purge run to
 * the caller, which makes the OS call. mimalloc updates these bitmaps with atomics; here an
 * arena lock guards them, since slices change hands on slow paths only.
 */
#include "internal.h"
#include "arena-slices-v3.h"

#include <errno.h>

#include <string.h>

#define HS_V3_WORD_BITS 64

static inline bool hs_bit_get(const uint64_t* map, size_t i) {
  return (map[i / HS_V3_WORD_BITS] >> (i % HS_V3_WORD_BITS)) & 1;
}
static inline void hs_bit_put(uint64_t* map, size_t i, bool value) {
  const uint64_t mask = (uint64_t)1 << (i % HS_V3_WORD_BITS);
  if (value) map[i / HS_V3_WORD_BITS] |= mask;
  else       map[i / HS_V3_WORD_BITS] &= ~mask;
}
static void hs_bits_put(uint64_t* map, size_t first, size_t count, bool value) {
  for (size_t i = first; i < first + count; i++) hs_bit_put(map, i, value);
}
static bool hs_bits_all(const uint64_t* map, size_t first, size_t count) {
  for (size_t i = first; i < first + count; i++) {
    if (!hs_bit_get(map, i)) return false;
  }
  return true;
}

bool _hs_v3_arena_init(hs_v3_arena_t* arena, void* start, size_t size, long purge_delay_ms) {
  memset(arena, 0, sizeof(*arena));
  if (start == NULL || ((uintptr_t)start & (HS_V3_SLICE_SIZE - 1)) != 0 ||
      size < HS_V3_ARENA_MIN_SIZE || size % HS_V3_ARENA_MIN_SIZE != 0) {
    _hs_error(EINVAL, "v3 arena: %p + 0x%zx is not a slice-aligned whole number of 32 MiB chunks",
              start, size);
    return false;
  }
  arena->start = (uint8_t*)start;
  arena->slice_count = size / HS_V3_SLICE_SIZE;
  arena->purge_delay_ms = purge_delay_ms;
  const size_t words = arena->slice_count / HS_V3_WORD_BITS;
  arena->bitmap_bytes = 4 * words * sizeof(uint64_t);
  uint64_t* maps = _hs_os_alloc_meta(arena->bitmap_bytes);
  if (maps == NULL) return false;
  arena->free = maps;
  arena->committed = maps + words;
  arena->dirty = maps + 2 * words;
  arena->purge = maps + 3 * words;
  memset(arena->free, 0xFF, words * sizeof(uint64_t));   /* all free, none committed */
  pthread_mutex_init(&arena->lock, NULL);
  return true;
}

void _hs_v3_arena_done(hs_v3_arena_t* arena) {
  if (arena->free != NULL) _hs_os_free_meta(arena->free, arena->bitmap_bytes);
  pthread_mutex_destroy(&arena->lock);
  memset(arena, 0, sizeof(*arena));
}

/* The positions a run of `n` slices may start at, stepping by `step` inside `span`-bit windows
   (the run may not leave its window). */
static bool hs_v3_find_run(const hs_v3_arena_t* arena, size_t n, size_t* out) {
  size_t step, span;
  if (n == 1)                          { step = 1;  span = HS_V3_WORD_BITS; }
  else if (n == 8)                     { step = 8;  span = HS_V3_WORD_BITS; }
  else if (n == HS_V3_WORD_BITS)       { step = HS_V3_WORD_BITS; span = HS_V3_WORD_BITS; }
  else if (n < HS_V3_WORD_BITS)        { step = 1;  span = HS_V3_WORD_BITS; }
  else if (n <= HS_V3_BCHUNK_BITS)     { step = 1;  span = HS_V3_BCHUNK_BITS; }
  else                                 { step = HS_V3_BCHUNK_BITS; span = arena->slice_count; }
  for (size_t window = 0; window < arena->slice_count; window += span) {
    for (size_t i = window; i + n <= window + span && i + n <= arena->slice_count; i += step) {
      if (hs_bits_all(arena->free, i, n)) { *out = i; return true; }
    }
  }
  return false;
}

void* _hs_v3_arena_slices_alloc(hs_v3_arena_t* arena, size_t slice_count, bool* was_committed) {
  if (slice_count == 0 || slice_count > arena->slice_count) return NULL;
  pthread_mutex_lock(&arena->lock);
  size_t first;
  void* p = NULL;
  if (hs_v3_find_run(arena, slice_count, &first)) {
    hs_bits_put(arena->free, first, slice_count, false);
    hs_bits_put(arena->purge, first, slice_count, false);   /* reused before its purge */
    if (was_committed != NULL) *was_committed = hs_bits_all(arena->committed, first, slice_count);
    p = arena->start + first * HS_V3_SLICE_SIZE;
  }
  pthread_mutex_unlock(&arena->lock);
  return p;
}

void _hs_v3_arena_slices_committed(hs_v3_arena_t* arena, void* p, size_t slice_count) {
  const size_t first = (size_t)((uint8_t*)p - arena->start) / HS_V3_SLICE_SIZE;
  pthread_mutex_lock(&arena->lock);
  hs_bits_put(arena->committed, first, slice_count, true);
  hs_bits_put(arena->dirty, first, slice_count, true);
  pthread_mutex_unlock(&arena->lock);
}

bool _hs_v3_arena_slices_free(hs_v3_arena_t* arena, void* p, size_t slice_count, int64_t now_ms) {
  const uintptr_t off = (uintptr_t)p - (uintptr_t)arena->start;
  const size_t first = (size_t)(off / HS_V3_SLICE_SIZE);
  if ((uint8_t*)p < arena->start || off % HS_V3_SLICE_SIZE != 0 || slice_count == 0 ||
      first + slice_count > arena->slice_count) {
    _hs_error(EINVAL, "v3 arena: freeing %zu slices at %p, outside arena %p", slice_count, p,
              (void*)arena->start);
    return false;
  }
  pthread_mutex_lock(&arena->lock);
  bool ok = true;
  for (size_t i = first; ok && i < first + slice_count; i++) ok = !hs_bit_get(arena->free, i);
  if (ok) {
    hs_bits_put(arena->free, first, slice_count, true);
    if (arena->purge_delay_ms >= 0) {
      for (size_t i = first; i < first + slice_count; i++) {
        if (hs_bit_get(arena->dirty, i)) hs_bit_put(arena->purge, i, true);
      }
      if (arena->purge_expire_ms == 0) arena->purge_expire_ms = now_ms + arena->purge_delay_ms;
    }
  }
  pthread_mutex_unlock(&arena->lock);
  if (!ok) _hs_error(EINVAL, "v3 arena: freeing %zu slices at %p, some already free", slice_count, p);
  return ok;
}

size_t _hs_v3_arena_purge(hs_v3_arena_t* arena, int64_t now_ms, bool force,
                          hs_v3_purge_fun_t* purge, void* arg) {
  size_t purged = 0;
  pthread_mutex_lock(&arena->lock);
  if (arena->purge_expire_ms != 0 && (force || now_ms >= arena->purge_expire_ms)) {
    for (size_t i = 0; i < arena->slice_count; ) {
      if (!hs_bit_get(arena->purge, i)) { i++; continue; }
      size_t n = 1;
      while (i + n < arena->slice_count && hs_bit_get(arena->purge, i + n)) n++;
      const bool decommitted = purge(arena->start + i * HS_V3_SLICE_SIZE, n * HS_V3_SLICE_SIZE, arg);
      hs_bits_put(arena->purge, i, n, false);
      hs_bits_put(arena->dirty, i, n, false);
      if (decommitted) hs_bits_put(arena->committed, i, n, false);
      purged += n;
      i += n;
    }
    arena->purge_expire_ms = 0;
  }
  pthread_mutex_unlock(&arena->lock);
  return purged;
}

static const uint64_t* hs_v3_arena_bitmap(const hs_v3_arena_t* arena, hs_v3_arena_bitmap_t which) {
  return (which == HS_V3_SLICES_FREE ? arena->free
          : which == HS_V3_SLICES_COMMITTED ? arena->committed
          : which == HS_V3_SLICES_DIRTY ? arena->dirty : arena->purge);
}

size_t _hs_v3_arena_count_in(hs_v3_arena_t* arena, hs_v3_arena_bitmap_t which, const void* p,
                             size_t slice_count) {
  const uint64_t* map = hs_v3_arena_bitmap(arena, which);
  const size_t first = (size_t)((const uint8_t*)p - arena->start) / HS_V3_SLICE_SIZE;
  size_t count = 0;
  pthread_mutex_lock(&arena->lock);
  for (size_t i = first; i < first + slice_count && i < arena->slice_count; i++) {
    count += hs_bit_get(map, i);
  }
  pthread_mutex_unlock(&arena->lock);
  return count;
}

void _hs_v3_arena_set_purge_delay(hs_v3_arena_t* arena, long purge_delay_ms) {
  pthread_mutex_lock(&arena->lock);
  arena->purge_delay_ms = purge_delay_ms;
  pthread_mutex_unlock(&arena->lock);
}

size_t _hs_v3_arena_count(hs_v3_arena_t* arena, hs_v3_arena_bitmap_t which) {
  const uint64_t* map = hs_v3_arena_bitmap(arena, which);
  size_t count = 0;
  pthread_mutex_lock(&arena->lock);
  for (size_t w = 0; w < arena->slice_count / HS_V3_WORD_BITS; w++) {
    count += (size_t)__builtin_popcountll(map[w]);
  }
  pthread_mutex_unlock(&arena->lock);
  return count;
}
