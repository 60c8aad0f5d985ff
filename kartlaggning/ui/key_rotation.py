"""Settings → Change the encryption key…: the vault re-encrypted under a new data key
with a new recovery key (storage/rotation.py), for when a copy of the key file or the
recovery key may have gone astray.

The passphrase is asked first and checked off the UI thread. Then the window locks
(everything saved, nothing personal on screen), the copy is made in a worker thread,
the new recovery key is shown (it cannot be dismissed before the user says it is
written down), the copy is switched in, and the unlock page asks for the passphrase.
"""
from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from .. import log
from ..i18n import _
from . import tasks
from .widgets import add_field


class KeyRotationDialog(QDialog):
    """What a key change does, and the current passphrase (checked before it closes)."""

    def __init__(self, vault_path, parent: QWidget | None = None):
        super().__init__(parent)
        self.vault_path = vault_path
        self.setWindowTitle(_("Change the encryption key"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("The whole vault is encrypted anew under a new key, and you get a new recovery key. "
                         "The old recovery key and old copies of the key file (.keys) stop working. Your "
                         "passphrase stays the same. Backups made before keep their old keys: make a new "
                         "backup afterwards, and destroy the old recovery key."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        edit = QLineEdit()
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setMaxLength(1024)
        self.passphrase = add_field(form, _("Current &passphrase:"), edit)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(_("&Change the key"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.check)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._task = None

    def check(self) -> None:
        """The passphrase against the key file, in a worker (the key derivation takes a moment)."""
        if self._task is not None:
            return
        from ..storage import Vault
        typed = self.passphrase.field.text()
        self.passphrase.set_error("")
        self.ok_button.setEnabled(False)
        self.passphrase.field.setReadOnly(True)

        def checked(right: bool) -> None:
            if not shiboken6.isValid(self):
                return
            self._task = None
            self.ok_button.setEnabled(True)
            self.passphrase.field.setReadOnly(False)
            if right:
                self.accept()
                return
            self.passphrase.set_error(_("Wrong passphrase. The key was not changed."))
            self.passphrase.field.setFocus()
            self.passphrase.field.selectAll()

        def failed(exc: BaseException) -> None:
            checked(False)
            from ..storage.faults import describe
            self.passphrase.set_error(describe(exc) or _("The key file could not be read ({error}).").format(
                error=type(exc).__name__))

        self._task = tasks.run_task(lambda _t: Vault.check_passphrase(self.vault_path, typed), checked, failed,
                                    name="rotation.check")

    @property
    def typed(self) -> str:
        return self.passphrase.field.text()


def change_keys(window) -> None:
    """The whole action, from the menu of an unlocked window."""
    session = window.session
    if not session.is_unlocked:
        return
    dialog = KeyRotationDialog(session.vault_path, window)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    passphrase = dialog.typed
    dialog.passphrase.field.clear()
    dialog.deleteLater()
    if not accepted:
        return
    window.lock(_("Changing the encryption key…"))
    if session.is_unlocked:  # a print or a backup is being finished: the lock comes after it
        window.statusBar().showMessage(_("The key was not changed: try again when the backup or print is done."))
        return
    _prepare(window, passphrase)


def _prepare(window, passphrase: str) -> None:
    from ..storage import Vault
    from ..storage import rotation
    session = window.session
    page = window.unlock_page

    def work(_task):
        vault = Vault.open(session.vault_path, passphrase=passphrase, lock=session.file_lock)
        try:
            return vault, rotation.prepare(vault, passphrase)
        except BaseException:
            vault.close(keep_lock=True)
            raise

    def prepared(result) -> None:
        vault, pending = result
        from .recovery import RecoveryKeyDialog
        shown = RecoveryKeyDialog(pending.recovery_key, window)
        shown.exec()  # closes only once "written down" is ticked
        shown.deleteLater()
        tasks.run_task(lambda _t: _finish(vault, pending), switched, failed, name="rotation.finish",
                       uses_vault=True)

    def switched(_result) -> None:
        log.event("vault.keys_rotated")
        page.show_unlock(_("The encryption key has been changed and the new recovery key replaces the old one. "
                           "Unlock with your passphrase, then make a new backup."))

    def failed(exc: BaseException) -> None:
        log.event("vault.rotation_failed", error=type(exc).__name__)
        from ..storage.faults import describe
        message = describe(exc) or _("The key could not be changed ({error}).").format(error=type(exc).__name__)
        page.show_unlock(message + " " + _("Unlock with your passphrase as before."))

    tasks.run_task(work, prepared, failed, name="rotation.prepare", uses_vault=True,
                   on_dropped=lambda result: _drop(*result))


def _finish(vault, pending) -> None:
    from ..storage import rotation
    reopened = rotation.finish(vault, pending)
    reopened.close(keep_lock=True)


def _drop(vault, pending) -> None:
    """A prepared rotation nobody will finish (the window was closed): nothing changes."""
    pending.discard()
    vault.close(keep_lock=True)
