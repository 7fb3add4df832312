/* The OS layer: the only file that calls mmap, munmap, mprotect and madvise.
 *
 * Vocabulary (Linux):
 *   reserve   mmap + MAP_NORESERVE: address space only; no page is touched.
 *   commit    the range may now be touched (and so counts as committed).
 *   decommit  madvise(MADV_DONTNEED): the pages are dropped at once (RSS falls) and read back
 *             as zeros.
 *   reset     madvise(MADV_FREE): the kernel may drop the pages under memory pressure; the
 *             range stays committed. Falls back to MADV_DONTNEED on kernels without MADV_FREE.
 *   purge     decommit or reset, per the purge_decommits option.
 *
 * Two protection modes, fixed once per process (the first time memory is reserved):
 *   open    the kernel overcommits and secure mode is off at start: reservations are mapped
 *           read/write from the start, so commit is bookkeeping only and decommit is a single
 *           madvise. This is what mimalloc does on Linux (arena_eager_commit); it avoids an
 *           mprotect per commit, each of which takes the address-space lock for writing and
 *           stalls every other thread's page faults.
 *   strict  no overcommit (vm.overcommit_memory = 2, where every writable mapping is charged)
 *           or secure mode at start: reservations are PROT_NONE, commit is mprotect
 *           read/write, decommit also returns the range to PROT_NONE so a stray access faults.
 * Guard pages are protected and unprotected with mprotect in both modes.
 *
 * Callers keep exact track of what they committed (segments per slice, arenas per block) and
 * call commit/decommit only on ranges whose state changes, so the `committed` statistic is what
 * is really committed. Metadata blocks (_hs_os_alloc_meta) are not counted in any statistic:
 * the statistics describe the heap, not its bookkeeping.
 *
 * This code runs inside malloc under LD_PRELOAD: no stdio, no allocation; /proc is read with
 * open/read.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

static _Atomic(size_t) hs_os_page;          /* 0 until first asked                 */
static _Atomic(bool)   hs_os_overcommit;
static _Atomic(bool)   hs_os_madv_free_works = true;

typedef enum hs_os_mode_e { HS_OS_MODE_UNKNOWN, HS_OS_MODE_OPEN, HS_OS_MODE_STRICT } hs_os_mode_t;
static _Atomic(int)    hs_os_mode;            /* hs_os_mode_t, fixed at first use      */

/* ---------------------------------------------------------------------------------------------
   Facts about the OS
--------------------------------------------------------------------------------------------- */
size_t _hs_os_page_size(void) {
  size_t page = atomic_load_explicit(&hs_os_page, memory_order_relaxed);
  if (hs_unlikely(page == 0)) {
    long result = sysconf(_SC_PAGESIZE);
    page = (result > 0 ? (size_t)result : 4096);
    atomic_store_explicit(&hs_os_page, page, memory_order_relaxed);
  }
  return page;
}

static hs_os_mode_t hs_os_protection_mode(void);

bool _hs_os_has_overcommit(void) {
  (void)hs_os_protection_mode();
  return atomic_load_explicit(&hs_os_overcommit, memory_order_relaxed);
}

/* Reads a small /proc file into `buf` (NUL-terminated); false when unreadable. */
static bool hs_os_read_small_file(const char* path, char* buf, size_t size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  size_t len = 0;
  while (len + 1 < size) {
    ssize_t n = read(fd, buf + len, size - 1 - len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    len += (size_t)n;
  }
  close(fd);
  buf[len] = 0;
  return len > 0;
}

/* Parses the unsigned decimal number at *s and moves *s past it. */
static size_t hs_os_parse_size(const char** s) {
  const char* p = *s;
  while (*p == ' ') p++;
  size_t value = 0;
  while (*p >= '0' && *p <= '9') value = value * 10 + (size_t)(*p++ - '0');
  *s = p;
  return value;
}

/* Modes 0 (heuristic) and 1 (always) overcommit; mode 2 charges every writable mapping. */
static bool hs_os_read_overcommit(void) {
  char buf[32];
  if (!hs_os_read_small_file("/proc/sys/vm/overcommit_memory", buf, sizeof(buf))) return true;
  return buf[0] == '0' || buf[0] == '1';
}

/* Decided once: memory reserved in one mode must be committed in the same mode. Racing first
   callers compute the same answer, so a plain store is enough. */
static hs_os_mode_t hs_os_protection_mode(void) {
  int mode = atomic_load_explicit(&hs_os_mode, memory_order_relaxed);
  if (hs_likely(mode != HS_OS_MODE_UNKNOWN)) return (hs_os_mode_t)mode;
  const bool overcommit = hs_os_read_overcommit();
  atomic_store_explicit(&hs_os_overcommit, overcommit, memory_order_relaxed);
  mode = (overcommit && hs_option_get(hs_option_secure) == 0 ? HS_OS_MODE_OPEN : HS_OS_MODE_STRICT);
  atomic_store_explicit(&hs_os_mode, mode, memory_order_relaxed);
  return (hs_os_mode_t)mode;
}

static bool hs_os_mode_is_open(void) {
  return hs_os_protection_mode() == HS_OS_MODE_OPEN;
}

void _hs_os_init(void) {
  (void)_hs_os_page_size();
  (void)hs_os_protection_mode();
}

size_t _hs_os_rss(void) {
  char buf[128];
  if (!hs_os_read_small_file("/proc/self/statm", buf, sizeof(buf))) return 0;
  const char* s = buf;
  (void)hs_os_parse_size(&s);                 /* total program size */
  return hs_os_parse_size(&s) * _hs_os_page_size();   /* resident pages */
}

/* ---------------------------------------------------------------------------------------------
   Reserving and releasing address space
--------------------------------------------------------------------------------------------- */
static void* hs_os_mmap(size_t size, bool commit) {
  const int prot = (commit || hs_os_mode_is_open() ? PROT_READ | PROT_WRITE : PROT_NONE);
  void* p = mmap(NULL, size, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return (p == MAP_FAILED ? NULL : p);
}

static void hs_os_munmap(void* p, size_t size) {
  if (munmap(p, size) != 0) {
    _hs_warning("unable to release OS memory (error %d, address %p, size 0x%zx)", errno, p, size);
  }
}

/* Over-reserve by `alignment`, then give back the unaligned head and the tail. */
static void* hs_os_mmap_aligned_by_trimming(size_t size, size_t alignment, bool commit) {
  const size_t over = size + alignment;
  uint8_t* raw = (uint8_t*)hs_os_mmap(over, commit);
  if (raw == NULL) return NULL;
  uint8_t* aligned = (uint8_t*)hs_align_up((uintptr_t)raw, alignment);
  const size_t head = (size_t)(aligned - raw);
  const size_t tail = over - head - size;
  if (head > 0) hs_os_munmap(raw, head);
  if (tail > 0) hs_os_munmap(aligned + size, tail);
  return aligned;
}

void* _hs_os_alloc_aligned(size_t size, size_t alignment, bool commit, bool* is_zero) {
  const size_t page = _hs_os_page_size();
  if (alignment < page) alignment = page;
  size = hs_align_up(size, page);
  if (is_zero != NULL) *is_zero = true;   /* fresh anonymous memory reads as zeros */

  /* Most of the time the kernel hands out a suitably aligned range on the first try only by
     luck; try it anyway since it costs one call, then fall back to trimming. */
  void* p = hs_os_mmap(size, commit);
  if (p != NULL && ((uintptr_t)p % alignment) != 0) {
    hs_os_munmap(p, size);
    p = hs_os_mmap_aligned_by_trimming(size, alignment, commit);
  }
  if (p == NULL) {
    _hs_warning("unable to reserve %zu bytes of OS memory (error %d)", size, errno);
    return NULL;
  }
  hs_stat_counter(mmaps, 1);
  hs_stat_increase(reserved, size);
  if (commit) {
    hs_stat_counter(commits, 1);
    hs_stat_increase(committed, size);
  }
  return p;
}

/* Over-reserve by `alignment`, keep the range whose address plus `offset` is aligned. */
void* _hs_os_alloc_aligned_at_offset(size_t size, size_t alignment, size_t offset, bool commit, bool* is_zero) {
  const size_t page = _hs_os_page_size();
  size = hs_align_up(size, page);
  if (is_zero != NULL) *is_zero = true;
  if (alignment < page || offset % page != 0 || size > SIZE_MAX - alignment) return NULL;
  const size_t over = size + alignment;
  uint8_t* raw = (uint8_t*)hs_os_mmap(over, commit);
  if (raw == NULL) {
    _hs_warning("unable to reserve %zu bytes of OS memory (error %d)", over, errno);
    return NULL;
  }
  uint8_t* p = (uint8_t*)hs_align_up((uintptr_t)raw + offset, alignment) - offset;
  if (p < raw) p += alignment;
  const size_t head = (size_t)(p - raw);
  const size_t tail = over - head - size;
  if (head > 0) hs_os_munmap(raw, head);
  if (tail > 0) hs_os_munmap(p + size, tail);
  hs_stat_counter(mmaps, 1);
  hs_stat_increase(reserved, size);
  if (commit) {
    hs_stat_counter(commits, 1);
    hs_stat_increase(committed, size);
  }
  return p;
}

void _hs_os_free_ex(void* p, size_t size, size_t committed) {
  if (p == NULL || size == 0) return;
  size = hs_align_up(size, _hs_os_page_size());
  hs_os_munmap(p, size);
  hs_stat_decrease(reserved, size);
  if (committed > 0) hs_stat_decrease(committed, committed);
}

void _hs_os_free(void* p, size_t size) {
  _hs_os_free_ex(p, size, size);
}

/* ---------------------------------------------------------------------------------------------
   Commit, decommit, reset, purge
--------------------------------------------------------------------------------------------- */
static bool hs_os_mprotect(void* p, size_t size, int prot, const char* what) {
  if (mprotect(p, size, prot) == 0) return true;
  _hs_warning("unable to %s OS memory (error %d, address %p, size 0x%zx)", what, errno, p, size);
  return false;
}

bool _hs_os_commit(void* p, size_t size, bool* is_zero) {
  /* Whether the range reads as zeros depends on its history, which only the caller knows. */
  if (is_zero != NULL) *is_zero = false;
  if (size == 0) return true;
  if (!hs_os_mode_is_open() && !hs_os_mprotect(p, size, PROT_READ | PROT_WRITE, "commit")) return false;
  hs_stat_counter(commits, 1);
  hs_stat_increase(committed, size);
  return true;
}

/* Makes a partly committed range wholly accessible; only the `committed_before` bytes that
   were committed already are not counted again. */
bool _hs_os_commit_whole(void* p, size_t size, size_t committed_before) {
  if (committed_before >= size) return true;
  if (!hs_os_mode_is_open() && !hs_os_mprotect(p, size, PROT_READ | PROT_WRITE, "commit")) return false;
  hs_stat_counter(commits, 1);
  hs_stat_increase(committed, size - committed_before);
  return true;
}

bool _hs_os_decommit(void* p, size_t size) {
  if (size == 0) return true;
  bool ok = (madvise(p, size, MADV_DONTNEED) == 0);
  if (!ok) _hs_warning("unable to decommit OS memory (error %d, address %p, size 0x%zx)", errno, p, size);
  if (!hs_os_mode_is_open()) ok = hs_os_mprotect(p, size, PROT_NONE, "protect decommitted") && ok;
  hs_stat_decrease(committed, size);
  return ok;
}

bool _hs_os_reset(void* p, size_t size) {
  if (size == 0) return true;
  if (atomic_load_explicit(&hs_os_madv_free_works, memory_order_relaxed)) {
    if (madvise(p, size, MADV_FREE) == 0) return true;
    if (errno != EINVAL) return false;
    atomic_store_explicit(&hs_os_madv_free_works, false, memory_order_relaxed);   /* old kernel */
  }
  return madvise(p, size, MADV_DONTNEED) == 0;
}

/* True when the range was decommitted (the caller clears its commit bits), false when it was
   only reset and stays committed. */
bool _hs_os_purge(void* p, size_t size) {
  if (size == 0) return false;
  hs_stat_counter(purges, 1);
  hs_stat_counter(purged, size);
  if (hs_option_is_enabled(hs_option_purge_decommits)) {
    (void)_hs_os_decommit(p, size);   /* the pages are gone even if re-protecting failed */
    return true;
  }
  (void)_hs_os_reset(p, size);
  return false;
}

bool _hs_os_protect(void* p, size_t size) {
  return hs_os_mprotect(p, size, PROT_NONE, "protect");
}

bool _hs_os_unprotect(void* p, size_t size) {
  return hs_os_mprotect(p, size, PROT_READ | PROT_WRITE, "unprotect");
}

/* ---------------------------------------------------------------------------------------------
   Metadata
--------------------------------------------------------------------------------------------- */
void* _hs_os_alloc_meta(size_t size) {
  size = hs_align_up(size == 0 ? 1 : size, _hs_os_page_size());
  void* p = hs_os_mmap(size, true);
  if (p == NULL) _hs_warning("unable to allocate %zu bytes of metadata (error %d)", size, errno);
  return p;
}

void _hs_os_free_meta(void* p, size_t size) {
  if (p == NULL) return;
  hs_os_munmap(p, hs_align_up(size == 0 ? 1 : size, _hs_os_page_size()));
}

/* ---------------------------------------------------------------------------------------------
   Randomness
--------------------------------------------------------------------------------------------- */

/* A 64-bit mixer (splitmix64's finaliser): spreads weak entropy over every bit. */
static uint64_t hs_os_mix(uint64_t x) {
  x ^= x >> 30; x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27; x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

uint64_t _hs_os_random_seed(void) {
  uint64_t seed = 0;
  if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) == (ssize_t)sizeof(seed) && seed != 0) return seed;
  /* No kernel entropy yet (early boot) or no getrandom: time and addresses (ASLR) will do for
     free-list keys; they are not used for anything cryptographic. */
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  seed = hs_os_mix((uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec);
  seed ^= hs_os_mix((uint64_t)(uintptr_t)&seed);
  seed ^= hs_os_mix((uint64_t)(uintptr_t)&_hs_os_random_seed);
  seed ^= hs_os_mix((uint64_t)_hs_thread_id());
  return (seed == 0 ? 0x9e3779b97f4a7c15ULL : seed);
}
