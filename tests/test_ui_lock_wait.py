"""A lock (or quit) that waits for a backup has an upper bound.

While a backup runs, Ctrl+L waits for it (the vault is never closed under it), but the
participant disappears from the screen at once and, after ``tasks.LOCK_WAIT_S`` (shrunk
here), a backup that is still not done (a stalled network share) is given up: the
window locks anyway, says what happened, and leaves no partial file behind.

The real window and wizard, keys pressed as a person would; ``Vault.backup`` is replaced
by a stand-in that writes its partial file and then stalls until the test lets it go.
"""
from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (QAbstractButton, QApplication, QFileDialog, QLabel, QLineEdit, QMessageBox,
                               QPlainTextEdit, QTabBar, QTextEdit)

from kartlaggning.i18n import _
from kartlaggning.storage import Vault
from kartlaggning.storage.vault import BackupInfo
from kartlaggning.ui import tasks
from kartlaggning.ui.wizard.wizard import PAGE_MOTIVATION

from test_e2e_gui import click, type_into, unlock
from test_ui_navigation import ADA, PEOPLE, formatted, open_from_list, open_wizard, people, windows  # noqa: F401

CTRL = Qt.KeyboardModifier.ControlModifier
BOUND_S = 0.6


class StalledBackup:
    """``Vault.backup`` as a copy to a share that stops answering: the partial file is
    written, then nothing until ``release``; then it finishes like the real one (rename
    the partial file into place, write the key file) or, with ``finish_anyway``, writes
    the whole copy even though its partial file was taken away (as a copy whose file
    could not be removed while open, on Windows)."""

    def __init__(self, finish_anyway: bool = False):
        self.release = threading.Event()
        self.started = threading.Event()
        self.returned = threading.Event()
        self.finish_anyway = finish_anyway
        self.outcome: list[str] = []

    def __call__(self, vault, out, audit: bool = True) -> BackupInfo:
        out = Path(out)
        part = out.with_name(out.name + ".part")
        try:
            part.write_bytes(b"\x8b half an encrypted copy" * 100)
            self.started.set()
            self.release.wait(20)
            if self.finish_anyway:
                out.write_bytes(b"\x8b a whole encrypted copy")
            else:
                os.replace(part, out)  # FileNotFoundError when the partial file was removed meanwhile
            Path(str(out) + ".keys").write_bytes(b"keys")
            self.outcome.append("finished")
            return BackupInfo(out, out.stat().st_size, hashlib.sha256(out.read_bytes()).hexdigest())
        except BaseException as exc:
            self.outcome.append(type(exc).__name__)
            raise
        finally:
            self.returned.set()


@pytest.fixture
def stalled(monkeypatch):
    made = []

    def install(**kwargs) -> StalledBackup:
        backup = StalledBackup(**kwargs)
        monkeypatch.setattr(Vault, "backup", lambda vault, out, audit=True: backup(vault, out, audit))
        made.append(backup)
        return backup
    yield install
    for backup in made:  # no worker runs on into the next test
        backup.release.set()
        backup.returned.wait(10)


@pytest.fixture(autouse=True)
def short_bound(monkeypatch):
    monkeypatch.setattr(tasks, "LOCK_WAIT_S", BOUND_S)


def choose_backup_target(monkeypatch, target: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))


def visible_texts() -> list[str]:
    """Every text a person could read in any window of the program now."""
    texts = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        for w in [top, *top.findChildren(QLabel), *top.findChildren(QAbstractButton), *top.findChildren(QLineEdit),
                  *top.findChildren(QPlainTextEdit), *top.findChildren(QTextEdit), *top.findChildren(QTabBar)]:
            if not w.isVisible():
                continue
            if isinstance(w, QLabel | QAbstractButton | QLineEdit):
                texts.append(w.text())
            elif isinstance(w, QPlainTextEdit | QTextEdit):
                texts.append(w.toPlainText())
            elif isinstance(w, QTabBar):
                texts.extend(w.tabText(i) for i in range(w.count()))
            texts.append(w.windowTitle())
    return texts


def message_boxes() -> list[QMessageBox]:
    return [b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox) and b.isVisible()]


def press(key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(QApplication.focusWidget(), key, modifiers)


def start_backup_and_wait_for_the_copy(qtbot, w, backup: StalledBackup) -> None:
    w.backup_action.trigger()  # File → Back up the vault…; the file dialog answers with the target
    assert backup.started.wait(10)


def test_the_participant_is_hidden_at_once_and_the_lock_follows_after_the_bound(
        windows, qtbot, stalled, tmp_path, monkeypatch):
    backup = stalled()
    target = tmp_path / "share" / "kopia.kvault"
    target.parent.mkdir()
    choose_backup_target(monkeypatch, target)
    w = windows.start_unlocked()
    page = open_from_list(qtbot, w, ADA)
    wizard = open_wizard(qtbot, page, PAGE_MOTIVATION)
    goal = wizard.motivation_page.mal.editor
    type_into(goal, "Ett jobb på lagret")
    click(qtbot, wizard.participant_button)  # "Visa för deltagaren": a window of its own
    view = wizard._participant_view
    qtbot.waitUntil(view.isVisible, timeout=3000)
    secret = (ADA, formatted(PEOPLE[ADA]), "Ett jobb på lagret")
    assert any(ADA in t for t in visible_texts())  # the test can see a name when there is one

    start_backup_and_wait_for_the_copy(qtbot, w, backup)
    goal.setFocus()
    asked = time.monotonic()
    press(Qt.Key.Key_L, CTRL)  # Ctrl+L while the backup is stuck

    assert w.session.is_unlocked  # the vault is not closed under the backup
    cover = w.lock_wait
    assert cover is not None and cover.isVisible() and QApplication.focusWidget() is cover
    assert cover.title.text() == _("Locking as soon as the backup is done…")
    assert not page.isVisible() and not view.isVisible()
    shown = "\n".join(visible_texts())
    assert not [s for s in secret if s in shown], shown
    # Nothing brings a participant back meanwhile: the list, search, a new participant, settings
    assert not (w.find_action.isEnabled() or w.list_action.isEnabled() or w.new_action.isEnabled()
                or w.settings_action.isEnabled() or w.backup_action.isEnabled())
    press(Qt.Key.Key_F, CTRL)
    press(Qt.Key.Key_N, CTRL)
    assert w.stack.currentWidget() is cover
    qtbot.wait(int(BOUND_S * 1000 / 2))
    assert w.session.is_unlocked and w.lock_wait is cover  # still waiting: the bound is not reached

    qtbot.waitUntil(lambda: not w.session.is_unlocked, timeout=5000)
    waited = time.monotonic() - asked
    assert BOUND_S * 0.9 <= waited < BOUND_S + 3
    assert w.stack.currentWidget() is w.unlock_page and w.lock_wait is None
    assert not any(s in "\n".join(visible_texts()) for s in secret)
    boxes = message_boxes()  # what happened to the backup, over the lock (a path, nothing personal)
    assert len(boxes) == 1 and boxes[0].windowTitle() == _("Backup stopped")
    assert str(target) in boxes[0].text() and "1" in boxes[0].text()
    assert not target.exists() and not target.with_name(target.name + ".part").exists()

    backup.release.set()  # the share answers again: the copy that was given up finds its file gone
    assert backup.returned.wait(10)
    qtbot.waitUntil(lambda: not tasks.running(), timeout=5000)
    assert backup.outcome == ["FileNotFoundError"]
    assert sorted(p.name for p in target.parent.iterdir()) == []
    assert len(message_boxes()) == 1  # nothing more is said about it

    unlock(qtbot, w)  # back where the typing was, every word of it saved
    qtbot.waitUntil(lambda: w.participant_page is not None and w.participant_page.wizard is not None, timeout=5000)
    assert w.participant_page.wizard.motivation_page.mal.editor.toPlainText() == "Ett jobb på lagret"
    assert "backup.created" not in [e.event for e in w.session.vault.audit.entries()]
    assert w.find_action.isEnabled() and w.settings_action.isEnabled()


def test_a_given_up_copy_that_completes_later_leaves_no_backup(windows, qtbot, stalled, tmp_path, monkeypatch):
    backup = stalled(finish_anyway=True)
    target = tmp_path / "kopia.kvault"
    choose_backup_target(monkeypatch, target)
    w = windows.start_unlocked()
    open_from_list(qtbot, w, ADA)
    start_backup_and_wait_for_the_copy(qtbot, w, backup)
    press(Qt.Key.Key_L, CTRL)
    qtbot.waitUntil(lambda: not w.session.is_unlocked, timeout=5000)
    assert message_boxes()[0].windowTitle() == _("Backup stopped")
    backup.release.set()
    assert backup.returned.wait(10)
    qtbot.waitUntil(lambda: not tasks.running(), timeout=5000)
    assert backup.outcome == ["finished"]
    assert not target.exists() and not Path(str(target) + ".keys").exists()  # as the message said


def test_a_backup_done_within_the_bound_is_kept_and_the_lock_follows(windows, qtbot, stalled, tmp_path,
                                                                     monkeypatch):
    monkeypatch.setattr(tasks, "LOCK_WAIT_S", 10.0)
    backup = stalled()
    target = tmp_path / "kopia.kvault"
    choose_backup_target(monkeypatch, target)
    w = windows.start_unlocked()
    page = open_from_list(qtbot, w, ADA)
    start_backup_and_wait_for_the_copy(qtbot, w, backup)
    page.form.first_input().setFocus()
    press(Qt.Key.Key_L, CTRL)
    assert w.lock_wait.isVisible() and not page.isVisible()
    assert "10" in w.lock_wait.detail.text()
    backup.release.set()
    qtbot.waitUntil(lambda: not w.session.is_unlocked, timeout=5000)
    assert backup.outcome == ["finished"] and target.is_file()
    boxes = message_boxes()
    assert len(boxes) == 1 and boxes[0].windowTitle() == _("Backup made")
    assert w.stack.currentWidget() is w.unlock_page and w.lock_wait is None


def test_quit_during_a_stalled_backup_is_bounded_too(windows, qtbot, stalled, tmp_path, monkeypatch):
    backup = stalled()
    target = tmp_path / "kopia.kvault"
    choose_backup_target(monkeypatch, target)
    w = windows.start_unlocked()
    page = open_from_list(qtbot, w, ADA)
    start_backup_and_wait_for_the_copy(qtbot, w, backup)
    page.form.first_input().setFocus()
    press(Qt.Key.Key_Q, CTRL)  # Arkiv → Avsluta
    assert w.isVisible() and w.lock_wait.isVisible() and not page.isVisible()
    assert w.lock_wait.title.text() == _("Closing as soon as the backup is done…")
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=5000)
    assert not w.session.is_unlocked and not w.session.has_lock
    assert not target.with_name(target.name + ".part").exists()
