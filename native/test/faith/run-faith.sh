#!/usr/bin/env bash
# Runs one faithfulness program under LD_PRELOAD of the core and of the system mimalloc.
#   run-faith.sh CORE.so MIMALLOC.so PROGRAM [NAME=VALUE ...]
# The NAME=VALUE pairs go into both runs' environment (each allocator reads its own names).
# Both runs must exit 0, and their `same ...` lines must be identical; every line is printed.
set -u
core="${1:?usage: run-faith.sh CORE.so MIMALLOC.so PROGRAM [NAME=VALUE ...]}"
mimalloc="${2:?missing the system mimalloc library}"
program="${3:?missing the program}"
shift 3
for lib in "$core" "$mimalloc" "$program"; do
  if [[ ! -e "$lib" ]]; then
    echo "FAIL: $lib does not exist (the system mimalloc comes from the libmimalloc2.0 package)"
    exit 1
  fi
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
for backend in core mimalloc; do
  lib="$core"; [[ $backend == mimalloc ]] && lib="$mimalloc"
  env "$@" LD_PRELOAD="$lib" timeout 60 "$program" >"$work/$backend.out" 2>"$work/$backend.err"
  rc=$?
  sed "s/^/$backend: /" "$work/$backend.out"
  sed "s/^/$backend (stderr): /" "$work/$backend.err"
  if [[ $rc -ne 0 ]]; then
    echo "FAIL: $(basename "$program") exits $rc on $backend"
    status=1
  fi
  grep '^same ' "$work/$backend.out" >"$work/$backend.same"
done
if ! cmp -s "$work/core.same" "$work/mimalloc.same"; then
  echo "FAIL: a shared behaviour differs (core <, mimalloc >):"
  diff "$work/core.same" "$work/mimalloc.same" | head -20
  status=1
elif [[ ! -s "$work/core.same" ]]; then
  echo "FAIL: no shared behaviour was printed"
  status=1
fi
[[ $status -eq 0 ]] && echo "ok: $(basename "$program"), $(wc -l <"$work/core.same") shared behaviours identical"
exit $status
