/* rptest-style remote frees: four threads each allocate batches of 32 blocks (16..2,048
 * bytes) and post every batch to another thread's mailbox; each thread frees the batches
 * posted to it. Nearly every free is a free by a thread other than the owner. */
#include "peer.h"

#include <sched.h>
#include <stdatomic.h>

#define THREADS 4
#define BATCH 32
#define MAILBOX 64   /* batches in flight per mailbox (a bounded ring of slots) */

typedef struct batch_s { peer_obj_t* blocks[BATCH]; } batch_t;

typedef struct mailbox_s {
  _Atomic(batch_t*) slots[MAILBOX];
  char pad[64];
} mailbox_t;

static mailbox_t boxes[THREADS];
static _Atomic size_t running;

typedef struct job_s { size_t batches; uint64_t index; uint64_t sum; } job_t;

static size_t drain(mailbox_t* box) {
  size_t n = 0;
  for (size_t i = 0; i < MAILBOX; i++) {
    batch_t* b = atomic_exchange_explicit(&box->slots[i], NULL, memory_order_acquire);
    if (b == NULL) continue;
    for (size_t k = 0; k < BATCH; k++) peer_obj_free(b->blocks[k]);
    free(b);
    n++;
  }
  return n;
}

static void* worker(void* arg) {
  job_t* job = (job_t*)arg;
  uint64_t r = peer_seed(job->index);
  mailbox_t* own = &boxes[job->index];
  for (size_t i = 0; i < job->batches; i++) {
    batch_t* b = peer_malloc(sizeof(batch_t));
    for (size_t k = 0; k < BATCH; k++) {
      const uint64_t x = peer_rnd(&r);
      size_t size = 16 + ((x >> 8) & 255);
      if ((x & 7) == 0) size = 16 + ((x >> 16) & 2047);
      b->blocks[k] = peer_obj_new(size, x);
      job->sum += size;
    }
    /* post to the next threads in turn; when their slot is taken, free our own mail first */
    size_t to = (job->index + 1 + i % (THREADS - 1)) % THREADS;
    _Atomic(batch_t*)* slot = &boxes[to].slots[(i / (THREADS - 1)) % MAILBOX];
    batch_t* expected = NULL;
    while (!atomic_compare_exchange_weak_explicit(slot, &expected, b, memory_order_release, memory_order_relaxed)) {
      expected = NULL;
      if (drain(own) == 0) sched_yield();
    }
    if (i % 8 == 7) drain(own);
  }
  atomic_fetch_sub(&running, 1);
  while (atomic_load(&running) > 0) { if (drain(own) == 0) sched_yield(); }
  drain(own);
  return NULL;
}

int main(int argc, char** argv) {
  const double scale = peer_scale(argc, argv);
  job_t jobs[THREADS];
  pthread_t t[THREADS];
  atomic_store(&running, THREADS);
  for (int i = 0; i < THREADS; i++) {
    jobs[i] = (job_t){ peer_scaled(24000, scale), (uint64_t)i, 0 };
    peer_thread(&t[i], worker, &jobs[i]);
  }
  uint64_t sum = 0;
  for (int i = 0; i < THREADS; i++) { pthread_join(t[i], NULL); sum += jobs[i].sum; }
  for (int i = 0; i < THREADS; i++) drain(&boxes[i]);
  printf("rptest: ok %llu\n", (unsigned long long)sum);
  return 0;
}
