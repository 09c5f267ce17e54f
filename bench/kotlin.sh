#!/usr/bin/env bash
# Kotlin/Wasm guests (../shared/guests/kotlin) on reclaim and on Node 26, side
# by side: for each case and build (raw .wasm, wasm-opt .opt.wasm) the two
# engines run alternately (interleaved, so both see the same machine load),
# RUNS times each; prints a Markdown table of the median wall time, CPU time
# (user + sys, all threads: Node's GC and compiler threads count) and peak
# RSS (/usr/bin/time), and checks every output.
#
#   bench/kotlin.sh [--runs N] [--only hello,alloc_loop,...]
#   RECLAIM="build/reclaim run" NODE=/tmp/peers/bin/node26 bench/kotlin.sh
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${RECLAIM_KOTLIN_DIR:-$here/../../shared/guests/kotlin}"
read -r -a reclaim <<<"${RECLAIM:-$here/../build/reclaim run}"
node="${NODE:-/tmp/peers/bin/node26}"
runs=3
only=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --only) only=",$2,"; shift 2 ;;
    *) echo "usage: bench/kotlin.sh [--runs N] [--only CASE,...]" >&2; exit 2 ;;
  esac
done
[[ -x "$dir/check.sh" ]] || { echo "kotlin guests not found at $dir" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

# case | module | args | expected stdout id | expected exit
cases=(
  "hello|hello||hello|0"
  "alloc_loop|alloc_loop||alloc_loop|0"
  "binary_trees|binary_trees||binary_trees|0"
  "binary_trees 18|binary_trees|18||0"
  "live_set|live_set||live_set|0"
  "exceptions|exceptions||exceptions|0"
  "exceptions (legacy EH)|exceptions.legacy-eh|||0"
  "idioms|idioms||idioms|0"
  "exit_code|exit_code||exit_code|3"
  "uncaught|uncaught||uncaught|nonzero"
)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# run ENGINE-LABEL WASM ARGS... : appends "wall rss_kib status" to $tmp/LABEL
run1() {
  local label="$1" wasm="$2"; shift 2
  local cmd
  if [[ $label == reclaim ]]; then cmd=("${reclaim[@]}" "$wasm" "$@"); else cmd=("$node" "$dir/run-node.mjs" "$wasm" "$@"); fi
  /usr/bin/time -f "%e %M %x %U %S" -o "$tmp/time" "${cmd[@]}" >"$tmp/out.$label" 2>/dev/null
  read -r wall rss st usr sys < <(tail -n 1 "$tmp/time") # after "Command exited with ..." if any
  echo "$wall $rss $st $(awk -v u="$usr" -v s="$sys" 'BEGIN {print u + s}')" >>"$tmp/$label"
}
echo "| guest | build | reclaim wall | reclaim CPU | reclaim max RSS | node 26 wall | node 26 CPU | node 26 max RSS | wall reclaim/node |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
bad=0
for c in "${cases[@]}"; do
  IFS='|' read -r name mod args want_id want <<<"$c"
  [[ -n "$only" && "$only" != *",${name%% *},"* ]] && continue
  for v in raw opt; do
    if [[ $v == opt ]]; then
      [[ "$mod" == *.legacy-eh ]] && continue
      wasm="$dir/wasm/$mod.opt.wasm"
    else
      wasm="$dir/wasm/$mod.wasm"
    fi
    rm -f "$tmp/reclaim" "$tmp/node"
    for ((r = 0; r < runs; r++)); do
      for e in reclaim node; do
        # shellcheck disable=SC2086
        run1 "$e" "$wasm" $args
        st=$(awk 'END {print $3}' "$tmp/$e")
        ok=1
        if [[ $want == nonzero ]]; then [[ $st != 0 ]] || ok=0; else [[ $st == "$want" ]] || ok=0; fi
        [[ -n "$want_id" ]] && ! cmp -s "$tmp/out.$e" "$dir/expected/$want_id.stdout" && ok=0
        [[ $ok == 1 ]] || { echo "WRONG: $e $name ($v): exit $st" >&2; bad=1; }
      done
    done
    rw=$(awk '{print $1}' "$tmp/reclaim" | median); rm_=$(awk '{print $2}' "$tmp/reclaim" | median)
    nw=$(awk '{print $1}' "$tmp/node" | median); nm=$(awk '{print $2}' "$tmp/node" | median)
    rc=$(awk '{print $4}' "$tmp/reclaim" | median); nc=$(awk '{print $4}' "$tmp/node" | median)
    # a ratio of times under 0.05 s says little (the timer's resolution is 0.01 s)
    ratio=$(awk -v a="$rw" -v b="$nw" 'BEGIN {if (a < 0.05 || b < 0.05) print "-"; else printf "%.1f", a / b}')
    printf "| %s | %s | %.2f s | %.2f s | %.0f MiB | %.2f s | %.2f s | %.0f MiB | %s |\n" "$name" "$v" \
      "$rw" "$rc" "$(awk -v k="$rm_" 'BEGIN {print k / 1024}')" "$nw" "$nc" \
      "$(awk -v k="$nm" 'BEGIN {print k / 1024}')" "$ratio"
  done
done
exit $bad
