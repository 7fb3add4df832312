/* Threads that exit with live memory (the shape of mleak): generations of two short-lived
 * threads; each allocates 3,000 blocks (16..4,096 bytes), frees two thirds of them and exits
 * leaving the rest alive. The next generation frees what the one before it left, so the live
 * memory stays bounded while every thread's pages outlive it. */
#include "peer.h"

#define PER_THREAD 3000
#define KEEP (PER_THREAD / 3)
#define THREADS 2

typedef struct job_s {
  peer_obj_t* left[KEEP];     /* what this thread leaves alive */
  peer_obj_t* inherit[KEEP];  /* what the previous generation left, freed here */
  uint64_t seed;
  uint64_t sum;
} job_t;

static void* worker(void* arg) {
  job_t* job = (job_t*)arg;
  uint64_t r = job->seed;
  for (size_t k = 0; k < KEEP; k++) {
    if (job->inherit[k] != NULL) peer_obj_free(job->inherit[k]);
    job->inherit[k] = NULL;
  }
  peer_obj_t* tmp[PER_THREAD];
  for (size_t i = 0; i < PER_THREAD; i++) {
    const uint64_t x = peer_rnd(&r);
    size_t size = 16 + ((x >> 8) & 511);
    if ((x & 7) == 0) size = 16 + ((x >> 16) & 4095);
    tmp[i] = peer_obj_new(size, x);
    job->sum += size;
  }
  size_t kept = 0;
  for (size_t i = 0; i < PER_THREAD; i++) {
    if (i % 3 == 0 && kept < KEEP) job->left[kept++] = tmp[i];
    else peer_obj_free(tmp[i]);
  }
  job->seed = r;
  return NULL;
}

int main(int argc, char** argv) {
  const double scale = peer_scale(argc, argv);
  const size_t generations = peer_scaled(500, scale);
  static job_t jobs[THREADS];
  for (int i = 0; i < THREADS; i++) jobs[i].seed = peer_seed((uint64_t)i);
  for (size_t g = 0; g < generations; g++) {
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) peer_thread(&t[i], worker, &jobs[i]);
    for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
    for (int i = 0; i < THREADS; i++) {   /* hand each thread's leftovers to the other slot */
      job_t* next = &jobs[(i + 1) % THREADS];
      memcpy(next->inherit, jobs[i].left, sizeof(jobs[i].left));
    }
  }
  uint64_t sum = 0;
  for (int i = 0; i < THREADS; i++) {
    for (size_t k = 0; k < KEEP; k++) if (jobs[i].inherit[k] != NULL) peer_obj_free(jobs[i].inherit[k]);
    sum += jobs[i].sum;
  }
  printf("mleak: ok %llu\n", (unsigned long long)sum);
  return 0;
}
