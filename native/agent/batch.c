/* A BATCH frame: decoding it into ops (nothing runs unless the whole frame decodes), and
 * running one op on the thread that executes it. */
#include "agent.h"
#include "delta.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

ag_batch_t ag_batch;
bool       ag_crash_allowed;
uint64_t   ag_stall_at;
static _Atomic(uint64_t) ag_ops_started;
uint64_t   ag_op_serial;

static const char* ag_op_name(uint8_t code) {
  switch (code) {
#define AG_OP_CASE(name, code, doc) case code: return #name;
    AG_OPS(AG_OP_CASE)
#undef AG_OP_CASE
    default: return "?";
  }
}

/* ------------------------------------------------------------------ errors */
static void ag_error_set(ag_error_t* err, uint16_t code, uint32_t op_index, size_t offset,
                         const char* a, const char* b, const char* c) {
  err->code = code;
  err->op_index = op_index;
  err->offset = (uint32_t)offset;
  char* end = err->msg + sizeof(err->msg) - 1;
  char* p = ag_fmt_str(err->msg, end, a);
  p = ag_fmt_str(p, end, b);
  p = ag_fmt_str(p, end, c);
  *p = 0;
}

void ag_fail(size_t index, uint16_t code, const char* a, const char* b, const char* c) {
  bool expected = false;
  if (!atomic_compare_exchange_strong(&ag_batch.failed, &expected, true)) return;  /* first wins */
  const ag_op_t* op = &ag_batch.ops[index];
  char head[64];
  char* end = head + sizeof(head) - 1;
  char* p = ag_fmt_str(head, end, ag_op_name(op->code));
  p = ag_fmt_str(p, end, ": ");
  *p = 0;
  char msg[200];
  end = msg + sizeof(msg) - 1;
  p = ag_fmt_str(msg, end, a);
  p = ag_fmt_str(p, end, b);
  *p = 0;
  ag_error_set(&ag_batch.error, code, (uint32_t)index, op->offset, head, msg, c);
}

void ag_fail_at(size_t index, uint16_t code, uint64_t number, const char* text) {
  char num[24];
  char* p = ag_fmt_u64(num, num + sizeof(num) - 1, number);
  *p = 0;
  ag_fail(index, code, text, " ", num);
}

/* ------------------------------------------------------------------ decoding */
static bool ag_ops_reserve(size_t count) {
  if (count <= ag_batch.cap) return true;
  size_t cap = (ag_batch.cap == 0 ? 4096 : ag_batch.cap);
  while (cap < count) cap *= 2;
  ag_op_t* ops = (ag_op_t*)ag_remap(ag_batch.ops, ag_batch.cap * sizeof(ag_op_t), cap * sizeof(ag_op_t));
  if (ops == NULL) return false;
  ag_batch.ops = ops;
  ag_result_t* results = (ag_result_t*)ag_remap(ag_batch.results, ag_batch.cap * sizeof(ag_result_t),
                                                cap * sizeof(ag_result_t));
  if (results == NULL) return false;
  ag_batch.results = results;
  ag_batch.cap = cap;
  return true;
}

static bool ag_op_is_thread_op(uint8_t code) {
  switch (code) {
    case AG_OP_ADVANCE: case AG_OP_SET_OPTION: case AG_OP_VALIDATE: case AG_OP_CRASH: return false;
    default: return true;
  }
}

/* The body of one op; returns false (with err set) when it is malformed. */
static bool ag_op_decode(ag_reader_t* r, uint32_t index, ag_op_t* op, ag_error_t* err) {
  memset(op, 0, sizeof(*op));
  op->offset = (uint32_t)ag_reader_offset(r);
  op->code = ag_get_u8(r);
  op->flags = ag_get_u8(r);
  op->thread = ag_get_u16(r);
  switch (op->code) {
    case AG_OP_ALLOC:
      op->id = ag_get_u32(r); op->heap = ag_get_u32(r); op->a = ag_get_u64(r); op->b = ag_get_u32(r);
      break;
    case AG_OP_REALLOC:
      op->id = ag_get_u32(r); op->a = ag_get_u64(r);
      break;
    case AG_OP_FREE:
      op->id = ag_get_u32(r);
      break;
    case AG_OP_TOUCH:
      op->id = ag_get_u32(r); op->value = ag_get_u8(r);
      ag_get_u8(r); ag_get_u16(r);
      op->a = ag_get_u64(r); op->b = ag_get_u64(r);
      break;
    case AG_OP_HEAP_NEW: case AG_OP_HEAP_DELETE: case AG_OP_HEAP_DESTROY:
    case AG_OP_HEAP_SET_DEFAULT: case AG_OP_COLLECT:
      op->id = ag_get_u32(r);
      break;
    case AG_OP_THREAD_START: case AG_OP_THREAD_PARK: case AG_OP_THREAD_EXIT: case AG_OP_VALIDATE:
      break;
    case AG_OP_ADVANCE:
      op->a = ag_get_u64(r);
      break;
    case AG_OP_SET_OPTION: {
      op->a = ag_get_u64(r);
      size_t n;
      op->name = ag_get_str(r, &n);
      op->name_len = (uint16_t)n;
      break;
    }
    case AG_OP_CRASH:
      op->a = ag_get_u8(r);
      break;
    default:
      if (r->short_read) break;
      ag_error_set(err, AG_ERR_UNKNOWN_OP, index, op->offset, "unknown operation code", "", "");
      return false;
  }
  if (r->short_read) {
    ag_error_set(err, AG_ERR_TRUNCATED, index, r->short_at, "the frame ends inside operation ",
                 ag_op_name(op->code), "");
    return false;
  }
  if (ag_op_is_thread_op(op->code) && op->thread >= AG_THREAD_MAX) {
    ag_error_set(err, AG_ERR_BAD_THREAD, index, op->offset + 2, "thread index must be below 64 for ",
                 ag_op_name(op->code), "");
    return false;
  }
  return true;
}

bool ag_batch_decode(const uint8_t* body, size_t len, ag_error_t* err) {
  ag_reader_t r;
  ag_reader_init(&r, body, len, AG_HEADER_SIZE);
  uint8_t mode = ag_get_u8(&r);
  ag_get_u8(&r); ag_get_u16(&r);
  uint32_t count = ag_get_u32(&r);
  ag_batch.count = 0;
  if (r.short_read) {
    ag_error_set(err, AG_ERR_TRUNCATED, UINT32_MAX, r.short_at, "the BATCH header is cut short", "", "");
    return false;
  }
  if (mode != AG_MODE_LOCKSTEP && mode != AG_MODE_FREE_RUNNING) {
    ag_error_set(err, AG_ERR_BAD_ARGUMENT, UINT32_MAX, AG_HEADER_SIZE, "unknown batch mode", "", "");
    return false;
  }
  if ((size_t)count > ag_reader_left(&r) / 4) {   /* every op takes at least 4 bytes */
    ag_error_set(err, AG_ERR_TRUNCATED, UINT32_MAX, AG_HEADER_SIZE + 4,
                 "the op count is larger than the frame can hold", "", "");
    return false;
  }
  if (!ag_ops_reserve(count)) {
    ag_error_set(err, AG_ERR_INTERNAL, UINT32_MAX, AG_HEADER_SIZE + 4, "no memory for the ops", "", "");
    return false;
  }
  for (uint32_t i = 0; i < count; i++) {
    if (!ag_op_decode(&r, i, &ag_batch.ops[i], err)) return false;
  }
  if (ag_reader_left(&r) != 0) {
    ag_error_set(err, AG_ERR_TRAILING, UINT32_MAX, ag_reader_offset(&r), "bytes after the last operation", "", "");
    return false;
  }
  ag_batch.count = count;
  ag_batch.mode = mode;
  memset(ag_batch.results, 0, count * sizeof(ag_result_t));
  return true;
}

bool ag_op_runs_on_main(const ag_op_t* op) {
  switch (op->code) {
    case AG_OP_THREAD_START: case AG_OP_THREAD_PARK: case AG_OP_THREAD_EXIT:
    case AG_OP_ADVANCE: case AG_OP_SET_OPTION: case AG_OP_VALIDATE: case AG_OP_CRASH:
      return true;
    default:
      return false;
  }
}

/* ------------------------------------------------------------------ execution */

/* A live handle, or fail. */
static ag_handle_t* ag_live_handle(size_t index, const ag_op_t* op) {
  ag_handle_t* h = ag_handle_at(op->id);
  if (h == NULL || h->state == AG_HANDLE_NEVER) {
    ag_fail_at(index, AG_ERR_BAD_HANDLE, op->id, "no such handle:");
    return NULL;
  }
  if (h->state == AG_HANDLE_FREED) { ag_fail_at(index, AG_ERR_HANDLE_FREED, op->id, "already freed: handle"); return NULL; }
  if (h->state == AG_HANDLE_DESTROYED) {
    ag_fail_at(index, AG_ERR_HANDLE_FREED, op->id, "its heap was destroyed: handle");
    return NULL;
  }
  return h;
}

/* The heap an op names, checked to belong to the executing thread; *heap = NULL for id 0. */
static bool ag_owned_heap(size_t index, const ag_op_t* op, uint32_t id, void** heap) {
  *heap = NULL;
  if (id == 0) return true;
  ag_heap_entry_t* e = ag_heap_at(id);
  if (e == NULL || e->heap == NULL) { ag_fail_at(index, AG_ERR_BAD_HEAP, id, "no such heap:"); return false; }
  if (e->owner != op->thread) { ag_fail_at(index, AG_ERR_WRONG_THREAD, e->owner, "the heap belongs to thread"); return false; }
  *heap = e->heap;
  return true;
}

static void ag_exec_alloc(size_t index, const ag_op_t* op, ag_result_t* res) {
  ag_handle_t* h = ag_handle_at(op->id);
  if (h == NULL) { ag_fail_at(index, AG_ERR_BAD_HANDLE, op->id, "handle out of range:"); return; }
  if (h->state == AG_HANDLE_LIVE) { ag_fail_at(index, AG_ERR_HANDLE_LIVE, op->id, "still live: handle"); return; }
  if (op->b != 0 && ((op->b & (op->b - 1)) != 0 || op->b > ((uint64_t)1 << 30))) {
    ag_fail_at(index, AG_ERR_BAD_ARGUMENT, op->b, "alignment must be a power of two up to 1 GiB, not");
    return;
  }
  if (op->a > AG_ALLOC_MAX) {
    ag_fail_at(index, AG_ERR_BAD_ARGUMENT, AG_ALLOC_MAX, "one block is at most this many bytes:");
    return;
  }
  if (op->b != 0 && (op->flags & AG_OP_FLAG_ZERO) && op->a > AG_TOUCH_MAX) {
    ag_fail_at(index, AG_ERR_BAD_ARGUMENT, AG_TOUCH_MAX, "the agent zeroes aligned blocks itself, up to this many bytes:");
    return;
  }
  void* heap;
  if (!ag_owned_heap(index, op, op->heap, &heap)) return;
  void* p = ag_backend->alloc(heap, (size_t)op->a, (size_t)op->b, (op->flags & AG_OP_FLAG_ZERO) != 0);
  if (ag_batch.mode == AG_MODE_LOCKSTEP && op->id >= ag_handle_high) ag_handle_high = op->id + 1;
  h->ptr = p;
  h->size = op->a;
  h->heap = op->heap;
  h->thread = op->thread;
  h->state = AG_HANDLE_LIVE;
  res->address = (uintptr_t)p;
  res->usable = (p == NULL ? 0 : ag_backend->usable(p));
  if (p == NULL) res->status = AG_STATUS_NULL;
  ag_delta_block((uintptr_t)p);
}

static void ag_exec_realloc(size_t index, const ag_op_t* op, ag_result_t* res) {
  ag_handle_t* h = ag_live_handle(index, op);
  if (h == NULL) return;
  if (op->a > AG_ALLOC_MAX) {
    ag_fail_at(index, AG_ERR_BAD_ARGUMENT, AG_ALLOC_MAX, "one block is at most this many bytes:");
    return;
  }
  void* heap = NULL;
  if (h->heap != 0 && !ag_owned_heap(index, op, h->heap, &heap)) return;
  ag_delta_block((uintptr_t)h->ptr);
  void* q = ag_backend->realloc(heap, h->ptr, (size_t)op->a);
  if (q == NULL && op->a != 0) {
    res->status = AG_STATUS_NULL;   /* the old block stays */
    res->address = (uintptr_t)h->ptr;
    return;
  }
  h->ptr = q;
  h->size = op->a;
  res->address = (uintptr_t)q;
  res->usable = (q == NULL ? 0 : ag_backend->usable(q));
  ag_delta_block((uintptr_t)q);
}

static void ag_exec_free(size_t index, const ag_op_t* op, ag_result_t* res) {
  ag_handle_t* h = ag_handle_at(op->id);
  const bool again = (op->flags & AG_OP_FLAG_AGAIN) != 0 && h != NULL && h->state == AG_HANDLE_FREED;
  if (!again) {
    h = ag_live_handle(index, op);
    if (h == NULL) return;
  }
  /* A deliberate double free hands the stale pointer to the allocator once more: what happens
     (detected and ignored in secure mode, corruption or a crash elsewhere) is the lesson. */
  res->address = (uintptr_t)h->ptr;
  ag_delta_block((uintptr_t)h->ptr);
  ag_backend->free(h->ptr);
  h->state = AG_HANDLE_FREED;   /* the pointer stays for a FREE with the `again` flag */
}

static void ag_exec_touch(size_t index, const ag_op_t* op, ag_result_t* res) {
  ag_handle_t* h = ag_live_handle(index, op);
  if (h == NULL) return;
  uint64_t length = (op->b == 0 ? (op->a < h->size ? h->size - op->a : 0) : op->b);
  if (op->a > h->size || length > h->size - op->a) {
    ag_fail_at(index, AG_ERR_BAD_ARGUMENT, h->size, "the range lies outside the block of size");
    return;
  }
  if (length > AG_TOUCH_MAX) {
    ag_fail_at(index, AG_ERR_BAD_ARGUMENT, AG_TOUCH_MAX, "one TOUCH writes at most this many bytes:");
    return;
  }
  if (h->ptr != NULL && length > 0) memset((uint8_t*)h->ptr + op->a, op->value, (size_t)length);
  res->address = (uintptr_t)h->ptr;
  res->value = length;
}

static void ag_exec_heap(size_t index, const ag_op_t* op, ag_result_t* res) {
  ag_heap_entry_t* e = ag_heap_at(op->id);
  if (op->code == AG_OP_HEAP_NEW) {
    if (e == NULL || e->heap != NULL) { ag_fail_at(index, AG_ERR_BAD_HEAP, op->id, "heap id out of range or in use:"); return; }
    if (ag_backend->heap_new == NULL) { ag_fail(index, AG_ERR_UNSUPPORTED, ag_backend->name, " backend has no first-class heaps", ""); return; }
    e->heap = ag_backend->heap_new();
    if (e->heap == NULL) { res->status = AG_STATUS_NULL; return; }
    e->owner = op->thread;
    res->address = (uintptr_t)e->heap;
    ag_delta_heaps();
    return;
  }
  if (op->code == AG_OP_HEAP_SET_DEFAULT && op->id == 0) {
    ag_backend->heap_set_default(NULL);
    ag_delta_heaps();
    return;
  }
  if ((op->code == AG_OP_HEAP_DELETE || op->code == AG_OP_HEAP_DESTROY) && op->id == 0) {
    ag_fail_at(index, AG_ERR_BAD_HEAP, 0, "the backing heap cannot be deleted or destroyed: heap");
    return;
  }
  void* heap;
  if (!ag_owned_heap(index, op, op->id, &heap)) return;
  res->address = (uintptr_t)heap;
  switch (op->code) {
    case AG_OP_HEAP_DELETE:
      ag_delta_heap_pages((uintptr_t)heap);
      ag_backend->heap_delete(heap);
      ag_handles_of_heap(op->id, AG_HANDLE_LIVE);
      e->heap = NULL;
      break;
    case AG_OP_HEAP_DESTROY:
      ag_delta_heap_pages((uintptr_t)heap);
      ag_backend->heap_destroy(heap);
      ag_handles_of_heap(op->id, AG_HANDLE_DESTROYED);
      e->heap = NULL;
      break;
    case AG_OP_HEAP_SET_DEFAULT:
      ag_backend->heap_set_default(heap);
      break;
  }
  ag_delta_heaps();
}

static void ag_exec_collect(size_t index, const ag_op_t* op, ag_result_t* res) {
  void* heap;
  if (!ag_owned_heap(index, op, op->id, &heap)) return;
  ag_delta_thread_pages(ag_threads[op->thread].core_id);
  ag_backend->collect(heap, (op->flags & AG_OP_FLAG_FORCE) != 0);
  ag_delta_heaps();
}

static void ag_exec_main(size_t index, const ag_op_t* op, ag_result_t* res) {
  switch (op->code) {
    case AG_OP_THREAD_START: ag_thread_start(index, op->thread, (op->flags & AG_OP_FLAG_PROCESS_MAIN) != 0); break;
    case AG_OP_THREAD_EXIT:  ag_thread_exit(index, op->thread); break;
    case AG_OP_THREAD_PARK:
      if (op->thread >= AG_THREAD_MAX
          || (ag_threads[op->thread].state != AG_THREAD_READY && ag_threads[op->thread].state != AG_THREAD_PARKED)) {
        ag_fail_at(index, AG_ERR_BAD_THREAD, op->thread, "not a running thread:");
        break;
      }
      ag_threads[op->thread].state = AG_THREAD_PARKED;
      break;
    case AG_OP_ADVANCE:
      /* the clock stops at 2^62 ms: the core adds its delays to it, and those sums must not
         overflow; a step past the end is refused, not wrapped */
      if (op->a > (uint64_t)(((int64_t)1 << 62) - ag_clock_ms)) {
        ag_fail_at(index, AG_ERR_BAD_ARGUMENT, (uint64_t)(((int64_t)1 << 62) - ag_clock_ms),
                   "the virtual clock would overflow; at most this many ms can still be added:");
        break;
      }
      res->value = (uint64_t)ag_backend->advance(op->a);
      break;
    case AG_OP_SET_OPTION: {
      int err = ag_backend->set_option(op->name, op->name_len, (int64_t)op->a);
      if (err != 0) {
        char name[80];
        size_t n = (op->name_len < sizeof(name) - 1 ? op->name_len : sizeof(name) - 1);
        memcpy(name, op->name, n);
        name[n] = 0;
        ag_fail(index, (uint16_t)err, "cannot set option '", name, "'");
      }
      break;
    }
    case AG_OP_VALIDATE: {
      char msg[512];
      bool supported = true;
      bool ok = ag_backend->validate(msg, sizeof(msg), &supported);
      res->value = (ok ? 1 : 0);
      if (!ok) res->status = AG_STATUS_INVALID;
      if (!ok || !supported) {
        size_t n = strnlen(msg, sizeof(msg));
        res->msg_off = (uint32_t)ag_batch.text.len;
        res->msg_len = (uint16_t)n;
        ag_put_bytes(&ag_batch.text, msg, n);
      }
      break;
    }
    case AG_OP_CRASH:
      if (!ag_crash_allowed) {
        ag_fail(index, AG_ERR_UNSUPPORTED, "CRASH is refused unless the agent runs with ", AG_CRASH_ENV, "=1");
        break;
      }
      ag_log("crash requested by the client (CRASH op)", "", "");
      if (op->a == 1) abort();
      if (op->a == 2) _exit(3);
      raise(SIGSEGV);
      break;
  }
}

/* The test hook of AG_STALL_ENV: the agent stops answering, as a hung allocator would. */
static void ag_stall_if_asked(void) {
  if (ag_stall_at == 0) return;
  if (atomic_fetch_add(&ag_ops_started, 1) + 1 != ag_stall_at) return;
  ag_log("stalling for ever, as " AG_STALL_ENV " asks", "", "");
  for (;;) pause();
}

void ag_op_exec(size_t index) {
  const ag_op_t* op = &ag_batch.ops[index];
  ag_result_t* res = &ag_batch.results[index];
  ag_stall_if_asked();
  ag_tls_op = index;
  res->id = op->id;
  switch (op->code) {
    case AG_OP_ALLOC:   ag_exec_alloc(index, op, res); break;
    case AG_OP_REALLOC: ag_exec_realloc(index, op, res); break;
    case AG_OP_FREE:    ag_exec_free(index, op, res); break;
    case AG_OP_TOUCH:   ag_exec_touch(index, op, res); break;
    case AG_OP_HEAP_NEW: case AG_OP_HEAP_DELETE: case AG_OP_HEAP_DESTROY: case AG_OP_HEAP_SET_DEFAULT:
      ag_exec_heap(index, op, res); break;
    case AG_OP_COLLECT: ag_exec_collect(index, op, res); break;
    default:            ag_exec_main(index, op, res); break;
  }
  if (!ag_op_runs_on_main(op) && ag_backend->thread_refresh != NULL) {
    ag_delta_thread_ran(op->thread);
    ag_thread_t* t = &ag_threads[op->thread];
    t->ops++;
    ag_backend->thread_refresh(t);
  }
}
