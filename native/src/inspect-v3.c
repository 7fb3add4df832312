/* Inspection of the v3 design (inspect.c asks here when the core runs v3).
 *
 * v3 has no segments: the walk reports arenas and pages. Each arena is reported as an
 * hs_arena_info_t whose blocks are its 64 KiB slices (blocks_inuse: slices of a page;
 * blocks_abandoned: first slices of pages offered for reclaim); each page is reported with a
 * segment record that describes the arena it was carved from (address = arena start,
 * arena_id = arena index, slice_count = the arena's slices), and its slice_index counts from the
 * arena's start. Like the rest of inspection it allocates nothing from the core.
 */
#include "internal.h"
#include "page-v3.h"

#include <string.h>

static uint64_t* hs_v3_info_bits;        /* blocks_inuse and blocks_abandoned of one arena */
static size_t    hs_v3_info_bits_size;
static uintptr_t* hs_v3_pages;           /* sorted live pages, gathered per walk            */
static size_t    hs_v3_pages_size;
static size_t    hs_v3_pages_count;

static void* hs_v3_grow(void* p, size_t* size, size_t want) {
  if (want <= *size) return p;
  size_t n = (*size == 0 ? 64 * HS_KiB : *size);
  while (n < want) n *= 2;
  void* q = _hs_os_alloc_meta(n);
  if (q == NULL) return NULL;
  if (p != NULL) _hs_os_free_meta(p, *size);
  *size = n;
  return q;
}

bool _hs_v3_inspect_gather_pages(void) {
  _hs_v3_registry_lock();
  size_t n = 0;
  for (hs_v3_page_t* vp = _hs_v3_registry_first(); vp != NULL; vp = vp->reg_next) n++;
  uintptr_t* set = (uintptr_t*)hs_v3_grow(hs_v3_pages, &hs_v3_pages_size, (n + 1) * sizeof(uintptr_t));
  if (set == NULL) { _hs_v3_registry_unlock(); return false; }
  hs_v3_pages = set;
  size_t i = 0;
  for (hs_v3_page_t* vp = _hs_v3_registry_first(); vp != NULL; vp = vp->reg_next) set[i++] = (uintptr_t)vp;
  _hs_v3_registry_unlock();
  _hs_inspect_sort(set, n, 1);
  hs_v3_pages_count = n;
  return true;
}

size_t _hs_v3_inspect_pages(const uintptr_t** set) {
  *set = hs_v3_pages;
  return hs_v3_pages_count;
}

bool _hs_v3_arena_info(size_t index, hs_arena_info_t* out) {
  hs_v3_arena_slot_t* slot = _hs_v3_arena_at(index);
  if (slot == NULL) return false;
  const hs_v3_arena_t* a = &slot->slices;
  const size_t words = a->slice_count / 64;
  uint64_t* bits = (uint64_t*)hs_v3_grow(hs_v3_info_bits, &hs_v3_info_bits_size, 2 * words * sizeof(uint64_t));
  if (bits == NULL) return false;
  hs_v3_info_bits = bits;
  for (size_t w = 0; w < words; w++) bits[w] = ~a->free[w];
  memset(bits + words, 0, words * sizeof(uint64_t));
  const hs_v3_abandoned_t* ab = &slot->abandoned;
  for (size_t bin = 1; bin < HS_V3_ABANDON_BINS; bin++) {
    if (ab->count[bin] == 0) continue;
    for (size_t w = 0; w < words && w < ab->words; w++) bits[words + w] |= ab->bits[bin * ab->words + w];
  }
  memset(out, 0, sizeof(*out));
  out->id = (int)index;
  out->start = (uintptr_t)a->start;
  out->size = a->slice_count * HS_V3_SLICE_SIZE;
  out->block_size = HS_V3_SLICE_SIZE;
  out->block_count = a->slice_count;
  out->field_count = words;
  out->blocks_inuse = bits;
  out->blocks_dirty = a->dirty;
  out->blocks_committed = a->committed;
  out->blocks_purge = a->purge;
  out->blocks_abandoned = bits + words;
  out->purge_expire = a->purge_expire_ms;
  return true;
}

void _hs_v3_segment_info_of(const hs_page_t* page, hs_segment_info_t* out) {
  const hs_v3_page_t* vp = hs_v3_page(page);
  const hs_v3_arena_t* a = &vp->arena->slices;
  memset(out, 0, sizeof(*out));
  out->address = (uintptr_t)a->start;
  out->size = a->slice_count * HS_V3_SLICE_SIZE;
  out->arena_id = (int)vp->arena->index;
  out->slice_count = a->slice_count;
  out->abandoned_at = -1;
  out->thread_id = hs_atomic_load_relaxed(&((hs_v3_page_t*)vp)->thread_id);
  out->abandoned = vp->abandoned;
  out->abandoned_by = vp->abandoned_by;
  out->reclaimed_by = vp->reclaimed_by;
  out->reclaim_count = vp->reclaim_count;
}

size_t _hs_v3_page_slice_index(const hs_page_t* page) { return hs_v3_page_slice(hs_v3_page(page)); }

hs_page_kind_t _hs_v3_page_kind(const hs_page_t* page) {
  if (page->is_huge) return HS_PAGE_HUGE;
  switch (_hs_v3_page_kind_of(page->block_size)) {
    case HS_V3_PAGE_SMALL:  return HS_PAGE_SMALL;
    case HS_V3_PAGE_MEDIUM: return HS_PAGE_MEDIUM;
    case HS_V3_PAGE_LARGE:  return HS_PAGE_LARGE;
    default:                return HS_PAGE_HUGE;
  }
}

/* The live page holding `p`, through the page map; NULL when none. */
const hs_page_t* _hs_v3_inspect_page_of(uintptr_t p) {
  const hs_page_t* page = (const hs_page_t*)_hs_page_map_lookup((const void*)p);
  if (page == NULL || page->block_size == 0) return NULL;
  return page;
}

void _hs_v3_stats_add_pages(hs_stats_t* out) {
  _hs_v3_registry_lock();
  for (const hs_v3_page_t* vp = _hs_v3_registry_first(); vp != NULL; vp = vp->reg_next) {
    const hs_page_t* page = &vp->page;
    const size_t bin = (page->block_size > HS_MEDIUM_OBJ_SIZE_MAX ? HS_BIN_HUGE : _hs_bin(page->block_size));
    out->page_used += (int64_t)page->used * (int64_t)page->block_size;
    out->bin_blocks[bin] += page->used;
    out->bin_pages[bin] += 1;
  }
  _hs_v3_registry_unlock();
}
