/* Snapshots of the core backend: a full walk (hs_inspect), or a delta that re-inspects only what
 * the tracker noted (hs_inspect_page per touched page; segments, heaps and arenas only when an
 * event or op changed them). */
#include "agent.h"
#include "delta.h"
#include "snapshot.h"
#include "heapscope.h"

#include <string.h>

typedef struct ag_walk_s {
  ag_buf_t*         out;
  bool              blocks;
  bool              delta;
  bool              have_segment;        /* a SEGMENT record waits for its spans           */
  hs_segment_info_t segment;
  ag_buf_t          spans;
  uint32_t          span_count;
  uint32_t          stamp;
} ag_walk_t;

static ag_walk_t ag_walk;
static uint64_t  ag_delayed_sum[AG_THREAD_MAX];

/* Known heaps (few): to report those that vanished. */
#define AG_KNOWN_HEAPS_MAX 4096
static uintptr_t ag_known_heaps[AG_KNOWN_HEAPS_MAX];
static uint8_t   ag_known_heaps_seen[AG_KNOWN_HEAPS_MAX];
static size_t    ag_known_heaps_count;

static uint16_t ag_thread16(uintptr_t core_id) { return (uint16_t)ag_thread_index_of(core_id); }

static void ag_removed(ag_buf_t* out, uint8_t what, uint64_t key) {
  size_t mark = ag_rec_begin(out, AG_REC_REMOVED);
  ag_put_u8(out, what);
  ag_put_u64(out, key);
  ag_rec_end(out, mark);
}

/* ------------------------------------------------------------------ stats and arenas */
static void ag_stats_records(ag_buf_t* out) {
  hs_stats_t s;
  hs_stats_get(&s);
  size_t mark = ag_rec_begin(out, AG_REC_STATS);
  uint16_t n = 1;
#define AG_COUNT(name, doc) n++;
  HS_STATS_AMOUNTS(AG_COUNT)
  HS_STATS_COUNTERS(AG_COUNT)
#undef AG_COUNT
  ag_put_u16(out, n);
#define AG_AMOUNT(name, doc)  ag_put_str(out, #name); ag_put_u64(out, (uint64_t)s.name.current); ag_put_u64(out, (uint64_t)s.name.peak);
#define AG_COUNTER(name, doc) ag_put_str(out, #name); ag_put_u64(out, (uint64_t)s.name); ag_put_u64(out, (uint64_t)-1);
  HS_STATS_AMOUNTS(AG_AMOUNT)
  HS_STATS_COUNTERS(AG_COUNTER)
#undef AG_AMOUNT
#undef AG_COUNTER
  ag_put_str(out, "page_used"); ag_put_u64(out, (uint64_t)s.page_used); ag_put_u64(out, (uint64_t)-1);
  ag_rec_end(out, mark);

  mark = ag_rec_begin(out, AG_REC_BINS);
  ag_put_u16(out, HS_BIN_COUNT);
  for (int b = 0; b < HS_BIN_COUNT; b++) {
    ag_put_u64(out, (uint64_t)s.bin_blocks[b]);
    ag_put_u64(out, (uint64_t)s.bin_pages[b]);
  }
  ag_rec_end(out, mark);
}

static void ag_put_bitmap(ag_buf_t* out, const uint64_t* words, size_t count) {
  for (size_t i = 0; i < count; i++) ag_put_u64(out, words != NULL ? words[i] : 0);
}

static bool ag_visit_arena(const hs_arena_info_t* a, void* arg) {
  ag_buf_t* out = ag_walk.out;
  size_t mark = ag_rec_begin(out, AG_REC_ARENA);
  ag_put_u32(out, (uint32_t)a->id);
  ag_put_u64(out, a->start);
  ag_put_u64(out, a->size);
  ag_put_u64(out, a->block_size);
  ag_put_u64(out, a->block_count);
  ag_put_u64(out, (uint64_t)a->purge_expire);
  ag_put_u32(out, (uint32_t)a->field_count);
  ag_put_bitmap(out, a->blocks_inuse, a->field_count);
  ag_put_bitmap(out, a->blocks_dirty, a->field_count);
  ag_put_bitmap(out, a->blocks_committed, a->field_count);
  ag_put_bitmap(out, a->blocks_purge, a->field_count);
  ag_put_bitmap(out, a->blocks_abandoned, a->field_count);
  ag_rec_end(out, mark);
  return true;
}

/* ------------------------------------------------------------------ segments and spans */
static void ag_flush_segment(void) {
  if (!ag_walk.have_segment) return;
  ag_walk.have_segment = false;
  const hs_segment_info_t* s = &ag_walk.segment;
  ag_buf_t* out = ag_walk.out;
  size_t mark = ag_rec_begin(out, AG_REC_SEGMENT);
  ag_put_u64(out, s->address);
  ag_put_u64(out, s->size);
  ag_put_u8(out, s->is_huge);
  ag_put_u8(out, s->abandoned);
  ag_put_u16(out, ag_thread16(s->thread_id));
  ag_put_u32(out, (uint32_t)s->arena_id);
  ag_put_u64(out, s->serial);
  ag_put_u64(out, s->thread_id);
  ag_put_u32(out, (uint32_t)s->slice_count);
  ag_put_u32(out, (uint32_t)s->info_slices);
  ag_put_u32(out, (uint32_t)s->used_pages);
  ag_put_u32(out, (uint32_t)s->abandoned_pages);
  ag_put_bitmap(out, s->commit_mask, HS_COMMIT_MASK_WORDS);
  ag_put_bitmap(out, s->purge_mask, HS_COMMIT_MASK_WORDS);
  ag_put_u64(out, (uint64_t)s->purge_expire);
  ag_put_u64(out, (uint64_t)s->abandoned_at);
  ag_put_u64(out, s->abandoned_by);
  ag_put_u64(out, s->reclaimed_by);
  ag_put_u64(out, s->reclaim_count);
  ag_put_u32(out, ag_walk.span_count);
  ag_put_bytes(out, ag_walk.spans.data, ag_walk.spans.len);
  ag_rec_end(out, mark);
  ag_known_segment_put(s->address, ag_thread_index_of(s->thread_id));
}

static bool ag_visit_segment(const hs_segment_info_t* s, void* arg) {
  ag_flush_segment();
  ag_walk.segment = *s;
  ag_walk.have_segment = true;
  ag_walk.span_count = 0;
  ag_buf_reset(&ag_walk.spans);
  return true;
}

static bool ag_visit_span(const hs_segment_info_t* s, const hs_span_info_t* span, void* arg) {
  if (!ag_walk.have_segment || ag_walk.segment.address != s->address) return true;
  ag_put_u32(&ag_walk.spans, (uint32_t)span->slice_index);
  ag_put_u32(&ag_walk.spans, (uint32_t)span->slice_count);
  ag_put_u8(&ag_walk.spans, (uint8_t)span->state);
  ag_walk.span_count++;
  return true;
}

/* ------------------------------------------------------------------ pages */
static void ag_put_runs(ag_buf_t* out, const uint8_t* states, unsigned count) {
  size_t count_at = out->len;
  ag_put_u32(out, 0);
  uint32_t runs = 0;
  for (unsigned i = 0; i < count;) {
    unsigned j = i + 1;
    while (j < count && states[j] == states[i]) j++;
    ag_put_u8(out, states[i]);
    ag_put_u32(out, j - i);
    runs++;
    i = j;
  }
  if (!out->failed) ag_store_u32(out->data + count_at, runs);
}

static void ag_page_record(ag_buf_t* out, const hs_segment_info_t* s, const hs_page_info_t* p,
                           const uint8_t* states) {
  size_t mark = ag_rec_begin(out, AG_REC_PAGE);
  ag_put_u64(out, s->address);
  ag_put_u64(out, p->page_start);
  ag_put_u32(out, (uint32_t)p->slice_index);
  ag_put_u32(out, (uint32_t)p->slice_count);
  ag_put_u8(out, (uint8_t)p->kind);
  ag_put_u8(out, (uint8_t)p->delayed_state);
  ag_put_u8(out, (uint8_t)((p->in_full ? 1 : 0) | (p->has_aligned ? 2 : 0) | (p->is_committed ? 4 : 0)
                           | (p->is_retired ? 8 : 0) | (p->encoded ? 16 : 0)));
  ag_put_u8(out, (uint8_t)p->bin);
  ag_put_u64(out, p->block_size);
  ag_put_u32(out, p->capacity);
  ag_put_u32(out, p->reserved);
  ag_put_u32(out, p->used);
  ag_put_u32(out, p->free_count);
  ag_put_u32(out, p->local_free_count);
  ag_put_u32(out, p->thread_free_count);
  ag_put_u32(out, p->delayed_count);
  ag_put_u32(out, p->retire_expire);
  ag_put_u64(out, p->heap);
  ag_put_u64(out, p->thread_id);
  ag_put_u16(out, ag_thread16(p->thread_id));
  if (states != NULL) { ag_put_u8(out, 1); ag_put_runs(out, states, p->reserved); }
  else ag_put_u8(out, 0);
  ag_rec_end(out, mark);
}

static bool ag_visit_page(const hs_segment_info_t* s, const hs_page_info_t* p, const uint8_t* states, void* arg) {
  ag_known_page_t* known = ag_known_page(p->page_start);
  if (ag_walk.delta && known != NULL && known->stamp == ag_walk.stamp) return true;   /* already sent */
  ag_page_record(ag_walk.out, s, p, (ag_walk.blocks ? states : NULL));
  ag_known_page_put(p->page_start, s->address, p->heap, p->thread_free_count, ag_thread_index_of(p->thread_id),
                    p->is_retired || p->retire_expire > 0);
  known = ag_known_page(p->page_start);
  if (known != NULL) known->stamp = ag_walk.stamp;
  return true;
}

/* A delta's pages: every page holding a dirty address, inspected in one call. A dirty address
   that was a known page start and now starts no page (or lies in another page) was removed. */
static void ag_delta_pages(ag_buf_t* out) {
  static const hs_inspect_visitor_t visitor = { .page = ag_visit_page };
  static uintptr_t* starts;
  static size_t starts_cap;
  const uintptr_t* list;
  size_t n = ag_delta_dirty_blocks(&list);
  if (n == 0) return;
  if (n > starts_cap) {
    uintptr_t* s = (uintptr_t*)ag_remap(starts, starts_cap * sizeof(uintptr_t), n * sizeof(uintptr_t));
    if (s == NULL) { out->failed = true; return; }
    starts = s;
    starts_cap = n;
  }
  hs_inspect_pages(list, n, starts, &visitor, ag_walk.blocks, NULL);
  for (size_t i = 0; i < n; i++) {
    if (starts[i] == list[i]) continue;
    ag_known_page_t* known = ag_known_page(list[i]);
    if (known == NULL) continue;
    ag_removed(out, AG_REMOVED_PAGE, list[i]);
    ag_known_page_remove(list[i]);
  }
}

/* A delta's segments: those events named, re-sent with their spans; a known one that is gone was
   freed, and its pages with it. */
static void ag_delta_segments(ag_buf_t* out) {
  static const hs_inspect_visitor_t visitor = { .segment = ag_visit_segment, .span = ag_visit_span };
  static bool* found;
  static size_t found_cap;
  const uintptr_t* list;
  size_t n = ag_delta_dirty_segments(&list);
  if (n == 0) return;
  if (n > found_cap) {
    bool* f = (bool*)ag_remap(found, found_cap * sizeof(bool), n * sizeof(bool));
    if (f == NULL) { out->failed = true; return; }
    found = f;
    found_cap = n;
  }
  hs_inspect_segments(list, n, found, &visitor, NULL);
  ag_flush_segment();
  for (size_t i = 0; i < n; i++) {
    if (found[i] || !ag_known_segment_has(list[i])) continue;
    const uintptr_t* pages;
    size_t np = ag_known_pages_in_segment(list[i], &pages);
    for (size_t j = 0; j < np; j++) ag_known_page_remove(pages[j]);
    ag_known_segment_remove(list[i]);
    ag_removed(out, AG_REMOVED_SEGMENT, list[i]);
  }
}

/* ------------------------------------------------------------------ heaps */
static bool ag_visit_heap(const hs_heap_info_t* h, void* arg) {
  ag_buf_t* out = ag_walk.out;
  uint32_t id = 0;
  for (uint32_t i = 1; i < AG_HEAP_MAX; i++) {
    ag_heap_entry_t* e = ag_heap_at(i);
    if (e->heap == (void*)h->address) { id = i; break; }
  }
  int t = ag_thread_index_of(h->thread_id);
  size_t mark = ag_rec_begin(out, AG_REC_HEAP);
  ag_put_u64(out, h->address);
  ag_put_u64(out, h->thread_id);
  ag_put_u16(out, (uint16_t)t);
  ag_put_u32(out, id);
  ag_put_u8(out, (uint8_t)((h->is_backing ? 1 : 0) | (h->is_default ? 2 : 0) | (h->no_reclaim ? 4 : 0)));
  ag_put_u64(out, h->page_count);
  ag_put_u64(out, h->delayed_count);
  ag_rec_end(out, mark);
  if (t >= 0 && t < AG_THREAD_MAX) ag_delayed_sum[t] += h->delayed_count;
  for (size_t i = 0; i < ag_known_heaps_count; i++) {
    if (ag_known_heaps[i] == h->address) { ag_known_heaps_seen[i] = 1; return true; }
  }
  if (ag_known_heaps_count < AG_KNOWN_HEAPS_MAX) {
    ag_known_heaps_seen[ag_known_heaps_count] = 1;
    ag_known_heaps[ag_known_heaps_count++] = h->address;
  }
  return true;
}

static void ag_heaps_walk(ag_buf_t* out, bool report_removed) {
  static const hs_inspect_visitor_t visitor = { .heap = ag_visit_heap };
  memset(ag_delayed_sum, 0, sizeof(ag_delayed_sum));
  memset(ag_known_heaps_seen, 0, sizeof(ag_known_heaps_seen));
  hs_inspect(&visitor, false, NULL);
  size_t kept = 0;
  for (size_t i = 0; i < ag_known_heaps_count; i++) {
    if (!ag_known_heaps_seen[i]) {
      if (report_removed) ag_removed(out, AG_REMOVED_HEAP, ag_known_heaps[i]);
      continue;
    }
    ag_known_heaps[kept++] = ag_known_heaps[i];
  }
  ag_known_heaps_count = kept;
}

static void ag_threads_out(ag_buf_t* out) {
  uint64_t owned[AG_THREAD_MAX], tf[AG_THREAD_MAX];
  for (int t = 0; t < AG_THREAD_MAX; t++) {
    owned[t] = ag_delta_owned_segments(t);
    tf[t] = ag_delta_thread_free_sum(t);
  }
  ag_thread_records(out, owned, tf, ag_delayed_sum);
}

/* ------------------------------------------------------------------ full and delta */
static void ag_walk_begin(ag_buf_t* out, uint8_t flags, bool delta) {
  ag_walk.out = out;
  ag_walk.blocks = (flags & AG_SNAP_BLOCKS) != 0;
  ag_walk.delta = delta;
  ag_walk.have_segment = false;
  ag_walk.stamp++;
  if (ag_walk.stamp == 0) ag_walk.stamp = 1;
}

/* The core's design (full snapshots: it never changes during a run). */
static void ag_design_record(ag_buf_t* out) {
  size_t mark = ag_rec_begin(out, AG_REC_DESIGN);
  ag_put_str(out, hs_design_name());
  ag_rec_end(out, mark);
}

static void ag_full(ag_buf_t* out, uint8_t flags) {
  static const hs_inspect_visitor_t visitor = {
    .arena = ag_visit_arena, .segment = ag_visit_segment, .span = ag_visit_span, .page = ag_visit_page,
  };
  ag_snapshot_head(out, AG_SNAP_FULL, flags);
  ag_delta_begin_full();
  ag_known_heaps_count = 0;
  ag_walk_begin(out, flags, false);
  ag_process_record(out);
  ag_design_record(out);
  if (flags & AG_SNAP_STATS) ag_stats_records(out);
  hs_inspect(&visitor, ag_walk.blocks, NULL);
  ag_flush_segment();
  ag_heaps_walk(out, false);
  ag_threads_out(out);
}

static void ag_delta(ag_buf_t* out, uint8_t flags) {
  ag_snapshot_head(out, AG_SNAP_DELTA, flags);
  ag_walk_begin(out, flags, true);
  ag_process_record(out);
  if (flags & AG_SNAP_STATS) ag_stats_records(out);
  /* Arenas are few and small, and their purge schedule moves without events: always sent. */
  static const hs_inspect_visitor_t arenas = { .arena = ag_visit_arena };
  hs_inspect(&arenas, false, NULL);
  ag_delta_segments(out);
  ag_delta_pages(out);
  if (ag_delta_heaps_dirty()) ag_heaps_walk(out, true);
  ag_threads_out(out);
}

void ag_core_snapshot(ag_buf_t* out, uint8_t kind, uint8_t flags) {
  if (kind == AG_SNAP_DELTA && !ag_delta_must_be_full()) ag_delta(out, flags);
  else ag_full(out, flags);
  size_t mark = ag_rec_begin(out, AG_REC_END);
  ag_rec_end(out, mark);
  ag_delta_done();
}
