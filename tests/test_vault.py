"""The vault file: pragmas, file modes, encryption at rest, wrong keys, damage,
recovery key, passphrase changes, the single-writer lock and backups."""
from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest

from kartlaggning import i18n
from kartlaggning.models import GridEntry, Participant
from kartlaggning.storage import (BackupFailed, KeyFileMissing, Vault, VaultDamaged, VaultExists, VaultLocked,
                                  VaultNotFound, VaultRolledBack, WeakPassphrase, WrongPassphrase, WrongRecoveryKey,
                                  verify_file)
from kartlaggning.storage import vault as vault_module
from kartlaggning.storage.keys import keys_path, normalize_recovery_key

from conftest import PASSPHRASE, make_pnr
from helpers.util import listing, mode, run_helper, sha256

SIDE = ("-wal", "-shm")


def side(path: Path, suffix: str) -> Path:
    return Path(str(path) + suffix)


def pragmas(v: Vault) -> dict:
    names = ("journal_mode", "synchronous", "temp_store", "secure_delete", "foreign_keys",
             "trusted_schema", "busy_timeout", "cipher_page_size")
    return {n: v.conn.execute(f"PRAGMA {n}").fetchone()[0] for n in names}


EXPECTED_PRAGMAS = {"journal_mode": "wal", "synchronous": 2, "temp_store": 2, "secure_delete": 1,
                    "foreign_keys": 1, "trusted_schema": 0, "busy_timeout": 5000, "cipher_page_size": "4096"}


def fill(v: Vault, n: int = 30, marker: str = "") -> list[str]:
    """n participants, each with a kartläggning: the file gets several dozen pages."""
    ids = []
    for i in range(n):
        p = Participant(namn=f"Testperson {i} {marker}", personnummer=make_pnr(i, 1960 + i),
                        adress=f"Provgatan {i} {marker} " + "x" * 300)
        v.repo.save_participant(p)
        k = v.repo.new_kartlaggning(p.id)
        v.repo.set_fakta(k.id, "arbete", f"fakta {i} {marker} " + "y" * 300)
        v.repo.save_entry(k.id, "arbete", "hinder", GridEntry(f"hinder {i} {marker}"), 0)
        ids.append(p.id)
    return ids


@pytest.fixture
def filled(vault_path):
    """A closed vault with data: (path, participant ids)."""
    v, recovery = Vault.create(vault_path, PASSPHRASE)
    ids = fill(v)
    v.close()
    return vault_path, ids


# ---- pragmas and files ----------------------------------------------------------

def test_pragmas_read_back_on_every_open(vault_path):
    v, recovery = Vault.create(vault_path, PASSPHRASE)
    assert pragmas(v) == EXPECTED_PRAGMAS
    v.close()
    for kwargs in ({"passphrase": PASSPHRASE}, {"recovery_key": recovery}):
        v = Vault.open(vault_path, **kwargs)
        assert pragmas(v) == EXPECTED_PRAGMAS
        v.close()


def test_file_and_directory_modes(tmp_path):
    old = os.umask(0o022)  # a typical desktop umask: our code must not rely on a strict one
    try:
        path = tmp_path / "new" / "dir" / "v.kvault"
        v, _ = Vault.create(path, PASSPHRASE)
        v.repo.save_participant(Participant(namn="Testa", personnummer=make_pnr(1)))
        assert mode(path.parent) == 0o700
        for p in (path, side(path, "-wal"), side(path, "-shm"), keys_path(path), side(path, ".lock")):
            assert p.exists() and mode(p) == 0o600, p
        info = v.backup(tmp_path / "backups" / "b.kvault")
        assert mode(info.path.parent) == 0o700
        assert mode(info.path) == 0o600 and mode(keys_path(info.path)) == 0o600
        v.close()
        # a backup copied back in place by hand (mode 0644) is made private on open
        shutil.copy(info.path, path)
        os.chmod(path, 0o644)
        os.chmod(keys_path(path), 0o644)
        v = Vault.open(path, PASSPHRASE, accept_restore=True)  # older than its anchor: on purpose
        for p in (path, side(path, "-wal"), side(path, "-shm"), keys_path(path)):
            assert mode(p) == 0o600, p
        v.close()
    finally:
        os.umask(old)


def test_database_file_is_encrypted_while_open_and_after_close(vault_path):
    marker = "KLARTEXT" + uuid.uuid4().hex[:8].upper()
    v, _ = Vault.create(vault_path, PASSPHRASE)
    fill(v, 3, marker)

    def scan() -> None:
        for suffix in ("",) + SIDE:
            p = side(vault_path, suffix)
            if p.exists():
                data = p.read_bytes()
                assert marker.encode() not in data and marker.lower().encode() not in data, p
                assert marker.encode("utf-16-le") not in data
        assert not vault_path.read_bytes().startswith(b"SQLite format 3")
        assert marker.encode() not in keys_path(vault_path).read_bytes()

    assert side(vault_path, "-wal").stat().st_size > 0  # the data really is in the WAL now
    scan()
    v.close()
    assert not side(vault_path, "-wal").exists()
    scan()
    # and the marker really was saved
    with Vault.open(vault_path, PASSPHRASE) as again:
        assert len(again.repo.search(f"testperson 1 {marker.lower()}")) == 1


# ---- wrong key, missing, existing ----------------------------------------------------

def test_wrong_passphrase_changes_nothing(filled):
    path, _ = filled
    before = listing(path.parent)
    i18n.set_language("en")
    with pytest.raises(WrongPassphrase) as info:
        Vault.open(path, "not the passphrase")
    assert info.value.message == "Wrong passphrase or damaged file."
    with pytest.raises(WrongPassphrase):
        Vault.open(path, "")
    assert listing(path.parent) == before  # same files, byte for byte; nothing new
    assert not Vault.check_passphrase(path, "not the passphrase")
    assert Vault.check_passphrase(path, PASSPHRASE)


def test_open_missing_path_creates_nothing(tmp_path):
    with pytest.raises(VaultNotFound):
        Vault.open(tmp_path / "nowhere" / "v.kvault", PASSPHRASE)
    assert not (tmp_path / "nowhere").exists()
    (tmp_path / "empty").mkdir()
    with pytest.raises(VaultNotFound):
        Vault.open(tmp_path / "empty" / "v.kvault", PASSPHRASE)
    with pytest.raises(VaultNotFound):
        verify_file(tmp_path / "empty" / "v.kvault", PASSPHRASE)
    assert list((tmp_path / "empty").iterdir()) == []  # no file, no -wal, no .lock


def test_create_on_existing_path(filled):
    path, _ = filled
    before = listing(path.parent)
    with pytest.raises(VaultExists):
        Vault.create(path, PASSPHRASE)
    assert listing(path.parent) == before


def test_create_beside_an_orphan_key_file_keeps_it_aside(filled):
    """A key file without its database (moved vault, interrupted create) is never overwritten."""
    path, _ = filled
    keys_only = path.with_name("other.kvault")
    shutil.copy(keys_path(path), keys_path(keys_only))
    original = keys_path(keys_only).read_bytes()
    v, _recovery = Vault.create(keys_only, PASSPHRASE)
    v.close()
    aside = list(path.parent.glob("other.kvault.keys.orphan-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == original


def test_create_with_weak_passphrase_creates_no_file(vault_path):
    with pytest.raises(WeakPassphrase):
        Vault.create(vault_path, "short")
    assert not vault_path.parent.exists() or list(vault_path.parent.iterdir()) == []


# ---- damage ---------------------------------------------------------------------

def assert_damaged_and_untouched(path: Path) -> None:
    before = sha256(path), path.stat().st_size
    with pytest.raises(VaultDamaged):
        Vault.open(path, PASSPHRASE)
    assert (sha256(path), path.stat().st_size) == before  # never repaired or recreated
    for suffix in SIDE:
        assert not side(path, suffix).exists() or side(path, suffix).stat().st_size == 0


def test_flipped_byte_in_middle_page(filled):
    path, _ = filled
    data = bytearray(path.read_bytes())
    pages = len(data) // 4096
    assert pages >= 20
    middle = pages // 2 * 4096 + 1234
    data[middle] ^= 0x01
    path.write_bytes(bytes(data))
    assert_damaged_and_untouched(path)
    assert verify_file(path, PASSPHRASE) != []


@pytest.mark.parametrize("keep", [0.5, 4096 / 3, 0])
def test_truncated_file(filled, keep):
    path, _ = filled
    data = path.read_bytes()
    size = int(len(data) * keep) if keep < 1 else int(keep)
    path.write_bytes(data[:size])
    assert_damaged_and_untouched(path)


def test_damaged_key_file(filled):
    path, _ = filled
    keys = keys_path(path)
    good = keys.read_bytes()
    for bad in (good[: len(good) // 2], b"\x00\xff garbage", b'{"format": "something else", "version": 1}',
                good.replace(b'"salt"', b'"sal"', 1)):
        keys.write_bytes(bad)
        with pytest.raises(VaultDamaged):
            Vault.open(path, PASSPHRASE)
        assert keys.read_bytes() == bad
    # a changed wrapped key fails its MAC: reported as wrong passphrase *or damaged file*
    import json
    doc = json.loads(good)
    wrapped = doc["passphrase"]["wrapped"]
    doc["passphrase"]["wrapped"] = ("B" if wrapped[0] == "A" else "A") + wrapped[1:]
    keys.write_bytes(json.dumps(doc).encode())
    with pytest.raises(WrongPassphrase):
        Vault.open(path, PASSPHRASE)
    keys.write_bytes(good)
    Vault.open(path, PASSPHRASE).close()


def test_missing_key_file(filled):
    path, _ = filled
    keys_path(path).unlink()
    before = listing(path.parent)
    with pytest.raises(KeyFileMissing):
        Vault.open(path, PASSPHRASE)
    assert listing(path.parent) == before


def test_restore_from_backup_is_the_way_back(filled, tmp_path):
    path, ids = filled
    with Vault.open(path, PASSPHRASE) as v:
        info = v.backup(tmp_path / "backups" / "restore-me.kvault")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    keys_path(path).unlink()
    with pytest.raises(KeyFileMissing):
        Vault.open(path, PASSPHRASE)
    shutil.copy(keys_path(info.path), keys_path(path))
    with pytest.raises(VaultDamaged):
        Vault.open(path, PASSPHRASE)
    shutil.copy(info.path, path)
    with pytest.raises(VaultRolledBack):  # older than the state last recorded: never opened silently
        Vault.open(path, PASSPHRASE)
    with Vault.open(path, PASSPHRASE, accept_restore=True) as v:  # "I restored a backup on purpose"
        assert v.audit.entries()[-2].event == "vault.restore_accepted"
        assert v.integrity_problems() == []
        assert sorted(s.id for s in v.repo.search()) == sorted(ids)
        assert v.repo.get_participant(ids[7]).namn.startswith("Testperson 7")
        assert v.repo.latest_kartlaggning(ids[7]).areas["arbete"].hinder[0].text.startswith("hinder 7")


# ---- recovery key and passphrases -----------------------------------------------------

FIXED_RECOVERY = "10AB-CD01-EF10-GH01-JK10-MN01-PQ"


def test_recovery_key_forms_are_tolerated(vault_path, monkeypatch):
    monkeypatch.setattr(vault_module, "new_recovery_key", lambda: FIXED_RECOVERY)
    v, recovery = Vault.create(vault_path, PASSPHRASE)
    assert recovery == FIXED_RECOVERY
    p = Participant(namn="Testa Testsson", personnummer=make_pnr(1))
    v.repo.save_participant(p)
    v.close()
    typed = ("10ab-cd01-ef10-gh01-jk10-mn01-pq", "10ABCD01EF10GH01JK10MN01PQ", " 10AB CD01 EF10 GH01 JK10 MN01 PQ ",
             "IOAB-CDOI-EFLO-GHOl-JKiO-MNol-PQ", "io ab cd oi ef lo gh ol jk io mn ol pq")
    for text in typed:
        with Vault.open(vault_path, recovery_key=text) as again:
            assert again.repo.get_participant(p.id).namn == "Testa Testsson"
            assert again.audit.entries()[-1].event == "vault.recovered"
    for wrong in ("10AB-CD01-EF10-GH01-JK10-MN01-PR", "", "10AB-CD01"):
        with pytest.raises(WrongRecoveryKey):
            Vault.open(vault_path, recovery_key=wrong)
    assert normalize_recovery_key("o-I l") == "011"


def test_reset_passphrase_with_recovery_key(filled, tmp_path):
    path, ids = filled
    # the recovery key of the filled vault is unknown here: make a vault we know it for
    path2 = tmp_path / "r" / "v.kvault"
    v, recovery = Vault.create(path2, PASSPHRASE)
    fill(v, 3)
    v.close()
    keys_before = keys_path(path2).read_bytes()
    with pytest.raises(WeakPassphrase):
        Vault.reset_passphrase(path2, recovery, "kort")
    assert keys_path(path2).read_bytes() == keys_before
    with pytest.raises(WrongRecoveryKey):
        Vault.reset_passphrase(path2, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GG", "a new passphrase")
    Vault.reset_passphrase(path2, recovery.lower().replace("-", " "), "a new passphrase")
    with pytest.raises(WrongPassphrase):
        Vault.open(path2, PASSPHRASE)
    with Vault.open(path2, "a new passphrase") as again:
        assert again.repo.count() == 3
        events = [e.event for e in again.audit.entries()]
        assert events[-3:] == ["vault.recovered", "vault.passphrase_changed", "vault.unlocked"]
    with Vault.open(path2, recovery_key=recovery) as again:  # the recovery key still works
        assert again.repo.count() == 3


def test_change_passphrase_while_open(filled):
    path, ids = filled
    v = Vault.open(path, PASSPHRASE)
    keys_before = keys_path(path).read_bytes()
    with pytest.raises(WeakPassphrase):
        v.change_passphrase("elva tecken")  # 11 characters
    assert keys_path(path).read_bytes() == keys_before
    v.change_passphrase("tolv tecken!")  # 12 is enough
    # still open and writable after the change
    v.repo.save_participant(Participant(namn="Efter Bytet", personnummer=make_pnr(99, 2001)))
    v.close()
    assert Vault.check_passphrase(path, "tolv tecken!") and not Vault.check_passphrase(path, PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        Vault.open(path, PASSPHRASE)
    with Vault.open(path, "tolv tecken!") as again:
        assert again.repo.count() == len(ids) + 1
        assert again.integrity_problems() == []


def test_unicode_passphrase_nfc_nfd_equivalent(vault_path):
    nfc = "lösenord åäö 123"
    import unicodedata
    v, _ = Vault.create(vault_path, unicodedata.normalize("NFD", nfc))
    v.close()
    Vault.open(vault_path, nfc).close()  # typed on another keyboard/OS: same passphrase


# ---- single writer ----------------------------------------------------------------

def test_second_process_gets_vault_locked(filled):
    path, ids = filled
    v = Vault.open(path, PASSPHRASE)
    try:
        before = {name: sha256(side(path, name)) for name in ("", "-wal")}
        result = run_helper("open_vault.py", path, PASSPHRASE)
        assert result.returncode == 3, result.stdout + result.stderr
        assert result.stdout.strip() == ("VaultLocked: The vault is already open in another window or program. "
                                         "Close it there first.")
        assert {name: sha256(side(path, name)) for name in ("", "-wal")} == before
        with pytest.raises(VaultLocked):  # the same process, a second open
            Vault.open(path, PASSPHRASE)
        assert v.repo.count() == len(ids)  # the first one is unharmed
    finally:
        v.close()
    result = run_helper("open_vault.py", path, PASSPHRASE)
    assert result.returncode == 0 and result.stdout.split() == ["opened", str(len(ids))]


# ---- backups ---------------------------------------------------------------------

def test_backup_is_encrypted_verified_and_private(vault, tmp_path):
    marker = "BACKUPMARK" + uuid.uuid4().hex[:8].upper()
    fill(vault, 3, marker)
    out = tmp_path / "backups" / "b1.kvault"
    info = vault.backup(out)
    data = out.read_bytes()
    assert info.path == out and info.size == len(data)
    assert not data.startswith(b"SQLite format 3")
    assert marker.encode() not in data and marker.lower().encode() not in data
    assert sorted(p.name for p in out.parent.iterdir()) == ["b1.kvault", "b1.kvault.anchor", "b1.kvault.keys"]
    assert mode(out) == 0o600 and mode(keys_path(out)) == 0o600
    assert vault.audit.entries()[-1].event == "backup.created"
    assert vault.audit.entries()[-1].detail == info.sha256[:16]
    # verify_file reads it without leaving -wal/-shm or changing it
    assert verify_file(out, PASSPHRASE) == []
    assert sorted(p.name for p in out.parent.iterdir()) == ["b1.kvault", "b1.kvault.anchor", "b1.kvault.keys"]
    assert sha256(out) == info.sha256
    # and the open vault itself can be checked while open (its -wal is in use)
    assert verify_file(vault.path, PASSPHRASE) == []
    # the backup opens with the same passphrase and holds the data
    vault.close()
    with Vault.open(out, PASSPHRASE) as b:
        assert b.repo.count() == 3 and b.integrity_problems() == []


def test_verify_file_on_closed_vault_creates_and_changes_nothing(filled):
    path, _ = filled
    before = listing(path.parent)
    assert verify_file(path, PASSPHRASE) == []
    assert listing(path.parent) == before


def test_backup_to_own_path_refused(vault):
    before = sha256(vault.path)
    with pytest.raises(BackupFailed):
        vault.backup(vault.path)
    with pytest.raises(BackupFailed):
        vault.backup(vault.path.parent / ".." / vault.path.parent.name / vault.path.name)
    assert sha256(vault.path) == before
    assert not any(p.name.endswith(".part") for p in vault.path.parent.iterdir())


class _PlaintextVacuum:
    """Wraps the vault connection; VACUUM INTO writes an unencrypted SQLite file instead."""

    def __init__(self, conn):
        self._conn = conn

    def execute(self, sql, *args):
        if sql.startswith("VACUUM INTO"):
            import sqlite3  # stdlib: plaintext on purpose
            plain = sqlite3.connect(args[0][0])
            plain.execute("CREATE TABLE participants (id)")
            plain.commit()
            plain.close()
            return None
        return self._conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def test_backup_that_comes_out_plaintext_fails(vault, tmp_path, monkeypatch):
    out = tmp_path / "backups" / "plain.kvault"
    real = vault_module._reading_connection
    monkeypatch.setattr(vault_module, "_reading_connection", lambda *a: _PlaintextVacuum(real(*a)))
    with pytest.raises(BackupFailed) as info:
        vault.backup(out)
    assert info.value.detail == "plaintext"
    assert not out.exists() and not keys_path(out).exists()
    assert not any(p.name.endswith(".part") for p in out.parent.iterdir())
    assert "backup.created" not in [e.event for e in vault.audit.entries()]


def test_backup_with_integrity_problems_fails(vault, tmp_path, monkeypatch):
    fill(vault, 2)
    monkeypatch.setattr(vault_module, "integrity_problems", lambda conn: ["*** in database main ***"])
    out = tmp_path / "backups" / "bad.kvault"
    with pytest.raises(BackupFailed):
        vault.backup(out)
    assert not out.exists() and list(out.parent.iterdir()) == []


def test_backup_with_wrong_key_copy_fails(vault, tmp_path, monkeypatch):
    """A copy that does not open with the vault's key is refused (verified by opening)."""
    fill(vault, 2)
    real_keyed = vault_module._keyed_connection
    monkeypatch.setattr(vault_module, "_keyed_connection", lambda path, key: real_keyed(path, bytes(32)))
    out = tmp_path / "backups" / "wrongkey.kvault"
    with pytest.raises(BackupFailed):  # not "the vault is damaged": the vault is fine
        vault.backup(out)
    assert not out.exists() and list(out.parent.iterdir()) == []


def test_odd_characters_in_the_path(tmp_path):
    path = tmp_path / "Mina valv #1 ?100% (å)" / "v?x#y.kvault"
    v, _ = Vault.create(path, PASSPHRASE)
    fill(v, 2)
    assert verify_file(path, PASSPHRASE) == []  # open: read through the -wal
    info = v.backup(path.parent / "b #2?.kvault")
    v.close()
    assert verify_file(path, PASSPHRASE) == []  # closed
    assert verify_file(info.path, PASSPHRASE) == []
    with Vault.open(path, PASSPHRASE) as again:
        assert again.repo.count() == 2


def test_duplicate_personnummer_is_a_validation_error(vault, participant):
    from kartlaggning.models import Participant, ValidationError
    vault.repo.save_participant(participant)
    twin = Participant(namn="Annan Person", personnummer=participant.personnummer)
    with pytest.raises(ValidationError) as info:
        vault.repo.save_participant(twin)
    assert info.value.field == "personnummer" and info.value.code == "pnr_duplicate"
    assert vault.repo.count() == 1


def test_backup_leaves_a_user_chosen_folder_mode_alone(vault, tmp_path):
    import os
    target = tmp_path / "usb"
    target.mkdir(mode=0o755)
    os.chmod(target, 0o755)
    vault.backup(target / "copy.kvault")
    assert (target.stat().st_mode & 0o777) == 0o755
    assert ((target / "copy.kvault").stat().st_mode & 0o777) == 0o600


def test_verify_file_reports_an_empty_file_as_a_problem(filled):
    from kartlaggning.storage import verify_file
    path, _ = filled
    empty = path.with_name("empty.kvault")
    empty.write_bytes(b"")
    shutil.copy(keys_path(path), keys_path(empty))
    problems = verify_file(empty, PASSPHRASE)
    assert problems and "empty" in problems[0]
    assert empty.read_bytes() == b""


def test_deferred_integrity_check_finds_damage_after_a_fast_open(filled):
    """The GUI opens without the whole-file checks and runs them in a thread at once."""
    path, _ = filled
    v = Vault.open(path, PASSPHRASE, check=False)
    check = v.integrity_check_in_background()
    assert check.done.wait(30) and check.problems == []
    v.close()
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle] ^= 0xFF
    path.write_bytes(bytes(data))
    try:
        v = Vault.open(path, PASSPHRASE, check=False)
    except VaultDamaged:
        return  # the flipped byte sat in a page the open itself reads: caught even earlier
    check = v.integrity_check_in_background()
    assert check.done.wait(30)
    assert check.problems, "a flipped byte must be reported by the background check"
    v.close()


def test_write_atomic_gives_every_writer_its_own_temporary_file(tmp_path, monkeypatch):
    """Two processes saving one settings file at once (two windows at quit): neither
    truncates the other's temporary file, and none is left behind."""
    from kartlaggning.storage import files
    (tmp_path / "cfg").mkdir()
    target = tmp_path / "cfg" / "settings.json"
    real_replace = files.replace
    nested = []

    def replace_with_a_second_writer(src, dst, attempts=10):
        if not nested:
            nested.append(True)
            files.write_atomic(target, b"second")  # another writer runs in the middle of ours
        real_replace(src, dst, attempts)

    monkeypatch.setattr(files, "replace", replace_with_a_second_writer)
    files.write_atomic(target, b"first")
    assert target.read_bytes() == b"first"  # the first writer's own bytes, complete
    assert [p.name for p in target.parent.iterdir()] == ["settings.json"]


def test_a_temporary_file_left_by_a_killed_writer_is_removed_by_the_next_write(tmp_path):
    """kill -9 between writing and renaming leaves a half-written copy (a printed PDF
    holds names) beside the file; the next save of that file removes it, and a
    concurrent writer's fresh temporary file is left alone."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from kartlaggning.storage import files
    folder = tmp_path / "pdf"
    folder.mkdir()
    target = folder / "plan [Åsa].pdf"  # glob characters in the name are taken literally
    child = ("import os, signal, sys; from pathlib import Path; from kartlaggning.storage import files; "
             "files.replace = lambda src, dst, attempts=10: os.kill(os.getpid(), signal.SIGKILL); "
             "files.write_atomic(Path(sys.argv[1]), '%PDF Åsa Öberg 19121212-1212'.encode())")
    done = subprocess.run([sys.executable, "-c", child, str(target)], capture_output=True, timeout=60)
    assert done.returncode == -signal.SIGKILL
    leftover, = folder.glob("*.tmp")
    assert b"19121212-1212" in leftover.read_bytes()
    old = time.time() - files.STALE_TEMP_SECONDS - 5
    os.utime(leftover, (old, old))
    concurrent = folder / (target.name + ".x1y2z3.tmp")  # another process, writing right now
    concurrent.write_bytes(b"in progress")
    files.write_atomic(target, b"%PDF ny")
    assert sorted(p.name for p in folder.iterdir()) == sorted([target.name, concurrent.name])
    assert target.read_bytes() == b"%PDF ny"
