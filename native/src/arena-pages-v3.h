/* v3 pages carved from arenas (arena-pages-v3.c). */
#ifndef HS_ARENA_PAGES_V3_H
#define HS_ARENA_PAGES_V3_H

#include "arena-slices-v3.h"

/* A page for blocks of `block_size` (kind and size by v3's limits; `info_size` bytes of page
   metadata count towards a singleton), mapped in the page map; NULL when the arena is full. */
void* _hs_v3_arena_page_carve(hs_v3_arena_t* arena, size_t block_size, size_t info_size,
                              size_t* page_size);
/* Unmap a carved page and return its slices (purged after the arena's delay). */
bool  _hs_v3_arena_page_release(hs_v3_arena_t* arena, void* page, size_t page_size, int64_t now_ms);

#endif
