/* Realloc growth: 64 buffers grown side by side by small appends (1..256 bytes) until each
 * reaches about 256 KiB, then freed and started again; the bytes written so far are checked
 * after every move. Measures in-place growth, moves across size classes and large blocks. */
#include "peer.h"

#define BUFFERS 64
#define LIMIT (256 * 1024)

typedef struct buf_s { unsigned char* p; size_t len; uint64_t seed; } buf_t;

static unsigned char byte_at(uint64_t seed, size_t i) {
  return (unsigned char)((seed >> ((i & 7) * 8)) ^ (i * 131));
}

int main(int argc, char** argv) {
  const double scale = peer_scale(argc, argv);
  const size_t cycles = peer_scaled(3, scale);
  buf_t bufs[BUFFERS] = { { NULL, 0, 0 } };
  uint64_t r = peer_seed(0), sum = 0;
  for (size_t c = 0; c < cycles; c++) {
    for (size_t k = 0; k < BUFFERS; k++) bufs[k] = (buf_t){ NULL, 0, peer_rnd(&r) };
    size_t done = 0;
    while (done < BUFFERS) {
      done = 0;
      for (size_t k = 0; k < BUFFERS; k++) {
        buf_t* b = &bufs[k];
        if (b->len >= LIMIT) { done++; continue; }
        const size_t add = 1 + (peer_rnd(&r) & 255);
        unsigned char* before = b->p;
        unsigned char* p = realloc(b->p, b->len + add);
        if (p == NULL) peer_fail("realloc returned NULL", b->p, b->len + add);
        if (p != before && b->len > 0) {   /* moved: the old contents must have come along */
          if (p[0] != byte_at(b->seed, 0) || p[b->len - 1] != byte_at(b->seed, b->len - 1) ||
              p[b->len / 2] != byte_at(b->seed, b->len / 2)) {
            peer_fail("realloc lost contents", p, b->len);
          }
        }
        for (size_t i = b->len; i < b->len + add; i++) p[i] = byte_at(b->seed, i);
        b->p = p;
        b->len += add;
        sum += add;
      }
    }
    for (size_t k = 0; k < BUFFERS; k++) {
      for (size_t i = 0; i < bufs[k].len; i += 4093) {
        if (bufs[k].p[i] != byte_at(bufs[k].seed, i)) peer_fail("buffer contents wrong", bufs[k].p, bufs[k].len);
      }
      free(bufs[k].p);
    }
  }
  printf("realloc: ok %llu\n", (unsigned long long)sum);
  return 0;
}
