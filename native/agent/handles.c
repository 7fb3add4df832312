/* The handle table and the heap table.
 *
 * A handle is the client's name for one block (1 .. 2^24-1, chosen by the client so a whole
 * batch can be sent without waiting for addresses). The table is one reservation indexed by
 * handle; only the pages of handles in use ever become resident. Heap ids name first-class heaps.
 */
#include "agent.h"

static ag_handle_t*     ag_handles;
static ag_heap_entry_t* ag_heaps;
uint32_t ag_handle_high;

bool ag_handles_init(void) {
  ag_handles = (ag_handle_t*)ag_map((size_t)AG_HANDLE_MAX * sizeof(ag_handle_t));
  ag_heaps = (ag_heap_entry_t*)ag_map((size_t)AG_HEAP_MAX * sizeof(ag_heap_entry_t));
  return ag_handles != NULL && ag_heaps != NULL;
}

ag_handle_t* ag_handle_at(uint32_t id) {
  if (id == 0 || id >= AG_HANDLE_MAX) return NULL;
  return &ag_handles[id];
}

void ag_handles_of_heap(uint32_t heap, uint8_t new_state) {
  for (uint32_t i = 1; i < ag_handle_high; i++) {
    ag_handle_t* h = &ag_handles[i];
    if (h->state != AG_HANDLE_LIVE || h->heap != heap) continue;
    h->heap = 0;
    if (new_state != AG_HANDLE_LIVE) {
      h->state = new_state;
      h->ptr = NULL;
    }
  }
}

ag_heap_entry_t* ag_heap_at(uint32_t id) {
  if (id == 0 || id >= AG_HEAP_MAX) return NULL;
  return &ag_heaps[id];
}
