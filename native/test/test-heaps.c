/* First-class heaps: new, set as default, delete (live blocks move to the backing heap),
 * destroy (pages released wholesale), and frees from other threads.
 */
#include "testhelper.h"

#define N 300

static atomic_long ev_destroyed;
static void on_event(const hs_event_t* e, void* arg) {
  if (e->kind == HS_EVENT_HEAP_DESTROYED) atomic_fetch_add(&ev_destroyed, 1);
}

static bool registered(const hs_heap_t* heap) {
  hs_heap_info_t info;
  return test_heap_info(heap, &info);
}

static void test_new_and_default(void) {
  hs_heap_t* backing = hs_heap_get_backing();
  CHECK(backing != NULL);
  CHECK(hs_heap_get_default() == backing);
  hs_heap_info_t bi;
  CHECK(test_heap_info(backing, &bi));
  CHECK(bi.is_backing);
  CHECK(bi.is_default);
  CHECK_EQ(bi.thread_id, hs_thread_id());

  hs_heap_t* h = hs_heap_new();
  CHECK(h != NULL && h != backing);
  CHECK_VALID();
  hs_heap_info_t hi;
  CHECK(test_heap_info(h, &hi));
  CHECK(!hi.is_backing);
  CHECK(!hi.is_default);
  CHECK(hi.no_reclaim);
  CHECK_EQ(hi.page_count, 0);
  CHECK_EQ(hi.thread_id, hs_thread_id());

  /* allocation into a heap lands in pages of that heap */
  void* a = hs_heap_malloc(h, 100);
  CHECK_VALID();
  test_found_t f;
  CHECK(test_page_of(a, &f));
  CHECK_EQ(f.page.heap, (uintptr_t)h);
  CHECK(hs_heap_contains_block(h, a));
  CHECK(!hs_heap_contains_block(backing, a));
  CHECK(test_heap_info(h, &hi));
  CHECK_EQ(hi.page_count, 1);

  /* set as default: hs_malloc goes there */
  hs_heap_t* prev = hs_heap_set_default(h);
  CHECK(prev == backing);
  CHECK(hs_heap_get_default() == h);
  CHECK(test_heap_info(h, &hi));
  CHECK(hi.is_default);
  CHECK(test_heap_info(backing, &bi));
  CHECK(!bi.is_default);
  void* b = hs_malloc(100);
  CHECK(test_page_of(b, &f));
  CHECK_EQ(f.page.heap, (uintptr_t)h);
  CHECK(hs_heap_get_backing() == backing);
  CHECK_VALID();
  CHECK(hs_heap_set_default(backing) == h);
  void* c = hs_malloc(100);
  CHECK(test_page_of(c, &f));
  CHECK_EQ(f.page.heap, (uintptr_t)backing);

  /* zalloc / calloc / realloc / aligned on a heap */
  uint8_t* z = (uint8_t*)hs_heap_zalloc(h, 500);
  bool zero = true;
  for (int i = 0; i < 500; i++) zero = zero && z[i] == 0;
  CHECK(zero);
  uint8_t* k = (uint8_t*)hs_heap_calloc(h, 10, 30);
  zero = true;
  for (int i = 0; i < 300; i++) zero = zero && k[i] == 0;
  CHECK(zero);
  memset(z, 7, 500);
  z = (uint8_t*)hs_heap_realloc(h, z, 5000);
  CHECK(z[0] == 7 && z[499] == 7);
  CHECK(hs_heap_contains_block(h, z));
  void* al = hs_heap_malloc_aligned(h, 300, 4096);
  CHECK((uintptr_t)al % 4096 == 0);
  CHECK(hs_heap_contains_block(h, al));
  CHECK_VALID();
  hs_free(a); hs_free(b); hs_free(c); hs_free(z); hs_free(k); hs_free(al);
  CHECK_VALID();
  hs_heap_delete(h);
  CHECK(!registered(h));
  CHECK_VALID();
}

/* delete: blocks still in use move with their pages to the backing heap and stay valid */
static void test_delete_moves_live_blocks(void) {
  hs_heap_t* backing = hs_heap_get_backing();
  hs_heap_t* h = hs_heap_new();
  static void* p[N];
  size_t sizes[3] = { 48, 3000, 200000 };
  for (int i = 0; i < N; i++) {
    size_t s = sizes[i % 3];
    p[i] = hs_heap_malloc(h, s);
    test_fill(p[i], s, 3);
  }
  CHECK_VALID();
  test_census_t c = test_census(h);
  CHECK(c.heap_pages >= 3);
  test_census_t cb0 = test_census(backing);
  for (int i = 0; i < N; i += 2) {   /* free half before the delete */
    hs_free(p[i]);
    p[i] = NULL;
  }
  CHECK_VALID();
  hs_heap_delete(h);
  CHECK_VALID();
  CHECK(!registered(h));
  test_census_t cb1 = test_census(backing);
  CHECK(cb1.heap_pages > cb0.heap_pages);
  for (int i = 1; i < N; i += 2) {
    test_found_t f;
    CHECK(test_page_of(p[i], &f));
    CHECK_EQ(f.page.heap, (uintptr_t)backing);
    CHECK_EQ(f.block_state, HS_BLOCK_IN_USE);
    CHECK(test_filled(p[i], sizes[i % 3], 3));
    CHECK(hs_heap_contains_block(backing, p[i]));
  }
  for (int i = 1; i < N; i += 2) hs_free(p[i]);
  CHECK_VALID();
}

/* destroy: every page goes back wholesale, nothing of the heap is left */
static void test_destroy_releases_pages(void) {
  hs_heap_t* h = hs_heap_new();
  size_t sizes[4] = { 16, 700, 9000, 300000 };
  for (int i = 0; i < 2000; i++) {
    void* q = hs_heap_malloc(h, sizes[i % 4]);
    CHECK(q != NULL);
  }
  CHECK_VALID();
  test_census_t c0 = test_census(h);
  CHECK(c0.heap_pages >= 4);
  hs_stats_t s0;
  hs_stats_get(&s0);
  long ev0 = atomic_load(&ev_destroyed);
  hs_heap_destroy(h);
  CHECK_VALID();
  CHECK(!registered(h));
  test_census_t c1 = test_census(NULL);
  CHECK_EQ(c1.pages, c0.pages - c0.heap_pages);
  hs_stats_t s1;
  hs_stats_get(&s1);
  CHECK(s1.page_used < s0.page_used);
  CHECK(s1.pages.current < s0.pages.current);
  CHECK_EQ(atomic_load(&ev_destroyed), ev0 + 1);
  /* the thread allocates on as before */
  void* after = hs_malloc(16);
  CHECK(after != NULL);
  hs_free(after);
  CHECK_VALID();
}

/* Blocks of a first-class heap freed by another thread */
typedef struct remote_s { void** p; int n; } remote_t;
static void* remote_free_main(void* arg) {
  remote_t* r = (remote_t*)arg;
  for (int i = 0; i < r->n; i++) hs_free(r->p[i]);
  return NULL;
}

static void test_remote_frees_into_heap(void) {
  hs_heap_t* h = hs_heap_new();
  static void* p[N];
  for (int i = 0; i < N; i++) p[i] = hs_heap_malloc(h, 64);
  CHECK_VALID();
  pthread_t t;
  remote_t r = { p, N };
  pthread_create(&t, NULL, remote_free_main, &r);
  pthread_join(t, NULL);
  CHECK_VALID();
  hs_heap_collect(h, true);
  CHECK_VALID();
  test_census_t c = test_census(h);
  CHECK_EQ(c.heap_pages, 0);   /* all blocks came back, the empty pages were freed */
  hs_heap_delete(h);
  CHECK_VALID();
}

int main(void) {
  hs_set_event_hook(on_event, NULL);
  RUN(test_new_and_default);
  RUN(test_delete_moves_live_blocks);
  RUN(test_destroy_releases_pages);
  RUN(test_remote_frees_into_heap);
  hs_set_event_hook(NULL, NULL);
  return test_summary();
}
