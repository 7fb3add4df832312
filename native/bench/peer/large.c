/* Blocks of 5..25 MiB (the shape of malloc-large, whose buffers are value-initialised): twenty
 * live buffers, each replaced in turn by one of a new random size that is written whole, so
 * memory an allocator gives back to the OS and takes again is faulted in again. */
#include "peer.h"

#define BUFFERS 20
static void touch(char* p, size_t size, uint64_t tag) {
  memset(p, (int)(tag & 0xff), size);
  peer_mark(p, size, tag);
}

int main(int argc, char** argv) {
  const double scale = peer_scale(argc, argv);
  const size_t rounds = peer_scaled(400, scale);
  char* buf[BUFFERS] = { NULL };
  size_t sizes[BUFFERS] = { 0 };
  uint64_t tags[BUFFERS] = { 0 };
  uint64_t r = peer_seed(0), sum = 0;
  for (size_t i = 0; i < rounds; i++) {
    const size_t k = i % BUFFERS;
    if (buf[k] != NULL) {
      peer_check(buf[k], sizes[k], tags[k]);
      free(buf[k]);
    }
    const uint64_t x = peer_rnd(&r);
    sizes[k] = (5u << 20) + (size_t)(x % (20u << 20));
    tags[k] = x;
    buf[k] = peer_malloc(sizes[k]);
    touch(buf[k], sizes[k], x);
    sum += sizes[k];
  }
  for (size_t k = 0; k < BUFFERS; k++) {
    if (buf[k] == NULL) continue;
    peer_check(buf[k], sizes[k], tags[k]);
    free(buf[k]);
  }
  printf("large: ok %llu\n", (unsigned long long)sum);
  return 0;
}
