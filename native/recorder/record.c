/* libheapscope-record.so: an LD_PRELOAD library that logs every allocation call of a program to
 * a .hstrace file (docs/trace-format.md) and forwards it to the allocator underneath.
 *
 *   HEAPSCOPE_TRACE=out.hstrace LD_PRELOAD=native/build/libheapscope-record.so CMD ARGS...
 *
 * Each thread encodes its events into its own buffer (mmap'd, never malloc'd) and appends the
 * buffer to the file as one chunk when it fills, when the thread exits and when the process
 * exits, so a crash loses at most the unflushed buffers. Events carry a global sequence number
 * (program order across threads) and a monotonic timestamp. A forked child writes its own file,
 * <trace>.<pid>. */
#define _GNU_SOURCE
#include "format.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <gnu/libc-version.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))
#define BUF_SIZE   (64 * 1024)
#define EVENT_MAX  64            /* an event never encodes to more than this */
#define INDEX_MAX  512           /* chunks remembered between two index records */

typedef void *(*malloc_fn)(size_t);
typedef void *(*calloc_fn)(size_t, size_t);
typedef void *(*realloc_fn)(void *, size_t);
typedef void (*free_fn)(void *);
typedef int (*posix_memalign_fn)(void **, size_t, size_t);
typedef void *(*aligned_fn)(size_t, size_t);
typedef void *(*reallocarray_fn)(void *, size_t, size_t);

static malloc_fn real_malloc;
static calloc_fn real_calloc;
static realloc_fn real_realloc;
static free_fn real_free;
static posix_memalign_fn real_posix_memalign;
static aligned_fn real_aligned_alloc, real_memalign;
static malloc_fn real_valloc, real_pvalloc;
static reallocarray_fn real_reallocarray;

/* dlsym's own calloc is served from here while the real functions are being resolved */
static _Alignas(16) char bootstrap[8192];
static size_t bootstrap_used;
static int resolving;

struct tstate {
  int ready;                 /* 1 once the buffer exists and the thread has an id */
  int busy;                  /* inside the recorder: nested calls are forwarded unrecorded */
  int exited;                /* past its exit event: later events are flushed one by one */
  uint32_t id;
  uint64_t first_seq, prev_seq, base_ns, prev_ns;
  uint64_t prev_addr;
  uint32_t count;
  size_t len;
  unsigned char *buf;
};
static __thread struct tstate ts;

static int trace_fd = -1;
static int enabled;
static pthread_mutex_t file_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic uint64_t next_seq = 1;
static _Atomic uint32_t next_thread = 0;
static uint64_t mono_start;
static uint64_t file_offset, events_since_index;
static uint64_t index_off[INDEX_MAX], index_seq[INDEX_MAX];
static int index_n;
static pthread_key_t exit_key;
static char trace_path[4096];
/* The threads that have a buffer, so a normal exit can flush the ones still running (a thread
 * waiting forever would otherwise lose its last buffer); guarded by file_lock. */
#define REGISTRY_MAX 4096
static struct tstate *registry[REGISTRY_MAX];

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static size_t put_varint(unsigned char *p, uint64_t v) {
  size_t n = 0;
  while (v >= 0x80) { p[n++] = (unsigned char)(v | 0x80); v >>= 7; }
  p[n++] = (unsigned char)v;
  return n;
}
static uint64_t zigzag(int64_t v) { return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63); }

static void write_all(const void *p, size_t n) {
  const char *c = p;
  while (n > 0) {
    ssize_t w = write(trace_fd, c, n);
    if (w < 0) { if (errno == EINTR) continue; enabled = 0; return; }
    c += w; n -= (size_t)w;
  }
}

/* Appends the thread's buffer as one chunk; every INDEX_EVERY events an index record follows. */
static void flush_state(struct tstate *st) {
  if (!st->ready || st->count == 0) return;
  unsigned char head[64];
  size_t h = 0;
  head[h++] = HST_TAG_CHUNK;
  h += put_varint(head + h, st->id);
  h += put_varint(head + h, st->len);
  h += put_varint(head + h, st->count);
  h += put_varint(head + h, st->first_seq);
  h += put_varint(head + h, st->base_ns);
  pthread_mutex_lock(&file_lock);
  if (enabled && trace_fd >= 0) {
    if (index_n < INDEX_MAX) { index_off[index_n] = file_offset; index_seq[index_n] = st->first_seq; index_n++; }
    struct iovec iov[2] = { { head, h }, { st->buf, st->len } };
    size_t total = h + st->len;
    ssize_t w = writev(trace_fd, iov, 2);
    if (w >= 0 && (size_t)w < total) {            /* short write: finish the rest */
      size_t done = (size_t)w;
      if (done < h) { write_all(head + done, h - done); done = h; }
      write_all(st->buf + (done - h), total - done);
    } else if (w < 0) {
      enabled = 0;
    }
    file_offset += total;
    events_since_index += st->count;
    if (events_since_index >= HST_INDEX_EVERY || index_n == INDEX_MAX) {
      unsigned char rec[1 + 10 + INDEX_MAX * 20];
      size_t r = 0;
      rec[r++] = HST_TAG_INDEX;
      r += put_varint(rec + r, (uint64_t)index_n);
      for (int i = 0; i < index_n; i++) {
        r += put_varint(rec + r, index_off[i]);
        r += put_varint(rec + r, index_seq[i]);
      }
      write_all(rec, r);
      file_offset += r;
      index_n = 0;
      events_since_index = 0;
    }
  }
  pthread_mutex_unlock(&file_lock);
  st->len = 0;
  st->count = 0;
}

static void flush_thread(void) { flush_state(&ts); }

static void register_thread(struct tstate *st, int add) {
  pthread_mutex_lock(&file_lock);
  for (int i = 0; i < REGISTRY_MAX; i++) {
    if (add ? registry[i] == NULL : registry[i] == st) { registry[i] = add ? st : NULL; break; }
  }
  pthread_mutex_unlock(&file_lock);
}

/* At a normal exit: flushes the buffers of the other threads that are not inside the recorder
 * (a thread in the middle of a call loses that buffer, as in a crash). */
static void flush_others(void) {
  struct tstate *others[REGISTRY_MAX];
  int n = 0;
  pthread_mutex_lock(&file_lock);
  for (int i = 0; i < REGISTRY_MAX; i++) {
    if (registry[i] != NULL && registry[i] != &ts) others[n++] = registry[i];
  }
  pthread_mutex_unlock(&file_lock);
  for (int i = 0; i < n; i++) {
    if (__atomic_load_n(&others[i]->busy, __ATOMIC_ACQUIRE) == 0) flush_state(others[i]);
  }
}



static void thread_exit(void *arg);
static void emit(int op, uint64_t a, uint64_t b, uint64_t c, uint64_t addr_in, uint64_t addr_out);

static int thread_setup(void) {
  void *b = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (b == MAP_FAILED) return 0;
  ts.buf = b;
  ts.id = atomic_fetch_add(&next_thread, 1);
  ts.ready = 1;
  ts.len = ts.count = 0;
  pthread_setspecific(exit_key, (void *)1);
  register_thread(&ts, 1);
  emit(HST_THREAD_START, (uint64_t)syscall(SYS_gettid), 0, 0, 0, 0);
  return 1;
}

/* Encodes one event into the thread's buffer. a/b/c are the op's numbers (size, count,
 * alignment, ...); addr_in is the pointer passed in, addr_out the pointer returned. */
static void emit(int op, uint64_t a, uint64_t b, uint64_t c, uint64_t addr_in, uint64_t addr_out) {
  uint64_t seq = atomic_fetch_add_explicit(&next_seq, 1, memory_order_relaxed);
  uint64_t t = now_ns() - mono_start;
  if (ts.len + EVENT_MAX > BUF_SIZE) flush_thread();
  if (ts.count == 0) {
    ts.first_seq = seq;
    ts.prev_seq = seq - 1;
    ts.base_ns = t;
    ts.prev_ns = t;
    ts.prev_addr = 0;
  }
  unsigned char *p = ts.buf + ts.len;
  size_t n = 0;
  uint64_t dseq = seq - ts.prev_seq - 1;
  p[n++] = (unsigned char)(op | (dseq < 15 ? dseq << 4 : 0xF0));
  if (dseq >= 15) n += put_varint(p + n, dseq - 15);
  n += put_varint(p + n, t >= ts.prev_ns ? t - ts.prev_ns : 0);
  switch (op) {
  case HST_THREAD_START: n += put_varint(p + n, a); break;
  case HST_THREAD_EXIT: break;
  case HST_FREE:
    n += put_varint(p + n, zigzag((int64_t)(addr_in - ts.prev_addr)));
    ts.prev_addr = addr_in;
    break;
  case HST_REALLOC: case HST_REALLOCARRAY:
    n += put_varint(p + n, zigzag((int64_t)(addr_in - ts.prev_addr)));
    ts.prev_addr = addr_in;
    n += put_varint(p + n, a);
    if (op == HST_REALLOCARRAY) n += put_varint(p + n, b);
    n += put_varint(p + n, zigzag((int64_t)(addr_out - ts.prev_addr)));
    ts.prev_addr = addr_out;
    break;
  case HST_CALLOC:
    n += put_varint(p + n, a);
    n += put_varint(p + n, b);
    n += put_varint(p + n, zigzag((int64_t)(addr_out - ts.prev_addr)));
    ts.prev_addr = addr_out;
    break;
  case HST_POSIX_MEMALIGN: case HST_ALIGNED_ALLOC: case HST_MEMALIGN:
    n += put_varint(p + n, c);
    /* fallthrough */
  default:  /* malloc, valloc, pvalloc */
    n += put_varint(p + n, a);
    n += put_varint(p + n, zigzag((int64_t)(addr_out - ts.prev_addr)));
    ts.prev_addr = addr_out;
    break;
  }
  ts.prev_seq = seq;
  ts.prev_ns = t;
  ts.len += n;
  ts.count++;
  if (ts.exited && op != HST_THREAD_EXIT) flush_thread();
}

static void thread_exit(void *arg) {
  if (!ts.ready || !enabled) return;
  ts.busy++;
  emit(HST_THREAD_EXIT, 0, 0, 0, 0, 0);
  flush_thread();
  register_thread(&ts, 0);
  ts.exited = 1;
  ts.busy--;
}

/* Entry to recording: returns 1 if this call is to be recorded (the caller must call leave()). */
static inline int enter(void) {
  if (!enabled || ts.busy) return 0;
  ts.busy++;
  if (!ts.ready && !thread_setup()) { ts.busy--; return 0; }
  return 1;
}
static inline void leave(void) { ts.busy--; }

static void resolve(void) {
  if (real_malloc || resolving) return;
  resolving = 1;
  real_calloc = (calloc_fn)dlsym(RTLD_NEXT, "calloc");
  real_malloc = (malloc_fn)dlsym(RTLD_NEXT, "malloc");
  real_realloc = (realloc_fn)dlsym(RTLD_NEXT, "realloc");
  real_free = (free_fn)dlsym(RTLD_NEXT, "free");
  real_posix_memalign = (posix_memalign_fn)dlsym(RTLD_NEXT, "posix_memalign");
  real_aligned_alloc = (aligned_fn)dlsym(RTLD_NEXT, "aligned_alloc");
  real_memalign = (aligned_fn)dlsym(RTLD_NEXT, "memalign");
  real_valloc = (malloc_fn)dlsym(RTLD_NEXT, "valloc");
  real_pvalloc = (malloc_fn)dlsym(RTLD_NEXT, "pvalloc");
  real_reallocarray = (reallocarray_fn)dlsym(RTLD_NEXT, "reallocarray");
  resolving = 0;
}

static int is_bootstrap(void *p) {
  return (char *)p >= bootstrap && (char *)p < bootstrap + sizeof bootstrap;
}
static void *bootstrap_alloc(size_t n) {
  size_t at = (bootstrap_used + 15) & ~(size_t)15;
  if (at + n > sizeof bootstrap) return NULL;
  bootstrap_used = at + n;
  return bootstrap + at;   /* static storage: already zero */
}

/* ---- the header and the file ---- */

static size_t put_string(unsigned char *p, const char *s, size_t len) {
  size_t n = put_varint(p, len);
  memcpy(p + n, s, len);
  return n + len;
}

static void write_header(void) {
  static unsigned char head[8192];
  char cmd[4096];
  size_t cmd_len = 0;
  int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ssize_t r = read(fd, cmd, sizeof cmd - 1);
    if (r > 0) cmd_len = (size_t)r;
    close(fd);
    for (size_t i = 0; i < cmd_len; i++) if (cmd[i] == '\0') cmd[i] = ' ';
    while (cmd_len > 0 && cmd[cmd_len - 1] == ' ') cmd_len--;
  }
  char under[512];
  const char *u = getenv("HEAPSCOPE_UNDER");
  if (u && *u) snprintf(under, sizeof under, "%s", u);
  else snprintf(under, sizeof under, "glibc %s", gnu_get_libc_version());
  struct timespec real;
  clock_gettime(CLOCK_REALTIME, &real);
  size_t n = 0;
  memcpy(head, HST_MAGIC, 8); n = 8;
  head[n++] = HST_VERSION;
  n += put_varint(head + n, (uint64_t)getpid());
  n += put_varint(head + n, (uint64_t)getppid());
  n += put_varint(head + n, (uint64_t)real.tv_sec * 1000000000u + (uint64_t)real.tv_nsec);
  n += put_varint(head + n, HST_INDEX_EVERY);
  n += put_string(head + n, cmd, cmd_len);
  n += put_string(head + n, under, strlen(under));
  write_all(head, n);
  file_offset = n;
  events_since_index = 0;
  index_n = 0;
}

static int open_trace(const char *path) {
  trace_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (trace_fd < 0) return 0;
  write_header();
  return 1;
}

static void before_fork(void) { pthread_mutex_lock(&file_lock); }
static void after_fork_parent(void) { pthread_mutex_unlock(&file_lock); }
/* The child keeps recording into <trace>.<pid>; the forking thread's unflushed events belong to
 * the parent, which writes them. */
static void after_fork_child(void) {
  pthread_mutex_init(&file_lock, NULL);
  memset(registry, 0, sizeof registry);   /* only the forking thread lives on */
  if (ts.ready && !ts.exited) registry[0] = &ts;
  if (trace_fd >= 0) close(trace_fd);
  trace_fd = -1;
  ts.len = ts.count = 0;
  atomic_store(&next_thread, 0);
  char path[4200];
  snprintf(path, sizeof path, "%s.%d", trace_path, (int)getpid());
  mono_start = now_ns();
  enabled = open_trace(path);
  if (enabled && ts.ready) {
    ts.id = atomic_fetch_add(&next_thread, 1);
    emit(HST_THREAD_START, (uint64_t)syscall(SYS_gettid), 0, 0, 0, 0);
  }
}

__attribute__((constructor)) static void recorder_init(void) {
  ts.busy++;
  resolve();
  const char *p = getenv("HEAPSCOPE_TRACE");
  if (p && *p) snprintf(trace_path, sizeof trace_path, "%s", p);
  else snprintf(trace_path, sizeof trace_path, "heapscope-%d.hstrace", (int)getpid());
  /* A program started by the recorded one (fork and exec) writes <trace>.<pid>, so it cannot
   * truncate its parent's file; the recorded process itself, also after an exec, owns <trace>. */
  const char *owner = getenv("HEAPSCOPE_TRACE_OWNER");
  char me[32];
  snprintf(me, sizeof me, "%d", (int)getpid());
  if (owner && *owner && strcmp(owner, me) != 0) {
    size_t n = strlen(trace_path);
    snprintf(trace_path + n, sizeof trace_path - n, ".%s", me);
  } else {
    setenv("HEAPSCOPE_TRACE_OWNER", me, 1);
  }
  mono_start = now_ns();
  pthread_key_create(&exit_key, thread_exit);
  pthread_atfork(before_fork, after_fork_parent, after_fork_child);
  enabled = open_trace(trace_path);
  ts.busy--;
}

__attribute__((destructor)) static void recorder_fini(void) {
  if (!enabled) return;
  ts.busy++;
  if (ts.ready) { emit(HST_THREAD_EXIT, 0, 0, 0, 0, 0); flush_thread(); }
  flush_others();
  ts.busy--;
}

/* ---- the hooked functions ---- */

EXPORT void *malloc(size_t n) {
  if (!real_malloc) { if (resolving) return bootstrap_alloc(n); resolve(); }
  if (!enter()) return real_malloc(n);
  void *p = real_malloc(n);
  emit(HST_MALLOC, n, 0, 0, 0, (uint64_t)p);
  leave();
  return p;
}

EXPORT void *calloc(size_t k, size_t n) {
  if (!real_calloc) {
    if (resolving) { size_t t; return __builtin_mul_overflow(k, n, &t) ? NULL : bootstrap_alloc(t); }
    resolve();
  }
  if (!enter()) return real_calloc(k, n);
  void *p = real_calloc(k, n);
  emit(HST_CALLOC, k, n, 0, 0, (uint64_t)p);
  leave();
  return p;
}

EXPORT void free(void *p) {
  if (!p || is_bootstrap(p)) return;
  if (!real_free) resolve();
  if (!enter()) { real_free(p); return; }
  emit(HST_FREE, 0, 0, 0, (uint64_t)p, 0);   /* before the free: the address may be reused at once */
  real_free(p);
  leave();
}

EXPORT void *realloc(void *old, size_t n) {
  if (is_bootstrap(old)) {               /* move a bootstrap block to the real allocator */
    void *q = malloc(n);
    if (q) memcpy(q, old, n < (size_t)(bootstrap + sizeof bootstrap - (char *)old) ? n : (size_t)(bootstrap + sizeof bootstrap - (char *)old));
    return q;
  }
  if (!real_realloc) resolve();
  if (!enter()) return real_realloc(old, n);
  void *p = real_realloc(old, n);
  emit(HST_REALLOC, n, 0, 0, (uint64_t)old, (uint64_t)p);
  leave();
  return p;
}

EXPORT void *reallocarray(void *old, size_t k, size_t n) {
  if (!real_reallocarray) resolve();
  if (!enter()) return real_reallocarray(old, k, n);
  void *p = real_reallocarray(old, k, n);
  emit(HST_REALLOCARRAY, k, n, 0, (uint64_t)old, (uint64_t)p);
  leave();
  return p;
}

EXPORT int posix_memalign(void **out, size_t align, size_t n) {
  if (!real_posix_memalign) resolve();
  if (!enter()) return real_posix_memalign(out, align, n);
  int rc = real_posix_memalign(out, align, n);
  emit(HST_POSIX_MEMALIGN, n, 0, align, 0, rc == 0 ? (uint64_t)*out : 0);
  leave();
  return rc;
}

EXPORT void *aligned_alloc(size_t align, size_t n) {
  if (!real_aligned_alloc) resolve();
  if (!enter()) return real_aligned_alloc(align, n);
  void *p = real_aligned_alloc(align, n);
  emit(HST_ALIGNED_ALLOC, n, 0, align, 0, (uint64_t)p);
  leave();
  return p;
}

EXPORT void *memalign(size_t align, size_t n) {
  if (!real_memalign) resolve();
  if (!enter()) return real_memalign(align, n);
  void *p = real_memalign(align, n);
  emit(HST_MEMALIGN, n, 0, align, 0, (uint64_t)p);
  leave();
  return p;
}

EXPORT void *valloc(size_t n) {
  if (!real_valloc) resolve();
  if (!enter()) return real_valloc(n);
  void *p = real_valloc(n);
  emit(HST_VALLOC, n, 0, 0, 0, (uint64_t)p);
  leave();
  return p;
}

EXPORT void *pvalloc(size_t n) {
  if (!real_pvalloc) resolve();
  if (!enter()) return real_pvalloc(n);
  void *p = real_pvalloc(n);
  emit(HST_PVALLOC, n, 0, 0, 0, (uint64_t)p);
  leave();
  return p;
}
