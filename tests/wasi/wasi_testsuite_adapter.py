"""Runtime adapter for the official WASI test runner
(https://github.com/WebAssembly/wasi-testsuite, test-runner/):

    RECLAIM=/path/to/reclaim ./run-tests --runtime-adapter /path/to/this/file

Only wasm32-wasip1 command programs are supported. The test's root directory
is preopened as "/" (HOST::GUEST), like the wasmtime adapter does.
"""
import os
import shlex
import subprocess
from typing import Dict, List, Optional, Tuple

RECLAIM = shlex.split(os.getenv("RECLAIM", "reclaim"))


def get_name() -> str:
    return "reclaim"


def get_version() -> str:
    try:
        out = subprocess.run(RECLAIM[0:1] + ["--version"], encoding="UTF-8",
                             capture_output=True, check=False).stdout.split()
        return out[-1] if out else "0.0.0"
    except OSError:
        return "0.0.0"


def get_wasi_versions() -> List[str]:
    return ["wasm32-wasip1"]


def get_wasi_worlds() -> List[str]:
    return ["wasi:cli/command"]


def get_timeout_seconds() -> float:
    return float(os.getenv("RECLAIM_TIMEOUT", "60"))


def compute_argv(test_path: str,
                 args_env_root: Tuple[List[str], Dict[str, str], Optional[str]],
                 proposals: List[str],
                 wasi_world: str,
                 wasi_version: str) -> List[str]:
    args, env, root = args_env_root
    argv = RECLAIM + ["run"]
    for k, v in env.items():
        argv += ["--env", f"{k}={v}"]
    if root:
        argv += ["--dir", f"{root}::/"]
    argv += [test_path]
    argv += args
    return argv
