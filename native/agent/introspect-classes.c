/* The uniform per-size-class table (PROTOCOL.md, record CLASSES). Rows are kept sorted by their
 * lower bound and never overlap; an allocator's part fills what it knows, and the live handles
 * are counted in at the end by the usable size the allocator gives each block. */
#include "introspect.h"

#include <string.h>

static struct {
  const char* source;
  int         levels;
  const char* level_names[AG_LEVELS_MAX];
  int64_t     level_total[AG_LEVELS_MAX];
  int         cached_level;
  size_t      n;
  uint64_t    unclassified_blocks, unclassified_bytes;   /* the table was full */
  ag_class_t  rows[AG_CLASSES_MAX];
} ag_tab;

void ag_classes_begin(const char* source, int levels, const char* const* level_names) {
  ag_tab.source = source;
  ag_tab.levels = (levels > AG_LEVELS_MAX ? AG_LEVELS_MAX : levels);
  for (int i = 0; i < ag_tab.levels; i++) {
    ag_tab.level_names[i] = level_names[i];
    ag_tab.level_total[i] = AG_UNKNOWN;
  }
  ag_tab.cached_level = -1;
  ag_tab.n = 0;
  ag_tab.unclassified_blocks = ag_tab.unclassified_bytes = 0;
}

void ag_classes_cached_level(int level) { ag_tab.cached_level = level; }

void ag_classes_level_total(int level, int64_t bytes) {
  if (level >= 0 && level < ag_tab.levels) ag_tab.level_total[level] = bytes;
}

/* First row whose upper bound is >= size. */
static size_t ag_lower(uint64_t size) {
  size_t lo = 0, hi = ag_tab.n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (ag_tab.rows[mid].to < size) lo = mid + 1; else hi = mid;
  }
  return lo;
}

ag_class_t* ag_class_row(uint64_t from, uint64_t to) {
  if (to < from) to = from;
  size_t i = ag_lower(from);
  if (i < ag_tab.n && ag_tab.rows[i].from <= from && ag_tab.rows[i].to >= to) return &ag_tab.rows[i];
  if (i < ag_tab.n && ag_tab.rows[i].from <= to) {
    /* overlaps a row without being inside it: widen that row (glibc's bins can do this) */
    ag_class_t* r = &ag_tab.rows[i];
    if (from < r->from) r->from = from;
    if (to > r->to) r->to = to;
    return r;
  }
  if (ag_tab.n == AG_CLASSES_MAX) return NULL;
  memmove(&ag_tab.rows[i + 1], &ag_tab.rows[i], (ag_tab.n - i) * sizeof(ag_class_t));
  ag_tab.n++;
  ag_class_t* r = &ag_tab.rows[i];
  r->from = from;
  r->to = to;
  r->live_blocks = r->live_bytes = 0;
  r->pages = r->partial_pages = r->held_free = AG_UNKNOWN;
  for (int l = 0; l < AG_LEVELS_MAX; l++) r->level[l] = AG_UNKNOWN;
  r->counted = AG_UNKNOWN;
  return r;
}

static void ag_count_live(void) {
  for (uint32_t id = 1; id < ag_handle_high; id++) {
    ag_handle_t* h = ag_handle_at(id);
    if (h == NULL || h->state != AG_HANDLE_LIVE || h->ptr == NULL) continue;
    uint64_t usable = ag_backend->usable(h->ptr);
    size_t i = ag_lower(usable);
    ag_class_t* r = (i < ag_tab.n && ag_tab.rows[i].from <= usable ? &ag_tab.rows[i] : ag_class_row(usable, usable));
    if (r == NULL) { ag_tab.unclassified_blocks++; ag_tab.unclassified_bytes += usable; continue; }
    r->live_blocks++;
    r->live_bytes += (int64_t)usable;
  }
  if (ag_tab.cached_level < 0) return;
  for (size_t i = 0; i < ag_tab.n; i++) {
    ag_class_t* r = &ag_tab.rows[i];
    if (r->counted < 0) continue;
    int64_t extra = (r->counted > r->live_blocks ? r->counted - r->live_blocks : 0) * (int64_t)r->to;
    ag_figure_add(&r->level[ag_tab.cached_level], extra);
    ag_figure_add(&r->held_free, extra);
  }
}

void ag_classes_write(ag_buf_t* out) {
  ag_count_live();
  size_t mark = ag_rec_begin(out, AG_REC_CLASSES);
  ag_put_str(out, ag_tab.source);
  ag_put_u8(out, (uint8_t)ag_tab.levels);
  for (int l = 0; l < ag_tab.levels; l++) {
    ag_put_str(out, ag_tab.level_names[l]);
    ag_put_u64(out, (uint64_t)ag_tab.level_total[l]);
  }
  ag_put_u64(out, ag_tab.unclassified_blocks);
  ag_put_u64(out, ag_tab.unclassified_bytes);
  ag_put_u32(out, (uint32_t)ag_tab.n);
  for (size_t i = 0; i < ag_tab.n; i++) {
    const ag_class_t* r = &ag_tab.rows[i];
    ag_put_u64(out, r->from);
    ag_put_u64(out, r->to);
    ag_put_u64(out, (uint64_t)r->live_blocks);
    ag_put_u64(out, (uint64_t)r->live_bytes);
    ag_put_u64(out, (uint64_t)r->pages);
    ag_put_u64(out, (uint64_t)r->partial_pages);
    ag_put_u64(out, (uint64_t)r->held_free);
    for (int l = 0; l < ag_tab.levels; l++) ag_put_u64(out, (uint64_t)r->level[l]);
  }
  ag_rec_end(out, mark);
}
