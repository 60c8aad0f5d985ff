"""What checking the -wal costs at unlock (storage/wal.py), beside the same unlock without it.

    cd /work/main && .venv/bin/python benchmarks/bench_wal.py [--wal-mb 4] [--repeats 11] [--markdown]

A vault is filled by a writer process that is killed with SIGKILL once its -wal has
reached ``--wal-mb`` (what a crash leaves). SQLite checkpoints at 1,000 frames (4.1 MB)
and then reuses the file, so ~4 MB is the usual worst case. Every round opens a fresh copy of that crashed state with
``Vault.open(check=False)`` (the window's path), the arms interleaved:

  ours      the open as shipped: the WAL is parsed and checksummed first
  baseline  the same open with that one step skipped
  parse     ``wal.inspect`` alone (read -shm and -wal, verify every frame)

A clean close leaves no -wal: then the check is two failed file opens. Made-up data.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import common  # noqa: E402
from common import PASSPHRASE, interleaved, summary_ms  # noqa: E402

from kartlaggning.storage import Vault, wal  # noqa: E402
from kartlaggning.storage import vault as vault_module  # noqa: E402

MAX_WAL_BYTES = 32 + 990 * (24 + 4096)  # just below the automatic checkpoint (1,000 frames)
WRITER = Path(__file__).resolve().parent.parent / "tests" / "helpers" / "wal_writer.py"


def crashed_vault(folder: Path, wal_bytes: int) -> Path:
    """A vault whose writer was killed once the -wal held ``wal_bytes``."""
    path = folder / "crashed.kvault"
    vault, _ = Vault.create(path, PASSPHRASE)
    vault.close()
    writer = subprocess.Popen([sys.executable, str(WRITER), str(path), PASSPHRASE, "0", "0", "forever"],
                              env=common.child_env(), stdout=subprocess.PIPE, text=True)
    log = Path(str(path) + "-wal")
    try:
        for _line in writer.stdout:
            if log.exists() and log.stat().st_size >= wal_bytes:
                break
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
    return path


def measure(wal_mb: float, repeats: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix="bench-wal-"))
    try:
        path = crashed_vault(work / "source", min(int(wal_mb * 1e6), MAX_WAL_BYTES))
        files = {p.name: p.read_bytes() for p in path.parent.iterdir() if not p.name.endswith(".lock")}
        size = len(files[path.name + "-wal"])
        assert wal.inspect(path)[0] == wal.INTACT
        real = vault_module.refuse_damaged

        def fresh(i: int) -> Path:
            folder = work / f"run{i}"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            for name, data in files.items():
                (folder / name).write_bytes(data)
            return folder / path.name

        def opened(check_wal: bool):
            def arm(i: int) -> None:
                copy = fresh(i)
                vault_module.refuse_damaged = real if check_wal else (lambda _p: None)
                start = time.perf_counter_ns()
                try:
                    vault = Vault.open(copy, PASSPHRASE, check=False)
                finally:
                    vault_module.refuse_damaged = real
                arm.ns.append(time.perf_counter_ns() - start)
                if hasattr(vault, "await_check"):
                    vault.await_check()
                vault.close()
            arm.ns = []
            return arm

        ours, baseline = opened(True), opened(False)
        interleaved(ours, baseline, iterations=repeats, warmup=1)
        parse = interleaved(lambda _i: wal.inspect(path), iterations=repeats, warmup=1)[0]
        o, b = summary_ms(ours.ns[1:]), summary_ms(baseline.ns[1:])  # the warm-up round dropped
        return {"wal_bytes": size, "frames": (size - 32) // (24 + 4096), "ours": o, "baseline": b,
                "parse": summary_ms(parse)}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def rows(result: dict) -> list[dict]:
    mb = result["wal_bytes"] / 1e6
    o, b, p = result["ours"]["median_ms"], result["baseline"]["median_ms"], result["parse"]["median_ms"]
    return [
        {"figure": f"Unlock after a crash, {mb:.1f} MB -wal ({result['frames']} frames), median",
         "ours": f"{o:.1f} ms", "baseline": f"{b:.1f} ms (no WAL check)", "ratio": f"{o / b:.2f}×",
         "target": "", "result": "—"},
        {"figure": "The WAL check alone (wal.inspect), median", "ours": f"{p:.1f} ms", "baseline": "",
         "ratio": "", "target": "", "result": "—"},
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wal-mb", type=float, default=4.0)
    parser.add_argument("--repeats", type=int, default=11)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    table = rows(measure(args.wal_mb, args.repeats))
    print(common.format_markdown(table) if args.markdown else common.format_table(table))
    return 0


if __name__ == "__main__":
    sys.exit(main())
