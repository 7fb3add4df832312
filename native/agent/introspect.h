/* What a system allocator says about its own structure, sampled inside the agent per snapshot
 * (PROTOCOL.md, records CLASSES and SYSPAGE). Each allocator has its own part, active only when
 * its functions are found with dlsym, so the system agent carries no allocator's code:
 *
 *   introspect-classes.c   the uniform per-size-class table, and the live blocks per class
 *   introspect-mimalloc.c  mi_heap_visit_blocks in every scenario thread: its real pages
 *   introspect-glibc.c     malloc_info (XML, per arena) and mallinfo2
 *   introspect-jemalloc.c  mallctl: bins (curregs, curslabs, nonfull_slabs), large extents, tcache
 *   introspect-tcmalloc.c  MallocExtension: per-class free objects, free bytes by cache level
 *
 * The table is kept in the agent's static memory: building it never calls malloc.
 */
#ifndef AG_INTROSPECT_H
#define AG_INTROSPECT_H

#include "agent.h"

#define AG_LEVELS_MAX   6      /* cache levels an allocator names            */
#define AG_CLASSES_MAX  2048   /* rows of the table                          */
#define AG_UNKNOWN      ((int64_t)-1)

/* One size class: blocks whose usable size is in [from, to]. A figure the allocator does not
   give is AG_UNKNOWN, never 0. */
typedef struct ag_class_s {
  uint64_t from, to;
  int64_t  live_blocks, live_bytes;   /* the scenario's live handles, by their usable size */
  int64_t  pages, partial_pages;      /* pages / slabs / spans holding the class           */
  int64_t  held_free;                 /* bytes free but held, all levels together         */
  int64_t  level[AG_LEVELS_MAX];      /* ... by cache level                               */
  int64_t  counted;                   /* blocks the allocator counts as handed out         */
} ag_class_t;

/* Starts a table: where its figures come from and the allocator's cache levels. */
void ag_classes_begin(const char* source, int levels, const char* const* level_names);
/* Blocks a row's allocator counts as handed out beyond the scenario's live ones sit in this level
   (jemalloc: its thread caches); they are added to the row's held_free. */
void ag_classes_cached_level(int level);
/* The process-wide bytes held free at one level (AG_UNKNOWN when the allocator does not say). */
void ag_classes_level_total(int level, int64_t bytes);
/* The row [from, to], made when missing (NULL when the table is full). */
ag_class_t* ag_class_row(uint64_t from, uint64_t to);
/* Adds to a figure that may still be unknown. */
static inline void ag_figure_add(int64_t* figure, int64_t v) { *figure = (*figure < 0 ? 0 : *figure) + v; }
/* Counts every live handle into the row whose range holds its usable size (a row of its own when
   none does) and writes the CLASSES record. */
void ag_classes_write(ag_buf_t* out);

/* Each allocator's part: fills the table (and may write its own records, and extra STATS). */
bool ag_mimalloc_found(void);
void ag_mimalloc_structure(ag_buf_t* out);   /* SYSPAGE records + the table */
bool ag_jemalloc_found(void);
void ag_jemalloc_structure(void);
bool ag_tcmalloc_found(void);
void ag_tcmalloc_structure(void);
void ag_glibc_structure(void);
/* What malloc_info says per arena (STATS record: arena<nr>.fast, .rest, .system; mmap). */
#define AG_GLIBC_ARENAS 64
typedef struct {
  size_t n;
  struct { uint64_t nr, fast, rest, current, max; } arena[AG_GLIBC_ARENAS];
  uint64_t mmap;
} ag_glibc_arenas_t;
extern ag_glibc_arenas_t ag_glibc_arenas;

#endif /* AG_INTROSPECT_H */
