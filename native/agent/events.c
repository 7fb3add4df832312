/* Events the backend emitted while a batch ran, each tied to the op that caused it (the op the
 * emitting thread was executing). In lockstep one thread runs at a time; in a free-running
 * batch a spin lock orders the appends. */
#include "agent.h"

static ag_buf_t ag_events;
static uint32_t ag_event_count;
static bool ag_events_locked;
static atomic_flag ag_events_lock = ATOMIC_FLAG_INIT;

#define AG_EVENTS_MAX ((uint32_t)1 << 22)   /* beyond this a batch's events are dropped (counted) */
static uint32_t ag_events_dropped;

bool ag_events_init(void) { return ag_buf_reserve(&ag_events, AG_EVENT_SIZE * 1024); }

void ag_events_reset(void) {
  ag_buf_release(&ag_events);
  ag_event_count = 0;
  ag_events_dropped = 0;
}

void ag_events_concurrent(bool on) { ag_events_locked = on; }

void ag_event_add(uint16_t kind, uint64_t segment, uint64_t page, uint64_t address,
                  uint64_t size, uint64_t count) {
  bool locked = ag_events_locked;
  if (locked) { while (atomic_flag_test_and_set_explicit(&ag_events_lock, memory_order_acquire)) __builtin_ia32_pause(); }
  if (ag_event_count >= AG_EVENTS_MAX) {
    ag_events_dropped++;
  } else {
    ag_put_u16(&ag_events, kind);
    ag_put_u16(&ag_events, (uint16_t)ag_tls_thread);
    ag_put_u32(&ag_events, (uint32_t)ag_tls_op);
    ag_put_u64(&ag_events, segment);
    ag_put_u64(&ag_events, page);
    ag_put_u64(&ag_events, address);
    ag_put_u64(&ag_events, size);
    ag_put_u64(&ag_events, count);
    if (!ag_events.failed) ag_event_count++;
  }
  if (locked) atomic_flag_clear_explicit(&ag_events_lock, memory_order_release);
}

void ag_events_write(ag_buf_t* out) {
  ag_put_u32(out, ag_events_dropped);
  ag_put_u32(out, ag_event_count);
  ag_put_bytes(out, ag_events.data, (size_t)ag_event_count * AG_EVENT_SIZE);
}
