"""Every fault of the matrix reaches the user in words, never as "Internal error (X)":
a full disk, read-only media, an I/O error, a damaged page, a folder given as the vault,
malformed settings files. (Odd or swapped .keys files and deep JSON: their own tests.)

Faults are made for real where that works as root and as a user alike: SQLITE_FULL with
``PRAGMA max_page_count``, SQLITE_READONLY with ``PRAGMA query_only``, flipped bytes in
a page, and a small tmpfs (full, or remounted read-only) inside ``unshare -rm`` (skipped
where user namespaces are not allowed). Elsewhere the driver's own error, with SQLite's
result code, is raised under ``driver.Connection`` (``faults`` fixture), so the
translation the program relies on is what is tested.
"""
from __future__ import annotations

import errno
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlcipher3 import dbapi2

from kartlaggning import config, i18n
from kartlaggning.cli import main
from kartlaggning.models import Participant
from kartlaggning.storage import (DiskError, DiskFull, FileLock, Vault, VaultDamaged, VaultIsFolder, VaultReadOnly,
                                  driver, faults as storage_faults, files)

from conftest import PASSPHRASE, make_pnr
from helpers.damage import damage_a_page_only_the_checks_read
from helpers.util import REPO, sha256, subprocess_env

FULL = "Disken är full. Frigör utrymme på den (eller välj en annan plats) och försök igen."
READ_ONLY = ("Det går inte att skriva till disken eller mappen (den är skrivskyddad eller du saknar "
             "behörighet).")
INTERNAL = ("Internt fel", "Internal error", "Traceback")


def fill(v: Vault, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        v.repo.save_participant(Participant(namn=f"Testperson {i}", personnummer=make_pnr(i, 1950 + i % 50),
                                            adress="Provgatan " + "x" * 400))


@pytest.fixture
def closed_vault(vault_path):
    v, _recovery = Vault.create(vault_path, PASSPHRASE)
    fill(v, 12)
    first = v.repo.search("")[0]
    k = v.repo.new_kartlaggning(first.id)  # something to print
    v.repo.set_fakta(k.id, "arbete", "Har arbetat i lager.")
    v.close()
    return vault_path


@pytest.fixture
def faults(monkeypatch):
    """``faults.fail(code, text, sql, param=None)``: statements containing ``sql`` (and, if
    given, with ``param`` among their parameters) raise the driver's OperationalError with
    SQLite's result ``code``, below the program's own driver.Connection."""
    rules: list[tuple[str, object, int, str]] = []

    class Raw(dbapi2.Connection):
        def execute(self, sql, parameters=(), /):
            for needle, param, code, text in rules:
                if needle in sql and (param is None or param in parameters):
                    exc = dbapi2.OperationalError(text)
                    exc.sqlite_errorcode = code
                    raise exc
            return super().execute(sql, parameters)

    class Faulty(driver.Connection, Raw):
        pass

    monkeypatch.setattr(driver, "Connection", Faulty)

    class Control:
        def fail(self, code: int, text: str, sql: str, param=None) -> None:
            rules.append((sql, param, code, text))

        def clear(self) -> None:
            rules.clear()
    return Control()


@pytest.fixture
def cli(monkeypatch, capsys):
    monkeypatch.setenv("KARTLAGGNING_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("KARTLAGGNING_NEW_PASSPHRASE", "ett nytt långt lösen 7")
    monkeypatch.delenv("KARTLAGGNING_LANG", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))

    def run(*argv):
        capsys.readouterr()
        code = main([str(a) for a in argv], window_without_command=False)
        captured = capsys.readouterr()
        return code, captured.out, captured.err
    return run


def assert_in_words(err: str, message: str) -> None:
    assert message in err, err
    assert not any(text in err for text in INTERNAL), err


# ---- the driver's errors become storage errors that say what happened --------------------------------

@pytest.mark.parametrize("code, kind", [(13, DiskFull), (8, VaultReadOnly), (10, DiskError), (14, DiskError),
                                        (11, VaultDamaged), (26, VaultDamaged), (10 | (19 << 8), DiskError),
                                        (8 | (3 << 8), VaultReadOnly)])
def test_sqlite_result_codes_map_to_storage_errors(code, kind, monkeypatch, tmp_path):
    monkeypatch.setattr(storage_faults.shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(1 << 30, 0, 1 << 30))
    exc = dbapi2.OperationalError("whatever")
    exc.sqlite_errorcode = code
    fault = storage_faults.from_database_error(exc, tmp_path / "v.kvault")
    assert type(fault).__mro__[1] is kind
    assert isinstance(fault, dbapi2.OperationalError)  # every `except DatabaseError` still holds
    assert fault.message == kind().message


def test_other_driver_errors_are_left_alone():
    exc = dbapi2.OperationalError("no such table: x")
    exc.sqlite_errorcode = 1
    assert storage_faults.from_database_error(exc) is None


def test_an_io_error_on_a_full_disk_is_a_full_disk(monkeypatch, tmp_path):
    """SQLite reports a -shm that cannot grow as an I/O error (SQLITE_IOERR_SHMSIZE)."""
    monkeypatch.setattr(storage_faults.shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(1 << 20, 1 << 20, 0))
    exc = dbapi2.OperationalError("disk I/O error")
    exc.sqlite_errorcode = 10 | (19 << 8)
    assert isinstance(storage_faults.from_database_error(exc, tmp_path / "v.kvault"), DiskFull)


@pytest.mark.parametrize("number, kind", [(errno.ENOSPC, DiskFull), (errno.EROFS, VaultReadOnly),
                                          (errno.EACCES, VaultReadOnly), (errno.EIO, DiskError), (errno.ENOENT, None)])
def test_os_errors_map_to_storage_errors(number, kind, tmp_path, monkeypatch):
    monkeypatch.setattr(storage_faults.shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(1 << 30, 0, 1 << 30))
    fault = storage_faults.from_os_error(OSError(number, os.strerror(number), str(tmp_path / "x")))
    if kind is None:
        assert fault is None
    else:
        assert isinstance(fault, kind) and isinstance(fault, OSError) and fault.errno == number


def test_a_full_vault_says_so_and_the_next_save_after_making_room_is_kept(vault, vault_path):
    pages = vault.conn.execute("PRAGMA page_count").fetchone()[0]
    vault.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLITE_FULL for real at the next new page
    with pytest.raises(DiskFull) as caught:
        fill(vault, 50)
    assert caught.value.message == FULL
    assert not vault.conn.in_transaction  # nothing half-open that a later save would join unseen
    saved = vault.repo.count()
    vault.conn.execute("PRAGMA max_page_count = 1073741823")  # room again
    fill(vault, 1, start=100)
    vault.close()
    with Vault.open(vault_path, PASSPHRASE) as again:
        assert again.repo.count() == saved + 1


def test_a_read_only_vault_says_so(vault):
    vault.conn.execute("PRAGMA query_only = ON")  # SQLITE_READONLY for real, also as root
    with pytest.raises(VaultReadOnly) as caught:
        fill(vault, 1)
    assert caught.value.message == READ_ONLY
    assert not vault.conn.in_transaction


def test_a_failed_commit_leaves_no_transaction_open(closed_vault, faults):
    with Vault.open(closed_vault, PASSPHRASE) as v:
        faults.fail(13, "database or disk is full", "COMMIT")
        with pytest.raises(DiskFull):
            fill(v, 1, start=50)
        assert not v.conn.in_transaction  # a later save commits, not joins a transaction left open
        faults.clear()
        fill(v, 1, start=60)
    with Vault.open(closed_vault, PASSPHRASE) as v:
        assert v.repo.count() == 13


# ---- at unlock ---------------------------------------------------------------------------------------

def test_a_full_disk_at_unlock_says_so_and_leaves_the_vault_free(closed_vault, faults):
    faults.fail(13, "database or disk is full", "INSERT INTO audit", "vault.unlocked")
    with pytest.raises(DiskFull) as caught:
        Vault.open(closed_vault, PASSPHRASE)
    assert caught.value.message == FULL
    lock = FileLock(closed_vault)
    lock.acquire()  # released by the failed open
    lock.release()
    faults.clear()
    Vault.open(closed_vault, PASSPHRASE).close()


def test_read_only_media_at_unlock_says_so(closed_vault, monkeypatch):
    real_open = os.open

    class ReadOnlyMedia:
        def __getattr__(self, name):
            return getattr(os, name)

        @staticmethod
        def open(path, *args, **kwargs):
            if str(path).endswith(".lock"):
                raise OSError(errno.EROFS, "Read-only file system", str(path))
            return real_open(path, *args, **kwargs)

    monkeypatch.setattr(files, "os", ReadOnlyMedia())
    with pytest.raises(VaultReadOnly) as caught:
        Vault.open(closed_vault, PASSPHRASE)
    assert caught.value.message == READ_ONLY


def test_an_io_error_reading_the_first_page_is_not_called_damage(closed_vault, faults, monkeypatch):
    monkeypatch.setattr(storage_faults.shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(1 << 30, 0, 1 << 30))
    faults.fail(10 | (1 << 8), "disk I/O error", "SELECT count(*) FROM sqlite_master")
    with pytest.raises(DiskError):
        Vault.open(closed_vault, PASSPHRASE)


# ---- a fast open (the window's) writes nothing before the checks have passed ---------------------------

def test_a_fast_open_records_the_unlock_before_the_first_write(closed_vault):
    v = Vault.open(closed_vault, PASSPHRASE, check=False)
    try:
        fill(v, 1, start=40)  # waits for the checks, then records the unlock, then saves
        assert v.checked
        events = [e.event for e in v.audit.entries()]
        assert events[-2:] == ["vault.unlocked", "participant.created"]
    finally:
        v.close()


def test_a_fast_open_of_a_damaged_vault_writes_nothing(closed_vault, tmp_path):
    damaged = damage_a_page_only_the_checks_read(closed_vault, PASSPHRASE, tmp_path)
    before = sha256(damaged)
    v = Vault.open(damaged, PASSPHRASE, check=False)
    try:
        assert v.repo.count() == 12  # reading works meanwhile
        with pytest.raises(VaultDamaged):
            fill(v, 1, start=40)  # the first write waits for the checks, which fail
        with pytest.raises(VaultDamaged):
            v.audit.append("participant.opened")
        assert not v.checked
    finally:
        v.close()
    assert sha256(damaged) == before
    wal = Path(str(damaged) + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


# ---- the command line: every command, a fault where it strikes ----------------------------------------

def pnr_of(path: Path) -> str:
    with Vault.open(path, PASSPHRASE) as v:
        return v.repo.search("")[0].personnummer


@pytest.mark.parametrize("command, sql, param", [
    ("audit", "INSERT INTO audit", "vault.unlocked"),
    ("backup", "INSERT INTO audit", "vault.unlocked"),
    ("passwd", "INSERT INTO audit", "vault.unlocked"),
    ("print", "INSERT INTO audit", "vault.unlocked"),
    ("backup", "VACUUM INTO", None),
    ("backup", "INSERT INTO audit", "backup.created"),
    ("print", "INSERT INTO audit", "participant.printed"),
    ("print", "INSERT INTO prints", None),
])
def test_cli_on_a_full_disk_says_so(closed_vault, tmp_path, cli, faults, command, sql, param):
    extra = {"backup": ["--out", tmp_path / "b.kvault"],
             "print": ["--participant", pnr_of(closed_vault), "--document", "kartlaggning",
                       "--out", tmp_path / "k.pdf"]}.get(command, [])
    faults.fail(13, "database or disk is full", sql, param)
    code, _out, err = cli(command, "--vault", closed_vault, *extra)
    assert code == 1
    assert_in_words(err, FULL)
    assert not (tmp_path / "b.kvault.part").exists()


@pytest.mark.parametrize("code, message", [(8, READ_ONLY), (11, VaultDamaged().message)])
def test_cli_on_read_only_media_or_a_damaged_page_says_so(closed_vault, tmp_path, cli, faults, code, message):
    faults.fail(code, "attempt to write a readonly database" if code == 8 else "database disk image is malformed",
                "INSERT INTO audit", "vault.unlocked")
    for command in ("audit", "passwd"):
        rc, _out, err = cli(command, "--vault", closed_vault)
        assert rc == 1
        assert_in_words(err, message)


def test_cli_with_a_folder_as_the_vault(tmp_path, cli):
    place = tmp_path / "place"
    folder = place / "a folder"
    folder.mkdir(parents=True)
    expected = f"{folder} är en mapp, inte en databasfil."
    for command in ("init", "audit", "verify", "backup", "passwd", "demo"):
        extra = ["--out", place / "b.kvault"] if command == "backup" else []
        code, out, err = cli(command, "--vault", folder, *extra)
        assert code == 1, (command, out, err)
        assert_in_words(err, expected)
    assert list(place.iterdir()) == [folder] and list(folder.iterdir()) == []  # nothing made, no .lock


def test_storage_refuses_a_folder_as_the_vault(tmp_path):
    with pytest.raises(VaultIsFolder):
        Vault.open(tmp_path, PASSPHRASE)
    with pytest.raises(VaultIsFolder):
        Vault.create(tmp_path, PASSPHRASE)
    i18n.set_language("en")
    assert VaultIsFolder().message == ("The vault path is a folder, not a vault file. Give the vault file itself "
                                       "(its name ends in .kvault).")


# ---- for real: a small file system that is full, or read-only ----------------------------------------

def _namespaces_work() -> bool:
    if not shutil.which("unshare") or sys.platform != "linux":
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt 2>/dev/null "
                            "|| mount -t tmpfs -o size=64k tmpfs \"$TMPDIR\""], capture_output=True,
                           env={**os.environ, "TMPDIR": os.environ.get("TMPDIR", "/tmp")})
    return probe.returncode == 0


real_fs = pytest.mark.skipif(not _namespaces_work(), reason="no user and mount namespaces (unshare -rm) here")


def run_on_small_fs(tmp_path: Path, vault: Path, steps: str, setup: str) -> str:
    """Copy ``vault`` onto a 1 MB tmpfs in a private mount namespace, run ``setup`` (fill it,
    remount it read-only) and the shell ``steps`` there; the output of the steps."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    script = tmp_path / "steps.sh"
    script.write_text(f"""
mount -t tmpfs -o size=1m tmpfs "{mnt}" || exit 99
cp "{vault}" "{vault}.keys" "{mnt}/"
[ -e "{vault}.anchor" ] && cp "{vault}.anchor" "{mnt}/"
{setup}
cli() {{ "{sys.executable}" -m kartlaggning "$@" --vault "{mnt}/{vault.name}" >/dev/null; echo "rc=$?" >&2; }}
{steps}
""")
    env = {**subprocess_env(), "KARTLAGGNING_PASSPHRASE": PASSPHRASE,
           "KARTLAGGNING_NEW_PASSPHRASE": "ett nytt långt lösen 7"}
    env.pop("KARTLAGGNING_LANG", None)
    result = subprocess.run(["unshare", "-rm", "sh", str(script)], capture_output=True, text=True, timeout=300,
                            env=env, cwd=REPO)
    assert result.returncode != 99, result.stderr
    return result.stderr


@real_fs
def test_for_real_a_full_disk(closed_vault, tmp_path):
    pnr = pnr_of(closed_vault)
    err = run_on_small_fs(tmp_path, closed_vault, setup=f'dd if=/dev/zero of="{tmp_path}/mnt/fill" bs=4k '
                          "2>/dev/null", steps=f"""
cli audit
cli backup --out "{tmp_path}/mnt/b.kvault"
cli passwd
cli print --participant {pnr} --document kartlaggning --out "{tmp_path}/mnt/k.pdf"
cli verify
""")
    assert err.count("rc=1") >= 4, err
    assert err.count(FULL) >= 4, err  # verify only reads: "intact", or the disk is full
    assert not any(text in err for text in INTERNAL), err


@real_fs
def test_for_real_a_nearly_full_disk(closed_vault, tmp_path):
    """Room to unlock, not for a backup or a PDF."""
    pnr = pnr_of(closed_vault)
    used_kb = (closed_vault.stat().st_size + 8192) // 1024
    err = run_on_small_fs(tmp_path, closed_vault, setup=f'dd if=/dev/zero of="{tmp_path}/mnt/fill" bs=1k '
                          f"count={1024 - used_kb - 64} 2>/dev/null", steps=f"""
cli backup --out "{tmp_path}/mnt/b.kvault"
cli print --participant {pnr} --document kartlaggning --out "{tmp_path}/mnt/k.pdf"
ls "{tmp_path}/mnt" >&2
""")
    assert err.count(FULL) == 2, err
    assert not any(text in err for text in INTERNAL), err
    assert "b.kvault" not in err  # no partial backup left


@real_fs
def test_for_real_read_only_media(closed_vault, tmp_path):
    err = run_on_small_fs(tmp_path, closed_vault, setup=f'mount -o remount,ro "{tmp_path}/mnt"', steps=f"""
cli audit
cli backup --out "{tmp_path}/b.kvault"
cli passwd
""")
    assert err.count("rc=1") == 3, err
    assert err.count(READ_ONLY) == 3, err
    assert not any(text in err for text in INTERNAL), err


# ---- malformed settings never stop a start ---------------------------------------------------------

def test_a_settings_file_that_could_not_be_used_is_kept_aside_when_the_user_changes_a_setting():
    path = config.AppConfig.path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'{"language": "en", "idle_lock_minutes": 12')  # cut short by a hand edit
    cfg = config.AppConfig.load()
    assert cfg.values() == config.builtin_values()
    assert "kunde inte läsas (ogiltig JSON, rad 1); standardvärden används" in cfg.problem
    cfg.idle_lock_minutes = 15
    cfg.save()
    assert json.loads(path.read_text("utf-8")) == {"idle_lock_minutes": 15}
    aside = list(path.parent.glob("settings.json.bad-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == b'{"language": "en", "idle_lock_minutes": 12'
    assert config.AppConfig.load().problem == ""
