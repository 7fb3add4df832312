/* Heapscope core: process and thread start and end, events and error reports.
 *
 * A thread starts on the constant empty heap, whose direct table points at a page with no free
 * blocks, so its first allocation falls into the generic path, which calls _hs_thread_init.
 * That takes the thread's data (tld + backing heap) from mmap'd metadata, never from the core's
 * own heaps, and registers a pthread key whose destructor abandons the thread's memory when it
 * exits. Nothing here may call malloc: under LD_PRELOAD that would be ourselves, half set up.
 */
#include "internal.h"

#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

/* ---------------------------------------------------------------------------------------------
   The empty heap every thread starts on
--------------------------------------------------------------------------------------------- */

const hs_page_t _hs_page_empty;

const hs_heap_t _hs_heap_empty = {
  .pages_free_direct = { [0 ... HS_PAGES_DIRECT - 1] = (hs_page_t*)&_hs_page_empty },
  .page_retired_min  = HS_BIN_FULL,
};

hs_decl_thread hs_heap_t* _hs_heap_default = (hs_heap_t*)&_hs_heap_empty;

/* ---------------------------------------------------------------------------------------------
   Events and errors
--------------------------------------------------------------------------------------------- */

hs_event_fn* _hs_event_hook;
static void* hs_event_arg;

void hs_set_event_hook(hs_event_fn* fn, void* arg) {
  __atomic_store_n(&hs_event_arg, arg, __ATOMIC_RELAXED);
  __atomic_store_n(&_hs_event_hook, fn, __ATOMIC_RELEASE);   /* publishes the argument too */
}

void _hs_event_emit(hs_event_kind_t kind, uintptr_t segment, uintptr_t page, uintptr_t address,
                    size_t size, size_t count) {
  hs_event_fn* fn = __atomic_load_n(&_hs_event_hook, __ATOMIC_ACQUIRE);
  if (fn == NULL) return;   /* removed since the caller's check */
  const hs_event_t event = {
    .kind = kind, .thread_id = _hs_thread_id(), .segment = segment, .page = page,
    .address = address, .size = size, .count = count,
  };
  fn(&event, __atomic_load_n(&hs_event_arg, __ATOMIC_RELAXED));
}

#define HS_EVENT_NAME(name, doc) #name,
#define HS_EVENT_DOC(name, doc)  doc,
static const char* const hs_event_names[] = { HS_EVENT_KINDS(HS_EVENT_NAME) };
static const char* const hs_event_docs[] = { HS_EVENT_KINDS(HS_EVENT_DOC) };
#undef HS_EVENT_NAME
#undef HS_EVENT_DOC

const char* hs_event_name(hs_event_kind_t kind) {
  return ((unsigned)kind < _HS_EVENT_LAST ? hs_event_names[kind] : "UNKNOWN");
}

const char* hs_event_doc(hs_event_kind_t kind) {
  return ((unsigned)kind < _HS_EVENT_LAST ? hs_event_docs[kind] : "unknown event");
}

static hs_error_fn* hs_error_handler;
static void* hs_error_arg;

void hs_register_error(hs_error_fn* fn, void* arg) {
  __atomic_store_n(&hs_error_arg, arg, __ATOMIC_RELAXED);
  __atomic_store_n(&hs_error_handler, fn, __ATOMIC_RELEASE);
}

/* Straight to file descriptor 2: stdio could allocate. */
static void hs_write_stderr(const char* prefix, const char* message) {
  char line[600];
  int n = snprintf(line, sizeof(line), "heapscope: %s%s\n", prefix, message);
  if (n < 0) return;
  size_t len = ((size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
  ssize_t written = write(STDERR_FILENO, line, len);
  (void)written;   /* nothing sensible to do when stderr is gone */
}

/* Formats into a stack buffer; trailing newlines are dropped (the printer adds its own). */
static void hs_format(char* buf, size_t size, const char* fmt, va_list args) {
  vsnprintf(buf, size, fmt, args);
  size_t len = strlen(buf);
  while (len > 0 && buf[len - 1] == '\n') buf[--len] = 0;
}

void _hs_error(int err, const char* fmt, ...) {
  char message[512];
  va_list args;
  va_start(args, fmt);
  hs_format(message, sizeof(message), fmt, args);
  va_end(args);

  hs_error_fn* fn = __atomic_load_n(&hs_error_handler, __ATOMIC_ACQUIRE);
  if (fn != NULL) fn(err, message, __atomic_load_n(&hs_error_arg, __ATOMIC_RELAXED));
  else if (hs_option_is_enabled(hs_option_show_errors)) hs_write_stderr("error: ", message);
}

void _hs_warning(const char* fmt, ...) {
  if (!hs_option_is_enabled(hs_option_show_errors) && !hs_option_is_enabled(hs_option_verbose)) return;
  char message[512];
  va_list args;
  va_start(args, fmt);
  hs_format(message, sizeof(message), fmt, args);
  va_end(args);
  hs_write_stderr("warning: ", message);
}

void _hs_verbose(const char* fmt, ...) {
  if (!hs_option_is_enabled(hs_option_verbose)) return;
  char message[512];
  va_list args;
  va_start(args, fmt);
  hs_format(message, sizeof(message), fmt, args);
  va_end(args);
  hs_write_stderr("", message);
}

/* ---------------------------------------------------------------------------------------------
   Process start and end
--------------------------------------------------------------------------------------------- */

static pthread_key_t hs_thread_key;
static bool hs_thread_key_ok;
static _Atomic(int) hs_process_state;          /* 0 not started, 1 starting, 2 done */
static _Atomic(uintptr_t) hs_process_starter;  /* thread running the start */

static void hs_thread_exit(void* value);
static void hs_fork_prepare(void);
static void hs_fork_after(void);

static void hs_process_start(void) {
  _hs_options_init();
  _hs_os_init();
  _hs_stats_process_start();
  hs_thread_key_ok = (pthread_key_create(&hs_thread_key, &hs_thread_exit) == 0);
  pthread_atfork(&hs_fork_prepare, &hs_fork_after, &hs_fork_after);
  _hs_verbose("process initialised (secure level %ld)", hs_option_get(hs_option_secure));
}

/* Runs once. A re-entrant call from the starting thread (an OS call in the start that
   allocates) returns at once; other threads wait for the start to finish. */
void _hs_process_init(void) {
  if (hs_likely(atomic_load_explicit(&hs_process_state, memory_order_acquire) == 2)) return;
  int expected = 0;
  if (atomic_compare_exchange_strong_explicit(&hs_process_state, &expected, 1, memory_order_acq_rel,
                                              memory_order_acquire)) {
    hs_atomic_store_relaxed(&hs_process_starter, _hs_thread_id());
    hs_process_start();
    atomic_store_explicit(&hs_process_state, 2, memory_order_release);
    return;
  }
  if (hs_atomic_load_relaxed(&hs_process_starter) == _hs_thread_id()) return;
  while (atomic_load_explicit(&hs_process_state, memory_order_acquire) != 2) sched_yield();
}

bool _hs_is_main_thread(void) {
  const uintptr_t starter = hs_atomic_load_relaxed(&hs_process_starter);
  return starter == 0 || starter == _hs_thread_id();
}

__attribute__((constructor)) static void hs_process_load(void) {
  _hs_process_init();
}

__attribute__((destructor)) static void hs_process_unload(void) {
  _hs_stats_process_done();
}

/* ---------------------------------------------------------------------------------------------
   Registry of live threads
--------------------------------------------------------------------------------------------- */

static pthread_mutex_t hs_thread_registry_mutex = PTHREAD_MUTEX_INITIALIZER;
static hs_tld_t* hs_thread_registry;

void _hs_thread_registry_lock(void) { pthread_mutex_lock(&hs_thread_registry_mutex); }
void _hs_thread_registry_unlock(void) { pthread_mutex_unlock(&hs_thread_registry_mutex); }
hs_tld_t* _hs_thread_registry_first(void) { return hs_thread_registry; }

static void hs_thread_registry_add(hs_tld_t* tld) {
  _hs_thread_registry_lock();
  hs_registry_push(hs_thread_registry, tld);
  _hs_thread_registry_unlock();
}

static void hs_thread_registry_remove(hs_tld_t* tld) {
  _hs_thread_registry_lock();
  _hs_stats_thread_merge(tld);
  hs_registry_unlink(hs_thread_registry, tld);
  _hs_thread_registry_unlock();
}

/* A fork while another thread holds a registry lock would leave the child unable to create a
   thread, heap or segment, so fork waits for them (in the order inspection takes them). */
static void hs_fork_prepare(void) {
  _hs_segment_registry_lock();
  _hs_heap_registry_lock();
  _hs_thread_registry_lock();
  _hs_arena_fork_lock();
  _hs_v3_fork_lock();
}

static void hs_fork_after(void) {
  _hs_v3_fork_unlock();
  _hs_arena_fork_unlock();
  _hs_thread_registry_unlock();
  _hs_heap_registry_unlock();
  _hs_segment_registry_unlock();
}

/* ---------------------------------------------------------------------------------------------
   Thread start and end
--------------------------------------------------------------------------------------------- */

/* A thread's data: its tld and backing heap, in one metadata block. */
typedef struct hs_thread_data_s {
  hs_tld_t  tld;
  hs_heap_t heap;
} hs_thread_data_t;

static hs_decl_thread hs_thread_data_t* hs_thread_data;

void _hs_thread_init(void) {
  _hs_process_init();
  _hs_design_fix();
  if (hs_thread_data != NULL) {
    /* Initialised already; the default was set to the empty heap by hand. */
    if (!hs_heap_is_initialized(hs_heap_get_default_inline())) {
      _hs_heap_set_default_direct(&hs_thread_data->heap);
    }
    return;
  }
  hs_thread_data_t* td = (hs_thread_data_t*)_hs_os_alloc_meta(sizeof(hs_thread_data_t));
  if (td == NULL) {
    _hs_error(ENOMEM, "unable to allocate thread data");
    return;
  }
  memset(&td->tld, 0, sizeof(td->tld));
  td->tld.thread_id = _hs_thread_id();
  _hs_heap_init(&td->heap, &td->tld, false);
  td->tld.heap_backing = &td->heap;

  /* Usable from here on: any allocation made by the calls below takes the fast path. */
  hs_thread_data = td;
  _hs_heap_set_default_direct(&td->heap);
  hs_thread_registry_add(&td->tld);
  hs_stat_increase(threads, 1);
  if (hs_thread_key_ok) pthread_setspecific(hs_thread_key, td);
}

hs_tld_t* _hs_thread_tld(void) {
  if (hs_unlikely(hs_thread_data == NULL)) _hs_thread_init();
  return (hs_thread_data == NULL ? NULL : &hs_thread_data->tld);
}

/* First-class heaps give their pages to the backing heap, whose pages are then freed when
   empty or abandoned to their segments for other threads to reclaim. */
static void hs_thread_data_done(hs_thread_data_t* td) {
  hs_tld_t* tld = &td->tld;
  hs_heap_t* backing = &td->heap;
  _hs_heap_set_default_direct(backing);
  for (hs_heap_t* heap = tld->heaps; heap != NULL;) {
    hs_heap_t* next = heap->next;
    if (heap != backing) hs_heap_delete(heap);
    heap = next;
  }
  _hs_heap_collect_abandon(backing);
  if (tld->segments.count != 0) {
    _hs_warning("thread %p exits still owning %zu segments", (void*)tld->thread_id, tld->segments.count);
  }

  _hs_heap_set_default_direct((hs_heap_t*)&_hs_heap_empty);
  hs_thread_data = NULL;
  if (hs_thread_key_ok) pthread_setspecific(hs_thread_key, NULL);
  hs_thread_registry_remove(tld);
  _hs_heap_registry_remove(backing);
  hs_stat_decrease(threads, 1);
  _hs_os_free_meta(td, sizeof(hs_thread_data_t));
}

void hs_thread_done(void) {
  if (hs_thread_data != NULL) hs_thread_data_done(hs_thread_data);
}

/* The pthread key destructor. A later allocation by this thread (another destructor) starts it
   afresh, and pthread calls this again for it. */
static void hs_thread_exit(void* value) {
  if (value != NULL && value == hs_thread_data) hs_thread_data_done(hs_thread_data);
}

uintptr_t hs_thread_id(void) {
  return _hs_thread_id();
}
