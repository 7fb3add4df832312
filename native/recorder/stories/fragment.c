/* Heap fragmentation as a real program, for recording: request threads each parse documents
 * into nodes (one size per document, growing), keep one node in 256 in a cache and free the
 * rest. Every kept node pins a page that holds nothing else alive, and later documents, of
 * other sizes, cannot reuse it. Usage: fragment [THREADS] (default 4). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DOCS 12
#define NODES 2040
#define KEEP_EVERY 255

static void *cache[64][DOCS * 8];

static void *request(void *arg) {
  size_t me = (size_t)arg;
  static _Thread_local void *nodes[NODES];
  size_t kept = 0;
  for (size_t doc = 0; doc < DOCS; doc++) {
    size_t size = 256 + doc * 128;
    for (size_t k = 0; k < NODES; k++) {
      nodes[k] = malloc(size);
      memset(nodes[k], (int)k, size);
    }
    for (size_t k = 0; k < NODES; k++) {
      if (k % KEEP_EVERY == KEEP_EVERY - 1) cache[me][kept++] = nodes[k];   /* the node the cache keeps */
      else free(nodes[k]);
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  size_t threads = argc > 1 ? strtoul(argv[1], NULL, 10) : 4;
  if (threads == 0 || threads > 64) return 2;
  pthread_t t[64];
  for (size_t i = 0; i < threads; i++) pthread_create(&t[i], NULL, request, (void *)i);
  for (size_t i = 0; i < threads; i++) pthread_join(t[i], NULL);
  printf("%zu requests parsed %d documents each\n", threads, DOCS);
  fflush(stdout);
  return 0;
}
