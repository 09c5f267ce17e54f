"""reclaim's runtime adapter for the official WASI test suite
(https://github.com/WebAssembly/wasi-testsuite, branch prod/testsuite-base).

The suite's runner loads this file as a Python module and asks it for the
command line of each test: reclaim run [--env K=V]... [--dir ROOT::/] TEST.wasm ARGS...

    RECLAIM  the runtime command (default: build/reclaim in this checkout); it
             is split like a shell would, so it may carry extra options
    RECLAIM_WASI_TIMEOUT  seconds per test (default 30: reclaim interprets)

Run (see tests/wasi/testsuite/README.md):
    ./run-tests --runtime-adapter /path/to/reclaim/tests/wasi/testsuite/adapter.py
"""
import os
import shlex
import subprocess
from pathlib import Path
from typing import Dict, List, Optional, Tuple

_ROOT = Path(__file__).resolve().parents[3]
RECLAIM = shlex.split(os.getenv("RECLAIM", str(_ROOT / "build" / "reclaim")))


def get_name() -> str:
    return "reclaim"


def get_version() -> str:
    # A missing binary raises FileNotFoundError, which the runner reports as
    # "runtime unavailable". A binary without --version still gets tested.
    result = subprocess.run(RECLAIM + ["--version"], encoding="UTF-8",
                            capture_output=True, check=False)
    words = result.stdout.split()
    if result.returncode != 0 or not words:
        return "unknown"
    return words[-1] if len(words) > 1 else words[0]


def get_wasi_versions() -> List[str]:
    return ["wasm32-wasip1"]


def get_wasi_worlds() -> List[str]:
    return ["wasi:cli/command"]


def get_timeout_seconds() -> float:
    return float(os.getenv("RECLAIM_WASI_TIMEOUT", "30"))


def compute_argv(test_path: str,
                 args_env_root: Tuple[List[str], Dict[str, str], Optional[str]],
                 proposals: List[str],
                 wasi_world: str,
                 wasi_version: str) -> List[str]:
    # pylint: disable-msg=unused-argument
    args, env, root = args_env_root
    argv = RECLAIM + ["run"]
    for key, value in env.items():
        argv += ["--env", f"{key}={value}"]
    if root:
        # The tests open their files relative to the preopened "/".
        argv += ["--dir", f"{root}::/"]
    argv.append(test_path)
    argv += args
    return argv
