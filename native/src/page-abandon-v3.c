/* v3's per-page abandonment: each arena offers its abandoned, not-full pages per size bin.
 *
 * mimalloc v3 (v3.4.3) abandons pages one by one, not segments at thread exit: a page that
 * fills up is abandoned at once (beyond the few full small pages a queue retains), so that any
 * thread's free can claim it through the ownership bit (thread-free-v3.c). An abandoned page
 * with free blocks is also "mapped": its first slice is set in its arena's bitmap for its size
 * bin, where allocating threads look for pages before carving fresh ones. A full abandoned
 * page is not mapped; a free that claims it maps it once it is no longer mostly used.
 *
 * mimalloc updates these bitmaps atomically; here each arena's offer has a lock, taken on
 * slow paths only (abandon, reclaim).
 */
#include "page-abandon-v3.h"

#include <errno.h>
#include <string.h>

static inline uint64_t* hs_ab_word(hs_v3_abandoned_t* ab, size_t bin, size_t slice) {
  return &ab->bits[bin * ab->words + slice / 64];
}

bool _hs_v3_abandoned_init(hs_v3_abandoned_t* ab, size_t slice_count) {
  memset(ab, 0, sizeof(*ab));
  ab->slice_count = slice_count;
  ab->words = (slice_count + 63) / 64;
  ab->bits = _hs_os_alloc_meta(HS_V3_ABANDON_BINS * ab->words * sizeof(uint64_t));
  if (ab->bits == NULL) return false;
  pthread_mutex_init(&ab->lock, NULL);
  return true;
}

void _hs_v3_abandoned_done(hs_v3_abandoned_t* ab) {
  if (ab->bits != NULL) _hs_os_free_meta(ab->bits, HS_V3_ABANDON_BINS * ab->words * sizeof(uint64_t));
  pthread_mutex_destroy(&ab->lock);
  memset(ab, 0, sizeof(*ab));
}

static bool hs_ab_args_ok(const hs_v3_abandoned_t* ab, size_t bin, size_t slice) {
  if (bin == 0 || bin >= HS_V3_ABANDON_BINS || slice >= ab->slice_count) {
    _hs_error(EINVAL, "v3 abandoned pages: bin %zu, slice %zu out of range", bin, slice);
    return false;
  }
  return true;
}

static bool hs_ab_change(hs_v3_abandoned_t* ab, size_t bin, size_t slice, bool set) {
  if (!hs_ab_args_ok(ab, bin, slice)) return false;
  const uint64_t mask = (uint64_t)1 << (slice % 64);
  pthread_mutex_lock(&ab->lock);
  uint64_t* w = hs_ab_word(ab, bin, slice);
  const bool was = (*w & mask) != 0;
  if (was != set) {
    *w = (set ? *w | mask : *w & ~mask);
    ab->count[bin] += (set ? 1 : (size_t)-1);
  }
  pthread_mutex_unlock(&ab->lock);
  return was != set;
}

bool _hs_v3_abandoned_offer(hs_v3_abandoned_t* ab, size_t bin, size_t slice) {
  return hs_ab_change(ab, bin, slice, true);
}

bool _hs_v3_abandoned_withdraw(hs_v3_abandoned_t* ab, size_t bin, size_t slice) {
  return hs_ab_change(ab, bin, slice, false);
}

bool _hs_v3_abandoned_claim(hs_v3_abandoned_t* ab, size_t bin, size_t* slice) {
  if (bin == 0 || bin >= HS_V3_ABANDON_BINS) return false;
  bool found = false;
  pthread_mutex_lock(&ab->lock);
  if (ab->count[bin] > 0) {
    const size_t start = ab->cursor[bin];
    for (size_t k = 0; k < ab->slice_count && !found; k++) {
      const size_t s = (start + k) % ab->slice_count;
      uint64_t* w = hs_ab_word(ab, bin, s);
      const uint64_t mask = (uint64_t)1 << (s % 64);
      if ((*w & mask) != 0) {
        *w &= ~mask;
        ab->count[bin]--;
        ab->cursor[bin] = (s + 1) % ab->slice_count;
        *slice = s;
        found = true;
      }
    }
  }
  pthread_mutex_unlock(&ab->lock);
  return found;
}

size_t _hs_v3_abandoned_count(hs_v3_abandoned_t* ab, size_t bin) {
  if (bin == 0 || bin >= HS_V3_ABANDON_BINS) return 0;
  pthread_mutex_lock(&ab->lock);
  const size_t n = ab->count[bin];
  pthread_mutex_unlock(&ab->lock);
  return n;
}

bool _hs_v3_abandoned_claim_if(hs_v3_abandoned_t* ab, size_t bin, size_t* slice,
                               hs_v3_take_fun_t* try_take, void* arg) {
  if (bin == 0 || bin >= HS_V3_ABANDON_BINS) return false;
  bool found = false;
  pthread_mutex_lock(&ab->lock);
  if (ab->count[bin] > 0) {
    const size_t start = ab->cursor[bin];
    for (size_t k = 0; k < ab->slice_count && !found; k++) {
      const size_t s = (start + k) % ab->slice_count;
      uint64_t* w = hs_ab_word(ab, bin, s);
      const uint64_t mask = (uint64_t)1 << (s % 64);
      if ((*w & mask) == 0) {
        if (*w == 0 && s % 64 == 0) k += 63;   /* skip an empty word */
        continue;
      }
      if (!try_take(s, arg)) continue;
      *w &= ~mask;
      ab->count[bin]--;
      ab->cursor[bin] = (s + 1) % ab->slice_count;
      *slice = s;
      found = true;
    }
  }
  pthread_mutex_unlock(&ab->lock);
  return found;
}

bool _hs_v3_abandoned_is_offered(hs_v3_abandoned_t* ab, size_t bin, size_t slice) {
  if (!hs_ab_args_ok(ab, bin, slice)) return false;
  pthread_mutex_lock(&ab->lock);
  const bool set = (*hs_ab_word(ab, bin, slice) >> (slice % 64)) & 1;
  pthread_mutex_unlock(&ab->lock);
  return set;
}
