/* glibc's structure from malloc_info (glibc 2.36, malloc/malloc.c __malloc_info), per arena:
 * the free chunks of each fastbin and bin as <size from to total count/>, the unsorted bin, and
 * the arena's fast/rest totals and system bytes. Sizes there are chunk sizes; a block's usable
 * size is its chunk size less 8, so rows are shifted to usable sizes. Fastbin entries carry
 * from = size - 15, to = size; bin entries carry the chunks' raw size words, whose low bits are
 * flags (PREV_INUSE, and NON_MAIN_ARENA in thread arenas), masked off here. Chunks in the
 * per-thread tcache are not reported by malloc_info at all: that level is unknown. Pages are
 * not a glibc notion: unknown. The XML goes to a memfd through one FILE (the agent's only
 * allocation, as for the TEXT record); the bytes are read into agent-mapped memory. */
#define _GNU_SOURCE
#include "introspect.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

ag_glibc_arenas_t ag_glibc_arenas;
static ag_buf_t ag_xml;

static bool ag_read_xml(void) {
  ag_buf_reset(&ag_xml);
  int fd = (int)syscall(SYS_memfd_create, "malloc_info", 0);
  if (fd < 0) return false;
  FILE* f = fdopen(fd, "w+");
  if (f == NULL) { close(fd); return false; }
  malloc_info(0, f);
  fflush(f);
  off_t size = lseek(fd, 0, SEEK_END);
  bool ok = false;
  if (size > 0 && ag_buf_reserve(&ag_xml, (size_t)size + 1)) {
    ssize_t got = pread(fd, ag_xml.data, (size_t)size, 0);
    if (got > 0) { ag_xml.len = (size_t)got; ag_xml.data[ag_xml.len] = 0; ok = true; }
  }
  fclose(f);
  return ok;
}

/* The value of attribute `name` in the element starting at p (up to its '>'). */
static bool ag_attr(const char* p, const char* name, uint64_t* v) {
  const char* end = strchr(p, '>');
  size_t n = strlen(name);
  for (const char* q = p; q != NULL && q < end; q = strchr(q + 1, ' ')) {
    q++;
    if (strncmp(q, name, n) == 0 && q[n] == '=' && q[n + 1] == '"') {
      q += n + 2;
      uint64_t x = 0;
      while (*q >= '0' && *q <= '9') x = x * 10 + (uint64_t)(*q++ - '0');
      *v = x;
      return true;
    }
  }
  return false;
}

static bool ag_attr_is(const char* p, const char* name, const char* value) {
  const char* end = strchr(p, '>');
  char want[32];
  char* w = ag_fmt_str(want, want + sizeof(want) - 1, name);
  w = ag_fmt_str(w, want + sizeof(want) - 1, "=\"");
  w = ag_fmt_str(w, want + sizeof(want) - 1, value);
  w = ag_fmt_str(w, want + sizeof(want) - 1, "\"");
  *w = 0;
  const char* at = strstr(p, want);
  return at != NULL && (end == NULL || at < end);
}

static void ag_free_chunks(const char* p) {
  uint64_t from, to, total, count;
  if (!ag_attr(p, "from", &from) || !ag_attr(p, "to", &to) || !ag_attr(p, "total", &total)
      || !ag_attr(p, "count", &count) || count == 0) return;
  bool fast = (to & 15) == 0 && from + 15 == to;
  uint64_t lo = (fast ? to : from & ~(uint64_t)7), hi = to & ~(uint64_t)7;
  uint64_t bytes = (fast ? total : total - count * (from & 7));
  if (lo < 16) return;
  ag_class_t* r = ag_class_row(lo - 8, hi - 8);
  if (r == NULL) return;
  ag_figure_add(&r->held_free, (int64_t)bytes);
  ag_figure_add(&r->level[fast ? 1 : 2], (int64_t)bytes);
}

void ag_glibc_structure(void) {
  static const char* const levels[] = { "tcache", "fastbins", "bins" };
  ag_classes_begin("malloc_info", 3, levels);
  ag_glibc_arenas_t* a = &ag_glibc_arenas;
  memset(a, 0, sizeof(*a));
  if (!ag_read_xml()) return;
  int arena = -1;
  int64_t fast = 0, rest = 0;
  for (const char* p = strchr((const char*)ag_xml.data, '<'); p != NULL; p = strchr(p + 1, '<')) {
    if (strncmp(p, "<heap ", 6) == 0) {
      arena = (a->n < AG_GLIBC_ARENAS ? (int)a->n++ : -1);
      uint64_t nr = 0;
      if (arena >= 0) { ag_attr(p, "nr", &nr); a->arena[arena].nr = nr; }
    } else if (strncmp(p, "</heap>", 7) == 0) {
      arena = -1;
    } else if (strncmp(p, "<size ", 6) == 0 || strncmp(p, "<unsorted ", 10) == 0) {
      ag_free_chunks(p);
    } else if (strncmp(p, "<total ", 7) == 0) {
      uint64_t size = 0;
      ag_attr(p, "size", &size);
      bool is_fast = ag_attr_is(p, "type", "fast"), is_rest = ag_attr_is(p, "type", "rest");
      if (arena >= 0) {
        if (is_fast) a->arena[arena].fast = size;
        if (is_rest) a->arena[arena].rest = size;
      } else {
        if (is_fast) fast = (int64_t)size;
        if (is_rest) rest = (int64_t)size;
        if (ag_attr_is(p, "type", "mmap")) a->mmap = size;
      }
    } else if (strncmp(p, "<system ", 8) == 0 && arena >= 0) {
      uint64_t size = 0;
      ag_attr(p, "size", &size);
      if (ag_attr_is(p, "type", "current")) a->arena[arena].current = size;
      if (ag_attr_is(p, "type", "max")) a->arena[arena].max = size;
    }
  }
  ag_classes_level_total(1, fast);
  ag_classes_level_total(2, rest);
}
