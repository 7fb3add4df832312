/* When freed memory goes back to the OS: segment purges and collects.
 *
 * Two 8 MiB and two 1 MiB blocks share a segment; one 8 MiB block is freed and its span is
 * scheduled for a purge after the purge delay (10 ms here: HEAPSCOPE_PURGE_DELAY on the core,
 * MIMALLOC_DECOMMIT_DELAY on 2.0.9, MIMALLOC_PURGE_DELAY on v2.1.x). Shared by 2.0.9 and
 * v2.1.7: long past the delay a plain (not forced) collect does not purge the thread's own
 * segment; the next free of a page in that segment runs the expired purge, and RSS drops by
 * the span.
 * Documented difference: a forced collect purges every scheduled span of the segments that hold
 * the heap's pages on v2.1.7 (mi_heap_page_collect calls _mi_segment_collect), spans freed by
 * that collect included; 2.0.9's forced collect purges none of the thread's own segments.
 */
#include "faith.h"

#include <time.h>

#define SEGMENT_SIZE ((size_t)32 << 20)

static void sleep_ms(long ms) {
  struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
  while (nanosleep(&t, &t) != 0) { }
}

static long mib(size_t before, size_t after) {
  return ((long)after - (long)before) / (long)FAITH_MIB;
}

int main(void) {
  faith_init("faith-purge");
  /* Two blocks of each size, so that freeing one of them frees its page at once (the last
     page of a size class is retired, kept a while, instead: both versions). */
  char* a = malloc(8 * FAITH_MIB);
  char* b = malloc(8 * FAITH_MIB);
  char* c = malloc(1 * FAITH_MIB);
  char* d = malloc(1 * FAITH_MIB);
  faith_check(a != NULL && b != NULL && c != NULL && d != NULL, "the blocks were not allocated");
  const uintptr_t seg = (uintptr_t)a / SEGMENT_SIZE;
  printf("same blocks-share-a-segment %d\n", seg == (uintptr_t)b / SEGMENT_SIZE &&
         seg == (uintptr_t)c / SEGMENT_SIZE && seg == (uintptr_t)d / SEGMENT_SIZE);
  faith_touch(a, 8 * FAITH_MIB, 1);
  faith_touch(b, 8 * FAITH_MIB, 2);
  faith_touch(c, FAITH_MIB, 3);
  faith_touch(d, FAITH_MIB, 4);
  faith_step("four blocks in one segment");
  /* No retired page may be left to free during the plain collect below: its page free would
     run the expired purge (the free path), which is not what is measured. */
  faith.collect(true);
  const size_t rss_live = faith_rss();
  printf("figure rss-live %zu KiB\n", rss_live / FAITH_KIB);

  free(a);
  faith_step("one 8 MiB block freed");
  sleep_ms(100);
  faith.collect(false);
  faith_step("a plain collect long past the delay");
  const size_t rss_collected = faith_rss();
  const long after_plain = mib(rss_live, rss_collected);
  printf("figure rss-after-plain-collect %+ld MiB\n", after_plain);
  printf("same plain-collect-purges-own-segment %d\n", after_plain <= -7);

  free(c);
  faith_step("a 1 MiB page of the segment freed");
  const long after_free = mib(rss_collected, faith_rss());
  printf("figure rss-after-the-next-free %+ld MiB\n", after_free);
  printf("same next-free-runs-the-expired-purge %d\n", after_free <= -7);

  free(b);
  free(d);
  const size_t rss_rest = faith_rss();
  faith.collect(true);
  faith_step("a forced collect");
  const long after_forced = mib(rss_rest, faith_rss());
  printf("figure rss-after-forced-collect %+ld MiB\n", after_forced);
  if (faith.backend == FAITH_MIMALLOC_209) {
    faith_check(after_forced >= -1, "2.0.9's forced collect purges no span of the thread's own segments: %+ld MiB", after_forced);
  } else {
    faith_check(after_forced <= -7, "v2.1.7's forced collect purges the heap's segments: %+ld MiB", after_forced);
  }
  return faith_done();
}
