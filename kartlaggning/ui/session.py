"""The app's hold on one vault: the single-writer file lock (kept for the
app's whole life, also while locked) and the open Vault while unlocked.

Storage is imported on first use, not at start-up (start time matters).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal

from .. import log


class Session(QObject):
    locked = Signal()
    unlocked = Signal()
    # translated message: the open-time checks running after a fast unlock failed (damage),
    # or the unlock could not be recorded (a full disk); the vault is locked again
    damaged = Signal(str)

    CHECK_POLL_MS = 50

    def __init__(self, vault_path: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.vault_path = Path(vault_path)
        self.vault = None  # storage.Vault while unlocked
        self._lock = None  # storage.FileLock once acquired
        self.lock_error: str = ""  # translated, when the lock could not be taken
        self.held_elsewhere = False  # ... because another window or program holds it
        self._lock_failure = None  # the storage error behind lock_error

    # ---- state ---------------------------------------------------------------

    @property
    def exists(self) -> bool:
        return self.vault_path.is_file()

    @property
    def is_folder(self) -> bool:
        """The vault path names a folder (a wrong --vault or vault_path): nothing to open or create."""
        return self.vault_path.is_dir()

    @property
    def has_lock(self) -> bool:
        return self._lock is not None and self._lock.held

    @property
    def file_lock(self):
        """The vault's single-writer lock this window holds (for opening it for maintenance)."""
        self._require_lock()
        return self._lock

    @property
    def already_open(self) -> bool:
        """True when another window or program holds the vault (see lock_error)."""
        return self.held_elsewhere and not self.has_lock

    @property
    def is_unlocked(self) -> bool:
        return self.vault is not None and self.vault.is_open

    @property
    def repo(self):
        if not self.is_unlocked:
            raise RuntimeError("the vault is locked")
        return self.vault.repo

    # ---- the single-writer lock -----------------------------------------------

    def acquire_lock(self) -> bool:
        """Take the vault's lock file. False (with ``lock_error`` set) if another
        instance holds it, or the folder cannot be written (read-only media, a full
        disk); the vault itself is not touched either way."""
        if self.has_lock:
            return True
        from ..storage import FileLock, VaultError, VaultLocked
        from ..storage.faults import os_faults
        from ..storage.files import ensure_private_dir
        try:
            with os_faults(self.vault_path):
                ensure_private_dir(self.vault_path.parent)
            lock = self._lock or FileLock(self.vault_path)
            lock.acquire()
        except VaultError as exc:
            self.lock_error = exc.message
            self.held_elsewhere = isinstance(exc, VaultLocked)
            self._lock_failure = exc
            log.event("vault.already_open" if self.held_elsewhere else "vault.lock_failed",
                      error=type(exc).__name__)
            return False
        self._lock = lock
        self.lock_error = ""
        self.held_elsewhere = False
        self._lock_failure = None
        return True

    def _require_lock(self) -> None:
        if not self.acquire_lock():
            from ..storage import VaultLocked
            raise self._lock_failure or VaultLocked()

    # ---- create / unlock / lock ---------------------------------------------------

    def create(self, passphrase: str) -> str:
        """Create the vault, leave it unlocked, return the recovery key (show it once)."""
        self._require_lock()
        from ..storage import Vault
        try:
            self.vault, recovery_key = Vault.create(self.vault_path, passphrase, lock=self._lock)
        finally:
            self.acquire_lock()  # Vault.create releases the lock when it fails
        log.event("vault.created")
        self.unlocked.emit()
        return recovery_key

    def unlock(self, passphrase: str | None = None, recovery_key: str | None = None,
               accept_restore: bool = False) -> None:
        """Raises storage errors (WrongPassphrase, WrongRecoveryKey, VaultDamaged, …)."""
        if self.is_unlocked:
            return
        self._require_lock()
        from ..storage import Vault
        try:
            self.vault = Vault.open(self.vault_path, passphrase=passphrase, recovery_key=recovery_key,
                                    lock=self._lock, check=False,
                                    accept_restore=accept_restore)
        finally:
            self.acquire_lock()  # Vault.open releases the lock when it fails after taking it
        self._watch_integrity(self.vault.integrity_check_in_background())
        self.unlocked.emit()

    def unlock_in_background(self, on_done: Callable[[], None], on_failed: Callable[[BaseException], None],
                             passphrase: str | None = None, recovery_key: str | None = None,
                             accept_restore: bool = False):
        """``unlock`` with the key derivation and the opening in a worker thread: the
        window keeps painting. ``on_failed`` gets the storage error. Returns the task."""
        from . import tasks
        self._require_lock()
        from ..storage import Vault

        def work(_task):
            return Vault.open(self.vault_path, passphrase=passphrase, recovery_key=recovery_key,
                              lock=self._lock, check=False,
                              accept_restore=accept_restore)

        def done(vault) -> None:
            self.acquire_lock()
            if self.is_unlocked:  # unlocked meanwhile some other way: keep that one
                vault.close(keep_lock=True)
                return
            self.vault = vault
            self._watch_integrity(vault.integrity_check_in_background())
            self.unlocked.emit()
            on_done()

        def failed(exc: BaseException) -> None:
            self.acquire_lock()  # Vault.open releases the lock when it fails after taking it
            on_failed(exc)

        return tasks.run_task(work, done, failed, name="unlock",
                              on_dropped=lambda vault: vault.close(keep_lock=True))

    def _watch_integrity(self, check) -> None:
        """The whole-file checks run in a thread while the list is already shown, and
        nothing is written until they pass (``Vault.await_check``, which then records
        the unlock). Damage, or an unlock that cannot be recorded (a full disk), locks
        the vault again and says why and how to get back."""
        from PySide6.QtCore import QTimer

        vault = self.vault
        timer = QTimer(self)
        timer.setInterval(self.CHECK_POLL_MS)

        def poll() -> None:
            if not check.done.is_set():
                return
            timer.stop()
            timer.deleteLater()
            if self.vault is not vault or not vault.is_open:
                return
            from ..storage import VaultDamaged, VaultError
            try:
                vault.await_check()
            except VaultError as exc:
                log.event("vault.damaged" if isinstance(exc, VaultDamaged) else "vault.unlock_not_recorded",
                          error=type(exc).__name__)
                self.damaged.emit(VaultDamaged().message if isinstance(exc, VaultDamaged) else exc.message)
                if self.vault is vault:  # the window hides everything and locks
                    self.lock()

        timer.timeout.connect(poll)
        timer.start()

    def reset_passphrase(self, recovery_key: str, new_passphrase: str) -> None:
        """Forgotten passphrase: open with the recovery key, set the new passphrase, stay unlocked.

        (Vault.reset_passphrase does the same but takes its own lock, which our
        held lock would refuse.)
        """
        self._require_lock()
        from ..storage import Vault
        from ..storage.keys import check_passphrase
        check_passphrase(new_passphrase)  # before opening: a weak one changes nothing
        try:
            vault = Vault.open(self.vault_path, recovery_key=recovery_key, lock=self._lock)
        finally:
            self.acquire_lock()
        try:
            vault.change_passphrase(new_passphrase)
        except BaseException:
            vault.close(keep_lock=True)
            raise
        self.vault = vault
        self.unlocked.emit()

    def lock(self) -> None:
        """Close the vault connection and forget the key; the file lock stays held."""
        if self.vault is None:
            return
        vault, self.vault = self.vault, None
        vault.close(keep_lock=True)
        log.event("vault.locked")
        self.locked.emit()

    def quit(self) -> None:
        """Close the vault and release the lock (app exit)."""
        if self.vault is not None:
            vault, self.vault = self.vault, None
            vault.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None
