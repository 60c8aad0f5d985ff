"""The Hinder/Resurser columns as a Qt model over the area record's own list.

First the model alone (its signals, its storage, Qt's own model checker), then the
wizard's columns driven as a person does: typing into the real entry editors,
Ctrl+Return, Alt+Up/Down, Ctrl+Shift+Delete, the undo button, a paste too long to keep,
and what the vault holds after the autosaver's flush or a lock.
"""
from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester, QTest
from PySide6.QtWidgets import QApplication

from kartlaggning.config import AppConfig
from kartlaggning.models import Participant
from kartlaggning.models.fields import MAX_TEXT
from kartlaggning.models.kartlaggning import GridEntry, Kartlaggning
from kartlaggning.storage import Vault
from kartlaggning.storage.drafts import Drafts
from kartlaggning.ui.wizard.entries_model import ENTRY_ID_ROLE, SAMTAL_ID_ROLE, EntriesModel

from conftest import PASSPHRASE, make_pnr
from test_e2e_gui import type_text, unlock
from test_ui_wizard import FakeClock, FakeWall, make_wizard

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(autouse=True)
def english_ui():
    from kartlaggning import i18n
    i18n.set_language("en")


# ---- the model alone ------------------------------------------------------------------------------

class Recorder:
    """Every row signal of a model, in order, with its arguments as plain values."""

    def __init__(self, model):
        self.calls: list[tuple] = []
        self.persistent: list[QPersistentModelIndex] = []
        for name in ("rowsAboutToBeInserted", "rowsInserted", "rowsAboutToBeRemoved", "rowsRemoved"):
            getattr(model, name).connect(lambda parent, first, last, n=name: self.calls.append((n, first, last)))
        for name in ("rowsAboutToBeMoved", "rowsMoved"):
            getattr(model, name).connect(
                lambda sp, start, end, dp, dest, n=name: self.calls.append((n, start, end, dest)))
        model.dataChanged.connect(lambda tl, br, roles: self.calls.append(
            ("dataChanged", tl.row(), br.row(), sorted(int(r) for r in roles))))


def texts(entries) -> list[str]:
    return [e.text for e in entries]


@pytest.fixture
def column(qapp):
    """A kartläggning and a model over one of its columns."""
    k = Kartlaggning()
    record = k.area("stress")
    record.hinder.extend(GridEntry(text=t) for t in ("a", "b", "c"))
    model = EntriesModel(record.hinder)
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    yield k, model
    del tester


def test_the_model_is_over_the_records_own_list(column):
    k, model = column
    assert model.entries is k.area("stress").hinder  # no copy
    new = GridEntry(text="ny", samtal_id="s1")
    model.insert_entry(1, new)
    assert k.area("stress").hinder[1] is new  # the kartläggning has it, with no step in between
    model.setData(model.index(0), "A ändrad")
    assert k.area("stress").hinder[0].text == "A ändrad"
    model.move_entry(0, 3)
    assert texts(k.area("stress").hinder) == ["ny", "b", "c", "A ändrad"]
    gone = model.remove_entry(1)
    assert gone.text == "b" and texts(k.area("stress").hinder) == ["ny", "c", "A ändrad"]
    assert k.area("stress").resurser == []  # the other column is untouched


def test_insert_and_remove_say_so_before_and_after(column):
    _k, model = column
    rec = Recorder(model)
    at = model.insert_entry(99, GridEntry(text="d"))  # past the end: at the end
    assert at == 3
    assert rec.calls == [("rowsAboutToBeInserted", 3, 3), ("rowsInserted", 3, 3)]
    rec.calls.clear()
    removed = model.remove_entry(1)
    assert removed.text == "b"
    assert rec.calls == [("rowsAboutToBeRemoved", 1, 1), ("rowsRemoved", 1, 1)]
    assert texts(model.entries) == ["a", "c", "d"] and model.rowCount() == 3
    rec.calls.clear()
    with pytest.raises(IndexError):
        model.remove_entry(3)
    assert rec.calls == [] and model.rowCount() == 3


@pytest.mark.parametrize("row, target, qt_destination, after", [
    (0, 1, 2, ["b", "a", "c"]),  # one down: Qt counts the destination before the move
    (0, 2, 3, ["b", "c", "a"]),  # to the end
    (2, 1, 1, ["a", "c", "b"]),  # one up
    (2, 0, 0, ["c", "a", "b"]),  # to the top
])
def test_a_move_uses_qts_destination_and_moves_the_persistent_index(column, row, target, qt_destination, after):
    _k, model = column
    moving = model.entry(row)
    persistent = QPersistentModelIndex(model.index(row))
    rec = Recorder(model)
    assert model.move_entry(row, target) is True
    assert rec.calls == [("rowsAboutToBeMoved", row, row, qt_destination), ("rowsMoved", row, row, qt_destination)]
    assert texts(model.entries) == after
    assert model.entries[target] is moving
    assert persistent.row() == target  # what a view holding the row follows
    assert model.data(model.index(target), ENTRY_ID_ROLE) == moving.id


@pytest.mark.parametrize("row, target", [(0, -1), (2, 3), (1, 1), (5, 0)])
def test_a_move_past_either_end_or_onto_itself_does_nothing(column, row, target):
    _k, model = column
    rec = Recorder(model)
    assert model.move_entry(row, target) is False
    assert rec.calls == [] and texts(model.entries) == ["a", "b", "c"]


def test_set_data_takes_only_text_that_can_be_saved(column):
    _k, model = column
    rec = Recorder(model)
    index = model.index(1)
    assert model.setData(index, "b, rad ett\nrad två", Qt.EditRole) is True
    assert model.data(index, Qt.DisplayRole) == model.data(index, Qt.EditRole) == "b, rad ett\nrad två"
    assert rec.calls == [("dataChanged", 1, 1, [int(Qt.DisplayRole), int(Qt.EditRole)])]
    rec.calls.clear()
    assert model.setData(index, "x" * (MAX_TEXT + 1)) is False  # too long
    assert model.setData(index, "med\x00nul") is False  # a NUL
    assert model.setData(index, 42) is False
    assert model.setData(index, "b, rad ett\nrad två") is True  # the same text: accepted, nothing changed
    assert rec.calls == [] and model.entry(1).text == "b, rad ett\nrad två"
    assert model.setData(model.index(7), "nowhere") is False


def test_the_samtal_is_a_role_of_its_own(column):
    _k, model = column
    rec = Recorder(model)
    index = model.index(2)
    assert model.data(index, SAMTAL_ID_ROLE) is None
    assert model.setData(index, "samtal-1", SAMTAL_ID_ROLE) is True
    assert model.entry(2).samtal_id == "samtal-1" and model.entry(2).text == "c"
    assert rec.calls == [("dataChanged", 2, 2, [SAMTAL_ID_ROLE])]
    assert model.setData(index, None, SAMTAL_ID_ROLE) is True
    assert model.entry(2).samtal_id is None
    assert model.data(index, ENTRY_ID_ROLE) == model.entry(2).id
    assert model.setData(index, "other", ENTRY_ID_ROLE) is False  # the id is not for editing
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert model.rowCount(index) == 0  # a list: no children


def test_qts_model_checker_finds_nothing(column, qtlog):
    _k, model = column
    model.insert_entry(0, GridEntry(text="först"))
    model.move_entry(0, 3)
    model.move_entry(3, 1)
    model.setData(model.index(2), "ändrad")
    model.remove_entry(0)
    assert model.moveRows(QModelIndex(), 0, 2, QModelIndex(), 3)  # a block of two to the end
    assert texts(model.entries) == ["c", "först", "ändrad"]
    assert not model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 1)  # onto itself
    assert model.removeRows(0, 2) and texts(model.entries) == ["ändrad"]
    assert [r.message for r in qtlog.records if "FAIL" in r.message] == []


# ---- the wizard's columns, as a person uses them --------------------------------------------------

@pytest.fixture
def wizard(qtbot, vault, participant):
    vault.repo.save_participant(participant)
    w = make_wizard(qtbot, vault.repo, participant.id, (FakeClock(), FakeWall(datetime(2026, 3, 2, 9, 0))))
    w.go_to_area("stress", focus=True)
    return w


def stored(vault, w, column_name: str = "hinder"):
    return getattr(vault.repo.get_kartlaggning(w.ctx.kid).area("stress"), column_name)


def add_and_type(qtbot, column, text: str):
    assert column.add_button.isVisible()
    qtbot.mouseClick(column.add_button, Qt.MouseButton.LeftButton)
    row = column.rows[-1]
    assert row.edit.hasFocus()
    type_text(row.edit, text)
    return row


def click_into(qtbot, edit) -> None:
    """Click into the entry's text, as a person does before typing there."""
    assert edit.isVisible()
    qtbot.mouseClick(edit.viewport(), Qt.MouseButton.LeftButton, pos=edit.viewport().rect().center())
    assert edit.hasFocus()


def area_title() -> str:
    from kartlaggning.i18n import _
    from kartlaggning.models.areas import AREAS_BY_KEY
    return _(AREAS_BY_KEY["stress"].title)


def view_matches_model(column) -> None:
    """The row widgets are in the model's order and show its texts."""
    rows = column.rows
    assert len(rows) == column.model.rowCount()
    for i, row in enumerate(rows):
        assert row.row == i and row.entry is column.model.entry(i)
        assert row.edit.objectName() == f"entry:{column.model.entry(i).id}"


def test_typing_goes_into_the_kartlaggning_as_it_is_typed(qtbot, vault, wizard):
    w = wizard
    column = w.individ_page.editors["stress"].hinder
    record = w.ctx.k.area("stress")
    row = add_and_type(qtbot, column, "Sover dåligt")
    assert [e.text for e in record.hinder] == ["Sover dåligt"]  # no commit, no focus-out: it is there
    QTest.keyClick(row.edit, Qt.Key.Key_Return)
    type_text(row.edit, "vaknar kl 4")
    assert record.hinder[0].text == "Sover dåligt\nvaknar kl 4"
    assert w.flush()
    assert [e.text for e in stored(vault, w)] == ["Sover dåligt\nvaknar kl 4"]
    assert stored(vault, w)[0].id == row.entry.id
    # Ctrl+Return: a new entry right after this one, the cursor in it
    QTest.keyClick(row.edit, Qt.Key.Key_Return, CTRL)
    second = column.rows[1]
    assert second.edit.hasFocus() and second.text() == ""
    type_text(second.edit, "Orolig för ekonomin")
    click_into(qtbot, column.rows[0].edit)
    QTest.keyClick(column.rows[0].edit, Qt.Key.Key_Return, CTRL)  # between the two
    type_text(QApplication.focusWidget(), "Mellan")
    assert [e.text for e in record.hinder] == ["Sover dåligt\nvaknar kl 4", "Mellan", "Orolig för ekonomin"]
    view_matches_model(column)
    assert w.flush()
    assert [e.text for e in stored(vault, w)] == ["Sover dåligt\nvaknar kl 4", "Mellan", "Orolig för ekonomin"]
    assert column.rows[1].edit.accessibleName() == f"Obstacle 2, {area_title()}, No session"


def test_alt_up_and_down_move_the_entry_and_the_cursor_stays_in_it(qtbot, vault, wizard):
    w = wizard
    column = w.individ_page.editors["stress"].hinder
    for text in ("Ett", "Två", "Tre"):
        add_and_type(qtbot, column, text)
    first = column.rows[0]
    click_into(qtbot, first.edit)
    QTest.keyClick(first.edit, Qt.Key.Key_End, CTRL)
    QTest.keyClick(first.edit, Qt.Key.Key_Down, ALT)
    assert [r.text() for r in column.rows] == ["Två", "Ett", "Tre"]
    QTest.keyClick(first.edit, Qt.Key.Key_Down, ALT)
    assert [r.text() for r in column.rows] == ["Två", "Tre", "Ett"]
    assert column.rows[2] is first and first.edit.hasFocus()  # the same editor, moved
    assert not first.down_button.isEnabled() and first.up_button.isEnabled()
    assert not column.rows[0].up_button.isEnabled()
    QTest.keyClick(first.edit, Qt.Key.Key_Down, ALT)  # already last: nothing happens
    assert [r.text() for r in column.rows] == ["Två", "Tre", "Ett"]
    type_text(first.edit, " (flyttad)")  # the cursor is where it was, at the end
    assert [e.text for e in w.ctx.k.area("stress").hinder] == ["Två", "Tre", "Ett (flyttad)"]
    assert first.edit.accessibleName() == f"Obstacle 3, {area_title()}, No session"
    view_matches_model(column)
    assert w.flush()
    assert [e.text for e in stored(vault, w)] == ["Två", "Tre", "Ett (flyttad)"]
    QTest.keyClick(first.edit, Qt.Key.Key_Up, ALT)
    assert w.flush()
    assert [e.text for e in stored(vault, w)] == ["Två", "Ett (flyttad)", "Tre"]
    # Tab follows the new order: the moved entry, then the next one
    QTest.keyClick(first.edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is column.rows[2].edit


def test_ctrl_shift_delete_removes_and_the_undo_button_brings_back_what_was_typed(qtbot, vault, wizard):
    w = wizard
    column = w.individ_page.editors["stress"].hinder
    for text in ("Ett", "Två", "Tre"):
        add_and_type(qtbot, column, text)
    middle = column.rows[1]
    click_into(qtbot, middle.edit)
    QTest.keyClick(middle.edit, Qt.Key.Key_End, CTRL)
    type_text(middle.edit, " och mer")
    QTest.keyClick(middle.edit, Qt.Key.Key_Delete, CTRL_SHIFT)
    assert [r.text() for r in column.rows] == ["Ett", "Tre"]
    assert column.rows[1].edit.hasFocus()  # the focus goes to the entry that took its place
    assert column.undo_button.isVisible()
    assert w.flush()
    assert [e.text for e in stored(vault, w)] == ["Ett", "Tre"]
    qtbot.mouseClick(column.undo_button, Qt.MouseButton.LeftButton)
    assert [r.text() for r in column.rows] == ["Ett", "Två och mer", "Tre"]
    assert column.rows[1].edit.hasFocus() and not column.undo_button.isVisible()
    view_matches_model(column)
    assert w.flush()
    assert [e.text for e in stored(vault, w)] == ["Ett", "Två och mer", "Tre"]
    # the last one removed: the focus goes to the add button
    for _ in range(3):
        QTest.keyClick(column.rows[0].edit, Qt.Key.Key_Delete, CTRL_SHIFT)
    assert column.rows == [] and column.add_button.hasFocus() and column.empty_label.isVisible()
    assert w.flush() and stored(vault, w) == []


def test_a_paste_too_long_keeps_the_last_text_and_a_removal_and_undo_keep_the_draft(qtbot, vault, wizard):
    w = wizard
    column = w.individ_page.editors["stress"].resurser
    row = add_and_type(qtbot, column, "Tränar")
    QApplication.clipboard().setText(" " + "z" * MAX_TEXT)
    QTest.keyClick(row.edit, Qt.Key.Key_V, CTRL)
    assert len(row.text()) == len("Tränar") + 1 + MAX_TEXT  # in the editor, with its reason
    assert "kept as a draft" in row.error_label.text()
    assert row.entry.text == "Tränar"  # the entry keeps its last text that can be saved
    assert w.flush()
    kid = w.ctx.kid
    assert [e.text for e in stored(vault, w, "resurser")] == ["Tränar"]
    assert Drafts(vault).of(kid)[row.draft_path].text == row.text()
    typed = row.text()
    QTest.keyClick(row.edit, Qt.Key.Key_Delete, CTRL_SHIFT)
    assert w.flush()
    assert stored(vault, w, "resurser") == [] and Drafts(vault).of(kid) == {}
    qtbot.mouseClick(column.undo_button, Qt.MouseButton.LeftButton)
    back = column.rows[0]
    assert back.text() == typed and "kept as a draft" in back.error_label.text()
    assert w.flush()
    assert [e.text for e in stored(vault, w, "resurser")] == ["Tränar"]
    assert Drafts(vault).of(kid)[back.draft_path].text == typed
    # written over with what can be saved: the entry has it and the draft goes
    QTest.keyClick(back.edit, Qt.Key.Key_A, CTRL)
    type_text(back.edit, "Tränar varje dag")
    assert w.flush()
    assert [e.text for e in stored(vault, w, "resurser")] == ["Tränar varje dag"]
    assert Drafts(vault).of(kid) == {}


def test_back_to_the_saved_text_drops_the_draft(qtbot, vault, wizard):
    """A draft, then the text typed back to exactly what the entry holds: no change for the
    model, but the draft must still go at the next save."""
    w = wizard
    column = w.individ_page.editors["stress"].hinder
    row = add_and_type(qtbot, column, "abc")
    assert w.flush()
    QApplication.clipboard().setText("\x00")
    QTest.keyClick(row.edit, Qt.Key.Key_V, CTRL)
    assert row.error() is not None and row.entry.text == "abc"
    assert w.flush() and row.draft_path in Drafts(vault).of(w.ctx.kid)
    QTest.keyClick(row.edit, Qt.Key.Key_Backspace)
    assert row.text() == "abc" and row.error() is None
    assert w.flush() and Drafts(vault).of(w.ctx.kid) == {}


def test_a_change_to_the_model_from_elsewhere_shows_and_is_saved(qtbot, vault, wizard):
    w = wizard
    column = w.individ_page.editors["stress"].hinder
    for text in ("Ett", "Två"):
        add_and_type(qtbot, column, text)
    model = column.model
    model.setData(model.index(0), "Ett, ändrat")
    assert column.rows[0].text() == "Ett, ändrat"
    model.move_entry(1, 0)
    model.insert_entry(2, GridEntry(text="Tre"))
    assert [r.text() for r in column.rows] == ["Två", "Ett, ändrat", "Tre"]
    view_matches_model(column)
    assert w.flush()
    assert [e.text for e in stored(vault, w)] == ["Två", "Ett, ändrat", "Tre"]
    model.remove_entry(0)
    assert [r.text() for r in column.rows] == ["Ett, ändrat", "Tre"]
    assert w.flush()
    assert [e.text for e in stored(vault, w)] == ["Ett, ändrat", "Tre"]
    # what is typed and kept as a draft is not overwritten from elsewhere
    row = column.rows[1]
    row.edit.setPlainText("x" * (MAX_TEXT + 1))
    model.setData(model.index(1), "Tre, ändrat")
    assert row.text() == "x" * (MAX_TEXT + 1) and row.entry.text == "Tre, ändrat"


def test_the_samtal_chosen_on_an_entry_goes_through_the_model(qtbot, vault, wizard):
    w = wizard
    s1 = w.start_samtal()
    w.end_samtal()
    w.go_to_area("stress", focus=True)
    column = w.individ_page.editors["stress"].hinder
    row = add_and_type(qtbot, column, "Något")
    assert row.entry.samtal_id == s1.id  # the same day: the samtal just held
    changes = []
    column.model.dataChanged.connect(lambda tl, br, roles: changes.append(sorted(int(r) for r in roles)))
    row.samtal_choice.setCurrentIndex(0)  # "No session"
    row.samtal_choice.activated.emit(0)  # as a click in its list does
    assert changes == [[SAMTAL_ID_ROLE]] and row.entry.samtal_id is None
    assert row.edit.accessibleName() == f"Obstacle 1, {area_title()}, No session"
    assert w.flush() and stored(vault, w)[0].samtal_id is None
    column.model.setData(column.model.index(0), s1.id, SAMTAL_ID_ROLE)  # from elsewhere: the box follows
    assert row.samtal_choice.samtal_id() == s1.id and row.samtal_choice.text() == "Session 1"
    assert w.flush() and stored(vault, w)[0].samtal_id == s1.id


# ---- the whole window: typed, moved, removed, then Ctrl+L -------------------------------------------

def test_typed_moved_and_removed_entries_are_in_the_vault_after_ctrl_l(qtbot, vault_path):
    from kartlaggning.ui.main_window import MainWindow, ParticipantPage
    from kartlaggning.ui.session import Session
    v, _ = Vault.create(vault_path, PASSPHRASE)
    p = Participant(namn="Flytt Test", personnummer=make_pnr(21))
    v.repo.save_participant(p)
    k = v.repo.new_kartlaggning(p.id)
    v.repo.save_kartlaggning(k)
    v.close()
    window = MainWindow(Session(vault_path), AppConfig())
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    window.start()
    unlock(qtbot, window)
    try:
        page = window.open_participant(p.id)
        page.set_current_tab(ParticipantPage.TAB_KARTLAGGNING)
        qtbot.waitUntil(lambda: page.wizard is not None, timeout=3000)
        wizard = page.wizard
        wizard.go_to_area("stress", focus=True)
        column = wizard.individ_page.editors["stress"].hinder
        qtbot.waitUntil(column.isVisible, timeout=3000)
        for text in ("Första", "Andra", "Tredje"):
            add_and_type(qtbot, column, text)
        first = column.rows[0]
        click_into(qtbot, first.edit)
        QTest.keyClick(first.edit, Qt.Key.Key_Down, ALT)  # Andra Första Tredje
        click_into(qtbot, column.rows[0].edit)
        QTest.keyClick(column.rows[0].edit, Qt.Key.Key_Delete, CTRL_SHIFT)  # Första Tredje
        last = column.rows[-1]
        click_into(qtbot, last.edit)
        QTest.keyClick(last.edit, Qt.Key.Key_End, CTRL)
        type_text(last.edit, " med åäö")
        QTest.keyClick(last.edit, Qt.Key.Key_L, CTRL)  # lock from inside the entry, at once
        qtbot.waitUntil(lambda: not window.session.is_unlocked, timeout=5000)
    finally:
        window.shutdown()
    with Vault.open(vault_path, PASSPHRASE) as again:
        hinder = again.repo.get_kartlaggning(k.id).area("stress").hinder
        assert [e.text for e in hinder] == ["Första", "Tredje med åäö"]
