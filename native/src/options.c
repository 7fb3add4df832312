/* Options: one table, each entry settable from the environment as HEAPSCOPE_<NAME>.
 *
 * Values are read on slow paths only (segment allocation, purge scheduling, page set-up), so a
 * plain relaxed atomic per option is enough. The environment is read once, on the first use of
 * any option or from _hs_process_init, whichever comes first; an explicit hs_option_set wins
 * over the environment even when it happens before that first read.
 *
 * This code can run inside malloc under LD_PRELOAD: it never allocates and reads `environ`
 * directly (getenv is case-sensitive; the variable names here are not).
 */
#include "internal.h"

#include <limits.h>
#include <string.h>

extern char** environ;

typedef enum hs_option_kind_e {
  HS_OPTION_NUMBER,    /* a plain integer (may be negative)                     */
  HS_OPTION_BOOL,      /* 0/1, also on/off, true/false, yes/no                 */
  HS_OPTION_KIB,       /* a size in KiB; the environment may use K/M/G/T suffixes */
  HS_OPTION_DESIGN     /* 2 or 3; the environment may say v2 or v3                */
} hs_option_kind_t;

typedef struct hs_option_desc_s {
  const char*      name;
  long             default_value;
  hs_option_kind_t kind;
  long             min;
  long             max;
} hs_option_desc_t;

/* Defaults follow mimalloc 2.1.7 (see mimalloc-facts.md §9). */
static const hs_option_desc_t hs_options[_hs_option_last] = {
  [hs_option_show_errors]          = { "show_errors",          0,                  HS_OPTION_BOOL,   0, 1 },
  [hs_option_show_stats]           = { "show_stats",           0,                  HS_OPTION_BOOL,   0, 1 },
  [hs_option_verbose]              = { "verbose",              0,                  HS_OPTION_BOOL,   0, 1 },
  [hs_option_secure]               = { "secure",               0,                  HS_OPTION_NUMBER, 0, 4 },
  [hs_option_eager_commit]         = { "eager_commit",         1,                  HS_OPTION_BOOL,   0, 1 },
  [hs_option_purge_decommits]      = { "purge_decommits",      1,                  HS_OPTION_BOOL,   0, 1 },
  [hs_option_purge_delay]          = { "purge_delay",          10,                 HS_OPTION_NUMBER, -1, 1L << 30 },
  [hs_option_purge_extend_delay]   = { "purge_extend_delay",   1,                  HS_OPTION_NUMBER, 0, 1L << 30 },
  [hs_option_arena_reserve]        = { "arena_reserve",        1024L * 1024,       HS_OPTION_KIB,    0, 1L << 40 },
  [hs_option_arena_purge_mult]     = { "arena_purge_mult",     10,                 HS_OPTION_NUMBER, 0, 1L << 20 },
  [hs_option_reclaim_on_free]      = { "reclaim_on_free",      1,                  HS_OPTION_BOOL,   0, 1 },
  [hs_option_max_segment_reclaim]  = { "max_segment_reclaim",  10,                 HS_OPTION_NUMBER, 0, 100 },
  [hs_option_abandoned_page_purge] = { "abandoned_page_purge", 0,                  HS_OPTION_BOOL,   0, 1 },
  [hs_option_disallow_arena_alloc] = { "disallow_arena_alloc", 0,                  HS_OPTION_BOOL,   0, 1 },
  [hs_option_design]               = { "design",               2,                  HS_OPTION_DESIGN, 2, 3 },
  /* v3's page options (defaults of mimalloc v3.4.3, src/options.c) */
  [hs_option_page_reclaim_on_free] = { "page_reclaim_on_free", 0,                  HS_OPTION_NUMBER, -1, 1 },
  [hs_option_page_full_retain]     = { "page_full_retain",     2,                  HS_OPTION_NUMBER, 0, 1L << 20 },
  [hs_option_page_max_reclaim]     = { "page_max_reclaim",     -1,                 HS_OPTION_NUMBER, -1, 1L << 20 },
  [hs_option_page_cross_thread_max_reclaim] = { "page_cross_thread_max_reclaim", 32, HS_OPTION_NUMBER, -1, 1L << 20 },
};

/* Current values, whether hs_option_set fixed one before the environment was read, and whether
   a value was given at all (by hs_option_set or the environment) rather than defaulted. */
static _Atomic(long) hs_option_values[_hs_option_last];
static _Atomic(bool) hs_option_explicit[_hs_option_last];
static _Atomic(bool) hs_option_given[_hs_option_last];
static _Atomic(int)  hs_options_state;   /* 0 not read, 1 reading, 2 read */

/* ---------------------------------------------------------------------------------------------
   Small string helpers (no locale, no allocation)
--------------------------------------------------------------------------------------------- */
static char hs_ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }

/* Names compare case-insensitively, with '-' and '_' equal. */
static bool hs_name_char_eq(char a, char b) {
  if (a == '-') a = '_';
  if (b == '-') b = '_';
  return hs_ascii_lower(a) == hs_ascii_lower(b);
}

static bool hs_name_eq(const char* a, const char* b, size_t b_len) {
  size_t i = 0;
  for (; i < b_len; i++) {
    if (a[i] == 0 || !hs_name_char_eq(a[i], b[i])) return false;
  }
  return a[i] == 0;
}

static bool hs_word_eq(const char* s, const char* word) {
  while (*word != 0) {
    if (hs_ascii_lower(*s) != *word) return false;
    s++; word++;
  }
  return *s == 0;
}

/* ---------------------------------------------------------------------------------------------
   Parsing environment values
--------------------------------------------------------------------------------------------- */
static bool hs_parse_bool(const char* s, long* out) {
  static const char* const yes[] = { "1", "on", "true", "yes", "enable", "enabled" };
  static const char* const no[]  = { "0", "off", "false", "no", "disable", "disabled" };
  for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
    if (hs_word_eq(s, yes[i])) { *out = 1; return true; }
    if (hs_word_eq(s, no[i]))  { *out = 0; return true; }
  }
  return false;
}

/* A decimal integer with an optional sign; `*end` is left on the first unparsed character. */
static bool hs_parse_integer(const char* s, long* out, const char** end) {
  bool negative = false;
  if (*s == '-' || *s == '+') { negative = (*s == '-'); s++; }
  if (*s < '0' || *s > '9') return false;
  long value = 0;
  for (; *s >= '0' && *s <= '9'; s++) {
    if (value > (LONG_MAX - 9) / 10) return false;   /* overflow */
    value = value * 10 + (*s - '0');
  }
  *out = (negative ? -value : value);
  *end = s;
  return true;
}

/* A size in KiB: a bare number is KiB; K, M, G, T (optionally followed by "B" or "iB") scale. */
static bool hs_parse_kib(const char* s, long* out) {
  long value;
  const char* rest;
  if (!hs_parse_integer(s, &value, &rest) || value < 0) return false;
  long scale_kib = 1;
  switch (hs_ascii_lower(*rest)) {
    case 0:   return (*out = value, true);
    case 'k': scale_kib = 1; break;
    case 'm': scale_kib = 1024; break;
    case 'g': scale_kib = 1024L * 1024; break;
    case 't': scale_kib = 1024L * 1024 * 1024; break;
    default:  return false;
  }
  rest++;
  if (hs_word_eq(rest, "") || hs_word_eq(rest, "b") || hs_word_eq(rest, "ib")) {
    if (value > LONG_MAX / scale_kib) return false;
    *out = value * scale_kib;
    return true;
  }
  return false;
}

/* A design: "v2", "v3" (any case), or the bare number. */
static bool hs_parse_design(const char* s, long* out) {
  if (hs_ascii_lower(*s) == 'v') s++;
  if ((s[0] == '2' || s[0] == '3') && s[1] == 0) { *out = s[0] - '0'; return true; }
  return false;
}

static bool hs_parse_option_value(const hs_option_desc_t* desc, const char* s, long* out) {
  switch (desc->kind) {
    case HS_OPTION_DESIGN: return hs_parse_design(s, out);
    case HS_OPTION_BOOL: return hs_parse_bool(s, out);
    case HS_OPTION_KIB:  return hs_parse_kib(s, out);
    case HS_OPTION_NUMBER: {
      const char* rest;
      if (!hs_parse_integer(s, out, &rest)) return false;
      return *rest == 0;
    }
  }
  return false;
}

static long hs_option_clamp(const hs_option_desc_t* desc, long value) {
  if (value < desc->min) return desc->min;
  if (value > desc->max) return desc->max;
  return value;
}

/* ---------------------------------------------------------------------------------------------
   Reading the environment
--------------------------------------------------------------------------------------------- */
#define HS_ENV_PREFIX     "HEAPSCOPE_"
#define HS_ENV_PREFIX_LEN (sizeof(HS_ENV_PREFIX) - 1)

/* The value of HEAPSCOPE_<name>, with the whole variable name compared case-insensitively. */
static const char* hs_env_lookup(const char* name) {
  if (environ == NULL) return NULL;
  for (char** env = environ; *env != NULL; env++) {
    const char* entry = *env;
    size_t i = 0;
    for (; i < HS_ENV_PREFIX_LEN; i++) {
      if (hs_ascii_lower(entry[i]) != hs_ascii_lower(HS_ENV_PREFIX[i])) break;
    }
    if (i < HS_ENV_PREFIX_LEN) continue;
    const char* eq = strchr(entry + i, '=');
    if (eq == NULL) continue;
    if (hs_name_eq(name, entry + i, (size_t)(eq - (entry + i)))) return eq + 1;
  }
  return NULL;
}

/* Sets the option from the environment (or its default); false when the text was invalid. */
static bool hs_option_read_env(hs_option_t option) {
  const hs_option_desc_t* desc = &hs_options[option];
  long value = desc->default_value;
  bool valid = true;
  const char* text = hs_env_lookup(desc->name);
  if (text != NULL && text[0] != 0) {
    long parsed;
    valid = hs_parse_option_value(desc, text, &parsed);
    if (valid) {
      value = hs_option_clamp(desc, parsed);
      atomic_store_explicit(&hs_option_given[option], true, memory_order_relaxed);
    }
  }
  if (!atomic_load_explicit(&hs_option_explicit[option], memory_order_relaxed)) {
    atomic_store_explicit(&hs_option_values[option], value, memory_order_relaxed);
  }
  return valid;
}

/* Warnings go out only after every option is published: the warning path itself reads
   show_errors, which must not wait for the read in progress. */
static void hs_options_warn_invalid(uint32_t invalid) {
  for (int i = 0; i < _hs_option_last; i++) {
    if ((invalid & (1u << i)) == 0) continue;
    _hs_warning("environment option HEAPSCOPE_%s has an invalid value \"%s\" (using %ld)",
                hs_options[i].name, hs_env_lookup(hs_options[i].name),
                atomic_load_explicit(&hs_option_values[i], memory_order_relaxed));
  }
}

/* Idempotent; concurrent first callers wait for the one reading the environment. */
void _hs_options_init(void) {
  int state = atomic_load_explicit(&hs_options_state, memory_order_acquire);
  if (state == 2) return;
  int expected = 0;
  if (atomic_compare_exchange_strong_explicit(&hs_options_state, &expected, 1,
                                              memory_order_acq_rel, memory_order_acquire)) {
    uint32_t invalid = 0;
    for (int i = 0; i < _hs_option_last; i++) {
      if (!hs_option_read_env((hs_option_t)i)) invalid |= (1u << i);
    }
    atomic_store_explicit(&hs_options_state, 2, memory_order_release);
    hs_options_warn_invalid(invalid);
    return;
  }
  while (atomic_load_explicit(&hs_options_state, memory_order_acquire) != 2) {
    /* another thread is parsing a handful of strings: spin briefly */
  }
}

_Static_assert(_hs_option_last <= 32, "the invalid-option mask has 32 bits");

/* ---------------------------------------------------------------------------------------------
   Public API
--------------------------------------------------------------------------------------------- */
static bool hs_option_valid(hs_option_t option) {
  return (int)option >= 0 && option < _hs_option_last;
}

hs_attr_export long hs_option_get(hs_option_t option) {
  if (!hs_option_valid(option)) return 0;
  if (hs_unlikely(atomic_load_explicit(&hs_options_state, memory_order_acquire) != 2)) _hs_options_init();
  return atomic_load_explicit(&hs_option_values[option], memory_order_relaxed);
}

hs_attr_export void hs_option_set(hs_option_t option, long value) {
  if (!hs_option_valid(option)) return;
  atomic_store_explicit(&hs_option_explicit[option], true, memory_order_relaxed);
  atomic_store_explicit(&hs_option_given[option], true, memory_order_relaxed);
  atomic_store_explicit(&hs_option_values[option], hs_option_clamp(&hs_options[option], value),
                        memory_order_relaxed);
}

bool _hs_option_is_given(hs_option_t option) {
  if (!hs_option_valid(option)) return false;
  (void)hs_option_get(option);   /* reads the environment first */
  return atomic_load_explicit(&hs_option_given[option], memory_order_relaxed);
}

hs_attr_export bool hs_option_is_enabled(hs_option_t option) {
  return hs_option_get(option) != 0;
}

hs_attr_export const char* hs_option_name(hs_option_t option) {
  return hs_option_valid(option) ? hs_options[option].name : NULL;
}

hs_attr_export bool hs_option_find(const char* name, hs_option_t* option) {
  if (name == NULL) return false;
  for (int i = 0; i < _hs_option_last; i++) {
    if (hs_name_eq(hs_options[i].name, name, strlen(name))) {
      if (option != NULL) *option = (hs_option_t)i;
      return true;
    }
  }
  return false;
}
