/* hstrace-dump: prints a .hstrace file one event per line in program order per chunk, pairing
 * each free with its allocation by object id, and checks the file's structure.
 *
 *   hstrace-dump [--summary] FILE
 *
 * Lines: "seq thread time_ns op args..."; object ids are numbered from 1 in allocation order.
 * A truncated or corrupt file is read up to its last good chunk and reported with the byte
 * offset; exit status 2 then, 1 if the file cannot be read at all. */
#define _GNU_SOURCE
#include "format.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *op_names[] = { "?", "malloc", "calloc", "realloc", "free", "posix_memalign",
  "aligned_alloc", "memalign", "valloc", "pvalloc", "reallocarray", "thread-start", "thread-exit" };

/* address -> object id, open addressing */
static uint64_t *keys, *vals;
static size_t cap, used;
static uint64_t next_id = 1;

static size_t slot(uint64_t k) {
  size_t i = (size_t)((k * 0x9E3779B97F4A7C15ull) >> 20) & (cap - 1);
  while (keys[i] != 0 && keys[i] != k) i = (i + 1) & (cap - 1);
  return i;
}
static void grow(void) {
  size_t oc = cap; uint64_t *ok = keys, *ov = vals;
  cap = cap ? cap * 2 : 1024;
  keys = calloc(cap, 8); vals = calloc(cap, 8);
  used = 0;
  for (size_t i = 0; i < oc; i++) if (ok[i] && ok[i] != 1) { size_t s = slot(ok[i]); keys[s] = ok[i]; vals[s] = ov[i]; used++; }
  free(ok); free(ov);
}
static uint64_t add_object_id(uint64_t addr, uint64_t id) {
  if ((used + 1) * 2 > cap) grow();
  size_t s = slot(addr);
  if (keys[s] == 0) used++;
  keys[s] = addr; vals[s] = id;
  return id;
}
static uint64_t add_object(uint64_t addr) { return add_object_id(addr, next_id++); }
/* removes addr; returns its id or 0 if unknown. Deletion by backward shift. */
static uint64_t take_object(uint64_t addr) {
  if (!cap) return 0;
  size_t i = slot(addr);
  if (keys[i] != addr) return 0;
  uint64_t id = vals[i];
  keys[i] = 0; used--;
  size_t j = i;
  for (;;) {
    j = (j + 1) & (cap - 1);
    if (keys[j] == 0) break;
    size_t home = (size_t)((keys[j] * 0x9E3779B97F4A7C15ull) >> 20) & (cap - 1);
    if ((j > i && (home <= i || home > j)) || (j < i && (home <= i && home > j))) {
      keys[i] = keys[j]; vals[i] = vals[j]; keys[j] = 0; i = j;
    }
  }
  return id;
}

static unsigned char *data;
static size_t size, pos;
static int bad;

static uint64_t varint(size_t end) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos >= end) { bad = 1; return 0; }
    unsigned char b = data[pos++];
    v |= (uint64_t)(b & 0x7F) << shift;
    if (!(b & 0x80)) return v;
  }
  bad = 1;
  return 0;
}
static int64_t unzig(uint64_t v) { return (int64_t)(v >> 1) ^ -(int64_t)(v & 1); }

int main(int argc, char **argv) {
  int summary = argc > 2 && strcmp(argv[1], "--summary") == 0;
  const char *path = argv[argc - 1];
  if (argc < 2) { fprintf(stderr, "usage: hstrace-dump [--summary] FILE\n"); return 1; }
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); return 1; }
  fseek(f, 0, SEEK_END); size = (size_t)ftell(f); fseek(f, 0, SEEK_SET);
  data = malloc(size ? size : 1);
  if (fread(data, 1, size, f) != size) { perror(path); return 1; }
  fclose(f);
  if (size < 9 || memcmp(data, HST_MAGIC, 8) != 0) { fprintf(stderr, "%s: offset 0: not a .hstrace file\n", path); return 1; }
  if (data[8] != HST_VERSION) { fprintf(stderr, "%s: offset 8: version %d, this reader knows %d\n", path, data[8], HST_VERSION); return 1; }
  pos = 9;
  uint64_t pid = varint(size), ppid = varint(size), start = varint(size), every = varint(size);
  uint64_t cl = varint(size);
  if (bad || pos + cl > size) { fprintf(stderr, "%s: offset %zu: header truncated\n", path, pos); return 1; }
  printf("# pid %" PRIu64 " ppid %" PRIu64 " start %" PRIu64 " index-every %" PRIu64 "\n# command %.*s\n", pid, ppid, start, every, (int)cl, data + pos);
  pos += cl;
  uint64_t ul = varint(size);
  if (bad || pos + ul > size) { fprintf(stderr, "%s: offset %zu: header truncated\n", path, pos); return 1; }
  printf("# under %.*s\n", (int)ul, data + pos);
  pos += ul;

  uint64_t counts[16] = {0}, events = 0, chunks = 0, indexes = 0, unknown = 0, first_unknown = 0;
  uint64_t prev_seq_any = 0; int out_of_order = 0;
  while (pos < size) {
    size_t rec = pos;
    int tag = data[pos++];
    if (tag == HST_TAG_INDEX) {
      uint64_t k = varint(size);
      for (uint64_t i = 0; i < k && !bad; i++) {
        uint64_t off = varint(size), seq = varint(size);
        if (!bad && (off >= size || data[off] != HST_TAG_CHUNK)) { fprintf(stderr, "%s: offset %zu: index entry points at %" PRIu64 ", not a chunk\n", path, rec, off); bad = 1; }
        (void)seq;
      }
      if (bad) { fprintf(stderr, "%s: offset %zu: corrupt index record\n", path, rec); return 2; }
      indexes++;
      continue;
    }
    if (tag != HST_TAG_CHUNK) { fprintf(stderr, "%s: offset %zu: unknown record tag 0x%02x\n", path, rec, tag); return 2; }
    uint64_t tid = varint(size), len = varint(size), count = varint(size), seq = varint(size), t = varint(size);
    if (bad || pos + len > size) { fprintf(stderr, "%s: offset %zu: chunk truncated after %" PRIu64 " events\n", path, rec, events); return 2; }
    size_t end = pos + len;
    uint64_t addr = 0; seq--;
    for (uint64_t e = 0; e < count; e++) {
      size_t at = pos;
      if (pos >= end) { bad = 1; break; }
      unsigned char h = data[pos++];
      int op = h & 15;
      uint64_t dseq = h >> 4;
      if (dseq == 15) dseq += varint(end);
      seq += dseq + 1;
      t += varint(end);
      if (op < 1 || op > HST_THREAD_EXIT) { fprintf(stderr, "%s: offset %zu: unknown op %d\n", path, at, op); return 2; }
      uint64_t a = 0, b = 0, al = 0, in = 0, out = 0, oid_in = 0, oid_out = 0;
      switch (op) {
      case HST_THREAD_START: a = varint(end); break;
      case HST_THREAD_EXIT: break;
      case HST_FREE: addr += (uint64_t)unzig(varint(end)); in = addr; break;
      case HST_REALLOC: case HST_REALLOCARRAY:
        addr += (uint64_t)unzig(varint(end)); in = addr;
        a = varint(end);
        if (op == HST_REALLOCARRAY) b = varint(end);
        addr += (uint64_t)unzig(varint(end)); out = addr;
        break;
      case HST_CALLOC: a = varint(end); b = varint(end); addr += (uint64_t)unzig(varint(end)); out = addr; break;
      case HST_POSIX_MEMALIGN: case HST_ALIGNED_ALLOC: case HST_MEMALIGN: al = varint(end); /* fallthrough */
      default: a = varint(end); addr += (uint64_t)unzig(varint(end)); out = addr; break;
      }
      if (bad) break;
      if (in) {
        oid_in = take_object(in);
        if (!oid_in) { unknown++; if (!first_unknown) first_unknown = at; }
      }
      /* realloc to size 0 frees; a failed realloc keeps the old block */
      if ((op == HST_REALLOC || op == HST_REALLOCARRAY) && in && !out && a != 0 && oid_in) add_object_id(in, oid_in);
      if (out) oid_out = add_object(out);
      counts[op]++;
      events++;
      if (seq <= prev_seq_any && tid == 0) out_of_order = 1;
      if (!summary)
        printf("%" PRIu64 " t%" PRIu64 " %" PRIu64 " %s a=%" PRIu64 " b=%" PRIu64 " align=%" PRIu64 " in=#%" PRIu64 " out=#%" PRIu64 "\n",
               seq, tid, t, op_names[op], a, b, al, oid_in, oid_out);
    }
    if (bad || pos != end) { fprintf(stderr, "%s: offset %zu: corrupt chunk (events end at %zu, chunk at %zu)\n", path, rec, pos, end); return 2; }
    chunks++;
  }
  (void)out_of_order;
  printf("# events %" PRIu64 " chunks %" PRIu64 " indexes %" PRIu64 " bytes %zu live %zu unknown-frees %" PRIu64, events, chunks, indexes, size, used, unknown);
  if (unknown) printf(" first-unknown-at %" PRIu64, first_unknown);
  printf("\n#");
  for (int op = 1; op <= HST_THREAD_EXIT; op++) printf(" %s %" PRIu64, op_names[op], counts[op]);
  printf("\n");
  return 0;
}
