/* The `core` backend: the Heapscope allocator, called explicitly (hs_*), with a virtual clock,
 * the event hook feeding the reply and the delta tracker, and full introspection. */
#include "agent.h"
#include "delta.h"
#include "snapshot.h"
#include "heapscope.h"

#include <string.h>

int64_t ag_clock_ms;

static hs_msecs_t ag_core_clock(void* arg) { (void)arg; return (hs_msecs_t)ag_clock_ms; }

static void ag_core_error(int err, const char* message, void* arg) {
  (void)err; (void)arg;
  ag_log("core: ", message, "");
}

static bool ag_core_init(void) {
  ag_clock_ms = 0;
  hs_clock_set(ag_core_clock, NULL);
  hs_register_error(ag_core_error, NULL);
  return true;
}

static const char* ag_core_allocator(void) { return "heapscope"; }

static void* ag_core_alloc(void* heap, size_t size, size_t align, bool zero) {
  hs_heap_t* h = (hs_heap_t*)heap;
  void* p;
  if (align != 0) {
    p = (h != NULL ? hs_heap_malloc_aligned(h, size, align) : hs_malloc_aligned(size, align));
    if (p != NULL && zero) memset(p, 0, size);
  } else if (zero) {
    p = (h != NULL ? hs_heap_zalloc(h, size) : hs_zalloc(size));
  } else {
    p = (h != NULL ? hs_heap_malloc(h, size) : hs_malloc(size));
  }
  return p;
}

static void* ag_core_realloc(void* heap, void* p, size_t size) {
  return (heap != NULL ? hs_heap_realloc((hs_heap_t*)heap, p, size) : hs_realloc(p, size));
}

static void   ag_core_free(void* p) { hs_free(p); }
static size_t ag_core_usable(const void* p) { return hs_usable_size(p); }
static void*  ag_core_heap_new(void) { return hs_heap_new(); }
static void   ag_core_heap_delete(void* heap) { hs_heap_delete((hs_heap_t*)heap); }
static void   ag_core_heap_destroy(void* heap) { hs_heap_destroy((hs_heap_t*)heap); }

static void ag_core_heap_set_default(void* heap) {
  hs_heap_set_default(heap != NULL ? (hs_heap_t*)heap : hs_heap_get_backing());
}

static void ag_core_collect(void* heap, bool force) {
  if (heap != NULL) hs_heap_collect((hs_heap_t*)heap, force);
  else hs_collect(force);
}

static size_t ag_core_free_list(uint64_t page, uint8_t list, uint32_t* out, size_t max) {
  return hs_inspect_list((uintptr_t)page, (hs_block_state_t)list, out, max);
}

static void ag_core_thread_register(ag_thread_t* t) {
  t->core_id = hs_thread_id();
  t->default_heap = (uintptr_t)hs_heap_get_default();
}

static void ag_core_thread_refresh(ag_thread_t* t) {
  t->default_heap = (uintptr_t)hs_heap_get_default();
  t->backing_heap = (uintptr_t)hs_heap_get_backing();
}

static int64_t ag_core_advance(uint64_t ms) {
  ag_clock_ms += (int64_t)ms;
  return ag_clock_ms;
}

static int ag_core_set_option(const char* name, size_t len, int64_t value) {
  char buf[64];
  if (len == 0 || len >= sizeof(buf)) return AG_ERR_BAD_ARGUMENT;
  memcpy(buf, name, len);
  buf[len] = 0;
  hs_option_t option;
  if (!hs_option_find(buf, &option)) return AG_ERR_BAD_ARGUMENT;
  hs_option_set(option, (long)value);
  return 0;
}

static bool ag_core_validate(char* msg, size_t size, bool* supported) {
  *supported = true;
  msg[0] = 0;
  return hs_validate(msg, size);
}

/* Each event goes into the reply and tells the delta tracker what to re-inspect. */
static void ag_core_event(const hs_event_t* e, void* arg) {
  (void)arg;
  ag_event_add((uint16_t)e->kind, e->segment, e->page, e->address, e->size, e->count);
  switch (e->kind) {
    case HS_EVENT_SEGMENT_ALLOC:
    case HS_EVENT_PURGE:
    case HS_EVENT_COMMIT:
      ag_delta_segment(e->segment);
      break;
    case HS_EVENT_SEGMENT_FREED:
    case HS_EVENT_SEGMENT_ABANDONED:
    case HS_EVENT_SEGMENT_RECLAIMED:
      ag_delta_segment_pages(e->segment);
      break;
    case HS_EVENT_PAGE_ALLOC:
    case HS_EVENT_PAGE_FREED:
      ag_delta_segment(e->segment);
      ag_delta_heaps();
      break;
    case HS_EVENT_HEAP_DESTROYED:
    case HS_EVENT_DELAYED_NOTIFY:
    case HS_EVENT_DELAYED_PROCESSED:
    case HS_EVENT_PAGE_RETIRED:
      ag_delta_heaps();
      break;
    default:
      break;
  }
  ag_delta_block(e->page);
  ag_delta_block(e->address);
}

static void ag_core_events(bool on, bool concurrent) {
  (void)concurrent;
  hs_set_event_hook(on ? ag_core_event : NULL, NULL);
}

static void ag_core_names(ag_buf_t* out) {
  ag_put_u16(out, (uint16_t)_HS_EVENT_LAST);
  for (int k = 0; k < _HS_EVENT_LAST; k++) ag_put_str(out, hs_event_name((hs_event_kind_t)k));
  ag_put_u16(out, (uint16_t)_hs_option_last);
  for (int o = 0; o < _hs_option_last; o++) ag_put_str(out, hs_option_name((hs_option_t)o));
}

static const char* ag_core_design(void) { return hs_design_name(); }

const ag_backend_t ag_backend_core = {
  .name = "core",
  .init = ag_core_init,
  .allocator = ag_core_allocator,
  .alloc = ag_core_alloc,
  .realloc = ag_core_realloc,
  .free = ag_core_free,
  .usable = ag_core_usable,
  .heap_new = ag_core_heap_new,
  .heap_delete = ag_core_heap_delete,
  .heap_destroy = ag_core_heap_destroy,
  .heap_set_default = ag_core_heap_set_default,
  .collect = ag_core_collect,
  .thread_register = ag_core_thread_register,
  .thread_refresh = ag_core_thread_refresh,
  .advance = ag_core_advance,
  .set_option = ag_core_set_option,
  .validate = ag_core_validate,
  .snapshot = ag_core_snapshot,
  .events = ag_core_events,
  .names = ag_core_names,
  .design = ag_core_design,
  .free_list = ag_core_free_list,
};
