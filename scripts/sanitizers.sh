#!/usr/bin/env bash
# The sanitizer stages of the test suite (scripts/test.sh runs them after the default build):
#   asan  AddressSanitizer + UndefinedBehaviorSanitizer (preset asan, build-asan): every suite except
#         the slow statistical ones (RSMI_SLOW_SUITES below), built -O1 -g; UB aborts the test.
#   tsan  ThreadSanitizer (preset tsan, build-tsan): the suites that run our code on several threads
#         (RSMI_THREAD_SUITES), against a ThreadSanitizer build of the system's own oneTBB.
# Usage: scripts/sanitizers.sh [asan] [tsan]   (default: both). Only the test targets run are built.
set -euo pipefail
shopt -s inherit_errexit  # failures inside $(tsan_tbb) stop the script too
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
jobs=$(nproc)

# The statistical suites: Monte Carlo against exact results, the paper's figures, MI curves and
# filters trained to convergence. Seconds to minutes in a release build, 20 to 80 times that under
# ASan+UBSan at -O1 without AVX, and they exercise the same samplers and estimators as the unit
# suites do on fewer samples. tst_package builds the Debian package: no code of ours runs in it.
slow_suites='^tst_(ising[12]d_samplers|dimer_worm|dimer_four_hiddens|mi_curve|paper_.*|.*_ising2d|chain_learned_filter|package)$'
# Suites whose code runs on TBB workers or threads of its own: parallel sampling chains, temperatures
# side by side, parallel estimators and coarse-graining, the studio's sampler thread, file writer
# and sample-export worker. (tst_rg_flow runs the same experiment code as tst_experiment on
# statistically sized sets: over 5 minutes under ThreadSanitizer, for no code path tst_experiment
# does not take.)
thread_suites='^tst_(reproducibility|experiment|experiment_job|rg_iteration|coarse_grainer|exact_estimator|conditional_model|paper_estimator|live_sampler|background_writer|main_window_exports|cli)$'
RSMI_SLOW_SUITES=${RSMI_SLOW_SUITES:-$slow_suites}
RSMI_THREAD_SUITES=${RSMI_THREAD_SUITES:-$thread_suites}

# Configures `preset` and builds the suites that ctest's `select` (-R or -E) with `regex` picks.
build_suites() {
  local preset=$1 dir=$2 select=$3 regex=$4
  cmake --preset "$preset" >/dev/null
  mapfile -t suites < <(ctest --test-dir "$dir" -N "$select" "$regex" | sed -n 's/^ *Test *#[0-9]*: //p')
  echo "== $preset: building ${#suites[@]} suites: ${suites[*]}"
  cmake --build "$dir" -j"$jobs" --target "${suites[@]}"
}

run_suites() {
  local dir=$1 select=$2 regex=$3
  QT_QPA_PLATFORM=offscreen ctest --test-dir "$dir" --output-on-failure -j"$jobs" "$select" "$regex"
}

stage_asan() {
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  # The studio's start/stop stress suite: a few cycles find what ASan finds; 100 would take minutes.
  export RSMI_STRESS_CYCLES=${RSMI_STRESS_CYCLES:-10}
  export RSMI_SANITIZER=address  # tests give worker threads more time, skip GUI-pulse measurements
  build_suites asan build-asan -E "$RSMI_SLOW_SUITES"
  run_suites build-asan -E "$RSMI_SLOW_SUITES"
}

# ThreadSanitizer sees the happens-before edges of synchronisation only in instrumented code. Debian's
# libtbb is not instrumented, so every hand-over of work through TBB's task queues and every join
# would look like a race on our data. Instead of suppressing those reports — which would hide real
# races in the same frames — the exact source of the installed libtbb12 is fetched from Debian's
# archive (apt-get source, through a private apt configuration that leaves the system's alone) and
# built with -fsanitize=thread (oneTBB's own TBB_SANITIZE option); the tests load it in place of the
# system's through LD_LIBRARY_PATH. About a minute, once per build-tsan.
tsan_tbb() {
  local out=$root/build-tsan/tbb-tsan
  local version source apt
  version=$(dpkg-query -W -f='${source:Version}' libtbb12)
  source=$(dpkg-query -W -f='${source:Package}' libtbb12)
  if [ -f "$out/lib/libtbb.so.12" ] && [ "$(cat "$out/version" 2>/dev/null)" = "$version" ]; then
    echo "$out/lib"
    return
  fi
  rm -rf "$out" && mkdir -p "$out/apt/sources.list.d" "$out/apt/lists/partial" "$out/apt/cache/archives/partial"
  # The machine's own Debian sources, as deb-src.
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && sed -n 's/^deb \(.*debian.*\)/deb-src \1/p' "$f"
  done > "$out/apt/sources.list.d/debian-src.list"
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && grep -q 'debian' "$f" && sed 's/^Types: .*/Types: deb-src/' "$f" > "$out/apt/sources.list.d/$(basename "$f")"
  done
  apt=(apt-get -q -o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$out/apt/sources.list.d"
       -o "Dir::State::Lists=$out/apt/lists" -o "Dir::Cache=$out/apt/cache" -o "APT::Sandbox::User=root")
  (cd "$out" && "${apt[@]}" update >&2 && "${apt[@]}" source --download-only "$source=$version" >&2)
  mkdir -p "$out/src"
  tar -xf "$out"/"${source}"_*.orig.tar.* -C "$out/src" --strip-components=1
  cmake -S "$out/src" -B "$out/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTBB_SANITIZE=thread -DTBB_TEST=OFF \
        -DTBB_EXAMPLES=OFF -DTBB_STRICT=OFF -DTBBMALLOC_BUILD=OFF -DTBB_ENABLE_IPO=OFF >&2
  cmake --build "$out/build" -j"$jobs" --target tbb >&2
  mkdir -p "$out/lib"
  cp -P "$out"/build/*/libtbb.so* "$out/lib/"
  echo "$version" > "$out/version"
  echo "$out/lib"
}

stage_tsan() {
  local tbb
  build_suites tsan build-tsan -R "$RSMI_THREAD_SUITES"
  tbb=$(tsan_tbb)
  export LD_LIBRARY_PATH=$tbb${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  export RSMI_SANITIZER=thread
  # A test that loaded the system's libtbb would pass without seeing TBB's synchronisation: check.
  if ! ldd build-tsan/tests/tst_experiment | grep -q "$tbb/libtbb.so.12"; then
    echo "tsan: the tests do not load the instrumented libtbb from $tbb" >&2
    exit 1
  fi
  export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$root/tests/tsan.supp"
  run_suites build-tsan -R "$RSMI_THREAD_SUITES"
}

stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=(asan tsan)
for stage in "${stages[@]}"; do
  start=$SECONDS
  case $stage in
    asan) stage_asan ;;
    tsan) stage_tsan ;;
    *) echo "unknown stage '$stage' (asan, tsan)" >&2; exit 2 ;;
  esac
  echo "== $stage: passed in $((SECONDS - start)) s"
done
