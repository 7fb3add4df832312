/* Free-list sharding and lazy extension.
 *
 * Each page has three lists: `free` (malloc pops here), `local_free` (the owner's frees) and
 * `thread_free` (other threads'). A block the owner frees goes to local_free and is not handed
 * out again until `free` runs out; then the generic path moves local_free to free in one step,
 * before extending the page. A fresh page is extended lazily, at most 4 KiB worth of blocks (at
 * least 4) at a time. All of it runs on a fresh thread so the size classes start empty.
 */
#include "testhelper.h"

#define KiB ((size_t)1024)

static atomic_long extended_events;

static void on_event(const hs_event_t* e, void* arg) {
  if (e->kind == HS_EVENT_PAGE_EXTENDED) atomic_fetch_add(&extended_events, 1);
}

static size_t max_extend(size_t bsize) {
  size_t n = 4 * KiB / bsize;
  return (n < 4 ? 4 : n);
}

static void check_states(const test_found_t* f, const void* const* ptrs, size_t n, int state) {
  for (size_t i = 0; i < n; i++) CHECK_EQ(test_block_state(ptrs[i]), state);
}

/* The life of one page of `size`-byte blocks. */
static void page_life(size_t size) {
  printf("   page of %zu-byte blocks\n", size);
  void* p0 = hs_malloc(size);
  CHECK_VALID();
  test_found_t f;
  if (!CHECK(test_page_of(p0, &f))) return;
  const size_t bsize = f.page.block_size;
  const uintptr_t start = f.page.page_start;
  const size_t ext = max_extend(bsize);
  const unsigned reserved = f.page.reserved;
  CHECK_EQ(bsize, hs_good_size(size));
  CHECK_EQ((uintptr_t)p0, start);                   /* a fresh page hands out its first block */
  CHECK_EQ(f.page.used, 1);
  CHECK(f.page.capacity >= 1 && f.page.capacity <= ext);
  CHECK_EQ(f.page.free_count, f.page.capacity - 1);
  CHECK_EQ(f.page.local_free_count, 0);
  CHECK_EQ(f.page.thread_free_count, 0);
  CHECK((size_t)reserved * bsize > (f.page.slice_count * 64 * KiB) * 7 / 8);

  /* the free list is in address order (no secure mode): blocks 1, 2, ... */
  uint32_t order[4096];
  size_t nfree = hs_inspect_list(start, HS_BLOCK_FREE, order, 4096);
  CHECK_EQ(nfree, f.page.free_count);
  bool ascending = true;
  for (size_t i = 0; i < nfree && i < 4096; i++) ascending = ascending && order[i] == i + 1;
  CHECK(ascending);
  /* block states: 0 in use, the rest of the capacity free, beyond it unextended */
  CHECK_EQ(f.block_state, HS_BLOCK_IN_USE);
  if (f.page.capacity < reserved) {
    CHECK_EQ(test_block_state((void*)(start + (uintptr_t)f.page.capacity * bsize)), HS_BLOCK_UNEXTENDED);
  }
  if (f.page.capacity > 1) CHECK_EQ(test_block_state((void*)(start + bsize)), HS_BLOCK_FREE);

  /* take the rest of the first extension, in address order */
  enum { MAXB = 70000 };
  static void* blocks[MAXB];
  size_t nb = 0;
  blocks[nb++] = p0;
  unsigned cap = f.page.capacity;
  for (unsigned i = 1; i < cap; i++) {
    blocks[nb] = hs_malloc(size);
    CHECK_EQ((uintptr_t)blocks[nb], start + (uintptr_t)i * bsize);
    nb++;
  }
  CHECK(test_page_of(p0, &f));
  CHECK_EQ(f.page.free_count, 0);
  CHECK_EQ(f.page.capacity, cap);
  CHECK_VALID();

  /* the next allocation extends the page by at most `ext` blocks */
  long ev = atomic_load(&extended_events);
  if (cap < reserved) {
    blocks[nb++] = hs_malloc(size);
    CHECK_EQ((uintptr_t)blocks[nb - 1], start + (uintptr_t)cap * bsize);
    CHECK(test_page_of(p0, &f));
    CHECK(f.page.capacity > cap);
    CHECK(f.page.capacity - cap <= ext);
    CHECK(atomic_load(&extended_events) > ev);
    cap = f.page.capacity;
    CHECK_VALID();
  }

  /* local frees land on local_free, newest first */
  if (nb >= 4) {
    void* freed[3] = { blocks[1], blocks[2], blocks[3] };
    unsigned used_before = f.page.used;
    for (int i = 0; i < 3; i++) {
      hs_free(freed[i]);
      CHECK_VALID();
    }
    blocks[1] = blocks[2] = blocks[3] = NULL;
    CHECK(test_page_of(p0, &f));
    CHECK_EQ(f.page.local_free_count, 3);
    CHECK_EQ(f.page.used, used_before - 3);
    check_states(&f, (const void* const*)freed, 3, HS_BLOCK_LOCAL_FREE);
    uint32_t lorder[3];
    CHECK_EQ(hs_inspect_list(start, HS_BLOCK_LOCAL_FREE, lorder, 3), 3);
    CHECK_EQ(lorder[0], 3);
    CHECK_EQ(lorder[1], 2);
    CHECK_EQ(lorder[2], 1);

    /* not reused while `free` has blocks */
    unsigned rest = f.page.free_count;
    bool reused = false;
    for (unsigned i = 0; i < rest; i++) {
      void* q = hs_malloc(size);
      reused = reused || q == freed[0] || q == freed[1] || q == freed[2];
      blocks[nb++] = q;
    }
    CHECK(!reused);
    CHECK(test_page_of(p0, &f));
    CHECK_EQ(f.page.free_count, 0);
    CHECK_EQ(f.page.local_free_count, 3);
    CHECK_VALID();

    /* `free` ran out: local_free becomes free (before any extension), newest first */
    void* q = hs_malloc(size);
    CHECK(q == freed[2]);
    blocks[nb++] = q;
    CHECK(test_page_of(p0, &f));
    CHECK_EQ(f.page.capacity, cap);
    CHECK_EQ(f.page.local_free_count, 0);
    CHECK_EQ(f.page.free_count, 2);
    CHECK_EQ(test_block_state(freed[1]), HS_BLOCK_FREE);
    CHECK_VALID();
  }

  /* fill the page: every extension adds at most `ext` blocks, up to `reserved` */
  bool steps_ok = true;
  while (nb < MAXB) {
    CHECK(test_page_of(p0, &f));
    if (f.page.capacity == reserved && f.page.free_count == 0 && f.page.local_free_count == 0) break;
    blocks[nb++] = hs_malloc(size);
    test_found_t g;
    test_page_of(p0, &g);
    if (g.page.capacity < f.page.capacity || g.page.capacity - f.page.capacity > ext) steps_ok = false;
  }
  CHECK(steps_ok);
  CHECK_EQ(f.page.capacity, reserved);
  CHECK_EQ(f.page.used, reserved);
  CHECK_VALID();

  /* one more: the full page goes to the full queue, a fresh page serves the request */
  void* next = hs_malloc(size);
  blocks[nb++] = next;
  CHECK(test_page_of(p0, &f));
  CHECK(f.page.in_full);
  CHECK_EQ(f.page.bin, 74);
  test_found_t n2;
  CHECK(test_page_of(next, &n2));
  CHECK(n2.page.page_start != start);
  CHECK(!n2.page.in_full);
  CHECK_VALID();

  /* a local free into the full page brings it back to its size queue */
  hs_free(blocks[nb / 2]);
  blocks[nb / 2] = NULL;
  CHECK(test_page_of(p0, &f));
  CHECK(!f.page.in_full);
  CHECK(f.page.bin != 74);
  CHECK_VALID();

  for (size_t i = 0; i < nb; i++) {
    hs_free(blocks[i]);
  }
  CHECK_VALID();
  /* empty pages are retired or freed, never left in use */
  test_found_t e;
  if (test_page_of((void*)start, &e)) {
    CHECK_EQ(e.page.used, 0);
    CHECK(e.page.is_retired || e.page.block_size != bsize);
  }
}

static void job_small(void* arg) { page_life(48); }
static void job_tiny(void* arg) { page_life(8); }
static void job_medium(void* arg) { page_life(20000); }
static void job_small_large(void* arg) { page_life(3000); }

static void test_small_page(void) {
  test_worker_t w;
  test_worker_start(&w);
  test_worker_run(&w, job_small, NULL);
  test_worker_run(&w, job_tiny, NULL);
  test_worker_run(&w, job_small_large, NULL);
  test_worker_exit(&w);
  CHECK_VALID();
}

static void test_medium_page(void) {
  test_worker_t w;
  test_worker_start(&w);
  test_worker_run(&w, job_medium, NULL);
  test_worker_exit(&w);
  CHECK_VALID();
}

int main(void) {
  hs_set_event_hook(on_event, NULL);
  RUN(test_small_page);
  RUN(test_medium_page);
  hs_set_event_hook(NULL, NULL);
  return test_summary();
}
