/* The core's clock: milliseconds, monotonic by default.
 *
 * Purge deadlines read only this clock, so a scenario that installs a virtual clock (advanced
 * by its `sleep` lines) gets repeatable purges. The function and its argument are published
 * separately: hs_clock_set clears the function first, then stores the argument, then the new
 * function (release), and a reader that sees a function (acquire) also sees its argument. A
 * reader racing with a switch may read the monotonic clock once, which is harmless; switching
 * clocks while other threads allocate is not a supported use anyway.
 */
#include "internal.h"

#include <time.h>

static _Atomic(hs_clock_fn*) hs_clock_fn_current;
static _Atomic(void*)        hs_clock_arg_current;

static hs_msecs_t hs_clock_monotonic(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (hs_msecs_t)ts.tv_sec * 1000 + (hs_msecs_t)(ts.tv_nsec / 1000000);
}

hs_attr_export void hs_clock_set(hs_clock_fn* fn, void* arg) {
  atomic_store_explicit(&hs_clock_fn_current, (hs_clock_fn*)NULL, memory_order_release);
  atomic_store_explicit(&hs_clock_arg_current, arg, memory_order_relaxed);
  atomic_store_explicit(&hs_clock_fn_current, fn, memory_order_release);
}

hs_attr_export hs_msecs_t hs_clock_now(void) {
  hs_clock_fn* fn = atomic_load_explicit(&hs_clock_fn_current, memory_order_acquire);
  if (fn == NULL) return hs_clock_monotonic();
  return fn(atomic_load_explicit(&hs_clock_arg_current, memory_order_relaxed));
}
