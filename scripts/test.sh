#!/usr/bin/env bash
# The test command: configure, build and run every test (unit tests, the
# spec files in tests/spec/scope.txt and their text/ twins, one ctest test each).
#
#   scripts/test.sh              normal build in build/
#   scripts/test.sh --sanitize   ASan+UBSan build in build-asan/
#
# The spec suite is read from $RECLAIM_SPEC_DIR (default ../shared/spec); when
# it is absent only the project's own tests run, and this script says so.
# Last line: "N passed, N failed". Exit status 0 iff nothing failed.
set -uo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$top"

build=build
flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
if [[ "${1:-}" == --sanitize ]]; then
  build=build-asan
  # The sanitizer build uses clang, so every CI run compiles with both compilers.
  flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DRECLAIM_SANITIZE=ON -DCMAKE_C_COMPILER=clang)
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
fi

"$top/scripts/deps.sh" || exit 1

spec="${RECLAIM_SPEC_DIR:-$top/../shared/spec}"
note=""
if [[ ! -d "$spec/bin" ]]; then
  note="note: spec suite not found at $spec (set RECLAIM_SPEC_DIR): the spec scripts and the Kotlin guests were not run"
  echo "$note"
fi

if ! cmake -S . -B "$build" "${flags[@]}" >"$build.configure.log" 2>&1; then
  cat "$build.configure.log"; echo "0 passed, 1 failed"; exit 1
fi
rm -f "$build.configure.log"
if ! cmake --build "$build" -j"$(nproc)" >"$build.build.log" 2>&1; then
  grep -E "error|Error" "$build.build.log" | head -40
  echo "0 passed, 1 failed"; exit 1
fi
grep -E "warning:" "$build.build.log" | head -20
rm -f "$build.build.log"

log="$build/ctest.log"
(cd "$build" && ctest -j"$(nproc)" --timeout 600 --output-on-failure) >"$log" 2>&1
status=$?
grep -E "^ *[0-9]+/[0-9]+ Test|tests passed|Failed|\*\*\*" "$log" | sed 's/^ *//'
# Print the output of failing tests (ctest put it in the log).
if [[ $status -ne 0 ]]; then
  sed -n '/The following tests FAILED/,$p' "$log"
fi
total=$(grep -oE "tests failed out of [0-9]+" "$log" | grep -oE "[0-9]+$" || echo 0)
failed=$(grep -oE "[0-9]+ tests failed out of" "$log" | grep -oE "^[0-9]+" || echo 0)
[[ -n "$total" ]] || total=0
[[ -n "$failed" ]] || failed=0
if [[ "$total" == 0 && $status -ne 0 ]]; then failed=1; fi
# ctest counts a skipped test (exit 77: a prerequisite missing) as run; it is
# reported separately, never as a pass.
skipped=$(grep -cE "\(Skipped\)$" "$log" || true)
[[ -z "$note" ]] || echo "$note"
if [[ "${skipped:-0}" -gt 0 ]]; then
  echo "$((total - failed - skipped)) passed, $failed failed, $skipped skipped"
else
  echo "$((total - failed)) passed, $failed failed"
fi
[[ $failed == 0 && $status == 0 ]]
