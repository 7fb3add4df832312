/* mimalloc's structure from its own visitor. mi_heap_visit_blocks walks only the calling thread's
 * heap, so it runs on every scenario thread in turn (the agent's main thread allocates nothing).
 * With visit_all_blocks false it calls back once per page ("area") with: the page's first block,
 * its reserved and committed bytes, its used blocks and its block size (2.0.9: include/mimalloc.h,
 * mi_heap_area_t; src/heap.c, mi_heap_visit_areas_page: reserved = page->reserved * block size,
 * committed = page->capacity * block size, used = page->used). What the visitor does not give
 * (free-list membership, the segment, pages of exited threads, which mimalloc abandons) is not
 * sent: the client shows it as unknown. */
#define _GNU_SOURCE
#include "introspect.h"

#include <dlfcn.h>

typedef struct mi_heap_area_s {   /* the 2.0.x layout */
  void*  blocks;
  size_t reserved;
  size_t committed;
  size_t used;
  size_t block_size;
  size_t full_block_size;
} ag_mi_area_t;

typedef bool (ag_mi_visit_fn)(const void* heap, const ag_mi_area_t* area, void* block, size_t size, void* arg);

static struct {
  void* (*get_default)(void);
  bool  (*visit)(const void* heap, bool all_blocks, ag_mi_visit_fn* fn, void* arg);
  bool  looked;
} ag_mi;

bool ag_mimalloc_found(void) {
  if (!ag_mi.looked) {
    *(void**)&ag_mi.get_default = dlsym(RTLD_DEFAULT, "mi_heap_get_default");
    *(void**)&ag_mi.visit = dlsym(RTLD_DEFAULT, "mi_heap_visit_blocks");
    ag_mi.looked = true;
  }
  return ag_mi.get_default != NULL && ag_mi.visit != NULL;
}

typedef struct { ag_buf_t* out; uint16_t thread; int64_t held; } ag_mi_walk_t;

static bool ag_mi_area(const void* heap, const ag_mi_area_t* area, void* block, size_t size, void* arg) {
  (void)heap; (void)block; (void)size;
  ag_mi_walk_t* w = (ag_mi_walk_t*)arg;
  size_t mark = ag_rec_begin(w->out, AG_REC_SYSPAGE);
  ag_put_u64(w->out, (uint64_t)(uintptr_t)area->blocks);
  ag_put_u64(w->out, area->block_size);
  ag_put_u64(w->out, area->full_block_size);
  ag_put_u64(w->out, area->reserved);
  ag_put_u64(w->out, area->committed);
  ag_put_u64(w->out, area->used);
  ag_put_u16(w->out, w->thread);
  ag_rec_end(w->out, mark);

  size_t full = (area->full_block_size != 0 ? area->full_block_size : area->block_size);
  ag_class_t* r = ag_class_row(area->block_size, area->block_size);
  if (r != NULL && full != 0) {
    uint64_t blocks = area->reserved / full;
    ag_figure_add(&r->pages, 1);
    ag_figure_add(&r->partial_pages, (area->used > 0 && area->used < blocks) ? 1 : 0);
    int64_t held = (int64_t)area->committed - (int64_t)(area->used * full);
    if (held < 0) held = 0;
    ag_figure_add(&r->held_free, held);
    ag_figure_add(&r->level[0], held);
    w->held += held;
  }
  return true;
}

static void ag_mi_walk_thread(ag_thread_t* t, void* arg) {
  ag_mi_walk_t* w = (ag_mi_walk_t*)arg;
  w->thread = (uint16_t)t->index;
  ag_mi.visit(ag_mi.get_default(), false, ag_mi_area, w);
}

void ag_mimalloc_structure(ag_buf_t* out) {
  static const char* const levels[] = { "page" };
  ag_classes_begin("mi_heap_visit_blocks", 1, levels);
  ag_mi_walk_t w = { out, AG_THREAD_NONE, 0 };
  for (int i = 0; i < AG_THREAD_MAX; i++) {
    uint8_t s = ag_threads[i].state;
    if (s == AG_THREAD_READY || s == AG_THREAD_PARKED) ag_thread_call(i, ag_mi_walk_thread, &w);
  }
  ag_classes_level_total(0, w.held);
}
