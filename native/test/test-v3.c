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
#include "arena-slices-v3.h"
#include "thread-free-v3.h"

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

/* ---------------------------------------------------------------------------------------------
   v3 arenas: slices, placement, purge after the delay
--------------------------------------------------------------------------------------------- */
typedef struct purge_log_s { size_t runs; size_t bytes; bool decommit; } purge_log_t;
static bool log_purge(void* start, size_t size, void* arg) {
  (void)start;
  purge_log_t* log = arg;
  log->runs++;
  log->bytes += size;
  return log->decommit;
}

/* Arena memory for the tests: metadata memory (outside the statistics), slice aligned. */
static void* arena_memory(size_t size, void** raw) {
  *raw = _hs_os_alloc_meta(size + HS_V3_SLICE_SIZE);
  return (*raw == NULL ? NULL : (void*)hs_align_up((uintptr_t)*raw, HS_V3_SLICE_SIZE));
}

static size_t slice_of(const hs_v3_arena_t* a, const void* p) {
  return (size_t)((const uint8_t*)p - a->start) / HS_V3_SLICE_SIZE;
}

static void test_arena_placement(void) {
  void* raw;
  void* mem = arena_memory(64 * MiB, &raw);
  hs_v3_arena_t a;
  CHECK(!_hs_v3_arena_init(&a, mem, 16 * MiB, 1000));               /* below one chunk */
  CHECK(!_hs_v3_arena_init(&a, (uint8_t*)mem + 4096, 32 * MiB, 1000)); /* not slice aligned */
  CHECK(_hs_v3_arena_init(&a, mem, 64 * MiB, 1000));
  CHECK_EQ(a.slice_count, 1024);
  CHECK_EQ(_hs_v3_arena_count(&a, HS_V3_SLICES_FREE), 1024);
  CHECK_EQ(_hs_v3_arena_count(&a, HS_V3_SLICES_COMMITTED), 0);

  /* A small page takes the first free slice; a medium page the next whole free byte. */
  bool committed = true;
  void* s1 = _hs_v3_arena_slices_alloc(&a, 1, &committed);
  CHECK_EQ(slice_of(&a, s1), 0);
  CHECK(!committed);
  void* m1 = _hs_v3_arena_slices_alloc(&a, 8, NULL);
  CHECK_EQ(slice_of(&a, m1), 8);
  void* s2 = _hs_v3_arena_slices_alloc(&a, 1, NULL);
  CHECK_EQ(slice_of(&a, s2), 1);
  /* A large page needs a whole free word: the first word is partly used. */
  void* l1 = _hs_v3_arena_slices_alloc(&a, 64, NULL);
  CHECK_EQ(slice_of(&a, l1), 64);
  /* A 3-slice run fits in the first word's gap; a 100-slice run stays inside one chunk. */
  void* r3 = _hs_v3_arena_slices_alloc(&a, 3, NULL);
  CHECK_EQ(slice_of(&a, r3), 2);
  void* r100 = _hs_v3_arena_slices_alloc(&a, 100, NULL);
  CHECK_EQ(slice_of(&a, r100), 128);
  CHECK_EQ(slice_of(&a, r100) / HS_V3_BCHUNK_BITS, (slice_of(&a, r100) + 99) / HS_V3_BCHUNK_BITS);
  /* A run longer than a chunk starts at a chunk. */
  void* huge = _hs_v3_arena_slices_alloc(&a, 513, NULL);
  CHECK(huge == NULL);   /* chunk 0 is in use, and chunk 1 alone is too short */
  CHECK(_hs_v3_arena_slices_free(&a, s1, 1, 0));
  CHECK(_hs_v3_arena_slices_free(&a, s2, 1, 0));
  CHECK(_hs_v3_arena_slices_free(&a, r3, 3, 0));
  CHECK(_hs_v3_arena_slices_free(&a, m1, 8, 0));
  CHECK(_hs_v3_arena_slices_free(&a, l1, 64, 0));
  CHECK(_hs_v3_arena_slices_free(&a, r100, 100, 0));
  huge = _hs_v3_arena_slices_alloc(&a, 513, NULL);
  CHECK_EQ(slice_of(&a, huge), 0);
  CHECK_EQ(_hs_v3_arena_count(&a, HS_V3_SLICES_FREE), 1024 - 513);
  /* Frees that are not in use change nothing. */
  CHECK(!_hs_v3_arena_slices_free(&a, (uint8_t*)a.start + 600 * HS_V3_SLICE_SIZE, 1, 0));
  CHECK(!_hs_v3_arena_slices_free(&a, (uint8_t*)huge + 4096, 1, 0));
  CHECK(!_hs_v3_arena_slices_free(&a, (uint8_t*)a.start + 1023 * HS_V3_SLICE_SIZE, 2, 0));
  CHECK(!_hs_v3_arena_slices_free(&a, huge, 514, 0));
  CHECK_EQ(_hs_v3_arena_count(&a, HS_V3_SLICES_FREE), 1024 - 513);
  CHECK(_hs_v3_arena_slices_free(&a, huge, 513, 0));
  /* Filling the arena with large pages leaves no room, then exactly one slice. */
  size_t larges = 0;
  while (_hs_v3_arena_slices_alloc(&a, 64, NULL) != NULL) larges++;
  CHECK_EQ(larges, 16);
  CHECK(_hs_v3_arena_slices_alloc(&a, 1, NULL) == NULL);
  CHECK_EQ(_hs_v3_arena_count(&a, HS_V3_SLICES_FREE), 0);
  _hs_v3_arena_done(&a);
  _hs_os_free_meta(raw, 64 * MiB + HS_V3_SLICE_SIZE);
  CHECK_VALID();
}

static void test_arena_purge_delay(void) {
  void* raw;
  void* mem = arena_memory(32 * MiB, &raw);
  hs_v3_arena_t a;
  CHECK(_hs_v3_arena_init(&a, mem, 32 * MiB, 1000));   /* v3's default purge delay */
  void* p = _hs_v3_arena_slices_alloc(&a, 8, NULL);
  void* q = _hs_v3_arena_slices_alloc(&a, 1, NULL);
  _hs_v3_arena_slices_committed(&a, p, 8);
  _hs_v3_arena_slices_committed(&a, q, 1);
  CHECK_EQ(_hs_v3_arena_count(&a, HS_V3_SLICES_COMMITTED), 9);
  CHECK_EQ(_hs_v3_arena_count(&a, HS_V3_SLICES_DIRTY), 9);

  purge_log_t log = { 0, 0, true };
  CHECK(_hs_v3_arena_slices_free(&a, p, 8, 5000));      /* deadline: 6000 ms */
  CHECK_EQ(_hs_v3_arena_count(&a, HS_V3_SLICES_TO_PURGE), 8);
  CHECK_EQ(_hs_v3_arena_purge(&a, 5999, false, log_purge, &log), 0);
  CHECK_EQ(log.runs, 0);
  CHECK(_hs_v3_arena_slices_free(&a, q, 1, 5500));      /* the deadline does not move */
  CHECK_EQ(_hs_v3_arena_purge(&a, 6000, false, log_purge, &log), 9);
  CHECK_EQ(log.runs, 1);                                /* slices 0..8: one run */
  CHECK_EQ(log.bytes, 9 * HS_V3_SLICE_SIZE);
  CHECK_EQ(_hs_v3_arena_count(&a, HS_V3_SLICES_TO_PURGE), 0);
  CHECK_EQ(_hs_v3_arena_count(&a, HS_V3_SLICES_DIRTY), 0);
  CHECK_EQ(_hs_v3_arena_count(&a, HS_V3_SLICES_COMMITTED), 0);
  CHECK_EQ(_hs_v3_arena_purge(&a, 9000, true, log_purge, &log), 0);   /* nothing left */

  /* Reuse before the deadline cancels the slice's purge; a reset keeps it committed. */
  bool committed = false;
  p = _hs_v3_arena_slices_alloc(&a, 8, &committed);
  CHECK(!committed);
  _hs_v3_arena_slices_committed(&a, p, 8);
  CHECK(_hs_v3_arena_slices_free(&a, p, 8, 10000));
  p = _hs_v3_arena_slices_alloc(&a, 8, &committed);
  CHECK(committed);
  CHECK_EQ(_hs_v3_arena_count(&a, HS_V3_SLICES_TO_PURGE), 0);
  CHECK(_hs_v3_arena_slices_free(&a, p, 8, 10000));
  log = (purge_log_t){ 0, 0, false };
  CHECK_EQ(_hs_v3_arena_purge(&a, 10000, true, log_purge, &log), 8);
  CHECK_EQ(_hs_v3_arena_count(&a, HS_V3_SLICES_COMMITTED), 8);
  CHECK_EQ(_hs_v3_arena_count(&a, HS_V3_SLICES_DIRTY), 0);
  _hs_v3_arena_done(&a);

  /* A negative delay never purges. */
  CHECK(_hs_v3_arena_init(&a, mem, 32 * MiB, -1));
  p = _hs_v3_arena_slices_alloc(&a, 1, NULL);
  _hs_v3_arena_slices_committed(&a, p, 1);
  CHECK(_hs_v3_arena_slices_free(&a, p, 1, 0));
  CHECK_EQ(_hs_v3_arena_purge(&a, 1L << 40, true, log_purge, &log), 0);
  CHECK_EQ(_hs_v3_arena_count(&a, HS_V3_SLICES_DIRTY), 1);
  _hs_v3_arena_done(&a);
  _hs_os_free_meta(raw, 32 * MiB + HS_V3_SLICE_SIZE);
  CHECK_VALID();
}

/* ---------------------------------------------------------------------------------------------
   v3's ownership bit in thread_free
--------------------------------------------------------------------------------------------- */
static size_t list_length(const hs_page_t* page, hs_block_t* b) {
  size_t n = 0;
  for (; b != NULL && n < 1000000; b = hs_block_next(page, b)) n++;
  return n;
}

static void test_thread_free_owner_bit(void) {
  static hs_page_t page;              /* keys 0: plain next pointers */
  static hs_block_t blocks[8];
  memset(&page, 0, sizeof(page));
  _hs_v3_thread_free_init(&page, true);
  /* Frees into an owned page never take it over. */
  CHECK(!_hs_v3_thread_free_push(&page, &blocks[0]));
  CHECK(!_hs_v3_thread_free_push(&page, &blocks[1]));
  hs_block_t* got = _hs_v3_thread_free_take(&page);
  CHECK(got == &blocks[1]);
  CHECK_EQ(list_length(&page, got), 2);
  CHECK(hs_v3_tf_is_owned(hs_atomic_load_relaxed(&page.xthread_free)));
  /* Abandon: ownership goes; a claim by an allocating thread gets it back once. */
  CHECK(_hs_v3_thread_free_try_unown(&page, NULL));
  CHECK(!hs_v3_tf_is_owned(hs_atomic_load_relaxed(&page.xthread_free)));
  CHECK(_hs_v3_thread_free_try_claim(&page));
  CHECK(!_hs_v3_thread_free_try_claim(&page));
  /* Unowning fails when a block arrived after the owner looked. */
  CHECK(!_hs_v3_thread_free_push(&page, &blocks[2]));
  CHECK(!_hs_v3_thread_free_try_unown(&page, NULL));
  CHECK(_hs_v3_thread_free_try_unown(&page, &blocks[2]));   /* abandoned with one block queued */
  /* The first free into the abandoned page makes its thread the owner; the next does not. */
  CHECK(_hs_v3_thread_free_push(&page, &blocks[3]));
  CHECK(!_hs_v3_thread_free_push(&page, &blocks[4]));
  got = _hs_v3_thread_free_take(&page);
  CHECK_EQ(list_length(&page, got), 3);
  CHECK(!_hs_v3_thread_free_try_claim(&page));
  CHECK_VALID();
}

/* Threads free into a page that keeps being abandoned: whoever's free finds it abandoned owns
   it, collects and gives it up; there is never more than one owner, and no block is lost. */
#define OWN_THREADS 3
#define OWN_BLOCKS  20000
static hs_page_t    own_page;
static hs_block_t   own_blocks[OWN_THREADS][OWN_BLOCKS];
static atomic_int   own_owners;
static atomic_long  own_collected;
static atomic_long  own_claims;
static atomic_long  own_overlap;

static void own_collect_and_abandon(void) {
  if (atomic_fetch_add(&own_owners, 1) != 0) atomic_fetch_add(&own_overlap, 1);
  atomic_fetch_add(&own_claims, 1);
  for (;;) {
    hs_block_t* list = _hs_v3_thread_free_take(&own_page);
    atomic_fetch_add(&own_collected, (long)list_length(&own_page, list));
    atomic_fetch_sub(&own_owners, 1);
    if (_hs_v3_thread_free_try_unown(&own_page, NULL)) return;
    atomic_fetch_add(&own_owners, 1);   /* blocks came in: still ours, collect again */
  }
}

static void* own_freer(void* arg) {
  hs_block_t* mine = own_blocks[(uintptr_t)arg];
  for (size_t i = 0; i < OWN_BLOCKS; i++) {
    if (_hs_v3_thread_free_push(&own_page, &mine[i])) own_collect_and_abandon();
  }
  return NULL;
}

static void test_thread_free_claim_race(void) {
  memset(&own_page, 0, sizeof(own_page));
  _hs_v3_thread_free_init(&own_page, false);   /* abandoned from the start */
  pthread_t t[OWN_THREADS];
  for (uintptr_t i = 0; i < OWN_THREADS; i++) pthread_create(&t[i], NULL, own_freer, (void*)i);
  for (int i = 0; i < OWN_THREADS; i++) pthread_join(t[i], NULL);
  /* Blocks pushed after the last owner let go are still queued on the abandoned page. */
  const hs_thread_free_t tf = hs_atomic_load_relaxed(&own_page.xthread_free);
  CHECK(!hs_v3_tf_is_owned(tf));
  const long queued = (long)list_length(&own_page, hs_v3_tf_block(tf));
  CHECK_EQ(atomic_load(&own_collected) + queued, (long)OWN_THREADS * OWN_BLOCKS);
  CHECK_EQ(atomic_load(&own_overlap), 0);
  CHECK(atomic_load(&own_claims) >= 1);
  CHECK_VALID();
}

int main(void) {
  RUN(test_page_kinds);
  RUN(test_page_map_lookup);
  RUN(test_page_map_edges);
  RUN(test_page_map_leaves_v2_alone);
  RUN(test_page_map_concurrent);
  RUN(test_arena_placement);
  RUN(test_arena_purge_delay);
  RUN(test_thread_free_owner_bit);
  RUN(test_thread_free_claim_race);
  return test_summary();
}
