"""File → Back up: choose where, then copy and verify the vault off the UI thread.

While the copy runs the window keeps painting, a busy cursor shows after a
moment, and a lock (Ctrl+L, idle) waits until the backup is done: the vault is
never closed under it.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

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
        QMessageBox.information(parent, _("Backup made"), _(
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
        QMessageBox.warning(parent, _("Backup failed"), message)
        if finished is not None:
            finished(None)

    return tasks.run_task(lambda _task: vault.backup(target), done, failed, name="backup", uses_vault=True)
