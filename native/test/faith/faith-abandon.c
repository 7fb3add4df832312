/* Abandoned segments: who adopts what a thread leaves behind when it exits with live blocks.
 *
 * A worker allocates 64-byte blocks, keeps them all and exits, so its segment is abandoned
 * (owned by no heap: mi_heap_contains_block / hs_heap_contains_block are false for any heap).
 *  - A free from another thread into the abandoned segment: v2.1.x reclaims the segment for
 *    the freeing thread ("reclaim on free", v2.1.4 on; the core's option reclaim_on_free,
 *    default on); 2.0.9 has no such path and the segment stays abandoned.
 *  - `collect force` on any other thread adopts nothing ("never reclaim on collect but leave it
 *    to threads that need storage", mi_heap_collect_ex, both versions);
 *  - `collect force` on the process main thread adopts every abandoned segment into its
 *    backing heap (both versions).
 */
#include "faith.h"

#include <pthread.h>

enum { BLOCKS = 200 };

typedef struct worker_s {
  size_t size;
  void*  blocks[BLOCKS];
} worker_t;

static void* worker_main(void* arg) {
  worker_t* w = (worker_t*)arg;
  for (int i = 0; i < BLOCKS; i++) w->blocks[i] = malloc(w->size);
  return NULL;
}

/* Runs a worker to its exit; its blocks stay live in an abandoned segment. */
static void abandon_blocks(worker_t* w, size_t size) {
  w->size = size;
  pthread_t t;
  pthread_create(&t, NULL, worker_main, w);
  pthread_join(t, NULL);
  for (int i = 0; i < BLOCKS; i++) faith_check(w->blocks[i] != NULL, "malloc(%zu) failed", size);
}

static worker_t collected;
static int owned_by(void* heap, worker_t* w);

/* Another thread (not the process main thread) forces a collect without allocating. */
static void* collector_main(void* arg) {
  int* owned = (int*)arg;
  void* heap = faith.heap_get_backing();
  faith.collect(true);
  *owned = owned_by(heap, &collected);
  return NULL;
}

static int owned_by(void* heap, worker_t* w) {
  int owned = 0;
  for (int i = 0; i < BLOCKS; i++) owned += (w->blocks[i] != NULL && faith.heap_contains_block(heap, w->blocks[i]));
  return owned;
}

int main(void) {
  faith_init("faith-abandon");
  void* main_heap = faith.heap_get_backing();
  static worker_t freed;

  /* 1. A free from the main thread into an abandoned segment. */
  abandon_blocks(&freed, 64);
  faith_step("a worker exits with 200 live 64-byte blocks");
  printf("same abandoned-blocks-owned-by-main %d\n", owned_by(main_heap, &freed));
  free(freed.blocks[0]);
  freed.blocks[0] = NULL;
  faith_step("the main thread frees one of them");
  const int after_free = owned_by(main_heap, &freed);
  printf("figure owned-by-main-after-one-free %d/%d\n", after_free, BLOCKS - 1);
  if (faith.backend == FAITH_MIMALLOC_209) {
    faith_check(after_free == 0, "2.0.9 has no reclaim on free, yet %d blocks moved", after_free);
  } else {
    faith_check(after_free == BLOCKS - 1, "reclaim on free (v2.1.x) should adopt the segment: %d", after_free);
  }

  /* 2. A forced collect adopts abandoned segments only on the process main thread. */
  abandon_blocks(&collected, 80);
  faith_step("a second worker exits with 200 live 80-byte blocks");
  printf("same abandoned-80-byte-blocks-owned-by-main %d\n", owned_by(main_heap, &collected));
  int owned_by_collector = -1;
  pthread_t collector;
  pthread_create(&collector, NULL, collector_main, &owned_by_collector);
  pthread_join(collector, NULL);
  faith_step("collect force on another thread");
  printf("same after-other-thread-collect-force-owned-by-it %d\n", owned_by_collector);
  printf("same after-other-thread-collect-force-owned-by-main %d\n", owned_by(main_heap, &collected));
  faith.collect(true);
  faith_step("collect force on the main thread");
  printf("same after-main-collect-force-owned-by-main %d\n", owned_by(main_heap, &collected));

  for (int i = 0; i < BLOCKS; i++) { free(freed.blocks[i]); free(collected.blocks[i]); }
  faith_step("everything freed");
  return faith_done();
}
