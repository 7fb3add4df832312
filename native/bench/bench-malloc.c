/* malloc/free throughput of the Heapscope core against the C library's allocator, measured in
 * the same process run so the machine's state is shared. Each workload runs on glibc first,
 * then on the core; the table prints million operations per second and the ratio
 * (core / glibc: above 1 means the core is faster).
 *
 *   bench-malloc [--threads N] [--ops M]     (M operations per thread and workload)
 *
 * Workloads:
 *   pairs        malloc then free at once, 16..512 B              (the fast paths)
 *   window       a sliding window of 1,000 live blocks, 16..1 KiB (local free lists)
 *   mixed        window with sizes up to 64 KiB                    (page search, extension)
 *   remote       producer/consumer pairs: half the threads free what the others allocated
 */
#include <heapscope.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef void* (malloc_fn)(size_t);
typedef void (free_fn)(void*);

typedef struct allocator_s { const char* name; malloc_fn* alloc; free_fn* release; } allocator_t;
static const allocator_t glibc = { "glibc", malloc, free };
static const allocator_t core = { "heapscope", hs_malloc, hs_free };

static size_t opt_threads = 2, opt_ops = 2000000;

static inline uint64_t rnd(uint64_t* s) {
  uint64_t x = *s;
  x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
  *s = x;
  return x * 0x2545F4914F6CDD1Dull;
}

typedef struct job_s {
  const allocator_t* a;
  int workload;
  size_t index;
  _Atomic(void*)* ring;   /* remote: blocks handed from producer to consumer */
  size_t ring_size;
} job_t;

#define WINDOW 1000

static void* run_job(void* p) {
  job_t* j = (job_t*)p;
  const allocator_t* a = j->a;
  uint64_t r = 0x9E3779B97F4A7C15ull * (j->index + 1);
  void* window[WINDOW] = { NULL };
  switch (j->workload) {
    case 0:
      for (size_t i = 0; i < opt_ops; i++) {
        void* q = a->alloc(16 + (rnd(&r) & 511));
        *(volatile char*)q = 1;
        a->release(q);
      }
      break;
    case 1:
    case 2: {
      const size_t mask = (j->workload == 1 ? 1023 : 65535);
      for (size_t i = 0; i < opt_ops; i++) {
        size_t k = i % WINDOW;
        if (window[k] != NULL) a->release(window[k]);
        size_t size = 16 + (rnd(&r) & mask);
        if (j->workload == 2 && (rnd(&r) & 7) != 0) size &= 1023;
        window[k] = a->alloc(size);
        *(volatile char*)window[k] = 1;
      }
      for (size_t k = 0; k < WINDOW; k++) a->release(window[k]);
      break;
    }
    case 3: {
      _Atomic(void*)* ring = j->ring;
      if (j->index % 2 == 0) {   /* producer */
        for (size_t i = 0; i < opt_ops / 2; i++) {
          void* q = a->alloc(16 + (rnd(&r) & 255));
          *(volatile char*)q = 1;
          void* old = atomic_exchange(&ring[rnd(&r) % j->ring_size], q);
          if (old != NULL) a->release(old);
        }
      } else {                   /* consumer */
        for (size_t i = 0; i < opt_ops / 2; i++) {
          void* old = atomic_exchange(&ring[rnd(&r) % j->ring_size], NULL);
          if (old != NULL) a->release(old);
        }
      }
      break;
    }
  }
  return NULL;
}

static double run(const allocator_t* a, int workload) {
  pthread_t t[64];
  job_t jobs[64];
  size_t ring_size = 4096;
  _Atomic(void*)* ring = (workload == 3 ? calloc(ring_size, sizeof(*ring)) : NULL);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (size_t i = 0; i < opt_threads; i++) {
    jobs[i] = (job_t){ a, workload, i, ring, ring_size };
    pthread_create(&t[i], NULL, run_job, &jobs[i]);
  }
  for (size_t i = 0; i < opt_threads; i++) pthread_join(t[i], NULL);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (ring != NULL) {
    for (size_t i = 0; i < ring_size; i++) if (ring[i] != NULL) a->release(ring[i]);
    free(ring);
  }
  double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  size_t ops = (workload == 3 ? opt_ops / 2 : opt_ops) * opt_threads;
  return (double)ops / secs / 1e6;
}

int main(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "--threads") == 0) opt_threads = strtoul(argv[i + 1], NULL, 0);
    else if (strcmp(argv[i], "--ops") == 0) opt_ops = strtoul(argv[i + 1], NULL, 0);
  }
  if (opt_threads < 1) opt_threads = 1;
  if (opt_threads > 64) opt_threads = 64;
  const char* names[] = { "pairs", "window", "mixed", "remote" };
  printf("%zu threads, %zu operations per thread and workload (Mops/s)\n", opt_threads, opt_ops);
  printf("%-8s %12s %12s %8s\n", "workload", glibc.name, core.name, "ratio");
  for (int w = 0; w < 4; w++) {
    if (w == 3 && opt_threads < 2) continue;
    double g = run(&glibc, w);
    double h = run(&core, w);
    printf("%-8s %12.1f %12.1f %8.2f\n", names[w], g, h, h / g);
  }
  return 0;
}
