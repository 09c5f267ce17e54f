#!/usr/bin/env python3
"""Run the prebuilt wasm32-wasip1 tests of the WASI testsuite against
`reclaim run`, without the official runner's dependencies.

    run.py RECLAIM TESTSUITE_DIR [TEST_NAME...]

TESTSUITE_DIR is a checkout of the testsuite's prebuilt branch
(prod/testsuite-base), i.e. it holds tests/<suite>/testsuite/wasm32-wasip1/.
Each test's .json gives args, env, the root directory (preopened as "/"),
the expected exit code and stdout. Files named *.cleanup under the root are
removed afterwards, as the official runner does. Set RECLAIM_WASI_SANDBOX=walk
to run everything on the fallback path walk instead of openat2.
Exit status: 0 when every test passed.
"""
import glob
import json
import os
import shutil
import subprocess
import sys


def cleanup(root):
    for c in glob.glob(os.path.join(root, "**", "*.cleanup"), recursive=True):
        if os.path.isdir(c) and not os.path.islink(c):
            shutil.rmtree(c, ignore_errors=True)
        else:
            try:
                os.unlink(c)
            except OSError:
                pass


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    reclaim, base, only = sys.argv[1], sys.argv[2], set(sys.argv[3:])
    passed = failed = 0
    for d in sorted(glob.glob(os.path.join(base, "tests", "*", "testsuite", "wasm32-wasip1"))):
        suite = d.split(os.sep)[-3]
        for wasm in sorted(glob.glob(os.path.join(d, "*.wasm"))):
            name = os.path.basename(wasm)[:-5]
            if only and name not in only:
                continue
            jf = wasm[:-5] + ".json"
            cfg = json.load(open(jf)) if os.path.exists(jf) else {}
            argv = [reclaim, "run"]
            for k, v in cfg.get("env", {}).items():
                argv += ["--env", f"{k}={v}"]
            root = os.path.join(d, cfg["root"]) if "root" in cfg else None
            if root:
                argv += ["--dir", f"{root}::/"]
            argv += [wasm] + cfg.get("args", [])
            try:
                p = subprocess.run(argv, cwd=d, stdin=subprocess.PIPE, capture_output=True, timeout=120)
                code, out, err = p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
            except subprocess.TimeoutExpired:
                code, out, err = "timeout", "", ""
            ok = code == cfg.get("exit_code", 0) and ("stdout" not in cfg or out == cfg["stdout"])
            if root:
                cleanup(root)
            if ok:
                passed += 1
                print(f"PASS {suite}/{name}")
            else:
                failed += 1
                print(f"FAIL {suite}/{name}: exit {code}\n  stdout: {out[:400]!r}\n  stderr: {err[-1200:]!r}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
