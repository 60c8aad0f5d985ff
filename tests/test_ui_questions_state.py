"""The wizard's "show the guiding questions" toggle is UI state, not a preference.

It is kept beside the window geometry (window-state.json), IT's defaults.json gives
its starting value, and the Settings dialog neither offers nor writes it: hiding the
questions and then pressing OK in Inställningar never brings them back, and a restart
keeps what the user chose. The real window and wizard, clicked as a person would.
"""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from kartlaggning import paths
from kartlaggning.config import AppConfig
from kartlaggning.ui import preferences, window_state
from kartlaggning.ui.main_window import MainWindow
from kartlaggning.ui.session import Session
from kartlaggning.ui.settings_dialog import SettingsDialog
from kartlaggning.ui.wizard.wizard import PAGE_INDIVID

from test_e2e_gui import click, unlock
from test_ui_navigation import ADA, KARTLAGGNING, open_from_list, open_wizard, people  # noqa: F401

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def it_hides_the_questions(tmp_path, monkeypatch):
    """IT's defaults.json on this machine: the questions start hidden."""
    path = tmp_path / "it" / "defaults.json"
    path.parent.mkdir()
    path.write_text(json.dumps({"show_questions": False}), "utf-8")
    monkeypatch.setenv(paths.DEFAULTS_ENV, str(path))
    return path


@pytest.fixture
def start(qtbot, vault_path, people, monkeypatch):  # noqa: F811
    """Start the program as at a real start: the settings and the window state read from
    their files (``restart`` forgets what this process had loaded)."""
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    opened = []

    def start_window(restart: bool = False) -> MainWindow:
        if restart:
            window_state._states.clear()
            preferences._shared = None
        w = MainWindow(Session(vault_path), AppConfig.load())
        w.resize(1300, 860)
        w.show()
        w.activateWindow()
        qtbot.waitUntil(w.isActiveWindow, timeout=3000)
        w.start()
        opened.append(w)
        unlock(qtbot, w)
        return w
    yield start_window
    for w in opened:
        if w.isVisible():
            w.close()
        w.session.quit()
        w.deleteLater()


def questions_shown(wizard) -> list[bool]:
    """For every area: are its questions shown?"""
    return [e.questions.isVisibleTo(e) for page in (wizard.individ_page, wizard.omgivning_page)
            for e in page.editors.values()]


def ok_in_the_settings(qtbot, w: MainWindow, monkeypatch, idle_minutes: str | None = None) -> None:
    """Inställningar from the menu, perhaps another idle time typed, then OK clicked."""
    def exec_(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        if idle_minutes is not None:
            field = dialog.idle_minutes.lineEdit()
            field.selectAll()
            QTest.keyClicks(field, idle_minutes)
        qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok), LEFT)
        return dialog.result()
    monkeypatch.setattr(SettingsDialog, "exec", exec_)
    w.settings_action.trigger()


def settings_file() -> dict:
    return json.loads(AppConfig.path().read_text("utf-8")) if AppConfig.path().exists() else {}


def test_ok_in_the_settings_never_undoes_the_toggle_and_a_restart_keeps_it(
        start, qtbot, monkeypatch, it_hides_the_questions):
    w = start()
    page = open_from_list(qtbot, w, ADA)
    wizard = open_wizard(qtbot, page, PAGE_INDIVID)
    editor = wizard.individ_page.current_editor
    assert not any(questions_shown(wizard))  # IT's starting value: hidden

    click(qtbot, editor.questions_button)  # "Visa frågor"
    assert all(questions_shown(wizard))
    ok_in_the_settings(qtbot, w, monkeypatch, idle_minutes="9")
    assert w.idle.minutes == 9 and all(questions_shown(wizard))  # not back to IT's value

    click(qtbot, editor.questions_button)  # "Dölj frågor"
    assert not any(questions_shown(wizard))
    ok_in_the_settings(qtbot, w, monkeypatch)
    assert not any(questions_shown(wizard))
    click(qtbot, editor.questions_button)
    ok_in_the_settings(qtbot, w, monkeypatch, idle_minutes="12")
    assert all(questions_shown(wizard))
    # The settings hold the preferences only; the toggle is with the window state
    assert settings_file() == {"idle_lock_minutes": 12}
    state = json.loads((paths.config_dir() / "window-state.json").read_text("utf-8"))
    assert state["values"] == {"show_questions": True}
    dialog = SettingsDialog(w.config)
    qtbot.addWidget(dialog)
    assert set(dialog.choices()) == {"language", "idle_lock_minutes"}  # the dialog does not offer the toggle
    w.close()

    w = start(restart=True)  # unlocking returns to the same participant and wizard step
    qtbot.waitUntil(lambda: w.participant_page is not None and w.participant_page.wizard is not None,
                    timeout=5000)
    wizard = w.participant_page.wizard
    assert w.participant_page.current_tab_key() == KARTLAGGNING
    assert all(questions_shown(wizard))  # the user's choice, not IT's hidden
    assert w.idle.minutes == 12


def test_without_a_choice_it_is_followed(start, qtbot, it_hides_the_questions):
    w = start()
    wizard = open_wizard(qtbot, open_from_list(qtbot, w, ADA), PAGE_INDIVID)
    assert not any(questions_shown(wizard))
    w.close()
    it_hides_the_questions.write_text(json.dumps({"show_questions": True}), "utf-8")  # IT changes its mind
    w = start(restart=True)
    qtbot.waitUntil(lambda: w.participant_page is not None and w.participant_page.wizard is not None,
                    timeout=5000)
    assert all(questions_shown(w.participant_page.wizard))
    assert not (paths.config_dir() / "window-state.json").exists() or \
        "values" not in json.loads((paths.config_dir() / "window-state.json").read_text("utf-8"))
