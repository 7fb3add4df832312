/* The v3 page map: from any address to the page that holds it.
 *
 * mimalloc v3 (v3.4.3) has no segments to mask a pointer down to; instead every 64 KiB slice of
 * the address space has an entry naming the page that covers it. The map is two-level, as
 * v3.4.3 uses by default on 48-bit address spaces: a top level of 2^19 sub-map pointers
 * (4 MiB of reserved address space, touched only where used), and sub-maps of 2^13 page
 * pointers, each covering 512 MiB of addresses and made on the first registration there.
 *
 * Lookups take no lock and may run on any thread at any time: sub-maps are never freed once
 * published, so a lookup reads at worst a stale NULL or a stale page for a range that is being
 * changed by its owner. Registration (a page created or released) runs on slow paths under
 * one lock, which only serialises the making of sub-maps.
 *
 * Like the rest of the core, this may run inside malloc under LD_PRELOAD: its memory comes from
 * the OS metadata allocator, never from a heap.
 */
#include "internal.h"
#include "types-v3.h"

#include <errno.h>

typedef _Atomic(void*) hs_page_map_entry_t;

static _Atomic(hs_page_map_entry_t*)* _Atomic hs_page_map_top;   /* NULL until first use */
static _Atomic(size_t)                        hs_page_map_submaps;
static pthread_mutex_t                        hs_page_map_lock = PTHREAD_MUTEX_INITIALIZER;

static inline size_t hs_page_map_slice(uintptr_t u)  { return (size_t)(u >> HS_V3_SLICE_SHIFT); }
static inline size_t hs_page_map_top_index(size_t s) { return s >> HS_V3_PAGE_MAP_SUB_SHIFT; }
static inline size_t hs_page_map_sub_index(size_t s) { return s & (HS_V3_PAGE_MAP_SUB_COUNT - 1); }

/* The top level, made on first use (under the lock). */
static _Atomic(hs_page_map_entry_t*)* hs_page_map_top_get_locked(void) {
  _Atomic(hs_page_map_entry_t*)* top = hs_atomic_load_acquire(&hs_page_map_top);
  if (top == NULL) {
    top = _hs_os_alloc_meta(HS_V3_PAGE_MAP_COUNT * sizeof(*top));
    if (top != NULL) hs_atomic_store_release(&hs_page_map_top, top);
  }
  return top;
}

/* The sub-map for top-level `index`, made when `create` (under the lock). */
static hs_page_map_entry_t* hs_page_map_sub_get_locked(_Atomic(hs_page_map_entry_t*)* top,
                                                        size_t index) {
  hs_page_map_entry_t* sub = hs_atomic_load_acquire(&top[index]);
  if (sub == NULL) {
    sub = _hs_os_alloc_meta(HS_V3_PAGE_MAP_SUB_COUNT * sizeof(*sub));
    if (sub == NULL) return NULL;
    hs_atomic_store_release(&top[index], sub);
    atomic_fetch_add_explicit(&hs_page_map_submaps, 1, memory_order_relaxed);
  }
  return sub;
}

static bool hs_page_map_range_ok(const void* start, size_t size) {
  const uintptr_t u = (uintptr_t)start;
  if (size == 0 || (u & (HS_V3_SLICE_SIZE - 1)) != 0 || (size & (HS_V3_SLICE_SIZE - 1)) != 0) {
    return false;
  }
  return u + size > u && ((u + size - 1) >> HS_V3_VA_BITS) == 0;
}

/* Set every slice entry of [start, start+size) to `page` (NULL clears). */
static bool hs_page_map_set(const void* start, size_t size, void* page) {
  if (!hs_page_map_range_ok(start, size)) {
    _hs_error(EINVAL, "page map: range %p + 0x%zx is not whole 64 KiB slices below 2^48",
              start, size);
    return false;
  }
  bool ok = true;
  pthread_mutex_lock(&hs_page_map_lock);
  _Atomic(hs_page_map_entry_t*)* top = hs_page_map_top_get_locked();
  const size_t first = hs_page_map_slice((uintptr_t)start);
  const size_t count = size >> HS_V3_SLICE_SHIFT;
  for (size_t s = first; ok && s < first + count; s++) {
    hs_page_map_entry_t* sub = NULL;
    if (top != NULL) {
      sub = (page != NULL ? hs_page_map_sub_get_locked(top, hs_page_map_top_index(s))
                          : hs_atomic_load_acquire(&top[hs_page_map_top_index(s)]));
    }
    if (sub != NULL) {
      hs_atomic_store_release(&sub[hs_page_map_sub_index(s)], page);
    } else if (page != NULL) {
      ok = false;   /* out of metadata memory: undo below */
    }
  }
  pthread_mutex_unlock(&hs_page_map_lock);
  if (!ok) {
    _hs_error(ENOMEM, "page map: no memory for the entries of %p + 0x%zx", start, size);
    hs_page_map_set(start, size, NULL);
  }
  return ok;
}

bool _hs_page_map_register(const void* start, size_t size, void* page) {
  if (page == NULL) return false;
  return hs_page_map_set(start, size, page);
}

void _hs_page_map_unregister(const void* start, size_t size) {
  (void)hs_page_map_set(start, size, NULL);
}

void* _hs_page_map_lookup(const void* p) {
  const uintptr_t u = (uintptr_t)p;
  if ((u >> HS_V3_VA_BITS) != 0) return NULL;
  _Atomic(hs_page_map_entry_t*)* top = hs_atomic_load_acquire(&hs_page_map_top);
  if (top == NULL) return NULL;
  const size_t s = hs_page_map_slice(u);
  hs_page_map_entry_t* sub = hs_atomic_load_acquire(&top[hs_page_map_top_index(s)]);
  if (sub == NULL) return NULL;
  return hs_atomic_load_acquire(&sub[hs_page_map_sub_index(s)]);
}

size_t _hs_page_map_submap_count(void) {
  return atomic_load_explicit(&hs_page_map_submaps, memory_order_relaxed);
}

void _hs_page_map_fork_lock(void)   { pthread_mutex_lock(&hs_page_map_lock); }
void _hs_page_map_fork_unlock(void) { pthread_mutex_unlock(&hs_page_map_lock); }
