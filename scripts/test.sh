#!/usr/bin/env bash
# Quick start: install what is missing, build, and run the whole test suite (GUI tests offscreen).
# Then the stages CI runs too: the sanitizer builds (scripts/sanitizers.sh: AddressSanitizer with
# UndefinedBehaviorSanitizer on the fast suites, ThreadSanitizer on the threaded ones) and 30 s of
# each fuzz target (scripts/fuzz.sh). RSMI_TEST_QUICK=1 stops after the first part. Arguments go to
# the first ctest (e.g. -R tst_npy).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
stage() { echo "== $1: $2 in $((SECONDS - $3)) s"; }

start=$SECONDS
"$root/scripts/setup.sh"
stage build done "$start"
start=$SECONDS
(cd "$root/${RSMI_BUILD_DIR:-build}" && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j"$(nproc)" "$@")
stage tests passed "$start"
if [ "${RSMI_TEST_QUICK:-0}" != 0 ]; then
  echo "RSMI_TEST_QUICK is set: sanitizer and fuzzing stages skipped"
  exit 0
fi
"$root/scripts/sanitizers.sh" asan tsan
start=$SECONDS
"$root/scripts/fuzz.sh" "${RSMI_FUZZ_SECONDS:-30}"
stage fuzz passed "$start"
