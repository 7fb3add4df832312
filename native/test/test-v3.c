/* mimalloc v3's shapes in the core: page kinds with v3.4.3's size limits, and the page map that
 * takes any address to its page (v3 has no segments to mask a pointer down to).
 *
 * The page map is exercised on address space reserved from the OS for the purpose, on ranges
 * that straddle a sub-map boundary, on bad ranges (refused, map unchanged), and under
 * concurrent lookups while pages come and go. The validator runs after every step; the v2
 * heap's own pages are checked to stay out of the map.
 */
#include "testhelper.h"
#include "internal.h"
#include "types-v3.h"

#include <time.h>

#define KiB ((size_t)1024)
#define MiB (KiB * KiB)

/* A stand-in for a page: the map stores a pointer and never reads through it. */
typedef struct fake_page_s { uintptr_t start; size_t size; } fake_page_t;

static void test_page_kinds(void) {
  CHECK_EQ(HS_V3_SLICE_SIZE, 64 * KiB);
  CHECK_EQ(HS_V3_ARENA_MIN_SIZE, 32 * MiB);
  CHECK_EQ(HS_V3_SMALL_PAGE_SIZE, 64 * KiB);
  CHECK_EQ(HS_V3_MEDIUM_PAGE_SIZE, 512 * KiB);
  CHECK_EQ(HS_V3_LARGE_PAGE_SIZE, 4 * MiB);
  CHECK_EQ(HS_V3_SMALL_OBJ_SIZE_MAX, 10 * KiB);
  CHECK_EQ(HS_V3_MEDIUM_OBJ_SIZE_MAX, 86698);
  CHECK_EQ(HS_V3_LARGE_OBJ_SIZE_MAX, 512 * KiB);

  /* Each limit is the last size of its kind. */
  CHECK_EQ(_hs_v3_page_kind_of(1), HS_V3_PAGE_SMALL);
  CHECK_EQ(_hs_v3_page_kind_of(10 * KiB), HS_V3_PAGE_SMALL);
  CHECK_EQ(_hs_v3_page_kind_of(10 * KiB + 1), HS_V3_PAGE_MEDIUM);
  CHECK_EQ(_hs_v3_page_kind_of(86698), HS_V3_PAGE_MEDIUM);
  CHECK_EQ(_hs_v3_page_kind_of(86699), HS_V3_PAGE_LARGE);
  CHECK_EQ(_hs_v3_page_kind_of(512 * KiB), HS_V3_PAGE_LARGE);
  CHECK_EQ(_hs_v3_page_kind_of(512 * KiB + 1), HS_V3_PAGE_SINGLETON);

  /* v2 puts 16 KiB blocks on small pages and 128 KiB ones on medium pages; v3 moves both up. */
  CHECK(16 * KiB <= HS_SMALL_OBJ_SIZE_MAX && _hs_v3_page_kind_of(16 * KiB) == HS_V3_PAGE_MEDIUM);
  CHECK(128 * KiB <= HS_MEDIUM_OBJ_SIZE_MAX && _hs_v3_page_kind_of(128 * KiB) == HS_V3_PAGE_LARGE);

  /* Every small/medium/large page holds at least six blocks of its largest size. */
  CHECK(HS_V3_SMALL_PAGE_SIZE / HS_V3_SMALL_OBJ_SIZE_MAX >= 6);
  CHECK(HS_V3_MEDIUM_PAGE_SIZE / HS_V3_MEDIUM_OBJ_SIZE_MAX >= 6);
  CHECK(HS_V3_LARGE_PAGE_SIZE / HS_V3_LARGE_OBJ_SIZE_MAX >= 8);

  /* Singletons: the block plus the page info, in whole slices. */
  CHECK_EQ(_hs_v3_page_size_of(100, 256), HS_V3_SMALL_PAGE_SIZE);
  CHECK_EQ(_hs_v3_page_size_of(50 * KiB, 256), HS_V3_MEDIUM_PAGE_SIZE);
  CHECK_EQ(_hs_v3_page_size_of(300 * KiB, 256), HS_V3_LARGE_PAGE_SIZE);
  CHECK_EQ(_hs_v3_page_size_of(1 * MiB, 256), 1 * MiB + 64 * KiB);
  CHECK_EQ(_hs_v3_page_size_of(1 * MiB - 256, 256), 1 * MiB);
  CHECK_EQ(_hs_v3_page_size_of(1 * MiB - 255, 256), 1 * MiB + 64 * KiB);
  CHECK_VALID();
}

static void test_page_map_lookup(void) {
  /* Metadata memory: outside the heap statistics the validator checks. Aligned by hand. */
  uint8_t* raw = _hs_os_alloc_meta(9 * MiB);
  uint8_t* area = (uint8_t*)hs_align_up((uintptr_t)raw, HS_V3_SLICE_SIZE);
  CHECK(area != NULL);
  if (area == NULL) return;
  CHECK_EQ(_hs_page_map_lookup(area), NULL);

  fake_page_t small  = { (uintptr_t)area, HS_V3_SMALL_PAGE_SIZE };
  fake_page_t medium = { (uintptr_t)area + 8 * HS_V3_SLICE_SIZE, HS_V3_MEDIUM_PAGE_SIZE };
  fake_page_t large  = { (uintptr_t)area + 4 * MiB, HS_V3_LARGE_PAGE_SIZE };
  CHECK(_hs_page_map_register((void*)small.start, small.size, &small));
  CHECK(_hs_page_map_register((void*)medium.start, medium.size, &medium));
  CHECK(_hs_page_map_register((void*)large.start, large.size, &large));
  CHECK_VALID();

  const fake_page_t* pages[] = { &small, &medium, &large };
  for (size_t i = 0; i < 3; i++) {
    const uint8_t* s = (const uint8_t*)pages[i]->start;
    CHECK(_hs_page_map_lookup(s) == pages[i]);
    CHECK(_hs_page_map_lookup(s + 1) == pages[i]);
    CHECK(_hs_page_map_lookup(s + pages[i]->size / 2 + 7) == pages[i]);
    CHECK(_hs_page_map_lookup(s + pages[i]->size - 1) == pages[i]);
  }
  /* The slices between pages are nobody's. */
  CHECK_EQ(_hs_page_map_lookup(area + HS_V3_SLICE_SIZE), NULL);
  CHECK_EQ(_hs_page_map_lookup(area + 8 * HS_V3_SLICE_SIZE - 1), NULL);
  CHECK_EQ(_hs_page_map_lookup(area + 16 * HS_V3_SLICE_SIZE), NULL);
  CHECK_EQ(_hs_page_map_lookup(area + 4 * MiB - 1), NULL);

  /* Releasing a page clears exactly its slices. */
  _hs_page_map_unregister((void*)medium.start, medium.size);
  CHECK_EQ(_hs_page_map_lookup((void*)medium.start), NULL);
  CHECK_EQ(_hs_page_map_lookup((void*)(medium.start + medium.size - 1)), NULL);
  CHECK(_hs_page_map_lookup((void*)small.start) == &small);
  CHECK(_hs_page_map_lookup((void*)large.start) == &large);
  /* A page re-carved over freed slices is found there at once. */
  fake_page_t reused = { medium.start, 2 * HS_V3_SLICE_SIZE };
  CHECK(_hs_page_map_register((void*)reused.start, reused.size, &reused));
  CHECK(_hs_page_map_lookup((void*)(reused.start + HS_V3_SLICE_SIZE)) == &reused);
  CHECK_EQ(_hs_page_map_lookup((void*)(reused.start + 2 * HS_V3_SLICE_SIZE)), NULL);
  CHECK_VALID();

  _hs_page_map_unregister((void*)small.start, small.size);
  _hs_page_map_unregister((void*)reused.start, reused.size);
  _hs_page_map_unregister((void*)large.start, large.size);
  for (size_t off = 0; off < 8 * MiB; off += HS_V3_SLICE_SIZE) {
    if (_hs_page_map_lookup(area + off) != NULL) { CHECK_MSG(false, "slice at +0x%zx still mapped", off); break; }
  }
  _hs_os_free_meta(raw, 9 * MiB);
  CHECK_VALID();
}

/* A page across a 512 MiB boundary needs two sub-maps; bad ranges are refused untouched. */
static void test_page_map_edges(void) {
  const uintptr_t sub_span = (uintptr_t)HS_V3_PAGE_MAP_SUB_COUNT << HS_V3_SLICE_SHIFT;
  CHECK_EQ(sub_span, 512 * MiB);
  /* An address range the process does not use: the map only records numbers. */
  const uintptr_t boundary = ((uintptr_t)1 << 46) + 37 * sub_span;
  fake_page_t across = { boundary - 2 * HS_V3_SLICE_SIZE, 4 * HS_V3_SLICE_SIZE };
  const size_t before = _hs_page_map_submap_count();
  CHECK(_hs_page_map_register((void*)across.start, across.size, &across));
  CHECK_EQ(_hs_page_map_submap_count(), before + 2);
  CHECK(_hs_page_map_lookup((void*)(boundary - 1)) == &across);
  CHECK(_hs_page_map_lookup((void*)boundary) == &across);
  CHECK(_hs_page_map_lookup((void*)(across.start + across.size - 1)) == &across);
  CHECK_EQ(_hs_page_map_lookup((void*)(across.start + across.size)), NULL);
  CHECK_EQ(_hs_page_map_lookup((void*)(across.start - 1)), NULL);
  _hs_page_map_unregister((void*)across.start, across.size);
  CHECK_EQ(_hs_page_map_lookup((void*)boundary), NULL);
  CHECK_EQ(_hs_page_map_submap_count(), before + 2);   /* sub-maps stay: lookups never fault */

  fake_page_t bad = { boundary, HS_V3_SLICE_SIZE };
  CHECK(!_hs_page_map_register((void*)(bad.start + 4096), HS_V3_SLICE_SIZE, &bad));
  CHECK(!_hs_page_map_register((void*)bad.start, HS_V3_SLICE_SIZE + 1, &bad));
  CHECK(!_hs_page_map_register((void*)bad.start, 0, &bad));
  CHECK(!_hs_page_map_register((void*)bad.start, HS_V3_SLICE_SIZE, NULL));
  CHECK(!_hs_page_map_register((void*)(((uintptr_t)1 << 48) - HS_V3_SLICE_SIZE), 2 * HS_V3_SLICE_SIZE, &bad));
  CHECK_EQ(_hs_page_map_lookup((void*)bad.start), NULL);
  CHECK_EQ(_hs_page_map_lookup((void*)((uintptr_t)1 << 48)), NULL);
  CHECK_EQ(_hs_page_map_lookup(NULL), NULL);
  CHECK_VALID();
}

/* v2's pointers are found by masking to their segment; the v3 map knows nothing of them. */
static void test_page_map_leaves_v2_alone(void) {
  void* p = hs_malloc(100);
  void* q = hs_malloc(200 * KiB);
  CHECK(p != NULL && q != NULL);
  CHECK_VALID();
  CHECK_EQ(_hs_page_map_lookup(p), NULL);
  CHECK_EQ(_hs_page_map_lookup(q), NULL);
  hs_free(p);
  hs_free(q);
  CHECK_VALID();
}

/* Readers look pointers up while a writer carves and releases pages: pages that stay
   registered throughout (every other 4-slice group) are always found, and a slice that is
   being churned reads as no page or as one of the churned pages, never as a pinned one. */
#define RACE_GROUPS 16
#define RACE_SLICES (RACE_GROUPS * 4)
static _Atomic(bool) race_stop;
static atomic_long   race_wrong;
static atomic_long   race_hits;
static uint8_t*      race_area;
static fake_page_t   race_pinned[RACE_GROUPS / 2];
static fake_page_t   race_churn[RACE_GROUPS / 2][4];

static void* race_reader(void* arg) {
  uint64_t x = (uint64_t)(uintptr_t)arg * 0x9E3779B97F4A7C15ull + 1;
  while (!atomic_load(&race_stop)) {
    x ^= x << 13; x ^= x >> 7; x ^= x << 17;
    const size_t off = (size_t)(x % (RACE_SLICES * HS_V3_SLICE_SIZE));
    const size_t group = off / (4 * HS_V3_SLICE_SIZE);
    const fake_page_t* page = _hs_page_map_lookup(race_area + off);
    bool ok;
    if (group % 2 == 0) {
      ok = (page == &race_pinned[group / 2]);
    } else {
      const fake_page_t* first = &race_churn[group / 2][0];
      ok = (page == NULL || (page >= first && page < first + 4));
    }
    if (!ok) atomic_fetch_add(&race_wrong, 1);
    if (page != NULL) atomic_fetch_add(&race_hits, 1);
  }
  return NULL;
}

static void test_page_map_concurrent(void) {
  uint8_t* raw = _hs_os_alloc_meta(RACE_SLICES * HS_V3_SLICE_SIZE + HS_V3_SLICE_SIZE);
  CHECK(raw != NULL);
  if (raw == NULL) return;
  race_area = (uint8_t*)hs_align_up((uintptr_t)raw, HS_V3_SLICE_SIZE);
  for (size_t g = 0; g < RACE_GROUPS; g += 2) {
    fake_page_t* pg = &race_pinned[g / 2];
    pg->start = (uintptr_t)race_area + g * 4 * HS_V3_SLICE_SIZE;
    pg->size = 4 * HS_V3_SLICE_SIZE;
    CHECK(_hs_page_map_register((void*)pg->start, pg->size, pg));
  }
  pthread_t readers[3];
  for (uintptr_t i = 0; i < 3; i++) pthread_create(&readers[i], NULL, race_reader, (void*)(i + 1));

  struct timespec t0, t;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  long rounds = 0;
  do {
    /* Each churned group: one 4-slice page, or four 1-slice pages, alternately. */
    for (size_t g = 1; g < RACE_GROUPS; g += 2) {
      const uintptr_t base = (uintptr_t)race_area + g * 4 * HS_V3_SLICE_SIZE;
      const size_t n = ((rounds + g) % 2 == 0 ? 1 : 4);
      for (size_t i = 0; i < n; i++) {
        fake_page_t* pg = &race_churn[g / 2][i];
        CHECK(_hs_page_map_register((void*)(base + i * (4 / n) * HS_V3_SLICE_SIZE),
                                    (4 / n) * HS_V3_SLICE_SIZE, pg));
      }
      _hs_page_map_unregister((void*)base, 4 * HS_V3_SLICE_SIZE);
    }
    rounds++;
    clock_gettime(CLOCK_MONOTONIC, &t);
  } while ((t.tv_sec - t0.tv_sec) * 1000000000L + (t.tv_nsec - t0.tv_nsec) < 300000000L);
  atomic_store(&race_stop, true);
  for (int i = 0; i < 3; i++) pthread_join(readers[i], NULL);
  CHECK_MSG(atomic_load(&race_wrong) == 0, "%ld lookups named the wrong page",
            atomic_load(&race_wrong));
  CHECK_MSG(rounds > 0 && atomic_load(&race_hits) > 0, "rounds %ld, hits %ld", rounds,
            atomic_load(&race_hits));
  for (size_t g = 0; g < RACE_GROUPS; g += 2) {
    _hs_page_map_unregister((void*)race_pinned[g / 2].start, race_pinned[g / 2].size);
  }
  _hs_os_free_meta(raw, RACE_SLICES * HS_V3_SLICE_SIZE + HS_V3_SLICE_SIZE);
  CHECK_VALID();
}

int main(void) {
  RUN(test_page_kinds);
  RUN(test_page_map_lookup);
  RUN(test_page_map_edges);
  RUN(test_page_map_leaves_v2_alone);
  RUN(test_page_map_concurrent);
  return test_summary();
}
