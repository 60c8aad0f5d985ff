"""Crash safety: a writer killed with SIGKILL at random points loses nothing it
acknowledged, and the vault always opens (integrity checks pass).

Only process death can be simulated here. Power loss is covered by the settings
this test relies on as well: WAL + synchronous=FULL fsyncs the WAL on every
commit, so an acknowledged commit is on disk before the call returns.
"""
from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time

from kartlaggning.models import Participant
from kartlaggning.storage import Vault, verify_file

from conftest import PASSPHRASE, make_pnr
from helpers.util import HELPERS, subprocess_env

ROUNDS = 24
SEED = 20240229


def read_until_ready(proc: subprocess.Popen, timeout: float = 30) -> list[str]:
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.5)
        if ready:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line.strip())
            if line.strip() == "ready":
                return lines
    raise AssertionError(f"writer did not start: {lines} {proc.stderr.read() if proc.poll() is not None else ''}")


def test_sigkill_during_writes_loses_nothing_acknowledged(vault_path):
    v, _ = Vault.create(vault_path, PASSPHRASE)
    p = Participant(namn="Testa Krasch", personnummer=make_pnr(1))
    v.repo.save_participant(p)
    kid = v.repo.new_kartlaggning(p.id).id
    v.close()

    rng = random.Random(SEED)
    acknowledged: set[str] = set()
    total_writes = 0
    for round_no in range(ROUNDS):
        proc = subprocess.Popen([sys.executable, str(HELPERS / "crash_writer.py"), str(vault_path), PASSPHRASE,
                                 kid, str(round_no)], env=subprocess_env(), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, bufsize=1)
        try:
            if round_no % 6 == 5:
                time.sleep(rng.uniform(0.05, 0.4))  # may land during start-up and Vault.open itself
            else:
                read_until_ready(proc)
                time.sleep(rng.uniform(0.05, 0.4))
            os.kill(proc.pid, signal.SIGKILL)
            out, err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert proc.returncode == -signal.SIGKILL, err  # it was still writing when killed
        round_entries = {line.split()[1] for line in out.splitlines() if line.startswith("E ")}
        facts = [int(line.split()[2]) for line in out.splitlines() if line.startswith("F ")]
        acknowledged |= round_entries
        total_writes += len(round_entries) + len(facts)

        if round_no % 4 == 0:  # the offline check reads the crashed file through its -wal
            assert verify_file(vault_path, PASSPHRASE) == []
        with Vault.open(vault_path, PASSPHRASE) as again:  # integrity checks run in open
            stored = {r[0] for r in again.conn.execute("SELECT id FROM entries WHERE kartlaggning_id = ?", (kid,))}
            missing = acknowledged - stored
            assert not missing, f"round {round_no}: acknowledged but lost: {sorted(missing)[:5]}"
            if facts:
                fakta = again.repo.get_kartlaggning(kid).areas["arbete"].fakta
                _, r, n = fakta.split()[:3]
                assert int(r) == round_no and int(n) >= max(facts), (fakta[:30], max(facts))
            assert again.audit.broken_at() is None

    assert total_writes >= ROUNDS  # the kills really landed in the middle of writing
    assert len(acknowledged) > ROUNDS
    print(f"{ROUNDS} kills, {total_writes} acknowledged writes, {len(acknowledged)} entries kept")
