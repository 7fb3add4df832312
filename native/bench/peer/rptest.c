/* rptest-style remote frees: four threads each allocate batches of 32 blocks (16..2,048
 * bytes) and post every batch to another thread's mailbox; each thread frees the batches
 * posted to it, and a batch posted into a taken slot sends the one there to be freed by the
 * poster. Nearly every free is a free by a thread other than the owner. */
#include "peer.h"

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

typedef struct job_s { size_t batches; uint64_t index; uint64_t sum; } job_t;

static void free_batch(batch_t* b);

static size_t drain(mailbox_t* box) {
  size_t n = 0;
  for (size_t i = 0; i < MAILBOX; i++) {
    if (atomic_load_explicit(&box->slots[i], memory_order_relaxed) == NULL) continue;   /* no write to an empty slot */
    batch_t* b = atomic_exchange_explicit(&box->slots[i], NULL, memory_order_acquire);
    if (b == NULL) continue;
    free_batch(b);
    n++;
  }
  return n;
}

static void free_batch(batch_t* b) {
  for (size_t k = 0; k < BATCH; k++) peer_obj_free(b->blocks[k]);
  free(b);
}

/* Never waits: a batch posted into a taken slot swaps with the one there, which the poster then
   frees (almost always a block of another thread too), so the work does not depend on how the
   threads are scheduled. */
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
    const size_t to = (job->index + 1 + i % (THREADS - 1)) % THREADS;
    batch_t* old = atomic_exchange_explicit(&boxes[to].slots[(i / (THREADS - 1)) % MAILBOX], b, memory_order_acq_rel);
    if (old != NULL) free_batch(old);
    if (i % 8 == 7) drain(own);
  }
  drain(own);
  return NULL;
}

int main(int argc, char** argv) {
  const double scale = peer_scale(argc, argv);
  job_t jobs[THREADS];
  pthread_t t[THREADS];
  for (int i = 0; i < THREADS; i++) {
    jobs[i] = (job_t){ peer_scaled(80000, scale), (uint64_t)i, 0 };
    peer_thread(&t[i], worker, &jobs[i]);
  }
  uint64_t sum = 0;
  for (int i = 0; i < THREADS; i++) { pthread_join(t[i], NULL); sum += jobs[i].sum; }
  for (int i = 0; i < THREADS; i++) drain(&boxes[i]);
  printf("rptest: ok %llu\n", (unsigned long long)sum);
  return 0;
}
