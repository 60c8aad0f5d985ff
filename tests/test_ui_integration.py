"""The shell with its real tabs: Plans tab present, unit settings reachable, and damage
found by the background integrity check locks the window again."""
from __future__ import annotations

from kartlaggning.config import AppConfig
from kartlaggning.models import Participant
from kartlaggning.storage import Vault
from kartlaggning.ui.main_window import MainWindow
from kartlaggning.ui.session import Session

from conftest import PASSPHRASE, make_pnr


def _window(qtbot, path):
    session = Session(path)
    window = MainWindow(session, AppConfig())
    qtbot.addWidget(window)
    window.show()
    window.start()
    return session, window


def test_participant_page_has_the_plans_tab(qtbot, vault_path):
    v, _ = Vault.create(vault_path, PASSPHRASE)
    p = Participant(namn="Plan Testsson", personnummer=make_pnr(3))
    v.repo.save_participant(p)
    v.close()
    session, window = _window(qtbot, vault_path)
    session.unlock(PASSPHRASE)
    page = window.open_participant(p.id)
    assert page.tab_widget("plans") is not None
    assert type(page.tab_widget("plans")).__name__ == "DocumentsTab"
    assert window.unit_action.isEnabled()
    window.shutdown()


def test_background_integrity_check_failure_locks_and_says_why(qtbot, vault_path, monkeypatch):
    v, _ = Vault.create(vault_path, PASSPHRASE)
    v.repo.save_participant(Participant(namn="Skadad Testsson", personnummer=make_pnr(4)))
    v.close()
    from kartlaggning.storage import vault as vault_module
    monkeypatch.setattr(vault_module, "integrity_problems", lambda conn: ["page 3: hmac check failed"])
    session, window = _window(qtbot, vault_path)
    session.unlock(PASSPHRASE)
    assert session.is_unlocked  # the list comes first; the check runs in a thread
    qtbot.waitUntil(lambda: not session.is_unlocked, timeout=5000)
    assert window.stack.currentWidget() is window.unlock_page
    from PySide6.QtWidgets import QLabel
    from kartlaggning.storage import VaultDamaged
    shown = " ".join(label.text() for label in window.findChildren(QLabel) if label.isVisible())
    assert VaultDamaged().message in shown
    assert "Skadad" not in shown
    assert window.participant_page is None
    window.shutdown()


def test_start_runs_once_after_the_first_paint(qtbot):
    from PySide6.QtWidgets import QMainWindow
    from kartlaggning.ui.app import after_first_paint
    window = QMainWindow()
    qtbot.addWidget(window)
    calls = []
    window.show()
    after_first_paint(window, lambda: calls.append(window.isVisible()))
    assert calls == []  # not before the event loop has painted
    qtbot.waitUntil(lambda: calls == [True], timeout=3000)
    window.update()
    qtbot.wait(1200)  # a later paint and the fallback timer do not call it again
    assert calls == [True]


def test_one_save_indicator_and_the_wizard_shows_only_problems(qtbot, vault_path):
    from kartlaggning.models.fields import MAX_TEXT
    v, _ = Vault.create(vault_path, PASSPHRASE)
    p = Participant(namn="Indikator Testsson", personnummer=make_pnr(5))
    v.repo.save_participant(p)
    v.close()
    session, window = _window(qtbot, vault_path)
    session.unlock(PASSPHRASE)
    page = window.open_participant(p.id)
    page.set_current_tab("kartlaggning")
    wizard = page.wizard
    window.autosaver.flush()
    assert wizard.save_state.text() == ""
    wizard.go_to_area("kroppsfunktioner")
    from PySide6.QtWidgets import QPlainTextEdit
    editor = wizard.findChild(QPlainTextEdit, "fakta:kroppsfunktioner")
    editor.setPlainText("x" * (MAX_TEXT + 1))
    window.autosaver.flush()
    assert "utkast" in wizard.save_state.text()  # the problem is said next to the work (in Swedish)
    editor.setPlainText("kort")
    window.autosaver.flush()
    assert wizard.save_state.text() == ""  # corrected: nothing to say
    window.shutdown()
