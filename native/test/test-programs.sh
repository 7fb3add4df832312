#!/usr/bin/env bash
# Real programs on the Heapscope core: each runs with and without
#   LD_PRELOAD=<build>/libheapscope-malloc.so
# on the design HEAPSCOPE_DESIGN names (v2 when unset; CTest runs both).
# and the outputs must be byte-for-byte identical. One run with HEAPSCOPE_SHOW_STATS=1 must
# print the core's statistics (which also proves the preload took effect).
#
#   test-programs.sh path/to/libheapscope-malloc.so
#
# A program that is not installed is reported and skipped; python3 and sort are required.
set -u

lib="${1:?usage: test-programs.sh path/to/libheapscope-malloc.so}"
if [[ ! -f "$lib" ]]; then
  echo "FAIL: $lib does not exist"
  exit 1
fi
lib="$(cd "$(dirname "$lib")" && pwd)/$(basename "$lib")"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
missing=()

ok()   { echo "ok:   $1"; passed=$((passed + 1)); }
fail() { echo "FAIL: $1"; failed=$((failed + 1)); }

# same NAME COMMAND...: run twice (system malloc, then the core) and compare stdout and status.
same() {
  local name="$1"; shift
  local plain="$work/$name.plain" ours="$work/$name.ours"
  timeout 300 "$@" >"$plain" 2>"$plain.err"
  local s1=$?
  LD_PRELOAD="$lib" timeout 300 "$@" >"$ours" 2>"$ours.err"
  local s2=$?
  if [[ $s1 -ne $s2 ]]; then
    fail "$name: exit status $s1 with the system malloc, $s2 on the core"
    sed 's/^/      /' "$ours.err" | head -20
  elif ! cmp -s "$plain" "$ours"; then
    fail "$name: output differs ($(wc -c <"$plain") vs $(wc -c <"$ours") bytes)"
    diff "$plain" "$ours" | head -10 | sed 's/^/      /'
  elif [[ ! -s "$plain" ]]; then
    fail "$name: no output at all"
  else
    ok "$name ($(wc -c <"$plain") bytes identical, exit $s1)"
  fi
}

have() { command -v "$1" >/dev/null 2>&1; }

# --- python3: dicts, lists, strings, JSON, sorting, threads ---------------------------------
if have python3; then
  cat >"$work/alloc.py" <<'EOF'
import hashlib, json, random, threading

random.seed(12345)
h = hashlib.sha256()

# many small objects, dict churn
d = {}
for i in range(200000):
    d["k%d" % random.randrange(50000)] = [i, str(i) * (i % 7), {"x": i}]
    if i % 3 == 0:
        d.pop("k%d" % random.randrange(50000), None)
h.update(json.dumps(sorted(d.items())[:2000]).encode())

# big strings and lists
s = "".join(chr(65 + (i * 7) % 26) for i in range(2000000))
parts = s.split("A")
parts.sort(key=lambda p: (len(p), p))
h.update(("|".join(parts[-500:])).encode())
big = [bytes(random.getrandbits(8) for _ in range(64)) for _ in range(20000)]
big.sort()
h.update(b"".join(big[:1000]))

# threads allocating and handing objects to each other (cross-thread frees)
results = [None] * 4
shared = []
lock = threading.Lock()
def worker(n):
    local = []
    for i in range(30000):
        local.append(("%d-%d" % (n, i)) * (i % 5 + 1))
        if i % 10 == 0:
            with lock:
                shared.append(local[-1])
    with lock:
        taken = shared[:1000]
        del shared[:1000]
    results[n] = sum(len(x) for x in local) + len(taken)
threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
for t in threads: t.start()
for t in threads: t.join()
h.update(str(sorted(results)).encode())
print(len(d), len(parts), h.hexdigest())
EOF
  same python3 python3 "$work/alloc.py"

  # fork while other threads allocate: the child must not inherit a lock held by a thread that
  # does not exist in it (the core holds its locks across fork)
  cat >"$work/fork.py" <<'EOF'
import subprocess, threading
stop = False
def churn():
    while not stop:
        blocks = [bytearray(100000 + i) for i in range(50)]
threads = [threading.Thread(target=churn) for _ in range(3)]
for t in threads: t.start()
ok = sum(subprocess.run(["echo", str(i)], capture_output=True, text=True).stdout.strip() == str(i)
         for i in range(40))
stop = True
for t in threads: t.join()
print("children", ok)
EOF
  same python3-fork python3 "$work/fork.py"
else
  missing+=(python3)
  fail "python3 is required and missing"
fi

# --- sort on a large generated file ---------------------------------------------------------
if have sort; then
  awk 'BEGIN { srand(7); for (i = 0; i < 400000; i++) printf "%08d %s line-%d\n", int(rand() * 1e8), substr("qwertyuiopasdfghjkl", 1 + i % 17), i }' \
    >"$work/lines.txt"
  same sort env LC_ALL=C sort "$work/lines.txt"
  same sort-numeric-reverse env LC_ALL=C sort -k1,1nr -k3 "$work/lines.txt"
else
  missing+=(sort)
  fail "sort is required and missing"
fi

# --- gcc compiling a small C file (assembly output compared, then the program run) ----------
if have gcc; then
  cat >"$work/prog.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct node { struct node* next; char name[24]; int value; };
static int cmp(const void* a, const void* b) { return (*(const int*)a > *(const int*)b) - (*(const int*)a < *(const int*)b); }
int main(void) {
  struct node* head = NULL;
  for (int i = 0; i < 10000; i++) {
    struct node* n = malloc(sizeof *n);
    snprintf(n->name, sizeof n->name, "node-%d", i);
    n->value = (i * 7919) % 10007;
    n->next = head;
    head = n;
  }
  int* values = malloc(10000 * sizeof(int));
  int k = 0;
  for (struct node* n = head; n; n = n->next) values[k++] = n->value;
  qsort(values, k, sizeof(int), cmp);
  long sum = 0;
  for (int i = 0; i < k; i++) sum += (long)values[i] * i;
  printf("%d %d %ld\n", values[0], values[k - 1], sum);
  while (head) { struct node* n = head->next; free(head); head = n; }
  free(values);
  return 0;
}
EOF
  same gcc-S gcc -O2 -S -o - "$work/prog.c"
  if gcc -O2 -o "$work/prog" "$work/prog.c" 2>/dev/null; then
    same compiled-program "$work/prog"
  else
    fail "gcc could not compile the test program"
  fi
  LD_PRELOAD="$lib" gcc -O2 -o "$work/prog-ours" "$work/prog.c"
  if [[ $? -eq 0 ]] && cmp -s <("$work/prog") <("$work/prog-ours"); then
    ok "gcc on the core builds a program that runs the same"
  else
    fail "gcc on the core: build failed or the program differs"
  fi
else
  missing+=(gcc)
fi

# --- git, ls -----------------------------------------------------------------------------------
if have git; then
  same git-version git --version
  same git-help git help -a
else
  missing+=(git)
fi
if [[ -d /usr/include ]]; then
  same ls-R env LC_ALL=C ls -R /usr/include
else
  missing+=("/usr/include (for ls -R)")
fi

# --- statistics at exit --------------------------------------------------------------------------
if have sort; then
  LD_PRELOAD="$lib" HEAPSCOPE_SHOW_STATS=1 env LC_ALL=C sort "$work/lines.txt" >/dev/null 2>"$work/stats.err"
  if grep -q "malloc_calls" "$work/stats.err" && grep -q "segments" "$work/stats.err"; then
    ok "HEAPSCOPE_SHOW_STATS=1 prints the statistics at exit"
  else
    fail "HEAPSCOPE_SHOW_STATS=1 printed no statistics"
    head -5 "$work/stats.err" | sed 's/^/      /'
  fi
fi

# --- the design the programs ran on (HEAPSCOPE_DESIGN=v2|v3; v2 when unset) ----------------------
if have sort; then
  design="${HEAPSCOPE_DESIGN:-v2}"
  LD_PRELOAD="$lib" HEAPSCOPE_VERBOSE=1 env LC_ALL=C sort "$work/lines.txt" >/dev/null 2>"$work/design.err"
  if grep -q "running mimalloc's v${design#v} design" "$work/design.err"; then
    ok "the programs ran on the core's $design design"
  else
    fail "HEAPSCOPE_VERBOSE=1 did not say the core runs the $design design"
    head -5 "$work/design.err" | sed 's/^/      /'
  fi
fi

for m in "${missing[@]+"${missing[@]}"}"; do echo "missing (not tested): $m"; done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
