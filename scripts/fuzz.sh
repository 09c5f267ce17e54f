#!/usr/bin/env bash
# Fuzz the text layer (the WAT and WAST parsers) with libFuzzer for a bounded time.
#
#   scripts/fuzz.sh [SECONDS]     default 60
#
# Builds tests/fuzz/fuzz_text with clang, ASan and UBSan in build-fuzz/
# (-DRECLAIM_FUZZ=ON), makes a seed corpus and a dictionary at run time from
# the spec suite's text scripts ($RECLAIM_SPEC_DIR/text, default
# ../shared/spec/text; built-in seeds only when it is absent) in
# build-fuzz/corpus, and runs the fuzzer for SECONDS (-max_total_time).
# A crash, sanitizer report, leak or timeout is a finding: its input is saved
# as build-fuzz/findings/<kind>-<hash> and the script fails. The libFuzzer log
# is build-fuzz/fuzz.log.
#
# Exit status: 0 no finding; 1 a finding or a build failure.
set -uo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$top"
secs="${1:-60}"
if ! [[ "$secs" =~ ^[0-9]+$ ]] || [[ "$secs" -lt 1 ]]; then
  echo "usage: scripts/fuzz.sh [SECONDS]" >&2
  exit 2
fi

"$top/scripts/deps.sh" || exit 1

build=build-fuzz
if ! cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRECLAIM_FUZZ=ON -DCMAKE_C_COMPILER=clang \
    >"$build.configure.log" 2>&1; then
  cat "$build.configure.log"; echo "fuzz: configure failed"; exit 1
fi
rm -f "$build.configure.log"
if ! cmake --build "$build" -j"$(nproc)" --target fuzz_text fuzz_seed >"$build.build.log" 2>&1; then
  grep -E "error|Error" "$build.build.log" | head -40
  echo "fuzz: build failed"; exit 1
fi
rm -f "$build.build.log"

spec="${RECLAIM_SPEC_DIR:-$top/../shared/spec}"
[[ -d "$spec/text" ]] || echo "note: spec suite not found at $spec; fuzzing from built-in seeds only"
mkdir -p "$build/corpus" "$build/findings"
seeds=$("$build/fuzz/fuzz_seed" "$spec/text" "$build/corpus" "$build/fuzz.dict") || { echo "fuzz: seeding failed"; exit 1; }
echo "fuzz: $seeds; running for ${secs}s"

# Leaks count (detect_leaks); a single input may take at most 10 s and 2 GB.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
log="$build/fuzz.log"
"$build/fuzz/fuzz_text" "$build/corpus" -dict="$build/fuzz.dict" -max_total_time="$secs" -max_len=8192 \
  -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$build/findings/" >"$log" 2>&1
status=$?
grep -E "^#[0-9]+ +DONE|^stat::number_of_executed_units|^stat::new_units_added|^Done " "$log" | sed 's/^/fuzz: /'
if [[ $status -ne 0 ]]; then
  # The finding: the sanitizer or libFuzzer report, then where its input went.
  grep -E -A30 "^==[0-9]+==ERROR|runtime error|^ALARM|ERROR: libFuzzer" "$log" | head -60
  grep -E "Test unit written to" "$log"
  echo "fuzz: FAILED (status $status; log: $log)"
  exit 1
fi
echo "fuzz: no finding in ${secs}s"
