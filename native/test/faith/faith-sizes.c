/* Size classes and placement, on the core and on the system mimalloc.
 *
 * Shared (v2.0.9 and v2.1.7): the usable size of every request up to 128 KiB is its size
 * class; a freed block is not handed out again by the very next malloc of its size (it goes to
 * the page's local free list, which is only taken once the free list is used up); consecutive
 * small blocks of a fresh page are adjacent; aligned requests up to 16 MiB are aligned.
 * Documented difference: above 128 KiB, 2.0.9 reports the whole span as usable, v2.1.7 (and the
 * core) the block's size class: 200,000 bytes give 262,144 and 200,704.
 */
#include "faith.h"

#include <malloc.h>

int main(void) {
  faith_init("faith-sizes");

  /* Every size up to 1 KiB, then a geometric walk to 128 KiB. */
  size_t sizes[2048];
  size_t n = 0;
  for (size_t s = 1; s <= 1024; s += 7) sizes[n++] = s;
  for (size_t s = 1024; s <= 128 * FAITH_KIB; s += s / 9 + 1) sizes[n++] = s;
  sizes[n++] = 128 * FAITH_KIB;
  for (size_t i = 0; i < n; i++) {
    void* p = malloc(sizes[i]);
    faith_check(p != NULL, "malloc(%zu) failed", sizes[i]);
    printf("same usable %zu %zu\n", sizes[i], malloc_usable_size(p));
    free(p);
  }
  faith_step("the usable sizes up to 128 KiB");

  /* Above 128 KiB the versions differ. */
  void* big = malloc(200000);
  const size_t big_usable = malloc_usable_size(big);
  printf("figure usable 200000 %zu\n", big_usable);
  if (faith.backend == FAITH_MIMALLOC_209) {
    faith_check(big_usable == 262144, "2.0.9 reports the whole span: expected 262144, got %zu", big_usable);
  } else {
    faith_check(big_usable == 200704, "v2.1.7's size class: expected 200704, got %zu", big_usable);
  }
  free(big);
  faith_step("a block above 128 KiB");

  /* A fresh page hands out adjacent blocks; a freed block waits on the local free list. */
  enum { COUNT = 64 };
  char* blocks[COUNT];
  for (int i = 0; i < COUNT; i++) blocks[i] = malloc(48);
  int adjacent = 0;
  for (int i = 1; i < COUNT; i++) adjacent += (blocks[i] - blocks[i - 1] == 48);
  printf("same adjacent-48-byte-blocks %d/%d\n", adjacent, COUNT - 1);
  free(blocks[10]);
  char* again = malloc(48);
  printf("same next-malloc-reuses-the-freed-block %d\n", again == blocks[10]);
  free(again);
  for (int i = 0; i < COUNT; i++) if (i != 10) free(blocks[i]);
  faith_step("48-byte blocks");

  /* Aligned requests up to 16 MiB are aligned and usable. */
  for (size_t align = 16; align <= 16 * FAITH_MIB; align *= 4) {
    void* p = NULL;
    const int rc = posix_memalign(&p, align, 1000);
    printf("same posix_memalign %zu rc %d aligned %d\n", align, rc,
           rc == 0 && ((uintptr_t)p % align) == 0);
    if (rc == 0) {
      memset(p, 1, 1000);
      free(p);
    }
    faith_step("an aligned block");
  }
  return faith_done();
}
