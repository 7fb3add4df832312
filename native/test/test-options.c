/* Options (defaults, explicit values, the environment), statistics (text and JSON carry every
 * declared name; the numbers follow what happened) and events (each kind this program can
 * provoke fires, with its fields filled in; DOUBLE_FREE and CORRUPTED_FREE_LIST are provoked by
 * test-secure).
 *
 * Environment options are tested in child processes: this program re-executes itself with
 * HEAPSCOPE_* variables set and `--env-child` / `--show-stats-child` as its argument.
 */
#include "testhelper.h"

#include <fcntl.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

#define KiB ((size_t)1024)
#define MiB (KiB * KiB)

/* ---------------------------------------------------------------------------------------------
   Events: counted per kind from the very first allocation on
--------------------------------------------------------------------------------------------- */
static atomic_long ev_count[_HS_EVENT_LAST];
static atomic_int  ev_bad_fields;

static void on_event(const hs_event_t* e, void* arg) {
  if ((unsigned)e->kind >= _HS_EVENT_LAST) {
    atomic_fetch_add(&ev_bad_fields, 1);
    return;
  }
  atomic_fetch_add(&ev_count[e->kind], 1);
  bool ok = (e->thread_id != 0);
  switch (e->kind) {
    case HS_EVENT_SEGMENT_ALLOC: case HS_EVENT_SEGMENT_FREED: case HS_EVENT_SEGMENT_ABANDONED:
    case HS_EVENT_SEGMENT_RECLAIMED:
      ok = ok && e->segment != 0;
      break;
    case HS_EVENT_PAGE_ALLOC: case HS_EVENT_PAGE_EXTENDED: case HS_EVENT_PAGE_FULL:
    case HS_EVENT_PAGE_UNFULL: case HS_EVENT_PAGE_FREED: case HS_EVENT_PAGE_RETIRED:
      ok = ok && e->segment != 0 && e->page != 0;
      break;
    case HS_EVENT_PURGE: case HS_EVENT_COMMIT:
      ok = ok && e->address != 0 && e->size > 0;
      break;
    default: break;
  }
  if (!ok) atomic_fetch_add(&ev_bad_fields, 1);
}

/* ---------------------------------------------------------------------------------------------
   Children
--------------------------------------------------------------------------------------------- */
/* Runs this program with `arg` and the extra environment; returns its exit status (or -1) and
   its stdout+stderr in `out`. */
static int run_child(const char* arg, const char* const* env_extra, char* out, size_t out_size) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    close(fds[0]);
    close(fds[1]);
    for (const char* const* e = env_extra; *e != NULL; e++) putenv((char*)*e);
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n <= 0) _exit(120);
    self[n] = 0;
    char* const argv[] = { self, (char*)arg, NULL };
    execve(self, argv, environ);
    _exit(121);
  }
  close(fds[1]);
  size_t len = 0;
  ssize_t r;
  while ((r = read(fds[0], out + len, out_size - 1 - len)) > 0) {
    len += (size_t)r;
    if (len + 1 >= out_size) break;
  }
  out[len] = 0;
  close(fds[0]);
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1;
  return (WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

static int env_child(void) {
  CHECK_EQ(hs_option_get(hs_option_purge_delay), 0);
  CHECK_EQ(hs_option_get(hs_option_arena_reserve), 256 * 1024);      /* 256M, in KiB */
  CHECK_EQ(hs_option_get(hs_option_purge_extend_delay), 7);          /* mixed-case name */
  CHECK_EQ(hs_option_get(hs_option_reclaim_on_free), 0);             /* "off" */
  CHECK_EQ(hs_option_get(hs_option_max_segment_reclaim), 25);
  CHECK_EQ(hs_option_get(hs_option_secure), 3);
  CHECK_EQ(hs_option_get(hs_option_eager_commit), 1);                 /* not set: default */
  /* the secure level from the environment applies to the first page */
  void* p = hs_malloc(64);
  test_found_t f;
  CHECK(test_page_of(p, &f));
  CHECK(f.page.encoded);
  CHECK_VALID();
  hs_free(p);
  /* an explicit set wins over the environment */
  hs_option_set(hs_option_purge_delay, 33);
  CHECK_EQ(hs_option_get(hs_option_purge_delay), 33);
  return test_summary();
}

static int show_stats_child(void) {
  void* p[100];
  for (int i = 0; i < 100; i++) p[i] = hs_malloc(100);
  for (int i = 0; i < 100; i++) hs_free(p[i]);
  printf("child done\n");
  return 0;   /* statistics are printed at exit */
}

/* ---------------------------------------------------------------------------------------------
   Tests
--------------------------------------------------------------------------------------------- */
static void test_defaults(void) {
  CHECK_EQ(hs_option_get(hs_option_purge_delay), 10);
  CHECK_EQ(hs_option_get(hs_option_purge_extend_delay), 1);
  CHECK_EQ(hs_option_get(hs_option_arena_purge_mult), 10);
  CHECK_EQ(hs_option_get(hs_option_arena_reserve), 1024 * 1024);     /* 1 GiB in KiB */
  CHECK_EQ(hs_option_get(hs_option_purge_decommits), 1);
  CHECK_EQ(hs_option_get(hs_option_eager_commit), 1);
  CHECK_EQ(hs_option_get(hs_option_reclaim_on_free), 1);
  CHECK_EQ(hs_option_get(hs_option_max_segment_reclaim), 10);
  CHECK_EQ(hs_option_get(hs_option_secure), 0);
  CHECK_EQ(hs_option_get(hs_option_show_errors), 0);
  CHECK_EQ(hs_option_get(hs_option_show_stats), 0);
  CHECK(hs_option_is_enabled(hs_option_purge_decommits));
  CHECK(!hs_option_is_enabled(hs_option_show_stats));
}

static void test_names(void) {
  for (int o = 0; o < _hs_option_last; o++) {
    const char* name = hs_option_name((hs_option_t)o);
    CHECK(name != NULL && name[0] != 0);
    hs_option_t found = _hs_option_last;
    CHECK(hs_option_find(name, &found));
    CHECK_EQ(found, o);
  }
  hs_option_t found = _hs_option_last;
  CHECK(hs_option_find("PURGE_DELAY", &found));
  CHECK_EQ(found, hs_option_purge_delay);
  CHECK(!hs_option_find("no_such_option", &found));
  CHECK_EQ(strcmp(hs_option_name(hs_option_secure), "secure"), 0);
  /* set and get */
  hs_option_set(hs_option_purge_extend_delay, 5);
  CHECK_EQ(hs_option_get(hs_option_purge_extend_delay), 5);
  hs_option_set(hs_option_purge_extend_delay, 1);
}

static void test_environment(void) {
  static char out[64 * 1024];
  const char* env[] = { "HEAPSCOPE_PURGE_DELAY=0", "heapscope_Arena_Reserve=256M",
                        "HeapScope_purge_EXTEND_delay=7", "HEAPSCOPE_RECLAIM_ON_FREE=off",
                        "HEAPSCOPE_MAX_SEGMENT_RECLAIM=25", "HEAPSCOPE_SECURE=3", NULL };
  int status = run_child("--env-child", env, out, sizeof(out));
  CHECK_MSG(status == 0, "child exited with %d:\n%s", status, out);
  CHECK(strstr(out, " passed, 0 failed") != NULL);
}

static void test_show_stats_at_exit(void) {
  static char out[64 * 1024];
  const char* env[] = { "HEAPSCOPE_SHOW_STATS=1", NULL };
  int status = run_child("--show-stats-child", env, out, sizeof(out));
  CHECK_EQ(status, 0);
  CHECK(strstr(out, "child done") != NULL);
#define CHECK_NAME_IN_OUT(name, doc) CHECK_MSG(strstr(out, #name) != NULL, "'%s' missing from show_stats output", #name);
  HS_STATS_AMOUNTS(CHECK_NAME_IN_OUT)
  HS_STATS_COUNTERS(CHECK_NAME_IN_OUT)
#undef CHECK_NAME_IN_OUT
  const char* none[] = { NULL };
  status = run_child("--show-stats-child", none, out, sizeof(out));
  CHECK_EQ(status, 0);
  CHECK(strstr(out, "malloc_calls") == NULL);   /* off by default */
}

static void test_stats(void) {
  hs_stats_t s0;
  hs_stats_get(&s0);
  static void* p[1000];
  for (int i = 0; i < 1000; i++) p[i] = hs_malloc(100);
  void* big = hs_malloc(3 * MiB);
  CHECK_VALID();
  hs_stats_t s;
  hs_stats_get(&s);
  CHECK(s.page_used >= s0.page_used + 1000 * 100 + 3 * (int64_t)MiB);
  int bin = -1;
  test_found_t f;
  /* the last block's page is still in its size queue (the first ones went to the full queue) */
  if (CHECK(test_page_of(p[999], &f))) bin = f.page.bin;
  if (bin >= 0) CHECK(s.bin_blocks[bin] >= 1000);
  if (bin >= 0) CHECK(s.bin_pages[bin] >= 1);
  CHECK(s.bin_blocks[73] >= 1);
  CHECK(s.segments.current >= 1);
  CHECK(s.segments.peak >= s.segments.current);
  CHECK(s.reserved.current >= s.committed.current);
  CHECK(s.committed.current > 0);
  CHECK(s.pages.current >= 2);
  CHECK(s.threads.current >= 1);
  CHECK(s.arenas.current >= 1);
  CHECK(s.malloc_calls > s0.malloc_calls);
  CHECK(s.pages_extended > s0.pages_extended);

  /* text: every declared name */
  char* text = NULL;
  size_t text_len = 0;
  FILE* mem = open_memstream(&text, &text_len);
  hs_stats_print(mem);
  fclose(mem);
#define CHECK_NAME_IN_TEXT(name, doc) CHECK_MSG(strstr(text, #name) != NULL, "'%s' missing from hs_stats_print", #name);
  HS_STATS_AMOUNTS(CHECK_NAME_IN_TEXT)
  HS_STATS_COUNTERS(CHECK_NAME_IN_TEXT)
#undef CHECK_NAME_IN_TEXT
  CHECK(strstr(text, "page_used") != NULL);
  free(text);

  /* JSON: the length protocol, every name as a key, balanced braces */
  size_t need = hs_stats_json(NULL, 0);
  CHECK(need > 100);
  char* json = (char*)malloc(need + 1);
  CHECK_EQ(hs_stats_json(json, need + 1), need);
  CHECK_EQ(strlen(json), need);
  CHECK(json[0] == '{' && json[need - 1] == '}');
  int depth = 0, min_depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < need; i++) {
    char c = json[i];
    if (in_string) {
      if (c == '\\') i++;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') depth++;
    else if (c == '}' || c == ']') depth--;
    if (i + 1 < need && depth < 1) min_depth = -1;
  }
  CHECK_EQ(depth, 0);
  CHECK_EQ(min_depth, 0);
#define CHECK_NAME_IN_JSON(name, doc) CHECK_MSG(strstr(json, "\"" #name "\":") != NULL, "'%s' missing from JSON", #name);
  HS_STATS_AMOUNTS(CHECK_NAME_IN_JSON)
  HS_STATS_COUNTERS(CHECK_NAME_IN_JSON)
#undef CHECK_NAME_IN_JSON
  CHECK(strstr(json, "\"page_used\":") != NULL);
  CHECK(strstr(json, "\"bin_blocks\":[") != NULL);
  free(json);
  char small[16];
  CHECK_EQ(hs_stats_json(small, sizeof(small)), need);   /* truncated, still says what it needs */
  CHECK(strlen(small) < sizeof(small));

  for (int i = 0; i < 1000; i++) hs_free(p[i]);
  hs_free(big);
  CHECK_VALID();
  hs_stats_get(&s);
  CHECK(s.page_used < s0.page_used + 100 * 100);
}

/* Event provocations, each on the thread the mechanism needs. */
typedef struct ev_owner_s { void* p[2048]; int n; } ev_owner_t;
static void job_fill_page(void* arg) {      /* one page of 1 KiB blocks to full, plus one */
  ev_owner_t* o = (ev_owner_t*)arg;
  for (int i = 0; i < 66; i++) o->p[o->n++] = hs_malloc(1024);
}
static void job_generic(void* arg) { hs_free(hs_malloc(5000)); }
static void job_collect(void* arg) { hs_collect(false); }
static void job_keep_one(void* arg) { ((ev_owner_t*)arg)->p[0] = hs_malloc(300); }

static void test_events(void) {
  /* names and docs */
  for (int k = 0; k < _HS_EVENT_LAST; k++) {
    CHECK(hs_event_name((hs_event_kind_t)k)[0] != 0);
    CHECK(hs_event_doc((hs_event_kind_t)k)[0] != 0);
  }
  CHECK_EQ(strcmp(hs_event_name(HS_EVENT_DELAYED_NOTIFY), "DELAYED_NOTIFY"), 0);

  /* full / unfull / retired / freed on this thread */
  static void* q[200];
  for (int i = 0; i < 65; i++) q[i] = hs_malloc(1024);   /* 64 fit a small page */
  CHECK_VALID();
  hs_free(q[3]);                                         /* into the full page */
  CHECK_VALID();
  q[3] = NULL;
  for (int i = 0; i < 65; i++) hs_free(q[i]);
  CHECK_VALID();
  void* large = hs_malloc(1 * MiB);
  hs_free(large);
  hs_collect(true);
  CHECK_VALID();

  /* purge and commit: purge at once, then use the range again */
  hs_option_set(hs_option_purge_delay, 0);
  large = hs_malloc(2 * MiB);
  memset(large, 1, 2 * MiB);
  hs_free(large);
  large = hs_malloc(2 * MiB);
  memset(large, 2, 2 * MiB);
  hs_free(large);
  hs_option_set(hs_option_purge_delay, 10);
  CHECK_VALID();

  /* huge: its own segment, freed with it */
  void* huge = hs_malloc(40 * MiB);
  hs_free(huge);
  CHECK_VALID();

  /* remote frees: thread-free collected, delayed notify / processed */
  static ev_owner_t o;
  memset(&o, 0, sizeof(o));
  test_worker_t w;
  test_worker_start(&w);
  test_worker_run(&w, job_fill_page, &o);
  CHECK_VALID();
  hs_free(o.p[0]);       /* full page: the heap's delayed list */
  hs_free(o.p[1]);
  CHECK_VALID();
  test_worker_run(&w, job_generic, &o);
  CHECK_VALID();
  hs_free(o.p[2]);
  hs_free(o.p[3]);
  test_worker_run(&w, job_collect, &o);
  CHECK_VALID();
  for (int i = 4; i < o.n; i++) hs_free(o.p[i]);
  test_worker_run(&w, job_collect, &o);
  CHECK_VALID();

  /* abandon, then reclaim on free */
  hs_option_set(hs_option_reclaim_on_free, 1);
  test_worker_run(&w, job_keep_one, &o);
  test_worker_exit(&w);
  CHECK_VALID();
  hs_free(o.p[0]);
  CHECK_VALID();

  /* destroy a heap */
  hs_heap_t* h = hs_heap_new();
  for (int i = 0; i < 10; i++) hs_heap_malloc(h, 64);
  hs_heap_destroy(h);
  CHECK_VALID();

  const hs_event_kind_t expected[] = {
    HS_EVENT_ARENA_RESERVED, HS_EVENT_SEGMENT_ALLOC, HS_EVENT_SEGMENT_FREED,
    HS_EVENT_SEGMENT_ABANDONED, HS_EVENT_SEGMENT_RECLAIMED, HS_EVENT_PAGE_ALLOC,
    HS_EVENT_PAGE_EXTENDED, HS_EVENT_PAGE_FULL, HS_EVENT_PAGE_UNFULL, HS_EVENT_PAGE_RETIRED,
    HS_EVENT_PAGE_FREED, HS_EVENT_THREAD_FREE_COLLECTED, HS_EVENT_DELAYED_NOTIFY,
    HS_EVENT_DELAYED_PROCESSED, HS_EVENT_PURGE, HS_EVENT_COMMIT, HS_EVENT_HEAP_DESTROYED,
  };
  for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
    CHECK_MSG(atomic_load(&ev_count[expected[i]]) > 0, "no %s event", hs_event_name(expected[i]));
  }
  CHECK_EQ(atomic_load(&ev_count[HS_EVENT_DOUBLE_FREE]), 0);
  CHECK_EQ(atomic_load(&ev_count[HS_EVENT_CORRUPTED_FREE_LIST]), 0);
  CHECK_EQ(atomic_load(&ev_bad_fields), 0);

  /* no hook: nothing is counted */
  hs_set_event_hook(NULL, NULL);
  long before = atomic_load(&ev_count[HS_EVENT_PAGE_ALLOC]);
  void* r = hs_malloc(7000);
  hs_free(r);
  CHECK_EQ(atomic_load(&ev_count[HS_EVENT_PAGE_ALLOC]), before);
}

int main(int argc, char** argv) {
  if (argc > 1 && strcmp(argv[1], "--env-child") == 0) return env_child();
  if (argc > 1 && strcmp(argv[1], "--show-stats-child") == 0) return show_stats_child();

  /* this process runs with the defaults: the core reads the environment when it is loaded, so
     when the caller set any HEAPSCOPE_* variable, start again without them */
  static char* clean[4096];
  size_t nclean = 0;
  bool dropped = false;
  for (char** e = environ; *e != NULL && nclean < 4095; e++) {
    if (strncasecmp(*e, "HEAPSCOPE_", 10) == 0) dropped = true;
    else clean[nclean++] = *e;
  }
  clean[nclean] = NULL;
  if (dropped) {
    execve("/proc/self/exe", argv, clean);
    perror("execve");
    return 2;
  }
  hs_set_event_hook(on_event, NULL);   /* before the first allocation: see the arena reserved */
  RUN(test_defaults);
  RUN(test_names);
  RUN(test_environment);
  RUN(test_show_stats_at_exit);
  RUN(test_stats);
  RUN(test_events);
  return test_summary();
}
