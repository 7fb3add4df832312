/* Statistics: amounts are process-wide atomics, touched only on slow paths; counters are per
 * thread and merged on read (as mimalloc keeps its statistics in each thread's tld and merges
 * them when asked, or when the thread ends).
 *
 * The amounts and counters are declared once in heapscope.h (HS_STATS_AMOUNTS/_COUNTERS); the
 * struct, the printer and the JSON writer below are all expansions of those X-macros, so a new
 * statistic needs one line there and nothing here. `page_used` and the per-bin figures are not
 * kept incrementally (that would put work on the fast path): hs_stats_get computes them by
 * walking every live page in the segment registry.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

hs_stats_t _hs_stats;

/* current += amount; peak = max(peak, current). Relaxed: each statistic is independent and
   nothing else is published through it. */
void _hs_stat_amount_add(hs_stat_amount_t* stat, int64_t amount) {
  const int64_t current = __atomic_add_fetch(&stat->current, amount, __ATOMIC_RELAXED);
  int64_t peak = __atomic_load_n(&stat->peak, __ATOMIC_RELAXED);
  while (current > peak &&
         !__atomic_compare_exchange_n(&stat->peak, &peak, current, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
    /* `peak` was reloaded by the failed exchange */
  }
}

static void hs_stat_amount_load(hs_stat_amount_t* out, const hs_stat_amount_t* stat) {
  out->current = __atomic_load_n(&stat->current, __ATOMIC_RELAXED);
  out->peak    = __atomic_load_n(&stat->peak, __ATOMIC_RELAXED);
}

/* ---------------------------------------------------------------------------------------------
   Counters: per thread, merged on read
   The process-wide struct holds the counts of exited threads and of threads without data; each
   live thread's tld holds its own. A reset does not write other threads' counters (they write
   them without atomic read-modify-write): it remembers the totals at that moment, and reads
   count from there.
--------------------------------------------------------------------------------------------- */

static hs_stat_counters_t hs_stats_baseline;   /* totals at the last reset, under the thread registry lock */

void _hs_stats_thread_merge(hs_tld_t* tld) {
#define HS_STAT_MERGE_COUNTER(name, doc) \
  __atomic_fetch_add(&_hs_stats.name, __atomic_load_n(&tld->counters.name, __ATOMIC_RELAXED), __ATOMIC_RELAXED); \
  __atomic_store_n(&tld->counters.name, 0, __ATOMIC_RELAXED);
  HS_STATS_COUNTERS(HS_STAT_MERGE_COUNTER)
#undef HS_STAT_MERGE_COUNTER
}

/* The process-wide counts plus every live thread's; the caller holds the thread registry lock. */
static void hs_stats_counter_totals(hs_stat_counters_t* out) {
#define HS_STAT_TOTAL_COUNTER(name, doc) out->name = __atomic_load_n(&_hs_stats.name, __ATOMIC_RELAXED);
  HS_STATS_COUNTERS(HS_STAT_TOTAL_COUNTER)
#undef HS_STAT_TOTAL_COUNTER
  for (const hs_tld_t* tld = _hs_thread_registry_first(); tld != NULL; tld = tld->reg_next) {
#define HS_STAT_SUM_COUNTER(name, doc) out->name += __atomic_load_n(&tld->counters.name, __ATOMIC_RELAXED);
    HS_STATS_COUNTERS(HS_STAT_SUM_COUNTER)
#undef HS_STAT_SUM_COUNTER
  }
}

/* ---------------------------------------------------------------------------------------------
   Figures computed from the live pages
--------------------------------------------------------------------------------------------- */

/* Pages of large blocks (> 128 KiB) count in the large/huge bin. */
static size_t hs_page_bin(const hs_page_t* page) {
  return _hs_page_bin(page);
}

static void hs_stats_add_segment_pages(hs_stats_t* out, const hs_segment_t* segment) {
  size_t i = segment->segment_info_slices;
  while (i < segment->slice_entries) {
    const hs_slice_t* slice = &segment->slices[i];
    if (slice->slice_count == 0) break;   /* never for a valid segment; do not loop forever */
    if (slice->block_size > 0) {
      const size_t bin = hs_page_bin(slice);
      out->page_used += (int64_t)slice->used * (int64_t)slice->block_size;
      out->bin_blocks[bin] += slice->used;
      out->bin_pages[bin] += 1;
    }
    i += slice->slice_count;
  }
}

/* Reads other threads' pages without synchronisation: exact only while they are quiet, as the
   public header says. */
static void hs_stats_compute_pages(hs_stats_t* out) {
  _hs_segment_registry_lock();
  for (const hs_segment_t* s = _hs_segment_registry_first(); s != NULL; s = s->reg_next) {
    hs_stats_add_segment_pages(out, s);
  }
  _hs_segment_registry_unlock();
  _hs_v3_stats_add_pages(out);   /* v3's pages (none under v2) */
}

hs_attr_export void hs_stats_get(hs_stats_t* out) {
  if (out == NULL) return;
  memset(out, 0, sizeof(*out));
#define HS_STAT_LOAD_AMOUNT(name, doc)  hs_stat_amount_load(&out->name, &_hs_stats.name);
  HS_STATS_AMOUNTS(HS_STAT_LOAD_AMOUNT)
#undef HS_STAT_LOAD_AMOUNT
  hs_stat_counters_t totals;
  _hs_thread_registry_lock();
  hs_stats_counter_totals(&totals);
#define HS_STAT_LOAD_COUNTER(name, doc) out->name = totals.name - hs_stats_baseline.name;
  HS_STATS_COUNTERS(HS_STAT_LOAD_COUNTER)
#undef HS_STAT_LOAD_COUNTER
  _hs_thread_registry_unlock();
  hs_stats_compute_pages(out);
}

/* Counters restart from 0; an amount keeps its current value (it describes live state) and its
   peak restarts from there. */
hs_attr_export void hs_stats_reset(void) {
#define HS_STAT_RESET_AMOUNT(name, doc) \
  __atomic_store_n(&_hs_stats.name.peak, __atomic_load_n(&_hs_stats.name.current, __ATOMIC_RELAXED), __ATOMIC_RELAXED);
  HS_STATS_AMOUNTS(HS_STAT_RESET_AMOUNT)
#undef HS_STAT_RESET_AMOUNT
  _hs_thread_registry_lock();
  hs_stats_counter_totals(&hs_stats_baseline);
  _hs_thread_registry_unlock();
}

/* ---------------------------------------------------------------------------------------------
   Human-readable output, through a writer so the same text reaches a FILE or a descriptor
--------------------------------------------------------------------------------------------- */
typedef void (hs_stats_write_fn)(const char* text, size_t len, void* arg);

typedef struct hs_stats_out_s {
  hs_stats_write_fn* write;
  void*              arg;
} hs_stats_out_t;

static void hs_stats_line(const hs_stats_out_t* out, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
static void hs_stats_line(const hs_stats_out_t* out, const char* fmt, ...) {
  char line[256];
  va_list args;
  va_start(args, fmt);
  int n = vsnprintf(line, sizeof(line), fmt, args);
  va_end(args);
  if (n <= 0) return;
  out->write(line, ((size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1), out->arg);
}

static void hs_stats_print_bins(const hs_stats_out_t* out, const hs_stats_t* s) {
  hs_stats_line(out, "  %-6s %12s %12s %14s\n", "bin", "block size", "pages", "blocks in use");
  for (size_t bin = 0; bin < HS_BIN_FULL; bin++) {
    if (s->bin_pages[bin] == 0) continue;
    char size[24];
    if (bin == HS_BIN_HUGE) snprintf(size, sizeof(size), "> 128 KiB");
    else snprintf(size, sizeof(size), "%zu", _hs_bin_size(bin));
    hs_stats_line(out, "  %-6zu %12s %12lld %14lld\n", bin, size, (long long)s->bin_pages[bin],
                  (long long)s->bin_blocks[bin]);
  }
}

static void hs_stats_print_to(const hs_stats_out_t* out) {
  hs_stats_t s;
  hs_stats_get(&s);
  hs_stats_line(out, "heapscope statistics\n");
  hs_stats_line(out, "  %-18s %16s %16s\n", "amount", "current", "peak");
#define HS_STAT_PRINT_AMOUNT(name, doc) \
  hs_stats_line(out, "  %-18s %16lld %16lld   %s\n", #name, (long long)s.name.current, (long long)s.name.peak, doc);
  HS_STATS_AMOUNTS(HS_STAT_PRINT_AMOUNT)
#undef HS_STAT_PRINT_AMOUNT
  hs_stats_line(out, "  %-18s %16s\n", "counter", "total");
#define HS_STAT_PRINT_COUNTER(name, doc) \
  hs_stats_line(out, "  %-18s %16lld   %s\n", #name, (long long)s.name, doc);
  HS_STATS_COUNTERS(HS_STAT_PRINT_COUNTER)
#undef HS_STAT_PRINT_COUNTER
  hs_stats_line(out, "  %-18s %16lld   bytes in blocks counted in their page's used (live + pending remote frees)\n",
                "page_used", (long long)s.page_used);
  hs_stats_print_bins(out, &s);
}

static void hs_stats_write_file(const char* text, size_t len, void* arg) {
  fwrite(text, 1, len, (FILE*)arg);
}

static void hs_stats_write_fd(const char* text, size_t len, void* arg) {
  const int fd = *(const int*)arg;
  while (len > 0) {
    ssize_t n = write(fd, text, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    text += n;
    len -= (size_t)n;
  }
}

hs_attr_export void hs_stats_print(FILE* out) {
  if (out == NULL) out = stderr;
  const hs_stats_out_t writer = { &hs_stats_write_file, out };
  hs_stats_print_to(&writer);
  fflush(out);
}

/* ---------------------------------------------------------------------------------------------
   Statistics at exit (show_stats)
   Many programs close stderr on their way out (GNU tools' close_stdout does, from atexit,
   before library destructors run), so the descriptor is duplicated at process start. The copy
   is used only if it still refers to the same file, in case the program closed it and the
   number was reused for something else.
--------------------------------------------------------------------------------------------- */
static int   hs_stats_exit_fd = -1;
static dev_t hs_stats_exit_dev;
static ino_t hs_stats_exit_ino;

void _hs_stats_process_start(void) {
  if (!hs_option_is_enabled(hs_option_show_stats)) return;
  struct stat st;
  const int fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
  if (fd < 0) return;
  if (fstat(fd, &st) != 0) { close(fd); return; }
  hs_stats_exit_dev = st.st_dev;
  hs_stats_exit_ino = st.st_ino;
  hs_stats_exit_fd = fd;
}

void _hs_stats_process_done(void) {
  if (!hs_option_is_enabled(hs_option_show_stats)) return;
  int fd = STDERR_FILENO;
  struct stat st;
  if (hs_stats_exit_fd >= 0 && fstat(hs_stats_exit_fd, &st) == 0 &&
      st.st_dev == hs_stats_exit_dev && st.st_ino == hs_stats_exit_ino) {
    fd = hs_stats_exit_fd;
  }
  const hs_stats_out_t writer = { &hs_stats_write_fd, &fd };
  hs_stats_print_to(&writer);
}

/* ---------------------------------------------------------------------------------------------
   JSON
   One flat object:
     "<amount>": {"current": n, "peak": n}     for each HS_STATS_AMOUNTS entry
     "<counter>": n                            for each HS_STATS_COUNTERS entry
     "page_used": n, "bin_blocks": [75 numbers], "bin_pages": [75 numbers]
     "doc": {"<name>": "what it counts", ...}  one entry for every key above
   The documentation sits in its own object so a consumer can read numbers without skipping
   strings, and a viewer can still explain every number it shows.
--------------------------------------------------------------------------------------------- */
typedef struct hs_json_s {
  char*  buf;
  size_t size;
  size_t len;    /* length the full output needs so far */
} hs_json_t;

static void hs_json_append(hs_json_t* j, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
static void hs_json_append(hs_json_t* j, const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  char* dst = (j->len < j->size ? j->buf + j->len : NULL);
  size_t room = (j->len < j->size ? j->size - j->len : 0);
  int n = vsnprintf(dst, room, fmt, args);
  va_end(args);
  if (n > 0) j->len += (size_t)n;
}

/* Doc strings are ours, but escape them anyway so the output stays valid JSON. */
static void hs_json_string(hs_json_t* j, const char* s) {
  hs_json_append(j, "\"");
  for (; *s != 0; s++) {
    if (*s == '"' || *s == '\\') hs_json_append(j, "\\%c", *s);
    else if ((unsigned char)*s < 0x20) hs_json_append(j, "\\u%04x", (unsigned)(unsigned char)*s);
    else hs_json_append(j, "%c", *s);
  }
  hs_json_append(j, "\"");
}

static void hs_json_array(hs_json_t* j, const char* name, const int64_t* values, size_t count) {
  hs_json_append(j, ",\"%s\":[", name);
  for (size_t i = 0; i < count; i++) hs_json_append(j, "%s%lld", (i == 0 ? "" : ","), (long long)values[i]);
  hs_json_append(j, "]");
}

static void hs_json_doc(hs_json_t* j) {
  hs_json_append(j, ",\"doc\":{");
#define HS_STAT_DOC(name, doc) hs_json_append(j, "\"%s\":", #name); hs_json_string(j, doc); hs_json_append(j, ",");
  HS_STATS_AMOUNTS(HS_STAT_DOC)
  HS_STATS_COUNTERS(HS_STAT_DOC)
#undef HS_STAT_DOC
  hs_json_append(j, "\"page_used\":\"bytes in blocks counted in their page's used: live, and freed by other threads but not yet collected (computed from the live pages)\",");
  hs_json_append(j, "\"bin_blocks\":\"blocks in use per size bin (index = bin; 73 = large and huge)\",");
  hs_json_append(j, "\"bin_pages\":\"live pages per size bin (index = bin; 73 = large and huge)\"}");
}

hs_attr_export size_t hs_stats_json(char* buf, size_t size) {
  hs_stats_t s;
  hs_stats_get(&s);
  hs_json_t j = { buf, (buf == NULL ? 0 : size), 0 };
  hs_json_append(&j, "{");
#define HS_STAT_JSON_AMOUNT(name, doc) \
  hs_json_append(&j, "\"%s\":{\"current\":%lld,\"peak\":%lld},", #name, \
                 (long long)s.name.current, (long long)s.name.peak);
#define HS_STAT_JSON_COUNTER(name, doc) hs_json_append(&j, "\"%s\":%lld,", #name, (long long)s.name);
  HS_STATS_AMOUNTS(HS_STAT_JSON_AMOUNT)
  HS_STATS_COUNTERS(HS_STAT_JSON_COUNTER)
#undef HS_STAT_JSON_AMOUNT
#undef HS_STAT_JSON_COUNTER
  hs_json_append(&j, "\"page_used\":%lld", (long long)s.page_used);
  hs_json_array(&j, "bin_blocks", s.bin_blocks, HS_BIN_COUNT);
  hs_json_array(&j, "bin_pages", s.bin_pages, HS_BIN_COUNT);
  hs_json_doc(&j);
  hs_json_append(&j, "}");
  return j.len;
}
