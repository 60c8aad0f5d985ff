"""Print versions, snapshots, audit and the print settings kept in the vault."""
from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from kartlaggning.models import Ansvar, IndividuellPlan, Kompetenskort, Utvecklingsplan
from kartlaggning.models.printed import (KARTLAGGNING, KOMPETENSKORT, PLAN, UTVECKLINGSPLAN, PrintContent,
                                         printed_participant)
from kartlaggning.printouts import content_hash
from kartlaggning.printouts.render import print_info, render
from kartlaggning.storage import Vault
from kartlaggning.storage import prints as pr


def footer(rec: pr.PrintRecord):
    return print_info(rec.version, rec.printed_date, rec.content_hash)


@pytest.fixture
def saved(vault, participant):
    vault.repo.save_participant(participant)
    plan = IndividuellPlan(participant_id=participant.id, namn=participant.namn,
                           personnummer=participant.personnummer, mal="Arbete inom lager",
                           delmal=["Körkort", "Truckkort"],
                           ansvarsfordelning=[Ansvar("Söka truckutbildning", "Testa", date(2026, 12, 1))])
    vault.repo.save_document(plan)
    return participant, plan


def test_first_print_is_version_1_with_snapshot(vault, saved):
    participant, plan = saved
    log = pr.PrintLog(vault)
    assert log.latest(plan.id) is None
    content = pr.content_for(vault.repo, PLAN, plan)
    rec = log.record(content)
    assert (rec.version, rec.content_hash) == (1, content_hash(plan))
    assert len(rec.content_hash) == 8
    snap = log.snapshot(plan.id, 1)
    assert snap.document == plan
    assert snap.hash() == rec.content_hash


def test_reprint_unchanged_keeps_version_and_edit_makes_next(vault, saved):
    participant, plan = saved
    log = pr.PrintLog(vault)
    log.record(pr.content_for(vault.repo, PLAN, plan))
    assert log.record(pr.content_for(vault.repo, PLAN, plan)).version == 1
    assert not log.changed_since_print(pr.content_for(vault.repo, PLAN, plan))
    plan.mal = "Arbete inom handel"
    vault.repo.save_document(plan)
    content = pr.content_for(vault.repo, PLAN, plan)
    assert log.changed_since_print(content)
    assert log.pending(content).version == 2
    assert log.latest(plan.id).version == 1  # pending records nothing
    rec2 = log.record(content)
    assert rec2.version == 2
    assert [r.version for r in log.versions(plan.id)] == [1, 2]
    assert log.snapshot(plan.id, 1).document.mal == "Arbete inom lager"
    assert log.snapshot(plan.id, 2).document.mal == "Arbete inom handel"
    with pytest.raises(KeyError):
        log.snapshot(plan.id, 3)


def test_signing_date_does_not_count_as_a_change(vault, saved):
    participant, plan = saved
    log = pr.PrintLog(vault)
    log.record(pr.content_for(vault.repo, PLAN, plan))
    plan.signerad = date(2026, 11, 25)
    assert not log.changed_since_print(pr.content_for(vault.repo, PLAN, plan))


def test_never_printed_is_not_changed_since_print(vault, saved):
    participant, plan = saved
    assert not pr.PrintLog(vault).changed_since_print(pr.content_for(vault.repo, PLAN, plan))


def test_utvecklingsplan_hash_covers_the_printed_participant_name(vault, saved):
    participant, _plan = saved
    up = Utvecklingsplan(participant_id=participant.id, utvecklingsomraden="Passa tider")
    vault.repo.save_document(up)
    log = pr.PrintLog(vault)
    log.record(pr.content_for(vault.repo, UTVECKLINGSPLAN, up))
    participant.namn = "Testa Nyttnamn"
    vault.repo.save_participant(participant)
    assert log.changed_since_print(pr.content_for(vault.repo, UTVECKLINGSPLAN, up))
    snap = log.snapshot(up.id, 1)
    assert snap.participant.namn == "Testa Testsson"
    assert snap.participant.adress == ""  # only what the printout shows is copied
    assert snap.participant.referral.af_handlaggare == ""


def test_kartlaggning_snapshot_roundtrips_with_participant_and_handlaggare(vault, saved):
    participant, _plan = saved
    k = vault.repo.new_kartlaggning(participant.id)
    k.atgarder_innan_plan = "Kontakt med vårdcentralen"
    vault.repo.save_kartlaggning(k)
    pr.save_handlaggare(vault.repo, pr.Handlaggare("Maria Handläggare", "0123-1"))
    log = pr.PrintLog(vault)
    content = pr.content_for(vault.repo, KARTLAGGNING, vault.repo.latest_kartlaggning(participant.id))
    rec = log.record(content)
    snap = log.snapshot(k.id, 1)
    assert snap.handlaggare_namn == "Maria Handläggare"
    assert snap.participant.namn == participant.namn
    assert snap.document.atgarder_innan_plan == "Kontakt med vårdcentralen"
    assert snap.hash() == rec.content_hash
    pr.save_handlaggare(vault.repo, pr.Handlaggare("Annan Handläggare", ""))
    content = pr.content_for(vault.repo, KARTLAGGNING, vault.repo.latest_kartlaggning(participant.id))
    assert log.changed_since_print(content)  # the printed signature name changed


def test_audit_has_printed_events_without_personal_data(vault, saved):
    participant, plan = saved
    log = pr.PrintLog(vault)
    log.record(pr.content_for(vault.repo, PLAN, plan))
    log.record(pr.content_for(vault.repo, PLAN, plan))
    rec = log.latest(plan.id)
    log.record_reprint(participant.id, rec)
    events = [e for e in vault.audit.entries(participant.id) if e.event == "participant.printed"]
    assert [e.detail for e in events] == ["plan:v1", "plan:v1", "plan:v1"]
    text = json.dumps([dataclasses.asdict(e) for e in vault.audit.entries()], ensure_ascii=False)
    for secret in (participant.namn, participant.personnummer, "Testsson", "lager", participant.adress):
        assert secret not in text
    vault.audit.verify()


def test_prints_survive_reopen_and_go_with_the_participant(vault, vault_path, saved, passphrase):
    participant, plan = saved
    pr.PrintLog(vault).record(pr.content_for(vault.repo, PLAN, plan))
    vault.close()
    v = Vault.open(vault_path, passphrase)
    try:
        assert pr.PrintLog(v).latest(plan.id).version == 1
        v.repo.delete_participant(participant.id)
        assert pr.PrintLog(v).versions(plan.id) == []
    finally:
        v.close()


def test_delete_document_prints(vault, saved):
    participant, plan = saved
    log = pr.PrintLog(vault)
    log.record(pr.content_for(vault.repo, PLAN, plan))
    log.delete_document_prints(plan.id)
    assert log.versions(plan.id) == []


def test_unit_settings_roundtrip_in_vault(vault, vault_path, tmp_path, passphrase):
    from kartlaggning.printouts import UnitHeader
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
    pr.save_unit_header(vault.repo, UnitHeader("Provby kommun", "Förvaltning X", "Enhet Y", "Gatan 1", png))
    pr.save_handlaggare(vault.repo, pr.Handlaggare("Hanna Handläggare", "0123-456"))
    pr.save_overenskommelse(vault.repo, "Vår egen text.")
    vault.close()
    v = Vault.open(vault_path, passphrase)
    try:
        h = pr.load_unit_header(v.repo)
        assert (h.kommun, h.forvaltning, h.enhet, h.adress, h.logo_png) == (
            "Provby kommun", "Förvaltning X", "Enhet Y", "Gatan 1", png)
        assert pr.load_handlaggare(v.repo) == pr.Handlaggare("Hanna Handläggare", "0123-456")
        assert pr.load_overenskommelse(v.repo) == "Vår egen text."
    finally:
        v.close()
    # encrypted: the kommun name is nowhere in plain text on disk
    for f in tmp_path.rglob("*"):
        if f.is_file():
            assert b"Provby" not in f.read_bytes(), f


def test_defaults_when_nothing_set(vault):
    from kartlaggning.models.plans import DEFAULT_OVERENSKOMMELSE
    h = pr.load_unit_header(vault.repo)
    assert h.kommun == "" and h.enhet == "Arbetsmarknadsenheten" and h.logo_png is None
    assert pr.load_overenskommelse(vault.repo) == DEFAULT_OVERENSKOMMELSE
    pr.save_overenskommelse(vault.repo, "   ")
    assert pr.load_overenskommelse(vault.repo) == DEFAULT_OVERENSKOMMELSE


def test_render_uses_version_and_hash_in_footer(vault, saved):
    from io import BytesIO

    from pypdf import PdfReader
    participant, plan = saved
    log = pr.PrintLog(vault)
    content = pr.content_for(vault.repo, PLAN, plan)
    rec = log.record(content)
    pdf = render(content, pr.load_unit_header(vault.repo), footer(rec))
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert "Version 1" in text and rec.content_hash in text
    # the same version renders to the same bytes (deterministic reprint)
    again = render(log.snapshot(plan.id, 1), pr.load_unit_header(vault.repo), footer(log.latest(plan.id)))
    assert again == pdf


def test_kompetenskort_and_latest_document(vault, saved):
    participant, plan = saved
    card = Kompetenskort(participant_id=participant.id, namn=participant.namn, datum=date(2026, 1, 2))
    vault.repo.save_document(card)
    assert pr.latest_document(vault.repo, participant.id, KOMPETENSKORT).id == card.id
    assert pr.latest_document(vault.repo, participant.id, UTVECKLINGSPLAN) is None
    assert pr.latest_document(vault.repo, participant.id, PLAN).id == plan.id
    rec = pr.PrintLog(vault).record(pr.content_for(vault.repo, KOMPETENSKORT, card))
    assert rec.content_hash == content_hash(card)


def test_snapshot_participant_holds_everything_the_printouts_show():
    """The reduced participant in a snapshot prints exactly like the full one."""
    from kartlaggning.models import Referral
    from kartlaggning.printouts import samples
    full = samples.sample_participant()
    full.referral = Referral(af_handlaggare="Jonas Berg", note="anteckning")
    full.sprak = "arabiska"
    header, info = samples.sample_header(), samples.sample_info(1)
    k, up = samples.sample_kartlaggning(), samples.sample_utvecklingsplan()
    reduced = printed_participant(full)
    for kind, doc in ((KARTLAGGNING, k), (UTVECKLINGSPLAN, up)):
        a = render(PrintContent(kind, doc, full, "Maria Lindqvist"), header, info)
        b = render(PrintContent(kind, doc, reduced, "Maria Lindqvist"), header, info)
        assert a == b, kind
