"""File → Back up: choose where, then copy and verify the vault off the UI thread.

While the copy runs the window keeps painting, a busy cursor shows after a
moment, and a lock (Ctrl+L, idle) waits until the backup is done: the vault is
never closed under it. The copy reads through a connection of its own, so saves
go on meanwhile; the audit entry is written on the UI thread afterwards. The
outcome (a path, no personal data) stays on screen even if the lock comes next.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from typing import Callable

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

KEEP_ON_LOCK = "keepOnLock"  # a dialog property: the lock leaves it open (it shows no personal data)

from .. import log, paths
from ..i18n import _
from . import tasks


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
        tell(parent, QMessageBox.Icon.Information, _("Backup made"), _(
            "The backup was written and checked:\n{path}\n\nIt is encrypted with the same passphrase. "
            "Keep it together with its key file {keys}.").format(path=info.path, keys=info.path.name + ".keys"))
        if finished is not None:
            finished(info)

    def failed(exc: BaseException) -> None:
        from ..storage import VaultError
        log.event("backup.failed", error=type(exc).__name__)
        if isinstance(exc, VaultError):
            message = exc.message
        elif isinstance(exc, OSError):
            message = _("The backup could not be written: {error}").format(error=exc.strerror or type(exc).__name__)
        else:
            message = _("The backup could not be made ({error}).").format(error=type(exc).__name__)
        tell(parent, QMessageBox.Icon.Warning, _("Backup failed"), message)
        if finished is not None:
            finished(None)

    return tasks.run_task(lambda _task: vault.backup(target, audit=False), done, failed, name="backup",
                          uses_vault=True)


def tell(parent: QWidget | None, icon, title: str, text: str) -> QMessageBox:
    """The outcome, in a box that does not block and that a lock leaves open."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setProperty(KEEP_ON_LOCK, True)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
