/* Randomised multi-thread stress.
 *
 *   test-stress [--threads N] [--rounds R] [--iterations I] [--seed S] [--slots K]
 *
 * Each round starts N workers and one "churn" thread that keeps starting short-lived threads;
 * they allocate (every size class, large and huge blocks, aligned blocks), reallocate and free
 * through K shared slots, so most frees are cross-thread and many blocks outlive the thread
 * that allocated them (their segments are abandoned and reclaimed). Every block carries a
 * header (size, seed) and a pattern derived from its address and a per-allocation tag; the
 * pattern is checked before every free and after every realloc. Between rounds, with all
 * threads joined, hs_validate checks the whole structure.
 *
 * HS_STRESS_SHORT=1 in the environment divides the work by four (sanitizer builds).
 */
#include "testhelper.h"

#include <time.h>

#define KiB ((size_t)1024)
#define MiB (KiB * KiB)

static size_t opt_threads = 4, opt_rounds = 6, opt_iterations = 20000, opt_slots = 1024;
static uint64_t opt_seed = 0x5eed;

static _Atomic(void*)* slots;
static atomic_long live_huge;
static atomic_long corrupt_blocks, misaligned, null_results, ops_done;

/* ---------------------------------------------------------------------------------------------
   Blocks: header {size, seed}, then a pattern of words seed ^ (i * golden ratio)
--------------------------------------------------------------------------------------------- */
typedef struct header_s { uint64_t size; uint64_t seed; } header_t;

#define FULL_FILL_MAX (256 * KiB)
#define EDGE          (32 * KiB)

static inline uint64_t pattern_word(uint64_t seed, size_t i) { return seed ^ ((uint64_t)i * 0x9E3779B97F4A7C15ull); }

/* Which words of the body carry the pattern: all of them for blocks up to 256 KiB, otherwise
   the first and last 32 KiB and one word per 64 KiB between (touching every OS page of large
   and huge blocks would make the test measure page faults). */
static inline size_t next_word(size_t i, size_t words) {
  size_t bytes = words * 8;
  if (bytes <= FULL_FILL_MAX) return i + 1;
  size_t pos = (i + 1) * 8;
  if (pos < EDGE || pos >= bytes - EDGE) return i + 1;
  size_t next = (pos + 64 * KiB) / 8;
  if (next * 8 >= bytes - EDGE) next = (bytes - EDGE) / 8;
  return next;
}

static void block_fill(void* p, size_t size, uint32_t tag) {
  header_t* h = (header_t*)p;
  h->size = size;
  h->seed = ((uint64_t)(uintptr_t)p * 0xD6E8FEB86659FD93ull) ^ tag;
  uint64_t* body = (uint64_t*)(h + 1);
  size_t words = (size - sizeof(header_t)) / 8;
  for (size_t i = 0; i < words; i = next_word(i, words)) body[i] = pattern_word(h->seed, i);
}

/* The pattern over the first `size` bytes (a realloc may have cut the block short). */
static bool block_check(const void* p, size_t size) {
  const header_t* h = (const header_t*)p;
  if (h->size < sizeof(header_t)) return false;
  if (size > h->size) size = h->size;
  const uint64_t* body = (const uint64_t*)(h + 1);
  size_t words = (size - sizeof(header_t)) / 8;
  size_t orig_words = (h->size - sizeof(header_t)) / 8;
  for (size_t i = 0; i < words; i = next_word(i, orig_words)) {
    if (body[i] != pattern_word(h->seed, i)) return false;
  }
  return true;
}

/* ---------------------------------------------------------------------------------------------
   Random sizes
--------------------------------------------------------------------------------------------- */
static inline uint64_t rnd(uint64_t* s) {   /* xorshift64* */
  uint64_t x = *s;
  x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
  *s = x;
  return x * 0x2545F4914F6CDD1Dull;
}

static size_t random_size(uint64_t* r) {
  uint64_t k = rnd(r) % 1000;
  if (k < 700) return 16 + rnd(r) % 1009;                       /* small, direct table */
  if (k < 930) return 1 * KiB + rnd(r) % (15 * KiB);            /* small pages, generic path */
  if (k < 985) return 16 * KiB + rnd(r) % (112 * KiB);          /* medium */
  if (k < 998) return 128 * KiB + rnd(r) % (2 * MiB);           /* large */
  if (k == 999 && atomic_load(&live_huge) < 3) return 17 * MiB + rnd(r) % (8 * MiB);   /* huge */
  return 64 + rnd(r) % 512;
}

static void release(void* p) {
  if (p == NULL) return;
  const header_t* h = (const header_t*)p;
  size_t size = h->size;
  if (!block_check(p, size)) {
    atomic_fetch_add(&corrupt_blocks, 1);
    fprintf(stderr, "corrupted block %p (size %zu)\n", p, size);
  }
  if (size > 16 * MiB) atomic_fetch_sub(&live_huge, 1);
  hs_free(p);
}

static void* obtain(size_t size, size_t alignment, uint32_t tag) {
  void* p = (alignment == 0 ? hs_malloc(size) : hs_malloc_aligned(size, alignment));
  if (p == NULL) {
    atomic_fetch_add(&null_results, 1);
    return NULL;
  }
  if ((uintptr_t)p % (alignment == 0 ? 16 : alignment) != 0 || hs_usable_size(p) < size) {
    atomic_fetch_add(&misaligned, 1);
  }
  if (size > 16 * MiB) atomic_fetch_add(&live_huge, 1);
  block_fill(p, size, tag);
  return p;
}

/* ---------------------------------------------------------------------------------------------
   Workers
--------------------------------------------------------------------------------------------- */
typedef struct worker_arg_s { uint64_t seed; size_t iterations; } worker_arg_t;

static void work(uint64_t seed, size_t iterations) {
  uint64_t r = seed * 0x9E3779B97F4A7C15ull + 1;
  void* local[16] = { NULL };
  for (size_t it = 0; it < iterations; it++) {
    uint64_t op = rnd(&r) % 100;
    size_t slot = (size_t)(rnd(&r) % opt_slots);
    uint32_t tag = (uint32_t)rnd(&r);
    if (op < 45) {                      /* allocate into a shared slot; free what was there */
      void* p = obtain(random_size(&r), 0, tag);
      release(atomic_exchange(&slots[slot], p));
    } else if (op < 60) {               /* free a shared block (often another thread's) */
      release(atomic_exchange(&slots[slot], NULL));
    } else if (op < 72) {               /* realloc a shared block: contents move along */
      void* p = atomic_exchange(&slots[slot], NULL);
      if (p == NULL) continue;
      size_t old = ((header_t*)p)->size;
      size_t size = random_size(&r);
      if (old > 16 * MiB) atomic_fetch_sub(&live_huge, 1);
      void* q = hs_realloc(p, size);
      if (q == NULL) {
        atomic_fetch_add(&null_results, 1);
        continue;
      }
      size_t keep = (size < old ? size : old);
      if (!block_check(q, keep)) {
        atomic_fetch_add(&corrupt_blocks, 1);
        fprintf(stderr, "realloc %zu -> %zu lost contents at %p\n", old, size, q);
      }
      if (size > 16 * MiB) atomic_fetch_add(&live_huge, 1);
      block_fill(q, size, tag);
      release(atomic_exchange(&slots[slot], q));
    } else if (op < 80) {               /* aligned allocation */
      size_t alignment = (size_t)16 << (rnd(&r) % 13);   /* 16 B .. 64 KiB */
      size_t size = 16 + rnd(&r) % (alignment > 4 * KiB ? 40 * KiB : 3 * KiB);
      void* p = obtain(size, alignment, tag);
      release(atomic_exchange(&slots[slot], p));
    } else if (op < 99) {               /* thread-local churn */
      size_t i = (size_t)(rnd(&r) % 16);
      release(local[i]);
      local[i] = obtain(16 + rnd(&r) % 300, 0, tag);
    } else {
      hs_collect(rnd(&r) % 8 == 0);
    }
  }
  for (int i = 0; i < 16; i++) release(local[i]);
  atomic_fetch_add(&ops_done, (long)iterations);
}

static void* worker_main(void* p) {
  worker_arg_t* a = (worker_arg_t*)p;
  work(a->seed, a->iterations);
  return NULL;
}

/* Starts short-lived threads one after another while the workers run. */
static void* churn_main(void* p) {
  worker_arg_t* a = (worker_arg_t*)p;
  for (int i = 0; i < 8; i++) {
    worker_arg_t sub = { a->seed * 31 + (uint64_t)i, a->iterations / 16 + 1 };
    pthread_t t;
    pthread_create(&t, NULL, worker_main, &sub);
    pthread_join(t, NULL);
  }
  return NULL;
}

static void parse_args(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; i += 2) {
    unsigned long long v = strtoull(argv[i + 1], NULL, 0);
    if (strcmp(argv[i], "--threads") == 0) opt_threads = (size_t)v;
    else if (strcmp(argv[i], "--rounds") == 0) opt_rounds = (size_t)v;
    else if (strcmp(argv[i], "--iterations") == 0) opt_iterations = (size_t)v;
    else if (strcmp(argv[i], "--seed") == 0) opt_seed = v;
    else if (strcmp(argv[i], "--slots") == 0) opt_slots = (size_t)v;
    else {
      fprintf(stderr, "unknown argument %s\n", argv[i]);
      exit(2);
    }
  }
  const char* shortrun = getenv("HS_STRESS_SHORT");
  if (shortrun != NULL && shortrun[0] == '1') opt_iterations = opt_iterations / 4 + 1;
  if (opt_threads < 1) opt_threads = 1;
  if (opt_slots < 1) opt_slots = 1;
}

int main(int argc, char** argv) {
  parse_args(argc, argv);
  printf("stress: %zu threads, %zu rounds, %zu iterations, %zu slots, seed 0x%llx\n", opt_threads,
         opt_rounds, opt_iterations, opt_slots, (unsigned long long)opt_seed);
  slots = calloc(opt_slots, sizeof(*slots));
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pthread_t* threads = calloc(opt_threads, sizeof(pthread_t));
  worker_arg_t* args = calloc(opt_threads + 1, sizeof(worker_arg_t));

  for (size_t round = 0; round < opt_rounds; round++) {
    for (size_t i = 0; i < opt_threads; i++) {
      args[i] = (worker_arg_t){ opt_seed + round * 1000 + i, opt_iterations };
      pthread_create(&threads[i], NULL, worker_main, &args[i]);
    }
    pthread_t churn;
    args[opt_threads] = (worker_arg_t){ opt_seed + round * 1000 + 999, opt_iterations };
    pthread_create(&churn, NULL, churn_main, &args[opt_threads]);
    for (size_t i = 0; i < opt_threads; i++) pthread_join(threads[i], NULL);
    pthread_join(churn, NULL);

    /* a quiet point: every worker has exited, blocks of dead threads sit in the slots */
    test_census_t c = test_census(NULL);
    size_t live = 0;
    for (size_t i = 0; i < opt_slots; i++) live += (atomic_load(&slots[i]) != NULL);
    printf("round %zu: %zu live blocks, %zu segments (%zu abandoned), %zu pages, %zu heaps\n",
           round, live, c.segments, c.abandoned_segments, c.pages, c.heaps);
    fflush(stdout);
    CHECK_VALID();
    CHECK_EQ(atomic_load(&corrupt_blocks), 0);
  }

  /* the main thread frees what is left: all of it belongs to exited threads */
  for (size_t i = 0; i < opt_slots; i++) release(atomic_exchange(&slots[i], NULL));
  CHECK_VALID();
  hs_collect(true);
  CHECK_VALID();
  hs_stats_t s;
  hs_stats_get(&s);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  printf("done: %ld operations in %.2f s; in use now %lld bytes, peak committed %lld MiB, "
         "%lld reclaimed, %lld thread frees, %lld delayed frees\n",
         atomic_load(&ops_done), secs, (long long)s.page_used, (long long)(s.committed.peak >> 20),
         (long long)s.reclaimed, (long long)s.thread_frees, (long long)s.delayed_frees);
  CHECK_EQ(atomic_load(&corrupt_blocks), 0);
  CHECK_EQ(atomic_load(&misaligned), 0);
  CHECK_EQ(atomic_load(&null_results), 0);
  CHECK_EQ(s.page_used, 0);
  CHECK(s.thread_frees > 0);
  free(threads);
  free(args);
  free(slots);
  return test_summary();
}
