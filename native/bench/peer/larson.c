/* Larson-style hand-off (the shape of larson-sized): two slots of 4,000 live blocks (16..512
 * bytes); a thread replaces random blocks of its slot, then exits, and a new thread takes the
 * slot over, freeing blocks the exited thread allocated. Measures remote frees into pages of
 * exited threads, abandonment and reclaim. */
#include "peer.h"

#define SLOT_BLOCKS 4000
#define SLOTS 2

typedef struct slot_s {
  peer_obj_t* blocks[SLOT_BLOCKS];
  size_t ops;                /* replacements per thread */
  uint64_t seed;
  uint64_t sum;
} slot_t;

static void* worker(void* arg) {
  slot_t* slot = (slot_t*)arg;
  uint64_t r = slot->seed;
  for (size_t i = 0; i < slot->ops; i++) {
    const uint64_t x = peer_rnd(&r);
    const size_t k = (x >> 32) % SLOT_BLOCKS;
    const size_t size = 16 + ((x >> 8) & 495);
    if (slot->blocks[k] != NULL) peer_obj_free(slot->blocks[k]);
    slot->blocks[k] = peer_obj_new(size, x);
    slot->sum += size;
  }
  slot->seed = r;
  return NULL;
}

int main(int argc, char** argv) {
  const double scale = peer_scale(argc, argv);
  static slot_t slots[SLOTS];
  const size_t generations = peer_scaled(200, scale);
  for (int s = 0; s < SLOTS; s++) {
    slots[s].ops = 10000;
    slots[s].seed = peer_seed((uint64_t)s);
  }
  for (size_t g = 0; g < generations; g++) {
    pthread_t t[SLOTS];
    for (int s = 0; s < SLOTS; s++) peer_thread(&t[s], worker, &slots[s]);
    for (int s = 0; s < SLOTS; s++) pthread_join(t[s], NULL);
  }
  uint64_t sum = 0;
  for (int s = 0; s < SLOTS; s++) {
    for (size_t k = 0; k < SLOT_BLOCKS; k++) if (slots[s].blocks[k] != NULL) peer_obj_free(slots[s].blocks[k]);
    sum += slots[s].sum;
  }
  printf("larson: ok %llu\n", (unsigned long long)sum);
  return 0;
}
