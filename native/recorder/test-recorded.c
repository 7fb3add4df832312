/* A program for the recorder's test: every hooked function, two threads, a fork, and (with
 * "crash") an abort after more events than one buffer holds. It prints what it did, so the
 * test can compare the trace against it. */
#define _GNU_SOURCE
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define WORKER_BLOCKS 20000

/* every block is handed here, so the compiler cannot drop a malloc/free pair */
void *volatile sink;
static void *use(void *p) { sink = p; return p; }

static void *worker(void *arg) {
  void **keep = arg;
  for (int i = 0; i < WORKER_BLOCKS; i++) keep[i] = use(malloc(16 + (size_t)(i % 200)));
  return NULL;
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "crash") == 0) {
    for (int i = 0; i < 100000; i++) free(use(malloc(24)));
    fflush(stdout);
    abort();
  }
  void *a = use(malloc(100));
  void *b = use(calloc(10, 30));
  a = use(realloc(a, 4000));
  void *c = NULL;
  if (posix_memalign(&c, 256, 1000) != 0) return 1;
  void *d = use(aligned_alloc(64, 640));
  void *e = use(memalign(4096, 50));
  void *f = use(valloc(10));
  void *g = use(pvalloc(10));
  void *h = use(reallocarray(NULL, 7, 9));
  free(a); free(b); free(c); free(d); free(e); free(f); free(g); free(h);

  /* a second thread allocates; the main thread frees its blocks after it exits */
  static void *keep[WORKER_BLOCKS];
  pthread_t t;
  pthread_create(&t, NULL, worker, keep);
  pthread_join(t, NULL);
  for (int i = 0; i < WORKER_BLOCKS; i++) free(keep[i]);

  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    for (int i = 0; i < 500; i++) free(use(malloc(33)));
    exit(0);   /* _exit would skip the recorder's last flush */
  }
  int status;
  waitpid(pid, &status, 0);
  printf("child %d\n", (int)pid);
  return 0;
}
