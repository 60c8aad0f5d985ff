"""Idle lock and Ctrl+L: everything saved, every participant detail hidden, the
vault connection closed; unlocking returns to the same participant, tab and
wizard position with nothing lost."""
from __future__ import annotations

import pytest
from conftest import PASSPHRASE, finish_unlock, make_pnr
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox, QWidget

from kartlaggning.config import AppConfig
from kartlaggning.models import Participant
from kartlaggning.ui.idle import IdleWatcher
from kartlaggning.ui.main_window import MainWindow, ParticipantPage
from kartlaggning.ui.session import Session

NAME = "Ingrid Provsdotter"
PNR = make_pnr(5, 1977)


class FakeClock:
    def __init__(self, t: float = 1000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t


class FakeWizard(QLabel):
    built: list["FakeWizard"] = []

    def __init__(self, repo, participant_id, autosaver, clock=None, parent=None):
        super().__init__("wizard", parent)
        self.pos = {"page": 0}
        self.calls: list = []
        FakeWizard.built.append(self)

    def flush(self) -> bool:
        self.calls.append("flush")
        return True

    def position(self) -> dict:
        return dict(self.pos)

    def restore_position(self, pos: dict) -> None:
        self.calls.append(("restore", pos))
        self.pos = dict(pos)

    def shutdown(self) -> None:
        self.calls.append("shutdown")


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def window(qtbot, vault_path, clock, monkeypatch):
    from kartlaggning.storage import Vault
    vault, _key = Vault.create(vault_path, PASSPHRASE)
    vault.repo.save_participant(Participant(namn=NAME, personnummer=PNR))
    vault.repo.save_participant(Participant(namn="Annan Person", personnummer=make_pnr(6, 1988)))
    vault.close()
    FakeWizard.built.clear()
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    w = MainWindow(Session(vault_path), AppConfig(), clock=clock,
                   wizard_factory=lambda repo, pid, saver, clk, parent: FakeWizard(repo, pid, saver, clk, parent))
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=3000)
    w.start()
    unlock(w)
    yield w
    w.close()
    w.session.quit()
    w.deleteLater()


def unlock(w: MainWindow) -> None:
    form = w.unlock_page.unlock_form
    form.passphrase.field.setText(PASSPHRASE)
    form.unlock_button.click()
    finish_unlock(form)
    assert w.session.is_unlocked


def visible_texts(w: MainWindow) -> list[str]:
    texts = [w.windowTitle()]
    for widget in [w, *w.findChildren(QWidget)] + QApplication.topLevelWidgets():
        if not widget.isVisible():
            continue
        for getter in ("text", "toPlainText", "placeholderText", "toolTip", "windowTitle", "currentText"):
            fn = getattr(widget, getter, None)
            if callable(fn):
                try:
                    value = fn()
                except TypeError:
                    continue
                if isinstance(value, str):
                    texts.append(value)
    return texts


def open_ingrid(w: MainWindow) -> ParticipantPage:
    pid = w.session.repo.search("Ingrid")[0].id
    page = w.open_participant(pid)
    assert page is not None
    return page


# ---- the watcher on its own ---------------------------------------------------------------

def test_watcher_fires_once_after_the_limit_and_input_resets_it(qtbot, clock):
    w = QLineEdit()
    qtbot.addWidget(w)
    watcher = IdleWatcher(5, clock)
    fired = []
    watcher.idle.connect(lambda: fired.append(clock.t))
    watcher.arm()
    clock.t += 299
    assert not watcher.check()
    qtbot.keyClick(w, Qt.Key.Key_A)  # input at t0+299 restarts the count
    clock.t += 299
    assert not watcher.check()
    clock.t += 2
    assert watcher.check() and fired == [clock.t]
    clock.t += 600
    assert not watcher.check()  # once per idle spell, until armed again
    assert not watcher.timer.isActive()
    qtbot.keyClick(w, Qt.Key.Key_B)
    assert watcher.last_input != clock.t  # the filter is off while disarmed
    watcher.arm()
    assert not watcher.check()
    watcher.stop()


def test_watcher_counts_mouse_and_wheel(qtbot, clock):
    w = QLineEdit()
    qtbot.addWidget(w)
    watcher = IdleWatcher(1, clock)
    watcher.arm()
    clock.t += 59
    qtbot.mouseClick(w, Qt.MouseButton.LeftButton)
    assert watcher.last_input == clock.t
    clock.t += 30
    assert not watcher.check()
    watcher.stop()


def test_watcher_timer_checks_every_second(qtbot, clock):
    watcher = IdleWatcher(1, clock)
    assert not watcher.timer.isActive()  # nothing runs while locked
    watcher.arm()
    assert watcher.timer.isActive() and watcher.timer.interval() == 1000
    clock.t += 61
    with qtbot.waitSignal(watcher.idle, timeout=3000):
        pass  # fired by the real one-second timer
    watcher.stop()


# ---- the window -----------------------------------------------------------------------------

def test_idle_lock_hides_everything_and_unlock_returns_with_nothing_lost(window, clock, qtbot):
    w = window
    page = open_ingrid(w)
    pid = page.participant_id
    form = page.form
    qtbot.keyClicks(form._line("mobil"), "070-111 22 33")  # user input: the idle count restarts
    bad_pnr = "19771306"
    form._line("personnummer").setText(bad_pnr)  # not a valid number yet: kept, not saved
    assert page.set_current_tab(ParticipantPage.TAB_KARTLAGGNING)
    wizard = page.wizard
    wizard.pos = {"page": 3, "area": "historik"}

    assert any(NAME in t for t in visible_texts(w))  # the check below can see names
    clock.t += 299.9
    assert not w.idle.check()
    form._line("epost").setText("ingrid@example.invalid")  # an edit 0.1 s before the lock
    assert w.autosaver.has_pending
    vault = w.session.vault
    clock.t += 0.1
    assert w.idle.check()  # what the one-second timer does

    assert not w.session.is_unlocked
    assert vault.conn is None  # the connection is closed, the key forgotten
    assert w.session.has_lock
    assert w.stack.currentWidget() is w.unlock_page
    assert w.participant_page is None
    assert w.list_page.model.rowCount() == 0 and w.list_page.search.text() == ""
    assert "flush" in wizard.calls and "shutdown" in wizard.calls
    texts = visible_texts(w)
    assert not any(NAME in t or "Ingrid" in t or PNR[:8] in t or "070-111" in t for t in texts)
    assert "Ingrid" not in w.windowTitle()
    assert not w.new_action.isEnabled() and not w.backup_action.isEnabled()

    unlock(w)
    page = w.participant_page
    assert page is not None and page.participant_id == pid
    assert page.current_tab_key() == ParticipantPage.TAB_KARTLAGGNING
    assert FakeWizard.built[-1] is page.wizard and page.wizard is not wizard
    assert ("restore", {"page": 3, "area": "historik"}) in page.wizard.calls
    form = page.form
    assert form._line("mobil").text() == "070-111 22 33"
    assert form._line("epost").text() == "ingrid@example.invalid"
    assert form._line("personnummer").text() == bad_pnr  # the bad text is back, with its reason
    assert form.fields["personnummer"].row.error()
    stored = w.session.repo.get_participant(pid)
    assert (stored.mobil, stored.epost, stored.personnummer) == ("070-111 22 33", "ingrid@example.invalid", PNR)


def test_lock_on_the_list_returns_to_the_list(window, clock):
    w = window
    clock.t += 5 * 60
    assert w.idle.check()
    assert not w.session.is_unlocked
    unlock(w)
    assert w.stack.currentWidget() is w.list_page
    assert w.list_page.model.rowCount() == 2


def test_ctrl_l_locks(window, qtbot):
    w = window
    page = open_ingrid(w)
    qtbot.keyClick(page.form._line("namn"), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not w.session.is_unlocked
    assert w.participant_page is None
    assert w.unlock_page.unlock_form.isVisible()
    assert w.unlock_page.unlock_form.passphrase.field.hasFocus()


def test_idle_minutes_come_from_the_config(window, clock):
    w = window
    w.config.idle_lock_minutes = 2
    w.lock()
    unlock(w)  # the setting is applied on unlock
    clock.t += 119
    assert not w.idle.check()
    clock.t += 1
    assert w.idle.check()


@pytest.mark.parametrize("minutes, notice", [(1, "Låst efter 1 minut utan aktivitet."),
                                              (2, "Låst efter 2 minuter utan aktivitet.")])
def test_the_idle_notice_counts_in_swedish(window, clock, minutes, notice):
    w = window
    w.config.idle_lock_minutes = minutes
    w.lock()
    unlock(w)
    clock.t += 60 * minutes
    assert w.idle.check()
    assert w.unlock_page.unlock_form.notice.text() == notice


def test_no_idle_lock_while_the_recovery_key_is_shown(window, clock):
    w = window
    w.show_recovery_key("ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-23")
    clock.t += 600
    w.idle.check()
    assert w.session.is_unlocked and w.recovery_dialog.isVisible()
    w.recovery_dialog.confirm.setChecked(True)
    w.recovery_dialog.accept()
    clock.t += 600
    assert w.idle.check() and not w.session.is_unlocked


def test_new_unsaved_participant_survives_a_lock(window, qtbot):
    w = window
    w.new_participant()
    form = w.participant_page.form
    qtbot.keyClicks(form._line("namn"), "Utan Nummer")
    qtbot.keyClicks(form._line("mobil"), "070-999")
    w.lock()
    assert not any("Utan Nummer" in t for t in visible_texts(w))
    unlock(w)
    form = w.participant_page.form
    assert form.is_new
    assert form._line("namn").text() == "Utan Nummer" and form._line("mobil").text() == "070-999"
    qtbot.keyClicks(form._line("personnummer"), make_pnr(9, 1990))
    assert w.autosaver.flush()
    assert not form.is_new
    assert w.session.repo.get_participant(form.participant_id).mobil == "070-999"


def test_lock_closes_open_dialogs(window, qtbot):
    from PySide6.QtWidgets import QDialog
    w = window
    dialog = QDialog(w)
    dialog.show()
    w.lock()
    assert not dialog.isVisible()


def test_lock_happens_even_when_saving_fails(window, monkeypatch):
    w = window
    page = open_ingrid(w)
    page.set_current_tab(ParticipantPage.TAB_KARTLAGGNING)
    monkeypatch.setattr(page.wizard, "flush", lambda: 1 / 0)
    vault = w.session.vault
    w.lock()
    assert not w.session.is_unlocked and vault.conn is None
    assert w.participant_page is None
    assert not any(NAME in t for t in visible_texts(w))
