/* Purging: freed spans are purged only after purge_delay has passed on the core's clock, and
 * only when core code runs (here: a collect). Decommit clears the span's commit bits (and RSS
 * drops); reset keeps them. A virtual clock makes the delays exact.
 */
#include "testhelper.h"

#include <unistd.h>

#define KiB ((size_t)1024)
#define MiB (KiB * KiB)
#define SLICE (64 * KiB)

static hs_msecs_t virtual_now = 1000;
static hs_msecs_t virtual_clock(void* arg) { return virtual_now; }

static atomic_long ev_purge, ev_commit;
static void on_event(const hs_event_t* e, void* arg) {
  if (e->kind == HS_EVENT_PURGE) atomic_fetch_add(&ev_purge, 1);
  if (e->kind == HS_EVENT_COMMIT) atomic_fetch_add(&ev_commit, 1);
}

static bool bit(const uint64_t* mask, size_t i) { return (mask[i / 64] >> (i % 64)) & 1; }

/* How many slices of [first, first+count) have the bit set. */
static size_t bits_in(const uint64_t* mask, size_t first, size_t count) {
  size_t n = 0;
  for (size_t i = first; i < first + count && i < 512; i++) n += bit(mask, i);
  return n;
}

static size_t rss(void) {
  FILE* f = fopen("/proc/self/statm", "r");
  if (f == NULL) return 0;
  unsigned long size = 0, resident = 0;
  if (fscanf(f, "%lu %lu", &size, &resident) != 2) resident = 0;
  fclose(f);
  return resident * (size_t)sysconf(_SC_PAGESIZE);
}

typedef struct span_s { uintptr_t segment; size_t first, count; } span_t;

/* A large block in the same segment as `anchor` (kept live so the segment stays). */
static void* large_in_segment(size_t size, const void* anchor, span_t* span) {
  void* p = hs_malloc(size);
  if (!CHECK(p != NULL)) return NULL;
  memset(p, 0x33, size);
  test_found_t f;
  CHECK(test_page_of(p, &f));
  CHECK_EQ(f.page.kind, HS_PAGE_LARGE);
  hs_segment_info_t anchor_seg;
  CHECK(test_segment_of(anchor, &anchor_seg));
  CHECK_EQ(f.segment.address, anchor_seg.address);
  span->segment = f.segment.address;
  span->first = f.page.slice_index;
  span->count = f.page.slice_count;
  CHECK_EQ(bits_in(f.segment.commit_mask, span->first, span->count), span->count);
  CHECK_EQ(bits_in(f.segment.purge_mask, span->first, span->count), 0);
  return p;
}

static hs_segment_info_t segment_now(const span_t* span) {
  hs_segment_info_t s;
  memset(&s, 0, sizeof(s));
  CHECK(test_segment_of((void*)span->segment, &s));
  return s;
}

static void test_purge_after_delay_decommit(void) {
  hs_option_set(hs_option_purge_delay, 10);
  hs_option_set(hs_option_purge_decommits, 1);
  void* anchor = hs_malloc(64);
  CHECK_VALID();
  span_t span, other;
  void* p = large_in_segment(8 * MiB, anchor, &span);
  void* second = large_in_segment(1 * MiB, anchor, &other);
  CHECK_VALID();
  hs_stats_t s0;
  hs_stats_get(&s0);
  size_t rss_live = rss();

  hs_free(p);
  CHECK_VALID();
  hs_segment_info_t seg = segment_now(&span);
  CHECK_EQ(bits_in(seg.purge_mask, span.first, span.count), span.count);   /* scheduled ... */
  CHECK_EQ(bits_in(seg.commit_mask, span.first, span.count), span.count);  /* ... not done */
  CHECK(seg.purge_expire > virtual_now);
  CHECK(seg.purge_expire <= virtual_now + 10 + 1);
  size_t rss_freed = rss();
  CHECK_MSG(rss_live - rss_freed < 2 * MiB || rss_freed >= rss_live,
            "RSS fell by %zu KiB before the purge delay passed", (rss_live - rss_freed) / KiB);

  /* halfway: a collect leaves it alone */
  virtual_now += 5;
  hs_collect(false);
  CHECK_VALID();
  seg = segment_now(&span);
  CHECK_EQ(bits_in(seg.purge_mask, span.first, span.count), span.count);
  CHECK_EQ(bits_in(seg.commit_mask, span.first, span.count), span.count);

  /* past the deadline, nothing happens on its own, nor on a plain collect (v2.1.7 purges the
     thread's own segments from the allocation and free paths and on a forced collect) ... */
  virtual_now += 10;
  seg = segment_now(&span);
  CHECK_EQ(bits_in(seg.purge_mask, span.first, span.count), span.count);
  hs_collect(false);
  CHECK_VALID();
  seg = segment_now(&span);
  CHECK_EQ(bits_in(seg.purge_mask, span.first, span.count), span.count);
  CHECK_EQ(bits_in(seg.commit_mask, span.first, span.count), span.count);
  /* ... until the free path runs: freeing another page of the segment decommits the span */
  long purge0 = atomic_load(&ev_purge);
  hs_free(second);
  CHECK_VALID();
  seg = segment_now(&span);
  CHECK_EQ(bits_in(seg.purge_mask, span.first, span.count), 0);
  CHECK_EQ(bits_in(seg.commit_mask, span.first, span.count), 0);
  CHECK(atomic_load(&ev_purge) > purge0);
  hs_stats_t s1;
  hs_stats_get(&s1);
  CHECK(s1.purged >= s0.purged + (int64_t)(span.count * SLICE) - (int64_t)SLICE);
  CHECK(s1.purges > s0.purges);
  CHECK(s1.committed.current < s0.committed.current);
  size_t rss_purged = rss();
  CHECK_MSG(rss_freed > rss_purged && rss_freed - rss_purged >= 6 * MiB,
            "RSS %zu KiB -> %zu KiB after decommitting 8 MiB", rss_freed / KiB, rss_purged / KiB);

  /* reusing the range commits it again */
  long commit0 = atomic_load(&ev_commit);
  span_t again;
  void* q = large_in_segment(8 * MiB, anchor, &again);
  CHECK_VALID();
  CHECK(atomic_load(&ev_commit) > commit0);
  hs_free(q);
  hs_free(anchor);
  hs_collect(true);
  CHECK_VALID();
}

static void test_purge_after_delay_reset(void) {
  hs_option_set(hs_option_purge_delay, 10);
  hs_option_set(hs_option_purge_decommits, 0);
  void* anchor = hs_malloc(64);
  span_t span, other;
  void* p = large_in_segment(2 * MiB, anchor, &span);
  void* second = large_in_segment(1 * MiB, anchor, &other);
  CHECK_VALID();
  hs_stats_t s0;
  hs_stats_get(&s0);
  hs_free(p);
  CHECK_VALID();
  hs_segment_info_t seg = segment_now(&span);
  CHECK_EQ(bits_in(seg.purge_mask, span.first, span.count), span.count);
  virtual_now += 11;
  hs_collect(false);   /* a plain collect leaves the thread's own segments alone (v2.1.7) */
  CHECK_VALID();
  seg = segment_now(&span);
  CHECK_EQ(bits_in(seg.purge_mask, span.first, span.count), span.count);
  hs_free(second);     /* the free path runs the expired purge */
  CHECK_VALID();
  seg = segment_now(&span);
  /* reset: still committed, so the span the free coalesced (this one and the next) is
     scheduled again as a whole */
  CHECK_EQ(bits_in(seg.commit_mask, span.first, span.count), span.count);
  hs_stats_t s1;
  hs_stats_get(&s1);
  CHECK(s1.purges > s0.purges);
  CHECK(s1.purged > s0.purged);
  hs_free(anchor);
  hs_option_set(hs_option_purge_decommits, 1);
  hs_collect(true);
  CHECK_VALID();
}

static void test_purge_now_and_never(void) {
  hs_option_set(hs_option_purge_decommits, 1);
  void* anchor = hs_malloc(64);

  /* delay 0: purged as it is freed */
  hs_option_set(hs_option_purge_delay, 0);
  span_t span;
  void* p = large_in_segment(1 * MiB, anchor, &span);
  hs_free(p);
  CHECK_VALID();
  hs_segment_info_t seg = segment_now(&span);
  CHECK_EQ(bits_in(seg.commit_mask, span.first, span.count), 0);
  CHECK_EQ(bits_in(seg.purge_mask, span.first, span.count), 0);

  /* delay -1: never, however long we wait */
  hs_option_set(hs_option_purge_delay, -1);
  p = large_in_segment(1 * MiB, anchor, &span);
  hs_free(p);
  CHECK_VALID();
  virtual_now += 1000000;
  hs_collect(false);
  CHECK_VALID();
  seg = segment_now(&span);
  CHECK_EQ(bits_in(seg.commit_mask, span.first, span.count), span.count);
  hs_option_set(hs_option_purge_delay, 10);
  hs_free(anchor);
  hs_collect(true);
  CHECK_VALID();
}

/* Every further free pushes a pending deadline out by purge_extend_delay. */
static void test_purge_extend(void) {
  hs_option_set(hs_option_purge_delay, 10);
  hs_option_set(hs_option_purge_extend_delay, 1);
  void* anchor = hs_malloc(64);
  span_t a, b, c;
  void* pa = large_in_segment(1 * MiB, anchor, &a);
  void* pb = large_in_segment(1 * MiB, anchor, &b);
  void* pc = large_in_segment(1 * MiB, anchor, &c);
  CHECK_VALID();
  hs_free(pa);
  hs_segment_info_t seg = segment_now(&a);
  hs_msecs_t expire1 = seg.purge_expire;
  CHECK_EQ(expire1, virtual_now + 10);
  virtual_now += 3;
  hs_free(pb);
  CHECK_VALID();
  seg = segment_now(&a);
  CHECK(seg.purge_expire >= expire1 && seg.purge_expire <= expire1 + 1);
  CHECK_EQ(bits_in(seg.purge_mask, b.first, b.count), b.count);
  virtual_now += 20;
  hs_free(pc);   /* long expired: the free runs the scheduled purges, then schedules its own */
  CHECK_VALID();
  seg = segment_now(&a);
  CHECK_EQ(bits_in(seg.purge_mask, a.first, a.count), 0);
  CHECK_EQ(bits_in(seg.purge_mask, b.first, b.count), 0);
  CHECK(seg.purge_expire > virtual_now);
  hs_free(anchor);
  CHECK_VALID();
}

/* A segment freed to its arena is purged as a whole block, after purge_delay * arena_purge_mult. */
typedef struct arena_find_s { uintptr_t target; bool found; size_t index; hs_arena_info_t info; } arena_find_t;
static bool find_arena(const hs_arena_info_t* a, void* arg) {
  arena_find_t* f = (arena_find_t*)arg;
  if (f->target < a->start || f->target >= a->start + a->size) return true;
  f->found = true;
  f->info = *a;
  f->index = (f->target - a->start) / a->block_size;
  return false;
}
static arena_find_t arena_of(uintptr_t p) {
  arena_find_t f = { .target = p };
  hs_inspect_visitor_t v = { .arena = find_arena };
  hs_inspect(&v, false, &f);
  return f;
}

typedef struct thread_seg_s { uintptr_t segment; } thread_seg_t;
static void job_use_and_free(void* arg) {
  void* p = hs_malloc(64);
  hs_segment_info_t s;
  memset(&s, 0, sizeof(s));
  CHECK(test_segment_of(p, &s));
  ((thread_seg_t*)arg)->segment = s.address;
  hs_free(p);
}

static void test_arena_purge(void) {
  hs_option_set(hs_option_purge_delay, 10);
  hs_option_set(hs_option_arena_purge_mult, 10);
  hs_option_set(hs_option_purge_decommits, 1);
  hs_collect(true);   /* nothing pending from earlier tests */
  thread_seg_t ts = { 0 };
  test_worker_t w;
  test_worker_start(&w);
  test_worker_run(&w, job_use_and_free, &ts);
  arena_find_t a = arena_of(ts.segment);
  if (!CHECK(a.found)) return;   /* the first segments come from an arena */
  CHECK(bit(a.info.blocks_inuse, a.index));
  test_worker_exit(&w);           /* the segment has no pages left: it goes back to its arena */
  CHECK_VALID();
  hs_segment_info_t gone;
  CHECK(!test_segment_of((void*)ts.segment, &gone));
  a = arena_of(ts.segment);
  CHECK(!bit(a.info.blocks_inuse, a.index));
  CHECK(bit(a.info.blocks_purge, a.index));
  CHECK(bit(a.info.blocks_committed, a.index));
  CHECK_EQ(a.info.purge_expire, virtual_now + 100);

  virtual_now += 50;
  hs_collect(false);
  a = arena_of(ts.segment);
  CHECK(bit(a.info.blocks_purge, a.index));
  CHECK(bit(a.info.blocks_committed, a.index));

  long purge0 = atomic_load(&ev_purge);
  virtual_now += 60;
  hs_collect(false);
  CHECK_VALID();
  a = arena_of(ts.segment);
  CHECK(!bit(a.info.blocks_purge, a.index));
  CHECK(!bit(a.info.blocks_committed, a.index));
  CHECK_EQ(a.info.purge_expire, 0);
  CHECK(atomic_load(&ev_purge) > purge0);
}

int main(void) {
  hs_set_event_hook(on_event, NULL);
  hs_clock_set(virtual_clock, NULL);
  CHECK_EQ(hs_clock_now(), virtual_now);
  RUN(test_purge_after_delay_decommit);
  RUN(test_purge_after_delay_reset);
  RUN(test_purge_now_and_never);
  RUN(test_purge_extend);
  RUN(test_arena_purge);
  hs_clock_set(NULL, NULL);
  CHECK(hs_clock_now() != virtual_now);
  hs_set_event_hook(NULL, NULL);
  return test_summary();
}
