#!/usr/bin/env bash
# Sanitizer builds of the core and its tests:
#   native/build-asan   AddressSanitizer + UndefinedBehaviorSanitizer
#   native/build-tsan   ThreadSanitizer
# Each is configured, built and tested with ctest; the stress test runs its short variant
# (HS_STRESS_SHORT=1). The LD_PRELOAD library is not built under sanitizers, so the
# real-programs test is not registered there.
#
#   native/test/sanitizers.sh [address|thread]...     (default: both)
#
# HS_BUILD_PREFIX=/path/prefix puts the builds in <prefix>-asan and <prefix>-tsan instead.
set -eu

native="$(cd "$(dirname "$0")/.." && pwd)"
jobs="$(nproc 2>/dev/null || echo 2)"
prefix="${HS_BUILD_PREFIX:-$native/build}"
kinds=("$@")
[[ ${#kinds[@]} -eq 0 ]] && kinds=(address thread)

status=0
for kind in "${kinds[@]}"; do
  case "$kind" in
    address) dir="$prefix-asan" ;;
    thread)  dir="$prefix-tsan" ;;
    *) echo "unknown sanitizer '$kind' (address or thread)"; exit 2 ;;
  esac
  echo "=== $kind sanitizer: $dir"
  cmake -S "$native" -B "$dir" -DHS_SANITIZE="$kind" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$dir" -j"$jobs"
  # halt_on_error: a report fails the test instead of scrolling past
  if ! HS_STRESS_SHORT=1 \
       ASAN_OPTIONS="halt_on_error=1:detect_leaks=0" \
       UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
       TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1" \
       ctest --test-dir "$dir" --output-on-failure -j"$jobs"; then
    status=1
  fi
done
exit $status
