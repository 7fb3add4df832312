/* The process's memory as the kernel sees it, and the THREAD records. Read with read(2) into a
 * stack buffer: no stdio, no malloc. */
#include "agent.h"
#include "delta.h"

#include <fcntl.h>
#include <unistd.h>

static uint64_t ag_parse_u64(const char** s) {
  const char* p = *s;
  while (*p == ' ') p++;
  uint64_t v = 0;
  while (*p >= '0' && *p <= '9') v = v * 10 + (uint64_t)(*p++ - '0');
  *s = p;
  return v;
}

void ag_process_read(ag_process_t* out) {
  out->rss = out->virt = out->data = out->shared = 0;
  int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  char buf[256];
  ssize_t n = read(fd, buf, sizeof(buf) - 1);
  close(fd);
  if (n <= 0) return;
  buf[n] = 0;
  /* size resident shared text lib data dt (pages) */
  const char* p = buf;
  uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
  uint64_t size = ag_parse_u64(&p), resident = ag_parse_u64(&p), shared = ag_parse_u64(&p);
  ag_parse_u64(&p); ag_parse_u64(&p);
  uint64_t data = ag_parse_u64(&p);
  out->virt = size * page;
  out->rss = resident * page;
  out->shared = shared * page;
  out->data = data * page;
}

void ag_process_record(ag_buf_t* out) {
  ag_process_t p;
  ag_process_read(&p);
  size_t mark = ag_rec_begin(out, AG_REC_PROCESS);
  ag_put_u64(out, p.rss);
  ag_put_u64(out, p.virt);
  ag_put_u64(out, p.data);
  ag_put_u64(out, p.shared);
  ag_rec_end(out, mark);
}

void ag_thread_records(ag_buf_t* out, const uint64_t* owned, const uint64_t* pending_tf,
                       const uint64_t* pending_delayed) {
  for (int i = 0; i < AG_THREAD_MAX; i++) {
    const ag_thread_t* t = &ag_threads[i];
    if (t->state == AG_THREAD_UNUSED) continue;
    size_t mark = ag_rec_begin(out, AG_REC_THREAD);
    ag_put_u16(out, (uint16_t)i);
    ag_put_u8(out, t->state);
    ag_put_u8(out, 0);
    ag_put_u32(out, (uint32_t)t->tid);
    ag_put_u64(out, t->core_id);
    ag_put_u64(out, t->default_heap);
    ag_put_u64(out, t->backing_heap);
    ag_put_u64(out, t->ops);
    ag_put_u32(out, (uint32_t)(owned ? owned[i] : 0));
    ag_put_u64(out, pending_tf ? pending_tf[i] : 0);
    ag_put_u64(out, pending_delayed ? pending_delayed[i] : 0);
    ag_rec_end(out, mark);
  }
}
