# Shared by the tests/cli/*_cli.sh scripts that source it: $R is the reclaim
# binary ($RECLAIM, set by ctest; default build/reclaim), the script runs in a
# fresh temporary directory, check DESCRIPTION COMMAND... counts a failing
# command, has LINE looks for a whole line in out.txt, and finish ends the
# script with the count.
set -uo pipefail
R="${RECLAIM:-$(dirname "$0")/../../build/reclaim}"
[[ "$R" == /* ]] || R="$PWD/$R" # the checks run in a temporary directory
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
fails=0
check() { # check DESCRIPTION COMMAND...: the command must succeed
  local what=$1; shift
  if ! "$@"; then echo "FAIL: $what"; fails=$((fails + 1)); else echo "ok   $what"; fi
}
has() { grep -qxF -- "$1" out.txt; } # a whole line of the last output
finish() {
  if ((fails)); then echo "$fails check(s) failed"; exit 1; fi
  echo "all checks passed"
  exit 0
}
