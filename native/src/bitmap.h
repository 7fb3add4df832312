/* Atomic bitmaps of the v2 arenas: ranges of bits [idx, idx + count), walked one 64-bit field
 * at a time. Setting and clearing take the memory order the caller needs; claiming a range is a
 * CAS per field that gives back what it took when a field is found partly set, as mimalloc
 * v2.1.x rolls back a claim that crosses fields (src/bitmap.c, the `_across` functions).
 */
#ifndef HS_BITMAP_H
#define HS_BITMAP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HS_BITS 64

static inline uint64_t hs_field_mask(size_t bit, size_t count) {
  return (count >= HS_BITS ? ~(uint64_t)0 : (((uint64_t)1 << count) - 1)) << bit;
}

/* The part of [*idx, *idx + *left) inside one field; advances the range past it. */
static inline void hs_range_step(size_t* idx, size_t* left, size_t* field, uint64_t* mask) {
  const size_t bit = *idx % HS_BITS;
  size_t n = HS_BITS - bit;
  if (n > *left) n = *left;
  *field = *idx / HS_BITS;
  *mask = hs_field_mask(bit, n);
  *idx += n;
  *left -= n;
}

static inline void hs_bitmap_set(_Atomic(uint64_t)* bitmap, size_t idx, size_t count, memory_order order) {
  size_t field; uint64_t mask;
  while (count > 0) {
    hs_range_step(&idx, &count, &field, &mask);
    atomic_fetch_or_explicit(&bitmap[field], mask, order);
  }
}

static inline void hs_bitmap_clear(_Atomic(uint64_t)* bitmap, size_t idx, size_t count, memory_order order) {
  size_t field; uint64_t mask;
  while (count > 0) {
    hs_range_step(&idx, &count, &field, &mask);
    atomic_fetch_and_explicit(&bitmap[field], ~mask, order);
  }
}

static inline bool hs_bitmap_all_set(_Atomic(uint64_t)* bitmap, size_t idx, size_t count) {
  size_t field; uint64_t mask;
  while (count > 0) {
    hs_range_step(&idx, &count, &field, &mask);
    if ((atomic_load_explicit(&bitmap[field], memory_order_relaxed) & mask) != mask) return false;
  }
  return true;
}

static inline bool hs_bitmap_any_set(_Atomic(uint64_t)* bitmap, size_t idx, size_t count) {
  size_t field; uint64_t mask;
  while (count > 0) {
    hs_range_step(&idx, &count, &field, &mask);
    if ((atomic_load_explicit(&bitmap[field], memory_order_relaxed) & mask) != 0) return true;
  }
  return false;
}

static inline bool hs_bitmap_is_set(_Atomic(uint64_t)* bitmap, size_t idx) {
  return (atomic_load_explicit(&bitmap[idx / HS_BITS], memory_order_relaxed) >> (idx % HS_BITS)) & 1;
}

/* Index of the last set bit in [idx, idx+count), or SIZE_MAX. */
static inline size_t hs_bitmap_last_set(_Atomic(uint64_t)* bitmap, size_t idx, size_t count) {
  for (size_t i = idx + count; i > idx; i--) {
    if (hs_bitmap_is_set(bitmap, i - 1)) return i - 1;
  }
  return SIZE_MAX;
}

/* Sets [idx, idx+count) if all of it is clear, atomically per field; a field found partly set
   undoes the fields already taken. Acquire: the claimer then reads what the last owner of the
   blocks published (dirty/committed bits, the abandoned segment's fields). */
static inline bool hs_bitmap_try_claim(_Atomic(uint64_t)* bitmap, size_t idx, size_t count) {
  size_t i = idx, left = count, field; uint64_t mask;
  while (left > 0) {
    const size_t field_start = i;
    hs_range_step(&i, &left, &field, &mask);
    uint64_t v = atomic_load_explicit(&bitmap[field], memory_order_relaxed);
    do {
      if ((v & mask) != 0) {
        hs_bitmap_clear(bitmap, idx, field_start - idx, memory_order_release);
        return false;
      }
    } while (!atomic_compare_exchange_weak_explicit(&bitmap[field], &v, v | mask,
                                                    memory_order_acq_rel, memory_order_relaxed));
  }
  return true;
}

#endif
