/* The `system` backend: the process's own malloc, so that a preloaded allocator (mimalloc,
 * jemalloc, tcmalloc) or plain glibc runs the same scenario. It has no first-class heaps, no
 * options and no events; its snapshot holds what that allocator exposes, found at run time with
 * dlsym: mimalloc's mi_process_info and stats text, jemalloc's mallctl stats, tcmalloc's
 * MallocExtension properties, glibc's mallinfo2 and malloc_info. Built into its own executable,
 * heapscope-agent-system, which does not link the Heapscope core at all. */
#define _GNU_SOURCE
#include "agent.h"
#include "introspect.h"
#include "snapshot.h"

#include <dlfcn.h>
#include <gnu/libc-version.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

int64_t ag_clock_ms;

typedef enum { AG_SYS_GLIBC, AG_SYS_MIMALLOC, AG_SYS_JEMALLOC, AG_SYS_TCMALLOC } ag_sys_kind_t;

/* What the allocator exposes, looked up once. */
static struct {
  ag_sys_kind_t kind;
  char          name[96];
  int  (*mi_version)(void);
  void (*mi_collect)(bool force);
  void (*mi_stats_print_out)(void (*out)(const char*, void*), void* arg);
  void (*mi_process_info)(size_t*, size_t*, size_t*, size_t*, size_t*, size_t*, size_t*, size_t*);
  int  (*mallctl)(const char*, void*, size_t*, void*, size_t);
  void (*malloc_stats_print)(void (*cb)(void*, const char*), void*, const char*);
  int  (*tc_numeric)(const char*, size_t*);
  void (*tc_release)(void);
  void (*tc_stats)(char*, int);
  const char* (*tc_version)(int*, int*, const char**);
} ag_sys;

#define AG_LOOKUP(field, symbol) (*(void**)&ag_sys.field = dlsym(RTLD_DEFAULT, symbol))

static void ag_name(const char* a, const char* b) {
  char* end = ag_sys.name + sizeof(ag_sys.name) - 1;
  char* p = ag_fmt_str(ag_sys.name, end, a);
  p = ag_fmt_str(p, end, b);
  *p = 0;
}

static bool ag_sys_init(void) {
  AG_LOOKUP(mi_version, "mi_version");
  AG_LOOKUP(mi_collect, "mi_collect");
  AG_LOOKUP(mi_stats_print_out, "mi_stats_print_out");
  AG_LOOKUP(mi_process_info, "mi_process_info");
  AG_LOOKUP(mallctl, "mallctl");
  AG_LOOKUP(malloc_stats_print, "malloc_stats_print");
  AG_LOOKUP(tc_numeric, "MallocExtension_GetNumericProperty");
  AG_LOOKUP(tc_release, "MallocExtension_ReleaseFreeMemory");
  AG_LOOKUP(tc_stats, "MallocExtension_GetStats");
  AG_LOOKUP(tc_version, "tc_version");
  if (ag_sys.mi_version != NULL) {
    int v = ag_sys.mi_version();   /* 209 = 2.0.9 */
    char num[32];
    char* p = ag_fmt_u64(num, num + 30, (uint64_t)(v / 100));
    *p++ = '.';
    p = ag_fmt_u64(p, num + 30, (uint64_t)((v / 10) % 10));
    *p++ = '.';
    p = ag_fmt_u64(p, num + 30, (uint64_t)(v % 10));
    *p = 0;
    ag_sys.kind = AG_SYS_MIMALLOC;
    ag_name("mimalloc ", num);
  } else if (ag_sys.mallctl != NULL) {
    const char* version = NULL;
    size_t len = sizeof(version);
    ag_sys.kind = AG_SYS_JEMALLOC;
    if (ag_sys.mallctl("version", &version, &len, NULL, 0) == 0 && version != NULL) ag_name("jemalloc ", version);
    else ag_name("jemalloc", "");
  } else if (ag_sys.tc_numeric != NULL) {
    ag_sys.kind = AG_SYS_TCMALLOC;
    int major = 0, minor = 0;
    const char* patch = NULL;
    const char* version = (ag_sys.tc_version != NULL ? ag_sys.tc_version(&major, &minor, &patch) : NULL);
    ag_name(version != NULL ? version : "tcmalloc", "");
  } else {
    ag_sys.kind = AG_SYS_GLIBC;
    ag_name("glibc ", gnu_get_libc_version());
  }
  return true;
}

static const char* ag_sys_allocator(void) { return ag_sys.name; }

static void* ag_sys_alloc(void* heap, size_t size, size_t align, bool zero) {
  (void)heap;
  if (align != 0) {
    void* p = NULL;
    if (align < sizeof(void*)) align = sizeof(void*);
    if (posix_memalign(&p, align, size) != 0) return NULL;
    if (zero) memset(p, 0, size);
    return p;
  }
  return (zero ? calloc(1, size) : malloc(size));
}

static void*  ag_sys_realloc(void* heap, void* p, size_t size) { (void)heap; return realloc(p, size); }
static void   ag_sys_free(void* p) { free(p); }
static size_t ag_sys_usable(const void* p) { return malloc_usable_size((void*)p); }
static void   ag_sys_heap_set_default(void* heap) { (void)heap; }

/* The allocator's own way of giving back what it can. */
static void ag_sys_collect(void* heap, bool force) {
  (void)heap;
  switch (ag_sys.kind) {
    case AG_SYS_MIMALLOC: ag_sys.mi_collect(force); break;
    case AG_SYS_JEMALLOC:
      ag_sys.mallctl("thread.tcache.flush", NULL, NULL, NULL, 0);
      if (force) ag_sys.mallctl("arena.4096.purge", NULL, NULL, NULL, 0);   /* MALLCTL_ARENAS_ALL */
      break;
    case AG_SYS_TCMALLOC: if (force && ag_sys.tc_release != NULL) ag_sys.tc_release(); break;
    case AG_SYS_GLIBC:    if (force) malloc_trim(0); break;
  }
}

static void ag_sys_thread_register(ag_thread_t* t) { t->core_id = (uintptr_t)t->tid; }
static void ag_sys_thread_refresh(ag_thread_t* t) { (void)t; }
static int64_t ag_sys_advance(uint64_t ms) { ag_clock_ms += (int64_t)ms; return ag_clock_ms; }
static int ag_sys_set_option(const char* name, size_t len, int64_t value) { return AG_ERR_UNSUPPORTED; }

static bool ag_sys_validate(char* msg, size_t size, bool* supported) {
  *supported = false;
  char* p = ag_fmt_str(msg, msg + size - 1, "no validator: the system backend (");
  p = ag_fmt_str(p, msg + size - 1, ag_sys.name);
  p = ag_fmt_str(p, msg + size - 1, ") exposes no invariants");
  *p = 0;
  return true;
}

static void ag_sys_events(bool on, bool concurrent) { (void)on; (void)concurrent; }
static void ag_sys_names(ag_buf_t* out) { ag_put_u16(out, 0); ag_put_u16(out, 0); }

/* ------------------------------------------------------------------ snapshot */
static void ag_stat(ag_buf_t* out, uint16_t* n, const char* name, uint64_t current, uint64_t peak) {
  ag_put_str(out, name);
  ag_put_u64(out, current);
  ag_put_u64(out, peak);
  (*n)++;
}

static void ag_sys_stats(ag_buf_t* out) {
  size_t mark = ag_rec_begin(out, AG_REC_STATS);
  size_t count_at = out->len;
  uint16_t n = 0;
  ag_put_u16(out, 0);
  const uint64_t none = (uint64_t)-1;
  switch (ag_sys.kind) {
    case AG_SYS_MIMALLOC:
      if (ag_sys.mi_process_info != NULL) {
        size_t elapsed, user, sys, rss, peak_rss, commit, peak_commit, faults;
        ag_sys.mi_process_info(&elapsed, &user, &sys, &rss, &peak_rss, &commit, &peak_commit, &faults);
        ag_stat(out, &n, "rss", rss, peak_rss);
        ag_stat(out, &n, "committed", commit, peak_commit);
        ag_stat(out, &n, "page_faults", faults, none);
      }
      break;
    case AG_SYS_JEMALLOC: {
      uint64_t epoch = 1;
      size_t len = sizeof(epoch);
      ag_sys.mallctl("epoch", &epoch, &len, &epoch, len);
      static const char* names[] = { "stats.allocated", "stats.active", "stats.metadata",
                                     "stats.resident", "stats.mapped", "stats.retained" };
      for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        size_t v = 0;
        len = sizeof(v);
        if (ag_sys.mallctl(names[i], &v, &len, NULL, 0) == 0) ag_stat(out, &n, names[i] + 6, v, none);
      }
      break;
    }
    case AG_SYS_TCMALLOC: {
      static const char* names[] = { "generic.current_allocated_bytes", "generic.heap_size",
                                     "tcmalloc.pageheap_free_bytes", "tcmalloc.pageheap_unmapped_bytes" };
      for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        size_t v = 0;
        if (ag_sys.tc_numeric(names[i], &v)) ag_stat(out, &n, names[i], v, none);
      }
      break;
    }
    case AG_SYS_GLIBC: {
      struct mallinfo2 mi = mallinfo2();
      ag_stat(out, &n, "arena", mi.arena, none);
      ag_stat(out, &n, "ordblks", mi.ordblks, none);
      ag_stat(out, &n, "hblks", mi.hblks, none);
      ag_stat(out, &n, "hblkhd", mi.hblkhd, none);
      ag_stat(out, &n, "uordblks", mi.uordblks, none);
      ag_stat(out, &n, "fordblks", mi.fordblks, none);
      ag_stat(out, &n, "keepcost", mi.keepcost, none);
      const ag_glibc_arenas_t* a = &ag_glibc_arenas;   /* filled by ag_glibc_structure just before */
      for (size_t i = 0; i < a->n; i++) {
        char name[48];
        static const char* const what[] = { ".fast", ".rest", ".system" };
        uint64_t cur[] = { a->arena[i].fast, a->arena[i].rest, a->arena[i].current };
        for (int k = 0; k < 3; k++) {
          char* p = ag_fmt_str(name, name + sizeof(name) - 1, "arena");
          p = ag_fmt_u64(p, name + sizeof(name) - 1, a->arena[i].nr);
          p = ag_fmt_str(p, name + sizeof(name) - 1, what[k]);
          *p = 0;
          ag_stat(out, &n, name, cur[k], k == 2 ? a->arena[i].max : none);
        }
      }
      if (a->n > 0) ag_stat(out, &n, "mmap", a->mmap, none);
      break;
    }
  }
  if (!out->failed) { out->data[count_at] = (uint8_t)n; out->data[count_at + 1] = (uint8_t)(n >> 8); }
  ag_rec_end(out, mark);
}

static ag_buf_t* ag_text_out;
static void ag_text_mi(const char* msg, void* arg) { (void)arg; ag_put_bytes(ag_text_out, msg, strlen(msg)); }
static void ag_text_je(void* arg, const char* msg) { (void)arg; ag_put_bytes(ag_text_out, msg, strlen(msg)); }

/* The allocator's own report. glibc's malloc_info needs a FILE: it is written to a memfd (that
   FILE is the one small allocation the agent itself makes, and only on request). */
static void ag_sys_text(ag_buf_t* out) {
  size_t mark = ag_rec_begin(out, AG_REC_TEXT);
  ag_put_str(out, ag_sys.name);
  size_t len_at = out->len;
  ag_put_u32(out, 0);
  size_t start = out->len;
  ag_text_out = out;
  switch (ag_sys.kind) {
    case AG_SYS_MIMALLOC: if (ag_sys.mi_stats_print_out) ag_sys.mi_stats_print_out(ag_text_mi, NULL); break;
    case AG_SYS_JEMALLOC: if (ag_sys.malloc_stats_print) ag_sys.malloc_stats_print(ag_text_je, NULL, "J"); break;
    case AG_SYS_TCMALLOC:
      if (ag_sys.tc_stats != NULL && ag_buf_reserve(out, 64 << 10)) {
        ag_sys.tc_stats((char*)out->data + out->len, 64 << 10);
        out->len += strnlen((char*)out->data + out->len, 64 << 10);
      }
      break;
    case AG_SYS_GLIBC: {
      int fd = (int)syscall(SYS_memfd_create, "malloc_info", 0);
      if (fd < 0) break;
      FILE* f = fdopen(fd, "w+");
      if (f != NULL) {
        malloc_info(0, f);
        fflush(f);
        off_t size = lseek(fd, 0, SEEK_END);
        if (size > 0 && ag_buf_reserve(out, (size_t)size)) {
          ssize_t got = pread(fd, out->data + out->len, (size_t)size, 0);
          if (got > 0) out->len += (size_t)got;
        }
        fclose(f);
      } else {
        close(fd);
      }
      break;
    }
  }
  if (!out->failed) ag_store_u32(out->data + len_at, (uint32_t)(out->len - start));
  ag_rec_end(out, mark);
}

void ag_system_snapshot(ag_buf_t* out, uint8_t kind, uint8_t flags) {
  (void)kind;
  ag_snapshot_head(out, AG_SNAP_FULL, flags);   /* nothing is incremental here: always full */
  ag_process_record(out);
  if (flags & AG_SNAP_STATS) {
    switch (ag_sys.kind) {   /* the allocator's own structure: SYSPAGE records, then CLASSES below */
      case AG_SYS_MIMALLOC:
        if (ag_mimalloc_found()) ag_mimalloc_structure(out);
        else ag_classes_begin("none: mi_heap_visit_blocks not found", 0, NULL);
        break;
      case AG_SYS_JEMALLOC:
        if (ag_jemalloc_found()) ag_jemalloc_structure();
        else ag_classes_begin("none: mallctlbymib not found", 0, NULL);
        break;
      case AG_SYS_TCMALLOC:
        if (ag_tcmalloc_found()) ag_tcmalloc_structure();
        else ag_classes_begin("none: MallocExtension_GetStats not found", 0, NULL);
        break;
      case AG_SYS_GLIBC: ag_glibc_structure(); break;
    }
    ag_sys_stats(out);
    ag_classes_write(out);
  }
  if (flags & AG_SNAP_TEXT) ag_sys_text(out);
  ag_thread_records(out, NULL, NULL, NULL);
  size_t mark = ag_rec_begin(out, AG_REC_END);
  ag_rec_end(out, mark);
}

const ag_backend_t ag_backend_system = {
  .name = "system",
  .init = ag_sys_init,
  .allocator = ag_sys_allocator,
  .alloc = ag_sys_alloc,
  .realloc = ag_sys_realloc,
  .free = ag_sys_free,
  .usable = ag_sys_usable,
  .heap_new = NULL,
  .heap_set_default = ag_sys_heap_set_default,
  .collect = ag_sys_collect,
  .thread_register = ag_sys_thread_register,
  .thread_refresh = ag_sys_thread_refresh,
  .advance = ag_sys_advance,
  .set_option = ag_sys_set_option,
  .validate = ag_sys_validate,
  .snapshot = ag_system_snapshot,
  .events = ag_sys_events,
  .names = ag_sys_names,
  .free_list = NULL,
};
