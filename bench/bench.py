#!/usr/bin/env python3
"""bench.py: run the shared benchmark guests on reclaim and on peer runtimes.

Usage (normally through bench/bench.sh):
  bench.sh [--runs N] [--callgrind] [--only NAME,...] [options] [PEER ...]

A PEER is NAME=TEMPLATE or a bare NAME of an executable in $PEERS (default
/tmp/peers/bin). Bare iwasm* peers get --gc-heap-size from benches.txt, bare
node* peers run through the bench's hosts/wasi-run.mjs. A TEMPLATE is a command
line with placeholders
  {wasm}  path of the guest .wasm     {args}   the guest's arguments
  {gc_heap}  GC heap size in bytes from benches.txt (131072 if '-')
  {bench} the shared bench folder     {peers}  $PEERS     {repo} this repository
If TEMPLATE has no {wasm}, " {wasm} {args}" is appended.

Options:
  --runs N        timed runs per guest and engine, median reported (default 3;
                  0 with --callgrind = instruction counts only)
  --callgrind     also run each guest once under valgrind --tool=callgrind and
                  report the total instruction count (Ir) from its output file
  --only LIST     comma-separated guest names from benches.txt (default: the CPU
                  guests fib,sieve,nbody,sha256,dispatch); a name that matches
                  no guest exactly selects every guest it prefixes (gc_ = all GC)
  --engine TMPL   reclaim's command (default: "{repo}/build/reclaim run {wasm} {args}",
                  or $RECLAIM_CMD)
  --no-reclaim    run the peers only (no ratio columns)
  --timeout S     kill a run after S seconds (default 300; x20 under callgrind)
  --md FILE       also write the tables to FILE

Every output is checked against expected.txt. An engine that fails, times out
or prints something else is reported in its row and the script goes on.
Exit status: 0 if every run was correct, 1 if any failed, 2 on usage errors
or when the shared bench folder is missing.
"""
import os
import re
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.environ.get("RECLAIM_BENCH_DIR", os.path.join(os.path.dirname(REPO), "shared", "bench"))
PEERS = os.environ.get("PEERS", "/tmp/peers/bin")
GNU_TIME = "/usr/bin/time"
CPU_GUESTS = ["fib", "sieve", "nbody", "sha256", "dispatch"]
DEFAULT_ENGINE = os.environ.get("RECLAIM_CMD", "{repo}/build/reclaim run {wasm} {args}")
# iwasm probes its native stack at start-up, so valgrind's main thread needs room
CALLGRIND = ["valgrind", "--tool=callgrind", "--main-stacksize=67108864"]


class UsageError(Exception):
    pass


def parse_size(s):
    if s in ("-", ""):
        return 131072
    m = re.fullmatch(r"(\d+)([KMG]?)", s)
    if not m:
        raise UsageError(f"bad size {s!r} in benches.txt")
    return int(m.group(1)) << {"": 0, "K": 10, "M": 20, "G": 30}[m.group(2)]


def load_guests():
    guests = []
    with open(os.path.join(BENCH, "benches.txt")) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            name, wasm, args, heap, mode = line.split()
            guests.append({"name": name, "wasm": os.path.join(BENCH, "wasm", wasm),
                           "args": [] if args == "-" else args.split(","),
                           "gc_heap": parse_size(heap), "mode": mode})
    return guests


def load_expected():
    expected = {}
    with open(os.path.join(BENCH, "expected.txt")) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                name, _, out = line.rstrip("\n").partition("\t")
                expected[name] = out
    return expected


def normalize(out):
    """Same normal form as expected.txt: stripped lines joined with ' / '."""
    return " / ".join(l.strip() for l in out.strip().splitlines())


def select(guests, only):
    if not only:
        return [g for g in guests if g["name"] in CPU_GUESTS]
    chosen = []
    for want in only:
        exact = [g for g in guests if g["name"] == want]
        hits = exact or [g for g in guests if g["name"].startswith(want)]
        if not hits:
            raise UsageError(f"no guest named {want!r} in benches.txt "
                             f"(have: {', '.join(g['name'] for g in guests)})")
        chosen += [g for g in hits if g not in chosen]
    return chosen


def peer_template(name):
    path = os.path.join(PEERS, name)
    if not os.access(path, os.X_OK):
        raise UsageError(f"peer {name!r} not found: {path} is not executable "
                         f"(give NAME=TEMPLATE or set $PEERS)")
    if name.startswith("iwasm"):
        return "{peers}/" + name + " --gc-heap-size={gc_heap} {wasm} {args}"
    if name.startswith("node"):
        return "{peers}/" + name + " --no-warnings {bench}/hosts/wasi-run.mjs {wasm} {args}"
    return "{peers}/" + name + " {wasm} {args}"


def build_cmd(template, guest):
    if "{wasm}" not in template:
        template += " {wasm} {args}"
    fields = {"wasm": shlex.quote(guest["wasm"]),
              "args": " ".join(shlex.quote(a) for a in guest["args"]),
              "gc_heap": str(guest["gc_heap"]), "bench": shlex.quote(BENCH),
              "peers": shlex.quote(PEERS), "repo": shlex.quote(REPO)}
    try:
        return shlex.split(template.format(**fields))
    except (KeyError, IndexError, ValueError) as e:
        raise UsageError(f"bad command template {template!r}: {e}")


def run(cmd, timeout):
    """Run cmd in its own process group; return rc, wall, rss_kb, out, err, why."""
    rss_file = None
    full = cmd
    if os.access(GNU_TIME, os.X_OK):
        rss_file = tempfile.NamedTemporaryFile("r", suffix=".rss")
        full = [GNU_TIME, "-f", "%M", "-o", rss_file.name] + cmd
    t0 = time.perf_counter()
    try:
        p = subprocess.Popen(full, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, start_new_session=True)
    except OSError as e:
        return {"rc": 127, "wall": 0.0, "rss_kb": 0, "out": "", "err": str(e), "why": str(e)}
    why = None
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        why = f"timeout > {timeout:g} s"
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = p.communicate()
    wall = time.perf_counter() - t0
    rss, status = 0, ""
    if rss_file:
        status = rss_file.read()
        nums = [int(w) for w in status.split() if w.isdigit()]
        rss = nums[-1] if nums else 0
        rss_file.close()
    out = out.decode(errors="replace")
    err = err.decode(errors="replace")
    rc = p.returncode
    if not why:
        # GNU time writes "Command terminated by signal N" into its -o file
        m = re.search(r"Command terminated by signal (\d+)", status)
        sig = int(m.group(1)) if m else -rc if rc < 0 else None
        if sig:
            why = f"killed by signal {sig} ({signal.Signals(sig).name})"
    return {"rc": rc, "wall": wall, "rss_kb": rss, "out": out, "err": err, "why": why}


def failure(r):
    """One line saying why a run failed."""
    if r["why"] and not r["why"].startswith("killed"):
        return r["why"]
    lines = [l.strip() for l in (r["err"] + "\n" + r["out"]).splitlines()
             if l.strip() and not l.startswith("==")]
    msg = next((l for l in lines if re.search(r"error|trap|fail|invalid|unsupported|"
                                               r"exception|malformed|not yet", l, re.I)),
               lines[-1] if lines else "")
    head = r["why"] or f"exit {r['rc']}"
    return f"{head}: {msg[:80]}" if msg else head


def check(r, want):
    """None if r is a correct run, else the reason it is not."""
    if r["why"] or r["rc"] != 0:
        return "FAIL " + failure(r)
    got = normalize(r["out"])
    if want is None:
        return None
    if got != want:
        return f"WRONG output {got[:60]!r}"
    return None


def callgrind_ir(cmd, timeout):
    """Run cmd under callgrind; return (run result, total Ir or None)."""
    with tempfile.TemporaryDirectory(prefix="bench-cg-") as d:
        out_file = os.path.join(d, "callgrind.out")
        r = run(CALLGRIND + ["--callgrind-out-file=" + out_file] + cmd, timeout)
        ir = None
        if os.path.exists(out_file):
            with open(out_file) as f:
                for line in f:
                    # "summary:" (or "totals:") holds the event totals, Ir first
                    m = re.match(r"(summary|totals):\s*(\d+)", line)
                    if m:
                        ir = int(m.group(2))
        return r, ir


def measure(engine, guest, opts, want):
    name, template = engine
    cmd = build_cmd(template, guest)
    res = {"cmd": " ".join(shlex.quote(c) for c in cmd), "walls": [], "rss_kb": 0,
           "ir": None, "error": None}
    if guest["mode"] != "wasi":
        res["error"] = f"n/a (mode {guest['mode']} needs a host driver)"
        res["na"] = True
        return res
    for _ in range(opts["runs"]):
        r = run(cmd, opts["timeout"])
        res["error"] = check(r, want)
        if res["error"]:
            return res
        res["walls"].append(r["wall"])
        res["rss_kb"] = max(res["rss_kb"], r["rss_kb"])
    if opts["callgrind"]:
        r, ir = callgrind_ir(cmd, opts["timeout"] * 20)
        res["error"] = check(r, want)
        if res["error"]:
            res["error"] = "under callgrind: " + res["error"]
        if not res["error"] and ir is None:
            res["error"] = "FAIL no Ir in callgrind output"
        res["ir"] = ir
    return res


def fmt_ir(ir):
    return f"{ir / 1e9:.3f} G" if ir >= 1e8 else f"{ir / 1e6:.1f} M"


def table(guest, engines, results, opts, want):
    label = " ".join([guest["name"]] + guest["args"])
    ref = results.get("reclaim")
    ref_ok = ref is not None and not ref["error"]
    cols = ["engine"]
    if opts["runs"]:
        cols += [f"wall (median of {opts['runs']})", "max RSS"]
        if ref is not None:
            cols.append("reclaim/engine (wall)")
    if opts["callgrind"]:
        cols.append("Ir (callgrind)")
        if ref is not None:
            cols.append("reclaim/engine (Ir)")
    cols.append("status")
    lines = [f"### {label}", "", f"expected: `{want}`" if want else "expected: (none recorded)", "",
             "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for name, _ in engines:
        r = results[name]
        ok = not r["error"]
        row = [name]
        if opts["runs"]:
            med = statistics.median(r["walls"]) if ok and r["walls"] else None
            row += [f"{med:.3f} s" if med is not None else "-",
                    f"{r['rss_kb'] / 1024:.0f} MB" if ok and r["rss_kb"] else "-"]
            if ref is not None:
                row.append(f"{statistics.median(ref['walls']) / med:.2f}"
                           if ok and ref_ok and med else "-")
        if opts["callgrind"]:
            row.append(fmt_ir(r["ir"]) if ok and r["ir"] else "-")
            if ref is not None:
                row.append(f"{ref['ir'] / r['ir']:.2f}" if ok and ref_ok and r["ir"] else "-")
        row.append("ok" if ok else r["error"].replace("|", "/"))
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def parse_args(argv):
    opts = {"runs": 3, "callgrind": False, "only": None, "engine": DEFAULT_ENGINE,
            "reclaim": True, "timeout": 300.0, "md": None}
    peers = []
    it = iter(argv)
    for a in it:
        try:
            if a in ("-h", "--help"):
                print(__doc__)
                sys.exit(0)
            elif a in ("--runs", "-n"):
                opts["runs"] = int(next(it))
            elif a == "--callgrind":
                opts["callgrind"] = True
            elif a in ("--only", "-b"):
                opts["only"] = [s for s in next(it).split(",") if s]
            elif a == "--engine":
                opts["engine"] = next(it)
            elif a == "--no-reclaim":
                opts["reclaim"] = False
            elif a in ("--timeout", "-t"):
                opts["timeout"] = float(next(it))
            elif a == "--md":
                opts["md"] = next(it)
            elif a.startswith("-"):
                raise UsageError(f"unknown option {a} (see --help)")
            else:
                name, eq, tmpl = a.partition("=")
                if not name:
                    raise UsageError(f"bad engine {a!r}")
                if name == "reclaim":  # bare "reclaim" keeps the default command
                    opts["engine"] = tmpl if eq else opts["engine"]
                else:
                    peers.append((name, tmpl if eq else peer_template(name)))
        except StopIteration:
            raise UsageError(f"{a} needs a value")
        except ValueError:
            raise UsageError(f"bad value for {a}")
    if opts["runs"] < 0 or (opts["runs"] == 0 and not opts["callgrind"]):
        raise UsageError("--runs must be >= 1 (or 0 together with --callgrind)")
    engines = ([("reclaim", opts["engine"])] if opts["reclaim"] else []) + peers
    probe = {"wasm": "x.wasm", "args": [], "gc_heap": 0}
    for _, template in engines:
        build_cmd(template, probe)  # reject a bad template before running anything
    if not engines:
        raise UsageError("nothing to run (--no-reclaim and no peers)")
    return opts, engines


def main(argv):
    if not os.path.isfile(os.path.join(BENCH, "benches.txt")):
        print(f"bench: shared bench folder not found at {BENCH} "
              f"(expected ../shared/bench next to the repository; set RECLAIM_BENCH_DIR)",
              file=sys.stderr)
        return 2
    try:
        opts, engines = parse_args(argv)
        guests = select(load_guests(), opts["only"])
    except UsageError as e:
        print(f"bench: {e}", file=sys.stderr)
        return 2
    if opts["callgrind"] and subprocess.run(["sh", "-c", "command -v valgrind"],
                                            stdout=subprocess.DEVNULL).returncode != 0:
        print("bench: --callgrind needs valgrind on PATH", file=sys.stderr)
        return 2
    expected = load_expected()
    tables, bad = [], 0
    for g in guests:
        want = expected.get(g["name"])
        results = {}
        for engine in engines:
            res = measure(engine, g, opts, want)
            results[engine[0]] = res
            bad += bool(res["error"]) and not res.get("na")
            short = res["error"] or " ".join(
                ([f"{statistics.median(res['walls']):.3f} s"] if res["walls"] else []) +
                ([fmt_ir(res["ir"]) + " Ir"] if res["ir"] else []))
            print(f"  {g['name']:<18} {engine[0]:<14} {short}", file=sys.stderr, flush=True)
        tables.append(table(g, engines, results, opts, want))
    text = "\n\n".join(tables)
    print(text)
    if opts["md"]:
        with open(opts["md"], "w") as f:
            f.write(text + "\n")
    if bad:
        print(f"\n{bad} run(s) failed or printed the wrong output", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
