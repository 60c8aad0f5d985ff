"""Errors and warnings readable in every palette and told to screen readers."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QAccessible, QColor, QPalette
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from kartlaggning.ui import feedback
from kartlaggning.ui.widgets import ErrorLabel, FieldWithError


def themed(qtbot, window: str, text: str) -> QWidget:
    w = QWidget()
    qtbot.addWidget(w)
    palette = w.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(window))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
    w.setPalette(palette)
    return w


@pytest.mark.parametrize("window, text", [("#ffffff", "#000000"), ("#f0f0f0", "#000000"),
                                          ("#202124", "#e8eaed"), ("#000000", "#ffffff"),  # dark, high contrast
                                          ("#000080", "#ffff00")])  # an odd high-contrast scheme
@pytest.mark.parametrize("kind", [feedback.ERROR, feedback.WARNING])
def test_attention_colours_keep_4_5_to_1(qtbot, window, text, kind):
    parent = themed(qtbot, window, text)
    label = QLabel("Fel", parent)
    feedback.paint_attention(label, kind)
    shown = label.palette().color(QPalette.ColorRole.WindowText)
    assert feedback.contrast(shown, QColor(window)) >= 4.5
    assert label.font().bold()
    feedback.paint_attention(label, None)
    assert label.palette().color(QPalette.ColorRole.WindowText) == QColor(text) and not label.font().bold()


def test_the_old_fixed_red_fails_on_dark_which_is_why_it_went():
    assert feedback.contrast(QColor("#b00020"), QColor("#202124")) < 4.5


@pytest.fixture
def announcements(monkeypatch):
    said = []
    real = QAccessible.updateAccessibility

    def record(event):
        if hasattr(event, "message"):
            said.append((event.message(), event.politeness()))
        return real(event)
    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(record))
    return said


def test_an_error_is_announced_once_and_describes_its_field(qtbot, announcements):
    field = QLineEdit()
    box = FieldWithError(field)
    qtbot.addWidget(box)
    field.setAccessibleDescription("Tolv siffror")
    box.error_label.set_message("Kontrollsiffran stämmer inte")
    box.error_label.set_message("Kontrollsiffran stämmer inte")  # the next keystroke, same problem
    assert announcements == [("Kontrollsiffran stämmer inte", QAccessible.AnnouncementPoliteness.Polite)]
    assert field.accessibleDescription() == "Kontrollsiffran stämmer inte"
    box.error_label.set_message("")
    assert field.accessibleDescription() == "Tolv siffror"  # its own description back
    assert not box.error_label.isVisibleTo(box)


def test_a_failed_save_is_announced_at_once(qtbot, announcements):
    from kartlaggning.ui.autosave import FAILED, SAVED
    from kartlaggning.ui.widgets import SavedIndicator
    indicator = SavedIndicator()
    qtbot.addWidget(indicator)
    indicator._show(FAILED, "disk full")
    assert announcements and "disk full" in announcements[-1][0]
    assert announcements[-1][1] == QAccessible.AnnouncementPoliteness.Assertive
    indicator._show(SAVED, "")
    assert len(announcements) == 1


def test_error_label_is_one_class_everywhere():
    from kartlaggning.ui.wizard import common
    assert common.ErrorLabel is ErrorLabel


# ---- one owner for each preference ----------------------------------------------------------------

def test_hiding_the_questions_survives_ok_in_the_settings(qtbot, vault, participant, monkeypatch):
    from PySide6.QtCore import Qt

    from kartlaggning.config import AppConfig
    from kartlaggning.ui.autosave import Autosaver
    from kartlaggning.ui.preferences import Preferences
    from kartlaggning.ui.settings_dialog import SettingsDialog
    from kartlaggning.ui.wizard import KartlaggningWizard
    from kartlaggning.ui import window_state
    prefs = Preferences.install(AppConfig.load())  # what the main window does at start
    heard = []
    window_state.ui_state().changed.connect(heard.append)  # UI state, not a preference
    vault.repo.save_participant(participant)
    wizard = KartlaggningWizard(vault.repo, participant.id, Autosaver())
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.go_to_area("kroppsfunktioner")
    button = wizard.individ_page.editors["kroppsfunktioner"].questions_button
    qtbot.waitUntil(button.isVisible, timeout=3000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # "hide the questions"
    assert heard == ["show_questions"] and AppConfig.load().show_questions is False
    dialog = SettingsDialog(prefs.config)
    qtbot.addWidget(dialog)
    dialog.idle_minutes.setValue(9)
    dialog.apply_to(prefs.config)  # OK in Inställningar saves the same object
    prefs.config.save()
    saved = AppConfig.load()
    assert (saved.show_questions, saved.idle_lock_minutes) == (False, 9)
    again = KartlaggningWizard(vault.repo, participant.id, Autosaver())
    qtbot.addWidget(again)
    assert not any(e.questions.isVisibleTo(e) for e in again.individ_page.editors.values())
