"""Key rotation (storage/rotation.py, ``passwd --rotate``): a new data key and recovery
key; old .keys copies and the old recovery key stop working; a kill -9 at any point
leaves a vault that opens with the old secrets or the new, never neither."""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kartlaggning import cli
from kartlaggning.models import Participant
from kartlaggning.storage import Vault
from kartlaggning.storage.errors import KeyFileMismatch, VaultDamaged, WrongRecoveryKey
from kartlaggning.storage.keys import keys_path
from kartlaggning.storage.rotation import pending_path, rotate

from conftest import PASSPHRASE, make_pnr

PEOPLE = 12


def fill(vault: Vault, count: int = PEOPLE) -> list[str]:
    ids = []
    for i in range(count):
        p = Participant(namn=f"Testa Rotationsson {i}", personnummer=make_pnr(i, 1970 + i))
        vault.repo.save_participant(p)
        ids.append(p.id)
    return ids


def names(path: Path, **secret) -> set[str]:
    with Vault.open(path, **secret) as v:
        return {p.namn for p in v.repo.search()}


def test_rotation_keeps_every_record_and_makes_old_keys_and_recovery_key_useless(vault, vault_path, tmp_path):
    fill(vault)
    before = {p.namn for p in vault.repo.search()}
    old_recovery = vault.recovery_key_for_tests
    old_keys = keys_path(vault_path).read_bytes()
    backup = vault.backup(tmp_path / "before.kvault")
    shown = []
    reopened, new_recovery = rotate(vault, PASSPHRASE, show_recovery=lambda key: shown.append(key) or True)
    assert shown == [new_recovery] and new_recovery != old_recovery
    assert {p.namn for p in reopened.repo.search()} == before
    assert reopened.audit.entries()[-1].event == "vault.keys_rotated"
    assert not reopened.integrity_problems()
    reopened.close()
    assert not pending_path(vault_path).exists() and not keys_path(pending_path(vault_path)).exists()

    assert names(vault_path, passphrase=PASSPHRASE) == before  # the passphrase stays
    assert names(vault_path, recovery_key=new_recovery) == before
    with pytest.raises(WrongRecoveryKey):
        Vault.open(vault_path, recovery_key=old_recovery)
    current_keys = keys_path(vault_path).read_bytes()
    keys_path(vault_path).write_bytes(old_keys)  # an old copy of .keys (a backup stick) put back
    with pytest.raises((KeyFileMismatch, VaultDamaged)):
        Vault.open(vault_path, passphrase=PASSPHRASE)
    with pytest.raises((KeyFileMismatch, VaultDamaged)):
        Vault.open(vault_path, recovery_key=old_recovery)
    keys_path(vault_path).write_bytes(current_keys)
    assert names(backup.path, passphrase=PASSPHRASE) == before  # a backup keeps the keys it was made with


def test_saying_no_to_the_new_recovery_key_changes_nothing(vault, vault_path):
    fill(vault, 3)
    vault.close()
    db, keys = vault_path.read_bytes(), keys_path(vault_path).read_bytes()
    v = Vault.open(vault_path, passphrase=PASSPHRASE)
    v.close()
    db = vault_path.read_bytes()  # as the open left it (its unlock is audited)
    v = Vault.open(vault_path, passphrase=PASSPHRASE)
    try:
        assert rotate(v, PASSPHRASE, show_recovery=lambda key: False) is None
        assert v.is_open and len(v.repo.search()) == 3
    finally:
        v.close()
    assert keys_path(vault_path).read_bytes() == keys
    assert not pending_path(vault_path).exists() and not keys_path(pending_path(vault_path)).exists()
    assert len(names(vault_path, recovery_key=vault.recovery_key_for_tests)) == 3
    assert db  # the database itself was only read


def test_a_wrong_passphrase_rotates_nothing(vault, vault_path):
    from kartlaggning.storage.errors import WrongPassphrase
    fill(vault, 2)
    keys = keys_path(vault_path).read_bytes()
    with pytest.raises(WrongPassphrase):
        rotate(vault, "inte rätt lösenfras alls", show_recovery=lambda key: True)
    assert vault.is_open and keys_path(vault_path).read_bytes() == keys


CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from kartlaggning.storage import keys
    keys.PASSPHRASE_N = 2**12  # the test's speed; the files say which N they were made with
    from kartlaggning.storage import Vault
    from kartlaggning.storage.rotation import rotate
    path, passphrase = Path(sys.argv[1]), sys.argv[2]
    vault = Vault.open(path, passphrase=passphrase)
    print("open", flush=True)

    def show(key):
        print("recovery", key, flush=True)
        return True

    reopened, key = rotate(vault, passphrase, show_recovery=show)
    print("done", flush=True)
    reopened.close()
""")


def _child_env() -> dict:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_kill_9_at_random_points_leaves_a_vault_the_old_or_the_new_secrets_open(vault, vault_path, tmp_path):
    """≥ 20 rounds: the child rotates, the parent kills it at a moment spread over the
    whole rotation (from the child's "open" to past its "done"); then the passphrase
    opens the vault with every record, and exactly one of the recovery keys (the old
    one, or the one the child showed) opens it."""
    fill(vault, 40)
    expected = {p.namn for p in vault.repo.search()}
    vault.close()
    script = tmp_path / "rotate_child.py"
    script.write_text(CHILD)
    env = _child_env()

    def start():
        child = subprocess.Popen([sys.executable, str(script), str(vault_path), PASSPHRASE], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
        assert child.stdout.readline().strip() == "open"
        return child

    child = start()
    opened = time.monotonic()
    out, err = child.communicate(timeout=120)
    span = time.monotonic() - opened  # the rotation itself, "open" to exit
    assert child.returncode == 0, err
    recovery = out.split("recovery ", 1)[1].split()[0]
    rng = random.Random(20261202)
    rounds = 24
    outcomes = {"old": 0, "new": 0}
    for round_ in range(rounds):
        child = start()
        # stratified: round i lands in the i-th slice of [0, 1.1 × span), at a random point of it
        time.sleep((round_ + rng.random()) / rounds * 1.1 * span)
        child.send_signal(signal.SIGKILL)
        out, _err = child.communicate(timeout=60)
        shown = out.split("recovery ", 1)[1].split()[0] if "recovery " in out else None
        assert names(vault_path, passphrase=PASSPHRASE) >= expected, f"round {round_}: {out!r}"
        opens_old = _opens_with(vault_path, recovery)
        opens_new = shown is not None and _opens_with(vault_path, shown)
        assert opens_old != opens_new, f"round {round_}: {out!r}"
        if opens_new:
            recovery = shown
            outcomes["new"] += 1
        else:
            outcomes["old"] += 1
        assert not pending_path(vault_path).exists()
        assert not keys_path(pending_path(vault_path)).exists()
    assert names(vault_path, passphrase=PASSPHRASE) == expected
    assert outcomes["old"] and outcomes["new"], outcomes  # both sides of the switch were hit


def _opens_with(path: Path, recovery: str) -> bool:
    try:
        Vault.open(path, recovery_key=recovery).close()
        return True
    except (WrongRecoveryKey, KeyFileMismatch, VaultDamaged):
        return False


def test_passwd_rotate_on_the_command_line(vault, vault_path, monkeypatch, capsys):
    fill(vault, 2)
    old_recovery = vault.recovery_key_for_tests
    vault.close()
    monkeypatch.setenv("KARTLAGGNING_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr("kartlaggning.cli.common.require_console", lambda: None)
    assert cli.main(["passwd", "--vault", str(vault_path), "--rotate"]) == 0
    out = capsys.readouterr().out
    new_recovery = out.split("\n    ", 1)[1].split()[0]
    assert new_recovery != old_recovery and "ny nyckel" in out.replace("\n", " ")
    assert len(names(vault_path, recovery_key=new_recovery)) == 2
    with pytest.raises(WrongRecoveryKey):
        Vault.open(vault_path, recovery_key=old_recovery)


def test_passwd_rotate_refuses_the_recovery_key(vault, vault_path, monkeypatch, capsys):
    vault.close()
    monkeypatch.setenv("KARTLAGGNING_RECOVERY_KEY", vault.recovery_key_for_tests)
    assert cli.main(["passwd", "--vault", str(vault_path), "--rotate", "--recovery"]) != 0
    assert "--rotate" in capsys.readouterr().err


def test_a_copy_left_by_a_crash_before_the_switch_is_removed_at_the_next_open(vault, vault_path):
    fill(vault, 2)
    vault.close()
    shutil.copy(vault_path, pending_path(vault_path))  # as a crash during step 1 left it
    keys_path(pending_path(vault_path)).write_bytes(b"{")  # and a key file cut short
    assert len(names(vault_path, passphrase=PASSPHRASE)) == 2
    assert not pending_path(vault_path).exists() and not keys_path(pending_path(vault_path)).exists()
