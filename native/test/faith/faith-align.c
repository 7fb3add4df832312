/* Alignments above 16 MiB.
 *
 * Shared by 2.0.9 and v2.1.7: posix_memalign, aligned_alloc and memalign with an alignment of
 * 32, 64 or 256 MiB succeed. Such a block gets a huge segment of its own (alignments above
 * MI_BLOCK_ALIGNMENT_MAX, 16 MiB), whose one page starts one segment size (32 MiB) after the
 * segment, at an address with the alignment; its usable size is what the page holds from there:
 * 64 KiB for a 1000-byte request, the request itself for 5 MiB and 40 MiB. Touching it costs RSS
 * for the bytes touched, not for the alignment.
 */
#include "faith.h"

#include <malloc.h>

int main(void) {
  faith_init("faith-align");
  const size_t aligns[] = { 32 * FAITH_MIB, 64 * FAITH_MIB, 256 * FAITH_MIB };
  const size_t sizes[] = { 1000, 5 * FAITH_MIB, 40 * FAITH_MIB };
  for (size_t i = 0; i < 3; i++) {
    for (size_t j = 0; j < 3; j++) {
      void* p = NULL;
      const int rc = posix_memalign(&p, aligns[i], sizes[j]);
      const int aligned = (rc == 0 && (uintptr_t)p % aligns[i] == 0);
      printf("same posix_memalign align %zu MiB size %zu rc %d aligned %d usable %zu\n", aligns[i] / FAITH_MIB,
             sizes[j], rc, aligned, rc == 0 ? malloc_usable_size(p) : 0);
      if (rc != 0) continue;
      const size_t before = faith_rss();
      faith_touch(p, sizes[j], 0x5A);
      const long touched = ((long)faith_rss() - (long)before) / 1024;
      printf("figure rss-touching %zu bytes aligned to %zu MiB %+ld KiB\n", sizes[j], aligns[i] / FAITH_MIB, touched);
      printf("same rss-touching-costs-the-bytes %d\n",
             touched >= (long)(sizes[j] / 1024) - 8 && touched <= (long)(sizes[j] / 1024) + 1024);
      faith_step("an aligned block touched");
      free(p);
      faith_step("the aligned block freed");
    }
  }
  void* q = aligned_alloc(64 * FAITH_MIB, 64 * FAITH_MIB);
  printf("same aligned_alloc-64-MiB %d\n", q != NULL && (uintptr_t)q % (64 * FAITH_MIB) == 0);
  free(q);
  void* m = memalign(32 * FAITH_MIB, 100);
  printf("same memalign-32-MiB %d\n", m != NULL && (uintptr_t)m % (32 * FAITH_MIB) == 0);
  free(m);
  faith_step("aligned_alloc and memalign");
  return faith_done();
}
