"""Inställningar → Byt krypteringsnyckel: driven like a person (the menu clicked, the
passphrase typed, the new recovery key's box ticked), then the vault unlocked again
with the same passphrase; the old recovery key no longer opens it."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from kartlaggning.storage import Vault
from kartlaggning.storage.errors import KeyFileMismatch, VaultDamaged
from kartlaggning.storage.keys import KeyFile, keys_path
from kartlaggning.ui.key_rotation import KeyRotationDialog
from kartlaggning.ui.recovery import RecoveryKeyDialog

from conftest import PASSPHRASE
from test_ui_lifecycle import choose, click
from test_ui_wizard import type_into
from test_ui_shell import PEOPLE, list_names, make_window, people_vault, unlock  # noqa: F401 (fixtures)


def shown(kind):
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    return found[-1] if found else None


def when_shown(qtbot, kind, act, timeout_ms: int = 20_000) -> None:
    """Run ``act(dialog)`` once a ``kind`` dialog is on screen (it runs its own event loop)."""
    def poll(left=timeout_ms):
        dialog = shown(kind)
        if dialog is not None:
            act(dialog)
        elif left > 0:
            QTimer.singleShot(50, lambda: poll(left - 50))
    QTimer.singleShot(50, poll)


def recovery_of(vault_path):
    return KeyFile.read(vault_path)


def test_changing_the_key_from_the_menu(qtbot, make_window, people_vault):
    old_recovery_slot = recovery_of(people_vault).recovery_slot
    w = make_window(people_vault)
    unlock(w)
    keys_before = keys_path(people_vault).read_bytes()
    seen = {}

    def type_passphrase(dialog: KeyRotationDialog) -> None:
        type_into(qtbot, dialog.passphrase.field, PASSPHRASE)
        click(qtbot, dialog.ok_button)

    def write_down(dialog: RecoveryKeyDialog) -> None:
        seen["key"] = dialog.key_label.text()
        dialog.reject()  # Escape before the box is ticked: refused
        assert dialog.isVisible()
        click(qtbot, dialog.confirm)
        click(qtbot, dialog.continue_button)

    when_shown(qtbot, KeyRotationDialog, type_passphrase)
    when_shown(qtbot, RecoveryKeyDialog, write_down)
    choose(qtbot, w, w.rotate_action)
    form = w.unlock_page.unlock_form
    qtbot.waitUntil(lambda: "Krypteringsnyckeln är bytt" in form.notice.text(), timeout=30_000)
    assert not w.session.is_unlocked and w.session.has_lock
    assert keys_path(people_vault).read_bytes() != keys_before

    type_into(qtbot, form.passphrase.field, PASSPHRASE)  # the passphrase is the same
    qtbot.keyClick(form.passphrase.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.session.is_unlocked and w.list_page is not None
                    and sorted(list_names(w)) == sorted(p.namn for p in PEOPLE), timeout=30_000)
    assert [e.event for e in w.session.vault.audit.entries()][-3:].count("vault.keys_rotated") == 1

    keyfile = recovery_of(people_vault)
    assert keyfile.recovery_slot != old_recovery_slot
    keyfile.recover(seen["key"])  # the key shown opens it
    w.close()
    w.session.quit()
    keys_path(people_vault).write_bytes(keys_before)  # an old copy of .keys put back
    with pytest.raises((KeyFileMismatch, VaultDamaged)):
        Vault.open(people_vault, PASSPHRASE)


def test_a_wrong_passphrase_is_said_in_the_dialog_and_nothing_changes(qtbot, make_window, people_vault):
    w = make_window(people_vault)
    unlock(w)
    keys_before = keys_path(people_vault).read_bytes()
    result = {}

    def wrong_then_cancel(dialog: KeyRotationDialog) -> None:
        type_into(qtbot, dialog.passphrase.field, "inte min lösenfras")
        click(qtbot, dialog.ok_button)
        qtbot.waitUntil(lambda: bool(dialog.passphrase.error_label.text()), timeout=20_000)
        result["error"] = dialog.passphrase.error_label.text()
        result["kept"] = dialog.passphrase.field.text()
        dialog.reject()

    when_shown(qtbot, KeyRotationDialog, wrong_then_cancel)
    choose(qtbot, w, w.rotate_action)
    qtbot.waitUntil(lambda: "error" in result, timeout=30_000)
    assert result["error"] == "Fel lösenfras. Nyckeln byttes inte."
    assert result["kept"] == "inte min lösenfras"
    assert w.session.is_unlocked  # never locked
    assert keys_path(people_vault).read_bytes() == keys_before
