"""The participant's self-rating (självskattning) in the window: the Plans tab's
"Self-ratings" sub-tab, typed and clicked like a person (real key events into the real
fields, real clicks on the real buttons), then a lock (Ctrl+L) from inside the field and a
look at what the vault holds."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from kartlaggning import i18n
from kartlaggning.config import AppConfig
from kartlaggning.models.areas import AREA_KEYS
from kartlaggning.models.selfrating import SelfRatingSettings
from kartlaggning.services import selfrating
from kartlaggning.storage import Vault
from kartlaggning.storage.drafts import Drafts
from kartlaggning.ui.main_window import MainWindow
from kartlaggning.ui.session import Session

from conftest import PASSPHRASE
from test_e2e_gui import type_text, unlock
from test_ui_method import _fill, answer_questions, click, click_into, lock_from, replace_text, stored, sub_tab

YES = QMessageBox.StandardButton.Yes
_ = i18n._


@pytest.fixture
def world(qtbot, vault_path):
    """``make(stage, prepare)``: a vault with a participant (test_ui_method's, at ``stage``;
    ``prepare(repo, ids)`` adds to it), the real window unlocked on the participant.
    ``reopen(ids)``: the window again on the same vault (after a lock)."""
    windows = []

    def show(ids):
        window = MainWindow(Session(vault_path), AppConfig())
        qtbot.addWidget(window)
        window.resize(1400, 1000)
        window.show()
        window.start()
        unlock(qtbot, window)
        page = window.open_participant(ids["participant"])
        windows.append(window)
        return window, page

    def make(stage="mapped", prepare=None):
        v, _recovery = Vault.create(vault_path, PASSPHRASE)
        ids = _fill(v.repo, stage)
        if prepare is not None:
            prepare(v.repo, ids)
        v.close()
        return (*show(ids), ids)

    make.reopen = show
    yield make
    for window in windows:
        window.shutdown()


def editor_on(qtbot, page, today: date):
    editor = sub_tab(qtbot, page, "sjalvskattning")
    editor._today = lambda: today  # the day the participant rates
    editor._refresh_due()
    return editor


def row(editor, area: str):
    return editor.rows[AREA_KEYS.index(area)]


def test_a_self_rating_typed_and_locked_from_inside_the_field_keeps_everything(qtbot, world, vault_path):
    window, page, ids = world()
    editor = editor_on(qtbot, page, date(2027, 1, 12))
    assert editor.stack.currentIndex() == 0  # none yet: said, with the button to start one
    assert editor.empty_due.text() == _("No self-rating yet: the first one can be made now.")
    click(qtbot, editor.new_button)
    assert editor.doc is not None and editor.doc.datum == date(2027, 1, 12)
    assert QApplication.focusWidget() is editor.rows[0].own  # ready to type the first area
    assert editor.scale.text() == _("From {low} to {high}: {low} is the hardest, {high} the best it can be.").format(
        low=0, high=10)
    assert "2027-04-12" in editor.due.text()  # every three months unless the unit chose otherwise
    bar = editor.print_bar  # nothing of it is printed: no print buttons, no layout to choose
    shown = (bar.print_button, bar.pdf_button, getattr(bar, "variant_box", bar.pdf_button))
    assert not any(w.isVisible() for w in shown)
    type_text(editor.rows[0].own, "4")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # Tab goes along the row: own, words, view
    assert QApplication.focusWidget() is editor.rows[0].comment
    type_text(editor.rows[0].comment, "Ryggen är bättre, men trappor är svåra")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor.rows[0].staff
    type_text(editor.rows[0].staff, "5")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor.rows[1].own  # then the next area
    type_text(click_into(qtbot, row(editor, "arbete").own), "8")
    type_text(click_into(qtbot, row(editor, "arbete").staff), "7")
    field = click_into(qtbot, row(editor, "natverk").comment)
    type_text(field, "Min handledare hjälper mig")
    lock_from(qtbot, window, field)  # Ctrl+L without leaving the text box

    ratings = stored(vault_path, lambda repo: selfrating.ratings(repo, ids["participant"]))
    assert len(ratings) == 1
    r = ratings[0]
    assert r.datum == date(2027, 1, 12) and (r.skala_min, r.skala_max) == (0, 10)
    assert (r.rating("kroppsfunktioner").egen, r.rating("kroppsfunktioner").handlaggare) == (4, 5)
    assert r.rating("kroppsfunktioner").kommentar == "Ryggen är bättre, men trappor är svåra"
    assert (r.rating("arbete").egen, r.rating("arbete").handlaggare) == (8, 7)
    assert r.rating("natverk").kommentar == "Min handledare hjälper mig"
    assert r.rating("stress").egen is None  # not rated: nothing invented


def test_a_bad_rating_is_said_at_the_area_and_what_was_typed_is_kept(qtbot, world, vault_path):
    window, page, ids = world()
    editor = editor_on(qtbot, page, date(2027, 1, 12))
    click(qtbot, editor.new_button)
    stress = row(editor, "stress")
    type_text(click_into(qtbot, stress.own), "6")
    assert editor.autosaver.flush()
    replace_text(qtbot, stress.own, "6,5")  # no whole number (the scale has no halves)
    message = _("Give a number from {low} to {high}.").format(low=0, high=10)
    assert stress.error.isVisible()
    assert message in stress.error.text() and _("Own rating") in stress.error.text()
    assert stress.own.text() == "6,5"
    replace_text(qtbot, row(editor, "fritid").staff, "sju")  # a word, in the handläggare's column
    fritid = row(editor, "fritid")
    assert fritid.error.isVisible() and _("Handläggare's view") in fritid.error.text()
    assert not row(editor, "arbete").error.isVisible()  # only where it is wrong
    assert editor.print_bar.drafts_label.isVisible()  # "2 fields could not be saved"
    lock_from(qtbot, window, fritid.staff)

    def read(repo):
        r = selfrating.ratings(repo, ids["participant"])[0]
        return r, Drafts(repo.vault).of(r.id)
    r, drafts = stored(vault_path, read)
    # a field of the twelve rows that cannot be read is saved blank (as every list row's field) …
    assert r.rating("stress").egen is None and r.rating("fritid").handlaggare is None
    assert drafts[f"betyg[{AREA_KEYS.index('stress')}].egen"].text == "6,5"  # … and the typed text is kept
    assert drafts[f"betyg[{AREA_KEYS.index('fritid')}].handlaggare"].text == "sju"

    window, page = world.reopen(ids)  # after the lock: the typed text is where it was typed, still marked
    editor = editor_on(qtbot, page, date(2027, 1, 12))
    stress = row(editor, "stress")
    assert stress.own.text() == "6,5" and message in stress.error.text()
    replace_text(qtbot, stress.own, "9")
    assert not stress.error.isVisible()
    replace_text(qtbot, row(editor, "fritid").staff, "7")
    assert editor.autosaver.flush()
    r, drafts = stored_now(editor, ids)
    assert (r.rating("stress").egen, r.rating("fritid").handlaggare) == (9, 7) and drafts == {}


def stored_now(editor, ids):
    r = selfrating.ratings(editor.repo, ids["participant"])[0]
    return r, Drafts(editor.repo.vault).of(r.id)


def test_the_units_scale_the_time_before_and_the_next_due_date(qtbot, world):
    def prepare(repo, ids):
        selfrating.save_settings(repo, SelfRatingSettings(skala_min=1, skala_max=5, intervall_manader=6))
    window, page, ids = world(prepare=prepare)
    editor = editor_on(qtbot, page, date(2027, 1, 12))
    click(qtbot, editor.new_button)
    assert "1" in editor.scale.text() and "5" in editor.scale.text()
    replace_text(qtbot, editor.rows[0].own, "0")  # below the unit's scale
    assert _("Give a number from {low} to {high}.").format(low=1, high=5) in editor.rows[0].error.text()
    replace_text(qtbot, editor.rows[0].own, "3")
    assert not editor.rows[0].error.isVisible()
    assert "2027-07-12" in editor.due.text()  # six months, the unit's choice

    editor._today = lambda: date(2027, 8, 1)  # later than due: the next one is late
    editor._refresh_due()
    assert editor.due.text() == i18n.ngettext(
        "The next self-rating was due on {date} (the unit repeats it every month).",
        "The next self-rating was due on {date} (the unit repeats it every {months} months).", 6).format(
            date="2027-07-12", months=6)
    click(qtbot, editor.new_button)
    assert editor.series.count() == 2 and editor.series.currentRow() == 1
    assert editor.doc.datum == date(2027, 8, 1)
    assert editor.rows[0].own.text() == ""  # rated afresh …
    assert editor.rows[0].before.text() == "3"  # … beside the time before
    assert editor.rows[1].before.text() == "–"
    click(qtbot, editor.series.viewport(), editor.series.visualItemRect(editor.series.item(0)).center())
    assert editor.doc.datum == date(2027, 1, 12) and editor.rows[0].own.text() == "3"
    assert editor.rows[0].before.text() == "–"  # the first one has none before it


def test_a_date_that_is_no_date_is_said_and_kept_and_a_rating_is_deleted(qtbot, world, monkeypatch):
    window, page, ids = world()
    editor = editor_on(qtbot, page, date(2027, 1, 12))
    click(qtbot, editor.new_button)
    replace_text(qtbot, editor.datum.line_edit, "2027-13-01")
    assert editor.datum.line_edit.text() == "2027-13-01"
    assert editor.doc.datum == date(2027, 1, 12)  # the last good date is what is saved
    replace_text(qtbot, editor.datum.line_edit, "2027-01-15")
    assert editor.autosaver.flush()
    assert editor.series.item(0).text() == _("Self-rating {date}").format(date="2027-01-15")
    assert selfrating.ratings(editor.repo, ids["participant"])[0].datum == date(2027, 1, 15)
    asked = answer_questions(monkeypatch, YES)
    click(qtbot, editor.delete_button)
    assert len(asked) == 1 and "2027-01-15" in asked[0]
    assert selfrating.ratings(editor.repo, ids["participant"]) == []
    assert editor.stack.currentIndex() == 0 and not editor.delete_button.isEnabled()


def test_ctrl_l_right_after_typing_a_rating_keeps_it(qtbot, world, vault_path):
    """No pause, no Tab: the digit typed last is in the vault after the lock."""
    window, page, ids = world()
    editor = editor_on(qtbot, page, date(2027, 1, 12))
    click(qtbot, editor.new_button)
    field = editor.rows[0].own
    QTest.keyClick(field, Qt.Key.Key_7)
    lock_from(qtbot, window, field)
    r = stored(vault_path, lambda repo: selfrating.ratings(repo, ids["participant"])[0])
    assert r.rating(AREA_KEYS[0]).egen == 7
