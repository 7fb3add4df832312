/* Heapscope core: a small per-heap random generator (xoshiro256**) for secure mode: page keys
 * and the shuffled order of freshly extended blocks. It is not cryptographic; it only has to
 * make free-list order and encodings unpredictable from outside the process. Each generator is
 * seeded from the OS.
 */
#include "internal.h"

/* splitmix64: spreads one 64-bit seed over the four state words. */
static uint64_t hs_splitmix64(uint64_t* x) {
  uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

void _hs_random_init(hs_random_ctx_t* ctx) {
  uint64_t seed = _hs_os_random_seed();
  for (size_t i = 0; i < 4; i++) ctx->state[i] = hs_splitmix64(&seed);
  /* An all-zero state would stay zero forever. */
  if ((ctx->state[0] | ctx->state[1] | ctx->state[2] | ctx->state[3]) == 0) ctx->state[0] = 1;
}

uint64_t _hs_random_next(hs_random_ctx_t* ctx) {
  uint64_t* s = ctx->state;
  const uint64_t result = hs_rotl(s[1] * 5, 7) * 9;
  const uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = hs_rotl(s[3], 45);
  return result;
}

uintptr_t _hs_heap_random_next(hs_heap_t* heap) {
  return (uintptr_t)_hs_random_next(&heap->random);
}
