"""Självskattning and progress: the model's checks, the vault, the due date, what the
progress view and the printouts draw from (models.progress)."""
from __future__ import annotations

from datetime import date

import pytest

from kartlaggning.models import GridEntry, Participant, Samtal
from kartlaggning.models.areas import AREA_KEYS
from kartlaggning.models.method import Arbetstraning, SchemaSteg, Uppfoljning, Workplace
from kartlaggning.models.progress import EXTERN, HINDER_LOST, MER_TID, NY_RESURS, build_progress
from kartlaggning.models.selfrating import SelfRatingSettings, Sjalvskattning, add_months
from kartlaggning.services import progress as progress_service
from kartlaggning.services import selfrating

from conftest import make_pnr


def rating(pid: str, day: date, own: dict, staff: dict | None = None, **kw) -> Sjalvskattning:
    r = Sjalvskattning(participant_id=pid, datum=day, **kw)
    for area, value in own.items():
        r.rating(area).egen = value
    for area, value in (staff or {}).items():
        r.rating(area).handlaggare = value
    return r


def test_a_rating_has_all_twelve_areas_and_checks_the_scale():
    r = Sjalvskattning()
    assert [x.area for x in r.betyg] == list(AREA_KEYS)
    assert r.errors() == [] and r.is_empty
    r.rating("stress").egen = 11
    r.rating("arbete").handlaggare = -1
    r.rating("fritid").kommentar = "x" * 20_001
    fields = {e.field: e.code for e in r.errors()}
    assert fields == {"betyg[2].egen": "rating", "betyg[7].handlaggare": "rating", "betyg[9].kommentar": "too_long"}
    # a unit's scale 1-5: 0 is outside it
    r2 = Sjalvskattning(skala_min=1, skala_max=5)
    r2.rating("stress").egen = 0
    assert [e.params for e in r2.errors()] == [{"low": 1, "high": 5}]
    assert Sjalvskattning(skala_min=5, skala_max=5).errors()[0].code == "scale_order"
    assert SelfRatingSettings(intervall_manader=0).errors()[0].field == "intervall_manader"


def test_months_are_added_to_the_last_day_of_a_short_month():
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)


def test_ratings_are_stored_and_the_next_one_is_due_after_the_units_interval(vault):
    repo = vault.repo
    p = Participant(namn="Sara Skattning", personnummer=make_pnr(3))
    repo.save_participant(p)
    assert selfrating.due(repo, p.id, date(2027, 1, 10)) == date(2027, 1, 10)  # none yet: now
    f = Uppfoljning(participant_id=p.id, datum=date(2027, 1, 10))
    repo.save_document(f)
    r = selfrating.new_sjalvskattning(repo, p.id, today=date(2027, 1, 10))
    assert (r.skala_min, r.skala_max, r.uppfoljning_id) == (0, 10, f.id)
    r.rating("psykiska").egen, r.rating("psykiska").kommentar = 4, "Orkar mer än förut"
    r.rating("psykiska").handlaggare = 5
    repo.save_document(r)
    back = repo.documents(p.id, "sjalvskattning")
    assert back == [r]
    assert repo.load_record(p.id).sjalvskattningar == [r]
    assert selfrating.due(repo, p.id, date(2027, 1, 11)) == date(2027, 4, 10)
    selfrating.save_settings(repo, SelfRatingSettings(skala_min=1, skala_max=5, intervall_manader=6))
    assert selfrating.due(repo, p.id, date(2027, 1, 11)) == date(2027, 7, 10)
    assert selfrating.new_sjalvskattning(repo, p.id, today=date(2027, 2, 1)).skala_max == 5
    with pytest.raises(Exception):
        selfrating.save_settings(repo, SelfRatingSettings(skala_min=3, skala_max=2))


def test_a_resolved_hinder_keeps_its_text_and_a_grid_save_does_not_undo_it(vault):
    repo = vault.repo
    p = Participant(namn="Hilma Hinder", personnummer=make_pnr(4))
    repo.save_participant(p)
    k = repo.new_kartlaggning(p.id)
    k.samtal = [Samtal(datum=date(2027, 1, 5))]
    h = GridEntry("Svårt att passa tider", samtal_id=k.samtal[0].id)
    k.area("psykiska").hinder.append(h)
    repo.save_kartlaggning(k)
    progress_service.resolve_hinder(repo, h.id, date(2027, 3, 1), "Två väckarklockor och buss 4")
    stale = GridEntry(h.text + " ibland", h.id, h.samtal_id)  # the wizard's copy from before
    repo.save_entries(k.id, "psykiska", "hinder", [stale])
    entry = repo.get_kartlaggning(k.id).area("psykiska").hinder[0]
    assert (entry.text, entry.lost_datum, entry.lost_orsak) == (
        "Svårt att passa tider ibland", date(2027, 3, 1), "Två väckarklockor och buss 4")
    assert [(key, e.id) for key, e in progress_service.hinder(repo, p.id)] == [("psykiska", h.id)]
    progress_service.reopen_hinder(repo, h.id)
    entry = repo.get_kartlaggning(k.id).area("psykiska").hinder[0]
    assert (entry.lost_datum, entry.lost_orsak) == (None, "")


def test_the_progress_has_the_layers_the_extent_and_the_steps(vault):
    repo = vault.repo
    p = Participant(namn="Pelle Progress", personnummer=make_pnr(5))
    repo.save_participant(p)
    own, ext = Workplace(arbetsplats="Återbruket", egen=True), Workplace(arbetsplats="Bageriet AB", egen=False)
    repo.save_workplace(own)
    repo.save_workplace(ext)
    k = repo.new_kartlaggning(p.id)
    s1, s2 = Samtal(datum=date(2026, 10, 1)), Samtal(datum=date(2026, 10, 8))
    k.samtal = [s1, s2]
    k.area("arbete").resurser = [GridEntry("Truckkort", samtal_id=s1.id), GridEntry("Körkort B", samtal_id=s2.id)]
    k.area("stress").hinder = [GridEntry("Panik i folkmassor", samtal_id=s1.id, lost_datum=date(2027, 2, 2),
                                         lost_orsak="KBT-behandling")]
    k.motivation.viktighet, k.motivation.tilltro = 8, 5
    repo.save_kartlaggning(k)
    repo.save_document(Arbetstraning(participant_id=p.id, datum=date(2026, 11, 1), workplace_id=own.id,
                                     arbetsplats="Återbruket",
                                     schema=[SchemaSteg(date(2026, 11, 1), 25), SchemaSteg(date(2026, 12, 1), 50)]))
    repo.save_document(Arbetstraning(participant_id=p.id, datum=date(2027, 2, 1), workplace_id=ext.id,
                                     arbetsplats="Bageriet AB", schema=[SchemaSteg(date(2027, 2, 1), 75)]))
    for day, pct in ((date(2026, 12, 1), 25), (date(2027, 1, 1), 50), (date(2027, 2, 1), 75)):
        repo.save_document(Uppfoljning(participant_id=p.id, datum=day, faktisk_procent=pct))
    for day, value in ((date(2026, 10, 8), 3), (date(2027, 1, 8), 5), (date(2027, 4, 8), 7)):
        repo.save_document(rating(p.id, day, {key: value for key in AREA_KEYS}, {"arbete": value + 1}))

    pr = progress_service.progress(repo, p.id)
    assert [(layer.datum, layer.egen["stress"], layer.handlaggare["arbete"]) for layer in pr.layers] == [
        (date(2026, 10, 8), 3, 4), (date(2027, 1, 8), 5, 6), (date(2027, 4, 8), 7, 8)]
    assert [(x.datum, x.procent) for x in pr.planned] == [(date(2026, 11, 1), 25), (date(2026, 12, 1), 50),
                                                          (date(2027, 2, 1), 75)]
    assert [x.procent for x in pr.actual] == [25, 50, 75]
    assert [(m.viktighet, m.tilltro, m.datum) for m in pr.mi] == [(8, 5, date(2026, 10, 8))]
    steps = [(e.datum, e.kind, e.detail) for e in pr.events if e.kind in (MER_TID, EXTERN, NY_RESURS, HINDER_LOST)]
    assert steps == [(date(2026, 10, 8), NY_RESURS, "Körkort B"),  # the first samtal's resurser are the start
                     (date(2027, 1, 1), MER_TID, "25 → 50 %"),
                     (date(2027, 2, 1), MER_TID, "50 → 75 %"),
                     (date(2027, 2, 1), EXTERN, "Bageriet AB"),
                     (date(2027, 2, 2), HINDER_LOST, "Panik i folkmassor – KBT-behandling")]
    # a printout of 2027-01-10 shows that day's state
    then = progress_service.progress(repo, p.id, until=date(2027, 1, 10))
    assert len(then.layers) == 2 and [x.procent for x in then.actual] == [25, 50]
    assert not any(e.kind == HINDER_LOST for e in then.events)


def test_build_progress_of_nothing_is_empty():
    assert build_progress().is_empty
