/* The faithfulness suite: small programs run twice, under LD_PRELOAD of the Heapscope core and
 * of the system mimalloc (Debian's 2.0.9), by run-faith.sh.
 *
 * A program uses the standard allocation interface, plus the few heap and collect calls both
 * allocators have, found at run time (hs_... on the core, mi_... on mimalloc). It prints
 *   same <what> <value>     a behaviour both versions share: run-faith.sh requires the line to be
 *                           identical in the two runs;
 *   figure <what> <value>   a measured figure, printed for the log;
 * and asserts by itself, per backend, the documented differences (docs/mimalloc-versions.md).
 * On the core the validator runs after every step (faith_step).
 */
#ifndef HS_FAITH_H
#define HS_FAITH_H

#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef enum faith_backend_e { FAITH_CORE, FAITH_MIMALLOC_209, FAITH_MIMALLOC_21X } faith_backend_t;

static const char* faith_backend_names[] = { "core", "mimalloc-2.0.9", "mimalloc-2.1.x" };

typedef struct faith_api_s {
  faith_backend_t backend;
  int   version;                          /* mimalloc's mi_version() (209 = 2.0.9); 0 on the core */
  void  (*collect)(bool force);
  void* (*heap_new)(void);
  void  (*heap_delete)(void* heap);
  void* (*heap_malloc)(void* heap, size_t size);
  void* (*heap_get_backing)(void);
  void* (*heap_get_default)(void);
  bool  (*heap_contains_block)(void* heap, const void* p);
  bool  (*validate)(char* msg, size_t size);   /* the core only */
} faith_api_t;

static faith_api_t faith;
static const char* faith_program = "faith";
static int faith_failures = 0;

static void* faith_sym(const char* core_name, const char* mi_name) {
  void* f = dlsym(RTLD_DEFAULT, faith.backend == FAITH_CORE ? core_name : mi_name);
  if (f == NULL) {
    fprintf(stderr, "%s: the allocator under LD_PRELOAD lacks %s\n", faith_program,
            faith.backend == FAITH_CORE ? core_name : mi_name);
    exit(2);
  }
  return f;
}

/* Finds which allocator LD_PRELOAD put in front of libc, and its calls. */
static void faith_init(const char* program) {
  faith_program = program;
  if (dlsym(RTLD_DEFAULT, "hs_validate") != NULL) {
    faith.backend = FAITH_CORE;
  } else if (dlsym(RTLD_DEFAULT, "mi_version") != NULL) {
    int (*version)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "mi_version");
    faith.version = version();
    faith.backend = (faith.version == 209 ? FAITH_MIMALLOC_209 : FAITH_MIMALLOC_21X);
  } else {
    fprintf(stderr, "%s: neither the core nor mimalloc is preloaded (LD_PRELOAD=%s)\n", program,
            getenv("LD_PRELOAD") ? getenv("LD_PRELOAD") : "");
    exit(2);
  }
  faith.collect             = (void (*)(bool))faith_sym("hs_collect", "mi_collect");
  faith.heap_new            = (void* (*)(void))faith_sym("hs_heap_new", "mi_heap_new");
  faith.heap_delete         = (void (*)(void*))faith_sym("hs_heap_delete", "mi_heap_delete");
  faith.heap_malloc         = (void* (*)(void*, size_t))faith_sym("hs_heap_malloc", "mi_heap_malloc");
  faith.heap_get_backing    = (void* (*)(void))faith_sym("hs_heap_get_backing", "mi_heap_get_backing");
  faith.heap_get_default    = (void* (*)(void))faith_sym("hs_heap_get_default", "mi_heap_get_default");
  faith.heap_contains_block = (bool (*)(void*, const void*))faith_sym("hs_heap_contains_block", "mi_heap_contains_block");
  if (faith.backend == FAITH_CORE) {
    faith.validate = (bool (*)(char*, size_t))faith_sym("hs_validate", "hs_validate");
  }
  printf("backend %s\n", faith_backend_names[faith.backend]);
}

static inline bool faith_is_core(void) { return faith.backend == FAITH_CORE; }

/* After every step: on the core the validator must find every invariant intact. */
static inline void faith_step(const char* what) {
  if (faith.validate == NULL) return;
  char msg[512];
  if (!faith.validate(msg, sizeof msg)) {
    fprintf(stderr, "%s: invalid after %s: %s\n", faith_program, what, msg);
    exit(1);
  }
}

static inline void faith_check(bool ok, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void faith_check(bool ok, const char* fmt, ...) {
  if (ok) return;
  va_list args;
  va_start(args, fmt);
  fprintf(stderr, "%s: FAIL on %s: ", faith_program, faith_backend_names[faith.backend]);
  vfprintf(stderr, fmt, args);
  fputc('\n', stderr);
  va_end(args);
  faith_failures++;
}

static inline int faith_done(void) {
  if (faith_failures > 0) fprintf(stderr, "%s: %d failure(s)\n", faith_program, faith_failures);
  return faith_failures == 0 ? 0 : 1;
}

/* Resident set size of the process, from /proc/self/statm, in bytes. Read with plain system
   calls: stdio would allocate, and an allocation can run the very purges being measured. */
static inline size_t faith_rss(void) {
  char buf[128];
  const int fd = open("/proc/self/statm", O_RDONLY);
  if (fd < 0) return 0;
  const ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return 0;
  buf[n] = 0;
  const char* s = buf;
  while (*s != ' ' && *s != 0) s++;   /* skip the total size */
  size_t resident = 0;
  while (*s == ' ') s++;
  while (*s >= '0' && *s <= '9') resident = resident * 10 + (size_t)(*s++ - '0');
  return resident * (size_t)sysconf(_SC_PAGESIZE);
}

/* Writes every byte, so the pages become resident (the compiler may not drop the stores of a
   block that is freed later). */
static inline void faith_touch(void* p, size_t size, int value) {
  memset(p, value, size);
  __asm__ volatile("" : : "r"(p) : "memory");
}

#define FAITH_MIB ((size_t)1 << 20)
#define FAITH_KIB ((size_t)1 << 10)

#endif
