"""The single-writer lock follows the file, not the name it is reached by: through a
symlink a second writer (or a backup) meets the held lock; a vault with a second hard
link is refused outright, by every process, with a message that says why.

Not tested here: Windows. There ``os.path.realpath`` resolves symlinks and junctions
and ``os.stat`` reads ``st_nlink`` from the file handle (NTFS hard links), so the same
code applies, but no NTFS volume is at hand to prove it."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kartlaggning import i18n
from kartlaggning.storage import BackupFailed, FileLock, Vault, VaultHardLinked, VaultLocked

from conftest import PASSPHRASE, make_pnr
from helpers.util import run_helper, sha256, subprocess_env

LOCKED = "VaultLocked: The vault is already open in another window or program. Close it there first."


@pytest.fixture
def closed_vault(vault_path):
    from kartlaggning.models import Participant
    v, _recovery = Vault.create(vault_path, PASSPHRASE)
    for i in range(3):
        v.repo.save_participant(Participant(namn=f"Testperson {i}", personnummer=make_pnr(i)))
    v.close()
    return vault_path


def symlink_or_skip(target: Path, link: Path) -> None:
    try:
        link.symlink_to(target)
    except (OSError, NotImplementedError):
        pytest.skip("symlinks cannot be made here")
    link_keys = Path(str(link) + ".keys")
    link_keys.symlink_to(Path(str(target) + ".keys"))


def hard_link_or_skip(target: Path, link: Path) -> None:
    try:
        os.link(target, link)
    except (OSError, NotImplementedError):
        pytest.skip("hard links cannot be made here")
    Path(str(link) + ".keys").write_bytes(Path(str(target) + ".keys").read_bytes())


def cli(*args: str) -> subprocess.CompletedProcess:
    env = {**subprocess_env(), "KARTLAGGNING_PASSPHRASE": PASSPHRASE, "KARTLAGGNING_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "kartlaggning", *map(str, args)], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120, env=env)


def test_the_lock_file_lies_beside_the_real_file(closed_vault, tmp_path):
    link = tmp_path / "elsewhere" / "link.kvault"
    link.parent.mkdir()
    symlink_or_skip(closed_vault, link)
    assert FileLock(link).path == Path(str(closed_vault.resolve()) + ".lock")
    assert FileLock(closed_vault).path == FileLock(link).path


def test_a_second_process_through_a_symlink_meets_the_lock(closed_vault, tmp_path):
    link = tmp_path / "link.kvault"
    symlink_or_skip(closed_vault, link)
    v = Vault.open(closed_vault, PASSPHRASE)
    try:
        before = sha256(closed_vault)
        result = run_helper("open_vault.py", link, PASSPHRASE)
        assert result.returncode == 3, result.stdout + result.stderr
        assert result.stdout.strip() == LOCKED
        with pytest.raises(VaultLocked):  # this process too
            Vault.open(link, PASSPHRASE)
        assert sha256(closed_vault) == before
        assert v.repo.count() == 3
    finally:
        v.close()
    result = run_helper("open_vault.py", link, PASSPHRASE)  # released: through the link it opens
    assert result.returncode == 0 and result.stdout.split() == ["opened", "3"], result.stdout + result.stderr


def test_the_first_writer_through_a_symlink_keeps_out_the_real_name(closed_vault, tmp_path):
    link = tmp_path / "link.kvault"
    symlink_or_skip(closed_vault, link)
    v = Vault.open(link, PASSPHRASE)
    try:
        result = run_helper("open_vault.py", closed_vault, PASSPHRASE)
        assert result.returncode == 3 and result.stdout.strip() == LOCKED, result.stdout + result.stderr
    finally:
        v.close()


def test_backup_through_a_symlink_waits_for_the_writer(closed_vault, tmp_path):
    link = tmp_path / "link.kvault"
    symlink_or_skip(closed_vault, link)
    out = tmp_path / "backups" / "b.kvault"
    v = Vault.open(closed_vault, PASSPHRASE)
    try:
        result = cli("backup", "--vault", link, "--out", out)
        assert result.returncode == 1, result.stdout + result.stderr
        assert result.stderr.strip() == LOCKED.split(": ", 1)[1]
        assert not out.exists() and not Path(str(out) + ".keys").exists()
    finally:
        v.close()
    result = cli("backup", "--vault", link, "--out", out)
    assert result.returncode == 0, result.stderr
    assert out.is_file()


def test_a_hard_link_is_refused_by_a_second_process(closed_vault, tmp_path):
    v = Vault.open(closed_vault, PASSPHRASE)
    try:
        link = tmp_path / "second-name.kvault"
        hard_link_or_skip(closed_vault, link)  # made while the first writer holds the vault
        before = sha256(closed_vault)
        result = run_helper("open_vault.py", link, PASSPHRASE)
        assert result.returncode == 4, result.stdout + result.stderr
        assert result.stdout.startswith("VaultHardLinked: The vault file has more than one name on the disk")
        assert sha256(closed_vault) == before
        assert v.repo.count() == 3  # the first one is unharmed
    finally:
        v.close()
    assert sha256(closed_vault) == sha256(link)  # one file, two names


def test_a_vault_with_two_names_is_refused_under_either_name(closed_vault, tmp_path):
    link = tmp_path / "second-name.kvault"
    hard_link_or_skip(closed_vault, link)
    for name in (closed_vault, link):
        with pytest.raises(VaultHardLinked) as caught:
            Vault.open(name, PASSPHRASE)
        assert "hård länk" in caught.value.message  # the default language of the tests is Swedish
        lock = FileLock(name)
        lock.acquire()  # refused before it was held: nothing left locked
        lock.release()
    result = cli("backup", "--vault", link, "--out", tmp_path / "b.kvault")
    assert result.returncode == 1 and "hard link" in result.stderr and "Internal error" not in result.stderr
    link.unlink()  # one name again: it opens
    Vault.open(closed_vault, PASSPHRASE).close()


def test_a_backup_onto_another_name_of_the_vault_is_refused(closed_vault, tmp_path):
    v = Vault.open(closed_vault, PASSPHRASE)
    try:
        link = tmp_path / "alias.kvault"
        os.link(closed_vault, link)
        before = sha256(closed_vault)
        with pytest.raises(BackupFailed):
            v.backup(link)
        assert sha256(closed_vault) == before
    finally:
        v.close()


def test_the_hard_link_message_in_english():
    i18n.set_language("en")
    assert VaultHardLinked().message.startswith("The vault file has more than one name on the disk (a hard link)")
