/* v3 pages carved from an arena: the right number of slices for the page kind, entered in the
 * page map so that any pointer into the page finds it, and released the other way round.
 *
 * In v3.4.3 a page's metadata sits at the start of its own slices (a singleton page is sized
 * to its metadata plus its one block), so the page map names the page's first byte.
 */
#include "internal.h"
#include "arena-pages-v3.h"

#include <errno.h>

void* _hs_v3_arena_page_carve(hs_v3_arena_t* arena, size_t block_size, size_t info_size,
                              size_t* page_size) {
  const size_t size = _hs_v3_page_size_of(block_size, info_size);
  void* page = _hs_v3_arena_slices_alloc(arena, size / HS_V3_SLICE_SIZE, NULL);
  if (page == NULL) return NULL;
  if (!_hs_page_map_register(page, size, page)) {
    (void)_hs_v3_arena_slices_free(arena, page, size / HS_V3_SLICE_SIZE, 0);
    return NULL;
  }
  *page_size = size;
  return page;
}

bool _hs_v3_arena_page_release(hs_v3_arena_t* arena, void* page, size_t page_size, int64_t now_ms) {
  if (_hs_page_map_lookup(page) != page) {
    _hs_error(EINVAL, "v3 arena: %p is not the start of a carved page", page);
    return false;
  }
  _hs_page_map_unregister(page, page_size);
  return _hs_v3_arena_slices_free(arena, page, page_size / HS_V3_SLICE_SIZE, now_ms);
}
