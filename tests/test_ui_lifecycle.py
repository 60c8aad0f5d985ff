"""The record's lifecycle in the window: delete a participant (Arkiv menu, the list's
context menu, the Delete key), the register extract as PDF and JSON, and Gallring
(Inställningar menu). Driven like a person: clicks on the menu bar and its menus, on
buttons and rows, keys typed; the modal questions and the file dialog answered by
stand-ins. Made-up people and test personnummer only (the fixtures of test_lifecycle)."""
from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox

from kartlaggning.i18n import _
from kartlaggning.models.personnummer import format_stored
from kartlaggning.services import records, retention
from kartlaggning.storage import Vault
from kartlaggning.storage.outputs import UnfinishedOutputs
from kartlaggning.ui import lifecycle_actions
from kartlaggning.ui.participants import format_day

from conftest import PASSPHRASE
from test_lifecycle import ON, aged, cli, data_key, filled, pdf_text  # noqa: F401 (fixtures)
from test_secure_delete import decrypt_pages, found
from test_ui_shell import list_names, make_window, unlock  # noqa: F401 (fixture)

LEFT = Qt.MouseButton.LeftButton
YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


# ---- driving the window ---------------------------------------------------------------------

def choose(qtbot, w, action) -> None:
    """Click the menu bar's menu that holds ``action``, then the action in it."""
    bar = w.menuBar()
    top = next(a for a in bar.actions() if a.menu() is not None and action in a.menu().actions())
    qtbot.mouseClick(bar, LEFT, pos=bar.actionGeometry(top).center())
    menu = top.menu()
    qtbot.waitUntil(menu.isVisible, timeout=3000)
    qtbot.mouseClick(menu, LEFT, pos=menu.actionGeometry(action).center())


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, LEFT, pos=widget.rect().center())


class Questions:
    """Stands in for QMessageBox.question: records what was asked, gives ``answer``."""

    def __init__(self, monkeypatch, answer=YES):
        self.asked: list[str] = []
        self.defaults: list = []
        self.answer = answer
        monkeypatch.setattr(QMessageBox, "question", staticmethod(self))

    def __call__(self, parent, title, text, buttons=None, default=None):
        self.asked.append(text)
        self.defaults.append(default)
        return self.answer


def boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def box_text(qtbot) -> str:
    qtbot.waitUntil(lambda: bool(boxes()), timeout=10_000)
    box = boxes()[-1]
    text = box.text()
    box.accept()
    return text


def open_from_list(qtbot, w, namn: str):
    row = list_names(w).index(namn)
    table = w.list_page.table
    table.setFocus()
    table.selectRow(row)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert w.participant_page is not None
    return w.participant_page


# ---- delete -----------------------------------------------------------------------------------

def test_delete_from_the_menu_asks_naming_the_person_and_removes_everything(qtbot, make_window, filled,
                                                                             monkeypatch):
    path, p, _plan, markers, other, other_markers = filled
    key = data_key(path)
    w = make_window(path)
    unlock(w)
    page = open_from_list(qtbot, w, p.namn)
    questions = Questions(monkeypatch, YES)
    choose(qtbot, w, w.delete_action)  # Arkiv → Radera deltagare…

    assert len(questions.asked) == 1
    asked = questions.asked[0]
    assert p.namn in asked and format_stored(p.personnummer) in asked and "går inte att ångra" in asked
    assert questions.defaults == [NO]  # Enter or Esc keeps them
    assert w.participant_page is None and not page.isVisible()  # no page of theirs stays open
    assert w.stack.currentWidget() is w.list_page
    assert list_names(w) == [other.namn]
    repo = w.session.repo
    assert repo.id_for_personnummer(p.personnummer) is None
    for table in ("prints", "drafts", "documents", "kartlaggningar"):
        assert repo.conn.execute(f"SELECT count(*) FROM {table} WHERE participant_id=?", (p.id,)).fetchone()[0] == 0
    entries = repo.vault.audit.entries()
    assert [(e.participant_id, e.detail) for e in entries if e.event == "participant.deleted"] == [(p.id, "")]
    secrets = (p.namn, "Testsson", p.personnummer, format_stored(p.personnummer))
    assert not [e for e in entries for s in secrets if s in e.detail]
    w.close()
    pages = decrypt_pages(path, key)
    for marker in (*markers, "QrUtkastDelmal", p.personnummer):
        assert not found(pages, marker), marker
    assert found(pages, other_markers[0])


def test_no_to_the_question_deletes_nothing(qtbot, make_window, filled, monkeypatch):
    path, p, *_rest = filled
    w = make_window(path)
    unlock(w)
    page = open_from_list(qtbot, w, p.namn)
    before = len(w.session.repo.vault.audit.entries())
    questions = Questions(monkeypatch, NO)
    choose(qtbot, w, w.delete_action)
    assert len(questions.asked) == 1
    assert w.participant_page is page and page.isVisible()
    assert w.session.repo.id_for_personnummer(p.personnummer) == p.id
    assert [e.event for e in w.session.repo.vault.audit.entries()[before:]] == []


def test_delete_from_the_lists_context_menu_and_the_delete_key(qtbot, make_window, filled, monkeypatch):
    path, p, _plan, _markers, other, _om = filled
    w = make_window(path)
    unlock(w)
    questions = Questions(monkeypatch, NO)
    table = w.list_page.table
    row = list_names(w).index(other.namn)
    table.setFocus()
    table.selectRow(row)
    qtbot.keyClick(table, Qt.Key.Key_Delete)  # asks, naming the one selected
    assert len(questions.asked) == 1 and other.namn in questions.asked[0]
    assert sorted(list_names(w)) == sorted([p.namn, other.namn])

    questions.answer = YES
    rect = table.visualRect(table.model().index(list_names(w).index(p.namn), 0))
    chosen = []

    def pick_delete():
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu) or not menu.isVisible():
            return  # not open yet: the timer comes back
        timer.stop()
        found = [a for a in menu.actions() if a.text() == _("&Delete participant…")]  # sv "Ra&dera deltagare…"
        if not found:
            menu.close()  # never leave the test waiting in the menu's own event loop
            chosen.append(None)
            return
        chosen.append(found[0].text())
        qtbot.mouseClick(menu, LEFT, pos=menu.actionGeometry(found[0]).center())

    timer = QTimer()
    timer.timeout.connect(pick_delete)
    timer.start(50)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.RightButton, pos=rect.center())
    if not chosen:  # offscreen, a right click gives no context menu event: ask for it as Qt would
        table.customContextMenuRequested.emit(rect.center())
    qtbot.waitUntil(lambda: bool(chosen), timeout=3000)
    assert chosen == ["Ra&dera deltagare…"]
    qtbot.waitUntil(lambda: list_names(w) == [other.namn], timeout=3000)
    assert p.namn in questions.asked[-1]
    assert w.session.repo.id_for_personnummer(p.personnummer) is None


@pytest.mark.parametrize("problem", ["read_only", "disk_full"])
def test_a_vault_that_cannot_be_written_gives_a_clear_message_and_keeps_everything(
        qtbot, make_window, filled, monkeypatch, problem):
    path, p, *_rest = filled
    w = make_window(path)
    unlock(w)
    page = open_from_list(qtbot, w, p.namn)
    repo = w.session.repo
    before = len(repo.vault.audit.entries())
    if problem == "read_only":
        repo.conn.execute("PRAGMA query_only = ON")  # SQLite refuses every write, as on read-only media
    else:
        from kartlaggning.storage import driver

        def full(_repo, _pid):
            with _repo.vault.transaction() as conn:
                conn.execute("DELETE FROM participants WHERE id = ?", (_pid,))
                raise driver.OperationalError("database or disk is full")  # SQLITE_FULL mid-transaction
        monkeypatch.setattr(records, "delete_participant", full)
    Questions(monkeypatch, YES)
    choose(qtbot, w, w.delete_action)
    text = box_text(qtbot)
    if problem == "read_only":
        repo.conn.execute("PRAGMA query_only = OFF")
        assert "Det går inte att skriva till disken" in text
    else:
        assert "Disken är full" in text
    assert p.namn in text and "Inget raderades" in text
    assert w.participant_page is page  # the page stays, with what was typed
    assert repo.id_for_personnummer(p.personnummer) == p.id
    assert p.namn in list_names(w)
    assert not [e for e in repo.vault.audit.entries()[before:] if e.event == "participant.deleted"]


# ---- register extract -----------------------------------------------------------------------

def answer_format(monkeypatch, qtbot, kind: str) -> list:
    """The format dialog: a person clicks PDF or JSON, then Spara…."""
    shown = []

    def exec_(dialog):
        dialog.show()
        shown.append(dialog)
        click(qtbot, dialog.json_button if kind == "json" else dialog.pdf_button)
        click(qtbot, dialog.ok_button)
        return dialog.result()
    monkeypatch.setattr(lifecycle_actions.ExtractFormatDialog, "exec", exec_)
    return shown


def answer_save(monkeypatch, target) -> list:
    asked = []

    def ask(parent, title, start, filters):
        asked.append((title, start, filters))
        return str(target), filters
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(ask))
    return asked


def test_extract_as_pdf_is_written_where_chosen_and_audited(qtbot, make_window, filled, monkeypatch, tmp_path):
    path, p, _plan, markers, _other, other_markers = filled
    w = make_window(path)
    unlock(w)
    open_from_list(qtbot, w, p.namn)
    out = tmp_path / "till personen" / "utdrag.pdf"
    out.parent.mkdir()
    shown = answer_format(monkeypatch, qtbot, "pdf")
    asked = answer_save(monkeypatch, out)
    choose(qtbot, w, w.extract_action)  # Arkiv → Registerutdrag…
    text = box_text(qtbot)
    assert str(out) in text and "inte krypterad" in text
    from PySide6.QtWidgets import QLabel
    assert len(shown) == 1 and any(p.namn in label.text() for label in shown[0].findChildren(QLabel))
    title, start, filters = asked[0]
    assert p.namn not in start and p.personnummer not in start and start.endswith(".pdf")  # no name in a file name
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and list(out.parent.iterdir()) == [out]
    pdf = pdf_text(data)
    for expected in (f"Registerutdrag för {p.namn}", format_stored(p.personnummer), "QrAndratMal",
                     "Individuell plan mot arbete", "Kartläggning", "QrUtkastDelmal"):
        assert expected in pdf, expected
    missing = [m for m in markers if m not in pdf]
    assert not missing, missing
    assert not [m for m in other_markers if m in pdf]
    repo = w.session.repo
    last = repo.vault.audit.entries(p.id)[-1]
    assert (last.event, last.detail) == ("participant.extracted", f"pdf:{hashlib.sha256(data).hexdigest()[:16]}")
    assert UnfinishedOutputs(repo)._paths() == []  # the temporary file's note is gone again


def test_extract_as_json_from_the_list_holds_the_record(qtbot, make_window, filled, monkeypatch, tmp_path):
    path, p, *_rest = filled
    w = make_window(path)
    unlock(w)
    table = w.list_page.table
    table.setFocus()
    table.selectRow(list_names(w).index(p.namn))  # on the list: the selected participant
    out = tmp_path / "utdrag"  # no suffix typed: .json is added
    answer_format(monkeypatch, qtbot, "json")
    answer_save(monkeypatch, out)
    choose(qtbot, w, w.extract_action)
    text = box_text(qtbot)
    written = tmp_path / "utdrag.json"
    assert str(written) in text
    data = json.loads(written.read_text("utf-8"))
    assert data["format"] == records.EXTRACT_FORMAT
    assert data["record"]["participant"]["id"] == p.id and data["record"]["participant"]["namn"] == p.namn
    assert data["printed_versions"] and data["drafts"] and data["audit"]
    last = w.session.repo.vault.audit.entries(p.id)[-1]
    assert last.event == "participant.extracted" and last.detail.startswith("json:")
    assert last.detail == "json:" + hashlib.sha256(written.read_bytes()).hexdigest()[:16]


def test_extract_cancelled_or_to_a_place_that_cannot_be_written(qtbot, make_window, filled, monkeypatch, tmp_path):
    path, p, *_rest = filled
    w = make_window(path)
    unlock(w)
    open_from_list(qtbot, w, p.namn)
    before = len(w.session.repo.vault.audit.entries())
    monkeypatch.setattr(lifecycle_actions.ExtractFormatDialog, "exec", lambda d: 0)  # Avbryt
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: pytest.fail("not asked")))
    choose(qtbot, w, w.extract_action)
    assert w.session.repo.vault.audit.entries()[before:] == []

    blocker = tmp_path / "en fil"
    blocker.write_text("inte en mapp")
    answer_format(monkeypatch, qtbot, "pdf")
    answer_save(monkeypatch, blocker / "utdrag.pdf")  # a "folder" that is a file: nothing can be written
    choose(qtbot, w, w.extract_action)
    text = box_text(qtbot)
    assert "kunde inte sparas" in text and "Inget skrevs" in text
    assert [e.event for e in w.session.repo.vault.audit.entries()[before:]] == []
    assert UnfinishedOutputs(w.session.repo)._paths() == []


# ---- gallring ---------------------------------------------------------------------------------

def open_gallring(qtbot, w):
    choose(qtbot, w, w.gallring_action)  # Inställningar → Gallring…
    qtbot.waitUntil(lambda: w.gallring_dialog is not None and w.gallring_dialog.loaded, timeout=10_000)
    return w.gallring_dialog


def rows(dialog) -> list[tuple[str, str, str, str]]:
    t = dialog.table
    return [tuple(t.item(r, c).text() for c in range(4)) for r in range(t.rowCount())]


def test_gallring_lists_exactly_who_is_due_and_deletes_only_those_marked(qtbot, make_window, aged, monkeypatch):
    path, people = aged
    w = make_window(path)
    unlock(w)
    dialog = open_gallring(qtbot, w)
    before, on = people["before"], people["on"]
    assert rows(dialog) == [
        (before.namn, format_stored(before.personnummer), format_day(date(2026, 6, 14)), format_day(date(2031, 6, 14))),
        (on.namn, format_stored(on.personnummer), format_day(date(2026, 6, 15)), format_day(date(2031, 6, 15)))]
    assert format_day(ON) in dialog.rule.text() and format_day(date(2026, 6, 15)) in dialog.rule.text()
    assert not dialog.delete_button.isEnabled()  # nothing is marked: nothing can be deleted

    questions = Questions(monkeypatch, YES)
    t = dialog.table
    t.setFocus()
    t.setCurrentCell(1, 0)
    qtbot.keyClick(t, Qt.Key.Key_Space)  # mark "Gräns Dagsson" only
    assert dialog.marked_ids() == [on.id]
    assert dialog.delete_button.isEnabled() and "1" in dialog.delete_button.text()
    click(qtbot, dialog.delete_button)
    assert len(questions.asked) == 1 and "den 1 markerade deltagaren" in questions.asked[0]
    assert "går inte att ångra" in questions.asked[0]
    qtbot.waitUntil(lambda: dialog.loaded, timeout=10_000)
    assert box_text(qtbot).startswith("Raderade 1 deltagare ")
    assert [r[0] for r in rows(dialog)] == [before.namn]
    repo = w.session.repo
    assert repo.id_for_personnummer(on.personnummer) is None
    assert sorted(list_names(w)) == sorted(p.namn for k, p in people.items() if k != "on")
    applied = [e for e in repo.vault.audit.entries() if e.event == "retention.applied"]
    assert [e.detail for e in applied] == ["count=1 years=5 last_entry<=2026-06-15 on=2031-06-15"]
    deleted = [e for e in repo.vault.audit.entries() if e.event == "participant.deleted"]
    assert [(e.participant_id, e.detail) for e in deleted] == [(on.id, "gallring")]

    questions.answer = NO  # marked, asked, answered No: nothing goes
    click(qtbot, dialog.all_button)
    click(qtbot, dialog.delete_button)
    assert len(questions.asked) == 2 and repo.id_for_personnummer(before.personnummer) == before.id
    click(qtbot, dialog.none_button)
    assert dialog.marked_ids() == [] and not dialog.delete_button.isEnabled()


def test_a_changed_retention_time_is_saved_audited_and_lists_anew(qtbot, make_window, aged, monkeypatch):
    path, people = aged
    w = make_window(path)
    unlock(w)
    dialog = open_gallring(qtbot, w)
    assert dialog.years.value() == 5 and not dialog.save_years_button.isEnabled()
    editor = dialog.years.lineEdit()
    dialog.years.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "4")
    assert dialog.years.value() == 4 and dialog.save_years_button.isEnabled()
    click(qtbot, dialog.save_years_button)
    qtbot.waitUntil(lambda: dialog.loaded, timeout=10_000)
    repo = w.session.repo
    assert retention.years(repo) == 4
    changed = [e for e in repo.vault.audit.entries() if e.event == "retention.changed"]
    assert [e.detail for e in changed] == ["5->4"]
    assert [r[0] for r in rows(dialog)] == [people[k].namn for k in ("before", "on", "after", "draft")]
    view = w.caseload_view  # "Att göra" beside the list follows
    qtbot.waitUntil(lambda: not view.busy and view.caseload.count("gallring") == 4, timeout=10_000)
    assert format_day(date(2027, 6, 15)) in dialog.rule.text()  # the boundary four years back
    dialog.reject()
    w.close()
    with Vault.open(path, PASSPHRASE) as v:  # kept in the vault
        assert retention.years(v.repo) == 4
