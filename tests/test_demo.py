"""Fictional demo people and generated bulk records."""
from __future__ import annotations

from datetime import date

from kartlaggning.demo import bulk_records, demo_records
from kartlaggning.models import personnummer
from kartlaggning.storage.repository import (STATUS_FOLLOW_UP, STATUS_IN_PROGRESS, STATUS_NEW,
                                             STATUS_PLAN_SIGNED, STATUS_SUMMARY_SIGNED)

TODAY = date(2026, 11, 22)


def _is_test_number(digits: str) -> bool:
    return digits == "191212121212" or 980 <= int(digits[8:11]) <= 999


def test_demo_people_are_valid_and_fictional():
    records = demo_records(TODAY)
    assert len(records) >= 8
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
    assert statuses >= {STATUS_NEW, STATUS_IN_PROGRESS, STATUS_SUMMARY_SIGNED, STATUS_PLAN_SIGNED, STATUS_FOLLOW_UP}


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
