/* The validator and the inspector as oracles: they must agree with each other on a busy heap,
 * and the validator must catch each kind of broken invariant, naming it precisely. Each case
 * breaks one thing by hand (through the internal structures), checks the report, and repairs it.
 */
#include "testhelper.h"
#include "internal.h"

static char msg[512];

/* Expect a violation whose message contains `what`; print it. */
#define CHECK_INVALID(what)                                                                     \
  do {                                                                                          \
    bool valid_ = hs_validate(msg, sizeof(msg));                                                \
    CHECK_MSG(!valid_, "the validator missed: %s", what);                                       \
    CHECK_MSG(valid_ || strstr(msg, what) != NULL, "expected \"%s\" in \"%s\"", what, msg);     \
    if (!valid_) printf("   caught: %s\n", msg);                                               \
  } while (0)

/* ---------------------------------------------------------------------------------------------
   Inspection agrees with itself and with the validator on a busy heap
--------------------------------------------------------------------------------------------- */
typedef struct agree_s {
  size_t pages, mismatches, list_mismatches;
  size_t blocks_in_use, blocks_free, blocks_local, blocks_thread, blocks_delayed;
} agree_t;

static bool agree_page(const hs_segment_info_t* s, const hs_page_info_t* p, const uint8_t* states, void* arg) {
  agree_t* a = (agree_t*)arg;
  a->pages++;
  size_t n[6] = { 0 };
  for (unsigned i = 0; i < p->reserved; i++) n[states[i] < 6 ? states[i] : 0]++;
  a->blocks_in_use += n[HS_BLOCK_IN_USE];
  a->blocks_free += n[HS_BLOCK_FREE];
  a->blocks_local += n[HS_BLOCK_LOCAL_FREE];
  a->blocks_thread += n[HS_BLOCK_THREAD_FREE];
  a->blocks_delayed += n[HS_BLOCK_DELAYED];
  bool ok = n[HS_BLOCK_FREE] == p->free_count && n[HS_BLOCK_LOCAL_FREE] == p->local_free_count &&
            n[HS_BLOCK_THREAD_FREE] == p->thread_free_count && n[HS_BLOCK_DELAYED] == p->delayed_count &&
            n[HS_BLOCK_UNEXTENDED] == p->reserved - p->capacity &&
            n[HS_BLOCK_IN_USE] + n[HS_BLOCK_THREAD_FREE] + n[HS_BLOCK_DELAYED] == p->used;
  if (!ok) {
    a->mismatches++;
    fprintf(stderr, "    page 0x%lx: states in_use %zu free %zu local %zu thread %zu delayed %zu unext %zu; "
            "info used %u free %u local %u thread %u delayed %u capacity %u reserved %u\n",
            (unsigned long)p->page_start, n[0], n[1], n[2], n[3], n[4], n[5], p->used, p->free_count,
            p->local_free_count, p->thread_free_count, p->delayed_count, p->capacity, p->reserved);
  }
  /* the list orders contain exactly the blocks in that state */
  const hs_block_state_t lists[4] = { HS_BLOCK_FREE, HS_BLOCK_LOCAL_FREE, HS_BLOCK_THREAD_FREE, HS_BLOCK_DELAYED };
  static uint32_t idx[65536];
  for (int l = 0; l < 4; l++) {
    size_t len = hs_inspect_list(p->page_start, lists[l], idx, 65536);
    bool same = (len == n[lists[l]]);
    for (size_t i = 0; i < len && same; i++) same = idx[i] < p->reserved && states[idx[i]] == lists[l];
    if (!same) a->list_mismatches++;
  }
  return true;
}

typedef struct one_page_s { bool visited; hs_page_info_t info; int state; uintptr_t target; } one_page_t;
static bool one_page(const hs_segment_info_t* s, const hs_page_info_t* p, const uint8_t* states, void* arg) {
  one_page_t* o = (one_page_t*)arg;
  o->visited = true;
  o->info = *p;
  o->state = states[(o->target - p->page_start) / p->block_size];
  return true;
}

static void* remote_free_half(void* arg) {
  void** p = (void**)arg;
  for (int i = 0; i < 3000; i += 2) hs_free(p[i]);
  return NULL;
}

static void test_inspection_agrees(void) {
  static void* p[3000];
  static void* mine[3000];
  for (int i = 0; i < 3000; i++) {
    p[i] = hs_malloc(16 + (size_t)(i % 50) * 24);
    mine[i] = hs_malloc(64);
  }
  for (int i = 0; i < 3000; i += 3) hs_free(mine[i]);   /* local frees */
  pthread_t t;
  pthread_create(&t, NULL, remote_free_half, p);        /* remote frees: thread_free and delayed */
  pthread_join(t, NULL);
  CHECK_VALID();
  agree_t a;
  memset(&a, 0, sizeof(a));
  hs_inspect_visitor_t v = { .page = agree_page };
  hs_inspect(&v, true, &a);
  CHECK(a.pages > 10);
  CHECK_EQ(a.mismatches, 0);
  CHECK_EQ(a.list_mismatches, 0);
  CHECK(a.blocks_local >= 1000);
  CHECK(a.blocks_thread + a.blocks_delayed >= 1500);
  CHECK(a.blocks_delayed >= 1);
  /* one page looked up directly reads the same as in the full walk */
  for (int i = 0; i < 3000; i += 97) {
    test_found_t f;
    if (!CHECK(test_page_of(mine[(i + 1) % 3000], &f))) continue;
    one_page_t one;
    memset(&one, 0, sizeof(one));
    one.target = (uintptr_t)mine[(i + 1) % 3000];
    hs_inspect_visitor_t pv = { .page = one_page };
    CHECK(hs_inspect_page((char*)mine[(i + 1) % 3000] + 5, &pv, true, &one));
    CHECK(one.visited);
    CHECK(memcmp(&one.info, &f.page, sizeof(f.page)) == 0);
    CHECK_EQ(one.state, f.block_state);
  }
  int on_stack = 0;
  CHECK(!hs_inspect_page(&on_stack, &v, true, NULL));
  /* inspection changed nothing: the same walk gives the same numbers */
  agree_t b;
  memset(&b, 0, sizeof(b));
  hs_inspect(&v, true, &b);
  CHECK(memcmp(&a, &b, sizeof(a)) == 0);
  CHECK_VALID();
  for (int i = 1; i < 3000; i += 2) hs_free(p[i]);
  for (int i = 0; i < 3000; i++) if (i % 3 != 0) hs_free(mine[i]);
  hs_collect(true);
  CHECK_VALID();
}

/* ---------------------------------------------------------------------------------------------
   Each broken invariant is caught
--------------------------------------------------------------------------------------------- */
static hs_page_t* page_of(void* p) { return _hs_ptr_page(p); }

static void test_catches_page_breakage(void) {
  void* keep[8];
  for (int i = 0; i < 8; i++) keep[i] = hs_malloc(96);
  hs_free(keep[7]);   /* one on local_free */
  keep[7] = NULL;
  CHECK_VALID();
  hs_page_t* page = page_of(keep[0]);
  CHECK(page->free != NULL && page->free->next != 0);
  CHECK_EQ(page->keys[0], 0);

  /* accounting */
  page->used++;
  CHECK_INVALID("!= capacity");
  page->used--;
  CHECK_VALID();

  /* capacity beyond reserved */
  uint16_t cap = page->capacity;
  page->capacity = page->reserved + 1;
  CHECK_INVALID("> reserved");
  page->capacity = cap;
  CHECK_VALID();

  /* a link into the middle of a block */
  hs_block_t* head = page->free;
  uintptr_t saved = head->next;
  head->next = saved + 8;
  CHECK_INVALID("not a block start");
  head->next = saved;
  CHECK_VALID();

  /* a link out of the page */
  static uint64_t elsewhere[4];
  head->next = (uintptr_t)elsewhere;
  CHECK_INVALID("outside the page");
  head->next = saved;
  CHECK_VALID();

  /* a cycle */
  hs_block_t* second = (hs_block_t*)saved;
  uintptr_t saved2 = second->next;
  second->next = (uintptr_t)head;
  CHECK_INVALID("twice (a cycle)");
  second->next = saved2;
  CHECK_VALID();

  /* a block on two lists */
  hs_block_t* local = page->local_free;
  CHECK(local != NULL);
  uintptr_t saved_local = local->next;
  local->next = (uintptr_t)page->free;
  CHECK_INVALID("is on both free and local_free");
  local->next = saved_local;
  CHECK_VALID();

  /* a stuck DELAYED_FREEING state */
  hs_thread_free_t tf = atomic_load(&page->xthread_free);
  atomic_store(&page->xthread_free, hs_tf_make(hs_tf_block(tf), HS_DELAYED_FREEING));
  CHECK_INVALID("DELAYED_FREEING");
  atomic_store(&page->xthread_free, tf);
  CHECK_VALID();

  /* a block on the heap's delayed list that is still on the page's free list */
  hs_heap_t* heap = hs_page_heap(page);
  hs_block_t* dl = atomic_load(&heap->thread_delayed_free);
  CHECK(dl == NULL);
  hs_block_t* victim = page->free;
  uintptr_t saved_victim = victim->next;
  hs_block_set_nextx(page, victim, NULL);   /* cuts the free list short too: repaired below */
  atomic_store(&heap->thread_delayed_free, victim);
  CHECK_INVALID("is on both free and the heap's delayed list");
  victim->next = saved_victim;
  atomic_store(&heap->thread_delayed_free, NULL);
  CHECK_VALID();

  /* a delayed-list link to memory that is no block of ours */
  atomic_store(&heap->thread_delayed_free, (hs_block_t*)elsewhere);
  CHECK_INVALID("not an extended block of a live page");
  atomic_store(&heap->thread_delayed_free, NULL);
  CHECK_VALID();

  for (int i = 0; i < 7; i++) hs_free(keep[i]);
  CHECK_VALID();
}

static void test_catches_queue_and_owner_breakage(void) {
  void* a = hs_malloc(200);
  void* b = hs_malloc(5000);
  CHECK_VALID();
  hs_page_t* page = page_of(a);
  hs_heap_t* heap = hs_page_heap(page);
  CHECK(heap == hs_heap_get_backing());

  /* queue links */
  hs_page_t* prev = page->prev;
  page->prev = page;
  CHECK_INVALID("its prev is");
  page->prev = prev;
  CHECK_VALID();

  /* page_count */
  heap->page_count++;
  CHECK_INVALID("page_count");
  heap->page_count--;
  CHECK_VALID();

  /* the direct table */
  size_t w = hs_wsize_from_size(200);
  hs_page_t* direct = heap->pages_free_direct[w];
  heap->pages_free_direct[w] = (hs_page_t*)&_hs_page_empty;
  CHECK_INVALID("direct entry for");
  heap->pages_free_direct[w] = direct;
  CHECK_VALID();

  /* in_full outside the full queue */
  page->flags.x.in_full = 1;
  CHECK_INVALID("in_full set but in queue bin");
  page->flags.x.in_full = 0;
  CHECK_VALID();

  /* a page in a queue of another block size */
  hs_page_queue_t* pq = _hs_heap_page_queue_of(heap, page);
  pq->block_size += 16;
  CHECK_INVALID("in queue bin");
  pq->block_size -= 16;
  CHECK_VALID();

  /* the segment says another thread owns it */
  hs_segment_t* segment = _hs_page_segment(page);
  uintptr_t tid = atomic_load(&segment->thread_id);
  atomic_store(&segment->thread_id, tid ^ 0x1000);
  CHECK_INVALID("owner thread");
  atomic_store(&segment->thread_id, tid);
  CHECK_VALID();

  /* a page without a heap, while the segment counts none abandoned */
  uintptr_t xheap = atomic_load(&page->xheap);
  atomic_store(&page->xheap, 0);
  CHECK_INVALID("pages without a heap, but abandoned is");
  atomic_store(&page->xheap, xheap);
  CHECK_VALID();

  /* pages in use miscounted */
  segment->used++;
  CHECK_INVALID("spans are pages in use");
  segment->used--;
  CHECK_VALID();

  hs_free(a);
  hs_free(b);
  CHECK_VALID();
}

int main(void) {
  RUN(test_inspection_agrees);
  RUN(test_catches_page_breakage);
  RUN(test_catches_queue_and_owner_breakage);
  return test_summary();
}
