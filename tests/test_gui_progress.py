"""The participant's progress in the window: the Plans tab's "Progress" sub-tab after
self-ratings typed in the real editor, the charts it draws (the printouts' own drawings as
SVG), the timeline, and a hinder marked resolved and standing again with real clicks."""
from __future__ import annotations

import re
from datetime import date

from PySide6.QtWidgets import QApplication

from kartlaggning import i18n
from kartlaggning.models.areas import AREA_KEYS
from kartlaggning.models.progress import EVENT_LABELS, HINDER_LOST, SJALVSKATTNING
from kartlaggning.models.selfrating import Sjalvskattning
from kartlaggning.printouts import charts
from kartlaggning.services import method, selfrating
from kartlaggning.ui.plans.progress_view import for_qt

from test_e2e_gui import type_text
from test_gui_sjalvskattning import editor_on, row, world  # noqa: F401 (the fixture)
from test_ui_method import click, click_into, lock_from, replace_text, stored, sub_tab

_ = i18n._


def progress_on(qtbot, page, today: date):
    view = sub_tab(qtbot, page, "progress")
    view._today = lambda: today
    view.refresh()
    return view


def polygons(svg: bytes) -> int:
    """Only the participant's own rating layers are polygons in the radar (charts' docstring)."""
    return len(re.findall(rb"<polygon\b", svg))


def hinder_entry(repo, ids, text="Ont i ryggen"):
    k = repo.latest_kartlaggning(ids["participant"])
    return next(e for e in k.area("kroppsfunktioner").hinder if e.text == text)


def test_ratings_typed_at_three_dates_are_three_radar_layers(qtbot, world):
    window, page, ids = world("training")
    typed = {}
    for n, (day, values) in enumerate(((date(2027, 1, 12), "345"), (date(2027, 4, 12), "456"),
                                       (date(2027, 7, 12), "678"))):
        editor = editor_on(qtbot, page, day)
        click(qtbot, editor.new_button)
        for area, value in zip(("kroppsfunktioner", "psykiska", "arbete"), values):
            type_text(click_into(qtbot, row(editor, area).own), value)
        if n == 2:  # the handläggare's view on the latest, and its date typed (the samtal was the day before)
            type_text(click_into(qtbot, row(editor, "arbete").staff), "5")
            replace_text(qtbot, editor.datum.line_edit, "2027-07-11")
            day = date(2027, 7, 11)
        typed[day] = [int(v) for v in values]
    view = progress_on(qtbot, page, date(2027, 7, 20))  # leaving the field by clicking the tab saves it
    p = view.progress
    assert [layer.datum for layer in p.layers] == list(typed)
    for layer, (day, values) in zip(p.layers, typed.items()):
        assert [layer.egen[a] for a in ("kroppsfunktioner", "psykiska", "arbete")] == values
        assert layer.egen["stress"] is None
    assert p.layers[-1].handlaggare["arbete"] == 5 and not p.layers[0].has_staff
    # the radar on screen is the printouts' drawing of that Progress: three layers, the latest on top
    assert view.radar.svg.isVisible()
    assert polygons(view.radar.data) == 3
    assert view.radar.data == for_qt(charts.to_svg(charts.radar(p)))
    assert view.radar.svg.renderer().isValid()
    assert b"fill: None" not in view.radar.data and b"clip-path" not in view.radar.data  # (Qt would paint black)
    assert "2027-01-12" in view.radar_note.text() and "2027-07-11" in view.radar_note.text()
    label = _(EVENT_LABELS[SJALVSKATTNING])
    assert [r[0] for r in view.timeline_rows() if r[1] == label] == ["2027-07-11", "2027-04-12", "2027-01-12"]
    # the arbetsträning's schema is drawn; no motivation rulers were rated: said so
    assert view.extent.svg.isVisible() and view.extent.data
    assert not view.mi.svg.isVisible() and view.mi.empty.isVisible()


def test_the_radar_is_drawn_as_pixels_not_a_black_page(qtbot, world):
    def prepare(repo, ids):
        for day, value in ((date(2027, 1, 12), 3), (date(2027, 4, 12), 6)):
            r = Sjalvskattning(participant_id=ids["participant"], datum=day)
            for a in r.betyg:
                a.egen = value
            repo.save_document(r)
    window, page, ids = world(prepare=prepare)
    view = progress_on(qtbot, page, date(2027, 5, 1))
    assert polygons(view.radar.data) == 2
    image = view.radar.svg.grab().toImage()
    corner = image.pixelColor(3, 3)
    assert min(corner.red(), corner.green(), corner.blue()) >= 250  # the paper's white
    colours = {image.pixel(x, y) for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)}
    assert len(colours) > 10  # rings, layers, labels


def test_a_hinder_resolved_shows_on_the_timeline_and_can_stand_again(qtbot, world, vault_path):
    window, page, ids = world("training")
    view = progress_on(qtbot, page, date(2027, 3, 1))
    assert view.hinder.topLevelItemCount() == 1
    item = view.hinder.topLevelItem(0)
    assert item.text(1) == "Ont i ryggen" and item.text(2) == _("Stands")
    click(qtbot, view.hinder.viewport(), view.hinder.visualItemRect(item).center())
    assert view.lost_datum.line_edit.text() == "2027-03-01"  # today, to change
    assert not view.reopen_button.isEnabled()
    replace_text(qtbot, view.lost_datum.line_edit, "2027-02-15")
    type_text(click_into(qtbot, view.lost_orsak), "Fått hjälp av fysioterapeut")
    click(qtbot, view.resolve_button)

    label = _(EVENT_LABELS[HINDER_LOST])
    assert ("2027-02-15", label, "Ont i ryggen – Fått hjälp av fysioterapeut") in view.timeline_rows()
    state = view.hinder.topLevelItem(0).text(2)
    assert state == _("Resolved on {date}: {reason}").format(date="2027-02-15", reason="Fått hjälp av fysioterapeut")
    assert view.reopen_button.isEnabled() and view.resolve_button.text() == _("Change the resolution")
    e = hinder_entry(view.repo, ids)
    assert (e.lost_datum, e.lost_orsak, e.text) == (date(2027, 2, 15), "Fått hjälp av fysioterapeut", "Ont i ryggen")

    click(qtbot, view.reopen_button)  # resolved by mistake
    assert not [r for r in view.timeline_rows() if r[1] == label]
    assert view.hinder.topLevelItem(0).text(2) == _("Stands")
    assert hinder_entry(view.repo, ids).lost_datum is None
    assert view.lost_orsak.text() == "Fått hjälp av fysioterapeut"  # to resolve again in one click
    click(qtbot, view.resolve_button)
    assert ("2027-02-15", label, "Ont i ryggen – Fått hjälp av fysioterapeut") in view.timeline_rows()
    lock_from(qtbot, window, view.lost_orsak)
    e = stored(vault_path, lambda repo: hinder_entry(repo, ids))
    assert (e.lost_datum, e.lost_orsak) == (date(2027, 2, 15), "Fått hjälp av fysioterapeut")


def test_a_resolution_date_that_is_no_date_or_lies_ahead_is_said_and_kept(qtbot, world):
    window, page, ids = world("training")
    view = progress_on(qtbot, page, date(2027, 3, 1))
    replace_text(qtbot, view.lost_datum.line_edit, "igår")
    click(qtbot, view.resolve_button)
    assert view.lost_datum_row.error() and view.lost_datum.line_edit.text() == "igår"
    replace_text(qtbot, view.lost_datum.line_edit, "2027-04-01")
    click(qtbot, view.resolve_button)
    assert view.lost_datum_row.error() == _("This date lies ahead: mark a hinder resolved once it is.")
    assert view.lost_datum.line_edit.text() == "2027-04-01"
    assert hinder_entry(view.repo, ids).lost_datum is None  # nothing changed
    replace_text(qtbot, view.lost_datum.line_edit, "2027-03-01")
    click(qtbot, view.resolve_button)
    assert view.lost_datum_row.error() == ""
    assert hinder_entry(view.repo, ids).lost_datum == date(2027, 3, 1)


def test_what_is_typed_in_the_self_rating_is_in_the_progress_at_once(qtbot, world):
    """Switching sub-tabs with the cursor still in a rating: the progress view has it."""
    window, page, ids = world()
    editor = editor_on(qtbot, page, date(2027, 1, 12))
    click(qtbot, editor.new_button)
    for area, value in zip(AREA_KEYS, "2345"):
        type_text(click_into(qtbot, row(editor, area).own), value)
    view = progress_on(qtbot, page, date(2027, 1, 12))
    assert [view.progress.layers[0].egen[a] for a in AREA_KEYS[:4]] == [2, 3, 4, 5]
    assert polygons(view.radar.data) == 1
    assert selfrating.ratings(view.repo, ids["participant"])[0].rating(AREA_KEYS[3]).egen == 5


def test_after_avslut_the_progress_is_read_but_no_hinder_is_marked(qtbot, world):
    window, page, ids = world("training")
    view = progress_on(qtbot, page, date(2027, 3, 1))
    documents = page.tab_widget("plans")
    documents.set_read_only(True)  # as ParticipantPage does for a closed participant
    QApplication.processEvents()
    assert not view.resolve_button.isEnabled() and not view.reopen_button.isEnabled()
    assert view.lost_orsak.isReadOnly()
    assert view.timeline.isEnabled() and view.hinder.isEnabled()  # reading stays
    assert not view.resolve()
    assert hinder_entry(view.repo, ids).lost_datum is None
    assert not method.is_closed(view.repo, ids["participant"])  # (only the window's state was set)
