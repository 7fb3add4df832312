/* calloc and resident memory.
 *
 * Shared by 2.0.9 and v2.1.7: no page is ever taken to be zero-initialised, so calloc writes
 * the zeros of a block even when its memory is fresh from the OS, and RSS grows by the block:
 * two 8 MiB callocs (large blocks) cost 16 MiB, a 20 MiB calloc (a huge block in a segment of
 * its own) 20 MiB. The block reads as zeros, also when it reuses memory a freed block dirtied.
 */
#include "faith.h"

static long kib(size_t before, size_t after) { return ((long)after - (long)before) / 1024; }

static bool all_zero(const unsigned char* p, size_t size) {
  for (size_t i = 0; i < size; i += 4093) if (p[i] != 0) return false;
  return p[size - 1] == 0;
}

int main(void) {
  faith_init("faith-calloc");
  const size_t r0 = faith_rss();
  unsigned char* a = calloc(1, 8 * FAITH_MIB);
  unsigned char* b = calloc(8, FAITH_MIB);
  const size_t r1 = faith_rss();
  faith_step("two 8 MiB callocs");
  const long large = kib(r0, r1);
  printf("figure rss-two-8-MiB-callocs %+ld KiB\n", large);
  printf("same two-8-MiB-callocs-cost-16-MiB-of-RSS %d\n", large >= 15 * 1024 && large <= 17 * 1024);
  printf("same large-callocs-read-zero %d\n", all_zero(a, 8 * FAITH_MIB) && all_zero(b, 8 * FAITH_MIB));

  unsigned char* h = calloc(1, 20 * FAITH_MIB);
  const size_t r2 = faith_rss();
  faith_step("a 20 MiB calloc");
  const long huge = kib(r1, r2);
  printf("figure rss-20-MiB-calloc %+ld KiB\n", huge);
  printf("same a-20-MiB-calloc-costs-20-MiB-of-RSS %d\n", huge >= 19 * 1024 && huge <= 21 * 1024);
  printf("same huge-calloc-reads-zero %d\n", all_zero(h, 20 * FAITH_MIB));

  /* Memory a freed block dirtied is zeroed for the next calloc. */
  free(a);
  unsigned char* dirty = malloc(8 * FAITH_MIB);
  faith_touch(dirty, 8 * FAITH_MIB, 0xAB);
  free(dirty);
  unsigned char* again = calloc(1, 8 * FAITH_MIB);
  faith_step("a calloc over dirtied memory");
  printf("same calloc-over-dirty-memory-reads-zero %d\n", all_zero(again, 8 * FAITH_MIB));
  free(again);
  free(b);
  free(h);
  faith_step("everything freed");
  return faith_done();
}
