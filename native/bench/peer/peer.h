/* Shared helpers of the peer workloads: a fast random generator, a pattern written into every
 * block and checked before it is freed (so a run on any allocator is also a correctness test),
 * a scale factor from the command line, and failure reporting.
 *
 *   <program> [SCALE]     SCALE > 0 multiplies the work (default 1.0; the CTest uses less)
 *
 * Each program prints one line "<name>: ok <checksum>" and exits 0, or names the first block
 * whose contents were wrong and exits 1.
 */
#ifndef HS_PEER_H
#define HS_PEER_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline uint64_t peer_rnd(uint64_t* s) {
  uint64_t x = *s;
  x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
  *s = x;
  return x * 0x2545F4914F6CDD1Dull;
}

static inline uint64_t peer_seed(uint64_t index) {
  return 0x9E3779B97F4A7C15ull * (index + 1) | 1;
}

static inline double peer_scale(int argc, char** argv) {
  double scale = 1.0;
  if (argc > 1) {
    char* end = NULL;
    scale = strtod(argv[1], &end);
    if (end == argv[1] || *end != 0 || !(scale > 0) || scale > 1000) {
      fprintf(stderr, "%s: SCALE must be a number in (0, 1000], not '%s'\n", argv[0], argv[1]);
      exit(2);
    }
  }
  return scale;
}

static inline size_t peer_scaled(size_t n, double scale) {
  double x = (double)n * scale;
  return (x < 1 ? 1 : (size_t)x);
}

static void peer_fail(const char* what, const void* p, size_t size) __attribute__((noreturn));
static void peer_fail(const char* what, const void* p, size_t size) {
  fprintf(stderr, "peer: %s (block %p, %zu bytes)\n", what, p, size);
  exit(1);
}

static inline void* peer_malloc(size_t size) {
  void* p = malloc(size);
  if (p == NULL) peer_fail("malloc returned NULL", NULL, size);
  return p;
}

/* The pattern: the first and last word of a block (and the size in between for blocks of at
   least 16 bytes) derive from a tag, so a block handed out twice or overwritten is caught. */
static inline void peer_mark(void* p, size_t size, uint64_t tag) {
  if (size >= sizeof(uint64_t)) {
    memcpy(p, &tag, sizeof(tag));
    const uint64_t tail = ~tag;
    if (size >= 2 * sizeof(uint64_t)) memcpy((char*)p + size - sizeof(tail), &tail, sizeof(tail));
  } else if (size > 0) {
    memset(p, (int)(tag & 0xff), size);
  }
}

static inline void peer_check(const void* p, size_t size, uint64_t tag) {
  if (size >= sizeof(uint64_t)) {
    uint64_t head, tail;
    memcpy(&head, p, sizeof(head));
    if (head != tag) peer_fail("first word overwritten", p, size);
    if (size >= 2 * sizeof(uint64_t)) {
      memcpy(&tail, (const char*)p + size - sizeof(tail), sizeof(tail));
      if (tail != ~tag) peer_fail("last word overwritten", p, size);
    }
  } else {
    for (size_t i = 0; i < size; i++) {
      if (((const unsigned char*)p)[i] != (unsigned char)(tag & 0xff)) peer_fail("bytes overwritten", p, size);
    }
  }
}

/* A block that carries its size and tag in its first two words (blocks of >= 24 bytes). */
typedef struct peer_obj_s { size_t size; uint64_t tag; } peer_obj_t;

static inline peer_obj_t* peer_obj_new(size_t size, uint64_t tag) {
  if (size < 24) size = 24;
  peer_obj_t* o = (peer_obj_t*)peer_malloc(size);
  o->size = size;
  o->tag = tag;
  memcpy((char*)o + size - sizeof(tag), &tag, sizeof(tag));
  return o;
}

static inline void peer_obj_free(peer_obj_t* o) {
  uint64_t tail;
  memcpy(&tail, (char*)o + o->size - sizeof(tail), sizeof(tail));
  if (tail != o->tag) peer_fail("object tail overwritten", o, o->size);
  o->tag = ~o->tag;
  free(o);
}

static inline void peer_thread(pthread_t* t, void* (*fn)(void*), void* arg) {
  if (pthread_create(t, NULL, fn, arg) != 0) peer_fail("pthread_create failed", NULL, 0);
}

#endif /* HS_PEER_H */
