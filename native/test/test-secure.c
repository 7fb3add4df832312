/* Secure mode (level 4, set before the first allocation): encoded free lists, randomised
 * extension order, double-free detection and corrupted-free-list detection. A detected error is
 * reported (error callback, event, statistic) and ignored: no crash, and the heap stays valid.
 */
#include "testhelper.h"

#include <sys/wait.h>
#include <unistd.h>

static atomic_long errors, ev_double, ev_corrupt;
static char last_error[256];

static void on_error(int err, const char* message, void* arg) {
  atomic_fetch_add(&errors, 1);
  snprintf(last_error, sizeof(last_error), "%d: %s", err, message);
}

static uintptr_t last_double_address;
static void on_event(const hs_event_t* e, void* arg) {
  if (e->kind == HS_EVENT_DOUBLE_FREE) {
    atomic_fetch_add(&ev_double, 1);
    __atomic_store_n(&last_double_address, e->address, __ATOMIC_RELAXED);
  }
  if (e->kind == HS_EVENT_CORRUPTED_FREE_LIST) atomic_fetch_add(&ev_corrupt, 1);
}

static void test_encoded_and_randomised(void) {
  CHECK_EQ(hs_option_get(hs_option_secure), 4);
  void* p = hs_malloc(64);
  CHECK_VALID();
  test_found_t f;
  CHECK(test_page_of(p, &f));
  CHECK(f.page.encoded);
  CHECK(f.page.free_count >= 8);

  /* the extended blocks are threaded in a shuffled order, not by address */
  uint32_t order[1024];
  size_t n = hs_inspect_list(f.page.page_start, HS_BLOCK_FREE, order, 1024);
  CHECK_EQ(n, f.page.free_count);
  size_t ascending_steps = 0;
  for (size_t i = 1; i < n && i < 1024; i++) ascending_steps += (order[i] == order[i - 1] + 1);
  CHECK_MSG(ascending_steps < n - 1, "free list of %zu blocks is in address order", n);

  /* so consecutive allocations do not walk the page in address order either */
  void* q[32];
  size_t in_order = 0;
  for (int i = 0; i < 32; i++) {
    q[i] = hs_malloc(64);
    if (i > 0 && (uintptr_t)q[i] == (uintptr_t)q[i - 1] + 64) in_order++;
  }
  CHECK(in_order < 31);
  /* and the raw link word of a free block is not the plain address of the next one */
  if (n >= 2) {
    const uintptr_t* first = (const uintptr_t*)(f.page.page_start + (uintptr_t)order[0] * f.page.block_size);
    uintptr_t second = f.page.page_start + (uintptr_t)order[1] * f.page.block_size;
    CHECK(*first != second);
  }
  CHECK_VALID();
  for (int i = 0; i < 32; i++) hs_free(q[i]);
  hs_free(p);
  CHECK_VALID();
}

static void test_double_free_local(void) {
  void* p = hs_malloc(64);
  void* keep = hs_malloc(64);
  hs_free(p);
  CHECK_VALID();
  long e0 = atomic_load(&errors), d0 = atomic_load(&ev_double);
  hs_stats_t s0;
  hs_stats_get(&s0);
  hs_free(p);   /* the second free of p */
  CHECK_EQ(atomic_load(&errors), e0 + 1);
  CHECK_EQ(atomic_load(&ev_double), d0 + 1);
  CHECK_EQ(__atomic_load_n(&last_double_address, __ATOMIC_RELAXED), (uintptr_t)p);
  hs_stats_t s1;
  hs_stats_get(&s1);
  CHECK_EQ(s1.double_frees, s0.double_frees + 1);
  printf("   reported: %s\n", last_error);
  CHECK_VALID();   /* ignored: p is on exactly one list */
  CHECK(test_block_state(p) == HS_BLOCK_LOCAL_FREE || test_block_state(p) == HS_BLOCK_FREE);

  /* p is handed out once, never twice */
  static void* got[2000];
  for (int i = 0; i < 2000; i++) got[i] = hs_malloc(64);
  int seen = 0;
  bool unique = true;
  for (int i = 0; i < 2000; i++) {
    if (got[i] == p) seen++;
    for (int j = i + 1; j < i + 64 && j < 2000; j++) unique = unique && got[i] != got[j];
  }
  CHECK_EQ(seen, 1);
  CHECK(unique);
  CHECK_VALID();
  for (int i = 0; i < 2000; i++) hs_free(got[i]);
  hs_free(keep);
  CHECK_VALID();
}

static void* remote_free(void* p) {
  hs_free(p);
  return NULL;
}

static void test_double_free_remote(void) {
  void* p = hs_malloc(200);
  void* keep = hs_malloc(200);
  pthread_t t;
  pthread_create(&t, NULL, remote_free, p);
  pthread_join(t, NULL);
  CHECK_VALID();
  long e0 = atomic_load(&errors);
  hs_free(p);   /* freed again, by the owner, while it waits on the remote lists */
  CHECK_EQ(atomic_load(&errors), e0 + 1);
  CHECK_VALID();
  hs_collect(false);
  CHECK_VALID();
  hs_free(keep);
  CHECK_VALID();
}

/* Overwrite the link of the block at the head of a page's free list; the next allocation
   detects it. Runs in a child process: the page is left short of blocks afterwards. */
static int corrupt_child(void) {
  void* p = hs_malloc(256);
  test_found_t f;
  if (!test_page_of(p, &f) || f.page.free_count < 2) return 10;
  uint32_t order[8];
  if (hs_inspect_list(f.page.page_start, HS_BLOCK_FREE, order, 8) < 2) return 11;
  uintptr_t* head = (uintptr_t*)(f.page.page_start + (uintptr_t)order[0] * f.page.block_size);
  *head = 0x4141414141414141ull;
  long e0 = atomic_load(&errors), c0 = atomic_load(&ev_corrupt);
  void* q = hs_malloc(256);            /* pops the head; its link does not decode into the page */
  if ((uintptr_t)q != (uintptr_t)head) return 12;
  for (int i = 0; i < 100; i++) {      /* the allocator goes on */
    void* r = hs_malloc(256);
    if (r == NULL) return 13;
    memset(r, 1, 256);
  }
  if (atomic_load(&errors) <= e0) return 14;
  if (atomic_load(&ev_corrupt) <= c0) return 15;
  char msg[512];
  if (hs_validate(msg, sizeof(msg))) return 16;   /* the lost blocks break the page's accounting */
  printf("   child: error \"%s\"; validator: %s\n", last_error, msg);
  fflush(stdout);
  return 0;
}

static void test_corrupted_free_list(void) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) _exit(corrupt_child());
  int status = 0;
  CHECK(waitpid(pid, &status, 0) == pid);
  CHECK_MSG(WIFEXITED(status), "child died with signal %d", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  CHECK_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child failed at step %d", WEXITSTATUS(status));
  CHECK_VALID();
}

int main(void) {
  hs_option_set(hs_option_secure, 4);
  hs_register_error(on_error, NULL);
  hs_set_event_hook(on_event, NULL);
  RUN(test_encoded_and_randomised);
  RUN(test_double_free_local);
  RUN(test_double_free_remote);
  RUN(test_corrupted_free_list);
  hs_set_event_hook(NULL, NULL);
  return test_summary();
}
