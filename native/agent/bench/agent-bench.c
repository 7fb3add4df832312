/* heapscope-agent-bench: drives a real agent over its pipes and prints throughput and snapshot
 * cost.
 *
 *   heapscope-agent-bench AGENT            the benchmark (figures and ratios, no assertions)
 *   heapscope-agent-bench --smoke AGENT    a quick protocol round trip (CTest)
 *
 * Lockstep throughput: one batch of alloc/free pairs on one thread, then the same with every op
 * on the other of two threads. Snapshot cost: heaps of 1k, 10k and 100k small pages (16 KiB
 * blocks, four to a page), full snapshots (best of 3), then deltas after 1 op (best of 7) and
 * after 100 ops on 100 pages (best of 3). Times are from request to the last byte of the reply.
 */
#define _GNU_SOURCE
#include "../codec.h"
#include "../protocol.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int to_agent = -1, from_agent = -1;
static pid_t agent_pid;
static uint32_t next_seq = 1;
static ag_buf_t req, rep;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char* what) { fprintf(stderr, "agent-bench: %s\n", what); exit(1); }

static void start_agent(const char* path) {
  int in[2], out[2];
  if (pipe(in) != 0 || pipe(out) != 0) die("pipe");
  agent_pid = fork();
  if (agent_pid < 0) die("fork");
  if (agent_pid == 0) {
    dup2(in[0], 0); dup2(out[1], 1);
    close(in[0]); close(in[1]); close(out[0]); close(out[1]);
    execl(path, path, (char*)NULL);
    _exit(127);
  }
  close(in[0]); close(out[1]);
  to_agent = in[1];
  from_agent = out[0];
}

static void read_full(uint8_t* p, size_t n) {
  while (n > 0) {
    ssize_t r = read(from_agent, p, n);
    if (r <= 0) die("the agent closed its output");
    p += r; n -= (size_t)r;
  }
}

/* Reads one reply into `rep` (header included); returns its type. */
static uint8_t read_reply(void) {
  uint8_t h[AG_HEADER_SIZE];
  read_full(h, sizeof(h));
  uint32_t len = (uint32_t)h[0] | ((uint32_t)h[1] << 8) | ((uint32_t)h[2] << 16) | ((uint32_t)h[3] << 24);
  ag_buf_reset(&rep);
  uint8_t* p = ag_buf_grab(&rep, len);
  if (p == NULL) die("no memory");
  memcpy(p, h, sizeof(h));
  read_full(p + AG_HEADER_SIZE, len - AG_HEADER_SIZE);
  return h[5];
}

static void begin(uint8_t type) {
  ag_buf_reset(&req);
  ag_put_u32(&req, 0);
  ag_put_u8(&req, AG_PROTOCOL_VERSION);
  ag_put_u8(&req, type);
  ag_put_u16(&req, 0);
  ag_put_u32(&req, next_seq++);
}

static uint8_t send_req(void) {
  ag_store_u32(req.data, (uint32_t)req.len);
  const uint8_t* p = req.data;
  size_t n = req.len;
  while (n > 0) {
    ssize_t w = write(to_agent, p, n);
    if (w <= 0) die("write to the agent failed");
    p += w; n -= (size_t)w;
  }
  return read_reply();
}

static size_t op_count_at;
static uint32_t op_count;
static void batch_begin(void) {
  begin(AG_REQ_BATCH);
  ag_put_u8(&req, AG_MODE_LOCKSTEP); ag_put_u8(&req, 0); ag_put_u16(&req, 0);
  op_count_at = req.len;
  ag_put_u32(&req, 0);
  op_count = 0;
}
static void op_head(uint8_t code, uint16_t thread) { ag_put_u8(&req, code); ag_put_u8(&req, 0); ag_put_u16(&req, thread); op_count++; }
static void op_alloc(uint16_t t, uint32_t h, uint64_t size) { op_head(AG_OP_ALLOC, t); ag_put_u32(&req, h); ag_put_u32(&req, 0); ag_put_u64(&req, size); ag_put_u32(&req, 0); }
static void op_free(uint16_t t, uint32_t h) { op_head(AG_OP_FREE, t); ag_put_u32(&req, h); }
static void batch_send_ok(const char* what) {
  ag_store_u32(req.data + op_count_at, op_count);
  uint8_t type = send_req();
  if (type != AG_REP_RESULT) {
    fprintf(stderr, "agent-bench: %s: reply type 0x%x: %.*s\n", what, type,
            (int)(rep.data[AG_HEADER_SIZE + 12] | rep.data[AG_HEADER_SIZE + 13] << 8), (char*)rep.data + AG_HEADER_SIZE + 14);
    exit(1);
  }
}

static double snapshot(uint8_t kind, uint8_t flags, size_t* bytes, uint8_t* got_kind) {
  begin(AG_REQ_SNAPSHOT);
  ag_put_u8(&req, kind); ag_put_u8(&req, flags); ag_put_u16(&req, 0);
  double t0 = now_s();
  if (send_req() != AG_REP_SNAPSHOT) die("snapshot failed");
  double t = now_s() - t0;
  *bytes = rep.len;
  *got_kind = rep.data[AG_HEADER_SIZE];
  return t;
}

static void threads(int n) {
  batch_begin();
  for (int t = 0; t < n; t++) op_head(AG_OP_THREAD_START, (uint16_t)t);
  batch_send_ok("thread start");
}

/* ------------------------------------------------------------------ measurements */
static double ops_per_second(int thread_count, uint32_t pairs, uint32_t live) {
  batch_begin();
  /* alloc/free pairs over a window of `live` handles; op i runs on thread i % thread_count */
  uint32_t n = 0;
  for (uint32_t i = 0; i < live; i++) op_alloc((uint16_t)(n++ % thread_count), 1 + i, 32);
  for (uint32_t i = 0; i < pairs; i++) {
    uint32_t h = 1 + (i % live);
    op_free((uint16_t)(n++ % thread_count), h);
    op_alloc((uint16_t)(n++ % thread_count), h, 16 + (i % 8) * 16);
  }
  for (uint32_t i = 0; i < live; i++) op_free((uint16_t)(n++ % thread_count), 1 + i);
  double t0 = now_s();
  batch_send_ok("throughput batch");
  return (double)op_count / (now_s() - t0);
}

/* Frees `count` blocks on distinct pages (one per page, from `*next`), then times a delta. */
static double delta_after(uint32_t handle_base, uint32_t* next, uint32_t count, size_t* bytes) {
  batch_begin();
  for (uint32_t i = 0; i < count; i++, (*next)++) op_free(0, handle_base + *next * 4);
  batch_send_ok("frees before a delta");
  uint8_t kind;
  double t = snapshot(AG_SNAP_DELTA, AG_SNAP_BLOCKS, bytes, &kind);
  if (kind != AG_SNAP_DELTA) die("expected a delta");
  return t;
}

static double best_full(uint8_t flags, size_t* bytes) {
  double best = 1e9;
  uint8_t kind;
  for (int r = 0; r < 3; r++) {
    double t = snapshot(AG_SNAP_FULL, flags, bytes, &kind);
    if (t < best) best = t;
  }
  return best;
}

static void snapshot_costs(uint32_t pages, uint32_t handle_base) {
  const uint32_t per_page = 4;   /* 16 KiB blocks in a 64 KiB page */
  uint32_t blocks = pages * per_page;
  for (uint32_t done = 0; done < blocks;) {
    batch_begin();
    for (uint32_t i = 0; i < 100000 && done < blocks; i++, done++) op_alloc(0, handle_base + done, 16 << 10);
    batch_send_ok("building the heap");
  }
  size_t bytes, bytes_blocks, one_bytes = 0, hundred_bytes = 0;
  double full = best_full(0, &bytes);
  double full_blocks = best_full(AG_SNAP_BLOCKS, &bytes_blocks);
  uint32_t next = 0;
  double one = 1e9, hundred = 1e9;
  for (int r = 0; r < 7; r++) {
    double t = delta_after(handle_base, &next, 1, &one_bytes);
    if (t < one) one = t;
  }
  for (int r = 0; r < 3; r++) {
    double t = delta_after(handle_base, &next, 100, &hundred_bytes);
    if (t < hundred) hundred = t;
  }
  /* an allocation that needs a fresh page (every page is full): page, segment and heap records */
  double fresh = 1e9;
  size_t fresh_bytes = 0;
  uint32_t extra = handle_base + blocks;
  batch_begin();
  for (uint32_t k = 0; k < next; k++) op_alloc(0, extra++, 16 << 10);   /* fill every hole */
  batch_send_ok("refill");
  for (int r = 0; r < 5; r++) {
    batch_begin();
    for (int k = 0; k < (r == 0 ? 0 : 3); k++) op_alloc(0, extra++, 16 << 10);   /* fill the last fresh page */
    if (r > 0) batch_send_ok("refill");
    uint8_t kind;
    snapshot(AG_SNAP_DELTA, AG_SNAP_BLOCKS, &fresh_bytes, &kind);
    batch_begin();
    op_alloc(0, extra++, 16 << 10);
    batch_send_ok("fresh page");
    double t = snapshot(AG_SNAP_DELTA, AG_SNAP_BLOCKS, &fresh_bytes, &kind);
    if (t < fresh) fresh = t;
  }
  printf("  %6u pages: full %6.2f ms (%5.0f KiB), with blocks %6.2f ms (%5.0f KiB) | delta after: 1 free %5.3f ms "
         "(%zu B), 100 frees on 100 pages %5.3f ms (%zu B), 1 alloc taking a fresh page %5.3f ms (%zu B)\n",
         pages, full * 1e3, bytes / 1024.0, full_blocks * 1e3, bytes_blocks / 1024.0,
         one * 1e3, one_bytes, hundred * 1e3, hundred_bytes, fresh * 1e3, fresh_bytes);
  for (uint32_t h = handle_base + blocks; h < extra; h++) {
    batch_begin();
    op_free(0, h);
    batch_send_ok("tearing down the extra blocks");
  }
  batch_begin();
  for (uint32_t i = 0; i < blocks; i++) {
    if (i % 4 == 0 && i / 4 < next) continue;
    op_free(0, handle_base + i);
  }
  batch_send_ok("tearing down");
}

static void stop_agent(void) {
  begin(AG_REQ_SHUTDOWN);
  if (send_req() != AG_REP_BYE) die("no BYE");
  int status;
  waitpid(agent_pid, &status, 0);
}

static int smoke(const char* agent) {
  start_agent(agent);
  if (read_reply() != AG_REP_HELLO) die("no HELLO");
  threads(2);
  batch_begin();
  op_alloc(0, 1, 100);
  op_free(1, 1);
  batch_send_ok("smoke batch");
  size_t bytes; uint8_t kind;
  snapshot(AG_SNAP_FULL, AG_SNAP_BLOCKS | AG_SNAP_STATS, &bytes, &kind);
  batch_begin();
  op_free(1, 1);
  ag_store_u32(req.data + op_count_at, op_count);
  if (send_req() != AG_REP_ERROR) die("a double free of a handle must get an ERROR frame");
  /* the backing heap (id 0) cannot be deleted or destroyed: an ERROR, not a NULL dereference */
  for (uint8_t code = AG_OP_HEAP_DELETE; code <= AG_OP_HEAP_DESTROY; code++) {
    batch_begin();
    op_head(code, 0);
    ag_put_u32(&req, 0);
    ag_store_u32(req.data + op_count_at, op_count);
    if (send_req() != AG_REP_ERROR) die("deleting or destroying heap 0 must get an ERROR frame");
  }
  /* ADVANCE past the end of the 64-bit clock is refused; the clock is left as it was */
  batch_begin();
  op_head(AG_OP_ADVANCE, 0);
  ag_put_u64(&req, (uint64_t)1 << 62);
  batch_send_ok("advance to the clock's end");
  batch_begin();
  op_head(AG_OP_ADVANCE, 0);
  ag_put_u64(&req, 1);
  ag_store_u32(req.data + op_count_at, op_count);
  if (send_req() != AG_REP_ERROR) die("an ADVANCE that overflows the clock must get an ERROR frame");
  batch_begin();
  op_head(AG_OP_ADVANCE, 0);
  ag_put_u64(&req, 0);
  batch_send_ok("advance by 0 at the clock's end");
  /* HELLO and SHUTDOWN have no body: bytes after the header are TRAILING and the agent goes on */
  begin(AG_REQ_HELLO);
  ag_put_u8(&req, 0);
  if (send_req() != AG_REP_ERROR) die("a HELLO with a body must get an ERROR frame");
  begin(AG_REQ_SHUTDOWN);
  ag_put_u8(&req, 0);
  if (send_req() != AG_REP_ERROR) die("a SHUTDOWN with a body must get an ERROR frame");
  stop_agent();
  printf("agent smoke test passed (snapshot %zu bytes)\n", bytes);
  return 0;
}

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  if (argc == 3 && strcmp(argv[1], "--smoke") == 0) return smoke(argv[2]);
  if (argc != 2) { fprintf(stderr, "usage: heapscope-agent-bench [--smoke] AGENT\n"); return 2; }
  start_agent(argv[1]);
  if (read_reply() != AG_REP_HELLO) die("no HELLO");
  threads(2);
  ops_per_second(1, 50000, 1000);   /* warm up */
  double one = ops_per_second(1, 500000, 1000);
  double two = ops_per_second(2, 250000, 1000);
  printf("lockstep throughput (batched, one frame):\n");
  printf("  one thread:             %10.0f ops/s  (target >= 1M)\n", one);
  printf("  two alternating threads:%10.0f ops/s  (target >= 100k); one/two = %.1fx\n", two, one / two);
  printf("snapshot cost (time from request to the last reply byte):\n");
  uint32_t base = 10;
  uint32_t sizes[] = { 1000, 10000, 100000 };
  for (int i = 0; i < 3; i++) { snapshot_costs(sizes[i], base); base += sizes[i] * 4 + 10; }
  stop_agent();
  return 0;
}
