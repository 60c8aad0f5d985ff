"""The method after the plans (models.method): documents and the workplace register in the vault."""
from __future__ import annotations

from datetime import date

import pytest

from kartlaggning.models.errors import ValidationError
from kartlaggning.models.method import (SLUT_FIELDS, Anpassning, Arbetstraning, Avslut, Matchning, MatchningBeslut,
                                        SchemaSteg, Uppfoljning, Utfall, Workplace)
from kartlaggning.models.serialize import from_jsonable, to_jsonable


def test_every_method_document_round_trips_through_the_vault(vault, participant):
    vault.repo.save_participant(participant)
    pid = participant.id
    docs = [
        Matchning(participant_id=pid, datum=date(2026, 12, 1), beslut=MatchningBeslut.ARBETSTRANING,
                  workplace_id="w1", motivering="Truckkort och vana vid lager", grundas_pa=["e1", "e2"]),
        Arbetstraning(participant_id=pid, datum=date(2027, 1, 4), till=date(2027, 6, 30), arbetsplats="Lagret",
                      af_beslut_datum=date(2026, 12, 20), af_beslut_referens="AF-123",
                      schema=[SchemaSteg(date(2027, 1, 4), 25, 2.0), SchemaSteg(date(2027, 2, 1), 50, 4.0)],
                      anpassningar=[Anpassning("Inga tunga lyft", "Fungerar bra")]),
        Uppfoljning(participant_id=pid, datum=date(2027, 2, 3), faktisk_procent=50, faktiska_timmar_per_dag=4.0,
                    hur_det_gar="Bra", nasta=date(2027, 3, 3)),
        Avslut(participant_id=pid, datum=date(2027, 7, 1), utfall=Utfall.ARBETE, anstallningsform="Lönebidrag",
               subventionerad=True),
    ]
    for doc in docs:
        vault.repo.save_document(doc)
    for kind, doc in zip(("matchning", "arbetstraning", "uppfoljning", "avslut"), docs):
        assert vault.repo.documents(pid, kind) == [doc]
        assert vault.repo.get_document(doc.id) == doc


def test_json_round_trip_keeps_hours_and_enums():
    steg = SchemaSteg(date(2027, 1, 4), 25, 2.5)
    assert from_jsonable(SchemaSteg, to_jsonable(steg)) == steg
    assert from_jsonable(SchemaSteg, {"datum": "2027-01-04", "procent": 25, "timmar_per_dag": 3}).timmar_per_dag == 3.0
    avslut = Avslut(utfall=Utfall.AVBROTT, avbrott_orsak="Flyttade")
    assert from_jsonable(Avslut, to_jsonable(avslut)) == avslut
    assert set(avslut.slutdokumentation) == set(SLUT_FIELDS)


def test_the_schema_gives_the_planned_extent_on_a_day():
    t = Arbetstraning(schema=[SchemaSteg(date(2027, 2, 1), 50), SchemaSteg(date(2027, 1, 4), 25),
                              SchemaSteg(date(2027, 3, 1), 100)])
    assert t.planned_procent(date(2027, 1, 3)) is None
    assert t.planned_procent(date(2027, 1, 20)) == 25
    assert t.planned_procent(date(2027, 2, 1)) == 50
    assert t.planned_procent(date(2027, 9, 1)) == 100


@pytest.mark.parametrize("doc, field", [
    (Arbetstraning(datum=date(2027, 2, 1), till=date(2027, 1, 1)), "till"),
    (Arbetstraning(schema=[SchemaSteg(procent=120)]), "schema[0].procent"),
    (Arbetstraning(schema=[SchemaSteg(timmar_per_dag=13)]), "schema[0].timmar_per_dag"),
    (Uppfoljning(faktisk_procent=-5), "faktisk.procent"),
    (Uppfoljning(datum=date(2027, 2, 3), nasta=date(2027, 1, 1)), "nasta"),
    (Avslut(slutdokumentation={"narvaro": "x\x00"}), "slutdokumentation.narvaro"),
    (Matchning(motivering="m" * 20_001), "motivering"),
])
def test_bad_values_name_their_field(doc, field):
    assert [e.field for e in doc.errors()] == [field]
    assert all(isinstance(e, ValidationError) and e.message for e in doc.errors())


def test_the_workplace_register_is_shared_and_sorted_the_swedish_way(vault):
    for name in ("Öppna förskolan", "Återbruket", "Lagret", "Caféet"):
        vault.repo.save_workplace(Workplace(arbetsplats=name, handledare="Pia Prov"))
    assert [w.arbetsplats for w in vault.repo.workplaces()] == ["Caféet", "Lagret", "Återbruket", "Öppna förskolan"]
    lagret = next(w for w in vault.repo.workplaces() if w.arbetsplats == "Lagret")
    lagret.handledare_telefon = "070-000 00 01"
    vault.repo.save_workplace(lagret)
    assert vault.repo.workplace(lagret.id).handledare_telefon == "070-000 00 01"
    assert len(vault.repo.workplaces()) == 4
    with pytest.raises(ValidationError):
        vault.repo.save_workplace(Workplace(arbetsplats=""))
