"""File → Back up: choose where, then copy and verify the vault off the UI thread.

While the copy runs the window keeps painting, a busy cursor shows after a
moment, and a lock (Ctrl+L, idle) waits until the backup is done: the vault is
never closed under it. The copy reads through a connection of its own, so saves
go on meanwhile; the audit entry is written on the UI thread afterwards. The
outcome (a path, no personal data) stays on screen even if the lock comes next.

The lock waits at most ``tasks.LOCK_WAIT_S`` (the window hides the participant
at once). A backup still running then (a stalled network share) is given up: the
user is told it did not finish, its partial file (``<target>.part``) is removed at
once where the system allows and otherwise when the copy returns, and should the
copy still complete afterwards, that file and its key file are removed too, so what
the message said (no backup there) stays true and no backup exists without its
audit entry. A thread stuck in a write cannot be killed; it ends with the process.
"""
from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from .. import log, paths
from ..i18n import _, ngettext
from . import tasks

KEEP_ON_LOCK = "keepOnLock"  # a dialog property: the lock leaves it open (it shows no personal data)


def ask_target(parent: QWidget) -> Path | None:
    """The backup file the user chose (``.kvault`` added), None if cancelled."""
    folder = paths.ensure_private(paths.backups_dir())
    suggestion = folder / f"kartlaggning-{date.today().isoformat()}.kvault"
    name, _filter = QFileDialog.getSaveFileName(parent, _("Back up the vault"), str(suggestion),
                                                _("Kartläggning vault (*.kvault)"))
    if not name:
        return None
    target = Path(name)
    return target if target.suffix == ".kvault" else target.with_name(target.name + ".kvault")


def start_backup(parent: QWidget, vault, target: Path,
                 finished: Callable[[object | None], None] | None = None) -> tasks.Task:
    """Copy ``vault`` to ``target`` in a worker thread; tell the user how it went.
    ``finished`` gets the BackupInfo, or None when it failed."""

    def done(info) -> None:
        if vault.is_open:
            vault.audit.append("backup.created", detail=info.sha256[:16])
        text = _("The backup was written and checked:\n{path}\n\nIt is encrypted with the same passphrase. "
                 "Keep it together with its key file {keys}.").format(path=info.path, keys=info.path.name + ".keys")
        if info.audit_seq:  # to note down: compared later with the audit log (docs/audit-log.md)
            text += "\n\n" + _("Audit log of the copy: last entry {seq}, fingerprint {fingerprint}.").format(
                seq=info.audit_seq, fingerprint=info.audit_fingerprint)
        tell(parent, QMessageBox.Icon.Information, _("Backup made"), text)
        if finished is not None:
            finished(info)

    def failed(exc: BaseException) -> None:
        from ..storage import VaultError
        log.event("backup.failed", error=type(exc).__name__)
        if isinstance(exc, VaultError):
            message = exc.message
        elif isinstance(exc, OSError):
            from ..storage.faults import describe  # a full disk, a read-only stick: in words
            message = _("The backup could not be written: {error}").format(
                error=describe(exc) or exc.strerror or type(exc).__name__)
        else:
            message = _("The backup could not be made ({error}).").format(error=type(exc).__name__)
        tell(parent, QMessageBox.Icon.Warning, _("Backup failed"), message)
        if finished is not None:
            finished(None)

    def abandoned() -> None:
        """The lock stopped waiting (UI thread): say so; the partial file goes."""
        log.event("backup.abandoned")
        remove_partial(target)
        n = max(1, round(tasks.LOCK_WAIT_S))
        tell(parent, QMessageBox.Icon.Warning, _("Backup stopped"), ngettext(
            "The backup to {path} did not finish within {n} second, so it was stopped when the program "
            "locked. No backup was saved there; what had been written is removed.\n\nBack up again once the "
            "vault is unlocked. If the folder is on a network drive, check the connection or choose another "
            "folder.",
            "The backup to {path} did not finish within {n} seconds, so it was stopped when the program "
            "locked. No backup was saved there; what had been written is removed.\n\nBack up again once the "
            "vault is unlocked. If the folder is on a network drive, check the connection or choose another "
            "folder.", n).format(path=target, n=n))
        if finished is not None:
            finished(None)

    def after_abandoned(info, _error) -> None:
        """(Worker thread.) The given-up copy returned at last: leave nothing of it."""
        remove_partial(target)
        if info is not None:  # it completed after all: the user was told there is no backup
            for path in (target, Path(str(target) + ".keys"), Path(str(target) + ".anchor")):
                with contextlib.suppress(OSError):
                    path.unlink()

    return tasks.run_task(lambda _task: vault.backup(target, audit=False), done, failed, name="backup",
                          uses_vault=True, on_abandoned=abandoned, after_abandoned=after_abandoned)


def partial_files(target: Path) -> list[Path]:
    """What ``Vault.backup`` writes before the copy is checked and renamed to ``target``."""
    part = target.with_name(target.name + ".part")
    return [part, *(Path(str(part) + suffix) for suffix in ("-journal", "-wal", "-shm"))]


def remove_partial(target: Path) -> None:
    """Remove an unfinished copy (on Windows an open file cannot go yet: again later)."""
    for path in partial_files(target):
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            log.event("backup.partial_kept", error=type(exc).__name__)


def tell(parent: QWidget | None, icon, title: str, text: str) -> QMessageBox:
    """The outcome, in a box that does not block and that a lock leaves open."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setProperty(KEEP_ON_LOCK, True)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
