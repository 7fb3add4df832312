/* Heapscope core: inspection — a read-only walk over arenas, segments, spans, pages, blocks and
 * heaps.
 *
 * Inspection never changes allocator state: it collects nothing, moves no page and touches no
 * list. It allocates nothing from the core either; its scratch memory (block states, the
 * gathered delayed-free lists, sorted address sets) comes from `_hs_os_alloc_meta` and is kept
 * between calls. Every list walk is bounded and every link is checked to be the start of an
 * extended block of the right page before it is followed, so a corrupted heap yields a short
 * list, never a crash or an endless loop. The validator (validate.c) shares these walkers.
 *
 * Like the validator it runs only while no other thread allocates or frees; it holds the
 * segment registry lock and then the heap registry lock for the whole walk, so visitor
 * callbacks must not allocate from the core. A callback may call hs_inspect_list; a nested
 * hs_inspect, hs_inspect_page or hs_validate does nothing.
 */
#include "internal.h"

#include <string.h>

/* ---------------------------------------------------------------------------------------------
   Scratch memory and the inspection lock
--------------------------------------------------------------------------------------------- */
#define HS_SCRATCH_SLOTS 8

typedef struct hs_scratch_s {
  void*  base;
  size_t size;
} hs_scratch_t;

static hs_scratch_t    hs_scratch[HS_SCRATCH_SLOTS];
static pthread_mutex_t hs_inspect_mutex = PTHREAD_MUTEX_INITIALIZER;

/* Nesting depth on this thread: a visitor callback may call hs_inspect_list while the walk
   holds the locks (a nested full walk or validation is refused by its caller). */
static hs_decl_thread int hs_inspect_depth;

bool _hs_inspect_lock(void) {
  if (hs_inspect_depth++ > 0) return false;
  pthread_mutex_lock(&hs_inspect_mutex);
  _hs_segment_registry_lock();
  _hs_heap_registry_lock();
  return true;
}

void _hs_inspect_unlock(void) {
  if (--hs_inspect_depth > 0) return;
  _hs_heap_registry_unlock();
  _hs_segment_registry_unlock();
  pthread_mutex_unlock(&hs_inspect_mutex);
}

void* _hs_inspect_scratch(size_t slot, size_t size) {
  if (slot >= HS_SCRATCH_SLOTS) return NULL;
  hs_scratch_t* s = &hs_scratch[slot];
  if (size <= s->size) return s->base;
  size_t want = (s->size == 0 ? 64 * HS_KiB : s->size);
  while (want < size) want *= 2;
  void* p = _hs_os_alloc_meta(want);
  if (p == NULL) return NULL;
  if (s->base != NULL) {
    memcpy(p, s->base, s->size);   /* callers may grow a buffer they are filling */
    _hs_os_free_meta(s->base, s->size);
  }
  s->base = p;
  s->size = want;
  return p;
}

/* ---------------------------------------------------------------------------------------------
   Sorting without the C library (glibc's qsort may call malloc, which is us under LD_PRELOAD)
--------------------------------------------------------------------------------------------- */
/* Heap sort of `n` records of `width` words, ordered by their words lexicographically. */
static int hs_words_cmp(const uintptr_t* a, const uintptr_t* b, size_t width) {
  for (size_t i = 0; i < width; i++) {
    if (a[i] != b[i]) return (a[i] < b[i] ? -1 : 1);
  }
  return 0;
}

static void hs_words_swap(uintptr_t* a, uintptr_t* b, size_t width) {
  for (size_t i = 0; i < width; i++) {
    uintptr_t t = a[i]; a[i] = b[i]; b[i] = t;
  }
}

static void hs_sift_down(uintptr_t* v, size_t width, size_t root, size_t n) {
  for (;;) {
    size_t child = 2 * root + 1;
    if (child >= n) return;
    if (child + 1 < n && hs_words_cmp(&v[child * width], &v[(child + 1) * width], width) < 0) child++;
    if (hs_words_cmp(&v[root * width], &v[child * width], width) >= 0) return;
    hs_words_swap(&v[root * width], &v[child * width], width);
    root = child;
  }
}

void _hs_inspect_sort(uintptr_t* records, size_t n, size_t width) {
  if (n < 2) return;
  for (size_t i = n / 2; i-- > 0;) hs_sift_down(records, width, i, n);
  for (size_t end = n - 1; end > 0; end--) {
    hs_words_swap(&records[0], &records[end * width], width);
    hs_sift_down(records, width, 0, end);
  }
}

/* ---------------------------------------------------------------------------------------------
   Address sets: the live segments and heaps, sorted, for checking a pointer before reading it
--------------------------------------------------------------------------------------------- */
static uintptr_t* hs_segment_set;
static size_t     hs_segment_set_count;
static uintptr_t* hs_heap_set;
static size_t     hs_heap_set_count;

#define HS_SCRATCH_SEGMENTS  0
#define HS_SCRATCH_HEAPS     1
#define HS_SCRATCH_DELAYED   2
#define HS_SCRATCH_STATES    3
/* slots 4.. belong to the validator */

/* Registry lists are bounded by this many entries when gathered (a corrupted registry link
   cannot make the walk endless). */
#define HS_REGISTRY_MAX  ((size_t)1 << 22)

bool _hs_inspect_gather_registries(void) {
  size_t n = 0;
  for (hs_segment_t* s = _hs_segment_registry_first(); s != NULL && n < HS_REGISTRY_MAX; s = s->reg_next) n++;
  hs_segment_set = (uintptr_t*)_hs_inspect_scratch(HS_SCRATCH_SEGMENTS, (n + 1) * sizeof(uintptr_t));
  if (hs_segment_set == NULL) return false;
  size_t i = 0;
  for (hs_segment_t* s = _hs_segment_registry_first(); s != NULL && i < n; s = s->reg_next) {
    hs_segment_set[i++] = (uintptr_t)s;
  }
  hs_segment_set_count = i;
  _hs_inspect_sort(hs_segment_set, hs_segment_set_count, 1);

  n = 0;
  for (hs_heap_t* h = _hs_heap_registry_first(); h != NULL && n < HS_REGISTRY_MAX; h = h->reg_next) n++;
  hs_heap_set = (uintptr_t*)_hs_inspect_scratch(HS_SCRATCH_HEAPS, (n + 1) * sizeof(uintptr_t));
  if (hs_heap_set == NULL) return false;
  i = 0;
  for (hs_heap_t* h = _hs_heap_registry_first(); h != NULL && i < n; h = h->reg_next) {
    hs_heap_set[i++] = (uintptr_t)h;
  }
  hs_heap_set_count = i;
  _hs_inspect_sort(hs_heap_set, hs_heap_set_count, 1);
  return true;
}

/* Index of the last entry <= x, or SIZE_MAX. */
static size_t hs_set_floor(const uintptr_t* set, size_t count, uintptr_t x) {
  size_t lo = 0, hi = count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (set[mid] <= x) lo = mid + 1; else hi = mid;
  }
  return (lo == 0 ? SIZE_MAX : lo - 1);
}

const hs_segment_t* _hs_inspect_segment_of(uintptr_t p) {
  size_t i = hs_set_floor(hs_segment_set, hs_segment_set_count, p);
  if (i == SIZE_MAX) return NULL;
  const hs_segment_t* segment = (const hs_segment_t*)hs_segment_set[i];
  if (p >= (uintptr_t)segment + segment->segment_size) return NULL;
  return segment;
}

size_t _hs_inspect_segments(const uintptr_t** set) { *set = hs_segment_set; return hs_segment_set_count; }
size_t _hs_inspect_heaps(const uintptr_t** set) { *set = hs_heap_set; return hs_heap_set_count; }

bool _hs_inspect_is_heap(uintptr_t heap) {
  size_t i = hs_set_floor(hs_heap_set, hs_heap_set_count, heap);
  return (i != SIZE_MAX && hs_heap_set[i] == heap);
}

/* The in-use page whose extended blocks contain `p` as a block start, or NULL. */
const hs_page_t* _hs_inspect_page_of_block(uintptr_t p) {
  const hs_segment_t* segment = _hs_inspect_segment_of(p);
  if (segment == NULL || segment->slice_entries == 0 || segment->slice_entries > HS_SLICES_PER_SEGMENT + 1) return NULL;
  size_t idx = (p - (uintptr_t)segment) >> HS_SEGMENT_SLICE_SHIFT;
  if (idx >= segment->slice_entries) idx = segment->slice_entries - 1;
  const hs_slice_t* slice = &segment->slices[idx];
  if (slice->slice_offset > idx * sizeof(hs_slice_t)) return NULL;
  const hs_page_t* page = hs_slice_first(slice);
  if (page->slice_count == 0 || page->block_size == 0) return NULL;
  uintptr_t start = (uintptr_t)page->page_start;
  if (p < start || p >= start + (uintptr_t)page->capacity * page->block_size) return NULL;
  if ((p - start) % page->block_size != 0) return NULL;
  return page;
}

/* ---------------------------------------------------------------------------------------------
   Walking lists
--------------------------------------------------------------------------------------------- */
/* The block index of `p` in `page` when it is the start of an extended block, else -1. */
static long hs_block_index(const hs_page_t* page, uintptr_t p) {
  uintptr_t start = (uintptr_t)page->page_start;
  if (page->block_size == 0 || p < start) return -1;
  uintptr_t ofs = p - start;
  if (ofs % page->block_size != 0) return -1;
  uintptr_t idx = ofs / page->block_size;
  if (idx >= page->capacity) return -1;
  return (long)idx;
}

size_t _hs_inspect_page_list(const hs_page_t* page, const hs_block_t* head, uint32_t* out,
                             size_t max, uintptr_t* bad) {
  size_t n = 0;
  *bad = 0;
  const hs_block_t* block = head;
  while (block != NULL) {
    long idx = hs_block_index(page, (uintptr_t)block);
    if (idx < 0 || n >= page->capacity) {   /* outside the page, or more links than blocks */
      *bad = (uintptr_t)block;
      return n;
    }
    if (out != NULL && n < max) out[n] = (uint32_t)idx;
    n++;
    block = hs_block_nextx(page, block);
  }
  return n;
}

/* The next block of a heap's delayed-free list. The link is written with the keys of the
   block's own page (the page must have been checked to hold the block). */
static const hs_block_t* hs_delayed_next(const hs_page_t* page, const hs_block_t* block) {
  return hs_block_nextx(page, block);
}

/* Gathered delayed lists: pairs (block address, heap address), sorted by block. */
static uintptr_t* hs_delayed;
static size_t     hs_delayed_count;

/* Upper bound on blocks any list can hold: every extended block of every live page. */
static size_t hs_total_capacity(void) {
  size_t total = 0;
  for (size_t i = 0; i < hs_segment_set_count; i++) {
    const hs_segment_t* segment = (const hs_segment_t*)hs_segment_set[i];
    size_t entries = segment->slice_entries;
    if (entries > HS_SLICES_PER_SEGMENT) entries = HS_SLICES_PER_SEGMENT;
    for (size_t s = 0; s < entries;) {
      const hs_slice_t* slice = &segment->slices[s];
      if (slice->slice_count == 0) break;
      if (slice->block_size > 0) total += slice->capacity;
      s += slice->slice_count;
    }
  }
  return total;
}

bool _hs_inspect_gather_delayed(char* msg, size_t msg_size) {
  hs_delayed_count = 0;
  size_t count = 0;
  for (size_t h = 0; h < hs_heap_set_count; h++) {
    hs_heap_t* heap = (hs_heap_t*)hs_heap_set[h];
    const hs_block_t* block = hs_atomic_load_relaxed(&heap->thread_delayed_free);
    /* Brent's cycle detection: a loop is found within twice its length, so the walk costs the
       list, not every page of the heap (deltas inspect often). */
    const hs_block_t* mark = block;
    size_t power = 1, steps = 0;
    while (block != NULL) {
      const hs_page_t* page = _hs_inspect_page_of_block((uintptr_t)block);
      if (page == NULL) {
        if (msg != NULL) {
          snprintf(msg, msg_size, "heap 0x%lx: delayed-free list links to 0x%lx, which is not an "
                   "extended block of a live page", (unsigned long)(uintptr_t)heap, (unsigned long)(uintptr_t)block);
        }
        return false;
      }
      uintptr_t* v = (uintptr_t*)_hs_inspect_scratch(HS_SCRATCH_DELAYED, (count + 1) * 2 * sizeof(uintptr_t));
      if (v == NULL) return false;
      hs_delayed = v;
      v[2 * count] = (uintptr_t)block;
      v[2 * count + 1] = (uintptr_t)heap;
      count++;
      block = hs_delayed_next(page, block);
      if (block != NULL && block == mark) {
        if (msg != NULL) {
          snprintf(msg, msg_size, "heap 0x%lx: delayed-free list loops back to 0x%lx (a cycle)",
                   (unsigned long)(uintptr_t)heap, (unsigned long)(uintptr_t)block);
        }
        return false;
      }
      if (++steps == power) { mark = block; power <<= 1; steps = 0; }
    }
  }
  if (count > 0) hs_delayed = (uintptr_t*)_hs_inspect_scratch(HS_SCRATCH_DELAYED, 0);
  hs_delayed_count = count;
  _hs_inspect_sort(hs_delayed, count, 2);
  for (size_t i = 1; i < count; i++) {
    if (hs_delayed[2 * i] == hs_delayed[2 * (i - 1)]) {
      if (msg != NULL) {
        snprintf(msg, msg_size, "block 0x%lx is on delayed-free lists twice (heaps 0x%lx and 0x%lx)",
                 (unsigned long)hs_delayed[2 * i], (unsigned long)hs_delayed[2 * i - 1],
                 (unsigned long)hs_delayed[2 * i + 1]);
      }
      return false;
    }
  }
  return true;
}

size_t _hs_inspect_delayed_range(uintptr_t lo, uintptr_t hi, const uintptr_t** pairs) {
  size_t a = 0, b = hs_delayed_count;
  while (a < b) {   /* first pair with block >= lo */
    size_t mid = a + (b - a) / 2;
    if (hs_delayed[2 * mid] < lo) a = mid + 1; else b = mid;
  }
  size_t first = a;
  b = hs_delayed_count;
  while (a < b) {   /* first pair with block >= hi */
    size_t mid = a + (b - a) / 2;
    if (hs_delayed[2 * mid] < hi) a = mid + 1; else b = mid;
  }
  *pairs = (hs_delayed_count == 0 ? NULL : &hs_delayed[2 * first]);
  return a - first;
}

size_t _hs_inspect_delayed_of_heap(uintptr_t heap) {
  size_t n = 0;
  for (size_t i = 0; i < hs_delayed_count; i++) {
    if (hs_delayed[2 * i + 1] == heap) n++;
  }
  return n;
}

/* ---------------------------------------------------------------------------------------------
   Filling the info records
--------------------------------------------------------------------------------------------- */
static void hs_segment_info_fill(const hs_segment_t* segment, hs_segment_info_t* info) {
  memset(info, 0, sizeof(*info));
  info->address         = (uintptr_t)segment;
  info->size            = segment->segment_size;
  info->is_huge         = (segment->kind == HS_SEGMENT_HUGE);
  info->arena_id        = segment->memid.arena_id;
  info->serial          = segment->serial;
  info->thread_id       = hs_atomic_load_relaxed(&((hs_segment_t*)segment)->thread_id);
  info->abandoned       = (info->thread_id == 0);
  info->slice_count     = segment->segment_slices;
  info->info_slices     = segment->segment_info_slices;
  info->used_pages      = segment->used;
  info->abandoned_pages = segment->abandoned;
  memcpy(info->commit_mask, segment->commit_mask.mask, sizeof(info->commit_mask));
  memcpy(info->purge_mask, segment->purge_mask.mask, sizeof(info->purge_mask));
  info->purge_expire    = segment->purge_expire;
  info->abandoned_at    = segment->abandoned_at;
  info->abandoned_by    = segment->abandoned_by;
  info->reclaimed_by    = segment->reclaimed_by;
  info->reclaim_count   = segment->reclaim_count;
}

int _hs_inspect_page_bin(const hs_page_t* page) {
  if (hs_page_is_in_full(page)) return HS_BIN_FULL;
  if (page->is_huge || page->block_size > HS_MEDIUM_OBJ_SIZE_MAX) return HS_BIN_HUGE;
  return (int)_hs_bin(page->block_size);
}

static void hs_page_info_fill(const hs_page_t* page, hs_page_info_t* info) {
  memset(info, 0, sizeof(*info));
  uintptr_t bad;
  const hs_heap_t* heap = hs_page_heap(page);
  info->page_start        = (uintptr_t)page->page_start;
  info->slice_index       = (hs_design_is_v3() ? _hs_v3_page_slice_index(page) : hs_slice_index(page));
  info->slice_count       = page->slice_count;
  info->kind              = (hs_design_is_v3() ? _hs_v3_page_kind(page) : hs_page_kind_of(page));
  info->block_size        = page->block_size;
  info->capacity          = page->capacity;
  info->reserved          = page->reserved;
  info->used              = page->used;
  info->free_count        = (unsigned)_hs_inspect_page_list(page, page->free, NULL, 0, &bad);
  info->local_free_count  = (unsigned)_hs_inspect_page_list(page, page->local_free, NULL, 0, &bad);
  info->thread_free_count = (unsigned)_hs_inspect_page_list(page, hs_page_thread_free(page), NULL, 0, &bad);
  if (heap != NULL) {
    const uintptr_t* pairs;
    uintptr_t lo = (uintptr_t)page->page_start;
    size_t n = _hs_inspect_delayed_range(lo, lo + (uintptr_t)page->capacity * page->block_size, &pairs);
    for (size_t i = 0; i < n; i++) {
      if (pairs[2 * i + 1] == (uintptr_t)heap) info->delayed_count++;
    }
  }
  /* v3 has no delayed free: remote frees always go to thread_free, whose low bit is ownership */
  info->delayed_state     = (hs_design_is_v3() ? HS_NO_DELAYED_FREE : hs_page_thread_free_flag(page));
  info->in_full           = hs_page_is_in_full(page);
  info->has_aligned       = hs_page_has_aligned(page);
  info->is_committed      = page->is_committed;
  info->retire_expire     = page->retire_expire;
  info->is_retired        = (page->retire_expire > 0 && page->used == 0);   /* else taken again */
  info->bin               = _hs_inspect_page_bin(page);
  info->heap              = (uintptr_t)heap;
  info->thread_id         = (heap != NULL && _hs_inspect_is_heap((uintptr_t)heap) ? heap->thread_id : 0);
  info->encoded           = (page->keys[0] != 0);
}

/* Marks the blocks of one list with `state` (bounded walk). */
static void hs_mark_list(const hs_page_t* page, const hs_block_t* head, uint8_t* states, uint8_t state) {
  const hs_block_t* block = head;
  size_t n = 0;
  while (block != NULL && n < page->capacity) {
    long idx = hs_block_index(page, (uintptr_t)block);
    if (idx < 0) return;
    states[idx] = state;
    n++;
    block = hs_block_nextx(page, block);
  }
}

static const uint8_t* hs_page_block_states(const hs_page_t* page) {
  size_t reserved = page->reserved;
  size_t capacity = (page->capacity <= reserved ? page->capacity : reserved);
  uint8_t* states = (uint8_t*)_hs_inspect_scratch(HS_SCRATCH_STATES, reserved + 1);
  if (states == NULL) return NULL;
  memset(states, HS_BLOCK_IN_USE, capacity);
  memset(states + capacity, HS_BLOCK_UNEXTENDED, reserved - capacity);
  hs_mark_list(page, page->free, states, HS_BLOCK_FREE);
  hs_mark_list(page, page->local_free, states, HS_BLOCK_LOCAL_FREE);
  hs_mark_list(page, hs_page_thread_free(page), states, HS_BLOCK_THREAD_FREE);
  const hs_heap_t* heap = hs_page_heap(page);
  if (heap != NULL) {
    const uintptr_t* pairs;
    uintptr_t lo = (uintptr_t)page->page_start;
    size_t n = _hs_inspect_delayed_range(lo, lo + (uintptr_t)capacity * page->block_size, &pairs);
    for (size_t i = 0; i < n; i++) {
      if (pairs[2 * i + 1] != (uintptr_t)heap) continue;
      long idx = hs_block_index(page, pairs[2 * i]);
      if (idx >= 0 && (size_t)idx < capacity) states[idx] = HS_BLOCK_DELAYED;
    }
  }
  return states;
}

/* ---------------------------------------------------------------------------------------------
   The walk
--------------------------------------------------------------------------------------------- */
static bool hs_inspect_segment(const hs_inspect_visitor_t* visitor, const hs_segment_t* segment,
                               bool with_blocks, void* arg) {
  hs_segment_info_t sinfo;
  hs_segment_info_fill(segment, &sinfo);
  if (visitor->segment != NULL && !visitor->segment(&sinfo, arg)) return false;

  size_t entries = segment->slice_entries;
  if (entries > HS_SLICES_PER_SEGMENT) entries = HS_SLICES_PER_SEGMENT;
  size_t info_slices = segment->segment_info_slices;
  if (info_slices > entries) info_slices = entries;
  if (info_slices > 0 && visitor->span != NULL) {
    hs_span_info_t span = { .slice_index = 0, .slice_count = info_slices, .state = HS_SPAN_META };
    if (!visitor->span(&sinfo, &span, arg)) return false;
  }
  for (size_t i = info_slices; i < entries;) {
    const hs_slice_t* slice = &segment->slices[i];
    if (slice->slice_count == 0) break;   /* malformed: the validator reports it */
    bool is_page = (slice->block_size > 0);
    if (visitor->span != NULL) {
      hs_span_info_t span = { .slice_index = i, .slice_count = slice->slice_count,
                              .state = (is_page ? HS_SPAN_PAGE : HS_SPAN_FREE) };
      if (!visitor->span(&sinfo, &span, arg)) return false;
    }
    if (is_page && visitor->page != NULL) {
      hs_page_info_t pinfo;
      hs_page_info_fill(slice, &pinfo);
      const uint8_t* states = (with_blocks ? hs_page_block_states(slice) : NULL);
      if (!visitor->page(&sinfo, &pinfo, states, arg)) return false;
    }
    i += slice->slice_count;
  }
  return true;
}

static bool hs_inspect_heap(const hs_inspect_visitor_t* visitor, const hs_heap_t* heap, void* arg) {
  hs_heap_info_t info;
  memset(&info, 0, sizeof(info));
  info.address       = (uintptr_t)heap;
  info.thread_id     = heap->thread_id;
  info.is_backing    = (heap->tld != NULL && heap->tld->heap_backing == heap);
  info.is_default    = _hs_heap_is_default(heap);
  info.no_reclaim    = heap->no_reclaim;
  info.page_count    = heap->page_count;
  info.delayed_count = _hs_inspect_delayed_of_heap((uintptr_t)heap);
  return visitor->heap(&info, arg);
}

hs_attr_export void hs_inspect(const hs_inspect_visitor_t* visitor, bool with_blocks, void* arg) {
  if (visitor == NULL) return;
  /* Not from a visitor callback: the walk in progress owns the scratch buffers. */
  if (!_hs_inspect_lock() || !_hs_inspect_gather_registries()) goto done;
  _hs_inspect_gather_delayed(NULL, 0);   /* a corrupted list is cut short; the validator reports it */

  if (hs_design_is_v3()) {
    /* arenas and their pages; no segments */
    if (!_hs_v3_inspect_gather_pages()) goto done;
    for (size_t i = 0; visitor->arena != NULL && i < _hs_v3_arenas_count(); i++) {
      hs_arena_info_t info;
      if (_hs_v3_arena_info(i, &info) && !visitor->arena(&info, arg)) goto done;
    }
    const uintptr_t* pages;
    const size_t npages = _hs_v3_inspect_pages(&pages);
    for (size_t i = 0; visitor->page != NULL && i < npages; i++) {
      const hs_page_t* page = (const hs_page_t*)pages[i];
      hs_segment_info_t sinfo;
      _hs_v3_segment_info_of(page, &sinfo);
      hs_page_info_t pinfo;
      hs_page_info_fill(page, &pinfo);
      const uint8_t* states = (with_blocks ? hs_page_block_states(page) : NULL);
      if (!visitor->page(&sinfo, &pinfo, states, arg)) goto done;
    }
  }
  else if (visitor->arena != NULL) {
    size_t count = _hs_arena_count();
    for (size_t i = 0; i < count; i++) {
      hs_arena_info_t info;
      if (!_hs_arena_info(i, &info)) continue;
      if (!visitor->arena(&info, arg)) goto done;
    }
  }
  if (!hs_design_is_v3() && (visitor->segment != NULL || visitor->span != NULL || visitor->page != NULL)) {
    for (size_t i = 0; i < hs_segment_set_count; i++) {
      if (!hs_inspect_segment(visitor, (const hs_segment_t*)hs_segment_set[i], with_blocks, arg)) goto done;
    }
  }
  if (visitor->heap != NULL) {
    for (size_t i = 0; i < hs_heap_set_count; i++) {
      if (!hs_inspect_heap(visitor, (const hs_heap_t*)hs_heap_set[i], arg)) goto done;
    }
  }
done:
  _hs_inspect_unlock();
}

/* Named segments only (their records and spans, no pages): what a delta re-sends after segment
   events, at the cost of those segments. `found[i]` (when not NULL) says whether segments[i] is
   live. Returns how many were. */
hs_attr_export size_t hs_inspect_segments(const uintptr_t* segments, size_t count, bool* found,
                                          const hs_inspect_visitor_t* visitor, void* arg) {
  size_t live = 0;
  hs_inspect_visitor_t v = { .segment = (visitor != NULL ? visitor->segment : NULL),
                             .span = (visitor != NULL ? visitor->span : NULL) };
  if (!_hs_inspect_lock() || !_hs_inspect_gather_registries()) {
    if (found != NULL) for (size_t i = 0; i < count; i++) found[i] = false;
    goto done;
  }
  bool stopped = false;
  for (size_t i = 0; i < count; i++) {
    const hs_segment_t* segment = _hs_inspect_segment_of(segments[i]);
    bool is_live = (segment != NULL && (uintptr_t)segment == segments[i]);
    if (found != NULL) found[i] = is_live;
    if (!is_live) continue;
    live++;
    if (!stopped && !hs_inspect_segment(&v, segment, false, arg)) stopped = true;
  }
done:
  _hs_inspect_unlock();
  return live;
}

/* The in-use page whose span holds `p` (a block, the page start, or an interior pointer). */
static const hs_page_t* hs_page_of_address(uintptr_t p, const hs_segment_t** segment_out) {
  if (hs_design_is_v3()) return _hs_v3_inspect_page_of(p);
  const hs_segment_t* segment = _hs_inspect_segment_of(p);
  if (segment == NULL || segment->slice_entries == 0 || segment->slice_entries > HS_SLICES_PER_SEGMENT + 1) return NULL;
  size_t idx = (p - (uintptr_t)segment) >> HS_SEGMENT_SLICE_SHIFT;
  if (idx >= segment->slice_entries) idx = segment->slice_entries - 1;
  if (idx < segment->segment_info_slices) return NULL;
  const hs_slice_t* slice = &segment->slices[idx];
  if (slice->slice_offset > idx * sizeof(hs_slice_t)) return NULL;
  const hs_page_t* page = hs_slice_first(slice);
  if (page->slice_count == 0 || page->block_size == 0) return NULL;
  *segment_out = segment;
  return page;
}

/* Many pages under one lock and one gathering of the registries, so that a delta costs what
   changed: the addresses are sorted; each distinct page is visited once, in address order. */
hs_attr_export size_t hs_inspect_pages(const uintptr_t* addresses, size_t count, uintptr_t* page_starts,
                                       const hs_inspect_visitor_t* visitor, bool with_blocks, void* arg) {
  size_t visited = 0;
  /* Not from a visitor callback: a walk in progress owns the scratch buffers. */
  bool gathered = _hs_inspect_lock() && _hs_inspect_gather_registries();
  bool want_pages = (visitor != NULL && visitor->page != NULL);
  if (gathered && want_pages) _hs_inspect_gather_delayed(NULL, 0);
  const hs_page_t* last = NULL;
  bool stopped = false;
  for (size_t i = 0; i < count; i++) {
    const hs_segment_t* segment = NULL;
    const hs_page_t* page = (gathered ? hs_page_of_address(addresses[i], &segment) : NULL);
    if (page_starts != NULL) page_starts[i] = (page != NULL ? (uintptr_t)page->page_start : 0);
    if (page == NULL || page == last) continue;
    last = page;
    visited++;
    if (!want_pages || stopped) continue;
    hs_segment_info_t sinfo;
    if (hs_design_is_v3()) _hs_v3_segment_info_of(page, &sinfo);
    else hs_segment_info_fill(segment, &sinfo);
    hs_page_info_t pinfo;
    hs_page_info_fill(page, &pinfo);
    const uint8_t* states = (with_blocks ? hs_page_block_states(page) : NULL);
    if (!visitor->page(&sinfo, &pinfo, states, arg)) stopped = true;
  }
  _hs_inspect_unlock();
  return visited;
}

hs_attr_export bool hs_inspect_page(const void* p, const hs_inspect_visitor_t* visitor, bool with_blocks, void* arg) {
  uintptr_t address = (uintptr_t)p;
  return hs_inspect_pages(&address, 1, NULL, visitor, with_blocks, arg) > 0;
}

hs_attr_export size_t hs_inspect_list(uintptr_t page_start, hs_block_state_t list, uint32_t* out, size_t max) {
  size_t n = 0;
  /* Nested in a walk, the registries gathered by it are still current. */
  if (_hs_inspect_lock() && !_hs_inspect_gather_registries()) goto done;
  const hs_page_t* page = NULL;
  if (hs_design_is_v3()) {
    page = _hs_v3_inspect_page_of(page_start);
    if (page == NULL || (uintptr_t)page->page_start != page_start) goto done;
    goto found;
  }
  const hs_segment_t* segment = _hs_inspect_segment_of(page_start);
  if (segment == NULL || segment->slice_entries == 0 || segment->slice_entries > HS_SLICES_PER_SEGMENT + 1) goto done;
  size_t idx = (page_start - (uintptr_t)segment) >> HS_SEGMENT_SLICE_SHIFT;
  if (idx >= segment->slice_entries) idx = segment->slice_entries - 1;
  const hs_slice_t* slice = &segment->slices[idx];
  if (slice->slice_offset > idx * sizeof(hs_slice_t)) goto done;
  page = hs_slice_first(slice);
  if (page->slice_count == 0 || page->block_size == 0 || (uintptr_t)page->page_start != page_start) goto done;

found:;
  uintptr_t bad;
  switch (list) {
    case HS_BLOCK_FREE:        n = _hs_inspect_page_list(page, page->free, out, max, &bad); break;
    case HS_BLOCK_LOCAL_FREE:  n = _hs_inspect_page_list(page, page->local_free, out, max, &bad); break;
    case HS_BLOCK_THREAD_FREE: n = _hs_inspect_page_list(page, hs_page_thread_free(page), out, max, &bad); break;
    case HS_BLOCK_DELAYED: {
      /* The heap's list in its own order, keeping this page's blocks. */
      hs_heap_t* heap = hs_page_heap(page);
      if (heap == NULL || !_hs_inspect_is_heap((uintptr_t)heap)) break;
      size_t bound = hs_total_capacity() + 1;
      size_t steps = 0;
      const hs_block_t* block = hs_atomic_load_relaxed(&heap->thread_delayed_free);
      while (block != NULL && steps++ < bound) {
        const hs_page_t* bpage = _hs_inspect_page_of_block((uintptr_t)block);
        if (bpage == NULL) break;
        if (bpage == page) {
          if (out != NULL && n < max) out[n] = (uint32_t)hs_block_index(page, (uintptr_t)block);
          n++;
        }
        block = hs_delayed_next(bpage, block);
      }
      break;
    }
    default: break;
  }
done:
  _hs_inspect_unlock();
  return n;
}
