/* Heapscope core: the C allocation interface, for LD_PRELOAD.
 *
 * Built only into libheapscope-malloc.so (HS_OVERRIDE=1). Every function of the standard and
 * glibc allocation interface is routed to the core, so that a block from one of them can be
 * passed to any other. Early allocations (the dynamic loader, libc start-up, pthread_create)
 * need nothing special: a thread starts on the empty heap and initialises itself from mmap'd
 * metadata on its first allocation, without calling back into malloc.
 */
#if HS_OVERRIDE
#include "internal.h"

#include <errno.h>

hs_attr_export void* malloc(size_t size) { return hs_malloc(size); }
hs_attr_export void* calloc(size_t count, size_t size) { return hs_calloc(count, size); }
hs_attr_export void* realloc(void* p, size_t size) { return hs_realloc(p, size); }
hs_attr_export void free(void* p) { hs_free(p); }
hs_attr_export void cfree(void* p) { hs_free(p); }
hs_attr_export size_t malloc_usable_size(void* p) { return hs_usable_size(p); }

hs_attr_export void* reallocarray(void* p, size_t count, size_t size) {
  size_t total;
  if (hs_mul_overflow(count, size, &total)) {
    errno = ENOMEM;
    return NULL;
  }
  return hs_realloc(p, total);
}

/* ---------------------------------------------------------------------------------------------
   Aligned allocation: any power of two; above 16 MiB a block gets a segment of its own.
--------------------------------------------------------------------------------------------- */

static void* hs_override_aligned(size_t size, size_t alignment) {
  return hs_malloc_aligned(size, alignment);
}

hs_attr_export int posix_memalign(void** out, size_t alignment, size_t size) {
  if (alignment % sizeof(void*) != 0 || !hs_is_power_of_two(alignment)) return EINVAL;
  const int saved = errno;   /* posix_memalign reports through its result, not errno */
  void* p = hs_override_aligned(size, alignment);
  errno = saved;
  if (p == NULL) return ENOMEM;
  *out = p;
  return 0;
}

hs_attr_export void* aligned_alloc(size_t alignment, size_t size) {
  if (!hs_is_power_of_two(alignment)) {
    errno = EINVAL;
    return NULL;
  }
  return hs_override_aligned(size, alignment);
}

/* glibc rounds an alignment that is not a power of two up to the next one. */
hs_attr_export void* memalign(size_t alignment, size_t size) {
  if (alignment < sizeof(void*)) alignment = sizeof(void*);
  if (!hs_is_power_of_two(alignment)) {
    if (alignment > ((size_t)1 << 62)) {
      errno = ENOMEM;
      return NULL;
    }
    alignment = (size_t)1 << (64 - __builtin_clzll((unsigned long long)alignment));
  }
  return hs_override_aligned(size, alignment);
}

hs_attr_export void* valloc(size_t size) {
  return hs_override_aligned(size, _hs_os_page_size());
}

hs_attr_export void* pvalloc(size_t size) {
  const size_t page = _hs_os_page_size();
  if (size > SIZE_MAX - page) {
    errno = ENOMEM;
    return NULL;
  }
  return hs_override_aligned(hs_align_up(size == 0 ? 1 : size, page), page);
}

#endif /* HS_OVERRIDE */
