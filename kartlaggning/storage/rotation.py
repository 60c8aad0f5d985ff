"""Key rotation: the whole vault re-encrypted under a new data key, with a new
recovery key, so that an old copy of ``.keys`` (a backup stick) and the old
passphrase or recovery key no longer read the vault.

The copy is made beside the vault and switched in by renames, so a kill -9 at any
moment leaves a vault that opens with the old secrets or with the new, never neither:

1. ``<vault>.rotating`` gets every table (``sqlcipher_export``) under the new key; it is
   checked (integrity, every table's row count) and synced.
2. ``<vault>.rotating.keys`` gets the new key file (new data key, the passphrase, the
   new recovery key, the copy's salt). The new recovery key is shown now
   (``show_recovery``): nothing has changed yet, and the user can still say no.
3. The vault is closed (checkpointed: no ``-wal`` left to replay onto the copy).
4. The copy replaces the vault (rename), then the new key file replaces ``.keys``.

``settle()`` runs before every open and finishes or undoes what a crash left: with
the copy still there, the switch never happened (the copy and its key file go: the
old secrets hold); with only the new key file left, the database is already the new
one (its salt says so) and the key file follows it.

The lock (``<vault>.lock``) is held from start to end. Old backups stay readable with
the secrets they were made with: rotation protects the vault, not the copies.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import driver
from ..i18n import N_
from .errors import KeyFileDamaged, VaultError
from .files import FileLock, fsync_dir, make_private
from .keymem import attach_keyed, wipe
from .keys import KeyFile, database_salt, keys_path, new_data_key, new_recovery_key

SUFFIX = ".rotating"


class RotationFailed(VaultError):
    text = N_("The keys could not be changed: the new copy of the vault could not be made or checked. "
              "Nothing was changed; the vault opens with its current passphrase and recovery key.")
SIDE_FILES = ("-wal", "-shm", "-journal")


def pending_path(vault_path: Path) -> Path:
    return Path(str(vault_path) + SUFFIX)


def _remove_with_side_files(path: Path) -> None:
    for suffix in ("",) + SIDE_FILES:
        Path(str(path) + suffix).unlink(missing_ok=True)


def settle(vault_path: Path, lock: FileLock) -> str | None:
    """Finish or undo an interrupted rotation of ``vault_path``, under ``lock`` (taken for
    the moment if it is not held). Returns "undone", "finished" or None (nothing there).
    Raises VaultLocked when another process holds the lock (it may be rotating)."""
    copy, new_keys = pending_path(vault_path), keys_path(pending_path(vault_path))
    if not copy.exists() and not new_keys.exists():
        return None
    took = not lock.held
    lock.acquire()
    try:
        return _settle(Path(vault_path), copy, new_keys)
    finally:
        if took:
            lock.release()


def _settle(vault_path: Path, copy: Path, new_keys: Path) -> str:
    if copy.exists():  # the switch never happened: the vault and .keys are the old ones
        _remove_with_side_files(copy)
        new_keys.unlink(missing_ok=True)
        fsync_dir(vault_path.parent)
        return "undone"
    try:
        pending = KeyFile.read(pending_path(vault_path))
    except KeyFileDamaged:  # cut short while it was written: the switch cannot have happened
        new_keys.unlink(missing_ok=True)
        return "undone"
    if pending.database_salt is not None and pending.database_salt == database_salt(vault_path):
        os.replace(new_keys, keys_path(vault_path))  # the database is the new one: its keys follow
        fsync_dir(vault_path.parent)
        return "finished"
    new_keys.unlink(missing_ok=True)  # left beside a vault it does not belong to
    return "undone"


def _export(conn, target: Path, data_key) -> None:
    """Every table, index, trigger and the schema version into ``target`` under ``data_key``."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    old_umask = os.umask(0o077)
    try:
        attach_keyed(conn, target, "rotated", data_key)
        try:
            conn.execute("PRAGMA rotated.cipher_compatibility = 4")
            conn.execute("SELECT sqlcipher_export('rotated')").fetchall()
            conn.execute(f"PRAGMA rotated.user_version = {int(version)}")
        finally:
            conn.execute("DETACH DATABASE rotated")
    finally:
        os.umask(old_umask)
    make_private(target)


def _row_counts(conn) -> dict[str, int]:
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _check_copy(target: Path, data_key, expected: dict[str, int]) -> None:
    from .vault import _keyed_connection, integrity_problems
    conn = _keyed_connection(target, data_key)
    try:
        try:
            problems = integrity_problems(conn)
            counts = _row_counts(conn)
        except driver.DatabaseError as exc:
            raise RotationFailed(type(exc).__name__) from None
    finally:
        conn.close()
    if problems or counts != expected:
        raise RotationFailed("; ".join(problems[:2]) or "row counts")
    with open(target, "rb") as f:
        os.fsync(f.fileno())


def _discard(copy: Path) -> None:
    _remove_with_side_files(copy)
    keys_path(copy).unlink(missing_ok=True)


@dataclass
class Pending:
    """A rotation prepared (steps 1-2): the copy and its key file lie beside the vault."""
    copy: Path
    recovery_key: str
    passphrase: str

    def discard(self) -> None:
        _discard(self.copy)


def prepare(vault, passphrase: str, new_passphrase: str | None = None) -> Pending:
    """Steps 1-2 for the open ``vault``: nothing about the vault has changed yet, and
    ``Pending.discard()`` calls it off. Nothing else may write to ``vault`` meanwhile.

    ``passphrase`` must unlock the vault; it wraps the new data key as it is (the rule
    is for passphrases being chosen), unless ``new_passphrase`` is given (the rule
    applies to that one)."""
    path = Path(vault.path)
    wipe(KeyFile.read(path).unlock(passphrase))  # WrongPassphrase before any work
    data_key, recovery = new_data_key(), new_recovery_key()
    try:
        if new_passphrase is None:
            keyfile = KeyFile.create(data_key, passphrase, recovery, rule=False)
        else:
            keyfile = KeyFile.create(data_key, new_passphrase, recovery)
        copy = pending_path(path)
        _discard(copy)
        try:
            expected = _row_counts(vault.conn)
            _export(vault.conn, copy, data_key)
            _check_copy(copy, data_key, expected)
            keyfile.for_database(database_salt(copy)).write(copy)
        except driver.DatabaseError as exc:
            _discard(copy)
            raise RotationFailed(type(exc).__name__) from None
        except BaseException:
            _discard(copy)
            raise
    finally:
        wipe(data_key)  # the copy's key file holds it wrapped; finish() unwraps it again
    return Pending(copy, recovery, passphrase if new_passphrase is None else new_passphrase)


def finish(vault, pending: Pending):
    """Steps 3-4: close ``vault`` (keeping its lock), switch the copy and its keys in and
    open the vault again under them (audited); returns the open vault."""
    from .vault import Vault
    path = Path(vault.path)
    lock = vault.lock
    vault.close(keep_lock=True)  # checkpointed: nothing left in a -wal to replay onto the copy
    wal = Path(str(path) + "-wal")
    if wal.exists() and wal.stat().st_size:
        pending.discard()
        raise RotationFailed("wal")
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    os.replace(pending.copy, path)  # from here on the new secrets open it (settle() finishes the rest)
    fsync_dir(path.parent)
    os.replace(keys_path(pending.copy), keys_path(path))
    fsync_dir(path.parent)
    reopened = Vault.open(path, passphrase=pending.passphrase, lock=lock)
    reopened.audit.append("vault.keys_rotated")
    return reopened


def rotate(vault, passphrase: str, show_recovery: Callable[[str], bool] | None = None,
           new_passphrase: str | None = None):
    """``prepare``, show the new recovery key, ``finish``: returns ``(vault, recovery_key)``,
    the vault open again under its new keys (holding the same lock). When
    ``show_recovery(key)`` returns False the rotation is called off: the vault stays
    open as it was and None is returned."""
    pending = prepare(vault, passphrase, new_passphrase)
    if show_recovery is not None and not show_recovery(pending.recovery_key):
        pending.discard()
        return None
    return finish(vault, pending), pending.recovery_key
