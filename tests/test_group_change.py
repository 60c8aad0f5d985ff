"""The average change across the caseload in a period: per area, on a 0-10 scale, no
figure for fewer than three people, nobody named (models.group_change and the dialog)."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kartlaggning.models import Participant
from kartlaggning.models.group_change import MIN_GROUP, group_change, participant_change
from kartlaggning.models.progress import HINDER_LOST, NY_RESURS, Event
from kartlaggning.models.selfrating import Sjalvskattning
from kartlaggning.services.group_change import caseload_change
from kartlaggning.storage import Vault

from conftest import PASSPHRASE, make_pnr
from test_ui_shell import make_window, unlock  # noqa: F401 (fixture)

START, END = date(2026, 1, 1), date(2026, 12, 31)


def rating(day: date, low: int = 0, high: int = 10, **own) -> Sjalvskattning:
    r = Sjalvskattning(participant_id="p", datum=day, skala_min=low, skala_max=high)
    for area, value in own.items():
        r.rating(area).egen = value
    return r


def test_one_participants_change_is_first_to_last_in_the_period_on_a_ten_point_scale():
    ratings = [rating(date(2025, 12, 1), kroppsfunktioner=0),  # before the period: not counted
               rating(date(2026, 2, 1), kroppsfunktioner=3, psykiska=4),
               rating(date(2026, 5, 1), kroppsfunktioner=5),
               rating(date(2026, 9, 1), 1, 5, kroppsfunktioner=4, stress=2)]  # another scale: 4 of 1-5 is 7.5
    change = participant_change(ratings, START, END)
    assert change == {"kroppsfunktioner": 7.5 - 3}  # psykiska and stress were rated once only


def test_fewer_than_three_give_no_figure_and_steps_count_people():
    people = [([rating(date(2026, 2, 1), arbete=2), rating(date(2026, 8, 1), arbete=2 + n)],
               [Event(date(2026, 3, 1), NY_RESURS)] if n < 3 else [Event(date(2026, 3, 1), HINDER_LOST)])
              for n in range(4)]
    result = group_change(people, START, END)
    assert result.participants == 4 and result.active == 4
    assert result.areas["arbete"].value == 1.5 and result.areas["arbete"].participants == 4  # (0+1+2+3)/4
    assert result.areas["fritid"].too_few and result.areas["fritid"].participants == 0
    assert result.steps[NY_RESURS].value == 0.75 and result.steps[NY_RESURS].participants == 3
    assert result.steps[HINDER_LOST].too_few  # one person: not said
    two = group_change(people[:MIN_GROUP - 1], START, END)
    assert two.areas["arbete"].too_few and two.overall.too_few


def fill(vault) -> list[Participant]:
    people = []
    for n in range(4):
        p = Participant(namn=f"Gruppa Testsson {n}", personnummer=make_pnr(n + 1, 1980 + n))
        vault.repo.save_participant(p)
        for day, value in ((date(2026, 2, 2), 3), (date(2026, 6, 2), 3 + n)):
            r = Sjalvskattning(participant_id=p.id, datum=day)
            r.rating("arbete").egen = value
            r.rating("arbete").kommentar = f"Hemligt ord {n}"
            vault.repo.save_document(r)
        people.append(p)
    return people


def test_from_the_vault(vault):
    fill(vault)
    result = caseload_change(vault.repo, START, END)
    assert result.participants == 4 and result.areas["arbete"].value == 1.5
    with pytest.raises(ValueError):
        caseload_change(vault.repo, END, START)


def test_the_dialog_from_the_caseload_counts_in_the_background_and_names_nobody(make_window, vault_path, qtbot):
    vault, _key = Vault.create(vault_path, PASSPHRASE)
    people = fill(vault)
    vault.close()
    w = make_window(vault_path)
    unlock(w)
    view = w.caseload_view
    qtbot.mouseClick(view.progress_button, Qt.MouseButton.LeftButton)
    dialog = next(d for d in QApplication.topLevelWidgets() if d.objectName() == "groupChange" and d.isVisible())
    edit = dialog.start.line_edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "2026-13-01")  # a bad date: said, nothing counted
    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() and dialog.result_ is None
    edit.selectAll()
    qtbot.keyClicks(edit, "2026-01-01")
    dialog.end.line_edit.selectAll()
    qtbot.keyClicks(dialog.end.line_edit, "2026-12-31")
    qtbot.keyClick(dialog.end.line_edit, Qt.Key.Key_Return)  # Show is the default button
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=10_000)
    assert not dialog.error.text()
    texts = [dialog.summary.text()] + [dialog.table.item(r, c).text() for r in range(dialog.table.rowCount())
                                       for c in range(2) if dialog.table.item(r, c) is not None]
    joined = "\n".join(texts)
    assert "4" in dialog.summary.text()
    row = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 0).text() in ("Arbetsförhållanden",
                                                                                               "Work circumstances"))
    assert dialog.table.item(row, 1).text().startswith("+1,5") or dialog.table.item(row, 1).text().startswith("+1.5")
    for p in people:  # nothing that identifies anyone
        assert p.namn not in joined and p.personnummer not in joined and p.personnummer[2:8] not in joined
    assert "Hemligt" not in joined
    dialog.close()


def test_the_command_line_prints_the_same_figures_and_names_nobody(vault_path, monkeypatch, capsys):
    import io
    import json
    import sys

    from kartlaggning.cli import main
    vault, _key = Vault.create(vault_path, PASSPHRASE)
    people = fill(vault)
    vault.close()
    monkeypatch.setenv("KARTLAGGNING_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))

    def run(*argv):
        capsys.readouterr()
        code = main(["progress", "--vault", str(vault_path), *argv])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    code, out, err = run("--from", "2026-01-01", "--to", "2026-12-31", "--lang", "sv")
    assert code == 0, err
    assert "Utveckling i gruppen, 1 januari 2026 till 31 december 2026" in out
    assert "4 deltagare skattade sig själv" in out
    line = next(line for line in out.splitlines() if line.strip().startswith("Arbetsförhållanden"))
    assert line.split()[-3:] == ["+1,5", "(4", "personer)"]
    assert "färre än 3 personer" in next(line for line in out.splitlines() if "Fritidsintressen" in line)
    code, data, err = run("--from", "2026-01-01", "--to", "2026-12-31", "--json")
    figures = json.loads(data)
    assert figures["areas"]["arbete"] == {"too_few": False, "participants": 4, "change": 1.5}
    assert figures["areas"]["fritid"] == {"too_few": True, "participants": None, "change": None}
    for text in (out, data):  # nothing that identifies anyone
        for p in people:
            assert p.namn not in text and p.personnummer not in text and p.id not in text
        assert "Hemligt" not in text
    code, _out, err = run("--from", "2026-13-01", "--lang", "en")
    assert code == 1 and "Not a date: 2026-13-01" in err
    code, _out, err = run("--from", "2026-12-31", "--to", "2026-01-01", "--lang", "en")
    assert code == 1 and "The period ends before it starts." in err
