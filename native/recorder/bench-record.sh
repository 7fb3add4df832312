#!/usr/bin/env bash
# Recording cost: python3 on an allocation-heavy workload, unrecorded and recorded, interleaved
# and repeated; prints the median wall times, their ratio (target <= 1.5) and the trace's bytes
# per event (target <= 8). PYTHONMALLOC=malloc in both runs sends every Python allocation to
# malloc, so the recorder sees all of them.
#
#   native/recorder/bench-record.sh [ROUNDS]        (from the repository root, after building native/)
set -eu
rounds="${1:-5}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
lib="$root/native/build/libheapscope-record.so"
dump="$root/native/build/recorder/hstrace-dump"
[[ -f "$lib" && -x "$dump" ]] || { echo "build native/ first: cmake -S native -B native/build && cmake --build native/build"; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
py='
d = {}
for i in range(150000):
    d[i] = ("k%d" % i, [i, str(i)], {"v": i})
    if i % 3 == 0:
        del d[i // 2]
print(len(d))
'
# the interpreter itself, not a launcher script in front of it
python="$(python3 -c 'import sys; print(sys.executable)')"
ms() { local a b; a=$(date +%s%N); "$@" > /dev/null; b=$(date +%s%N); echo $(( (b - a) / 1000000 )); }
plain=(); rec=()
for ((r = 0; r < rounds; r++)); do
  plain+=("$(ms env PYTHONMALLOC=malloc "$python" -c "$py")")
  rec+=("$(ms env HEAPSCOPE_TRACE="$work/py.hstrace" LD_PRELOAD="$lib" PYTHONMALLOC=malloc "$python" -c "$py")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
mp="$(median "${plain[@]}")"; mr="$(median "${rec[@]}")"
summary="$("$dump" --summary "$work/py.hstrace" | grep '^# events')"
events="$(echo "$summary" | awk '{ print $3 }')"; bytes="$(echo "$summary" | awk '{ print $9 }')"
echo "python3 workload, $rounds interleaved rounds: unrecorded ${plain[*]} ms, recorded ${rec[*]} ms"
echo "median wall time: unrecorded $mp ms, recorded $mr ms, ratio $(awk "BEGIN { printf \"%.2f\", $mr / $mp }") (target <= 1.5)"
echo "trace: $events events, $bytes bytes, $(awk "BEGIN { printf \"%.2f\", $bytes / $events }") bytes/event (target <= 8)"
