#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (-fsanitize=fuzzer,address,undefined) in build-fuzz
# and runs each for SECONDS (default 30) from its seed corpus in fuzz/corpus/<target>, printing the
# executions per target. New inputs found are kept in build-fuzz/corpus/<target> (so that later runs
# start from them); an input that crashes a target is saved in build-fuzz/crashes/<target>/ and the
# script fails. Usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (targets: npy run_spec manifest arguments)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
seconds=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(npy run_spec manifest arguments)
build=build-fuzz  # the fuzz preset's binaryDir

if ! command -v clang++-14 >/dev/null; then
  echo "fuzz: clang++-14 is missing (scripts/setup.sh installs it: clang-14, libclang-rt-14-dev)" >&2
  exit 1
fi
cmake --preset fuzz >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/fuzz_}"

# Leaks count as failures; the fuzzer stops at the first report of any sanitizer.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=0
for t in "${targets[@]}"; do
  mkdir -p "$build/corpus/$t" "$build/crashes/$t"
  log=$build/fuzz_$t.log
  # -timeout: one input taking seconds is a hang worth reporting; -rss_limit_mb: inputs may claim
  # shapes of terabytes, and a reader must refuse them, not try.
  if "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$build/crashes/$t/" "$build/corpus/$t" "fuzz/corpus/$t" >"$log" 2>&1; then
    status=ok
  else
    status="FAILED (see $log and $build/crashes/$t/)"
    failed=1
    tail -n 40 "$log" >&2
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  printf 'fuzz_%-10s %12s executions in %s s: %s\n' "$t" "${runs:-?}" "$seconds" "$status"
done
exit $failed
