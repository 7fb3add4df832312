/* The agent's own memory (mmap) and its little-endian codec. */
#define _GNU_SOURCE
#include "codec.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

void* ag_map(size_t size) {
  void* p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return (p == MAP_FAILED ? NULL : p);
}

void ag_unmap(void* p, size_t size) {
  if (p != NULL && size > 0) munmap(p, size);
}

void* ag_remap(void* p, size_t old_size, size_t new_size) {
  if (p == NULL) return ag_map(new_size);
  void* q = mremap(p, old_size, new_size, MREMAP_MAYMOVE);
  return (q == MAP_FAILED ? NULL : q);
}

/* ------------------------------------------------------------------ writer */
#define AG_BUF_MIN ((size_t)64 << 10)

bool ag_buf_reserve(ag_buf_t* b, size_t extra) {
  if (b->len + extra <= b->cap) return true;
  size_t cap = (b->cap == 0 ? AG_BUF_MIN : b->cap);
  while (cap < b->len + extra) cap *= 2;
  uint8_t* data = (uint8_t*)ag_remap(b->data, b->cap, cap);
  if (data == NULL) { b->failed = true; return false; }
  b->data = data;
  b->cap = cap;
  return true;
}

void ag_buf_reset(ag_buf_t* b) {
  b->len = 0;
  b->failed = false;
}

void ag_buf_release(ag_buf_t* b) {
  if (b->cap > ((size_t)16 << 20)) {   /* a big snapshot went out: return the memory */
    ag_unmap(b->data, b->cap);
    b->data = NULL;
    b->cap = 0;
  }
  ag_buf_reset(b);
}

void ag_put_bytes(ag_buf_t* b, const void* bytes, size_t n) {
  uint8_t* p = ag_buf_grab(b, n);
  if (p != NULL && n > 0) memcpy(p, bytes, n);
}

void ag_put_strn(ag_buf_t* b, const char* s, size_t n) {
  if (n > 0xFFFF) n = 0xFFFF;
  ag_put_u16(b, (uint16_t)n);
  ag_put_bytes(b, s, n);
}

void ag_put_str(ag_buf_t* b, const char* s) {
  ag_put_strn(b, s, (s == NULL ? 0 : strlen(s)));
}

size_t ag_rec_begin(ag_buf_t* b, uint8_t tag) {
  ag_put_u8(b, tag);
  size_t mark = b->len;
  ag_put_u32(b, 0);
  return mark;
}

void ag_rec_end(ag_buf_t* b, size_t mark) {
  if (b->failed) return;
  ag_store_u32(b->data + mark, (uint32_t)(b->len - mark - 4));
}

/* ------------------------------------------------------------------ reader */
void ag_reader_init(ag_reader_t* r, const uint8_t* data, size_t len, size_t base) {
  r->data = data;
  r->len = len;
  r->pos = 0;
  r->base = base;
  r->short_read = false;
  r->short_at = 0;
}

static bool ag_take(ag_reader_t* r, size_t n) {
  if (r->short_read) return false;
  if (r->len - r->pos < n) {
    r->short_read = true;
    r->short_at = r->base + r->pos;
    return false;
  }
  return true;
}

uint8_t ag_get_u8(ag_reader_t* r) {
  if (!ag_take(r, 1)) return 0;
  return r->data[r->pos++];
}

uint16_t ag_get_u16(ag_reader_t* r) {
  if (!ag_take(r, 2)) return 0;
  const uint8_t* p = r->data + r->pos;
  r->pos += 2;
  return (uint16_t)(p[0] | (p[1] << 8));
}

uint32_t ag_get_u32(ag_reader_t* r) {
  if (!ag_take(r, 4)) return 0;
  const uint8_t* p = r->data + r->pos;
  r->pos += 4;
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

uint64_t ag_get_u64(ag_reader_t* r) {
  if (!ag_take(r, 8)) return 0;
  uint64_t lo = ag_get_u32(r);
  uint64_t hi = ag_get_u32(r);
  return lo | (hi << 32);
}

const char* ag_get_str(ag_reader_t* r, size_t* n) {
  size_t len = ag_get_u16(r);
  if (!ag_take(r, len)) { *n = 0; return NULL; }
  const char* s = (const char*)(r->data + r->pos);
  r->pos += len;
  *n = len;
  return s;
}

/* ------------------------------------------------------------------ text */
char* ag_fmt_str(char* p, char* end, const char* s) {
  while (s != NULL && *s != 0 && p < end) *p++ = *s++;
  return p;
}

char* ag_fmt_u64(char* p, char* end, uint64_t v) {
  char tmp[24];
  int n = 0;
  do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v != 0);
  while (n > 0 && p < end) *p++ = tmp[--n];
  return p;
}

char* ag_fmt_i64(char* p, char* end, int64_t v) {
  if (v < 0) {
    if (p < end) *p++ = '-';
    return ag_fmt_u64(p, end, (uint64_t)0 - (uint64_t)v);
  }
  return ag_fmt_u64(p, end, (uint64_t)v);
}

char* ag_fmt_hex(char* p, char* end, uint64_t v) {
  static const char digits[] = "0123456789abcdef";
  p = ag_fmt_str(p, end, "0x");
  char tmp[16];
  int n = 0;
  do { tmp[n++] = digits[v & 15]; v >>= 4; } while (v != 0);
  while (n > 0 && p < end) *p++ = tmp[--n];
  return p;
}

void ag_log(const char* a, const char* b, const char* c) {
  char line[512];
  char* end = line + sizeof(line) - 1;
  char* p = ag_fmt_str(line, end, "heapscope-agent: ");
  p = ag_fmt_str(p, end, a);
  p = ag_fmt_str(p, end, b);
  p = ag_fmt_str(p, end, c);
  *p++ = '\n';
  ssize_t ignored = write(2, line, (size_t)(p - line));
  (void)ignored;
}
