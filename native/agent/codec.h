/* The agent's own memory and its byte codec.
 *
 * Everything the agent keeps for itself (frame buffers, handle tables, snapshot bookkeeping)
 * comes from mmap through ag_map, never from malloc: under LD_PRELOAD the process's malloc is
 * the allocator being measured. A writer appends little-endian values to a growable buffer; a
 * reader takes them from a frame with bounds checks, remembering the offset of the first short
 * read so that an error can say where the frame ended too early.
 */
#ifndef AG_CODEC_H
#define AG_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Zeroed, page-aligned memory straight from the OS; NULL on failure. */
void* ag_map(size_t size);
void  ag_unmap(void* p, size_t size);
/* Grow (or move) a mapping; the new tail is zero. NULL on failure (the old mapping stays). */
void* ag_remap(void* p, size_t old_size, size_t new_size);

/* ------------------------------------------------------------------ writer */
typedef struct ag_buf_s {
  uint8_t* data;
  size_t   len;
  size_t   cap;
  bool     failed;   /* a grow failed: the contents are incomplete */
} ag_buf_t;

bool ag_buf_reserve(ag_buf_t* b, size_t extra);
void ag_buf_reset(ag_buf_t* b);
void ag_buf_release(ag_buf_t* b);   /* give memory back when a buffer grew large */

static inline uint8_t* ag_buf_grab(ag_buf_t* b, size_t n) {
  if (b->len + n > b->cap && !ag_buf_reserve(b, n)) return NULL;
  uint8_t* p = b->data + b->len;
  b->len += n;
  return p;
}
static inline void ag_put_u8(ag_buf_t* b, uint8_t v) {
  uint8_t* p = ag_buf_grab(b, 1); if (p) p[0] = v;
}
static inline void ag_put_u16(ag_buf_t* b, uint16_t v) {
  uint8_t* p = ag_buf_grab(b, 2); if (p) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
}
static inline void ag_store_u32(uint8_t* p, uint32_t v) {
  p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}
static inline void ag_put_u32(ag_buf_t* b, uint32_t v) {
  uint8_t* p = ag_buf_grab(b, 4); if (p) ag_store_u32(p, v);
}
static inline void ag_put_u64(ag_buf_t* b, uint64_t v) {
  uint8_t* p = ag_buf_grab(b, 8);
  if (p) { ag_store_u32(p, (uint32_t)v); ag_store_u32(p + 4, (uint32_t)(v >> 32)); }
}
void ag_put_bytes(ag_buf_t* b, const void* bytes, size_t n);
void ag_put_str(ag_buf_t* b, const char* s);            /* u16 length + bytes, cut at 65535 */
void ag_put_strn(ag_buf_t* b, const char* s, size_t n);

/* A snapshot record: ag_rec_begin writes the tag and a length placeholder, ag_rec_end fills it. */
size_t ag_rec_begin(ag_buf_t* b, uint8_t tag);
void   ag_rec_end(ag_buf_t* b, size_t mark);

/* ------------------------------------------------------------------ reader */
typedef struct ag_reader_s {
  const uint8_t* data;
  size_t         len;
  size_t         pos;
  size_t         base;      /* offset of `data` in the frame, for error offsets */
  bool           short_read;
  size_t         short_at;  /* frame offset of the first read past the end      */
} ag_reader_t;

void     ag_reader_init(ag_reader_t* r, const uint8_t* data, size_t len, size_t base);
uint8_t  ag_get_u8(ag_reader_t* r);
uint16_t ag_get_u16(ag_reader_t* r);
uint32_t ag_get_u32(ag_reader_t* r);
uint64_t ag_get_u64(ag_reader_t* r);
/* A string: points into the frame (not NUL-terminated). */
const char* ag_get_str(ag_reader_t* r, size_t* n);
static inline size_t ag_reader_offset(const ag_reader_t* r) { return r->base + r->pos; }
static inline size_t ag_reader_left(const ag_reader_t* r) { return r->len - r->pos; }

/* ------------------------------------------------------------------ text without stdio */
/* Small formatting into a caller's buffer; each returns the new end (never past `end`). */
char* ag_fmt_str(char* p, char* end, const char* s);
char* ag_fmt_u64(char* p, char* end, uint64_t v);
char* ag_fmt_i64(char* p, char* end, int64_t v);
char* ag_fmt_hex(char* p, char* end, uint64_t v);

/* Diagnostics on stderr with write(2): "heapscope-agent: <a><b><c>\n". */
void ag_log(const char* a, const char* b, const char* c);

#endif /* AG_CODEC_H */
