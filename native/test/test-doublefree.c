/* Double frees without detection (secure 0, mimalloc's default): the second free of a block
 * pushes it again, so its link points back into the list and the list loops. The core must not
 * spin on such a list: a walk that meets more links than the page has blocks reports the loop
 * (error callback, FREE_LIST_CYCLE event), cuts it where it closes and goes on. Forced collect,
 * thread exit and the heap's teardown all walk lists and must end. An alarm turns a hang into a
 * failure of this program.
 */
#include "testhelper.h"

#include <unistd.h>

static atomic_long errors, ev_cycle;
static char last_error[256];
static uintptr_t last_cycle_address;

static void on_error(int err, const char* message, void* arg) {
  (void)err;
  (void)arg;
  atomic_fetch_add(&errors, 1);
  snprintf(last_error, sizeof(last_error), "%s", message);
}

static void on_event(const hs_event_t* e, void* arg) {
  (void)arg;
  if (e->kind == HS_EVENT_FREE_LIST_CYCLE) {
    atomic_fetch_add(&ev_cycle, 1);
    __atomic_store_n(&last_cycle_address, e->address, __ATOMIC_RELAXED);
  }
}

/* free x, free p, free p: p's link now points to p itself and x is cut off (leaked). The page
   keeps live blocks: a double free also lowers `used` by one too many, and a page whose count
   reaches 0 is freed with live blocks in it (as in mimalloc). */
static void test_forced_collect_cuts_the_loop(void) {
  void* keep[4];
  for (int i = 0; i < 4; i++) keep[i] = hs_malloc(64);
  void* x = hs_malloc(64);
  void* p = hs_malloc(64);
  CHECK_VALID();
  hs_free(x);
  hs_free(p);
  CHECK_VALID();
  hs_free(p);   /* undetected on secure 0 */
  char msg[512];
  CHECK_MSG(!hs_validate(msg, sizeof(msg)) && strstr(msg, "cycle") != NULL,
            "the validator should name the loop, said: %s", msg);

  long e0 = atomic_load(&errors), c0 = atomic_load(&ev_cycle);
  hs_collect(true);   /* appends local_free to free: walks the looping list */
  CHECK_EQ(atomic_load(&ev_cycle), c0 + 1);
  CHECK_EQ(atomic_load(&errors), e0 + 1);
  CHECK_EQ(__atomic_load_n(&last_cycle_address, __ATOMIC_RELAXED), (uintptr_t)p);
  printf("   reported: %s\n", last_error);
  CHECK_VALID();   /* cut: p is on the list once, x counts as used (lost) */
  CHECK(test_block_state(p) == HS_BLOCK_FREE);
  CHECK(test_block_state(x) == HS_BLOCK_IN_USE);

  static void* got[2000];
  int seen_p = 0, seen_x = 0;
  for (int i = 0; i < 2000; i++) {
    got[i] = hs_malloc(64);
    seen_p += (got[i] == p);
    seen_x += (got[i] == x);
  }
  CHECK_EQ(seen_p, 1);
  CHECK_EQ(seen_x, 0);
  CHECK_VALID();
  for (int i = 0; i < 2000; i++) hs_free(got[i]);
  for (int i = 0; i < 4; i++) hs_free(keep[i]);
  hs_collect(true);
  CHECK_VALID();
}

/* A longer loop: free a, b, c, then b again: b -> c -> b -> ... */
static void test_loop_of_several_blocks(void) {
  void* keep[4];
  for (int i = 0; i < 4; i++) keep[i] = hs_malloc(48);
  void* a = hs_malloc(48);
  void* b = hs_malloc(48);
  void* c = hs_malloc(48);
  hs_free(a);
  hs_free(b);
  hs_free(c);
  CHECK_VALID();
  hs_free(b);
  long c0 = atomic_load(&ev_cycle);
  hs_collect(true);
  CHECK_EQ(atomic_load(&ev_cycle), c0 + 1);
  CHECK_VALID();
  CHECK(test_block_state(b) == HS_BLOCK_FREE);
  CHECK(test_block_state(c) == HS_BLOCK_FREE);
  CHECK(test_block_state(a) == HS_BLOCK_IN_USE);   /* cut off behind the repeated block */
  for (int i = 0; i < 4; i++) hs_free(keep[i]);
  CHECK_VALID();
}

/* A thread that frees twice and exits: its heap is collected and its segments abandoned. */
static void* free_twice_and_exit(void* arg) {
  (void)arg;
  void* keep[4];
  for (int i = 0; i < 4; i++) keep[i] = hs_malloc(96);
  void* p = hs_malloc(96);
  hs_free(p);
  hs_free(p);
  hs_collect(true);
  (void)keep;   /* left live: the segment is abandoned, not freed */
  return NULL;
}

static void test_thread_exit_ends(void) {
  long c0 = atomic_load(&ev_cycle);
  pthread_t t;
  CHECK_EQ(pthread_create(&t, NULL, free_twice_and_exit, NULL), 0);
  CHECK_EQ(pthread_join(t, NULL), 0);
  CHECK_EQ(atomic_load(&ev_cycle), c0 + 1);
  CHECK_VALID();
  hs_collect(true);   /* the main thread's forced collect may reclaim the abandoned segment */
  CHECK_VALID();
}

static void test_event_is_named(void) {
  CHECK(strcmp(hs_event_name(HS_EVENT_FREE_LIST_CYCLE), "FREE_LIST_CYCLE") == 0);
  CHECK(strstr(hs_event_doc(HS_EVENT_FREE_LIST_CYCLE), "double free") != NULL);
}

int main(void) {
  alarm(20);   /* a spin on a looping list fails the program instead of hanging the suite */
  CHECK_EQ(hs_option_get(hs_option_secure), 0);
  hs_register_error(on_error, NULL);
  hs_set_event_hook(on_event, NULL);
  RUN(test_forced_collect_cuts_the_loop);
  RUN(test_loop_of_several_blocks);
  RUN(test_thread_exit_ends);
  RUN(test_event_is_named);
  hs_set_event_hook(NULL, NULL);
  return test_summary();
}
