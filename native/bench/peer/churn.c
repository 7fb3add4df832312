/* Small-object churn (the shape of cfrac and glibc-simple): two threads, each pushing and
 * popping small blocks (8..256 bytes, mostly under 64) on a short stack, so nearly every
 * allocation reuses a block freed a moment ago. Measures the malloc/free fast paths. */
#include "peer.h"

#define DEPTH 64

typedef struct job_s { size_t ops; uint64_t index; uint64_t sum; } job_t;

static void* churn(void* arg) {
  job_t* job = (job_t*)arg;
  uint64_t r = peer_seed(job->index);
  void* stack[DEPTH];
  size_t sizes[DEPTH];
  uint64_t tags[DEPTH];
  size_t depth = 0;
  for (size_t i = 0; i < job->ops; i++) {
    const uint64_t x = peer_rnd(&r);
    if (depth == DEPTH || (depth > 0 && (x & 1))) {
      depth--;
      peer_check(stack[depth], sizes[depth], tags[depth]);
      free(stack[depth]);
    } else {
      size_t size = 8 + ((x >> 8) & 55);
      if ((x >> 20) % 8 == 0) size = 8 + ((x >> 24) & 247);
      stack[depth] = peer_malloc(size);
      sizes[depth] = size;
      tags[depth] = x;
      peer_mark(stack[depth], size, x);
      job->sum += size;
      depth++;
    }
  }
  while (depth > 0) {
    depth--;
    peer_check(stack[depth], sizes[depth], tags[depth]);
    free(stack[depth]);
  }
  return NULL;
}

int main(int argc, char** argv) {
  const double scale = peer_scale(argc, argv);
  job_t jobs[2];
  pthread_t t[2];
  for (int i = 0; i < 2; i++) {
    jobs[i] = (job_t){ peer_scaled(16000000, scale), (uint64_t)i, 0 };
    peer_thread(&t[i], churn, &jobs[i]);
  }
  uint64_t sum = 0;
  for (int i = 0; i < 2; i++) { pthread_join(t[i], NULL); sum += jobs[i].sum; }
  printf("churn: ok %llu\n", (unsigned long long)sum);
  return 0;
}
