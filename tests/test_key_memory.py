"""Key material leaves memory when the vault is locked (issue 11: data key x2 seen after lock).

A child process opens a vault, works in it and locks it; this process reads the child's
memory (/proc/<pid>/mem, Linux) for the data key (raw and as the hex text SQLCipher is
given) and for the passphrase slot's key-encryption key, while unlocked (the scan sees
them) and after the lock (gone).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PASSPHRASE, make_pnr
from helpers.memscan import count_patterns
from helpers.util import HELPERS, subprocess_env

from kartlaggning.models import Participant
from kartlaggning.storage import Vault, keymem, keys
from kartlaggning.storage.keys import KeyFile

LINUX = sys.platform.startswith("linux")


# ---- the pieces ---------------------------------------------------------------------

def test_wipe_zeroes_the_buffer_in_place():
    key = keymem.new_key()
    view = memoryview(key)
    assert any(key)
    keymem.wipe(key)
    assert bytes(view) == bytes(32) and len(key) == 32


@pytest.mark.skipif(sys.implementation.name != "cpython", reason="scrub writes into CPython objects")
def test_scrub_overwrites_a_copy_held_alone_and_leaves_shared_ones():
    import ctypes
    secret = bytes(bytearray(b"geheim-1234567890"))
    address = id(secret) + bytes.__basicsize__ - 1
    assert keymem.scrub(secret)
    assert ctypes.string_at(address, 17) == bytes(17)
    text = bytearray(b"x'00112233445566'").decode()
    assert keymem.scrub(text) and text == "0" * 17
    shared = bytes(bytearray(b"also held elsewhere"))
    elsewhere = [shared]
    assert not keymem.scrub(shared) and elsewhere[0] == b"also held elsewhere"
    assert not keymem.scrub("ä-not ascii ä") and not keymem.scrub(b"x")


def test_key_text_is_the_raw_key_literal_sqlcipher_takes():
    key = bytearray(range(32))
    text = keymem._key_text("PRAGMA key = \"x'", key, "'\";")
    assert text == f"PRAGMA key = \"x'{bytes(key).hex()}'\";"


def test_the_key_statement_is_not_kept_in_the_statement_cache(vault_path):
    v, _ = Vault.create(vault_path, PASSPHRASE)
    v.close()
    import sqlcipher3
    key = KeyFile.read(vault_path).unlock(PASSPHRASE)
    conn = sqlcipher3.connect(str(vault_path))
    statement = keymem._key_text("PRAGMA key = \"x'", key, "'\";")
    before = sys.getrefcount(statement)
    conn.executescript(statement)
    assert sys.getrefcount(statement) == before  # execute() would hold it until close
    assert conn.execute("SELECT count(*) FROM participants").fetchone() == (0,)
    conn.close()
    keymem.wipe(key)


def test_unlock_returns_a_buffer_and_a_closed_vault_has_wiped_it(vault_path):
    v, _ = Vault.create(vault_path, PASSPHRASE)
    held = v._data_key
    assert isinstance(held, bytearray) and any(held)
    v.close()
    assert held == bytes(32)
    key = KeyFile.read(vault_path).unlock(PASSPHRASE)
    assert isinstance(key, bytearray) and len(key) == 32
    assert KeyFile.read(vault_path).accepts(PASSPHRASE) and not KeyFile.read(vault_path).accepts("fel")


def test_a_vault_reopened_after_its_buffer_was_wiped_still_opens(vault_path):
    """Wiping in place must not reach a key someone still needs: each open has its own."""
    v, _ = Vault.create(vault_path, PASSPHRASE)
    v.repo.save_participant(Participant(namn="Testa Buffert", personnummer=make_pnr(3)))
    v.close()
    again = Vault.open(vault_path, PASSPHRASE, check=False)
    again.await_check()
    assert again.repo.count() == 1
    again.close()


# ---- in a real process --------------------------------------------------------------

def _patterns(vault_path: Path, passphrase: str) -> dict[str, bytes]:
    keyfile = KeyFile.read(vault_path)
    key = bytes(KeyFile.read(vault_path).unlock(passphrase))
    slot = keys._checked_slot(keyfile.passphrase_slot)
    kek = keys._kdf(keys._secret_bytes(passphrase), slot.salt, slot.n)
    return {"data key": key, "data key as text": key.hex().encode(), "data key in upper-case hex": key.hex().upper().encode(),
            "key-encryption key": kek[:32]}


def _run_and_scan(args: list[str], vault_path: Path, passphrase: str) -> tuple[dict, dict]:
    patterns = _patterns(vault_path, passphrase)
    child = subprocess.Popen([sys.executable, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=dict(subprocess_env(), QT_QPA_PLATFORM="offscreen"))
    try:
        child.stdin.write(passphrase + "\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "open", child.stderr.read()
        unlocked = count_patterns(child.pid, patterns)
        child.stdin.write("\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "locked", child.stderr.read()
        locked = count_patterns(child.pid, patterns)
        child.stdin.write("\n")
        child.stdin.flush()
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return unlocked, locked


@pytest.mark.skipif(not LINUX, reason="reads /proc/<pid>/mem")
def test_a_storage_session_leaves_no_key_in_memory_after_lock(vault_path, tmp_path):
    v, _ = Vault.create(vault_path, PASSPHRASE)
    v.close()
    unlocked, locked = _run_and_scan([str(HELPERS / "lock_and_wait.py"), str(vault_path), str(tmp_path / "copy.kvault")],
                                     vault_path, PASSPHRASE)
    assert unlocked["data key"], "the scan does not see the key even while the vault is open"
    assert {name: where for name, where in locked.items() if where} == {}


@pytest.mark.skipif(not LINUX, reason="reads /proc/<pid>/mem")
def test_the_window_leaves_no_key_in_memory_after_ctrl_l(vault_path):
    v, _ = Vault.create(vault_path, PASSPHRASE)
    v.repo.save_participant(Participant(namn="Testa Minnesdotter", personnummer=make_pnr(4), adress="Provgatan 2"))
    v.close()
    unlocked, locked = _run_and_scan([str(HELPERS / "window_lock_and_wait.py"), str(vault_path)], vault_path, PASSPHRASE)
    assert unlocked["data key"], "the scan does not see the key even while the window is unlocked"
    assert {name: where for name, where in locked.items() if where} == {}
