/* A new thread that allocates only from a first-class heap adopts abandoned memory.
 *
 * A worker allocates 200 blocks of 64 bytes, frees all but one and exits: its segment is
 * abandoned with one live block and much free room. A new thread creates a first-class heap and
 * allocates 50 blocks of 64 bytes from it, nothing from its default heap. Shared by 2.0.9 and
 * v2.1.7: the heap's first page comes from reclaiming the abandoned segment (on allocation,
 * mi_segment_reclaim_or_alloc does not look at the heap's no_reclaim flag, which only a free
 * and a collect honour), so all 50 blocks lie in the worker's old segment (reuse 1.00), not in
 * a fresh one.
 */
#include "faith.h"

#include <pthread.h>

#define SEGMENT_SIZE ((size_t)32 << 20)
enum { WORKER_BLOCKS = 200, HEAP_BLOCKS = 50 };

static void* kept;
static void* heap_blocks[HEAP_BLOCKS];
static int in_old_segment;
static int heap_owns_kept;

static void* worker_main(void* arg) {
  (void)arg;
  void* blocks[WORKER_BLOCKS];
  for (int i = 0; i < WORKER_BLOCKS; i++) blocks[i] = malloc(64);
  kept = blocks[0];
  for (int i = 1; i < WORKER_BLOCKS; i++) free(blocks[i]);
  return NULL;
}

static void* heap_thread_main(void* arg) {
  (void)arg;
  void* heap = faith.heap_new();
  const uintptr_t old_segment = (uintptr_t)kept / SEGMENT_SIZE;
  for (int i = 0; i < HEAP_BLOCKS; i++) {
    heap_blocks[i] = faith.heap_malloc(heap, 64);
    in_old_segment += ((uintptr_t)heap_blocks[i] / SEGMENT_SIZE == old_segment);
  }
  heap_owns_kept = faith.heap_contains_block(heap, kept);
  for (int i = 0; i < HEAP_BLOCKS; i++) free(heap_blocks[i]);
  faith.heap_delete(heap);
  return NULL;
}

int main(void) {
  faith_init("faith-heap-adopt");
  pthread_t t;
  pthread_create(&t, NULL, worker_main, NULL);
  pthread_join(t, NULL);
  faith_step("a worker exits with one live block");

  pthread_create(&t, NULL, heap_thread_main, NULL);
  pthread_join(t, NULL);
  faith_step("a new thread allocates from a first-class heap");
  printf("figure reuse %.2f (%d of %d heap blocks in the abandoned segment)\n",
         (double)in_old_segment / HEAP_BLOCKS, in_old_segment, HEAP_BLOCKS);
  printf("figure first-class-heap-owns-the-kept-block %d\n", heap_owns_kept);
  printf("same first-class-heap-blocks-in-the-abandoned-segment %d/%d\n", in_old_segment, HEAP_BLOCKS);
  free(kept);
  faith_step("the kept block freed");
  return faith_done();
}
