/* jemalloc's structure through mallctl (5.3.0; the names of its doc/jemalloc.xml.in, "stats.arenas.<i>.bins.<j>.*"),
 * merged over all arenas (MALLCTL_ARENAS_ALL = 4096). Per small size class (bin): the regions it
 * counts as handed out (curregs), its slabs (curslabs) and the slabs not full (nonfull_slabs);
 * free regions inside those slabs are held at the "slab" level. Regions a bin counts as handed
 * out that the scenario does not hold sit in the thread caches ("tcache" level). Large classes
 * (lextents) give their current extents. Pages freed but not yet purged are the "dirty" and
 * "muzzy" levels, known only in total. The mibs are looked up once; refreshing "epoch" makes
 * the merged statistics current. */
#define _GNU_SOURCE
#include "introspect.h"

#include <dlfcn.h>

#define AG_JE_ALL 4096

static struct {
  int (*mallctl)(const char*, void*, size_t*, void*, size_t);
  int (*nametomib)(const char*, size_t*, size_t*);
  int (*bymib)(const size_t*, size_t, void*, size_t*, void*, size_t);
  bool looked;
} ag_je;

bool ag_jemalloc_found(void) {
  if (!ag_je.looked) {
    *(void**)&ag_je.mallctl = dlsym(RTLD_DEFAULT, "mallctl");
    *(void**)&ag_je.nametomib = dlsym(RTLD_DEFAULT, "mallctlnametomib");
    *(void**)&ag_je.bymib = dlsym(RTLD_DEFAULT, "mallctlbymib");
    ag_je.looked = true;
  }
  return ag_je.mallctl != NULL && ag_je.nametomib != NULL && ag_je.bymib != NULL;
}

/* A mib with its index slots; `at` are the positions to fill (arena, bin), -1 for none. */
typedef struct { size_t mib[8]; size_t len; bool ok; } ag_je_mib_t;

static void ag_je_mib(ag_je_mib_t* m, const char* name) {
  m->len = 8;
  m->ok = (ag_je.nametomib(name, m->mib, &m->len) == 0);
}

static bool ag_je_size(ag_je_mib_t* m, int arena_at, int index_at, size_t index, uint64_t* out) {
  if (!m->ok) return false;
  if (arena_at >= 0) m->mib[arena_at] = AG_JE_ALL;
  if (index_at >= 0) m->mib[index_at] = index;
  size_t v = 0, len = sizeof(v);
  if (ag_je.bymib(m->mib, m->len, &v, &len, NULL, 0) != 0) return false;
  *out = v;
  return true;
}

static bool ag_je_u32(ag_je_mib_t* m, int index_at, size_t index, uint64_t* out) {
  if (!m->ok) return false;
  if (index_at >= 0) m->mib[index_at] = index;
  uint32_t v = 0;
  size_t len = sizeof(v);
  if (ag_je.bymib(m->mib, m->len, &v, &len, NULL, 0) != 0) return false;
  *out = v;
  return true;
}

static unsigned ag_je_unsigned(const char* name) {
  unsigned v = 0;
  size_t len = sizeof(v);
  return (ag_je.mallctl(name, &v, &len, NULL, 0) == 0 ? v : 0);
}

static int64_t ag_je_total(const char* name) {
  size_t v = 0, len = sizeof(v);
  return (ag_je.mallctl(name, &v, &len, NULL, 0) == 0 ? (int64_t)v : AG_UNKNOWN);
}

void ag_jemalloc_structure(void) {
  static const char* const levels[] = { "tcache", "slab", "dirty", "muzzy" };
  static bool ready;
  static ag_je_mib_t bin_size, bin_nregs, curregs, curslabs, nonfull, lext_size, curlextents;
  static unsigned nbins, nlextents;
  if (!ready) {
    ag_je_mib(&bin_size, "arenas.bin.0.size");
    ag_je_mib(&bin_nregs, "arenas.bin.0.nregs");
    ag_je_mib(&curregs, "stats.arenas.0.bins.0.curregs");
    ag_je_mib(&curslabs, "stats.arenas.0.bins.0.curslabs");
    ag_je_mib(&nonfull, "stats.arenas.0.bins.0.nonfull_slabs");
    ag_je_mib(&lext_size, "arenas.lextent.0.size");
    ag_je_mib(&curlextents, "stats.arenas.0.lextents.0.curlextents");
    nbins = ag_je_unsigned("arenas.nbins");
    nlextents = ag_je_unsigned("arenas.nlextents");
    ready = true;
  }
  uint64_t epoch = 1;
  size_t len = sizeof(epoch);
  ag_je.mallctl("epoch", &epoch, &len, &epoch, len);

  ag_classes_begin("mallctl stats.arenas.<all>", 4, levels);
  ag_classes_cached_level(0);
  int64_t slab_total = 0;
  for (unsigned j = 0; j < nbins; j++) {
    uint64_t size, nregs, regs, slabs, partial;
    if (!ag_je_size(&bin_size, -1, 2, j, &size) || !ag_je_u32(&bin_nregs, 2, j, &nregs)) continue;
    if (!ag_je_size(&curregs, 2, 4, j, &regs) || !ag_je_size(&curslabs, 2, 4, j, &slabs)) continue;
    if (slabs == 0) continue;
    ag_class_t* r = ag_class_row(size, size);
    if (r == NULL) break;
    r->counted = (int64_t)regs;
    r->pages = (int64_t)slabs;
    if (ag_je_size(&nonfull, 2, 4, j, &partial)) r->partial_pages = (int64_t)partial;
    int64_t free_regs = (int64_t)(slabs * nregs) - (int64_t)regs;
    int64_t held = (free_regs > 0 ? free_regs : 0) * (int64_t)size;
    r->level[1] = held;
    ag_figure_add(&r->held_free, held);
    slab_total += held;
  }
  for (unsigned j = 0; j < nlextents; j++) {
    uint64_t size, count;
    if (!ag_je_size(&lext_size, -1, 2, j, &size) || !ag_je_size(&curlextents, 2, 4, j, &count)) continue;
    if (count == 0) continue;
    ag_class_t* r = ag_class_row(size, size);
    if (r == NULL) break;
    r->counted = (int64_t)count;
    r->level[1] = 0;   /* a large extent is one block: nothing free inside it */
  }
  size_t page = 4096;
  len = sizeof(page);
  ag_je.mallctl("arenas.page", &page, &len, NULL, 0);
  int64_t dirty = ag_je_total("stats.arenas.4096.pdirty");
  int64_t muzzy = ag_je_total("stats.arenas.4096.pmuzzy");
  ag_classes_level_total(0, ag_je_total("stats.arenas.4096.tcache_bytes"));
  ag_classes_level_total(1, slab_total);
  ag_classes_level_total(2, dirty < 0 ? AG_UNKNOWN : dirty * (int64_t)page);
  ag_classes_level_total(3, muzzy < 0 ? AG_UNKNOWN : muzzy * (int64_t)page);
}
