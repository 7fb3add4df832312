/* fuzz-agent: the project's fuzzer of the agent protocol.
 *
 *   fuzz-agent AGENT --corpus DIR                 replay every .frames file in DIR (regression tests)
 *   fuzz-agent AGENT --seconds N [--seed S] [--found DIR]
 *                                                 fuzz for N seconds
 *   --reply-ms MS                                 how long a reply may take (default 15000)
 *
 * A session starts a fresh agent, sends it a sequence of frames and checks the protocol's
 * promises: every frame gets exactly one reply with its seq, within a bound (no hang), the agent
 * still answers HELLO afterwards, and closing its stdin ends it with status 0 (its threads
 * joined: a looping free list would hang here). Under the sanitizer build any report ends the
 * agent with a non-zero status, so it fails the session too.
 *
 * Fuzzed sessions are valid frames, generated from the protocol (threads, handles and heaps from
 * small ranges so that ops collide: double frees, frees of unknown handles, heaps deleted twice),
 * of which about half are then mutated (bytes flipped, cut short, garbage appended, fields
 * changed), the length prefix kept consistent. A failing session is written to the --found
 * directory in the corpus format, named by seed and session, and the run fails.
 *
 * The corpus format is text: `#` lines are comments, every other non-empty line is one frame in
 * hex (the length prefix included), as sent. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int reply_ms = 15000;   /* one reply (the sanitizer build is slow; a hang is for ever): --reply-ms */
#define EXIT_MS       15000   /* the agent's exit after its stdin closes                     */
#define MAX_FRAMES    64
#define MAX_FRAME     4096

typedef struct {
  uint8_t bytes[MAX_FRAME];
  size_t  len;
} frame_t;

typedef struct {
  frame_t frames[MAX_FRAMES];
  size_t  count;
} session_t;

#define PAGE_SEEN 0x5EE0000000000001ull   /* see "pages seen" below */

static const char* agent_path;
static uint64_t    lists_walked;   /* FREE_LIST replies with a non-empty list */
static char        failure[1024];

static void fail(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(failure, sizeof(failure), fmt, ap);
  va_end(ap);
}

/* ------------------------------------------------------------------ random */
static uint64_t rng;
static uint64_t next_u64(void) {          /* splitmix64 */
  uint64_t z = (rng += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
static uint32_t below(uint32_t n) { return (uint32_t)(next_u64() % n); }

/* ------------------------------------------------------------------ frames */
static frame_t* cur;
static void put(uint64_t v, int bytes) {
  for (int i = 0; i < bytes && cur->len < MAX_FRAME; i++) cur->bytes[cur->len++] = (uint8_t)(v >> (8 * i));
}
static void seal(frame_t* f) {
  uint32_t n = (uint32_t)f->len;
  for (int i = 0; i < 4; i++) f->bytes[i] = (uint8_t)(n >> (8 * i));
}
static void begin(frame_t* f, uint8_t type, uint32_t seq) {
  cur = f;
  f->len = 0;
  put(0, 4); put(1, 1); put(type, 1); put(0, 2); put(seq, 4);
}

static const uint64_t sizes[] = { 0, 1, 8, 16, 64, 100, 1000, 4096, 5000, 65536, 70000, 131072, 200000,
                                  (2u << 20) + 1, 40u << 20, 1ull << 30, (1ull << 34) + 1 };
static const char* const options[] = { "secure", "purge_delay", "purge_decommits", "eager_commit",
                                       "reclaim_on_free", "abandoned_page_purge", "arena_reserve",
                                       "max_segment_reclaim", "no_such_option", "" };

static void gen_op(void) {
  /* ALLOC .. VALIDATE, never CRASH; a third are ALLOCs, so that later ops find live blocks */
  uint8_t code = (uint8_t)(below(3) == 0 ? 1 : 1 + below(15));
  uint16_t thread = (uint16_t)below(below(8) == 0 ? 70 : 2);   /* mostly the two threads started */
  uint8_t flags = (uint8_t)(below(5) == 0 ? 1 : 0);
  put(code, 1); put(flags, 1); put(thread, 2);
  uint32_t handle = 1 + below(below(10) == 0 ? 1u << 25 : 12);
  uint32_t heap = below(below(10) == 0 ? 2000 : 4);
  switch (code) {
    case 1:  /* ALLOC id heap size align */
      put(handle, 4); put(heap, 4); put(sizes[below(sizeof(sizes) / sizeof(sizes[0]) - 2)], 8);
      put(below(3) == 0 ? 1u << below(22) : 0, 4);
      break;
    case 2: put(handle, 4); put(sizes[below(sizeof(sizes) / sizeof(sizes[0]))], 8); break;
    case 3: put(handle, 4); break;
    case 4: put(handle, 4); put(below(256), 1); put(0, 1); put(0, 2); put(below(64), 8); put(below(5000), 8); break;
    case 5: case 6: case 7: case 8: case 9: put(heap, 4); break;
    case 13: put(below(4) == 0 ? next_u64() : below(100000), 8); break;
    case 14: {
      const char* name = options[below(sizeof(options) / sizeof(options[0]))];
      put(below(4) == 0 ? next_u64() : below(20), 8);
      size_t n = strlen(name);
      put(n, 2);
      for (size_t i = 0; i < n; i++) put((uint8_t)name[i], 1);
      break;
    }
    default: break;   /* THREAD_START, PARK, EXIT, VALIDATE */
  }
}

static void gen_frame(frame_t* f, uint32_t seq) {
  uint32_t kind = below(40);
  if (kind < 28) {
    begin(f, 2, seq);
    uint32_t count = 1 + below(below(4) == 0 ? 40 : 8);
    put(below(6) == 0 ? 1 : 0, 1); put(0, 1); put(0, 2); put(count, 4);
    for (uint32_t i = 0; i < count && f->len < MAX_FRAME - 64; i++) gen_op();
  } else if (kind < 34) {
    begin(f, 3, seq);
    put(below(2), 1); put(below(8), 1); put(0, 2);
  } else if (kind < 37) {
    begin(f, 4, seq);
    uint32_t which = below(4);
    put(which == 0 ? 0 : which == 1 ? (next_u64() & ~0xFFFFull) : PAGE_SEEN, 8);
    put(below(2) == 0 ? 1 : 1 + below(4), 1); put(0, 3); put(below(70000), 4);
  } else if (kind < 39) {
    begin(f, 1, seq);
  } else {
    begin(f, 5, seq);
  }
  seal(f);
}

static void mutate(frame_t* f) {
  switch (below(5)) {
    case 0:   /* bytes after the length */
      for (uint32_t i = 0, n = 1 + below(4); i < n; i++) f->bytes[4 + below((uint32_t)f->len - 4)] = (uint8_t)below(256);
      break;
    case 1:   /* cut short */
      f->len = 12 + below((uint32_t)(f->len > 12 ? f->len - 12 : 1));
      break;
    case 2:   /* garbage appended */
      for (uint32_t i = 0, n = 1 + below(40); i < n && f->len < MAX_FRAME; i++) f->bytes[f->len++] = (uint8_t)below(256);
      break;
    case 3:   /* a field of the body set to an edge value */
      if (f->len > 16) {
        size_t at = 12 + below((uint32_t)f->len - 12);
        static const uint64_t edges[] = { 0, 1, 0xFF, 0xFFFF, 0xFFFFFFFFull, 0x7FFFFFFFFFFFFFFFull, ~0ull, 1ull << 63 };
        uint64_t v = edges[below(8)];
        for (int i = 0; i < 8 && at + i < f->len; i++) f->bytes[at + i] = (uint8_t)(v >> (8 * i));
      }
      break;
    default:  /* bit flips past the header's length */
      for (uint32_t i = 0, n = 1 + below(8); i < n; i++) f->bytes[4 + below((uint32_t)f->len - 4)] ^= (uint8_t)(1u << below(8));
      break;
  }
  if (f->len < 4) f->len = 4;
  seal(f);
}

/* ------------------------------------------------------------------ pages seen */
/* FREE_LIST needs a real page to walk: the generator writes PAGE_SEEN for its page, and each is
   replaced at send time by a page start taken from the events of the session's replies so far
   (so a corpus file replays the same way in a process whose addresses differ). */
static uint64_t pages_seen[64];
static size_t   pages_count;

static uint64_t rd(const uint8_t* p, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; i++) v |= (uint64_t)p[i] << (8 * i);
  return v;
}

/* The page starts named by a result body's events (PROTOCOL.md, RESULT and ERROR). */
static void harvest(const uint8_t* body, size_t len) {
  size_t at = 8;
  if (len < at + 4) return;
  uint32_t results = (uint32_t)rd(body + at, 4);
  at += 4;
  for (uint32_t i = 0; i < results; i++) {
    if (len < at + 34) return;
    at += 32;
    at += 2 + rd(body + at, 2);
  }
  if (len < at + 8) return;
  uint32_t events = (uint32_t)rd(body + at + 4, 4);
  at += 8;
  for (uint32_t i = 0; i < events && len >= at + 48; i++, at += 48) {
    uint64_t page = rd(body + at + 16, 8);
    if (page != 0) pages_seen[pages_count++ % 64] = page;
  }
}

/* ------------------------------------------------------------------ the agent */
static pid_t agent_pid;
static int to_agent = -1, from_agent = -1;

static bool start_agent(void) {
  int in[2], out[2];
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) { fail("pipe: %s", strerror(errno)); return false; }
  agent_pid = fork();
  if (agent_pid < 0) { fail("fork: %s", strerror(errno)); return false; }
  if (agent_pid == 0) {
    dup2(in[0], 0); dup2(out[1], 1);
    int null = open("/dev/null", O_WRONLY);   /* the agent's own messages about bad frames */
    if (null >= 0 && getenv("FUZZ_AGENT_STDERR") == NULL) dup2(null, 2);
    execl(agent_path, agent_path, (char*)NULL);
    _exit(127);
  }
  close(in[0]); close(out[1]);
  to_agent = in[1];
  from_agent = out[0];
  return true;
}

static bool read_full(uint8_t* p, size_t n, int ms) {
  while (n > 0) {
    struct pollfd pfd = { .fd = from_agent, .events = POLLIN };
    int r = poll(&pfd, 1, ms);
    if (r == 0) { fail("no reply within %d ms: the agent hangs", ms); return false; }
    if (r < 0) { if (errno == EINTR) continue; fail("poll: %s", strerror(errno)); return false; }
    ssize_t got = read(from_agent, p, n);
    if (got <= 0) { fail("the agent closed its output (it died)"); return false; }
    p += got;
    n -= (size_t)got;
  }
  return true;
}

/* Reads one reply; returns its type, or -1 (failure set). Checks the seq when `seq` >= 0. */
static int read_reply(int64_t seq) {
  uint8_t h[12];
  if (!read_full(h, sizeof(h), reply_ms)) return -1;
  uint32_t len = (uint32_t)h[0] | (uint32_t)h[1] << 8 | (uint32_t)h[2] << 16 | (uint32_t)h[3] << 24;
  if (len < 12 || len > (1u << 30)) { fail("a reply of impossible length %u", len); return -1; }
  uint32_t got = (uint32_t)h[8] | (uint32_t)h[9] << 8 | (uint32_t)h[10] << 16 | (uint32_t)h[11] << 24;
  size_t left = len - 12;
  static uint8_t buf[1 << 16];
  size_t kept = 0;
  while (left > 0) {
    size_t n = left < sizeof(buf) - kept ? left : sizeof(buf) - kept;
    if (n == 0) { uint8_t skip[4096]; n = left < sizeof(skip) ? left : sizeof(skip); if (!read_full(skip, n, reply_ms)) return -1; left -= n; continue; }
    if (!read_full(buf + kept, n, reply_ms)) return -1;
    kept += n;
    left -= n;
  }
  if (h[5] == 0x82) harvest(buf, kept);
  if (h[5] == 0xFF && kept >= 14 && kept >= 14 + rd(buf + 12, 2)) {   /* an ERROR ends with the result body */
    size_t skip = 14 + rd(buf + 12, 2);
    harvest(buf + skip, kept - skip);
  }
  if (h[5] == 0x84 && kept >= 4 && rd(buf, 4) > 0) lists_walked++;
  if (seq >= 0 && got != (uint32_t)seq) { fail("a reply with seq %u to a request with seq %u", got, (uint32_t)seq); return -1; }
  return h[5];
}

static bool send_frame(const frame_t* frame) {
  static frame_t patched;
  const frame_t* f = frame;
  if (frame->len >= 20 && frame->bytes[5] == 4 && rd(frame->bytes + 12, 8) == PAGE_SEEN) {
    patched = *frame;
    uint64_t page = (pages_count == 0 ? 0 : pages_seen[(pages_count * 7 + frame->len) % (pages_count < 64 ? pages_count : 64)]);
    for (int i = 0; i < 8; i++) patched.bytes[12 + i] = (uint8_t)(page >> (8 * i));
    f = &patched;
  }
  const uint8_t* p = f->bytes;
  size_t n = f->len;
  while (n > 0) {
    ssize_t w = write(to_agent, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) { fail("writing to the agent failed (it died): %s", strerror(errno)); return false; }
    p += w;
    n -= (size_t)w;
  }
  return true;
}

/* Closes stdin and waits for the exit: true when it exited with status 0 in time. */
static bool end_agent(bool check) {
  if (to_agent >= 0) close(to_agent);
  to_agent = -1;
  int status = 0;
  bool ended = false;
  if (!check) kill(agent_pid, SIGKILL);   /* it already failed: no need to wait for it */
  for (int waited = 0; waited < EXIT_MS; waited += 5) {
    pid_t r = waitpid(agent_pid, &status, WNOHANG);
    if (r == agent_pid) { ended = true; break; }
    usleep(5000);
  }
  if (!ended) {
    kill(agent_pid, SIGKILL);
    waitpid(agent_pid, &status, 0);
  }
  close(from_agent);
  from_agent = -1;
  if (!check) return true;
  if (!ended) { fail("the agent did not exit within %d ms after its stdin closed (a thread hangs)", EXIT_MS); return false; }
  if (WIFSIGNALED(status)) { fail("the agent was killed by signal %d", WTERMSIG(status)); return false; }
  if (WEXITSTATUS(status) != 0) { fail("the agent exited with status %d (a sanitizer report?)", WEXITSTATUS(status)); return false; }
  return true;
}

static uint32_t frame_seq(const frame_t* f) {
  return f->len < 12 ? 0 : (uint32_t)f->bytes[8] | (uint32_t)f->bytes[9] << 8 | (uint32_t)f->bytes[10] << 16
                           | (uint32_t)f->bytes[11] << 24;
}

/* Runs one session on a fresh agent; false with `failure` set when a promise broke. */
static bool run_session(const session_t* s) {
  failure[0] = 0;
  pages_count = 0;
  if (!start_agent()) return false;
  bool ok = read_reply(0) == 0x81;
  if (!ok && failure[0] == 0) fail("the first frame was not HELLO");
  for (size_t i = 0; ok && i < s->count; i++) {
    const frame_t* f = &s->frames[i];
    if (f->len < 12) continue;   /* cannot be answered: the agent rightly waits for the header */
    if (!send_frame(f)) { ok = false; break; }
    int type = read_reply(frame_seq(f));
    if (type < 0) {
      char m[sizeof(failure) + 32];
      snprintf(m, sizeof(m), "frame %zu: %s", i, failure);
      snprintf(failure, sizeof(failure), "%.1000s", m);
      ok = false;
      break;
    }
    if (type == 0x85) {          /* BYE: the agent exits with status 0 */
      return end_agent(true);
    }
  }
  if (ok) {
    frame_t hello;
    begin(&hello, 1, 4242);
    seal(&hello);
    ok = send_frame(&hello) && read_reply(4242) == 0x81;
    if (!ok && failure[0] == 0) fail("HELLO after the session got another reply");
  }
  bool exited = end_agent(ok);
  return ok && exited;
}

/* ------------------------------------------------------------------ corpus files */
static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static bool read_corpus(const char* path, session_t* s) {
  FILE* in = fopen(path, "r");
  if (in == NULL) { fail("%s: %s", path, strerror(errno)); return false; }
  s->count = 0;
  char line[2 * MAX_FRAME + 64];
  int lineno = 0;
  bool ok = true;
  while (ok && fgets(line, sizeof(line), in) != NULL) {
    lineno++;
    if (line[0] == '#' || line[0] == '\n') continue;
    if (s->count == MAX_FRAMES) { fail("%s:%d: more than %d frames", path, lineno, MAX_FRAMES); ok = false; break; }
    frame_t* f = &s->frames[s->count++];
    f->len = 0;
    for (char* p = line; *p != 0 && *p != '\n'; p += 2) {
      int hi = hexval(p[0]), lo = (p[1] == 0 ? -1 : hexval(p[1]));
      if (hi < 0 || lo < 0 || f->len == MAX_FRAME) {
        fail("%s:%d:%d: not a pair of hex digits", path, lineno, (int)(p - line) + 1);
        ok = false;
        break;
      }
      f->bytes[f->len++] = (uint8_t)(hi << 4 | lo);
    }
  }
  fclose(in);
  return ok;
}

static void write_corpus(const char* path, const session_t* s, const char* why) {
  FILE* out = fopen(path, "w");
  if (out == NULL) { fprintf(stderr, "fuzz-agent: cannot write %s: %s\n", path, strerror(errno)); return; }
  fprintf(out, "# found by fuzz-agent: %s\n", why);
  for (size_t i = 0; i < s->count; i++) {
    for (size_t j = 0; j < s->frames[i].len; j++) fprintf(out, "%02x", s->frames[i].bytes[j]);
    fputc('\n', out);
  }
  fclose(out);
}

static int cmp_names(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

static int replay_corpus(const char* dir) {
  DIR* d = opendir(dir);
  if (d == NULL) { fprintf(stderr, "fuzz-agent: %s: %s\n", dir, strerror(errno)); return 1; }
  char* names[512];
  size_t n = 0;
  for (struct dirent* e; (e = readdir(d)) != NULL && n < 512;) {
    size_t len = strlen(e->d_name);
    if (len > 7 && strcmp(e->d_name + len - 7, ".frames") == 0) names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof(names[0]), cmp_names);
  static session_t s;
  int failed = 0;
  for (size_t i = 0; i < n; i++) {
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
    bool ok = read_corpus(path, &s) && run_session(&s);
    printf("%s %s%s%s\n", ok ? "ok  " : "FAIL", names[i], ok ? "" : ": ", ok ? "" : failure);
    failed += !ok;
    free(names[i]);
  }
  printf("fuzz-agent: %zu corpus sessions, %d failed\n", n, failed);
  return (n == 0 || failed > 0) ? 1 : 0;
}

/* ------------------------------------------------------------------ fuzzing */
static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void gen_session(session_t* s) {
  s->count = 0;
  /* most sessions begin with two threads and four blocks, so that ops get past the first checks */
  if (below(5) != 0) {
    frame_t* f = &s->frames[s->count++];
    begin(f, 2, 1);
    put(0, 1); put(0, 3); put(6, 4);
    put(10, 1); put(0, 1); put(0, 2);
    put(10, 1); put(0, 1); put(1, 2);
    for (uint32_t h = 1; h <= 4; h++) {   /* and live blocks on pages, for the ops and FREE_LIST to find */
      put(1, 1); put(0, 1); put(h & 1, 2); put(h, 4); put(0, 4); put(sizes[below(12)], 8); put(0, 4);
    }
    seal(f);
  }
  size_t frames = 1 + below(below(4) == 0 ? 40 : 10);
  for (size_t i = 0; i < frames && s->count < MAX_FRAMES; i++) {
    frame_t* f = &s->frames[s->count];
    gen_frame(f, (uint32_t)(s->count + 1));
    if (below(2) == 0) mutate(f);
    s->count++;
  }
}

static int fuzz(double seconds, uint64_t seed, const char* found) {
  static session_t s;
  double start = now_s();
  uint64_t sessions = 0, frames = 0;
  while (now_s() - start < seconds) {
    rng = seed ^ (sessions * 0xD1B54A32D192ED03ull);
    gen_session(&s);
    if (!run_session(&s)) {
      char path[4096];
      snprintf(path, sizeof(path), "%s/seed-%llu-session-%llu.frames", found, (unsigned long long)seed,
               (unsigned long long)sessions);
      write_corpus(path, &s, failure);
      printf("fuzz-agent: session %llu (seed %llu) failed: %s\n  its frames: %s\n  replay: fuzz-agent %s --corpus %s\n",
             (unsigned long long)sessions, (unsigned long long)seed, failure, path, agent_path, found);
      return 1;
    }
    sessions++;
    frames += s.count;
  }
  printf("fuzz-agent: %llu sessions, %llu frames in %.1f s (seed %llu), %llu free lists walked, no failure\n",
         (unsigned long long)sessions, (unsigned long long)frames, now_s() - start, (unsigned long long)seed,
         (unsigned long long)lists_walked);
  return sessions == 0 ? 1 : 0;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: fuzz-agent AGENT --corpus DIR | --seconds N [--seed S] [--found DIR] [--reply-ms MS]\n");
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  agent_path = argv[1];
  const char* corpus = NULL;
  const char* found = ".";
  double seconds = -1;
  uint64_t seed = (uint64_t)time(NULL);
  for (int i = 2; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "--corpus") == 0) corpus = argv[i + 1];
    else if (strcmp(argv[i], "--seconds") == 0) seconds = atof(argv[i + 1]);
    else if (strcmp(argv[i], "--seed") == 0) seed = strtoull(argv[i + 1], NULL, 10);
    else if (strcmp(argv[i], "--found") == 0) found = argv[i + 1];
    else if (strcmp(argv[i], "--reply-ms") == 0) reply_ms = atoi(argv[i + 1]);
    else { fprintf(stderr, "fuzz-agent: unknown option %s\n", argv[i]); return 2; }
  }
  const char* env = getenv("HS_FUZZ_SECONDS");
  if (env != NULL && seconds >= 0) seconds = atof(env);
  if (corpus != NULL) return replay_corpus(corpus);
  if (seconds <= 0) { fprintf(stderr, "fuzz-agent: --seconds must be more than 0\n"); return 2; }
  return fuzz(seconds, seed, found);
}
