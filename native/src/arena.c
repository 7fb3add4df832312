/* Arenas: large reservations cut into 32 MiB blocks, one block (or a run of them, for huge
 * segments) per segment.
 *
 * An arena reserves `arena_reserve` KiB of address space (1 GiB by default, doubling every 8
 * arenas) aligned to the segment size, with nothing committed: on Linux, committing up front
 * would only move the `committed` figure away from reality. Segments commit what they use
 * (eagerly or per span, per eager_commit), and the arena tracks per block:
 *
 *   blocks_inuse      owned by a segment, or claimed for a moment by a purge
 *   blocks_dirty      may hold non-zero bytes (handed out since it was last decommitted)
 *   blocks_committed  wholly committed while free (a free block is all or nothing)
 *   blocks_purge      free, committed, waiting for the arena's purge deadline
 *   blocks_abandoned  first block of a segment whose owner thread exited
 *
 * All bitmaps are atomic; a block changes hands only through a CAS on blocks_inuse, so
 * allocation, free and purge need no lock. Creating an arena takes a lock (rare). Requests no
 * arena can serve (bigger than an arena, all arenas full and no more allowed, or the
 * disallow_arena_alloc option) go straight to the OS; their memid has arena_id -1.
 *
 * Abandoned OS-direct segments cannot live in a bitmap; they sit on a small locked array.
 */
#include "internal.h"
#include "bitmap.h"

#include <string.h>

typedef struct hs_arena_s {
  int                 id;
  uint8_t*            start;
  size_t              block_count;
  size_t              field_count;      /* 64-bit words per bitmap                      */
  size_t              meta_size;        /* bytes of this header with its bitmaps        */
  _Atomic(hs_msecs_t) purge_expire;     /* 0: no purge scheduled                        */
  _Atomic(uint64_t)*  blocks_inuse;
  _Atomic(uint64_t)*  blocks_dirty;
  _Atomic(uint64_t)*  blocks_committed;
  _Atomic(uint64_t)*  blocks_purge;
  _Atomic(uint64_t)*  blocks_abandoned;
  _Atomic(uint64_t)   bitmaps[];        /* the five bitmaps above, field_count each     */
} hs_arena_t;

static _Atomic(hs_arena_t*) hs_arenas[HS_ARENA_MAX];
static _Atomic(size_t)      hs_arena_count_current;
static pthread_mutex_t      hs_arena_reserve_lock = PTHREAD_MUTEX_INITIALIZER;

/* Abandoned segments, counted over arena bitmaps and the OS-direct list. */
static _Atomic(size_t)      hs_abandoned_total;
static pthread_mutex_t      hs_os_abandoned_lock = PTHREAD_MUTEX_INITIALIZER;
static hs_segment_t**       hs_os_abandoned;          /* under hs_os_abandoned_lock */
static size_t               hs_os_abandoned_count;
static size_t               hs_os_abandoned_capacity;

/* A fork copies the locks' state into the child: hold them over the fork so the child never
   inherits one held by a thread that does not exist there. */
void _hs_arena_fork_lock(void) {
  pthread_mutex_lock(&hs_arena_reserve_lock);
  pthread_mutex_lock(&hs_os_abandoned_lock);
}

void _hs_arena_fork_unlock(void) {
  pthread_mutex_unlock(&hs_os_abandoned_lock);
  pthread_mutex_unlock(&hs_arena_reserve_lock);
}

/* ---------------------------------------------------------------------------------------------
   Arena lookup
--------------------------------------------------------------------------------------------- */
size_t _hs_arena_count(void) {
  return atomic_load_explicit(&hs_arena_count_current, memory_order_acquire);
}

static hs_arena_t* hs_arena_at(size_t index) {
  return atomic_load_explicit(&hs_arenas[index], memory_order_acquire);
}

static hs_arena_t* hs_arena_of(const hs_memid_t* memid) {
  if (memid->arena_id < 0 || (size_t)memid->arena_id >= _hs_arena_count()) return NULL;
  return hs_arena_at((size_t)memid->arena_id);
}

static uint8_t* hs_arena_block_start(const hs_arena_t* arena, size_t idx) {
  return arena->start + idx * HS_ARENA_BLOCK_SIZE;
}

/* ---------------------------------------------------------------------------------------------
   Reserving a new arena
--------------------------------------------------------------------------------------------- */
static size_t hs_arena_reserve_size(size_t arena_index) {
  size_t size = (size_t)hs_option_get(hs_option_arena_reserve) * HS_KiB;
  size = hs_align_up(size, HS_ARENA_BLOCK_SIZE);
  /* Grow the reservation as arenas accumulate, so a big heap does not need hundreds of them. */
  if (arena_index >= 8) size <<= (arena_index / 8 < 14 ? arena_index / 8 : 14);
  return size;
}

static hs_arena_t* hs_arena_create(int id, size_t size) {
  bool is_zero;
  uint8_t* start = (uint8_t*)_hs_os_alloc_aligned(size, HS_SEGMENT_ALIGN, false, &is_zero);
  if (start == NULL) return NULL;
  const size_t block_count = size / HS_ARENA_BLOCK_SIZE;
  const size_t field_count = (block_count + HS_BITS - 1) / HS_BITS;
  const size_t meta_size = sizeof(hs_arena_t) + 5 * field_count * sizeof(_Atomic(uint64_t));
  hs_arena_t* arena = (hs_arena_t*)_hs_os_alloc_meta(meta_size);   /* zeroed */
  if (arena == NULL) {
    _hs_os_free_ex(start, size, 0);
    return NULL;
  }
  arena->id = id;
  arena->start = start;
  arena->block_count = block_count;
  arena->field_count = field_count;
  arena->meta_size = meta_size;
  arena->blocks_inuse     = &arena->bitmaps[0 * field_count];
  arena->blocks_dirty     = &arena->bitmaps[1 * field_count];
  arena->blocks_committed = &arena->bitmaps[2 * field_count];
  arena->blocks_purge     = &arena->bitmaps[3 * field_count];
  arena->blocks_abandoned = &arena->bitmaps[4 * field_count];
  return arena;
}

/* Adds an arena big enough for `size` bytes unless one appeared since the caller counted
   `seen_count` arenas (then the caller just retries). False when no arena can be added. */
static bool hs_arena_reserve(size_t size, size_t seen_count) {
  pthread_mutex_lock(&hs_arena_reserve_lock);
  const size_t count = atomic_load_explicit(&hs_arena_count_current, memory_order_relaxed);
  if (count != seen_count) {
    pthread_mutex_unlock(&hs_arena_reserve_lock);
    return true;
  }
  hs_arena_t* arena = NULL;
  const size_t reserve = hs_arena_reserve_size(count);
  if (count < HS_ARENA_MAX && reserve >= size) arena = hs_arena_create((int)count, reserve);
  if (arena != NULL) {
    atomic_store_explicit(&hs_arenas[count], arena, memory_order_release);
    atomic_store_explicit(&hs_arena_count_current, count + 1, memory_order_release);
  }
  pthread_mutex_unlock(&hs_arena_reserve_lock);
  if (arena == NULL) return false;
  hs_stat_increase(arenas, 1);
  hs_event(ARENA_RESERVED, 0, 0, arena->start, reserve, arena->block_count);
  _hs_verbose("reserved arena %d: %zu MiB at %p", arena->id, reserve / HS_MiB, (void*)arena->start);
  return true;
}

/* ---------------------------------------------------------------------------------------------
   Allocation
--------------------------------------------------------------------------------------------- */

/* A free block in one field, claimed by CAS. */
static size_t hs_arena_claim_one(hs_arena_t* arena) {
  for (size_t f = 0; f < arena->field_count; f++) {
    const size_t valid_bits = arena->block_count - f * HS_BITS;
    const uint64_t valid = hs_field_mask(0, valid_bits);
    uint64_t v = atomic_load_explicit(&arena->blocks_inuse[f], memory_order_relaxed);
    while ((~v & valid) != 0) {
      const uint64_t bit = (uint64_t)1 << __builtin_ctzll(~v & valid);
      if (atomic_compare_exchange_weak_explicit(&arena->blocks_inuse[f], &v, v | bit,
                                                memory_order_acq_rel, memory_order_relaxed)) {
        return f * HS_BITS + (size_t)__builtin_ctzll(bit);
      }
    }
  }
  return SIZE_MAX;
}

/* A run of `count` free blocks: skip past any block in use, then try to claim. */
static size_t hs_arena_claim_run(hs_arena_t* arena, size_t count) {
  if (count == 1) return hs_arena_claim_one(arena);
  size_t idx = 0;
  while (idx + count <= arena->block_count) {
    const size_t used = hs_bitmap_last_set(arena->blocks_inuse, idx, count);
    if (used != SIZE_MAX) { idx = used + 1; continue; }
    if (hs_bitmap_try_claim(arena->blocks_inuse, idx, count)) return idx;
    idx++;
  }
  return SIZE_MAX;
}

/* Commits the blocks of [idx, idx+count) that are not committed yet, one OS call per run. */
static bool hs_arena_commit_blocks(hs_arena_t* arena, size_t idx, size_t count) {
  size_t i = idx;
  while (i < idx + count) {
    if (hs_bitmap_is_set(arena->blocks_committed, i)) { i++; continue; }
    size_t run = 1;
    while (i + run < idx + count && !hs_bitmap_is_set(arena->blocks_committed, i + run)) run++;
    bool is_zero;
    uint8_t* p = hs_arena_block_start(arena, i);
    if (!_hs_os_commit(p, run * HS_ARENA_BLOCK_SIZE, &is_zero)) return false;
    hs_bitmap_set(arena->blocks_committed, i, run, memory_order_relaxed);
    hs_event(COMMIT, hs_arena_block_start(arena, idx), 0, p, run * HS_ARENA_BLOCK_SIZE, 0);
    i += run;
  }
  return true;
}

static void* hs_arena_alloc_in(hs_arena_t* arena, size_t count, bool commit, hs_memid_t* memid) {
  const size_t idx = hs_arena_claim_run(arena, count);
  if (idx == SIZE_MAX) return NULL;
  /* The blocks are ours now: a scheduled purge of them is moot. */
  hs_bitmap_clear(arena->blocks_purge, idx, count, memory_order_relaxed);
  const bool is_zero = !hs_bitmap_any_set(arena->blocks_dirty, idx, count);
  /* A run is handed out wholly committed or wholly not: a segment cannot tell which of its
     blocks were committed, and committing a block twice would count it twice. */
  commit = commit || hs_bitmap_any_set(arena->blocks_committed, idx, count);
  if (commit && !hs_arena_commit_blocks(arena, idx, count)) {
    hs_bitmap_clear(arena->blocks_inuse, idx, count, memory_order_release);
    return NULL;
  }
  hs_bitmap_set(arena->blocks_dirty, idx, count, memory_order_relaxed);
  memid->arena_id = arena->id;
  memid->block_index = idx;
  memid->block_count = count;
  memid->is_zero = is_zero;
  memid->is_committed = hs_bitmap_all_set(arena->blocks_committed, idx, count);
  return hs_arena_block_start(arena, idx);
}

static void* hs_arena_alloc_existing(size_t count, bool commit, hs_memid_t* memid) {
  const size_t arena_count = _hs_arena_count();
  for (size_t i = 0; i < arena_count; i++) {
    hs_arena_t* arena = hs_arena_at(i);
    if (arena == NULL || arena->block_count < count) continue;
    void* p = hs_arena_alloc_in(arena, count, commit, memid);
    if (p != NULL) return p;
  }
  return NULL;
}

static void* hs_os_alloc_segment_memory(size_t size, bool commit, hs_memid_t* memid) {
  bool is_zero = false;
  void* p = _hs_os_alloc_aligned(size, HS_SEGMENT_ALIGN, commit, &is_zero);
  if (p == NULL) return NULL;
  memid->arena_id = -1;
  memid->block_index = 0;
  memid->block_count = size / HS_ARENA_BLOCK_SIZE;
  memid->is_zero = is_zero;
  memid->is_committed = commit;
  return p;
}

void* _hs_arena_alloc_aligned(size_t size, bool commit, hs_memid_t* memid) {
  size = hs_align_up(size, HS_ARENA_BLOCK_SIZE);
  const size_t count = size / HS_ARENA_BLOCK_SIZE;
  if (!hs_option_is_enabled(hs_option_disallow_arena_alloc)) {
    for (;;) {
      const size_t seen = _hs_arena_count();
      void* p = hs_arena_alloc_existing(count, commit, memid);
      if (p != NULL) return p;
      if (!hs_arena_reserve(size, seen)) break;
    }
  }
  return hs_os_alloc_segment_memory(size, commit, memid);
}

/* ---------------------------------------------------------------------------------------------
   Purging free blocks
--------------------------------------------------------------------------------------------- */
static hs_msecs_t hs_arena_purge_delay(void) {
  const long delay = hs_option_get(hs_option_purge_delay);
  if (delay < 0) return -1;
  return (hs_msecs_t)delay * hs_option_get(hs_option_arena_purge_mult);
}

/* Purges a run of blocks the caller holds (in use bits set); they are committed. */
static void hs_arena_purge_run(hs_arena_t* arena, size_t idx, size_t count) {
  uint8_t* p = hs_arena_block_start(arena, idx);
  const size_t size = count * HS_ARENA_BLOCK_SIZE;
  if (_hs_os_purge(p, size)) {
    /* Decommitted memory reads back as zeros: the blocks are clean again. */
    hs_bitmap_clear(arena->blocks_committed, idx, count, memory_order_relaxed);
    hs_bitmap_clear(arena->blocks_dirty, idx, count, memory_order_relaxed);
  }
  hs_event(PURGE, 0, 0, p, size, 0);
}

/* Takes a block marked for purging: claims it and clears its mark. False when it is in use
   (`*skipped` is then set) or was reused and freed again since it was marked. */
static bool hs_arena_claim_for_purge(hs_arena_t* arena, size_t idx, bool* skipped) {
  if (!hs_bitmap_try_claim(arena->blocks_inuse, idx, 1)) {
    *skipped = true;
    return false;
  }
  if (!hs_bitmap_is_set(arena->blocks_purge, idx)) {
    hs_bitmap_clear(arena->blocks_inuse, idx, 1, memory_order_release);
    return false;
  }
  hs_bitmap_clear(arena->blocks_purge, idx, 1, memory_order_relaxed);
  return true;
}

static void hs_arena_purge_and_release(hs_arena_t* arena, size_t idx, size_t count) {
  if (count == 0) return;
  hs_arena_purge_run(arena, idx, count);
  hs_bitmap_clear(arena->blocks_inuse, idx, count, memory_order_release);
}

/* Purges the marked blocks of one field, one OS call per run of adjacent blocks; true when
   some marked block could not be claimed (it is being allocated or freed right now). */
static bool hs_arena_purge_field(hs_arena_t* arena, size_t f) {
  uint64_t marked = atomic_load_explicit(&arena->blocks_purge[f], memory_order_relaxed);
  size_t run_start = 0, run_len = 0;
  bool skipped = false;
  while (marked != 0) {
    const size_t idx = f * HS_BITS + (size_t)__builtin_ctzll(marked);
    marked &= marked - 1;
    if (!hs_arena_claim_for_purge(arena, idx, &skipped)) continue;
    if (run_len > 0 && run_start + run_len == idx) {
      run_len++;
      continue;
    }
    hs_arena_purge_and_release(arena, run_start, run_len);
    run_start = idx;
    run_len = 1;
  }
  hs_arena_purge_and_release(arena, run_start, run_len);
  return skipped;
}

/* Whoever resets the deadline from its expired value to 0 does the purge, so one thread
   purges an arena at a time. Blocks it could not claim get a new deadline. */
static void hs_arena_try_purge(hs_arena_t* arena, hs_msecs_t now, bool force) {
  hs_msecs_t expire = atomic_load_explicit(&arena->purge_expire, memory_order_relaxed);
  if (expire == 0 || (!force && now < expire)) return;
  if (!atomic_compare_exchange_strong_explicit(&arena->purge_expire, &expire, 0,
                                               memory_order_acq_rel, memory_order_relaxed)) return;
  bool skipped = false;
  for (size_t f = 0; f < arena->field_count; f++) skipped |= hs_arena_purge_field(arena, f);
  if (skipped) {
    hs_msecs_t none = 0;
    const hs_msecs_t delay = hs_arena_purge_delay();
    atomic_compare_exchange_strong_explicit(&arena->purge_expire, &none, _hs_clock_after(now, delay > 0 ? delay : 1),
                                            memory_order_acq_rel, memory_order_relaxed);
  }
}

/* Marks the blocks for purging and sets or extends the arena's deadline. */
static void hs_arena_schedule_purge(hs_arena_t* arena, size_t idx, size_t count, hs_msecs_t delay) {
  hs_bitmap_set(arena->blocks_purge, idx, count, memory_order_relaxed);
  const hs_msecs_t now = hs_clock_now();
  hs_msecs_t expire = atomic_load_explicit(&arena->purge_expire, memory_order_relaxed);
  for (;;) {
    const hs_msecs_t next = (expire == 0 ? _hs_clock_after(now, delay)
                                             : _hs_clock_after(expire, hs_option_get(hs_option_purge_extend_delay)));
    if (atomic_compare_exchange_weak_explicit(&arena->purge_expire, &expire, (next == 0 ? 1 : next),
                                              memory_order_acq_rel, memory_order_relaxed)) return;
  }
}

void _hs_arena_collect(bool force_purge) {
  const hs_msecs_t now = hs_clock_now();
  const size_t count = _hs_arena_count();
  for (size_t i = 0; i < count; i++) {
    hs_arena_t* arena = hs_arena_at(i);
    if (arena != NULL) hs_arena_try_purge(arena, now, force_purge);
  }
}

/* ---------------------------------------------------------------------------------------------
   Free
--------------------------------------------------------------------------------------------- */
void _hs_arena_free(void* p, size_t size, size_t committed, hs_memid_t memid) {
  size = hs_align_up(size, HS_ARENA_BLOCK_SIZE);
  hs_arena_t* arena = hs_arena_of(&memid);
  if (arena == NULL) {
    _hs_os_free_ex(p, size, committed);
    return;
  }
  const size_t idx = memid.block_index, count = memid.block_count;
  /* A free block is wholly committed or not at all. A partly committed segment has its gaps
     made accessible (no pages are touched, so RSS does not move) rather than its committed
     parts decommitted at once: the arena's delayed purge then decides for the whole block. */
  if (committed > 0 && committed < size) _hs_os_commit_whole(p, size, committed);
  const bool is_committed = (committed > 0);
  if (is_committed) {
    hs_bitmap_set(arena->blocks_committed, idx, count, memory_order_relaxed);
  } else {
    /* Never committed or wholly decommitted: it reads back as zeros. */
    hs_bitmap_clear(arena->blocks_committed, idx, count, memory_order_relaxed);
    hs_bitmap_clear(arena->blocks_dirty, idx, count, memory_order_relaxed);
  }

  const hs_msecs_t delay = hs_arena_purge_delay();
  if (is_committed && delay == 0) hs_arena_purge_run(arena, idx, count);   /* still ours */
  else if (is_committed && delay > 0) hs_arena_schedule_purge(arena, idx, count, delay);
  hs_bitmap_clear(arena->blocks_inuse, idx, count, memory_order_release);
  /* There is no purge thread: expired purges of every arena run when arena code does. */
  _hs_arena_collect(false);
}

/* ---------------------------------------------------------------------------------------------
   Abandoned segments
--------------------------------------------------------------------------------------------- */
size_t _hs_arena_abandoned_count(void) {
  return atomic_load_explicit(&hs_abandoned_total, memory_order_relaxed);
}

/* Appends to the OS-direct list, growing it from metadata memory. Under the list's lock. */
static bool hs_os_abandoned_push(hs_segment_t* segment) {
  if (hs_os_abandoned_count == hs_os_abandoned_capacity) {
    const size_t capacity = (hs_os_abandoned_capacity == 0 ? 512 : 2 * hs_os_abandoned_capacity);
    hs_segment_t** grown = (hs_segment_t**)_hs_os_alloc_meta(capacity * sizeof(hs_segment_t*));
    if (grown == NULL) return false;
    if (hs_os_abandoned != NULL) {
      memcpy(grown, hs_os_abandoned, hs_os_abandoned_count * sizeof(hs_segment_t*));
      _hs_os_free_meta(hs_os_abandoned, hs_os_abandoned_capacity * sizeof(hs_segment_t*));
    }
    hs_os_abandoned = grown;
    hs_os_abandoned_capacity = capacity;
  }
  hs_os_abandoned[hs_os_abandoned_count++] = segment;
  return true;
}

/* Removes entry `i` (order does not matter). Under the list's lock. */
static hs_segment_t* hs_os_abandoned_take(size_t i) {
  hs_segment_t* segment = hs_os_abandoned[i];
  hs_os_abandoned[i] = hs_os_abandoned[--hs_os_abandoned_count];
  return segment;
}

/* Release on the bitmap (and the lock): a claimer sees the segment as the abandoner left it. */
void _hs_arena_segment_mark_abandoned(hs_segment_t* segment) {
  hs_arena_t* arena = hs_arena_of(&segment->memid);
  if (arena != NULL) {
    atomic_fetch_add_explicit(&hs_abandoned_total, 1, memory_order_relaxed);
    hs_bitmap_set(arena->blocks_abandoned, segment->memid.block_index, 1, memory_order_release);
    return;
  }
  pthread_mutex_lock(&hs_os_abandoned_lock);
  const bool listed = hs_os_abandoned_push(segment);
  if (listed) atomic_fetch_add_explicit(&hs_abandoned_total, 1, memory_order_relaxed);
  pthread_mutex_unlock(&hs_os_abandoned_lock);
  if (!listed) {
    _hs_warning("out of metadata memory: abandoned segment %p can only be reclaimed by a free", (void*)segment);
  }
}

void _hs_arena_segment_unclaim_abandoned(hs_segment_t* segment) {
  _hs_arena_segment_mark_abandoned(segment);
}

static bool hs_arena_claim_bit(hs_arena_t* arena, size_t idx) {
  const uint64_t bit = (uint64_t)1 << (idx % HS_BITS);
  const uint64_t before = atomic_fetch_and_explicit(&arena->blocks_abandoned[idx / HS_BITS], ~bit,
                                                    memory_order_acq_rel);
  if ((before & bit) == 0) return false;
  atomic_fetch_sub_explicit(&hs_abandoned_total, 1, memory_order_relaxed);
  return true;
}

bool _hs_arena_segment_try_claim(hs_segment_t* segment) {
  hs_arena_t* arena = hs_arena_of(&segment->memid);
  if (arena != NULL) return hs_arena_claim_bit(arena, segment->memid.block_index);
  bool claimed = false;
  pthread_mutex_lock(&hs_os_abandoned_lock);
  for (size_t i = 0; i < hs_os_abandoned_count; i++) {
    if (hs_os_abandoned[i] != segment) continue;
    (void)hs_os_abandoned_take(i);
    claimed = true;
    break;
  }
  pthread_mutex_unlock(&hs_os_abandoned_lock);
  if (claimed) atomic_fetch_sub_explicit(&hs_abandoned_total, 1, memory_order_relaxed);
  return claimed;
}

/* The first abandoned segment of `arena` at block `from` or later, claimed; else NULL. */
static hs_segment_t* hs_arena_claim_from(hs_arena_t* arena, size_t from, size_t* next) {
  for (size_t f = from / HS_BITS; f < arena->field_count; f++) {
    uint64_t bits = atomic_load_explicit(&arena->blocks_abandoned[f], memory_order_relaxed);
    if (f == from / HS_BITS) bits &= ~hs_field_mask(0, from % HS_BITS);
    while (bits != 0) {
      const size_t idx = f * HS_BITS + (size_t)__builtin_ctzll(bits);
      bits &= bits - 1;
      if (hs_arena_claim_bit(arena, idx)) {
        *next = idx + 1;
        return (hs_segment_t*)hs_arena_block_start(arena, idx);
      }
    }
  }
  return NULL;
}

static hs_segment_t* hs_os_abandoned_claim_any(void) {
  hs_segment_t* segment = NULL;
  pthread_mutex_lock(&hs_os_abandoned_lock);
  if (hs_os_abandoned_count > 0) segment = hs_os_abandoned_take(hs_os_abandoned_count - 1);
  pthread_mutex_unlock(&hs_os_abandoned_lock);
  if (segment != NULL) atomic_fetch_sub_explicit(&hs_abandoned_total, 1, memory_order_relaxed);
  return segment;
}

/* The cursor packs (arena index << 32 | block index); arena index == arena count stands for the
   OS-direct list. One call looks at every place once, starting at the cursor. */
hs_segment_t* _hs_arena_segment_claim_abandoned(size_t* cursor) {
  if (_hs_arena_abandoned_count() == 0) return NULL;
  const size_t slots = _hs_arena_count() + 1;
  const size_t start_slot = (*cursor >> 32) % slots;
  const size_t start_block = (*cursor & 0xFFFFFFFFu);
  for (size_t k = 0; k <= slots; k++) {   /* `slots` again at the end: the start slot's head */
    const size_t slot = (start_slot + k) % slots;
    const size_t from = (k == 0 ? start_block : 0);
    hs_segment_t* segment = NULL;
    size_t next = 0;
    if (slot + 1 == slots) segment = hs_os_abandoned_claim_any();
    else segment = hs_arena_claim_from(hs_arena_at(slot), from, &next);
    if (segment != NULL) {
      *cursor = ((size_t)slot << 32) | next;
      return segment;
    }
  }
  return NULL;
}

/* ---------------------------------------------------------------------------------------------
   Inspection and validation
--------------------------------------------------------------------------------------------- */
bool _hs_arena_info(size_t index, hs_arena_info_t* out) {
  if (index >= _hs_arena_count()) return false;
  const hs_arena_t* arena = hs_arena_at(index);
  if (arena == NULL) return false;
  out->id = arena->id;
  out->start = (uintptr_t)arena->start;
  out->size = arena->block_count * HS_ARENA_BLOCK_SIZE;
  out->block_size = HS_ARENA_BLOCK_SIZE;
  out->block_count = arena->block_count;
  out->field_count = arena->field_count;
  out->blocks_inuse = (const uint64_t*)arena->blocks_inuse;
  out->blocks_dirty = (const uint64_t*)arena->blocks_dirty;
  out->blocks_committed = (const uint64_t*)arena->blocks_committed;
  out->blocks_purge = (const uint64_t*)arena->blocks_purge;
  out->blocks_abandoned = (const uint64_t*)arena->blocks_abandoned;
  out->purge_expire = atomic_load_explicit(&((hs_arena_t*)arena)->purge_expire, memory_order_relaxed);
  return true;
}

static const hs_segment_t* hs_arena_segment_covering(const hs_arena_t* arena, size_t idx) {
  for (const hs_segment_t* s = _hs_segment_registry_first(); s != NULL; s = s->reg_next) {
    if (s->memid.arena_id != arena->id) continue;
    if (idx >= s->memid.block_index && idx < s->memid.block_index + s->memid.block_count) return s;
  }
  return NULL;
}

static bool hs_os_abandoned_contains(const hs_segment_t* segment) {
  for (size_t i = 0; i < hs_os_abandoned_count; i++) {
    if (hs_os_abandoned[i] == segment) return true;
  }
  return false;
}

/* A registered segment's memory, ownership and abandoned mark agree with its arena. */
static bool hs_arena_validate_segment(const hs_segment_t* s, hs_report_t* r) {
  const uintptr_t owner = atomic_load_explicit(&((hs_segment_t*)s)->thread_id, memory_order_relaxed);
  hs_arena_t* arena = hs_arena_of(&s->memid);
  if (s->memid.arena_id < 0) {
    if ((owner == 0) != hs_os_abandoned_contains(s)) {
      return _hs_fail(r, "segment %p (OS memory): thread_id 0x%zx but %s the abandoned list",
                           (void*)s, (size_t)owner, (owner == 0 ? "missing from" : "on"));
    }
    return true;
  }
  if (arena == NULL) {
    return _hs_fail(r, "segment %p: arena id %d does not exist", (void*)s, s->memid.arena_id);
  }
  const size_t idx = s->memid.block_index, count = s->memid.block_count;
  if ((uint8_t*)s != hs_arena_block_start(arena, idx) || idx + count > arena->block_count) {
    return _hs_fail(r, "segment %p: memid says arena %d blocks %zu..%zu, which start at %p",
                         (void*)s, arena->id, idx, idx + count - 1, (void*)hs_arena_block_start(arena, idx));
  }
  for (size_t i = idx; i < idx + count; i++) {
    if (!hs_bitmap_is_set(arena->blocks_inuse, i)) {
      return _hs_fail(r, "arena %d block %zu: not in use, but segment %p covers it",
                           arena->id, i, (void*)s);
    }
    if (hs_bitmap_is_set(arena->blocks_purge, i)) {
      return _hs_fail(r, "arena %d block %zu: scheduled for purge, but segment %p uses it",
                           arena->id, i, (void*)s);
    }
  }
  if ((owner == 0) != hs_bitmap_is_set(arena->blocks_abandoned, idx)) {
    return _hs_fail(r, "arena %d block %zu: abandoned bit %d, but segment %p has thread_id 0x%zx",
                         arena->id, idx, (int)hs_bitmap_is_set(arena->blocks_abandoned, idx), (void*)s, (size_t)owner);
  }
  return true;
}

/* Every in-use block belongs to a segment; abandoned bits sit only on segments' first blocks. */
static bool hs_arena_validate_blocks(hs_arena_t* arena, size_t* abandoned, hs_report_t* r) {
  for (size_t i = 0; i < arena->block_count; i++) {
    const bool inuse = hs_bitmap_is_set(arena->blocks_inuse, i);
    const bool marked = hs_bitmap_is_set(arena->blocks_abandoned, i);
    if (!inuse && !marked) continue;
    const hs_segment_t* s = hs_arena_segment_covering(arena, i);
    if (inuse && s == NULL) {
      return _hs_fail(r, "arena %d block %zu: in use, but no live segment covers it", arena->id, i);
    }
    if (marked && (s == NULL || s->memid.block_index != i)) {
      return _hs_fail(r, "arena %d block %zu: abandoned bit set, but no segment starts there",
                           arena->id, i);
    }
    if (marked) (*abandoned)++;
  }
  return true;
}

/* The statistics are exact: every reserved byte is an arena or an OS-direct segment, every
   committed byte belongs to a live segment or to a free arena block marked committed. */
static bool hs_arena_validate_accounting(hs_report_t* r) {
  size_t reserved = 0, committed = 0, in_segments = 0;
  for (const hs_segment_t* s = _hs_segment_registry_first(); s != NULL; s = s->reg_next) {
    in_segments += _hs_segment_committed_bytes(s);
    if (s->memid.arena_id < 0) reserved += _hs_segment_alloc_size(s);
  }
  committed = in_segments;
  const size_t count = _hs_arena_count();
  for (size_t a = 0; a < count; a++) {
    hs_arena_t* arena = hs_arena_at(a);
    reserved += arena->block_count * HS_ARENA_BLOCK_SIZE;
    for (size_t i = 0; i < arena->block_count; i++) {
      if (hs_bitmap_is_set(arena->blocks_committed, i) && !hs_bitmap_is_set(arena->blocks_inuse, i)) {
        committed += HS_ARENA_BLOCK_SIZE;
      }
    }
  }
  const int64_t stat_reserved = __atomic_load_n(&_hs_stats.reserved.current, __ATOMIC_RELAXED);
  const int64_t stat_committed = __atomic_load_n(&_hs_stats.committed.current, __ATOMIC_RELAXED);
  if ((int64_t)reserved != stat_reserved) {
    return _hs_fail(r, "statistics: reserved is %lld bytes, but arenas and OS-direct segments hold %zu",
                         (long long)stat_reserved, reserved);
  }
  if ((int64_t)committed != stat_committed) {
    return _hs_fail(r, "statistics: committed is %lld bytes, but segments hold %zu and free committed "
                         "arena blocks %zu (%zu in all)", (long long)stat_committed, in_segments,
                         committed - in_segments, committed);
  }
  return true;
}

/* Takes no lock: the caller holds the segment registry lock or knows the process is quiet. */
bool _hs_arena_validate(char* msg, size_t msg_size) {
  hs_report_t r = { msg, msg_size };
  for (const hs_segment_t* s = _hs_segment_registry_first(); s != NULL; s = s->reg_next) {
    if (!hs_arena_validate_segment(s, &r)) return false;
  }
  size_t abandoned = hs_os_abandoned_count;
  const size_t count = _hs_arena_count();
  for (size_t a = 0; a < count; a++) {
    if (!hs_arena_validate_blocks(hs_arena_at(a), &abandoned, &r)) return false;
  }
  const size_t counted = _hs_arena_abandoned_count();
  if (abandoned != counted) {
    return _hs_fail(&r, "arenas: %zu abandoned segments marked, but the abandoned count is %zu",
                         abandoned, counted);
  }
  return hs_arena_validate_accounting(&r);
}
