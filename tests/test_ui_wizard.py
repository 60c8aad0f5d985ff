"""The kartläggning wizard driven through its real widgets (offscreen)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from kartlaggning.storage.drafts import Drafts
from kartlaggning import i18n
from kartlaggning.models import Participant
from kartlaggning.models.areas import AREAS, INDIVID_AREAS, OMGIVNING_AREAS
from kartlaggning.models.kartlaggning import Stage
from kartlaggning.storage import Vault
from kartlaggning.ui.autosave import Autosaver
from kartlaggning.ui.wizard import KartlaggningWizard
from kartlaggning.ui.wizard.wizard import (PAGE_ATGARDER, PAGE_INDIVID, PAGE_MOTIVATION, PAGE_OMGIVNING,
                                           PAGE_OVERVIEW, PAGE_SAMTAL, PAGE_SUMMARY)

from conftest import PASSPHRASE, make_pnr
from tests.helpers.typing_keys import type_text  # noqa: E402



@pytest.fixture(autouse=True)
def english_ui():
    """These tests read English labels; Swedish wording is checked in test_translations."""
    from kartlaggning import i18n
    i18n.set_language("en")

class FakeClock:
    """Monotonic seconds, moved by hand."""

    def __init__(self):
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


class FakeWall:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw) -> None:
        self.now += timedelta(**kw)


@pytest.fixture
def pid(vault, participant) -> str:
    vault.repo.save_participant(participant)
    return participant.id


@pytest.fixture
def clocks():
    return FakeClock(), FakeWall(datetime(2026, 3, 2, 9, 0))


def make_wizard(qtbot, repo, pid, clocks, autosaver=None) -> KartlaggningWizard:
    clock, wall = clocks
    w = KartlaggningWizard(repo, pid, autosaver or Autosaver(delay_ms=50), clock=clock, wall_clock=wall)
    qtbot.addWidget(w)
    w.resize(1300, 850)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    return w




def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    type_text(widget, text)


def set_spin(qtbot, spin, text: str) -> None:
    """Type into a spin box as a user would: select all, type."""
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), text)


def fakta_for(area) -> str:
    return f"Fakta om {area.form_title}: rad ett.\nRad två med åäö."


# ---- the whole kartläggning ---------------------------------------------------------------


def fill_area(qtbot, w: KartlaggningWizard, area, samtal_no: int) -> None:
    w.go_to_area(area.key, focus=True)
    editor = w.stack.currentWidget().current_editor
    assert editor.area.key == area.key
    if area.key == "kroppsfunktioner":  # one area typed key by key, the rest set directly
        type_into(qtbot, editor.fakta.editor, fakta_for(area).replace("\n", " "))
        editor.fakta.editor.setPlainText(fakta_for(area))
    else:
        editor.fakta.editor.setPlainText(fakta_for(area))
    for i in range(2):
        qtbot.mouseClick(editor.hinder.add_button, Qt.LeftButton)
        row = editor.hinder.rows[-1]
        assert row.edit.hasFocus()
        qtbot.keyClicks(row.edit, f"H{i + 1} {area.key} s{samtal_no}")
    qtbot.mouseClick(editor.resurser.add_button, Qt.LeftButton)
    editor.resurser.rows[-1].edit.setPlainText(f"R1 {area.key}\nandra raden")


def test_complete_kartlaggning_survives_closing_the_vault(qtbot, vault, vault_path, pid, clocks):
    clock, wall = clocks
    w = make_wizard(qtbot, vault.repo, pid, clocks)
    assert w.current_page == PAGE_SAMTAL

    # samtal 1: 50 minutes, interpreter, a note
    sp = w.samtal_page
    set_spin(qtbot, sp.tidsram, "50")
    sp.tolk.setFocus()
    qtbot.keyClick(sp.tolk, Qt.Key_Space)
    type_into(qtbot, sp.note.editor, "Tolk på telefon")
    qtbot.mouseClick(sp.start_button, Qt.LeftButton)
    s1 = w.kartlaggning.current_samtal
    assert s1 is not None and s1.tidsram_minuter == 50 and s1.tolk_narvarande and s1.start == time(9, 0)
    assert w.timer.running

    for area in INDIVID_AREAS:
        fill_area(qtbot, w, area, 1)
    wall.advance(minutes=48)
    qtbot.mouseClick(w.timer.end_button, Qt.LeftButton)
    assert w.kartlaggning.samtal[0].slut == time(9, 48)
    assert not w.timer.running

    # samtal 2, a week later
    wall.advance(days=7)
    w.go_to(PAGE_SAMTAL)
    qtbot.mouseClick(sp.start_button, Qt.LeftButton)
    s2 = w.kartlaggning.current_samtal
    assert s2 is not None and s2 is not s1 and s2.datum == date(2026, 3, 9)
    for area in OMGIVNING_AREAS:
        fill_area(qtbot, w, area, 2)

    # motivationskors
    w.go_to(PAGE_MOTIVATION, focus=True)
    mp = w.motivation_page
    assert mp.mal.editor.hasFocus()
    type_text(mp.mal.editor, "Jobb på lager")
    for name in ("mindre_bra_for_mig", "bra_for_mig", "mindre_bra_for_omgivningen", "bra_for_omgivningen"):
        type_into(qtbot, mp.fields[name].editor, f"text {name}")
    mp.stage.setCurrentIndex(mp.stage.findData(Stage.FORBEREDELSE.value))
    set_spin(qtbot, mp.viktighet, "8")
    set_spin(qtbot, mp.tilltro, "0")
    type_into(qtbot, mp.egna_ord.editor, "För barnens skull")

    # åtgärder, sammanställning
    w.go_to(PAGE_ATGARDER, focus=True)
    type_text(w.atgarder_page.field.editor, "Kontakt med vårdcentralen")
    w.go_to(PAGE_SUMMARY, focus=True)
    sm = w.summary_page
    for name, field in sm.fields.items():
        field.editor.setPlainText(f"{name} text")
    sm.signerad.check.setFocus()
    qtbot.keyClick(sm.signerad.check, Qt.Key_Space)
    assert sm.genomgangen.check.isChecked()  # signing implies it was gone through

    assert w.flush() is True
    kid = w.kartlaggning.id
    w.shutdown()
    vault.close()

    # a new Vault and a new wizard: everything is there, in order, each entry with its samtal
    v2 = Vault.open(vault_path, PASSPHRASE)
    try:
        k = v2.repo.get_kartlaggning(kid)
        assert [s.id for s in k.samtal] == [s1.id, s2.id]
        assert (k.samtal[0].tidsram_minuter, k.samtal[0].tolk_narvarande, k.samtal[0].anteckning) == (
            50, True, "Tolk på telefon")
        assert k.samtal[0].slut == time(9, 48) and k.samtal[1].slut is None
        for area in AREAS:
            rec = k.area(area.key)
            number = 1 if area in INDIVID_AREAS else 2
            samtal_id = s1.id if number == 1 else s2.id
            assert rec.fakta == fakta_for(area)
            assert [e.text for e in rec.hinder] == [f"H1 {area.key} s{number}", f"H2 {area.key} s{number}"]
            assert [e.text for e in rec.resurser] == [f"R1 {area.key}\nandra raden"]
            assert {e.samtal_id for e in rec.hinder + rec.resurser} == {samtal_id}
        m = k.motivation
        assert (m.mal, m.bra_for_omgivningen, m.stage, m.viktighet, m.tilltro, m.egna_ord) == (
            "Jobb på lager", "text bra_for_omgivningen", Stage.FORBEREDELSE, 8, 0, "För barnens skull")
        assert k.atgarder_innan_plan == "Kontakt med vårdcentralen"
        assert k.sammanstallning.bedomning == "bedomning text"
        assert k.sammanstallning.signerad == date(2026, 3, 9) == k.sammanstallning.genomgangen

        w2 = make_wizard(qtbot, v2.repo, pid, clocks, Autosaver(delay_ms=50))
        assert w2.kartlaggning.id == kid
        editor = w2.omgivning_page.editors["natverk"]
        assert editor.fakta.text() == fakta_for(editor.area)
        assert [r.edit.toPlainText() for r in editor.hinder.rows] == ["H1 natverk s2", "H2 natverk s2"]
        assert [r.samtal_label.text() for r in editor.hinder.rows] == ["Session 2", "Session 2"]
        assert w2.individ_page.editors["historik"].resurser.rows[0].samtal_label.text() == "Session 1"
        assert w2.motivation_page.viktighet.value() == 8 and w2.motivation_page.tilltro.value() == 0
        assert w2.summary_page.signerad.check.isChecked()
        assert w2.timer.running  # samtal 2 was never ended: it continues
        w2.shutdown()
    finally:
        v2.close()


def test_new_entries_belong_to_the_running_or_last_samtal(qtbot, vault, pid, clocks):
    w = make_wizard(qtbot, vault.repo, pid, clocks)
    editor = w.individ_page.editors["historik"]
    before = editor.hinder.add_entry()
    assert before.entry.samtal_id is None and before.samtal_label.text() == "No session"
    s1 = w.start_samtal()
    during = editor.hinder.add_entry()
    w.end_samtal()
    after = editor.resurser.add_entry()
    assert during.entry.samtal_id == s1.id == after.entry.samtal_id
    assert after.samtal_label.text() == "Session 1"


def test_entries_grow_shrink_and_move(qtbot, vault, pid, clocks):
    w = make_wizard(qtbot, vault.repo, pid, clocks)
    w.go_to_area("stress")
    column = w.individ_page.editors["stress"].hinder
    for text in ("a", "b", "c"):
        column.add_entry().edit.setPlainText(text)
    column.move_row(column.rows[2], -1)  # a c b
    qtbot.mouseClick(column.rows[0].remove_button, Qt.LeftButton)  # c b
    assert w.flush()
    stored = vault.repo.latest_kartlaggning(pid).area("stress").hinder
    assert [e.text for e in stored] == ["c", "b"]
    qtbot.mouseClick(column.undo_button, Qt.LeftButton)  # a c b
    assert w.flush()
    assert [e.text for e in vault.repo.latest_kartlaggning(pid).area("stress").hinder] == ["a", "c", "b"]
    assert not column.undo_button.isVisible()


# ---- timer ------------------------------------------------------------------------------------


def test_timer_warns_quietly_at_55_and_60_minutes(qtbot, vault, pid, clocks):
    clock, wall = clocks
    w = make_wizard(qtbot, vault.repo, pid, clocks)
    w.start_samtal()
    timer = w.timer
    assert (timer.elapsed_label.text(), timer.remaining_label.text()) == ("Elapsed 00:00", "Remaining 60:00")

    clock.t += 54 * 60 + 59
    timer.refresh()
    assert timer.state == "running" and timer.message.text() == ""
    assert timer.remaining_label.text() == "Remaining 05:01"

    clock.t += 1  # 55:00, driven by the timer's own one-second tick
    qtbot.waitUntil(lambda: timer.state == "warning", timeout=2500)
    assert timer.elapsed_label.text() == "Elapsed 55:00" and timer.remaining_label.text() == "Remaining 05:00"
    assert "5 minutes" in timer.message.text() and timer.message.isVisible()
    assert QApplication.activeModalWidget() is None

    clock.t += 5 * 60
    qtbot.waitUntil(lambda: timer.state == "over", timeout=2500)
    assert "time is up" in timer.message.text()
    clock.t += 75
    timer.refresh()
    assert timer.remaining_label.text() == "Over by 01:15" and timer.elapsed_label.text() == "Elapsed 61:15"
    assert QApplication.activeModalWidget() is None

    wall.advance(minutes=61, seconds=15)
    w.end_samtal()
    assert vault.repo.latest_kartlaggning(pid).samtal[0].slut == time(10, 1, 15)
    assert timer.state == "idle" and not timer.elapsed_label.isVisible()


def test_timer_respects_a_shorter_time_frame(qtbot, vault, pid, clocks):
    clock, _wall = clocks
    w = make_wizard(qtbot, vault.repo, pid, clocks)
    set_spin(qtbot, w.samtal_page.tidsram, "30")
    w.start_samtal()
    clock.t += 25 * 60
    w.timer.refresh()
    assert w.timer.state == "warning" and w.timer.remaining_label.text() == "Remaining 05:00"


def test_running_samtal_continues_after_restart(qtbot, vault, pid, clocks):
    clock, wall = clocks
    w = make_wizard(qtbot, vault.repo, pid, clocks)
    w.start_samtal()
    w.flush()
    w.shutdown()
    wall.advance(minutes=20, seconds=5)  # the app was closed and opened again
    w2 = make_wizard(qtbot, vault.repo, pid, clocks)
    assert w2.timer.running
    assert w2.timer.elapsed_label.text() == "Elapsed 20:05"
    assert w2.timer.remaining_label.text() == "Remaining 39:55"
    assert w2.timer.title.text() == "Session 1"


# ---- bad input --------------------------------------------------------------------------------


def test_time_frame_over_60_is_explained_kept_and_not_saved(qtbot, vault, pid, clocks):
    w = make_wizard(qtbot, vault.repo, pid, clocks)
    sp = w.samtal_page
    set_spin(qtbot, sp.tidsram, "90")
    assert sp.tidsram.value() == 90 and sp.tidsram.text() == "90"
    assert sp.tidsram_error.isVisible()
    assert "60" in sp.tidsram_error.text() and "90" in sp.tidsram_error.text()
    qtbot.mouseClick(sp.start_button, Qt.LeftButton)
    assert w.flush()
    assert vault.repo.latest_kartlaggning(pid).samtal == []
    assert sp.tidsram.text() == "90" and sp.tidsram_error.isVisible()

    # while a samtal runs, a wrong time frame is not saved either
    set_spin(qtbot, sp.tidsram, "45")
    assert not sp.tidsram_error.isVisible()
    qtbot.mouseClick(sp.start_button, Qt.LeftButton)
    set_spin(qtbot, sp.tidsram, "75")
    assert sp.tidsram_error.isVisible() and sp.tidsram.value() == 75
    w.flush()
    assert vault.repo.latest_kartlaggning(pid).samtal[0].tidsram_minuter == 45
    assert w.timer.remaining_label.text() == "Remaining 45:00"


def test_too_long_fakta_is_explained_and_kept(qtbot, vault, pid, clocks):
    w = make_wizard(qtbot, vault.repo, pid, clocks)
    w.go_to_area("substans")
    field = w.individ_page.editors["substans"].fakta
    field.editor.setPlainText("kort")
    assert w.flush()
    field.editor.setPlainText("y" * 20_001)
    assert field.error_label.isVisible()
    assert "20001" in field.error_label.text().replace("\u00a0", "").replace(" ", "")
    assert w.flush() is True  # the value stays "kort"; what was typed is kept as a draft
    assert "kept as a draft" in field.error_label.text()
    assert len(field.text()) == 20_001  # nothing typed is thrown away
    assert vault.repo.latest_kartlaggning(pid).area("substans").fakta == "kort"
    kid = vault.repo.latest_kartlaggning(pid).id
    assert Drafts(vault).of(kid)["fakta:substans"].text == "y" * 20_001
    # fix it: one character fewer is fine, and is saved
    field.editor.moveCursor(field.editor.textCursor().MoveOperation.End)
    QTest.keyClick(field.editor, Qt.Key_Backspace)
    assert not field.error_label.isVisible()
    assert w.flush() is True
    assert vault.repo.latest_kartlaggning(pid).area("substans").fakta == "y" * 20_000
    assert Drafts(vault).of(kid) == {}  # fixed: the draft is gone


def test_too_long_entry_does_not_block_the_rest_of_the_column(qtbot, vault, pid, clocks):
    w = make_wizard(qtbot, vault.repo, pid, clocks)
    w.go_to_area("psykiska")
    column = w.individ_page.editors["psykiska"].resurser
    first = column.add_entry()
    first.edit.setPlainText("bra")
    second = column.add_entry()
    second.edit.setPlainText("z" * 20_001)
    assert second.error_label.isVisible() and not first.error_label.isVisible()
    assert w.flush() is True
    k = vault.repo.latest_kartlaggning(pid)
    assert [e.text for e in k.area("psykiska").resurser] == ["bra", ""]
    assert len(second.edit.toPlainText()) == 20_001
    assert Drafts(vault).of(k.id)[second.draft_path].text == "z" * 20_001
    # the wizard opened again (after a lock, a restart): the draft is back in its entry, with its reason
    again = make_wizard(qtbot, vault.repo, pid, clocks)
    rows = again.individ_page.editors["psykiska"].resurser.rows
    assert [r.edit.toPlainText() for r in rows] == ["bra", "z" * 20_001]
    assert "kept as a draft" in rows[1].error_label.text()


# ---- keyboard ---------------------------------------------------------------------------------


def focus_name() -> str:
    widget = QApplication.focusWidget()
    return widget.objectName() if widget is not None else ""


def test_keyboard_only_through_a_grid_page(qtbot, vault, pid, clocks):
    w = make_wizard(qtbot, vault.repo, pid, clocks)
    w.go_to_area("kroppsfunktioner")
    w.steps.setFocus()
    qtbot.waitUntil(lambda: w.steps.hasFocus())

    def tab_sequence(count: int) -> list[str]:
        names = []
        for _ in range(count):
            QTest.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
            names.append(focus_name())
        return names

    assert tab_sequence(9) == [
        "timerStart", "showParticipantView", "questionsToggle:kroppsfunktioner", "add:hinder:kroppsfunktioner",
        "fakta:kroppsfunktioner", "add:resurs:kroppsfunktioner", "wizardBack", "wizardNext", "wizardSteps"]

    # add a hinder by shortcut from the facts field: a new entry, focused, typed into
    w.individ_page.editors["kroppsfunktioner"].fakta.editor.setFocus()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key_H, Qt.ControlModifier | Qt.ShiftModifier)
    column = w.individ_page.editors["kroppsfunktioner"].hinder
    assert len(column.rows) == 1
    assert column.rows[0].edit.hasFocus()
    QTest.keyClicks(QApplication.focusWidget(), "Ont i ryggen")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key_R, Qt.ControlModifier | Qt.ShiftModifier)
    resurser = w.individ_page.editors["kroppsfunktioner"].resurser
    assert len(resurser.rows) == 1 and resurser.rows[0].edit.hasFocus()
    QTest.keyClicks(QApplication.focusWidget(), "Sjukgymnastik")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key_H, Qt.ControlModifier | Qt.ShiftModifier)
    type_text(QApplication.focusWidget(), "Sover dåligt")
    # the second hinder moves up with Alt+Up, without leaving the keyboard
    QTest.keyClick(QApplication.focusWidget(), Qt.Key_Up, Qt.AltModifier)
    assert [r.edit.toPlainText() for r in column.rows] == ["Sover dåligt", "Ont i ryggen"]
    assert column.rows[0].edit.hasFocus()
    # tab order follows the new entries: hinder entries, add, facts, resurser entries, add
    assert tab_sequence(5) == [
        f"entry:{column.rows[1].entry.id}", "add:hinder:kroppsfunktioner", "fakta:kroppsfunktioner",
        f"entry:{resurser.rows[0].entry.id}", "add:resurs:kroppsfunktioner"]
    # mnemonic Alt+C (Fa&cts) jumps to the facts
    QTest.keyClick(QApplication.focusWidget(), Qt.Key_C, Qt.AltModifier)
    assert focus_name() == "fakta:kroppsfunktioner"
    # next area and next page by shortcut
    QTest.keyClick(QApplication.focusWidget(), Qt.Key_PageDown, Qt.ControlModifier | Qt.ShiftModifier)
    assert (w.current_page, w.current_area) == (PAGE_INDIVID, "psykiska")
    assert focus_name() == "fakta:psykiska"
    QTest.keyClick(QApplication.focusWidget(), Qt.Key_PageDown, Qt.ControlModifier)
    assert w.current_page == PAGE_OMGIVNING and focus_name() == "fakta:sociala"
    QTest.keyClick(QApplication.focusWidget(), Qt.Key_Right, Qt.AltModifier)
    assert w.current_page == PAGE_MOTIVATION and focus_name() == "motivation:mal"
    QTest.keyClick(QApplication.focusWidget(), Qt.Key_PageUp, Qt.ControlModifier)
    assert w.current_page == PAGE_OMGIVNING
    assert w.flush()
    stored = vault.repo.latest_kartlaggning(pid).area("kroppsfunktioner")
    assert [e.text for e in stored.hinder] == ["Sover dåligt", "Ont i ryggen"]
    assert [e.text for e in stored.resurser] == ["Sjukgymnastik"]


def test_widgets_have_accessible_names(qtbot, vault, pid, clocks):
    w = make_wizard(qtbot, vault.repo, pid, clocks)
    w.individ_page.editors["kroppsfunktioner"].hinder.add_entry()
    from PySide6.QtWidgets import (QAbstractButton, QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextEdit,
                                   QTreeWidget)
    inputs = [c for c in w.findChildren(QWidget)
              if isinstance(c, (QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox, QTreeWidget))]
    assert len(inputs) > 30
    unnamed = [c.objectName() for c in inputs if not c.accessibleName()]
    assert unnamed == []
    buttons = [b for b in w.findChildren(QAbstractButton)
               if not b.objectName().startswith("qt_") and not (b.text() or b.accessibleName())]
    assert buttons == []


# ---- participant view -------------------------------------------------------------------------


def test_participant_view_is_large_read_only_and_private(qtbot, vault, pid, clocks, participant):
    other = Participant(namn="Olle Annansson", personnummer=make_pnr(2))
    vault.repo.save_participant(other)
    w_other = make_wizard(qtbot, vault.repo, other.id, clocks)
    w_other.individ_page.editors["historik"].fakta.editor.setPlainText("Annans historia")
    w_other.flush()

    w = make_wizard(qtbot, vault.repo, pid, clocks)
    editor = w.individ_page.editors["kroppsfunktioner"]
    editor.fakta.editor.setPlainText("Ryggont sedan 2019 <b>inte fet</b>")
    editor.hinder.add_entry().edit.setPlainText("Kan inte lyfta tungt")
    editor.resurser.add_entry().edit.setPlainText("Sjukgymnastik")
    w.motivation_page.fields["bra_for_mig"].editor.setPlainText("Egen lön")
    w.activateWindow()
    w.individ_page.first_field().setFocus()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key_F11)
    view = w._participant_view
    assert view is not None
    qtbot.waitUntil(view.isVisible)
    assert view.isFullScreen()
    text = view.browser.toPlainText()
    for expected in ("Ryggont sedan 2019 <b>inte fet</b>", "Kan inte lyfta tungt", "Sjukgymnastik", "Egen lön",
                     "Body functions", "Obstacles", "Resources"):
        assert expected in text
    assert view.name_label.text() == participant.namn
    shown = " ".join([text, view.windowTitle()] + [label.text() for label in view.findChildren(QLabel)])
    assert "Olle" not in shown and "Annans" not in shown and other.personnummer not in shown
    assert participant.personnummer not in shown
    base = QApplication.font().pointSizeF()
    assert view.browser.document().defaultFont().pointSizeF() >= 1.5 * base
    assert view.browser.isReadOnly()
    assert view.browser.textInteractionFlags() == Qt.NoTextInteraction
    QTest.keyClick(view.browser, Qt.Key_Escape)
    qtbot.waitUntil(lambda: w._participant_view is None)


def test_shutdown_closes_the_participant_view(qtbot, vault, pid, clocks):
    w = make_wizard(qtbot, vault.repo, pid, clocks)
    view = w.show_participant_view()
    qtbot.waitUntil(view.isVisible)
    w.shutdown()
    assert w._participant_view is None


# ---- position ---------------------------------------------------------------------------------


def test_position_round_trip(qtbot, vault, pid, clocks):
    w = make_wizard(qtbot, vault.repo, pid, clocks)
    w.go_to_area("fritid")
    editor = w.omgivning_page.editors["fritid"].fakta.editor
    editor.setFocus()
    qtbot.keyClicks(editor, "Fotboll och matlagning")
    cursor = editor.textCursor()
    cursor.setPosition(7)
    editor.setTextCursor(cursor)
    pos = w.position()
    assert pos == {"page": PAGE_OMGIVNING, "area": "fritid", "field": "fakta:fritid", "cursor": 7}
    w.go_to(PAGE_SUMMARY)
    assert w.position()["page"] == PAGE_SUMMARY
    w.restore_position(pos)
    assert (w.current_page, w.current_area) == (PAGE_OMGIVNING, "fritid")
    assert editor.hasFocus() and editor.textCursor().position() == 7
    w.restore_position({"page": 99, "area": "nonsense"})  # garbage is ignored
    assert w.current_page == PAGE_OMGIVNING


def test_reopening_continues_where_the_last_one_stopped(qtbot, vault, pid, clocks):
    w = make_wizard(qtbot, vault.repo, pid, clocks)
    w.go_to_area("arbete", focus=True)
    w.flush()
    w.shutdown()
    w2 = make_wizard(qtbot, vault.repo, pid, clocks)
    assert (w2.current_page, w2.current_area) == (PAGE_OMGIVNING, "arbete")
    w2.go_to(PAGE_OVERVIEW)
    w2.shutdown()
    w3 = make_wizard(qtbot, vault.repo, pid, clocks)
    assert w3.current_page == PAGE_OVERVIEW


def test_page_change_saves_at_once(qtbot, vault, pid):
    w = make_wizard(qtbot, vault.repo, pid, (FakeClock(), FakeWall(datetime(2026, 1, 1, 9))),
                    Autosaver(delay_ms=60_000, max_delay_ms=60_000))
    w.go_to(PAGE_ATGARDER)
    w.atgarder_page.field.editor.setPlainText("snart")
    assert vault.repo.latest_kartlaggning(pid).atgarder_innan_plan == ""
    w.next_page()
    assert vault.repo.latest_kartlaggning(pid).atgarder_innan_plan == "snart"


# ---- overview, questions, language ------------------------------------------------------------


def test_overview_counts_and_jumps(qtbot, vault, pid, clocks):
    w = make_wizard(qtbot, vault.repo, pid, clocks)
    s = w.start_samtal()
    editor = w.omgivning_page.editors["utbildning"]
    editor.fakta.editor.setPlainText("SFI D")
    editor.hinder.add_entry()
    editor.resurser.add_entry()
    editor.resurser.add_entry()
    assert s is not None
    w.go_to(PAGE_OVERVIEW)
    table = w.overview_page.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "Education - competence")
    assert [table.item(row, c).text() for c in range(1, 5)] == ["\u2713", "1", "2", "1"]
    assert "Areas with content: 1 of 12" in w.overview_page.summary.text()
    table.itemDoubleClicked.emit(table.item(row, 2))
    assert (w.current_page, w.current_area) == (PAGE_OMGIVNING, "utbildning")
    assert w._area_items["utbildning"].text(0).startswith("\u25cf")
    assert w._area_items["fritid"].text(0).startswith("\u25cb")


def test_hiding_questions_is_remembered(qtbot, vault, pid, clocks):
    from kartlaggning.config import AppConfig
    w = make_wizard(qtbot, vault.repo, pid, clocks)
    w.go_to(PAGE_INDIVID)
    editor = w.individ_page.current_editor
    assert editor.questions.isVisible()
    qtbot.mouseClick(editor.questions_button, Qt.LeftButton)
    assert not editor.questions.isVisible()
    assert not w.omgivning_page.editors["sociala"].questions.isVisibleTo(w.omgivning_page.editors["sociala"])
    assert AppConfig.load().show_questions is False
    w.shutdown()
    w2 = make_wizard(qtbot, vault.repo, pid, clocks)
    assert not w2.individ_page.editors["kroppsfunktioner"].questions.isVisibleTo(w2)


def test_english_ui(qtbot, vault, pid, clocks):
    i18n.set_language("en")
    w = make_wizard(qtbot, vault.repo, pid, clocks)
    steps = [w.steps.topLevelItem(i).text(0) for i in range(w.steps.topLevelItemCount())]
    assert steps == ["1. Sessions", "2. Individual factors", "3. Environmental factors", "4. Motivation for change",
                     "5. Actions before the plan", "6. Summary", "Overview"]
    editor = w.individ_page.editors["kroppsfunktioner"]
    assert (editor.hinder.header.text(), editor.fakta.label.text(), editor.resurser.header.text()) == (
        "&Obstacles", "Fa&cts", "&Resources")
    assert editor.title.text() == "Body functions"
    assert w.back_button.text() == "< Back" and w.next_button.text() == "Next >"
    assert w.timer.title.text() == "No session running"
    assert w.motivation_page.stage.itemText(0) == "Not set"


def test_a_samtal_ended_by_mistake_can_continue_the_same_day(qtbot, vault, pid, clocks):
    clock, wall = clocks
    w = make_wizard(qtbot, vault.repo, pid, clocks)
    sp = w.samtal_page
    assert not sp.resume_button.isVisible()
    s1 = w.start_samtal()
    wall.advance(minutes=10)
    w.end_samtal()
    assert sp.resume_button.isVisible() and sp.resume_button.text() == "Contin&ue session 1"
    wall.advance(minutes=2)
    qtbot.mouseClick(sp.resume_button, Qt.LeftButton)
    assert w.kartlaggning.current_samtal is s1 and s1.slut is None
    assert w.timer.running and w.timer.elapsed_label.text() == "Elapsed 12:00"
    assert vault.repo.latest_kartlaggning(pid).samtal[0].slut is None
    w.end_samtal()
    wall.advance(days=1)
    sp.refresh()
    assert not sp.resume_button.isVisible()  # another day: a new samtal instead


MAIN_WINDOW_MNEMONICS = set("fvshbpk")  # File, View, Settings, Help, Back to the list, Participant, Kartläggning


def test_mnemonics_are_unique_on_every_page(qtbot, vault, pid, clocks):
    import re
    from PySide6.QtWidgets import QAbstractButton
    i18n.set_language("en")
    w = make_wizard(qtbot, vault.repo, pid, clocks)
    w.start_samtal()
    for page in range(7):
        w.go_to(page)
        letters = []
        for widget in w.findChildren(QWidget):
            if isinstance(widget, (QLabel, QAbstractButton)) and widget.isVisibleTo(w):
                match = re.search(r"&([^&])", widget.text().replace("&&", ""))
                if match:
                    letters.append(match.group(1).lower())
        assert letters, page
        assert len(letters) == len(set(letters)), (page, sorted(letters))
        assert not set(letters) & MAIN_WINDOW_MNEMONICS, (page, sorted(letters))


def test_purpose_and_date_of_the_kartlaggning(qtbot, vault, pid, clocks):
    from PySide6.QtCore import QDate
    w = make_wizard(qtbot, vault.repo, pid, clocks)
    sp = w.samtal_page
    assert sp.syfte.text().startswith("Kartläggning av hinder och resurser")
    sp.syfte.editor.setPlainText("Kartläggning inför arbetsträning.")
    sp.datum.setDate(QDate(2026, 2, 27))
    assert w.flush()
    k = vault.repo.latest_kartlaggning(pid)
    assert (k.syfte, k.datum) == ("Kartläggning inför arbetsträning.", date(2026, 2, 27))


def test_the_interpreter_language_is_offered_typed_and_printed(qtbot, vault, vault_path, participant, clocks):
    """Ticking "Interpreter present" offers the participant's language; what is typed over
    it is kept (saved while typed, the field never left), shown in the list of samtal and
    printed on the kartläggning: in the Tolk column and in the sammanställning."""
    participant.sprak = "tigrinska, svenska"
    vault.repo.save_participant(participant)
    w = make_wizard(qtbot, vault.repo, participant.id, clocks)
    sp = w.samtal_page
    assert not sp.tolk.isChecked() and not sp.tolk_sprak.isEnabled()
    sp.tolk.setFocus()
    qtbot.keyClick(sp.tolk, Qt.Key_Space)
    assert sp.tolk_sprak.isEnabled() and sp.tolk_sprak.text() == "tigrinska"
    qtbot.mouseClick(sp.start_button, Qt.LeftButton)
    s1 = w.kartlaggning.current_samtal
    assert s1.tolk_narvarande and s1.tolk_sprak == "tigrinska"
    qtbot.keyClick(sp, Qt.Key_G, Qt.AltModifier)  # the label's mnemonic
    assert sp.tolk_sprak.hasFocus()
    sp.tolk_sprak.selectAll()
    type_text(sp.tolk_sprak, "amhariska")
    assert sp.tolk_sprak.hasFocus()
    assert w.flush() is True  # as a lock does: the field is still focused
    kid = w.kartlaggning.id
    assert vault.repo.get_kartlaggning(kid).samtal[0].tolk_sprak == "amhariska"  # stored, not only shown
    qtbot.mouseClick(w.timer.end_button, Qt.LeftButton)
    assert sp.table.item(0, 4).text() == "Yes (amhariska)"
    w.shutdown()
    vault.close()

    from kartlaggning.models.printed import KARTLAGGNING
    from kartlaggning.printouts.meta import EASY_READ
    from kartlaggning.services import printing
    v2 = Vault.open(vault_path, PASSPHRASE)
    try:
        assert v2.repo.get_kartlaggning(kid).samtal[0].tolk_sprak == "amhariska"
        job = printing.prepare(v2.repo, printing.kartlaggning_content(v2.repo, participant.id, kid))
        standard, easy = job.render(), job.with_variant(EASY_READ).render()
    finally:
        v2.close()
    from io import BytesIO
    from pypdf import PdfReader

    def text(pdf):
        return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(pdf)).pages)
    assert "Ja, amhariska" in text(standard)
    assert "Samtal 1 hölls med tolk (amhariska)." in text(standard)
    assert "Samtal 1 hölls med tolk (amhariska)." in text(easy)
    assert KARTLAGGNING == job.content.kind
