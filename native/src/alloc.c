/* Heapscope core: the allocation entry points.
 *
 * The fast path is `hs_malloc` for a small request: read the thread's default heap, index its
 * direct table by the request's word size, pop the page's `free` list. One test decides; when
 * the list is empty (or the thread has not allocated yet: its default heap is the constant
 * empty heap, whose pages have no free blocks) the noinline generic path in page.c takes over
 * and comes back here with a page that has a free block.
 */
#include "internal.h"

#include <errno.h>
#include <string.h>

/* ---------------------------------------------------------------------------------------------
   Fast path
--------------------------------------------------------------------------------------------- */

/* A block popped from `free` is dirty except for memory fresh from the OS; then only its link
   word was written. */
static hs_noinline void hs_block_zero(const hs_page_t* page, hs_block_t* block) {
  if (page->free_is_zero) block->next = 0;
  else memset(block, 0, page->block_size);
}

/* Pages with encoded links (secure >= 3) decode and check the link out of line, so the plain
   fast path below needs no stack frame. The link is wiped: it would leak the page's keys, and a
   live block whose first word decodes into its page would send every free of it through the
   double-free search. */
static hs_noinline void* hs_page_pop_encoded(hs_page_t* page, hs_block_t* block, bool zero) {
  page->free = _hs_block_next_checked(page, block);
  page->used++;
  if (zero) hs_block_zero(page, block);
  else block->next = 0;
  return block;
}

static inline void* hs_page_malloc_inline(hs_heap_t* heap, hs_page_t* page, size_t size, bool zero) {
  hs_block_t* const block = page->free;
  if (hs_unlikely(block == NULL)) return _hs_malloc_generic(heap, size, zero, 0);
  if (hs_unlikely(page->keys[0] != 0)) return hs_page_pop_encoded(page, block, zero);
  page->free = (hs_block_t*)block->next;   /* a plain link: keys[0] == 0 */
  page->used++;
  if (hs_unlikely(zero)) hs_block_zero(page, block);
  return block;
}

void* _hs_page_malloc(hs_heap_t* heap, hs_page_t* page, size_t size, bool zero) {
  return hs_page_malloc_inline(heap, page, size, zero);
}

static inline void* hs_heap_malloc_inline(hs_heap_t* heap, size_t size, bool zero) {
  if (hs_likely(size <= HS_SMALL_SIZE_MAX)) {
    return hs_page_malloc_inline(heap, _hs_heap_get_free_small_page(heap, size), size, zero);
  }
  return _hs_malloc_generic(heap, size, zero, 0);
}

void* _hs_heap_malloc_zero(hs_heap_t* heap, size_t size, bool zero) {
  return hs_heap_malloc_inline(heap, size, zero);
}

void* hs_malloc(size_t size) {
  return hs_heap_malloc_inline(hs_heap_get_default_inline(), size, false);
}

void* hs_zalloc(size_t size) {
  return hs_heap_malloc_inline(hs_heap_get_default_inline(), size, true);
}

void* hs_heap_malloc(hs_heap_t* heap, size_t size) {
  return hs_heap_malloc_inline(heap, size, false);
}

void* hs_heap_zalloc(hs_heap_t* heap, size_t size) {
  return hs_heap_malloc_inline(heap, size, true);
}

/* ---------------------------------------------------------------------------------------------
   calloc, realloc, usable size
--------------------------------------------------------------------------------------------- */

void* hs_heap_calloc(hs_heap_t* heap, size_t count, size_t size) {
  size_t total;
  if (hs_unlikely(hs_mul_overflow(count, size, &total))) {
    _hs_error(EOVERFLOW, "allocation request is too large (%zu * %zu bytes)", count, size);
    errno = ENOMEM;
    return NULL;
  }
  return hs_heap_malloc_inline(heap, total, true);
}

void* hs_calloc(size_t count, size_t size) {
  return hs_heap_calloc(hs_heap_get_default_inline(), count, size);
}

size_t hs_usable_size(const void* p) {
  if (p == NULL) return 0;
  const hs_page_t* page = _hs_ptr_page(p);
  if (hs_unlikely(hs_page_has_aligned(page))) {
    const uint8_t* block = (const uint8_t*)_hs_page_ptr_unalign(page, p);
    return page->block_size - (size_t)((const uint8_t*)p - block);
  }
  return page->block_size;
}

/* Stays in place when the block is big enough and would not be more than half empty.
   A large block (128 KiB .. 16 MiB) that grows takes the whole span its page needs anyway
   (64 KiB slices, 512 KiB units above 512 KiB) rather than the size rounded to 4 KiB, so a
   buffer grown by small appends moves once per slice instead of once per 4 KiB: the block then
   reports the span as its usable size, as every large block does in mimalloc 2.0.9, while a
   large malloc keeps v2.1.7's size (docs/mimalloc-versions.md). Nothing more is committed: a
   large page's span is committed whole either way. */
void* hs_heap_realloc(hs_heap_t* heap, void* p, size_t newsize) {
  if (p == NULL) return hs_heap_malloc_inline(heap, newsize, false);
  const size_t size = hs_usable_size(p);
  if (newsize <= size && newsize >= size / 2 && newsize > 0) return p;

  size_t alloc_size = newsize;
  if (newsize > size) {
    const size_t span = _hs_segment_large_span_size(newsize);
    if (span > alloc_size) alloc_size = span;
  }
  void* q = hs_heap_malloc_inline(heap, alloc_size, false);
  if (hs_unlikely(q == NULL)) return NULL;   /* p stays valid */
  memcpy(q, p, (newsize < size ? newsize : size));
  hs_free(p);
  return q;
}

void* hs_realloc(void* p, size_t newsize) {
  return hs_heap_realloc(hs_heap_get_default_inline(), p, newsize);
}

/* ---------------------------------------------------------------------------------------------
   Aligned allocation
--------------------------------------------------------------------------------------------- */

/* Take a block big enough to contain an aligned `size` bytes and hand out the aligned pointer
   inside it. The page is marked so frees and size queries map such interior pointers back. */
static void* hs_malloc_overaligned(hs_heap_t* heap, size_t size, size_t alignment, bool zero) {
  const size_t oversize = size + alignment - 1;
  uint8_t* p = hs_heap_malloc_inline(heap, oversize, zero);
  if (p == NULL) return NULL;
  uint8_t* aligned = (uint8_t*)hs_align_up((uintptr_t)p, alignment);
  if (aligned != p) hs_page_set_has_aligned(_hs_ptr_page(p), true);
  return aligned;
}

static hs_noinline void* hs_malloc_aligned_generic(hs_heap_t* heap, size_t size, size_t alignment,
                                                   bool zero) {
  if (alignment <= HS_MAX_ALIGN_SIZE) {
    /* Blocks of 16 bytes and up are 16-byte aligned; confirm rather than trust it. */
    void* p = hs_heap_malloc_inline(heap, (size < alignment ? alignment : size), zero);
    if (p == NULL || ((uintptr_t)p & (alignment - 1)) == 0) return p;
    hs_free(p);
  }
  return hs_malloc_overaligned(heap, size, alignment, zero);
}

/* Above 16 MiB (mimalloc's MI_BLOCK_ALIGNMENT_MAX) a block gets a huge segment of its own,
   placed so that its one page starts aligned (v2.1.7 `mi_heap_malloc_zero_aligned_at_overalloc`):
   at least a small-size-plus-one block, so the generic path serves it; zeroed afterwards, as only
   the block itself is known to be writable. */
static hs_noinline void* hs_malloc_huge_aligned(hs_heap_t* heap, size_t size, size_t alignment, bool zero) {
  const size_t oversize = (size <= HS_SMALL_SIZE_MAX ? HS_SMALL_SIZE_MAX + 1 : size);
  void* p = _hs_malloc_generic(heap, oversize, false, alignment);
  if (p != NULL && zero) memset(p, 0, hs_usable_size(p));
  return p;
}

void* _hs_heap_malloc_aligned(hs_heap_t* heap, size_t size, size_t alignment, bool zero) {
  if (hs_unlikely(!hs_is_power_of_two(alignment))) {
    _hs_error(EINVAL, "invalid alignment %zu (not a power of two)", alignment);
    errno = EINVAL;
    return NULL;
  }
  if (hs_unlikely(size > HS_MAX_ALLOC_SIZE - alignment)) {
    _hs_error(EOVERFLOW, "aligned allocation request is too large (%zu bytes)", size);
    errno = ENOMEM;
    return NULL;
  }
  if (hs_unlikely(alignment > HS_BLOCK_ALIGNMENT_MAX)) return hs_malloc_huge_aligned(heap, size, alignment, zero);
  /* Often the next free block of the size class is already aligned: take it. */
  if (size <= HS_SMALL_SIZE_MAX && alignment <= size) {
    hs_page_t* page = _hs_heap_get_free_small_page(heap, size);
    if (page->free != NULL && ((uintptr_t)page->free & (alignment - 1)) == 0) {
      return hs_page_malloc_inline(heap, page, size, zero);
    }
  }
  return hs_malloc_aligned_generic(heap, size, alignment, zero);
}

void* hs_heap_malloc_aligned(hs_heap_t* heap, size_t size, size_t alignment) {
  return _hs_heap_malloc_aligned(heap, size, alignment, false);
}

void* hs_malloc_aligned(size_t size, size_t alignment) {
  return _hs_heap_malloc_aligned(hs_heap_get_default_inline(), size, alignment, false);
}
