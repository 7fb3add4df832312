/* Heapscope core: the sizes and shapes of mimalloc's v3 design (v3.4.3), beside the v2 ones in
 * types.h. v3 has no segments: pages are carved straight from arenas in slices, and a pointer
 * finds its page through the page map (page-map.c) instead of by masking to a segment.
 *
 * Every figure below is checked against v3.4.3's include/mimalloc/types.h and internal.h
 * (64-bit build, large pages enabled, which is v3.4.3's default).
 */
#ifndef HS_TYPES_V3_H
#define HS_TYPES_V3_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HS_KiB                    ((size_t)1024)
#define HS_MiB                    (HS_KiB * HS_KiB)

/* Arenas hand out memory in 64 KiB slices; their bitmaps are made of 512-bit chunks, and an
   arena holds at least one chunk of slices (32 MiB). */
#define HS_V3_SLICE_SHIFT         16
#define HS_V3_SLICE_SIZE          ((size_t)1 << HS_V3_SLICE_SHIFT)          /* 64 KiB  */
#define HS_V3_BCHUNK_BITS         512
#define HS_V3_ARENA_MIN_SIZE      (HS_V3_BCHUNK_BITS * HS_V3_SLICE_SIZE)    /* 32 MiB  */

/* Page kinds and their sizes: a small page is one slice, a medium page one byte of a chunk's
   bitmap (8 slices), a large page one word of it (64 slices). */
#define HS_V3_SMALL_PAGE_SIZE     HS_V3_SLICE_SIZE                          /* 64 KiB  */
#define HS_V3_MEDIUM_PAGE_SIZE    (8 * HS_V3_SMALL_PAGE_SIZE)               /* 512 KiB */
#define HS_V3_LARGE_PAGE_SIZE     (8 * HS_V3_MEDIUM_PAGE_SIZE)              /* 4 MiB   */

/* Largest block of each kind: a page of the kind holds at least six blocks of its limit after
   the 4 KiB start alignment (small, medium); large pages hold at least eight. Anything larger
   gets a singleton page of its own. */
#define HS_V3_PAGE_START_ALIGN    (4 * HS_KiB)
#define HS_V3_SMALL_OBJ_SIZE_MAX  ((HS_V3_SMALL_PAGE_SIZE - HS_V3_PAGE_START_ALIGN) / 6)   /* 10 KiB */
#define HS_V3_MEDIUM_OBJ_SIZE_MAX ((HS_V3_MEDIUM_PAGE_SIZE - HS_V3_PAGE_START_ALIGN) / 6)  /* 86,698 bytes, about 84.7 KiB */
#define HS_V3_LARGE_OBJ_SIZE_MAX  (HS_V3_LARGE_PAGE_SIZE / 8)                               /* 512 KiB */

/* The page map is two-level over a 48-bit address space: one entry per slice, in sub-maps of
   2^13 entries (a sub-map covers 512 MiB of addresses), found through a top level of 2^19
   sub-map pointers. */
#define HS_V3_VA_BITS             48
#define HS_V3_PAGE_MAP_SUB_SHIFT  13
#define HS_V3_PAGE_MAP_SUB_COUNT  ((size_t)1 << HS_V3_PAGE_MAP_SUB_SHIFT)
#define HS_V3_PAGE_MAP_SHIFT      (HS_V3_VA_BITS - HS_V3_PAGE_MAP_SUB_SHIFT - HS_V3_SLICE_SHIFT)
#define HS_V3_PAGE_MAP_COUNT      ((size_t)1 << HS_V3_PAGE_MAP_SHIFT)

typedef enum hs_v3_page_kind_e {
  HS_V3_PAGE_SMALL,       /* 64 KiB, blocks up to 10 KiB       */
  HS_V3_PAGE_MEDIUM,      /* 512 KiB, blocks up to ~84.7 KiB   */
  HS_V3_PAGE_LARGE,       /* 4 MiB, blocks up to 512 KiB       */
  HS_V3_PAGE_SINGLETON    /* one block, sized to fit it        */
} hs_v3_page_kind_t;

/* The kind of page a block of `block_size` bytes lives on in v3. */
static inline hs_v3_page_kind_t _hs_v3_page_kind_of(size_t block_size) {
  if (block_size <= HS_V3_SMALL_OBJ_SIZE_MAX)  return HS_V3_PAGE_SMALL;
  if (block_size <= HS_V3_MEDIUM_OBJ_SIZE_MAX) return HS_V3_PAGE_MEDIUM;
  if (block_size <= HS_V3_LARGE_OBJ_SIZE_MAX)  return HS_V3_PAGE_LARGE;
  return HS_V3_PAGE_SINGLETON;
}

/* The size of the page that holds blocks of `block_size` bytes. A singleton page is sized to
   its one block plus the page's `info_size` bytes of metadata, rounded up to whole slices. */
static inline size_t _hs_v3_page_size_of(size_t block_size, size_t info_size) {
  switch (_hs_v3_page_kind_of(block_size)) {
    case HS_V3_PAGE_SMALL:  return HS_V3_SMALL_PAGE_SIZE;
    case HS_V3_PAGE_MEDIUM: return HS_V3_MEDIUM_PAGE_SIZE;
    case HS_V3_PAGE_LARGE:  return HS_V3_LARGE_PAGE_SIZE;
    default: {
      const size_t need = info_size + block_size;
      return (need + HS_V3_SLICE_SIZE - 1) & ~(HS_V3_SLICE_SIZE - 1);
    }
  }
}

#endif
