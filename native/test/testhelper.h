/* Heapscope tests: a tiny harness.
 *
 *   CHECK(cond)              counts a pass or prints "file:line: CHECK(cond) failed"
 *   CHECK_EQ(a, b)           the same, printing both values (as integers)
 *   CHECK_MSG(cond, ...)     the same, with a printf-style explanation
 *   CHECK_VALID()            runs hs_validate and fails with its message; call it after every step
 *   RUN(test)                runs `static void test(void)` under a banner
 *   return test_summary();   prints "N passed, N failed" and gives the exit status
 *
 * Plus the lockstep worker (a thread that runs one function at a time on request and can be
 * told to exit) and inspection helpers (the page and segment of a pointer, a block's state).
 * Counters are atomic: checks may run on any thread.
 */
#ifndef HS_TESTHELPER_H
#define HS_TESTHELPER_H

#include <heapscope.h>

#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static atomic_long test_passed;
static atomic_long test_failed;

static inline bool test_check(bool ok, const char* file, int line, const char* what) {
  if (ok) {
    atomic_fetch_add(&test_passed, 1);
  } else {
    atomic_fetch_add(&test_failed, 1);
    fprintf(stderr, "%s:%d: FAILED: %s\n", file, line, what);
    fflush(stderr);
  }
  return ok;
}

#define CHECK(cond) test_check((cond), __FILE__, __LINE__, "CHECK(" #cond ")")

#define CHECK_EQ(a, b)                                                                          \
  do {                                                                                          \
    long long check_a_ = (long long)(a), check_b_ = (long long)(b);                             \
    if (!test_check(check_a_ == check_b_, __FILE__, __LINE__, "CHECK_EQ(" #a ", " #b ")"))      \
      fprintf(stderr, "    %s = %lld (0x%llx), %s = %lld (0x%llx)\n", #a, check_a_,             \
              (unsigned long long)check_a_, #b, check_b_, (unsigned long long)check_b_);        \
  } while (0)

#define CHECK_MSG(cond, ...)                                                                    \
  do {                                                                                          \
    if (!test_check((cond), __FILE__, __LINE__, "CHECK(" #cond ")")) {                          \
      fprintf(stderr, "    ");                                                                  \
      fprintf(stderr, __VA_ARGS__);                                                             \
      fprintf(stderr, "\n");                                                                    \
    }                                                                                           \
  } while (0)

static inline bool test_check_valid(const char* file, int line) {
  char msg[512];
  bool ok = hs_validate(msg, sizeof(msg));
  if (!test_check(ok, file, line, "hs_validate()")) fprintf(stderr, "    %s\n", msg);
  return ok;
}
#define CHECK_VALID() test_check_valid(__FILE__, __LINE__)

#define RUN(test)                                                                               \
  do {                                                                                          \
    long failed_before_ = atomic_load(&test_failed);                                            \
    printf("-- %s\n", #test);                                                                   \
    fflush(stdout);                                                                             \
    test();                                                                                     \
    printf("   %s: %s\n", #test, atomic_load(&test_failed) == failed_before_ ? "ok" : "FAILED"); \
    fflush(stdout);                                                                             \
  } while (0)

static inline int test_summary(void) {
  long passed = atomic_load(&test_passed), failed = atomic_load(&test_failed);
  printf("%ld passed, %ld failed\n", passed, failed);
  fflush(stdout);
  return (failed == 0 && passed > 0 ? 0 : 1);
}

/* ---------------------------------------------------------------------------------------------
   Lockstep worker: a thread that runs one function at a time, on request, and waits
--------------------------------------------------------------------------------------------- */
typedef void (test_job_fn)(void* arg);

typedef struct test_worker_s {
  pthread_t       thread;
  pthread_mutex_t lock;
  pthread_cond_t  cond;
  test_job_fn*    job;
  void*           arg;
  bool            busy;
  bool            quit;
  uintptr_t       thread_id;   /* hs_thread_id() of the worker */
} test_worker_t;

static void* test_worker_main(void* p) {
  test_worker_t* w = (test_worker_t*)p;
  __atomic_store_n(&w->thread_id, hs_thread_id(), __ATOMIC_RELEASE);
  pthread_mutex_lock(&w->lock);
  for (;;) {
    while (!w->busy && !w->quit) pthread_cond_wait(&w->cond, &w->lock);
    if (w->busy) {
      test_job_fn* job = w->job;
      void* arg = w->arg;
      pthread_mutex_unlock(&w->lock);
      job(arg);
      pthread_mutex_lock(&w->lock);
      w->busy = false;
      pthread_cond_broadcast(&w->cond);
      continue;
    }
    break;   /* quit, nothing pending */
  }
  pthread_mutex_unlock(&w->lock);
  return NULL;
}

static inline void test_worker_start(test_worker_t* w) {
  memset(w, 0, sizeof(*w));
  pthread_mutex_init(&w->lock, NULL);
  pthread_cond_init(&w->cond, NULL);
  pthread_create(&w->thread, NULL, test_worker_main, w);
  while (__atomic_load_n(&w->thread_id, __ATOMIC_ACQUIRE) == 0) sched_yield();
}

/* Runs job(arg) on the worker and waits until it has returned. */
static inline void test_worker_run(test_worker_t* w, test_job_fn* job, void* arg) {
  pthread_mutex_lock(&w->lock);
  w->job = job;
  w->arg = arg;
  w->busy = true;
  pthread_cond_broadcast(&w->cond);
  while (w->busy) pthread_cond_wait(&w->cond, &w->lock);
  pthread_mutex_unlock(&w->lock);
}

/* The worker thread exits (its heap is abandoned by the core's thread-exit hook); joined. */
static inline void test_worker_exit(test_worker_t* w) {
  pthread_mutex_lock(&w->lock);
  w->quit = true;
  pthread_cond_broadcast(&w->cond);
  pthread_mutex_unlock(&w->lock);
  pthread_join(w->thread, NULL);
  pthread_mutex_destroy(&w->lock);
  pthread_cond_destroy(&w->cond);
}

/* ---------------------------------------------------------------------------------------------
   Inspection helpers
--------------------------------------------------------------------------------------------- */
typedef struct test_found_s {
  uintptr_t         target;
  bool              found;
  bool              with_blocks;
  hs_segment_info_t segment;
  hs_page_info_t    page;
  long              block_index;   /* index of the block holding target */
  int               block_state;   /* its hs_block_state_t, or -1 */
} test_found_t;

static bool test_find_page_visit(const hs_segment_info_t* segment, const hs_page_info_t* page,
                                 const uint8_t* states, void* arg) {
  test_found_t* f = (test_found_t*)arg;
  uintptr_t end = page->page_start + (uintptr_t)page->reserved * page->block_size;
  if (f->target < page->page_start || f->target >= end) return true;
  f->found = true;
  f->segment = *segment;
  f->page = *page;
  f->block_index = (long)((f->target - page->page_start) / page->block_size);
  f->block_state = (states != NULL ? states[f->block_index] : -1);
  return false;
}

/* The page (and its segment) whose blocks contain p; false when no page holds it. */
static inline bool test_page_of(const void* p, test_found_t* out) {
  memset(out, 0, sizeof(*out));
  out->target = (uintptr_t)p;
  out->block_state = -1;
  hs_inspect_visitor_t v = { .page = test_find_page_visit };
  hs_inspect(&v, true, out);
  return out->found;
}

/* The hs_block_state_t of the block holding p, or -1 when no page holds it. */
static inline int test_block_state(const void* p) {
  test_found_t f;
  if (!test_page_of(p, &f)) return -1;
  return f.block_state;
}

/* The segment containing p (any address in it). */
typedef struct test_segment_find_s {
  uintptr_t         target;
  bool              found;
  hs_segment_info_t info;
} test_segment_find_t;

static bool test_find_segment_visit(const hs_segment_info_t* segment, void* arg) {
  test_segment_find_t* f = (test_segment_find_t*)arg;
  if (f->target >= segment->address && f->target < segment->address + segment->size) {
    f->found = true;
    f->info = *segment;
    return false;
  }
  return true;
}

static inline bool test_segment_of(const void* p, hs_segment_info_t* out) {
  test_segment_find_t f = { .target = (uintptr_t)p };
  hs_inspect_visitor_t v = { .segment = test_find_segment_visit };
  hs_inspect(&v, false, &f);
  if (f.found) *out = f.info;
  return f.found;
}

/* Heap info by address. */
typedef struct test_heap_find_s {
  uintptr_t      target;
  bool           found;
  hs_heap_info_t info;
} test_heap_find_t;

static bool test_find_heap_visit(const hs_heap_info_t* heap, void* arg) {
  test_heap_find_t* f = (test_heap_find_t*)arg;
  if (heap->address != f->target) return true;
  f->found = true;
  f->info = *heap;
  return false;
}

static inline bool test_heap_info(const hs_heap_t* heap, hs_heap_info_t* out) {
  test_heap_find_t f = { .target = (uintptr_t)heap };
  hs_inspect_visitor_t v = { .heap = test_find_heap_visit };
  hs_inspect(&v, false, &f);
  if (f.found) *out = f.info;
  return f.found;
}

/* Totals over the whole structure. */
typedef struct test_census_s {
  uintptr_t heap;              /* count pages of this heap (0: none) */
  size_t    segments;
  size_t    abandoned_segments;
  size_t    pages;
  size_t    heap_pages;
  size_t    heapless_pages;
  size_t    heaps;
  size_t    arenas;
} test_census_t;

static bool test_census_arena(const hs_arena_info_t* a, void* arg) {
  ((test_census_t*)arg)->arenas++;
  return true;
}
static bool test_census_segment(const hs_segment_info_t* s, void* arg) {
  test_census_t* c = (test_census_t*)arg;
  c->segments++;
  if (s->abandoned) c->abandoned_segments++;
  return true;
}
static bool test_census_page(const hs_segment_info_t* s, const hs_page_info_t* p, const uint8_t* b, void* arg) {
  test_census_t* c = (test_census_t*)arg;
  c->pages++;
  if (c->heap != 0 && p->heap == c->heap) c->heap_pages++;
  if (p->heap == 0) c->heapless_pages++;
  return true;
}
static bool test_census_heap(const hs_heap_info_t* h, void* arg) {
  ((test_census_t*)arg)->heaps++;
  return true;
}

static inline test_census_t test_census(const hs_heap_t* heap) {
  test_census_t c;
  memset(&c, 0, sizeof(c));
  c.heap = (uintptr_t)heap;
  hs_inspect_visitor_t v = { .arena = test_census_arena, .segment = test_census_segment,
                             .page = test_census_page, .heap = test_census_heap };
  hs_inspect(&v, false, &c);
  return c;
}

/* A byte pattern derived from the block address and a tag: detects overlap and reuse. */
static inline void test_fill(void* p, size_t size, uint32_t tag) {
  uint8_t* b = (uint8_t*)p;
  uintptr_t seed = (uintptr_t)p * 0x9E3779B97F4A7C15ull + tag;
  for (size_t i = 0; i < size; i++) b[i] = (uint8_t)((seed >> ((i & 7) * 8)) + i);
}

static inline bool test_filled(const void* p, size_t size, uint32_t tag) {
  const uint8_t* b = (const uint8_t*)p;
  uintptr_t seed = (uintptr_t)p * 0x9E3779B97F4A7C15ull + tag;
  for (size_t i = 0; i < size; i++) {
    if (b[i] != (uint8_t)((seed >> ((i & 7) * 8)) + i)) return false;
  }
  return true;
}

#endif /* HS_TESTHELPER_H */
