#!/usr/bin/env bash
# The recorder on real programs: a test program that calls every hooked function from two
# threads and forks, the same program crashing, and sort and python3 (required). Each trace is
# checked by hstrace-dump: counts of each call, frees paired with allocations, no unknown frees,
# the child's own file, the crash's trace readable up to its last flushed buffer.
#
#   test-recorder.sh LIB DUMP TESTPROGRAM
set -u
lib="$(realpath "${1:?usage: test-recorder.sh LIB DUMP TESTPROGRAM}")"
dump="$(realpath "$2")"
prog="$(realpath "$3")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $1"; failed=$((failed + 1)); }
ok()   { echo "ok:   $1"; }
# has FILE REGEX MESSAGE: the dump summary must match
has() { if grep -Eq -- "$2" "$1"; then ok "$3"; else fail "$3"; grep '^#' "$1" | tail -3; fi; }

# 1. every function, two threads, a fork
HEAPSCOPE_TRACE="$work/t.hstrace" LD_PRELOAD="$lib" "$prog" > "$work/out" || fail "test program exited $?"
child="$(sed -n 's/^child //p' "$work/out")"
"$dump" "$work/t.hstrace" > "$work/t.txt" || fail "dump of the test trace failed"
has "$work/t.txt" ' malloc ([0-9]+)' "malloc recorded"
for fn in calloc realloc posix_memalign aligned_alloc memalign valloc pvalloc reallocarray; do
  has "$work/t.txt" "^#.* $fn [1-9][0-9]*( |$)" "$fn recorded"
done
has "$work/t.txt" 'unknown-frees 0' "every free pairs with an allocation"
grep -q ' posix_memalign a=1000 b=0 align=256 ' "$work/t.txt" && ok "posix_memalign size and alignment" || fail "posix_memalign size and alignment"
grep -q ' memalign a=50 b=0 align=4096 ' "$work/t.txt" && ok "memalign size and alignment" || fail "memalign size and alignment"
grep -q ' calloc a=10 b=30 ' "$work/t.txt" && ok "calloc count and size" || fail "calloc count and size"
worker_mallocs="$(awk '$2 == "t1" && $4 == "malloc"' "$work/t.txt" | wc -l)"
[[ "$worker_mallocs" -eq 20000 ]] && ok "worker thread: 20000 mallocs as t1" || fail "worker thread mallocs: $worker_mallocs"
starts="$(awk '$4 == "thread-start"' "$work/t.txt" | wc -l)"; exits="$(awk '$4 == "thread-exit"' "$work/t.txt" | wc -l)"
[[ "$starts" -ge 2 && "$exits" -ge 2 ]] && ok "thread start/exit recorded ($starts/$exits)" || fail "thread start/exit $starts/$exits"
# program order: sequence numbers are unique across threads
dups="$(grep -v '^#' "$work/t.txt" | awk '{print $1}' | sort | uniq -d | wc -l)"
[[ "$dups" -eq 0 ]] && ok "sequence numbers unique across threads" || fail "$dups duplicated sequence numbers"
# the main thread's frees of the worker's blocks pair with them
frees_of_t1="$(awk '$2 == "t0" && $4 == "free"' "$work/t.txt" | wc -l)"
[[ "$frees_of_t1" -ge 20000 ]] && ok "cross-thread frees recorded" || fail "cross-thread frees: $frees_of_t1"
# timestamps never go back within a thread
back="$(grep -v '^#' "$work/t.txt" | awk '{ if (($2 in last) && $3 < last[$2]) n++; last[$2] = $3 } END { print n + 0 }')"
[[ "$back" -eq 0 ]] && ok "timestamps monotonic per thread" || fail "$back timestamps go back"
# the forked child wrote its own file with its 500 mallocs
if [[ -n "$child" && -f "$work/t.hstrace.$child" ]]; then
  "$dump" --summary "$work/t.hstrace.$child" > "$work/c.txt" || fail "dump of the child trace failed"
  has "$work/c.txt" ' malloc 500 ' "child records its 500 mallocs to its own file"
  has "$work/c.txt" 'unknown-frees 0' "child's frees pair"
else
  fail "no child trace $work/t.hstrace.$child"
fi

# 2. a crash leaves the flushed buffers readable
HEAPSCOPE_TRACE="$work/crash.hstrace" LD_PRELOAD="$lib" "$prog" crash > /dev/null 2>&1
"$dump" --summary "$work/crash.hstrace" > "$work/crash.txt" || fail "crash trace unreadable"
n="$(sed -n 's/^# events \([0-9]*\) .*/\1/p' "$work/crash.txt")"
[[ "${n:-0}" -ge 100000 ]] && ok "crash trace readable: $n events of 200000" || fail "crash trace: ${n:-0} events"
has "$work/crash.txt" "indexes [1-9]" "index records written every 65536 events"
grep "^# events" "$work/crash.txt"
# a cut trace is read to its last good chunk with the byte offset
head -c $(( $(stat -c %s "$work/crash.hstrace") - 100 )) "$work/crash.hstrace" > "$work/cut.hstrace"
"$dump" --summary "$work/cut.hstrace" > /dev/null 2> "$work/cut.err"
[[ $? -eq 2 ]] && grep -q 'offset [0-9]*: chunk truncated' "$work/cut.err" && ok "truncated trace reported with offset" || fail "truncated trace: $(cat "$work/cut.err")"

# 3. real programs: output unchanged, frees pair
seq 1 20000 | shuf --random-source=<(yes) > "$work/in"
sort -n "$work/in" > "$work/sorted.ref"
HEAPSCOPE_TRACE="$work/sort.hstrace" LD_PRELOAD="$lib" sort -n "$work/in" > "$work/sorted"
cmp -s "$work/sorted" "$work/sorted.ref" && ok "sort output unchanged" || fail "sort output differs"
"$dump" --summary "$work/sort.hstrace" > "$work/sort.txt" && has "$work/sort.txt" 'unknown-frees 0' "sort trace pairs" || fail "sort trace"
py='import json; d=[{"k": i, "v": str(i) * 3} for i in range(20000)]; print(len(json.dumps(d)))'
python3 -c "$py" > "$work/py.ref"
HEAPSCOPE_TRACE="$work/py.hstrace" LD_PRELOAD="$lib" python3 -c "$py" > "$work/py.out"
cmp -s "$work/py.out" "$work/py.ref" && ok "python3 output unchanged" || fail "python3 output differs"
"$dump" --summary "$work/py.hstrace" > "$work/py.txt" && has "$work/py.txt" 'unknown-frees 0' "python3 trace pairs" || fail "python3 trace"
grep '^# events' "$work/py.txt"

echo "recorder: $failed failed"
[[ $failed -eq 0 ]]
