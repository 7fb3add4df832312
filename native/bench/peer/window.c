/* Sliding window (the shape of alloc-test and xmalloc's single-thread part): two threads, each
 * keeping the last 20,000 blocks alive and freeing the oldest as it allocates a new one; sizes
 * 16..1,024 bytes with one in sixteen up to 32 KiB. Measures page reuse and free-list refill. */
#include "peer.h"

#define WINDOW 20000

typedef struct job_s { size_t ops; uint64_t index; uint64_t sum; } job_t;

static void* slide(void* arg) {
  job_t* job = (job_t*)arg;
  uint64_t r = peer_seed(job->index);
  peer_obj_t** window = calloc(WINDOW, sizeof(*window));
  if (window == NULL) peer_fail("calloc returned NULL", NULL, WINDOW * sizeof(*window));
  for (size_t i = 0; i < job->ops; i++) {
    const size_t k = i % WINDOW;
    if (window[k] != NULL) peer_obj_free(window[k]);
    const uint64_t x = peer_rnd(&r);
    size_t size = 16 + ((x >> 8) & 1007);
    if ((x & 15) == 0) size = 1024 + ((x >> 20) & 32767);
    window[k] = peer_obj_new(size, x);
    job->sum += size;
  }
  for (size_t k = 0; k < WINDOW; k++) if (window[k] != NULL) peer_obj_free(window[k]);
  free(window);
  return NULL;
}

int main(int argc, char** argv) {
  const double scale = peer_scale(argc, argv);
  job_t jobs[2];
  pthread_t t[2];
  for (int i = 0; i < 2; i++) {
    jobs[i] = (job_t){ peer_scaled(1000000, scale), (uint64_t)i, 0 };
    peer_thread(&t[i], slide, &jobs[i]);
  }
  uint64_t sum = 0;
  for (int i = 0; i < 2; i++) { pthread_join(t[i], NULL); sum += jobs[i].sum; }
  printf("window: ok %llu\n", (unsigned long long)sum);
  return 0;
}
