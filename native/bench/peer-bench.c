/* The peer benchmark: each workload of peer/ run as its own process under every allocator,
 * interleaved and repeated, with the median wall time and peak resident set of each.
 *
 *   native/build/bench/peer-bench [--rounds N] [--scale S] [--core LIB] [--before LIB] [WORKLOAD...]
 *
 * Allocators: the core (LD_PRELOAD of libheapscope-malloc.so, or --core LIB), and the system
 * ones installed here: glibc (no preload), mimalloc, jemalloc and tcmalloc (LD_PRELOAD of the
 * Debian libraries; one that is missing is reported and left out). Round r runs every
 * workload once under every allocator, starting with a different allocator each time, so a
 * burst of load on the machine is spread over all of them. Time is the wall time from fork to
 * the child's exit; peak RSS is the child's ru_maxrss from wait4. --before LIB adds another
 * build of the core (an older commit's libheapscope-malloc.so), run in the same rounds, with
 * its own ratios. Every run must exit 0 and
 * print the same line (the workload's checksum) under every allocator.
 *
 * Three tables, CPU time (user + system of the child: on a machine shared with other work it
 * depends least on how many cores the child got), wall time, and peak RSS, give per workload
 * the median of each allocator and the ratios core/mimalloc and core/best (best = the lowest
 * figure of the system allocators: the fastest, or the leanest), then the geometric means of
 * those ratios and the worst ratio to the best. Targets (issue 15): time core/best <= 1.25 on
 * every workload and <= 1.00 in geomean; peak RSS core/mimalloc <= 1.00 in geomean and
 * core/best <= 1.50 on every workload.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef HS_PEER_CORE_LIB
#define HS_PEER_CORE_LIB ""
#endif

#define MAX_ROUNDS 99
#define MAX_ALLOCATORS 6
#define MAX_WORKLOADS 16

/* `measured`: a build of the core, whose ratios are printed; the others are the references. */
typedef struct allocator_s { const char* name; const char* preload; bool measured; } allocator_t;

static const char* const workloads_all[] = { "churn", "window", "larson", "rptest", "large",
                                             "mleak", "mstress", "realloc" };
#define WORKLOADS_ALL (sizeof(workloads_all) / sizeof(workloads_all[0]))

static allocator_t allocators[MAX_ALLOCATORS];
static size_t allocator_count;

/* The three figures of a run, in the order the tables print them. */
enum { FIG_CPU, FIG_WALL, FIG_RSS, FIG_COUNT };
static const char* const fig_title[FIG_COUNT] = {
  "median CPU time, user + system (s)", "median wall time (s)", "median peak RSS (MiB)" };
static const char* const fig_short[FIG_COUNT] = { "CPU time", "wall time", "peak RSS" };
static const char* const fig_format[FIG_COUNT] = { " %9.3f", " %9.3f", " %9.1f" };

typedef struct result_s { double fig[FIG_COUNT][MAX_ROUNDS]; } result_t;
static result_t results[MAX_WORKLOADS][MAX_ALLOCATORS];
static char first_output[MAX_WORKLOADS][256];

static void die(const char* fmt, const char* arg) {
  fprintf(stderr, "peer-bench: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n");
  exit(2);
}

static void add_allocator(const char* name, const char* preload, bool measured) {
  if (preload != NULL && access(preload, R_OK) != 0) {
    fprintf(stderr, "peer-bench: %s not found at %s; left out\n", name, preload);
    return;
  }
  allocators[allocator_count++] = (allocator_t){ name, preload, measured };
}

/* Run one program; stores its figures for `round` in `res`, and the first line it printed. */
static void run_one(const char* program, const char* scale, const allocator_t* a, result_t* res,
                    size_t round, char* line, size_t line_size) {
  int out[2];
  if (pipe(out) != 0) die("pipe failed: %s", strerror(errno));
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  const pid_t pid = fork();
  if (pid < 0) die("fork failed: %s", strerror(errno));
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    if (a->preload != NULL) setenv("LD_PRELOAD", a->preload, 1);
    else unsetenv("LD_PRELOAD");
    execl(program, program, scale, (char*)NULL);
    fprintf(stderr, "peer-bench: cannot run %s: %s\n", program, strerror(errno));
    _exit(127);
  }
  close(out[1]);
  size_t len = 0;
  ssize_t n;
  char buf[512];
  while ((n = read(out[0], buf, sizeof(buf))) != 0) {
    if (n < 0) { if (errno == EINTR) continue; break; }
    for (ssize_t i = 0; i < n && len + 1 < line_size; i++) {
      if (buf[i] == '\n') { line_size = len + 1; break; }   /* keep the first line only */
      line[len++] = buf[i];
    }
  }
  line[len] = 0;
  close(out[0]);
  int status = 0;
  struct rusage ru;
  while (wait4(pid, &status, 0, &ru) < 0) {
    if (errno != EINTR) die("wait4 failed: %s", strerror(errno));
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fprintf(stderr, "peer-bench: %s under %s %s %d\n", program, a->name,
            WIFEXITED(status) ? "exited with status" : "was killed by signal",
            WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    exit(1);
  }
  res->fig[FIG_WALL][round] = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  res->fig[FIG_CPU][round] = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                             (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  res->fig[FIG_RSS][round] = (double)ru.ru_maxrss / 1024.0;
}

static int cmp_double(const void* a, const void* b) {
  const double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

static double median(const double* v, size_t n) {
  double s[MAX_ROUNDS];
  memcpy(s, v, n * sizeof(double));
  qsort(s, n, sizeof(double), cmp_double);
  return (n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2);
}

static size_t allocator_index(const char* name) {
  for (size_t i = 0; i < allocator_count; i++) if (strcmp(allocators[i].name, name) == 0) return i;
  return SIZE_MAX;
}

/* One figure's table: medians per workload and allocator, each core build's ratios to mimalloc
   and to the best system allocator (lowest figure), then their geometric means and the worst. */
static void print_table(int f, const char* const* workloads, size_t workload_count, size_t rounds) {
  const size_t mi = allocator_index("mimalloc");
  double log_mi[MAX_ALLOCATORS] = { 0 }, log_best[MAX_ALLOCATORS] = { 0 }, worst[MAX_ALLOCATORS] = { 0 };
  printf("\n%s\n%-8s", fig_title[f], "workload");
  for (size_t a = 0; a < allocator_count; a++) printf(" %9s", allocators[a].name);
  printf(" |");
  for (size_t a = 0; a < allocator_count; a++) {
    if (allocators[a].measured) printf(" %6s/mi %6s/best", allocators[a].name, allocators[a].name);
  }
  printf("\n");
  for (size_t w = 0; w < workload_count; w++) {
    double v[MAX_ALLOCATORS], best = INFINITY;
    for (size_t a = 0; a < allocator_count; a++) {
      v[a] = median(results[w][a].fig[f], rounds);
      if (!allocators[a].measured && v[a] < best) best = v[a];
    }
    printf("%-8s", workloads[w]);
    for (size_t a = 0; a < allocator_count; a++) printf(fig_format[f], v[a]);
    printf(" |");
    for (size_t a = 0; a < allocator_count; a++) {
      if (!allocators[a].measured) continue;
      const double r_mi = (mi == SIZE_MAX ? NAN : v[a] / v[mi]), r_best = v[a] / best;
      printf(" %9.2f %11.2f", r_mi, r_best);
      log_mi[a] += log(r_mi);
      log_best[a] += log(r_best);
      if (r_best > worst[a]) worst[a] = r_best;
    }
    printf("\n");
  }
  const double k = (double)workload_count;
  for (size_t a = 0; a < allocator_count; a++) {
    if (!allocators[a].measured) continue;
    printf("geomean %s: %s/mimalloc %.2f, %s/best %.2f; worst %s/best %.2f\n", fig_short[f],
           allocators[a].name, exp(log_mi[a] / k), allocators[a].name, exp(log_best[a] / k),
           allocators[a].name, worst[a]);
  }
}

int main(int argc, char** argv) {
  size_t rounds = 3;
  const char* scale = "1";
  const char* core = HS_PEER_CORE_LIB;
  const char* before = NULL;   /* another build of the core, measured in the same rounds */
  const char* workloads[MAX_WORKLOADS];
  size_t workload_count = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) {
      char* end;
      const long r = strtol(argv[++i], &end, 10);
      if (*end != 0 || r < 1 || r > MAX_ROUNDS) die("--rounds must be 1..99, not '%s'", argv[i]);
      rounds = (size_t)r;
    } else if (strcmp(argv[i], "--scale") == 0 && i + 1 < argc) {
      char* end;
      const double s = strtod(argv[++i], &end);
      if (*end != 0 || !(s > 0)) die("--scale must be a positive number, not '%s'", argv[i]);
      scale = argv[i];
    } else if (strcmp(argv[i], "--core") == 0 && i + 1 < argc) {
      core = argv[++i];
    } else if (strcmp(argv[i], "--before") == 0 && i + 1 < argc) {
      before = argv[++i];
      if (access(before, R_OK) != 0) die("the library '%s' given to --before is missing", before);
    } else if (argv[i][0] == '-') {
      die("unknown option '%s' (--rounds N, --scale S, --core LIB, --before LIB, then workload names)", argv[i]);
    } else {
      size_t w = 0;
      while (w < WORKLOADS_ALL && strcmp(workloads_all[w], argv[i]) != 0) w++;
      if (w == WORKLOADS_ALL) die("unknown workload '%s' (churn window larson rptest large mleak mstress realloc)", argv[i]);
      if (workload_count == MAX_WORKLOADS) die("too many workloads at '%s'", argv[i]);
      workloads[workload_count++] = workloads_all[w];
    }
  }
  if (workload_count == 0) {
    for (size_t w = 0; w < WORKLOADS_ALL; w++) workloads[workload_count++] = workloads_all[w];
  }
  if (core[0] == 0 || access(core, R_OK) != 0) die("the core library '%s' is missing: build native/ first, or pass --core LIB", core);

  /* the programs sit in peer/ next to this executable */
  char dir[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", dir, sizeof(dir) - 1);
  if (n <= 0) die("cannot read /proc/self/exe: %s", strerror(errno));
  dir[n] = 0;
  char* slash = strrchr(dir, '/');
  if (slash != NULL) *slash = 0;

  add_allocator("core", core, true);
  if (before != NULL) add_allocator("before", before, true);
  add_allocator("glibc", NULL, false);
  add_allocator("mimalloc", "/usr/lib/x86_64-linux-gnu/libmimalloc.so.2", false);
  add_allocator("jemalloc", "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", false);
  add_allocator("tcmalloc", "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4", false);

  printf("peer benchmark: %zu rounds, scale %s, core %s\n", rounds, scale, core);
  for (size_t r = 0; r < rounds; r++) {
    for (size_t w = 0; w < workload_count; w++) {
      char program[PATH_MAX + 32];
      snprintf(program, sizeof(program), "%s/peer/peer-%s", dir, workloads[w]);
      for (size_t k = 0; k < allocator_count; k++) {
        const size_t a = (k + r + w) % allocator_count;
        char line[256];
        run_one(program, scale, &allocators[a], &results[w][a], r, line, sizeof(line));
        if (first_output[w][0] == 0) {
          snprintf(first_output[w], sizeof(first_output[w]), "%s", line);
        } else if (strcmp(first_output[w], line) != 0) {
          fprintf(stderr, "peer-bench: %s printed '%s' under %s, but '%s' before\n", workloads[w], line,
                  allocators[a].name, first_output[w]);
          return 1;
        }
      }
    }
    fprintf(stderr, "peer-bench: round %zu of %zu done\n", r + 1, rounds);
  }

  for (int f = 0; f < FIG_COUNT; f++) print_table(f, workloads, workload_count, rounds);
  return 0;
}
