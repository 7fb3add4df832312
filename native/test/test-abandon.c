/* Thread exit abandons the thread's segments; another thread reclaims them when it needs a
 * segment (allocation), or — with reclaim_on_free — when it frees a block into one.
 */
#include "testhelper.h"

#define KiB ((size_t)1024)
#define MAXB 256

static atomic_long ev_abandoned, ev_reclaimed;

static void on_event(const hs_event_t* e, void* arg) {
  if (e->kind == HS_EVENT_SEGMENT_ABANDONED) atomic_fetch_add(&ev_abandoned, 1);
  if (e->kind == HS_EVENT_SEGMENT_RECLAIMED) atomic_fetch_add(&ev_reclaimed, 1);
}

typedef struct live_s {
  void*  p[MAXB];
  size_t size[MAXB];
  size_t n;
  hs_heap_t* heap;
} live_t;

static void add(live_t* l, size_t size, size_t count) {
  for (size_t i = 0; i < count && l->n < MAXB; i++) {
    void* p = hs_malloc(size);
    CHECK(p != NULL);
    test_fill(p, size, 11);
    l->p[l->n] = p;
    l->size[l->n] = size;
    l->n++;
  }
}

static void job_allocate_mix(void* arg) {
  live_t* l = (live_t*)arg;
  l->heap = hs_heap_get_backing();
  add(l, 64, 100);
  add(l, 20 * KiB, 10);
  add(l, 1024 * KiB, 1);
}

static void job_allocate_small(void* arg) {
  live_t* l = (live_t*)arg;
  l->heap = hs_heap_get_backing();
  add(l, 100, 50);
}

static void job_free_all(void* arg) {
  live_t* l = (live_t*)arg;
  for (size_t i = 0; i < l->n; i++) {
    if (l->p[i] == NULL) continue;
    CHECK(test_filled(l->p[i], l->size[i], 11));
    hs_free(l->p[i]);
    l->p[i] = NULL;
  }
}

typedef struct newcomer_s { hs_heap_t* heap; void* p; } newcomer_t;
static void job_first_malloc(void* arg) {
  newcomer_t* n = (newcomer_t*)arg;
  n->p = hs_malloc(64);
  n->heap = hs_heap_get_backing();
}
static void job_free_p(void* arg) { hs_free(((newcomer_t*)arg)->p); }

static bool all_intact(const live_t* l) {
  bool ok = true;
  for (size_t i = 0; i < l->n; i++) {
    if (l->p[i] != NULL && !test_filled(l->p[i], l->size[i], 11)) ok = false;
  }
  return ok;
}

/* every page of the segment holding p: heap and thread as given */
typedef struct owner_scan_s { uintptr_t segment; uintptr_t heap; uintptr_t thread; size_t pages; size_t wrong; } owner_scan_t;
static bool owner_scan_page(const hs_segment_info_t* s, const hs_page_info_t* p, const uint8_t* b, void* arg) {
  owner_scan_t* o = (owner_scan_t*)arg;
  if (s->address != o->segment) return true;
  o->pages++;
  if (p->heap != o->heap || p->thread_id != o->thread) o->wrong++;
  return true;
}
static void check_pages_owned(uintptr_t segment, uintptr_t heap, uintptr_t thread) {
  owner_scan_t o = { segment, heap, thread, 0, 0 };
  hs_inspect_visitor_t v = { .page = owner_scan_page };
  hs_inspect(&v, false, &o);
  CHECK(o.pages > 0);
  CHECK_MSG(o.wrong == 0, "%zu of %zu pages of segment 0x%lx not owned by heap 0x%lx / thread 0x%lx",
            o.wrong, o.pages, (unsigned long)segment, (unsigned long)heap, (unsigned long)thread);
}

static void test_abandon_and_reclaim_on_alloc(void) {
  hs_option_set(hs_option_reclaim_on_free, 0);
  static live_t l;
  memset(&l, 0, sizeof(l));
  test_worker_t w;
  test_worker_start(&w);
  const uintptr_t wtid = w.thread_id;
  test_worker_run(&w, job_allocate_mix, &l);
  CHECK_VALID();
  hs_segment_info_t seg;
  CHECK(test_segment_of(l.p[0], &seg));
  CHECK_EQ(seg.thread_id, wtid);
  CHECK(!seg.abandoned);
  CHECK(seg.used_pages >= 3);
  check_pages_owned(seg.address, (uintptr_t)l.heap, wtid);
  test_census_t c0 = test_census(NULL);
  hs_stats_t s0;
  hs_stats_get(&s0);
  long abandoned0 = atomic_load(&ev_abandoned);

  /* the owner exits: its segment is abandoned with the live blocks in it */
  test_worker_exit(&w);
  CHECK_VALID();
  CHECK(test_segment_of(l.p[0], &seg));
  CHECK(seg.abandoned);
  CHECK_EQ(seg.thread_id, 0);
  CHECK_EQ(seg.abandoned_by, wtid);
  CHECK(seg.abandoned_at >= 0);
  CHECK_EQ(seg.abandoned_pages, seg.used_pages);
  check_pages_owned(seg.address, 0, 0);
  CHECK(atomic_load(&ev_abandoned) > abandoned0);
  test_census_t c1 = test_census(NULL);
  CHECK_EQ(c1.heaps, c0.heaps - 1);   /* the thread's heap is gone */
  CHECK(c1.abandoned_segments >= 1);
  hs_stats_t s1;
  hs_stats_get(&s1);
  CHECK(s1.abandoned.current >= 1);
  CHECK_EQ(s1.threads.current, s0.threads.current - 1);
  CHECK(all_intact(&l));
  for (size_t i = 0; i < l.n; i++) CHECK_EQ(test_block_state(l.p[i]), HS_BLOCK_IN_USE);

  /* without reclaim_on_free a free from here does not take the segment over */
  hs_free(l.p[1]);
  l.p[1] = NULL;
  CHECK_VALID();
  CHECK(test_segment_of(l.p[0], &seg));
  CHECK(seg.abandoned);
  CHECK_EQ(seg.reclaim_count, 0);

  /* a new thread needs a segment: it reclaims the abandoned one */
  long reclaimed0 = atomic_load(&ev_reclaimed);
  static newcomer_t n;
  test_worker_t u;
  test_worker_start(&u);
  test_worker_run(&u, job_first_malloc, &n);
  CHECK_VALID();
  CHECK(test_segment_of(l.p[0], &seg));
  CHECK(!seg.abandoned);
  CHECK_EQ(seg.thread_id, u.thread_id);
  CHECK_EQ(seg.reclaimed_by, u.thread_id);
  CHECK_EQ(seg.reclaim_count, 1);
  CHECK_EQ(seg.abandoned_pages, 0);
  check_pages_owned(seg.address, (uintptr_t)n.heap, u.thread_id);
  CHECK(atomic_load(&ev_reclaimed) > reclaimed0);
  hs_stats_t s2;
  hs_stats_get(&s2);
  CHECK(s2.reclaimed > s1.reclaimed);
  CHECK(all_intact(&l));
  /* the block freed while abandoned is collected and counted free by the new owner */
  test_found_t f;
  CHECK(test_page_of(l.p[0], &f));
  CHECK_EQ(f.page.heap, (uintptr_t)n.heap);

  /* the new owner frees the inherited blocks (local frees now) */
  test_worker_run(&u, job_free_all, &l);
  CHECK_VALID();
  test_worker_run(&u, job_free_p, &n);
  CHECK_VALID();
  test_worker_exit(&u);
  CHECK_VALID();
}

static void test_reclaim_on_free(void) {
  hs_option_set(hs_option_reclaim_on_free, 1);
  hs_free(hs_malloc(8));   /* this thread has a heap */
  static live_t l;
  memset(&l, 0, sizeof(l));
  test_worker_t w;
  test_worker_start(&w);
  test_worker_run(&w, job_allocate_small, &l);
  test_worker_exit(&w);
  CHECK_VALID();
  hs_segment_info_t seg;
  CHECK(test_segment_of(l.p[0], &seg));
  CHECK(seg.abandoned);
  size_t reclaims = seg.reclaim_count;

  /* one free from this thread takes the segment over */
  hs_free(l.p[0]);
  l.p[0] = NULL;
  CHECK_VALID();
  CHECK(test_segment_of(l.p[1], &seg));
  CHECK(!seg.abandoned);
  CHECK_EQ(seg.thread_id, hs_thread_id());
  CHECK_EQ(seg.reclaimed_by, hs_thread_id());
  CHECK_EQ(seg.reclaim_count, reclaims + 1);
  check_pages_owned(seg.address, (uintptr_t)hs_heap_get_backing(), hs_thread_id());
  CHECK(all_intact(&l));
  job_free_all(&l);
  CHECK_VALID();
}

/* Threads come and go, each leaving a few blocks; the abandoned memory is reused, not leaked. */
static void job_leave_some(void* arg) {
  live_t* l = (live_t*)arg;
  size_t before = l->n;
  add(l, 200, 20);
  for (size_t i = before; i < l->n; i += 2) {   /* free half locally */
    hs_free(l->p[i]);
    l->p[i] = NULL;
  }
}

static void test_thread_churn(void) {
  hs_option_set(hs_option_reclaim_on_free, 0);
  static live_t l;
  memset(&l, 0, sizeof(l));
  for (int t = 0; t < 8; t++) {
    test_worker_t w;
    test_worker_start(&w);
    test_worker_run(&w, job_leave_some, &l);
    test_worker_exit(&w);
    CHECK_VALID();
  }
  test_census_t c = test_census(NULL);
  CHECK_MSG(c.segments <= 4, "%zu segments live after 8 short threads (abandoned ones are reclaimed)", c.segments);
  CHECK(all_intact(&l));
  job_free_all(&l);
  CHECK_VALID();
}

/* hs_thread_done abandons at once; the thread can allocate again afterwards. A first-class heap
   still alive at thread exit is abandoned with the thread. */
typedef struct early_s { void* a; void* b; hs_heap_t* extra; void* in_extra; void* again; } early_t;
static void job_alloc_with_heap(void* arg) {
  early_t* e = (early_t*)arg;
  e->a = hs_malloc(500);
  test_fill(e->a, 500, 5);
  e->extra = hs_heap_new();
  e->in_extra = hs_heap_malloc(e->extra, 700);
  test_fill(e->in_extra, 700, 6);
}
static void job_thread_done(void* arg) { hs_thread_done(); }
static void job_alloc_again(void* arg) {
  early_t* e = (early_t*)arg;
  e->again = hs_malloc(500);
  test_fill(e->again, 500, 7);
}

static void test_thread_done_and_heaps_at_exit(void) {
  hs_option_set(hs_option_reclaim_on_free, 0);
  static early_t e;
  memset(&e, 0, sizeof(e));
  test_worker_t w;
  test_worker_start(&w);
  test_worker_run(&w, job_alloc_with_heap, &e);
  CHECK_VALID();
  hs_heap_info_t hi;
  CHECK(test_heap_info(e.extra, &hi));
  hs_segment_info_t seg;
  CHECK(test_segment_of(e.a, &seg));
  CHECK_EQ(seg.thread_id, w.thread_id);

  /* abandon now, while the thread lives on: its heaps are gone, its pages belong to nobody */
  test_worker_run(&w, job_thread_done, &e);
  CHECK_VALID();
  CHECK(!test_heap_info(e.extra, &hi));
  CHECK(test_segment_of(e.a, &seg));
  CHECK(seg.abandoned);
  test_found_t f;
  CHECK(test_page_of(e.in_extra, &f));
  CHECK_EQ(f.page.heap, 0);
  CHECK(test_filled(e.a, 500, 5));
  CHECK(test_filled(e.in_extra, 700, 6));

  /* the thread allocates again: a fresh start (it may reclaim its old segment) */
  test_worker_run(&w, job_alloc_again, &e);
  CHECK_VALID();
  CHECK(test_page_of(e.again, &f));
  CHECK_EQ(f.page.thread_id, w.thread_id);
  test_worker_exit(&w);
  CHECK_VALID();
  CHECK(test_filled(e.again, 500, 7));
  hs_free(e.a);
  hs_free(e.in_extra);
  hs_free(e.again);
  CHECK_VALID();
}

int main(void) {
  hs_set_event_hook(on_event, NULL);
  RUN(test_abandon_and_reclaim_on_alloc);
  RUN(test_reclaim_on_free);
  RUN(test_thread_churn);
  RUN(test_thread_done_and_heaps_at_exit);
  hs_set_event_hook(NULL, NULL);
  return test_summary();
}
