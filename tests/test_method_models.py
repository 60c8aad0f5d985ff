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
    (Uppfoljning(faktisk_procent=-5), "faktisk_procent"),
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


# ---- the use cases (services.method) ------------------------------------------------------------

from kartlaggning.models import GridEntry  # noqa: E402
from kartlaggning.models.plans import Kompetenskort, Rating  # noqa: E402
from kartlaggning.services import method  # noqa: E402


@pytest.fixture
def mapped(vault, participant):
    """A participant with a kartläggning (a resurs and a hinder), a matchning to a workplace."""
    participant.referral.omfattning_procent = 50
    vault.repo.save_participant(participant)
    k = vault.repo.new_kartlaggning(participant.id)
    k.area("arbete").fakta = "Fem år på lager."
    k.area("arbete").resurser.append(GridEntry("Truckkort"))
    k.area("kroppsfunktioner").hinder.append(GridEntry("Ont i ryggen"))
    k.sammanstallning.bedomning = "Redo för arbetsträning på lager."
    vault.repo.save_kartlaggning(k)
    w = Workplace(arbetsplats="Lagret", handledare="Pia Prov", handledare_telefon="070-1", arbetsuppgifter="Plock")
    vault.repo.save_workplace(w)
    vault.repo.save_document(Matchning(participant_id=participant.id, beslut=MatchningBeslut.ARBETSTRANING,
                                       workplace_id=w.id))
    return participant, k, w


def test_the_basis_of_a_matchning_lists_resurser_first(vault, mapped):
    participant, k, _w = mapped
    rows = method.basis(vault.repo, participant.id)
    assert [(kind, text) for _id, _area, kind, text in rows] == [("resurs", "Truckkort"), ("hinder", "Ont i ryggen")]
    assert rows[0][0] == k.area("arbete").resurser[0].id


def test_an_arbetstraning_starts_from_the_matchning_and_the_referral(vault, mapped):
    participant, _k, w = mapped
    t = method.new_arbetstraning(vault.repo, participant.id, today=date(2027, 1, 4))
    assert (t.workplace_id, t.arbetsplats, t.handledare, t.arbetsuppgifter) == (w.id, "Lagret", "Pia Prov", "Plock")
    assert [(s.datum, s.procent) for s in t.schema] == [(date(2027, 1, 4), 50)]


def test_follow_ups_are_monthly_and_start_the_next_utvecklingsplan(vault, mapped):
    participant, _k, _w = mapped
    assert method.follow_up_due(vault.repo, participant.id, date(2027, 1, 10)) is None  # not in training
    t = method.new_arbetstraning(vault.repo, participant.id, today=date(2027, 1, 31))
    t.schema.append(SchemaSteg(date(2027, 2, 15), 75))
    vault.repo.save_document(t)
    assert method.follow_up_due(vault.repo, participant.id, date(2027, 2, 1)) == date(2027, 2, 28)
    f, plan = method.new_uppfoljning(vault.repo, participant.id, today=date(2027, 2, 20))
    assert f.arbetstraning_id == t.id and f.faktisk_procent == 75 and f.nasta == date(2027, 3, 20)
    assert plan is not None and f.utvecklingsplan_id == plan.id and plan.datum == date(2027, 2, 20)
    vault.repo.save_document(plan)
    vault.repo.save_document(f)
    assert method.follow_up_due(vault.repo, participant.id, date(2027, 3, 1)) == date(2027, 3, 20)
    f2, plan2 = method.new_uppfoljning(vault.repo, participant.id, today=date(2027, 3, 20))
    assert plan2.id != plan.id and plan2.datum == date(2027, 3, 20)


def test_the_slutdokumentation_is_prefilled_from_the_vault(vault, mapped):
    participant, _k, _w = mapped
    t = method.new_arbetstraning(vault.repo, participant.id, today=date(2027, 1, 4))
    t.anpassningar = [Anpassning("Inga tunga lyft", "Fungerade")]
    vault.repo.save_document(t)
    f, _plan = method.new_uppfoljning(vault.repo, participant.id, today=date(2027, 2, 4), with_utvecklingsplan=False)
    f.hur_det_gar, f.deltagarens_syn = "Kommer i tid", "Trivs"
    vault.repo.save_document(f)
    card = Kompetenskort(participant_id=participant.id, kompetenser="Noggrann", betyg=[Rating("narvaro", 4, "Alltid i tid")])
    vault.repo.save_document(card)
    a = method.new_avslut(vault.repo, participant.id, today=date(2027, 6, 30))
    s = a.slutdokumentation
    assert "Fem år på lager." in s["arbetslivserfarenhet"] and "Truckkort" in s["arbetslivserfarenhet"]
    assert "Ont i ryggen" in s["sjukdomshistorik"]
    assert "Lagret" in s["arbetsplats"] and s["anpassningar"] == "Inga tunga lyft: Fungerade"
    assert s["narvaro"] == "Närvaro/punktlighet: god – Alltid i tid"
    assert "Kommer i tid" in s["ovriga_observationer"] and "Trivs" in s["deltagarens_beskrivning"]
    assert s["starka_sidor"] == "Noggrann" and s["sammanfattning"] == "Redo för arbetsträning på lager."


def test_avslut_closes_until_reopened_and_both_are_audited(vault, mapped):
    participant, _k, _w = mapped
    a = method.new_avslut(vault.repo, participant.id, today=date(2027, 6, 30))
    a.utfall = Utfall.ARBETE
    method.close(vault.repo, a)
    assert method.is_closed(vault.repo, participant.id)
    assert vault.repo.search("")[0].status == "closed"
    method.reopen(vault.repo, participant.id, today=date(2027, 7, 2))
    assert not method.is_closed(vault.repo, participant.id)
    assert vault.repo.documents(participant.id, "avslut")[0].ateroppnad == date(2027, 7, 2)
    events = [(e.event, e.detail) for e in vault.audit.entries(participant.id)]
    assert ("participant.closed", "arbete") in events and ("participant.reopened", "") in events
    assert participant.namn not in repr(events)


def test_the_method_documents_move_with_an_export_and_import(vault, mapped, tmp_path, passphrase):
    """The export (format 2 and later) holds them: moving a participant to another vault loses none."""
    from kartlaggning import exchange
    from kartlaggning.storage import Vault
    participant, _k, _w = mapped
    t = method.new_arbetstraning(vault.repo, participant.id, today=date(2027, 1, 4))
    t.anpassningar = [Anpassning("Höj- och sänkbart bord", "Bra")]
    vault.repo.save_document(t)
    f, _plan = method.new_uppfoljning(vault.repo, participant.id, today=date(2027, 2, 4), with_utvecklingsplan=False)
    vault.repo.save_document(f)
    a = method.new_avslut(vault.repo, participant.id, today=date(2027, 6, 30))
    a.utfall = Utfall.STUDIER
    method.close(vault.repo, a)
    doc = exchange.dump([vault.repo.load_record(participant.id)], "t")
    assert doc["format_version"] == exchange.FORMAT_VERSION >= 2
    other, _recovery = Vault.create(tmp_path / "other.kvault", passphrase)
    try:
        records = exchange.load(doc)
        with other.transaction():
            for record in records:
                other.repo.save_record(record)
        moved = other.repo.load_record(participant.id)
        original = vault.repo.load_record(participant.id)
        assert (moved.matchningar, moved.arbetstraningar, moved.uppfoljningar, moved.avslut) == (
            original.matchningar, original.arbetstraningar, original.uppfoljningar, original.avslut)
        assert moved.arbetstraningar[0].anpassningar[0].beskrivning == "Höj- och sänkbart bord"
        assert method.is_closed(other.repo, participant.id)
    finally:
        other.close()
