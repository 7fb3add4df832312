/* heapscope-agent: serves PROTOCOL.md frames on stdin/stdout; diagnostics on stderr.
 *
 *   heapscope-agent [--backend core|system]
 *
 * The core executable runs the `core` backend; `--backend system` execs the sibling
 * heapscope-agent-system, which does not contain the core, so that the measured process holds
 * only the allocator under test (LD_PRELOAD passes through). */
#define _GNU_SOURCE
#include "agent.h"
#include "delta.h"
#include "snapshot.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef AG_VERSION
#define AG_VERSION "0.1.0"
#endif

const ag_backend_t* ag_backend;

static ag_buf_t ag_in;     /* the request being served */
static ag_buf_t ag_out;    /* the reply being built    */
static uint64_t ag_snapshot_serial;
static uint64_t ag_snapshot_last;

/* ------------------------------------------------------------------ raw I/O */
static bool ag_read_full(uint8_t* p, size_t n, bool* eof) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = read(0, p + got, n - got);
    if (r == 0) { *eof = true; return false; }
    if (r < 0) { if (errno == EINTR) continue; *eof = true; return false; }
    got += (size_t)r;
  }
  return true;
}

static bool ag_write_full(const uint8_t* p, size_t n) {
  while (n > 0) {
    ssize_t w = write(1, p, n);
    if (w < 0) { if (errno == EINTR) continue; return false; }
    p += w;
    n -= (size_t)w;
  }
  return true;
}

/* ------------------------------------------------------------------ replies */
static void ag_reply_begin(uint8_t type, uint32_t seq) {
  ag_buf_reset(&ag_out);
  ag_put_u32(&ag_out, 0);
  ag_put_u8(&ag_out, AG_PROTOCOL_VERSION);
  ag_put_u8(&ag_out, type);
  ag_put_u16(&ag_out, 0);
  ag_put_u32(&ag_out, seq);
}

static void ag_reply_send(uint32_t seq) {
  if (ag_out.failed) {   /* out of memory while building: say so instead */
    ag_log("no memory for a reply; sending an INTERNAL error instead", "", "");
    ag_reply_begin(AG_REP_ERROR, seq);
    ag_put_u16(&ag_out, AG_ERR_INTERNAL);
    ag_put_u16(&ag_out, 0);
    ag_put_u32(&ag_out, UINT32_MAX);
    ag_put_u32(&ag_out, 0);
    ag_put_str(&ag_out, "the agent ran out of memory building the reply");
    ag_put_u64(&ag_out, 0); ag_put_u32(&ag_out, 0); ag_put_u32(&ag_out, 0); ag_put_u32(&ag_out, 0);
  }
  ag_store_u32(ag_out.data, (uint32_t)ag_out.len);
  if (!ag_write_full(ag_out.data, ag_out.len)) {
    ag_log("stdout closed; exiting", "", "");
    _exit(0);
  }
  ag_buf_release(&ag_out);
}

/* Results of ops [0, count) and the events of the batch. */
static void ag_put_results(size_t count) {
  ag_put_u64(&ag_out, ag_batch.first_serial);
  ag_put_u32(&ag_out, (uint32_t)count);
  for (size_t i = 0; i < count; i++) {
    const ag_op_t* op = &ag_batch.ops[i];
    const ag_result_t* r = &ag_batch.results[i];
    ag_put_u8(&ag_out, op->code);
    ag_put_u8(&ag_out, r->status);
    ag_put_u16(&ag_out, op->thread);
    ag_put_u32(&ag_out, r->id);
    ag_put_u64(&ag_out, r->address);
    ag_put_u64(&ag_out, r->usable);
    ag_put_u64(&ag_out, r->value);
    ag_put_strn(&ag_out, (const char*)ag_batch.text.data + r->msg_off, r->msg_len);
  }
  ag_events_write(&ag_out);
}

static void ag_send_error(uint32_t seq, const ag_error_t* e, size_t results) {
  ag_reply_begin(AG_REP_ERROR, seq);
  ag_put_u16(&ag_out, e->code);
  ag_put_u16(&ag_out, 0);
  ag_put_u32(&ag_out, e->op_index);
  ag_put_u32(&ag_out, e->offset);
  ag_put_str(&ag_out, e->msg);
  ag_put_results(results);
  ag_reply_send(seq);
}

static void ag_simple_error(uint32_t seq, uint16_t code, uint32_t offset, const char* a, const char* b) {
  ag_error_t e;
  e.code = code;
  e.op_index = UINT32_MAX;
  e.offset = offset;
  char* end = e.msg + sizeof(e.msg) - 1;
  char* p = ag_fmt_str(e.msg, end, a);
  p = ag_fmt_str(p, end, b);
  *p = 0;
  ag_batch.first_serial = ag_op_serial;
  ag_events_reset();
  ag_send_error(seq, &e, 0);
}

static void ag_send_hello(uint32_t seq) {
  ag_reply_begin(AG_REP_HELLO, seq);
  ag_put_u16(&ag_out, AG_PROTOCOL_VERSION);
  ag_put_u16(&ag_out, 0);
  ag_put_str(&ag_out, AG_VERSION);
  ag_put_str(&ag_out, ag_backend->name);
  ag_put_str(&ag_out, ag_backend->allocator());
  ag_put_u32(&ag_out, (uint32_t)getpid());
  ag_put_u32(&ag_out, (uint32_t)sysconf(_SC_PAGESIZE));
  ag_backend->names(&ag_out);
  ag_put_str(&ag_out, ag_backend->design != NULL ? ag_backend->design() : "");
  ag_reply_send(seq);
}

void ag_snapshot_head(ag_buf_t* out, uint8_t kind, uint8_t flags) {
  uint64_t serial = ++ag_snapshot_serial;
  ag_put_u8(out, kind);
  ag_put_u8(out, flags);
  ag_put_u16(out, 0);
  ag_put_u64(out, serial);
  ag_put_u64(out, kind == AG_SNAP_DELTA ? ag_snapshot_last : 0);
  ag_put_u64(out, ag_op_serial);
  ag_put_u64(out, (uint64_t)ag_clock_ms);
  ag_snapshot_last = serial;
}

/* ------------------------------------------------------------------ requests */
static void ag_serve_batch(uint32_t seq, const uint8_t* body, size_t len) {
  ag_error_t err;
  ag_events_reset();
  ag_buf_reset(&ag_batch.text);
  ag_batch.first_serial = ag_op_serial;
  if (!ag_batch_decode(body, len, &err)) { ag_send_error(seq, &err, 0); return; }
  ag_run_batch();
  size_t done = atomic_load(&ag_batch.done);
  ag_op_serial += done;
  if (atomic_load(&ag_batch.failed)) {
    ag_send_error(seq, &ag_batch.error, ag_batch.mode == AG_MODE_LOCKSTEP ? done : 0);
    return;
  }
  ag_reply_begin(AG_REP_RESULT, seq);
  ag_put_results(done);
  ag_reply_send(seq);
}

static void ag_serve_snapshot(uint32_t seq, const uint8_t* body, size_t len) {
  ag_reader_t r;
  ag_reader_init(&r, body, len, AG_HEADER_SIZE);
  uint8_t kind = ag_get_u8(&r);
  uint8_t flags = ag_get_u8(&r);
  ag_get_u16(&r);
  if (r.short_read) { ag_simple_error(seq, AG_ERR_TRUNCATED, (uint32_t)r.short_at, "SNAPSHOT body is cut short", ""); return; }
  if (ag_reader_left(&r) != 0) { ag_simple_error(seq, AG_ERR_TRAILING, (uint32_t)ag_reader_offset(&r), "bytes after the SNAPSHOT body", ""); return; }
  if (kind > AG_SNAP_DELTA) { ag_simple_error(seq, AG_ERR_BAD_ARGUMENT, AG_HEADER_SIZE, "unknown snapshot kind", ""); return; }
  if (flags & ~(AG_SNAP_BLOCKS | AG_SNAP_STATS | AG_SNAP_TEXT)) {
    ag_simple_error(seq, AG_ERR_BAD_ARGUMENT, AG_HEADER_SIZE + 1, "unknown snapshot flags", "");
    return;
  }
  ag_reply_begin(AG_REP_SNAPSHOT, seq);
  ag_backend->snapshot(&ag_out, kind, flags);
  ag_reply_send(seq);
}

static void ag_serve_free_list(uint32_t seq, const uint8_t* body, size_t len) {
  static uint32_t* indices;
  const uint32_t cap = 1u << 16;
  ag_reader_t r;
  ag_reader_init(&r, body, len, AG_HEADER_SIZE);
  uint64_t page = ag_get_u64(&r);
  uint8_t list = ag_get_u8(&r);
  ag_get_u8(&r); ag_get_u16(&r);
  uint32_t max = ag_get_u32(&r);
  if (r.short_read) { ag_simple_error(seq, AG_ERR_TRUNCATED, (uint32_t)r.short_at, "FREE_LIST body is cut short", ""); return; }
  if (ag_reader_left(&r) != 0) { ag_simple_error(seq, AG_ERR_TRAILING, (uint32_t)ag_reader_offset(&r), "bytes after the FREE_LIST body", ""); return; }
  if (list < 1 || list > 4) { ag_simple_error(seq, AG_ERR_BAD_ARGUMENT, AG_HEADER_SIZE + 8, "list must be 1..4", ""); return; }
  if (ag_backend->free_list == NULL) { ag_simple_error(seq, AG_ERR_UNSUPPORTED, AG_HEADER_SIZE, ag_backend->name, " backend has no free lists to show"); return; }
  if (indices == NULL) indices = (uint32_t*)ag_map(cap * sizeof(uint32_t));
  if (indices == NULL) { ag_simple_error(seq, AG_ERR_INTERNAL, 0, "no memory", ""); return; }
  if (max > cap) max = cap;
  size_t length = ag_backend->free_list(page, list, indices, max);
  size_t n = (length < max ? length : max);
  ag_reply_begin(AG_REP_FREE_LIST, seq);
  ag_put_u32(&ag_out, (uint32_t)length);
  ag_put_u32(&ag_out, (uint32_t)n);
  for (size_t i = 0; i < n; i++) ag_put_u32(&ag_out, indices[i]);
  ag_reply_send(seq);
}

static void ag_shutdown(uint32_t seq, bool reply) {
  ag_backend->events(false, false);
  ag_threads_shutdown();
  if (reply) {
    ag_reply_begin(AG_REP_BYE, seq);
    ag_reply_send(seq);
  }
  _exit(0);
}

/* One frame: header, then body; every malformed frame gets an ERROR reply and the loop goes on. */
static void ag_serve(void) {
  uint8_t header[AG_HEADER_SIZE];
  for (;;) {
    bool eof = false;
    if (!ag_read_full(header, AG_HEADER_SIZE, &eof)) break;
    ag_reader_t r;
    ag_reader_init(&r, header, AG_HEADER_SIZE, 0);
    uint32_t length = ag_get_u32(&r);
    uint8_t version = ag_get_u8(&r);
    uint8_t type = ag_get_u8(&r);
    ag_get_u16(&r);
    uint32_t seq = ag_get_u32(&r);
    if (length < AG_HEADER_SIZE) {
      ag_simple_error(seq, AG_ERR_TRUNCATED, 0, "frame length is below the 12-byte header", "");
      continue;
    }
    size_t body_len = length - AG_HEADER_SIZE;
    if (length > AG_REQUEST_MAX) {
      uint8_t sink[4096];   /* skip the body to stay in step with the stream */
      while (body_len > 0) {
        size_t n = (body_len < sizeof(sink) ? body_len : sizeof(sink));
        if (!ag_read_full(sink, n, &eof)) break;
        body_len -= n;
      }
      if (eof) break;
      ag_simple_error(seq, AG_ERR_TOO_LARGE, 0, "frame longer than 64 MiB", "");
      continue;
    }
    ag_buf_reset(&ag_in);
    uint8_t* body = ag_buf_grab(&ag_in, body_len + 1);
    if (body == NULL) { ag_simple_error(seq, AG_ERR_INTERNAL, 0, "no memory for the frame", ""); break; }
    if (body_len > 0 && !ag_read_full(body, body_len, &eof)) break;
    if (version != AG_PROTOCOL_VERSION) {
      ag_simple_error(seq, AG_ERR_BAD_VERSION, 4, "this agent speaks protocol version 1", "");
      continue;
    }
    switch (type) {
      case AG_REQ_HELLO:
        if (body_len != 0) ag_simple_error(seq, AG_ERR_TRAILING, AG_HEADER_SIZE, "HELLO has no body", "");
        else ag_send_hello(seq);
        break;
      case AG_REQ_BATCH:     ag_serve_batch(seq, body, body_len); break;
      case AG_REQ_SNAPSHOT:  ag_serve_snapshot(seq, body, body_len); break;
      case AG_REQ_FREE_LIST: ag_serve_free_list(seq, body, body_len); break;
      case AG_REQ_SHUTDOWN:
        if (body_len != 0) ag_simple_error(seq, AG_ERR_TRAILING, AG_HEADER_SIZE, "SHUTDOWN has no body", "");
        else ag_shutdown(seq, true);
        break;
      default:
        ag_simple_error(seq, AG_ERR_UNKNOWN_FRAME, 5, "unknown frame type", "");
        break;
    }
    if (ag_in.cap > ((size_t)16 << 20)) ag_buf_release(&ag_in);
  }
  ag_shutdown(0, false);   /* stdin closed */
}

/* ------------------------------------------------------------------ start */
static void ag_usage(void) {
  ag_log("usage: heapscope-agent [--backend core|system]  (frames on stdin/stdout, see PROTOCOL.md)", "", "");
}

#ifdef AG_SYSTEM_ONLY
static const ag_backend_t* ag_choose(const char* name, char** argv) {
  (void)argv;
  return (strcmp(name, "system") == 0 ? &ag_backend_system : NULL);
}
#else
/* The system backend lives in the sibling executable without the core. */
static const ag_backend_t* ag_choose(const char* name, char** argv) {
  if (strcmp(name, "core") == 0) return &ag_backend_core;
  if (strcmp(name, "system") != 0) return NULL;
  char path[4096];
  ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 32);
  if (n <= 0) return NULL;
  path[n] = 0;
  char* slash = strrchr(path, '/');
  if (slash == NULL) return NULL;
  char* end = path + sizeof(path) - 1;
  char* p = ag_fmt_str(slash + 1, end, "heapscope-agent-system");
  *p = 0;
  argv[0] = path;
  execv(path, argv);
  ag_log("cannot start ", path, "");
  return NULL;
}
#endif

int main(int argc, char** argv) {
  const char* backend = "core";
#ifdef AG_SYSTEM_ONLY
  backend = "system";
#endif
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--backend") == 0 && i + 1 < argc) backend = argv[++i];
    else if (strncmp(argv[i], "--backend=", 10) == 0) backend = argv[i] + 10;
    else { ag_usage(); return 2; }
  }
  ag_backend = ag_choose(backend, argv);
  if (ag_backend == NULL) { ag_log("unknown or unavailable backend: ", backend, ""); ag_usage(); return 2; }
  signal(SIGPIPE, SIG_IGN);
  const char* crash = getenv(AG_CRASH_ENV);
  ag_crash_allowed = (crash != NULL && strcmp(crash, "1") == 0);
  const char* stall = getenv(AG_STALL_ENV);
  ag_stall_at = (stall != NULL ? strtoull(stall, NULL, 10) : 0);
  ag_threads_init();
  if (!ag_handles_init() || !ag_delta_init() || !ag_events_init() || !ag_backend->init()) {
    ag_log("cannot map the agent's own memory", "", "");
    return 1;
  }
  ag_backend->events(true, false);
  ag_send_hello(0);
  ag_serve();
  return 0;
}
