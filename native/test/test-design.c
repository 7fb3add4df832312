/* The core running mimalloc's v3 design (HEAPSCOPE_DESIGN=v3, here set before the first
 * allocation): pages carved straight from arenas and found through the page map, full pages
 * abandoned one by one, reclaim on free through the ownership bit and on allocation from the
 * arena's offers, the last free into an abandoned page freeing it, and v3's 1 s purge delay.
 * The validator (which checks the v3 structure: arenas, page map, owners, offers, figures)
 * runs after every step.
 */
#include "testhelper.h"
#include "internal.h"
#include "page-v3.h"
#include "thread-free-v3.h"

#define KiB ((size_t)1024)
#define MiB (KiB * KiB)

static hs_v3_page_t* page_of(const void* p) { return hs_v3_page(_hs_ptr_page(p)); }

static hs_msecs_t virtual_now;
static hs_msecs_t virtual_clock(void* arg) { (void)arg; return virtual_now; }

static void test_design_is_fixed(void) {
  void* p = hs_malloc(24);
  CHECK(p != NULL);
  CHECK_EQ(hs_design(), 3);
  CHECK(strcmp(hs_design_name(), "v3") == 0);
  hs_option_set(hs_option_design, 2);   /* too late: blocks of v3 exist */
  CHECK_EQ(hs_design(), 3);
  hs_free(p);
  CHECK_VALID();
}

static void test_page_map_finds_pages(void) {
  const size_t sizes[] = { 8, 100, 1000, 10 * KiB, 11 * KiB, 80 * KiB, 128 * KiB, 200 * KiB, 5 * MiB };
  void* blocks[9];
  for (size_t i = 0; i < 9; i++) {
    blocks[i] = hs_malloc(sizes[i]);
    CHECK(blocks[i] != NULL);
    memset(blocks[i], (int)i, sizes[i]);
    hs_v3_page_t* vp = page_of(blocks[i]);
    CHECK(vp != NULL);
    /* every byte of the block maps to the same page, whose header precedes the blocks */
    CHECK(page_of((uint8_t*)blocks[i] + sizes[i] - 1) == vp);
    CHECK((uintptr_t)vp % HS_V3_SLICE_SIZE == 0);
    CHECK((uint8_t*)blocks[i] >= vp->page.page_start);
    CHECK(hs_usable_size(blocks[i]) >= sizes[i]);
    CHECK(hs_is_in_heap_region(blocks[i]));
  }
  /* v3's page kinds: 64 KiB up to 10 KiB blocks, 512 KiB up to 86,698 bytes, 4 MiB above */
  CHECK_EQ(page_of(blocks[0])->page_size, 64 * KiB);
  CHECK_EQ(page_of(blocks[3])->page_size, 64 * KiB);
  CHECK_EQ(page_of(blocks[4])->page_size, 512 * KiB);
  CHECK_EQ(page_of(blocks[5])->page_size, 512 * KiB);
  CHECK_EQ(page_of(blocks[6])->page_size, 4 * MiB);
  CHECK(page_of(blocks[7])->page.is_huge);   /* a singleton page */
  CHECK(page_of(blocks[8])->page.is_huge);
  CHECK(page_of(blocks[8])->page_size >= 5 * MiB);
  int on_stack = 0;
  CHECK(!hs_is_in_heap_region(&on_stack));
  CHECK_VALID();
  for (size_t i = 0; i < 9; i++) hs_free(blocks[i]);
  CHECK_VALID();

  void* aligned = hs_malloc_aligned(100, 1 * MiB);
  CHECK(aligned != NULL && (uintptr_t)aligned % MiB == 0);
  CHECK(page_of(aligned) != NULL && hs_usable_size(aligned) >= 100);
  CHECK_VALID();
  hs_free(aligned);
  CHECK_VALID();
}

/* Fill pages of 1 KiB blocks: once a queue has more than two full small pages, v3 abandons the
   others (page_full_retain 2); a free into one claims it back into this heap. */
#define FILL 400
static void* fill[FILL];

static void test_full_pages_abandoned_and_reclaimed_on_free(void) {
  const size_t abandoned_before = _hs_v3_abandoned_pages();
  for (size_t i = 0; i < FILL; i++) fill[i] = hs_malloc(1000);
  CHECK_VALID();
  size_t abandoned = 0;
  hs_v3_page_t* victim = NULL;
  for (size_t i = 0; i < FILL; i++) {
    hs_v3_page_t* vp = page_of(fill[i]);
    if (vp->abandoned && victim == NULL) victim = vp;
  }
  for (hs_v3_page_t* vp = _hs_v3_registry_first(); vp != NULL; vp = vp->reg_next) abandoned += vp->abandoned;
  CHECK_MSG(abandoned >= 3, "%zu full pages abandoned", abandoned);
  CHECK_EQ(_hs_v3_abandoned_pages(), abandoned_before + abandoned);
  CHECK(victim != NULL);
  if (victim == NULL) return;
  CHECK(hs_page_heap(&victim->page) == NULL);
  CHECK(!hs_v3_tf_is_owned(hs_atomic_load_relaxed(&victim->page.xthread_free)));
  CHECK_EQ(victim->abandoned_by, hs_thread_id());

  /* free one of its blocks on this thread: the page came from this heap, so it comes back */
  void* b = NULL;
  size_t bi = 0;
  for (size_t i = 0; i < FILL && b == NULL; i++) if (page_of(fill[i]) == victim) { b = fill[i]; bi = i; }
  const size_t reclaimed_on_free = _hs_v3_reclaimed_on(HS_V3_RECLAIM_ON_FREE);
  hs_free(b);
  fill[bi] = NULL;
  CHECK(!victim->abandoned);
  CHECK(hs_page_heap(&victim->page) == hs_heap_get_default());
  CHECK_EQ(victim->reclaim_how, HS_V3_RECLAIM_ON_FREE);
  CHECK_EQ(_hs_v3_reclaimed_on(HS_V3_RECLAIM_ON_FREE), reclaimed_on_free + 1);
  CHECK_VALID();
  for (size_t i = 0; i < FILL; i++) hs_free(fill[i]);
  hs_collect(true);
  CHECK_VALID();
}

/* A thread allocates and exits: its pages are abandoned one by one; those with free blocks are
   offered, and an allocation of the same size on another thread reclaims one. */
static void* worker_blocks[64];
static void job_alloc(void* arg) {
  (void)arg;
  for (size_t i = 0; i < 64; i++) worker_blocks[i] = hs_malloc(2000);
}

static void test_thread_exit_abandons_pages_reclaimed_on_alloc(void) {
  test_worker_t w;
  test_worker_start(&w);
  test_worker_run(&w, job_alloc, NULL);
  hs_v3_page_t* vp = page_of(worker_blocks[0]);
  CHECK(hs_page_heap(&vp->page) != NULL);
  test_worker_exit(&w);
  CHECK(vp->abandoned);
  CHECK(hs_page_heap(&vp->page) == NULL);
  CHECK_VALID();

  /* 64 blocks of 2000 bytes leave room on their last page: that page is offered */
  hs_v3_page_t* last = page_of(worker_blocks[63]);
  CHECK(last->page.used < last->page.reserved);
  const size_t on_alloc = _hs_v3_reclaimed_on(HS_V3_RECLAIM_ON_ALLOC);
  void* mine = hs_malloc(2000);
  CHECK(mine != NULL);
  CHECK_EQ(_hs_v3_reclaimed_on(HS_V3_RECLAIM_ON_ALLOC), on_alloc + 1);
  hs_v3_page_t* got = page_of(mine);
  CHECK(got->reclaim_how == HS_V3_RECLAIM_ON_ALLOC);
  CHECK(hs_page_heap(&got->page) == hs_heap_get_default());
  CHECK_VALID();

  /* the exited thread's blocks are freed here: full abandoned pages are claimed by those frees,
     and the last free into each page frees it */
  for (size_t i = 0; i < 64; i++) {
    hs_free(worker_blocks[i]);
    CHECK_VALID();
  }
  hs_free(mine);
  hs_collect(true);
  CHECK_EQ(_hs_v3_abandoned_pages(), 0);
  CHECK_VALID();
}

/* page_reclaim_on_free -1: a free claims an abandoned page but never keeps it; the page is
   given up again and offered once it is no longer mostly used. */
static void test_no_reclaim_on_free(void) {
  hs_option_set(hs_option_page_reclaim_on_free, -1);
  test_worker_t w;
  test_worker_start(&w);
  test_worker_run(&w, job_alloc, NULL);
  test_worker_exit(&w);
  hs_v3_page_t* vp = page_of(worker_blocks[0]);
  CHECK(vp->abandoned);
  size_t freed = 0;
  for (size_t i = 0; i < 64 && page_of(worker_blocks[i]) == vp; i++) {
    hs_free(worker_blocks[i]);
    worker_blocks[i] = NULL;
    freed++;
    if (freed == 1) {
      CHECK(vp->abandoned);
      CHECK(hs_page_heap(&vp->page) == NULL);
      CHECK(!hs_v3_tf_is_owned(hs_atomic_load_relaxed(&vp->page.xthread_free)));
    }
    CHECK_VALID();
  }
  hs_option_set(hs_option_page_reclaim_on_free, 0);
  for (size_t i = 0; i < 64; i++) hs_free(worker_blocks[i]);
  hs_collect(true);
  CHECK_EQ(_hs_v3_abandoned_pages(), 0);
  CHECK_VALID();
}

/* v3 purges a freed page's slices 1 s after the first free into an idle arena. */
static void test_purge_after_one_second(void) {
  hs_clock_set(virtual_clock, NULL);
  virtual_now = 1000000;
  hs_collect(true);   /* nothing left scheduled */
  hs_stats_t before, mid, after;
  void* p = hs_malloc(300 * KiB);   /* a singleton page of its own */
  memset(p, 7, 300 * KiB);
  hs_stats_get(&before);
  hs_free(p);
  virtual_now += 999;
  hs_collect(false);
  hs_stats_get(&mid);
  CHECK_EQ(mid.committed.current, before.committed.current);   /* not yet */
  CHECK_VALID();
  virtual_now += 1;
  hs_collect(false);
  hs_stats_get(&after);
  CHECK_MSG(after.committed.current < before.committed.current, "committed %lld -> %lld",
            (long long)before.committed.current, (long long)after.committed.current);
  CHECK_VALID();
  hs_clock_set(NULL, NULL);
}

/* A first-class heap never abandons (it may be destroyed): its full pages wait on the full
   queue, and destroy frees them all. */
static void test_heap_destroy(void) {
  hs_heap_t* heap = hs_heap_new();
  void* p[300];
  for (size_t i = 0; i < 300; i++) p[i] = hs_heap_malloc(heap, 1000);
  for (size_t i = 0; i < 300; i++) CHECK(!page_of(p[i])->abandoned);
  CHECK_VALID();
  hs_heap_destroy(heap);
  CHECK_VALID();
}

int main(void) {
  hs_option_set(hs_option_design, 3);   /* before the first allocation */
  RUN(test_design_is_fixed);
  RUN(test_page_map_finds_pages);
  RUN(test_full_pages_abandoned_and_reclaimed_on_free);
  RUN(test_thread_exit_abandons_pages_reclaimed_on_alloc);
  RUN(test_no_reclaim_on_free);
  RUN(test_purge_after_one_second);
  RUN(test_heap_destroy);
  return test_summary();
}
