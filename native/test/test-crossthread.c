/* Cross-thread frees and the delayed-free protocol.
 *
 * A fresh page is armed (USE_DELAYED_FREE): the first block another thread frees into it goes
 * onto the owner heap's delayed list as a notification, switching the page to NO_DELAYED_FREE;
 * later remote frees are pushed onto the page's thread_free list. When the owner processes the
 * notification it re-arms the page. Either way the block stays counted as used and is NOT handed out again until the owner runs its
 * generic path (or collects); then it is reusable. A full page notified this way leaves the
 * full queue.
 */
#include "testhelper.h"

#define MAXB 4096

typedef struct owner_s {
  test_worker_t worker;
  hs_heap_t*    heap;
  size_t        size;
  size_t        count;        /* how many to allocate in a job */
  void*         blocks[MAXB];
  size_t        nblocks;
  void*         got[MAXB];    /* results of the last job_alloc_more */
  size_t        ngot;
} owner_t;

static atomic_long ev_notify, ev_processed, ev_unfull, ev_full, ev_collected;

static void on_event(const hs_event_t* e, void* arg) {
  switch (e->kind) {
    case HS_EVENT_DELAYED_NOTIFY:        atomic_fetch_add(&ev_notify, 1); break;
    case HS_EVENT_DELAYED_PROCESSED:     atomic_fetch_add(&ev_processed, 1); break;
    case HS_EVENT_PAGE_UNFULL:           atomic_fetch_add(&ev_unfull, 1); break;
    case HS_EVENT_PAGE_FULL:             atomic_fetch_add(&ev_full, 1); break;
    case HS_EVENT_THREAD_FREE_COLLECTED: atomic_fetch_add(&ev_collected, 1); break;
    default: break;
  }
}

static void job_init(void* arg) {
  owner_t* o = (owner_t*)arg;
  o->heap = hs_heap_get_backing();
  CHECK(o->heap != NULL);
  CHECK(hs_heap_get_default() == o->heap);
}

static void job_alloc(void* arg) {
  owner_t* o = (owner_t*)arg;
  for (size_t i = 0; i < o->count && o->nblocks < MAXB; i++) {
    void* p = hs_malloc(o->size);
    test_fill(p, o->size, 7);
    o->blocks[o->nblocks++] = p;
  }
}

/* Appends to `got` (job_free_got frees and empties it). */
static void job_alloc_more(void* arg) {
  owner_t* o = (owner_t*)arg;
  for (size_t i = 0; i < o->count && o->ngot < MAXB; i++) o->got[o->ngot++] = hs_malloc(o->size);
}

static void job_free_got(void* arg) {
  owner_t* o = (owner_t*)arg;
  for (size_t i = 0; i < o->ngot; i++) hs_free(o->got[i]);
  o->ngot = 0;
}

static void job_generic(void* arg) {   /* anything above 1 KiB takes the generic path */
  hs_free(hs_malloc(5000));
}

static void job_collect(void* arg) { hs_collect(false); }

static void job_free_all(void* arg) {
  owner_t* o = (owner_t*)arg;
  for (size_t i = 0; i < o->nblocks; i++) {
    if (o->blocks[i] != NULL) {
      CHECK(test_filled(o->blocks[i], o->size, 7));
      hs_free(o->blocks[i]);
    }
  }
  o->nblocks = 0;
}

static bool got_contains(const owner_t* o, const void* p) {
  for (size_t i = 0; i < o->ngot; i++) if (o->got[i] == p) return true;
  return false;
}

static size_t heap_delayed(const hs_heap_t* heap) {
  hs_heap_info_t info;
  if (!test_heap_info(heap, &info)) return (size_t)-1;
  return info.delayed_count;
}

/* A remote free into a page with room: thread_free (or a delayed notification), not reusable
   until the owner takes its generic path, reusable then; again with a collect. */
static void test_remote_free(void) {
  static owner_t o;
  memset(&o, 0, sizeof(o));
  test_worker_start(&o.worker);
  test_worker_run(&o.worker, job_init, &o);
  o.size = 64;
  o.count = 20;
  test_worker_run(&o.worker, job_alloc, &o);
  CHECK_VALID();

  test_found_t f;
  CHECK(test_page_of(o.blocks[0], &f));
  const uintptr_t page = f.page.page_start;
  CHECK_EQ(f.page.thread_id, o.worker.thread_id);
  CHECK_EQ(f.page.heap, (uintptr_t)o.heap);
  CHECK(f.page.capacity > 20);   /* room left: the page is not full */
  const hs_delayed_t state0 = f.page.delayed_state;
  CHECK_EQ(state0, HS_USE_DELAYED_FREE);   /* a fresh page is armed */
  hs_stats_t s0;
  hs_stats_get(&s0);

  /* first remote free */
  void* a = o.blocks[10];
  void* b = o.blocks[11];
  o.blocks[10] = o.blocks[11] = NULL;
  long notify0 = atomic_load(&ev_notify);
  hs_free(a);
  CHECK_VALID();
  CHECK(test_page_of(a, &f));
  CHECK_EQ(f.page.used, 20);   /* still counted as used */
  if (state0 == HS_USE_DELAYED_FREE) {
    CHECK_EQ(f.block_state, HS_BLOCK_DELAYED);
    CHECK_EQ(f.page.delayed_count, 1);
    CHECK_EQ(f.page.delayed_state, HS_NO_DELAYED_FREE);
    CHECK_EQ(heap_delayed(o.heap), 1);
    CHECK_EQ(atomic_load(&ev_notify), notify0 + 1);
    uint32_t idx[4];
    CHECK_EQ(hs_inspect_list(page, HS_BLOCK_DELAYED, idx, 4), 1);
    CHECK_EQ(idx[0], 10);
  } else {
    CHECK_EQ(f.block_state, HS_BLOCK_THREAD_FREE);
    CHECK_EQ(f.page.thread_free_count, 1);
  }

  /* second remote free: the page is NO_DELAYED_FREE now, so it goes to thread_free */
  hs_free(b);
  CHECK_VALID();
  CHECK(test_page_of(b, &f));
  CHECK_EQ(f.block_state, HS_BLOCK_THREAD_FREE);
  const size_t expect_tf = (state0 == HS_USE_DELAYED_FREE ? 1 : 2);   /* a went there too */
  CHECK_EQ(f.page.thread_free_count, expect_tf);
  CHECK_EQ(f.page.used, 20);
  uint32_t tidx[4];
  CHECK_EQ(hs_inspect_list(page, HS_BLOCK_THREAD_FREE, tidx, 4), expect_tf);
  CHECK_EQ(tidx[0], 11);
  hs_stats_t s1;
  hs_stats_get(&s1);
  CHECK(s1.thread_frees >= s0.thread_frees + 2);

  /* the owner allocates from its free list: the remote blocks are not reused */
  o.count = f.page.free_count;
  test_worker_run(&o.worker, job_alloc_more, &o);
  CHECK_VALID();
  CHECK(!got_contains(&o, a));
  CHECK(!got_contains(&o, b));
  CHECK(test_page_of(a, &f));
  CHECK_EQ(f.page.free_count, 0);
  CHECK(f.block_state == HS_BLOCK_DELAYED || f.block_state == HS_BLOCK_THREAD_FREE);
  CHECK_EQ(test_block_state(b), HS_BLOCK_THREAD_FREE);

  /* `free` ran out: the next allocation takes the generic path, which collects both (the
     delayed one is freed locally, thread_free moves over), and hands one of them out */
  o.count = 1;
  test_worker_run(&o.worker, job_alloc_more, &o);
  CHECK_VALID();
  void* first = o.got[o.ngot - 1];
  CHECK(first == a || first == b);
  void* other = (first == a ? b : a);
  CHECK(test_page_of(a, &f));
  CHECK_EQ(f.page.thread_free_count, 0);
  CHECK_EQ(f.page.delayed_count, 0);
  CHECK_EQ(heap_delayed(o.heap), 0);
  CHECK_EQ(f.page.delayed_state, HS_USE_DELAYED_FREE);   /* processing the notification re-arms */
  CHECK_EQ(test_block_state(first), HS_BLOCK_IN_USE);
  CHECK(test_block_state(other) == HS_BLOCK_FREE || test_block_state(other) == HS_BLOCK_LOCAL_FREE);
  if (state0 == HS_USE_DELAYED_FREE) CHECK(atomic_load(&ev_processed) >= 1);
  o.count = 1;
  test_worker_run(&o.worker, job_alloc_more, &o);
  CHECK_VALID();
  CHECK(got_contains(&o, other));
  test_worker_run(&o.worker, job_free_got, &o);
  CHECK_VALID();

  /* the same with an explicit collect */
  a = o.blocks[12];
  b = o.blocks[13];
  o.blocks[12] = o.blocks[13] = NULL;
  hs_free(a);
  hs_free(b);
  CHECK_VALID();
  CHECK(test_page_of(a, &f));
  CHECK(f.page.thread_free_count + f.page.delayed_count == 2);
  long collected0 = atomic_load(&ev_collected);
  test_worker_run(&o.worker, job_collect, &o);
  CHECK_VALID();
  CHECK(test_page_of(a, &f));
  CHECK_EQ(f.page.thread_free_count, 0);
  CHECK_EQ(f.page.delayed_count, 0);
  CHECK(f.block_state == HS_BLOCK_LOCAL_FREE || f.block_state == HS_BLOCK_FREE);
  CHECK(f.page.thread_free_count == 0 && atomic_load(&ev_collected) >= collected0);
  o.count = f.page.capacity;
  test_worker_run(&o.worker, job_alloc_more, &o);
  CHECK(got_contains(&o, a));
  CHECK(got_contains(&o, b));
  test_worker_run(&o.worker, job_free_got, &o);
  test_worker_run(&o.worker, job_free_all, &o);
  CHECK_VALID();
  test_worker_exit(&o.worker);
  CHECK_VALID();
}

/* A full page on the full queue comes back when another thread frees into it. */
static void test_full_page_returns(void) {
  static owner_t o;
  memset(&o, 0, sizeof(o));
  test_worker_start(&o.worker);
  test_worker_run(&o.worker, job_init, &o);
  o.size = 128;
  o.count = 1;
  test_worker_run(&o.worker, job_alloc, &o);
  test_found_t f;
  CHECK(test_page_of(o.blocks[0], &f));
  const uintptr_t page = f.page.page_start;
  /* fill it, then one more allocation finds it full and parks it on the full queue */
  o.count = f.page.reserved - 1;
  test_worker_run(&o.worker, job_alloc, &o);
  CHECK_VALID();
  CHECK(test_page_of(o.blocks[0], &f));
  CHECK_EQ(f.page.used, f.page.reserved);
  long full0 = atomic_load(&ev_full);
  o.count = 1;
  test_worker_run(&o.worker, job_alloc, &o);
  CHECK_VALID();
  CHECK(test_page_of(o.blocks[0], &f));
  CHECK(f.page.in_full);
  CHECK_EQ(f.page.bin, 74);
  CHECK_EQ(f.page.delayed_state, HS_USE_DELAYED_FREE);
  CHECK(atomic_load(&ev_full) > full0);
  test_found_t g;
  CHECK(test_page_of(o.blocks[o.nblocks - 1], &g));
  CHECK(g.page.page_start != page);

  /* a remote free into the full page: the heap's delayed list, the page stays on the full queue */
  void* a = o.blocks[5];
  void* b = o.blocks[6];
  o.blocks[5] = o.blocks[6] = NULL;
  hs_free(a);
  CHECK_VALID();
  CHECK(test_page_of(a, &f));
  CHECK_EQ(f.block_state, HS_BLOCK_DELAYED);
  CHECK_EQ(f.page.delayed_count, 1);
  CHECK_EQ(f.page.delayed_state, HS_NO_DELAYED_FREE);
  CHECK(f.page.in_full);
  CHECK_EQ(heap_delayed(o.heap), 1);
  hs_free(b);
  CHECK_VALID();
  CHECK_EQ(test_block_state(b), HS_BLOCK_THREAD_FREE);

  /* the owner keeps allocating from its other page (fast path): nothing comes back */
  o.count = 10;
  test_worker_run(&o.worker, job_alloc_more, &o);
  CHECK_VALID();
  CHECK(!got_contains(&o, a));
  CHECK(!got_contains(&o, b));
  CHECK(test_page_of(a, &f));
  CHECK(f.page.in_full);
  test_worker_run(&o.worker, job_free_got, &o);
  CHECK_VALID();

  /* its generic path processes the delayed list: the page leaves the full queue */
  long unfull0 = atomic_load(&ev_unfull), processed0 = atomic_load(&ev_processed);
  test_worker_run(&o.worker, job_generic, &o);
  CHECK_VALID();
  CHECK(test_page_of(a, &f));
  CHECK(!f.page.in_full);
  CHECK(f.page.bin != 74);
  CHECK_EQ(f.page.delayed_count, 0);
  CHECK_EQ(heap_delayed(o.heap), 0);
  CHECK_EQ(f.page.thread_free_count, 0);
  CHECK_EQ(f.page.used, f.page.reserved - 2);
  CHECK(f.block_state == HS_BLOCK_LOCAL_FREE || f.block_state == HS_BLOCK_FREE);
  CHECK(atomic_load(&ev_unfull) > unfull0);
  CHECK(atomic_load(&ev_processed) > processed0);

  /* and the blocks are handed out again (an unfull page rejoins the back of its queue, so the
     owner's other page is used up first) */
  o.count = 2 * (size_t)f.page.reserved;
  test_worker_run(&o.worker, job_alloc_more, &o);
  CHECK_VALID();
  CHECK(got_contains(&o, a));
  CHECK(got_contains(&o, b));
  test_worker_run(&o.worker, job_free_got, &o);
  test_worker_run(&o.worker, job_free_all, &o);
  CHECK_VALID();
  test_worker_exit(&o.worker);
  CHECK_VALID();
}

/* Many remote frees from several threads at once: every block is accounted for. */
typedef struct freer_s { void** blocks; size_t from, to; } freer_t;

static void* freer_main(void* arg) {
  freer_t* fr = (freer_t*)arg;
  for (size_t i = fr->from; i < fr->to; i++) hs_free(fr->blocks[i]);
  return NULL;
}

static void test_concurrent_remote_frees(void) {
  static owner_t o;
  memset(&o, 0, sizeof(o));
  test_worker_start(&o.worker);
  test_worker_run(&o.worker, job_init, &o);
  o.size = 32;
  o.count = 4000;
  test_worker_run(&o.worker, job_alloc, &o);
  CHECK_VALID();
  hs_stats_t s0;
  hs_stats_get(&s0);
  pthread_t t[4];
  freer_t fr[4];
  for (int i = 0; i < 4; i++) {
    fr[i] = (freer_t){ o.blocks, (size_t)i * 1000, (size_t)(i + 1) * 1000 };
    pthread_create(&t[i], NULL, freer_main, &fr[i]);
  }
  for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
  o.nblocks = 0;
  CHECK_VALID();
  hs_stats_t s1;
  hs_stats_get(&s1);
  CHECK(s1.thread_frees - s0.thread_frees + s1.delayed_frees - s0.delayed_frees >= 4000 ||
        s1.thread_frees - s0.thread_frees >= 4000);
  test_worker_run(&o.worker, job_collect, &o);
  CHECK_VALID();
  hs_heap_info_t hi;
  CHECK(test_heap_info(o.heap, &hi));
  CHECK_EQ(hi.delayed_count, 0);
  test_worker_exit(&o.worker);
  CHECK_VALID();
}

int main(void) {
  hs_set_event_hook(on_event, NULL);
  RUN(test_remote_free);
  RUN(test_full_page_returns);
  RUN(test_concurrent_remote_frees);
  hs_set_event_hook(NULL, NULL);
  return test_summary();
}
