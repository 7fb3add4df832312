/* The "Mimalloc Cigarette" as a real program, for recording: a loader thread allocates the
 * hotels (2 KiB each) and then waits forever without touching the allocator again; a refresher
 * thread replaces every hotel, freeing the loader's blocks from another thread. On a
 * mimalloc-design allocator the freed blocks stay on the loader's pages. Usage: cigarette [HOTELS]
 * (default 8192). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#define HOTEL 2048

static void **hotels;
static size_t count = 8192;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t loaded_cond = PTHREAD_COND_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
static int loaded;

static void *loader(void *arg) {
  (void)arg;
  for (size_t i = 0; i < count; i++) {
    hotels[i] = malloc(HOTEL);
    memset(hotels[i], (int)(i & 0xFF), HOTEL);
  }
  pthread_mutex_lock(&lock);
  loaded = 1;
  pthread_cond_signal(&loaded_cond);
  while (1) pthread_cond_wait(&never, &lock);   /* serves requests elsewhere: never allocates */
  return NULL;
}

static void *refresher(void *arg) {
  (void)arg;
  for (size_t i = 0; i < count; i++) {
    void *fresh = malloc(HOTEL);
    memset(fresh, 0x5A, HOTEL);
    void *old = hotels[i];
    hotels[i] = fresh;
    free(old);                                   /* a cross-thread free onto the loader's pages */
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc > 1) count = strtoul(argv[1], NULL, 10);
  if (count == 0) return 2;
  hotels = calloc(count, sizeof(void *));
  pthread_t l, r;
  pthread_create(&l, NULL, loader, NULL);
  pthread_mutex_lock(&lock);
  while (!loaded) pthread_cond_wait(&loaded_cond, &lock);
  pthread_mutex_unlock(&lock);
  pthread_create(&r, NULL, refresher, NULL);
  pthread_join(r, NULL);
  struct timespec pause = {0, 50 * 1000 * 1000};
  nanosleep(&pause, NULL);                       /* time passes; nothing wakes the loader */
  printf("%zu hotels refreshed\n", count);
  fflush(stdout);
  return 0;                                      /* exits while the loader still waits */
}
