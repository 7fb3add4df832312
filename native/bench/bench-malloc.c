/* malloc/free throughput of the Heapscope core against the C library's allocator, measured in
 * the same process run so the machine's state is shared. Each workload runs on glibc first,
 * then on the core; the table prints million operations per second and the ratio
 * (core / glibc: above 1 means the core is faster).
 *
 *   bench-malloc [--threads N] [--ops M]     (M operations per thread and workload)
 *   bench-malloc --designs [--rounds R] [--threads N] [--ops M]
 *
 * --designs compares the core's two designs (a process runs one, HEAPSCOPE_DESIGN=v2|v3): it
 * runs itself R times per design (default 5), alternating v2 and v3 and swapping which goes
 * first every round, and prints per workload the median Mops/s of each design and the time
 * ratio v3/v2 (median of the rounds' ratios, with their range; above 1 means v3 is slower).
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
#include <unistd.h>

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

static const char* const names[] = { "pairs", "window", "mixed", "remote" };
#define WORKLOADS 4
#define ROUNDS_MAX 64

/* One child: the core alone, one line per workload ("name mops"). */
static int run_core_only(void) {
  printf("design %s\n", hs_design_name());
  for (int w = 0; w < WORKLOADS; w++) {
    if (w == 3 && opt_threads < 2) continue;
    printf("%s %.3f\n", names[w], run(&core, w));
  }
  return 0;
}

static int cmp_double(const void* a, const void* b) {
  const double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}
static double median(const double* v, size_t n) {
  double tmp[ROUNDS_MAX];
  memcpy(tmp, v, n * sizeof(double));
  qsort(tmp, n, sizeof(double), cmp_double);
  return (n % 2 == 1 ? tmp[n / 2] : (tmp[n / 2 - 1] + tmp[n / 2]) / 2);
}

/* Runs this program as a child on `design`; fills mops[workload]. False when it failed. */
static bool run_child(const char* design, double* mops) {
  char cmd[512];
  snprintf(cmd, sizeof(cmd), "HEAPSCOPE_DESIGN=%s /proc/%d/exe --core-only --threads %zu --ops %zu",
           design, (int)getpid(), opt_threads, opt_ops);
  FILE* child = popen(cmd, "r");
  if (child == NULL) return false;
  char line[256], ran[16] = "";
  int found = 0;
  while (fgets(line, sizeof(line), child) != NULL) {
    char name[32];
    double value;
    if (sscanf(line, "design %15s", ran) == 1) continue;
    if (sscanf(line, "%31s %lf", name, &value) != 2) continue;
    for (int w = 0; w < WORKLOADS; w++) {
      if (strcmp(name, names[w]) == 0) { mops[w] = value; found++; }
    }
  }
  const int status = pclose(child);
  if (strcmp(ran, design) != 0) {
    fprintf(stderr, "bench-malloc: the child asked for %s ran %s\n", design, ran[0] ? ran : "nothing");
    return false;
  }
  return status == 0 && found > 0;
}

static int run_designs(size_t rounds) {
  static double mops[2][ROUNDS_MAX][WORKLOADS];
  static const char* const designs[2] = { "v2", "v3" };
  printf("core v2 against v3: %zu rounds, %zu threads, %zu operations per thread and workload\n",
         rounds, opt_threads, opt_ops);
  for (size_t r = 0; r < rounds; r++) {
    for (int k = 0; k < 2; k++) {
      const int d = (int)((r + (size_t)k) % 2);   /* v2 first in even rounds, v3 first in odd */
      if (!run_child(designs[d], mops[d][r])) {
        fprintf(stderr, "bench-malloc: the %s run of round %zu failed\n", designs[d], r);
        return 1;
      }
    }
  }
  printf("%-8s %12s %12s %10s %18s\n", "workload", "v2 Mops/s", "v3 Mops/s", "v3/v2 time", "range of rounds");
  for (int w = 0; w < WORKLOADS; w++) {
    if (w == 3 && opt_threads < 2) continue;
    double v2[ROUNDS_MAX], v3[ROUNDS_MAX], ratio[ROUNDS_MAX];
    double lo = 1e300, hi = 0;
    for (size_t r = 0; r < rounds; r++) {
      v2[r] = mops[0][r][w];
      v3[r] = mops[1][r][w];
      ratio[r] = v2[r] / v3[r];   /* time per op: v3 / v2 */
      if (ratio[r] < lo) lo = ratio[r];
      if (ratio[r] > hi) hi = ratio[r];
    }
    printf("%-8s %12.1f %12.1f %10.2f %8.2f .. %-6.2f\n", names[w], median(v2, rounds), median(v3, rounds),
           median(ratio, rounds), lo, hi);
  }
  return 0;
}

int main(int argc, char** argv) {
  bool core_only = false, designs = false;
  size_t rounds = 5;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--core-only") == 0) { core_only = true; continue; }
    if (strcmp(argv[i], "--designs") == 0) { designs = true; continue; }
    if (i + 1 >= argc) break;
    if (strcmp(argv[i], "--threads") == 0) opt_threads = strtoul(argv[++i], NULL, 0);
    else if (strcmp(argv[i], "--ops") == 0) opt_ops = strtoul(argv[++i], NULL, 0);
    else if (strcmp(argv[i], "--rounds") == 0) rounds = strtoul(argv[++i], NULL, 0);
  }
  if (opt_threads < 1) opt_threads = 1;
  if (opt_threads > 64) opt_threads = 64;
  if (rounds < 1) rounds = 1;
  if (rounds > ROUNDS_MAX) rounds = ROUNDS_MAX;
  if (core_only) return run_core_only();
  if (designs) return run_designs(rounds);
  printf("%zu threads, %zu operations per thread and workload (Mops/s)\n", opt_threads, opt_ops);
  printf("%-8s %12s %12s %8s\n", "workload", glibc.name, core.name, "ratio");
  for (int w = 0; w < WORKLOADS; w++) {
    if (w == 3 && opt_threads < 2) continue;
    double g = run(&glibc, w);
    double h = run(&core, w);
    printf("%-8s %12.1f %12.1f %8.2f\n", names[w], g, h, h / g);
  }
  return 0;
}
