/* Scenario threads and how a batch runs on them.
 *
 * Lockstep: a baton goes from thread to thread. Whoever holds it runs the next op if the op is
 * its own, else hands the baton to the op's thread (or to the agent's main thread, which runs
 * thread start/exit, clock, options, validation, and gets the baton back when the batch ends or
 * an op fails). Exactly one thread runs at a time, so every run is deterministic, and a run of
 * ops on one thread costs no hand-over at all.
 *
 * Free-running: every thread named by the batch runs its own ops in order, all at once; the
 * main thread waits for the last one.
 *
 * One scenario thread may be the process's main thread (THREAD_START with PROCESS_MAIN): it
 * has no pthread of its own, its ops run on the agent's main thread, which is the thread that
 * started the process, so an allocator sees it as mimalloc's main thread (whose forced collect
 * adopts abandoned segments). It cannot exit.
 *
 * A hand-over sets the receiver's futex word; a waiting thread spins briefly before sleeping in
 * futex_wait, so alternating threads on two cores rarely enter the kernel.
 */
#define _GNU_SOURCE
#include "agent.h"
#include "delta.h"

#include <linux/futex.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sched.h>
#include <unistd.h>

ag_thread_t ag_threads[AG_THREAD_MAX];
__thread int    ag_tls_thread = AG_THREAD_NONE;
__thread size_t ag_tls_op;

static pthread_t ag_pthreads[AG_THREAD_MAX];

/* Snapshots ask ag_thread_index_of once or twice per page, and pages of one thread come
   together: the last answer is kept until a thread starts or exits. */
static uintptr_t ag_lookup_id;
static int       ag_lookup_index = AG_THREAD_NONE;
static void ag_lookup_forget(void) { ag_lookup_id = 0; }
static ag_thread_t ag_main;               /* the baton's home                         */
static _Atomic(uint32_t) ag_free_running_left;

enum { AG_CMD_LOCKSTEP = 0, AG_CMD_FREE_RUN = 1, AG_CMD_EXIT = 2, AG_CMD_CALL = 3 };

/* AG_CMD_CALL: what the woken thread runs for the main thread. */
static void (*ag_call_fn)(ag_thread_t* t, void* arg);
static void* ag_call_arg;

#define AG_SPIN_LIMIT 4000   /* pause iterations while the partner runs     */
#define AG_SPIN_SHORT 1000    /* ... while it still has to be scheduled      */

/* ------------------------------------------------------------------ the baton */
/* Hands the baton to `t`; returns whether it was asleep (then it still has to be scheduled). */
static bool ag_wake(ag_thread_t* t) {
  atomic_store_explicit(&t->turn, 1, memory_order_seq_cst);
  if (atomic_load_explicit(&t->sleeping, memory_order_seq_cst)) {
    syscall(SYS_futex, &t->turn, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    return true;
  }
  return false;
}

/* Waits for the baton. Spinning pays only while the thread that will hand it back is running:
   after waking a sleeping thread (or on a loaded machine) the wait yields soon and then sleeps,
   so a spinning thread never keeps the one it waits for off the CPU. */
static void ag_wait(ag_thread_t* t, bool partner_running) {
  int limit = (partner_running ? AG_SPIN_LIMIT : AG_SPIN_SHORT);
  for (int i = 0; i < limit; i++) {
    if (atomic_load_explicit(&t->turn, memory_order_acquire)) goto taken;
    __builtin_ia32_pause();
    if ((i & 127) == 127) sched_yield();
  }
  atomic_store_explicit(&t->sleeping, 1, memory_order_seq_cst);
  while (atomic_load_explicit(&t->turn, memory_order_seq_cst) == 0) {
    syscall(SYS_futex, &t->turn, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
  }
  atomic_store_explicit(&t->sleeping, 0, memory_order_relaxed);
taken:
  atomic_store_explicit(&t->turn, 0, memory_order_relaxed);
}

/* Who runs op `i`: a scenario thread, or NULL for the main thread (also for the ops of the
   scenario thread that is the process's main thread). */
static ag_thread_t* ag_actor(size_t i) {
  const ag_op_t* op = &ag_batch.ops[i];
  if (ag_op_runs_on_main(op) || ag_threads[op->thread].process_main) return NULL;
  return &ag_threads[op->thread];
}

/* The scenario thread that is the process's main thread, or NULL. */
static ag_thread_t* ag_process_main(void) {
  for (int i = 0; i < AG_THREAD_MAX; i++) {
    ag_thread_t* t = &ag_threads[i];
    if (t->process_main && (t->state == AG_THREAD_READY || t->state == AG_THREAD_PARKED)) return t;
  }
  return NULL;
}

/* After running its ops, a thread passes the baton to the next op's thread or home; returns
   whether the receiver is running (was not asleep). */
static bool ag_pass_on(void) {
  size_t next = atomic_load_explicit(&ag_batch.done, memory_order_relaxed);
  ag_thread_t* to = &ag_main;
  if (next < ag_batch.count && !atomic_load_explicit(&ag_batch.failed, memory_order_relaxed)) {
    ag_thread_t* a = ag_actor(next);
    if (a != NULL && a->state != AG_THREAD_EXITED && a->state != AG_THREAD_UNUSED) to = a;
  }
  return !ag_wake(to) && to != &ag_main;
}

static void ag_run_own_ops(ag_thread_t* self) {
  size_t i = atomic_load_explicit(&ag_batch.done, memory_order_relaxed);
  while (i < ag_batch.count && !atomic_load_explicit(&ag_batch.failed, memory_order_relaxed)
         && ag_actor(i) == self) {
    if (self->state == AG_THREAD_PARKED) self->state = AG_THREAD_READY;
    ag_op_exec(i);
    if (atomic_load_explicit(&ag_batch.failed, memory_order_relaxed)) break;
    i++;
    atomic_store_explicit(&ag_batch.done, i, memory_order_relaxed);
  }
}

static void ag_run_free(ag_thread_t* self) {
  ag_tls_thread = self->index;
  for (size_t i = 0; i < ag_batch.count; i++) {
    if (atomic_load_explicit(&ag_batch.failed, memory_order_relaxed)) break;
    if (ag_batch.ops[i].thread == self->index) ag_op_exec(i);
  }
  if (atomic_fetch_sub_explicit(&ag_free_running_left, 1, memory_order_acq_rel) == 1) (void)ag_wake(&ag_main);
}

/* ------------------------------------------------------------------ threads */
static void* ag_thread_main(void* arg) {
  ag_thread_t* self = (ag_thread_t*)arg;
  ag_tls_thread = self->index;
  self->tid = (pid_t)syscall(SYS_gettid);
  ag_backend->thread_register(self);
  ag_wake(&ag_main);                     /* registered: the starter may go on */
  bool partner_running = false;
  for (;;) {
    ag_wait(self, partner_running);
    uint32_t cmd = atomic_load_explicit(&self->command, memory_order_relaxed);
    if (cmd == AG_CMD_EXIT) break;
    if (cmd == AG_CMD_FREE_RUN) { ag_run_free(self); continue; }
    if (cmd == AG_CMD_CALL) {
      ag_call_fn(self, ag_call_arg);
      atomic_store_explicit(&self->command, AG_CMD_LOCKSTEP, memory_order_relaxed);
      (void)ag_wake(&ag_main);
      partner_running = false;
      continue;
    }
    ag_run_own_ops(self);
    partner_running = ag_pass_on();
  }
  ag_tls_op = self->exit_op;             /* events of the exit (abandonment) belong to it */
  return NULL;
}

bool ag_thread_start(size_t op_index, int index, bool process_main) {
  ag_thread_t* t = &ag_threads[index];
  if (t->state != AG_THREAD_UNUSED && t->state != AG_THREAD_EXITED) {
    ag_fail_at(op_index, AG_ERR_BAD_THREAD, (uint64_t)index, "already running: thread");
    return false;
  }
  const ag_thread_t* main_thread = ag_process_main();
  if (process_main && main_thread != NULL) {
    ag_fail_at(op_index, AG_ERR_BAD_THREAD, (uint64_t)main_thread->index, "the process main thread is already thread");
    return false;
  }
  memset(t, 0, sizeof(*t));
  t->index = index;
  t->state = AG_THREAD_READY;
  if (process_main) {
    t->process_main = true;
    t->tid = (pid_t)syscall(SYS_gettid);
    ag_tls_thread = index;
    ag_backend->thread_register(t);
    ag_tls_thread = AG_THREAD_NONE;
    ag_lookup_forget();
    ag_delta_heaps();
    return true;
  }
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, (size_t)256 << 10);
  int rc = pthread_create(&ag_pthreads[index], &attr, ag_thread_main, t);
  pthread_attr_destroy(&attr);
  if (rc != 0) {
    t->state = AG_THREAD_UNUSED;
    ag_fail_at(op_index, AG_ERR_INTERNAL, (uint64_t)rc, "pthread_create failed with error");
    return false;
  }
  ag_wait(&ag_main, false);
  ag_lookup_forget();
  ag_delta_heaps();
  return true;
}

void ag_thread_exit(size_t op_index, int index) {
  ag_thread_t* t = &ag_threads[index];
  if (t->state != AG_THREAD_READY && t->state != AG_THREAD_PARKED) {
    ag_fail_at(op_index, AG_ERR_BAD_THREAD, (uint64_t)index, "not a running thread:");
    return;
  }
  if (t->process_main) {
    ag_fail_at(op_index, AG_ERR_BAD_THREAD, (uint64_t)index, "the process main thread cannot exit (the process would end): thread");
    return;
  }
  ag_delta_thread_pages(t->core_id);
  t->exit_op = op_index;
  atomic_store_explicit(&t->command, AG_CMD_EXIT, memory_order_relaxed);
  (void)ag_wake(t);
  pthread_join(ag_pthreads[index], NULL);
  t->state = AG_THREAD_EXITED;
  ag_lookup_forget();
  ag_delta_heaps();
}

int ag_thread_index_of(uintptr_t core_id) {
  if (core_id == 0) return AG_THREAD_NONE;
  if (core_id == ag_lookup_id) return ag_lookup_index;
  int found = AG_THREAD_NONE;
  for (int i = 0; i < AG_THREAD_MAX; i++) {
    if (ag_threads[i].state != AG_THREAD_UNUSED && ag_threads[i].state != AG_THREAD_EXITED
        && ag_threads[i].core_id == core_id) { found = i; break; }
  }
  ag_lookup_id = core_id;
  ag_lookup_index = found;
  return found;
}

void ag_thread_call(int index, void (*fn)(ag_thread_t* t, void* arg), void* arg) {
  ag_thread_t* t = &ag_threads[index];
  if (t->state != AG_THREAD_READY && t->state != AG_THREAD_PARKED) return;
  if (t->process_main) {
    /* the process main thread has no pthread of its own: it is this one, the agent's main thread */
    const int was = ag_tls_thread;
    ag_tls_thread = index;
    fn(t, arg);
    ag_tls_thread = was;
    return;
  }
  ag_call_fn = fn;
  ag_call_arg = arg;
  atomic_store_explicit(&t->command, AG_CMD_CALL, memory_order_relaxed);
  (void)ag_wake(t);
  ag_wait(&ag_main, false);
}

/* ------------------------------------------------------------------ running a batch */
static bool ag_thread_running(size_t i) {
  const ag_op_t* op = &ag_batch.ops[i];
  uint8_t s = ag_threads[op->thread].state;
  if (s == AG_THREAD_READY || s == AG_THREAD_PARKED) return true;
  ag_fail_at(i, AG_ERR_BAD_THREAD, op->thread, "not a running thread:");
  return false;
}

static void ag_run_lockstep(void) {
  for (int i = 0; i < AG_THREAD_MAX; i++) atomic_store_explicit(&ag_threads[i].command, AG_CMD_LOCKSTEP, memory_order_relaxed);
  size_t i;
  while ((i = atomic_load_explicit(&ag_batch.done, memory_order_relaxed)) < ag_batch.count
         && !atomic_load_explicit(&ag_batch.failed, memory_order_relaxed)) {
    ag_thread_t* a = ag_actor(i);
    if (a == NULL) {
      const ag_op_t* op = &ag_batch.ops[i];
      ag_tls_thread = AG_THREAD_NONE;
      if (!ag_op_runs_on_main(op)) {   /* an op of the process main thread */
        if (!ag_thread_running(i)) break;
        ag_tls_thread = op->thread;
        if (ag_threads[op->thread].state == AG_THREAD_PARKED) ag_threads[op->thread].state = AG_THREAD_READY;
      }
      ag_op_exec(i);
      if (!atomic_load_explicit(&ag_batch.failed, memory_order_relaxed)) atomic_store_explicit(&ag_batch.done, i + 1, memory_order_relaxed);
      continue;
    }
    if (!ag_thread_running(i)) break;
    (void)ag_wake(a);
    ag_wait(&ag_main, false);
  }
}

/* Free-running: only allocation ops, on running threads, each handle used by one thread. */
static uint32_t ag_stamp;

static bool ag_check_free_running(void) {
  ag_stamp++;
  for (size_t i = 0; i < ag_batch.count; i++) {
    const ag_op_t* op = &ag_batch.ops[i];
    if (ag_op_runs_on_main(op) || op->code == AG_OP_HEAP_NEW || op->code == AG_OP_HEAP_DELETE
        || op->code == AG_OP_HEAP_DESTROY) {
      ag_fail(i, AG_ERR_BAD_ARGUMENT, "not allowed in a free-running batch", "", "");
      return false;
    }
    if (!ag_thread_running(i)) return false;
    if (op->code <= AG_OP_TOUCH) {
      ag_handle_t* h = ag_handle_at(op->id);
      if (h == NULL) { ag_fail_at(i, AG_ERR_BAD_HANDLE, op->id, "handle out of range:"); return false; }
      if (h->stamp == ag_stamp && h->stamp_thread != op->thread) {
        ag_fail_at(i, AG_ERR_BAD_ARGUMENT, op->id, "used by two threads in one free-running batch: handle");
        return false;
      }
      h->stamp = ag_stamp;
      h->stamp_thread = (uint8_t)op->thread;
      if (op->code == AG_OP_ALLOC && op->id >= ag_handle_high) ag_handle_high = op->id + 1;
    }
  }
  return true;
}

static void ag_run_free_running(void) {
  if (!ag_check_free_running()) return;
  bool involved[AG_THREAD_MAX] = { false };
  uint32_t n = 0;
  for (size_t i = 0; i < ag_batch.count; i++) {
    if (!involved[ag_batch.ops[i].thread]) { involved[ag_batch.ops[i].thread] = true; n++; }
  }
  if (n == 0) return;
  ag_delta_lost();   /* concurrent changes are not tracked: the next delta is a full snapshot */
  ag_events_concurrent(true);
  atomic_store_explicit(&ag_free_running_left, n, memory_order_relaxed);
  for (int t = 0; t < AG_THREAD_MAX; t++) {
    if (!involved[t] || ag_threads[t].process_main) continue;
    atomic_store_explicit(&ag_threads[t].command, AG_CMD_FREE_RUN, memory_order_relaxed);
    (void)ag_wake(&ag_threads[t]);
  }
  /* The process main thread's share runs here, alongside the others. */
  ag_thread_t* main_thread = ag_process_main();
  if (main_thread != NULL && involved[main_thread->index]) {
    ag_run_free(main_thread);
    ag_tls_thread = AG_THREAD_NONE;
  }
  ag_wait(&ag_main, false);
  ag_events_concurrent(false);
  for (int t = 0; t < AG_THREAD_MAX; t++) {
    if (involved[t]) atomic_store_explicit(&ag_threads[t].command, AG_CMD_LOCKSTEP, memory_order_relaxed);
  }
  if (!atomic_load_explicit(&ag_batch.failed, memory_order_relaxed)) {
    atomic_store_explicit(&ag_batch.done, ag_batch.count, memory_order_relaxed);
  }
}

void ag_run_batch(void) {
  atomic_store_explicit(&ag_batch.done, 0, memory_order_relaxed);
  atomic_store_explicit(&ag_batch.failed, false, memory_order_relaxed);
  if (ag_batch.mode == AG_MODE_FREE_RUNNING) ag_run_free_running();
  else ag_run_lockstep();
  ag_tls_thread = AG_THREAD_NONE;
}

void ag_threads_init(void) {
  for (int i = 0; i < AG_THREAD_MAX; i++) ag_threads[i].state = AG_THREAD_UNUSED;
  ag_main.index = AG_THREAD_NONE;
}

void ag_threads_shutdown(void) {
  for (int i = 0; i < AG_THREAD_MAX; i++) {
    ag_thread_t* t = &ag_threads[i];
    if (t->state != AG_THREAD_READY && t->state != AG_THREAD_PARKED) continue;
    if (t->process_main) {   /* no pthread of its own */
      t->state = AG_THREAD_EXITED;
      continue;
    }
    atomic_store_explicit(&t->command, AG_CMD_EXIT, memory_order_relaxed);
    (void)ag_wake(t);
    pthread_join(ag_pthreads[i], NULL);
    t->state = AG_THREAD_EXITED;
  }
}
