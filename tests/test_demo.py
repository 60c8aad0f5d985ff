"""Fictional demo people and generated bulk records."""
from __future__ import annotations

from datetime import date

from kartlaggning import demo
from kartlaggning.demo import bulk_records, demo_records
from kartlaggning.models import personnummer
from kartlaggning.models.method import SLUT_FIELDS, MatchningBeslut
from kartlaggning.models.participant import DEFAULT_CONSENT_PARTIES, CaseSource
from kartlaggning.models.plans import COMPETENCE_PROPERTIES
from kartlaggning.services import caseload, method
from kartlaggning.storage import prints as pr
from kartlaggning.storage.repository import (STATUS_CLOSED, STATUS_FOLLOW_UP, STATUS_IN_PROGRESS, STATUS_NEW,
                                             STATUS_PLAN_SIGNED, STATUS_SUMMARY_SIGNED, STATUS_TRAINING)

TODAY = date(2026, 11, 22)


def _is_test_number(digits: str) -> bool:
    return digits == "191212121212" or 980 <= int(digits[8:11]) <= 999


def test_demo_people_are_valid_and_fictional():
    records = demo_records(TODAY)
    assert len(records) >= 9
    for r in records:
        assert r.errors() == [], r.participant.namn
        pnr = r.participant.personnummer
        assert personnummer.parse(pnr, TODAY).digits == pnr
        assert _is_test_number(pnr), pnr
    assert len({r.participant.personnummer for r in records}) == len(records)
    names = " ".join(r.participant.namn for r in records)
    for needle in ("Åsa Öberg", "Łukasz Wróbel", "Đặng Thị Hương", "Çelik", "Müller"):
        assert needle in names


def test_demo_is_deterministic():
    assert demo_records(TODAY) == demo_records(TODAY)


def test_demo_covers_the_special_cases():
    records = demo_records(TODAY)
    tolk = [r for r in records if r.participant.tolkbehov]
    assert any(personnummer.parse(r.participant.personnummer, TODAY).is_samordningsnummer for r in tolk)
    assert any(r.kompetenskort for r in records)
    assert any(len(r.utvecklingsplaner) >= 2 for r in records)
    assert any(p.signerad and p.delmal and p.ansvarsfordelning for r in records for p in r.planer)
    assert any(k.current_samtal is not None for r in records for k in r.kartlaggningar)


def test_demo_has_the_whole_method():
    """Each part of the method somewhere, filled as a handläggare would fill it."""
    records = demo_records(TODAY)
    referred = [r.participant.referral for r in records
                if r.participant.referral.source == CaseSource.ARBETSFORMEDLINGEN]
    assert len(referred) >= 6
    for ref in referred:  # every field of Arbetsförmedlingen's form (Bilaga 1)
        for name in ("datum", "af_handlaggare", "af_telefon", "form", "period_from", "period_to",
                     "omfattning_procent", "yrkesomrade", "ersattning", "ersattning_from", "ersattning_to",
                     "tolkbehov", "forsorjningsstod"):
            assert getattr(ref, name) not in (None, ""), name
    consents = [r.participant.consent for r in records]
    assert sum(c.signed is not None for c in consents) >= 8
    assert any(c.signed and set(c.parties) < set(DEFAULT_CONSENT_PARTIES) for c in consents)  # a party left out
    assert any(c.withdrawn and c.withdrawn_note for c in consents)  # withdrawn, with who was told
    register = {w.id for w in demo.demo_workplaces()}
    matched = [m for r in records for m in r.matchningar]
    assert {m.beslut for m in matched} >= {MatchningBeslut.ARBETSTRANING, MatchningBeslut.UTBILDNING}
    assert all(m.workplace_id in register for m in matched if m.beslut == MatchningBeslut.ARBETSTRANING)
    for r in records:
        entries = {e.id for k in r.kartlaggningar for a in k.areas.values() for e in (*a.hinder, *a.resurser)}
        assert all(set(m.grundas_pa) <= entries and m.grundas_pa for m in r.matchningar)  # rests on the grid
    in_training = [r for r in records if r.arbetstraningar]
    assert len(in_training) >= 2
    for r in in_training:
        t = r.arbetstraningar[-1]
        assert 3 <= len(t.schema) <= 4 and t.schema[-1].procent == 100 and t.anpassningar and t.af_beslut_datum
        assert t.workplace_id in register
        plans = {u.id for u in r.utvecklingsplaner}
        follow_ups = r.uppfoljningar
        assert len(follow_ups) == 2 and all(f.arbetstraning_id == t.id and f.utvecklingsplan_id in plans
                                            for f in follow_ups)
        differs = [method.extent_differs(method.planned_step(t, f.datum), f.faktisk_procent,
                                         f.faktiska_timmar_per_dag) for f in follow_ups]
        assert differs.count(True) == 1  # one month the participant worked other than planned
    cards = [c for r in records for c in r.kompetenskort]
    assert cards and all(len(c.betyg) == len(COMPETENCE_PROPERTIES) and all(x.betyg and x.kommentar for x in c.betyg)
                         for c in cards)


def test_grid_entries_point_at_their_samtal():
    for r in demo_records(TODAY):
        for k in r.kartlaggningar:
            ids = {s.id for s in k.samtal}
            entries = [e for a in k.areas.values() for e in (*a.hinder, *a.resurser)]
            assert all(e.samtal_id in ids for e in entries)


def test_demo_stages_after_saving(vault):
    with vault.transaction():
        for r in demo_records(TODAY):
            vault.repo.save_record(r)
    statuses = {s.status for s in vault.repo.search()}
    assert statuses >= {STATUS_NEW, STATUS_IN_PROGRESS, STATUS_SUMMARY_SIGNED, STATUS_PLAN_SIGNED, STATUS_FOLLOW_UP,
                        STATUS_TRAINING}


def test_save_demo_closes_the_avslut_and_fills_the_register(vault):
    repo = vault.repo
    assert demo.save_demo(repo, TODAY, settings=True) == (len(demo_records(TODAY)), 0)
    statuses = {s.status for s in repo.search()}
    assert statuses == {STATUS_NEW, STATUS_IN_PROGRESS, STATUS_SUMMARY_SIGNED, STATUS_PLAN_SIGNED, STATUS_FOLLOW_UP,
                        STATUS_TRAINING, STATUS_CLOSED}  # every group of the list
    assert {w.id for w in repo.workplaces()} == {w.id for w in demo.demo_workplaces()}
    assert pr.has_unit_header(repo) and pr.load_handlaggare(repo).namn == demo.HANDLAGGARE
    closed = [s for s in repo.search() if s.status == STATUS_CLOSED]
    assert len(closed) == 1
    avslut = method.open_avslut(repo, closed[0].id)  # closed through services.method.close: audited
    assert avslut is not None and avslut.utfall is not None and not avslut.pagaende
    assert set(avslut.slutdokumentation) == set(SLUT_FIELDS)
    assert all(text.strip() for text in avslut.slutdokumentation.values())
    prefilled = method.new_avslut(repo, closed[0].id, avslut.datum).slutdokumentation
    assert all(avslut.slutdokumentation[name] == text for name, text in prefilled.items() if text.strip())
    assert [e.event for e in vault.audit.entries(closed[0].id)].count("participant.closed") == 1
    # "Att göra" has something in every group but gallring (nothing is old enough in a new vault)
    work = caseload.build(repo, TODAY)
    assert {kind for kind in caseload.KINDS if work.count(kind)} == set(caseload.KINDS) - {caseload.GALLRING}
    assert closed[0].id not in work.participant_ids()
    # again: everyone is there already, nothing is added or closed twice
    assert demo.save_demo(repo, TODAY, settings=True) == (0, len(demo_records(TODAY)))
    assert [e.event for e in vault.audit.entries(closed[0].id)].count("participant.closed") == 1


def test_bulk_records_are_deterministic_valid_and_unique():
    a = list(bulk_records(300, samtal_per_participant=5, seed=7, today=TODAY))
    b = list(bulk_records(300, samtal_per_participant=5, seed=7, today=TODAY))
    assert a == b
    assert list(bulk_records(3, seed=8, today=TODAY)) != a[:3]
    assert all(r.errors() == [] for r in a)
    assert all(len(r.kartlaggningar[0].samtal) == 5 for r in a)
    assert all(not area.is_empty for r in a for area in r.kartlaggningar[0].areas.values())
    assert len({r.participant.personnummer for r in a}) == 300
    assert len({r.participant.id for r in a}) == 300
    assert all(_is_test_number(r.participant.personnummer) for r in a)


def test_bulk_never_collides_with_demo_people():
    demo_pnr = {r.participant.personnummer for r in demo_records(TODAY)}
    bulk_pnr = {r.participant.personnummer for r in bulk_records(3000, samtal_per_participant=1, today=TODAY)}
    assert len(bulk_pnr) == 3000 and not demo_pnr & bulk_pnr
