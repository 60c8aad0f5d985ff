"""Small helpers shared by the storage tests."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HELPERS = Path(__file__).resolve().parent


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def listing(directory: Path) -> dict[str, str]:
    """name -> sha256 of every file in ``directory`` (empty if it does not exist)."""
    directory = Path(directory)
    if not directory.exists():
        return {}
    return {p.name: sha256(p) for p in sorted(directory.iterdir()) if p.is_file()}


def mode(path: Path) -> int:
    return os.stat(path).st_mode & 0o777


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_helper(script: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(HELPERS / script), *map(str, args)], env=subprocess_env(),
                          capture_output=True, text=True, timeout=timeout)
