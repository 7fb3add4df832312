/* tcmalloc's structure through MallocExtension's C interface (gperftools 2.10). Per size class
 * it gives only the free objects of all its caches together (thread, transfer and central): the
 * "class N [ S bytes ] : K objs" lines of MallocExtension_GetStats, which prints them when its
 * buffer holds at least 10,000 bytes (src/tcmalloc.cc, GetStats / DumpStats level 2). The split
 * by cache level exists only in total, as numeric properties. Spans per class are not exposed. */
#define _GNU_SOURCE
#include "introspect.h"

#include <dlfcn.h>
#include <string.h>

#define AG_TC_STATS (64 << 10)

static struct {
  void (*stats)(char*, int);
  int  (*numeric)(const char*, size_t*);
  bool looked;
} ag_tc;

bool ag_tcmalloc_found(void) {
  if (!ag_tc.looked) {
    *(void**)&ag_tc.stats = dlsym(RTLD_DEFAULT, "MallocExtension_GetStats");
    *(void**)&ag_tc.numeric = dlsym(RTLD_DEFAULT, "MallocExtension_GetNumericProperty");
    ag_tc.looked = true;
  }
  return ag_tc.stats != NULL && ag_tc.numeric != NULL;
}

static const char* ag_skip(const char* p) { while (*p == ' ') p++; return p; }

static const char* ag_number(const char* p, uint64_t* v) {
  p = ag_skip(p);
  if (*p < '0' || *p > '9') return NULL;
  uint64_t n = 0;
  while (*p >= '0' && *p <= '9') n = n * 10 + (uint64_t)(*p++ - '0');
  *v = n;
  return p;
}

/* "class   8 [      112 bytes ] :       56 objs; ..." */
static void ag_tc_line(const char* p) {
  uint64_t cls, size, objs;
  if (strncmp(p, "class", 5) != 0 || (p = ag_number(p + 5, &cls)) == NULL) return;
  p = ag_skip(p);
  if (*p++ != '[' || (p = ag_number(p, &size)) == NULL) return;
  p = ag_skip(p);
  if (strncmp(p, "bytes ]", 7) != 0) return;
  p = ag_skip(p + 7);
  if (*p++ != ':' || (p = ag_number(p, &objs)) == NULL) return;
  ag_class_t* r = ag_class_row(size, size);
  if (r != NULL) ag_figure_add(&r->held_free, (int64_t)(objs * size));
}

static int64_t ag_tc_property(const char* name) {
  size_t v = 0;
  return (ag_tc.numeric(name, &v) ? (int64_t)v : AG_UNKNOWN);
}

void ag_tcmalloc_structure(void) {
  static const char* const levels[] = { "thread", "transfer", "central", "page_heap" };
  static char text[AG_TC_STATS];
  ag_classes_begin("MallocExtension_GetStats", 4, levels);
  text[0] = 0;
  ag_tc.stats(text, (int)sizeof(text));
  text[sizeof(text) - 1] = 0;
  for (char* line = text; line != NULL && *line != 0;) {
    char* nl = strchr(line, '\n');
    if (nl != NULL) *nl = 0;
    ag_tc_line(line);
    line = (nl != NULL ? nl + 1 : NULL);
  }
  ag_classes_level_total(0, ag_tc_property("tcmalloc.thread_cache_free_bytes"));
  ag_classes_level_total(1, ag_tc_property("tcmalloc.transfer_cache_free_bytes"));
  ag_classes_level_total(2, ag_tc_property("tcmalloc.central_cache_free_bytes"));
  ag_classes_level_total(3, ag_tc_property("tcmalloc.pageheap_free_bytes"));
}
