/* Many-thread stress (the shape of mstress, xmalloc-test and mimalloc's test-stress): rounds
 * of 16 threads on 2 cores; each keeps a set of live blocks of mixed sizes (mostly small,
 * some up to 64 KiB, a few up to 1 MiB), frees at random, and swaps blocks through a shared
 * transfer array, so blocks die on other threads and outlive the thread that made them. */
#include "peer.h"

#include <stdatomic.h>

#define THREADS 16
#define LIVE 500
#define TRANSFER 1000

static _Atomic(peer_obj_t*) transfer[TRANSFER];

typedef struct job_s { size_t ops; uint64_t seed; uint64_t sum; } job_t;

static size_t pick_size(uint64_t x) {
  if ((x & 255) == 0) return 65536 + ((x >> 12) % (1u << 20));   /* 1/256: up to 1 MiB  */
  if ((x & 15) == 0) return 1024 + ((x >> 12) & 65535);          /* 1/16: up to 64 KiB  */
  return 16 + ((x >> 12) & 255);
}

static void* worker(void* arg) {
  job_t* job = (job_t*)arg;
  uint64_t r = job->seed;
  peer_obj_t* live[LIVE] = { NULL };
  for (size_t i = 0; i < job->ops; i++) {
    const uint64_t x = peer_rnd(&r);
    const size_t k = (x >> 40) % LIVE;
    const size_t size = pick_size(x);
    job->sum += size;   /* the checksum counts every drawn size, whichever way the step goes */
    if (live[k] != NULL) {
      if ((x & 0x300) == 0) {   /* one in four: swap through the transfer array */
        peer_obj_t* other = atomic_exchange(&transfer[(x >> 20) % TRANSFER], live[k]);
        live[k] = other;
        continue;
      }
      peer_obj_free(live[k]);
      live[k] = NULL;
    }
    live[k] = peer_obj_new(size, x);
  }
  for (size_t k = 0; k < LIVE; k++) {   /* a third stays alive past the thread */
    if (live[k] == NULL) continue;
    if (k % 3 == 0) {
      peer_obj_t* old = atomic_exchange(&transfer[k % TRANSFER], live[k]);
      if (old != NULL) peer_obj_free(old);
    } else {
      peer_obj_free(live[k]);
    }
  }
  job->seed = r;
  return NULL;
}

int main(int argc, char** argv) {
  const double scale = peer_scale(argc, argv);
  const size_t rounds = peer_scaled(15, scale);
  static job_t jobs[THREADS];
  for (int i = 0; i < THREADS; i++) jobs[i].seed = peer_seed((uint64_t)i);
  for (size_t round = 0; round < rounds; round++) {
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) {
      jobs[i].ops = 40000;
      peer_thread(&t[i], worker, &jobs[i]);
    }
    for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
  }
  uint64_t sum = 0;
  for (size_t k = 0; k < TRANSFER; k++) {
    peer_obj_t* o = atomic_exchange(&transfer[k], NULL);
    if (o != NULL) peer_obj_free(o);
  }
  for (int i = 0; i < THREADS; i++) sum += jobs[i].sum;
  printf("mstress: ok %llu\n", (unsigned long long)sum);
  return 0;
}
