/* Change tracking between snapshots: dirty sets and what the client was last told. */
#include "delta.h"
#include "agent.h"

#include <stdatomic.h>
#include <string.h>

#define AG_DIRTY_MAX     ((size_t)1 << 18)   /* more changed blocks than this: send a full snapshot */
#define AG_DIRTY_SEG_MAX ((size_t)1 << 14)

static uintptr_t* ag_dirty;        static size_t ag_dirty_count;
static uintptr_t* ag_dirty_seg;    static size_t ag_dirty_seg_count;
static bool ag_heaps_dirty, ag_lost = true;

/* Known pages: open addressing, linear probing, deletion by backward shift (no tombstones). */
static ag_known_page_t* ag_pages;
static size_t ag_pages_cap, ag_pages_count;

/* Known segments: a small open-addressed set of (address, owner). */
typedef struct ag_known_segment_s { uintptr_t segment; int16_t thread; } ag_known_segment_t;
static ag_known_segment_t* ag_segs;
static size_t ag_segs_cap, ag_segs_count;

/* Retired known pages (few: at most one per size bin and heap), with their thread. */
#define AG_RETIRED_MAX 8192
static uintptr_t ag_retired[AG_RETIRED_MAX];
static size_t    ag_retired_count;
static _Atomic(uint64_t) ag_threads_ran;   /* bit t: thread t ran an op since the last snapshot */

static uint64_t ag_tf_sum[AG_THREAD_MAX];
static uint64_t ag_seg_sum[AG_THREAD_MAX];

static uintptr_t* ag_scratch;   static size_t ag_scratch_cap;

bool ag_delta_init(void) {
  ag_dirty = (uintptr_t*)ag_map(AG_DIRTY_MAX * sizeof(uintptr_t));
  ag_dirty_seg = (uintptr_t*)ag_map(AG_DIRTY_SEG_MAX * sizeof(uintptr_t));
  return ag_dirty != NULL && ag_dirty_seg != NULL;
}

/* ------------------------------------------------------------------ noting changes */
void ag_delta_block(uintptr_t p) {
  if (p == 0 || ag_lost) return;
  if (ag_dirty_count >= AG_DIRTY_MAX) { ag_lost = true; return; }
  ag_dirty[ag_dirty_count++] = p;
}

void ag_delta_segment(uintptr_t segment) {
  if (segment == 0 || ag_lost) return;
  if (ag_dirty_seg_count >= AG_DIRTY_SEG_MAX) { ag_lost = true; return; }
  ag_dirty_seg[ag_dirty_seg_count++] = segment;
  ag_heaps_dirty = true;    /* owned-segment sums live in thread records */
}

void ag_delta_segment_pages(uintptr_t segment) {
  ag_delta_segment(segment);
  const uintptr_t* pages;
  size_t n = ag_known_pages_in_segment(segment, &pages);
  for (size_t i = 0; i < n; i++) ag_delta_block(pages[i]);
}

void ag_delta_heap_pages(uintptr_t heap) {
  if (ag_lost) return;
  for (size_t i = 0; i < ag_pages_cap; i++) {
    if (ag_pages[i].page != 0 && ag_pages[i].heap == heap) ag_delta_block(ag_pages[i].page);
  }
  ag_heaps_dirty = true;
}

void ag_delta_thread_pages(uintptr_t thread_id) {
  if (ag_lost) return;
  int t = ag_thread_index_of(thread_id);
  for (size_t i = 0; i < ag_pages_cap; i++) {
    if (ag_pages[i].page != 0 && ag_pages[i].thread == t) ag_delta_block(ag_pages[i].page);
  }
  for (size_t i = 0; i < ag_segs_cap; i++) {
    if (ag_segs[i].segment != 0 && ag_segs[i].thread == t) ag_delta_segment(ag_segs[i].segment);
  }
  ag_heaps_dirty = true;
}

void ag_delta_thread_ran(int thread) {
  if (thread >= 0 && thread < 64) atomic_fetch_or_explicit(&ag_threads_ran, (uint64_t)1 << thread, memory_order_relaxed);
}

static void ag_retired_forget(uintptr_t page) {
  for (size_t i = 0; i < ag_retired_count; i++) {
    if (ag_retired[i] == page) { ag_retired[i] = ag_retired[--ag_retired_count]; return; }
  }
}

/* The retired pages of threads that ran join the dirty set. */
static void ag_retired_dirty(void) {
  for (size_t i = 0; i < ag_retired_count; i++) {
    ag_known_page_t* e = ag_known_page(ag_retired[i]);
    if (e == NULL) continue;
    uint64_t ran = atomic_load_explicit(&ag_threads_ran, memory_order_relaxed);
    if (e->thread < 0 || (ran & ((uint64_t)1 << e->thread)) != 0) ag_delta_block(e->page);
  }
}

/* May be called from several threads in a free-running batch, when tracking is off anyway. */
void ag_delta_heaps(void)  { if (!ag_lost) ag_heaps_dirty = true; }
void ag_delta_lost(void)   { ag_lost = true; }

/* ------------------------------------------------------------------ taking a delta */
bool ag_delta_must_be_full(void) { return ag_lost; }

void ag_delta_begin_full(void) {
  if (ag_pages != NULL) memset(ag_pages, 0, ag_pages_cap * sizeof(ag_known_page_t));
  if (ag_segs != NULL) memset(ag_segs, 0, ag_segs_cap * sizeof(ag_known_segment_t));
  ag_pages_count = 0;
  ag_segs_count = 0;
  ag_retired_count = 0;
  memset(ag_tf_sum, 0, sizeof(ag_tf_sum));
  memset(ag_seg_sum, 0, sizeof(ag_seg_sum));
}

void ag_delta_done(void) {
  atomic_store_explicit(&ag_threads_ran, 0, memory_order_relaxed);
  ag_dirty_count = 0;
  ag_dirty_seg_count = 0;
  ag_heaps_dirty = false;
  ag_lost = false;
}

/* Heapsort: in place, no allocation, O(n log n) worst case. */
static void ag_sift(uintptr_t* v, size_t root, size_t n) {
  for (;;) {
    size_t child = 2 * root + 1;
    if (child >= n) return;
    if (child + 1 < n && v[child + 1] > v[child]) child++;
    if (v[root] >= v[child]) return;
    uintptr_t t = v[root]; v[root] = v[child]; v[child] = t;
    root = child;
  }
}

static void ag_sort(uintptr_t* v, size_t n) {
  if (n < 2) return;
  for (size_t i = n / 2; i-- > 0;) ag_sift(v, i, n);
  for (size_t end = n - 1; end > 0; end--) {
    uintptr_t t = v[0]; v[0] = v[end]; v[end] = t;
    ag_sift(v, 0, end);
  }
}

size_t ag_delta_dirty_blocks(const uintptr_t** list) {
  ag_retired_dirty();
  ag_sort(ag_dirty, ag_dirty_count);
  size_t n = 0;   /* drop repeats */
  for (size_t i = 0; i < ag_dirty_count; i++) {
    if (n == 0 || ag_dirty[n - 1] != ag_dirty[i]) ag_dirty[n++] = ag_dirty[i];
  }
  ag_dirty_count = n;
  *list = ag_dirty;
  return n;
}
size_t ag_delta_dirty_segments(const uintptr_t** list) {
  ag_sort(ag_dirty_seg, ag_dirty_seg_count);
  size_t n = 0;
  for (size_t i = 0; i < ag_dirty_seg_count; i++) {
    if (n == 0 || ag_dirty_seg[n - 1] != ag_dirty_seg[i]) ag_dirty_seg[n++] = ag_dirty_seg[i];
  }
  ag_dirty_seg_count = n;
  *list = ag_dirty_seg;
  return n;
}
bool ag_delta_heaps_dirty(void) { return ag_heaps_dirty; }

/* ------------------------------------------------------------------ known pages */
static size_t ag_hash(uintptr_t key, size_t cap) {
  uint64_t h = (uint64_t)key * 0x9E3779B97F4A7C15ull;
  return (size_t)(h >> 20) & (cap - 1);
}

static bool ag_pages_grow(void) {
  size_t old_cap = ag_pages_cap;
  ag_known_page_t* old = ag_pages;
  size_t cap = (old_cap == 0 ? 4096 : old_cap * 2);
  ag_known_page_t* fresh = (ag_known_page_t*)ag_map(cap * sizeof(ag_known_page_t));
  if (fresh == NULL) return false;
  for (size_t i = 0; i < old_cap; i++) {
    if (old[i].page == 0) continue;
    size_t j = ag_hash(old[i].page, cap);
    while (fresh[j].page != 0) j = (j + 1) & (cap - 1);
    fresh[j] = old[i];
  }
  ag_unmap(old, old_cap * sizeof(ag_known_page_t));
  ag_pages = fresh;
  ag_pages_cap = cap;
  return true;
}

ag_known_page_t* ag_known_page(uintptr_t page) {
  if (ag_pages_cap == 0) return NULL;
  for (size_t j = ag_hash(page, ag_pages_cap);; j = (j + 1) & (ag_pages_cap - 1)) {
    if (ag_pages[j].page == page) return &ag_pages[j];
    if (ag_pages[j].page == 0) return NULL;
  }
}

static int ag_thread_slot(int thread) { return (thread >= 0 && thread < AG_THREAD_MAX) ? thread : -1; }

bool ag_known_page_put(uintptr_t page, uintptr_t segment, uintptr_t heap, uint32_t thread_free, int thread,
                       bool retired) {
  ag_known_page_t* e = ag_known_page(page);
  if (e == NULL) {
    if ((ag_pages_count + 1) * 2 > ag_pages_cap && !ag_pages_grow()) return false;
    size_t j = ag_hash(page, ag_pages_cap);
    while (ag_pages[j].page != 0) j = (j + 1) & (ag_pages_cap - 1);
    e = &ag_pages[j];
    e->page = page;
    e->thread = -1;
    e->thread_free = 0;
    e->retired = false;
    ag_pages_count++;
  }
  if (retired && !e->retired) {
    if (ag_retired_count < AG_RETIRED_MAX) { ag_retired[ag_retired_count++] = page; e->retired = true; }
    else ag_lost = true;
  } else if (!retired && e->retired) {
    ag_retired_forget(page);
    e->retired = false;
  }
  int old = ag_thread_slot(e->thread);
  if (old >= 0) ag_tf_sum[old] -= e->thread_free;
  e->segment = segment;
  e->heap = heap;
  e->thread_free = thread_free;
  e->thread = (int16_t)ag_thread_slot(thread);
  if (e->thread >= 0) ag_tf_sum[e->thread] += thread_free;
  return true;
}

void ag_known_page_remove(uintptr_t page) {
  ag_known_page_t* e = ag_known_page(page);
  if (e == NULL) return;
  if (e->thread >= 0) ag_tf_sum[e->thread] -= e->thread_free;
  if (e->retired) ag_retired_forget(page);
  size_t i = (size_t)(e - ag_pages);
  size_t mask = ag_pages_cap - 1;
  /* backward-shift deletion keeps every probe chain unbroken */
  for (size_t j = (i + 1) & mask; ag_pages[j].page != 0; j = (j + 1) & mask) {
    size_t home = ag_hash(ag_pages[j].page, ag_pages_cap);
    bool movable = (i <= j) ? (home <= i || home > j) : (home <= i && home > j);
    if (movable) { ag_pages[i] = ag_pages[j]; i = j; }
  }
  memset(&ag_pages[i], 0, sizeof(ag_pages[i]));
  ag_pages_count--;
}

size_t ag_known_pages_in_segment(uintptr_t segment, const uintptr_t** out) {
  size_t n = 0;
  for (size_t i = 0; i < ag_pages_cap; i++) {
    if (ag_pages[i].page == 0 || ag_pages[i].segment != segment) continue;
    if (n >= ag_scratch_cap) {
      size_t cap = (ag_scratch_cap == 0 ? 1024 : ag_scratch_cap * 2);
      uintptr_t* s = (uintptr_t*)ag_remap(ag_scratch, ag_scratch_cap * sizeof(uintptr_t), cap * sizeof(uintptr_t));
      if (s == NULL) { ag_lost = true; break; }
      ag_scratch = s;
      ag_scratch_cap = cap;
    }
    ag_scratch[n++] = ag_pages[i].page;
  }
  *out = ag_scratch;
  return n;
}

/* ------------------------------------------------------------------ known segments */
static ag_known_segment_t* ag_seg_find(uintptr_t segment) {
  if (ag_segs_cap == 0) return NULL;
  for (size_t j = ag_hash(segment, ag_segs_cap);; j = (j + 1) & (ag_segs_cap - 1)) {
    if (ag_segs[j].segment == segment) return &ag_segs[j];
    if (ag_segs[j].segment == 0) return NULL;
  }
}

static bool ag_segs_grow(void) {
  size_t old_cap = ag_segs_cap;
  ag_known_segment_t* old = ag_segs;
  size_t cap = (old_cap == 0 ? 1024 : old_cap * 2);
  ag_known_segment_t* fresh = (ag_known_segment_t*)ag_map(cap * sizeof(ag_known_segment_t));
  if (fresh == NULL) return false;
  for (size_t i = 0; i < old_cap; i++) {
    if (old[i].segment == 0) continue;
    size_t j = ag_hash(old[i].segment, cap);
    while (fresh[j].segment != 0) j = (j + 1) & (cap - 1);
    fresh[j] = old[i];
  }
  ag_unmap(old, old_cap * sizeof(ag_known_segment_t));
  ag_segs = fresh;
  ag_segs_cap = cap;
  return true;
}

bool ag_known_segment_put(uintptr_t segment, int thread) {
  ag_known_segment_t* e = ag_seg_find(segment);
  if (e == NULL) {
    if ((ag_segs_count + 1) * 2 > ag_segs_cap && !ag_segs_grow()) return false;
    size_t j = ag_hash(segment, ag_segs_cap);
    while (ag_segs[j].segment != 0) j = (j + 1) & (ag_segs_cap - 1);
    e = &ag_segs[j];
    e->segment = segment;
    e->thread = -1;
    ag_segs_count++;
  }
  if (e->thread >= 0) ag_seg_sum[e->thread]--;
  e->thread = (int16_t)ag_thread_slot(thread);
  if (e->thread >= 0) ag_seg_sum[e->thread]++;
  return true;
}

bool ag_known_segment_has(uintptr_t segment) { return ag_seg_find(segment) != NULL; }

void ag_known_segment_remove(uintptr_t segment) {
  ag_known_segment_t* e = ag_seg_find(segment);
  if (e == NULL) return;
  if (e->thread >= 0) ag_seg_sum[e->thread]--;
  /* the set is small: rebuild it without this entry */
  e->segment = 0;
  size_t cap = ag_segs_cap;
  ag_known_segment_t* old = ag_segs;
  ag_segs = NULL;
  ag_segs_cap = 0;
  ag_segs_count = 0;
  for (size_t i = 0; i < cap; i++) {
    if (old[i].segment == 0) continue;
    if ((ag_segs_count + 1) * 2 > ag_segs_cap && !ag_segs_grow()) break;
    size_t j = ag_hash(old[i].segment, ag_segs_cap);
    while (ag_segs[j].segment != 0) j = (j + 1) & (ag_segs_cap - 1);
    ag_segs[j] = old[i];
    ag_segs_count++;
  }
  ag_unmap(old, cap * sizeof(ag_known_segment_t));
}

uint64_t ag_delta_thread_free_sum(int thread) { return (thread >= 0 && thread < AG_THREAD_MAX) ? ag_tf_sum[thread] : 0; }
uint64_t ag_delta_owned_segments(int thread) { return (thread >= 0 && thread < AG_THREAD_MAX) ? ag_seg_sum[thread] : 0; }
