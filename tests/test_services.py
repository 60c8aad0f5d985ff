"""The use cases shared by the window and the command line (``kartlaggning.services``)."""
from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog

from kartlaggning import cli
from kartlaggning.models import Ansvar, IndividuellPlan, Motivationskors, Utvecklingsplan
from kartlaggning.models.printed import KARTLAGGNING, PLAN
from kartlaggning.services import carry_over, documents, printing, records
from kartlaggning.storage import Vault
from kartlaggning.storage import prints as pr


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


@pytest.fixture
def plan(vault, participant):
    vault.repo.save_participant(participant)
    plan = documents.new_plan(vault.repo, participant.id, today=date(2026, 11, 2))
    plan.mal = "Arbete inom lager"
    plan.ansvarsfordelning = [Ansvar("Truckkort", "Testa", date(2026, 12, 1))]
    vault.repo.save_document(plan)
    return plan


# ---- printing: one use case for the window and the command line ---------------------------------

def test_the_window_and_the_cli_record_the_same_version_for_the_same_content(
        qapp, vault, vault_path, passphrase, participant, plan, tmp_path, monkeypatch):
    from kartlaggning.ui.plans import printing as ui_printing
    gui_file = tmp_path / "gui.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(gui_file), ""))
    assert ui_printing.save_as_pdf(None, vault.repo, pr.content_for(vault.repo, PLAN, plan)) == gui_file
    gui_record = pr.PrintLog(vault).latest(plan.id)
    gui_snapshot = pr.PrintLog(vault).snapshot(plan.id, 1)
    vault.close()

    monkeypatch.setenv("KARTLAGGNING_PASSPHRASE", passphrase)
    if "print_cmd" not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", [*cli.COMMAND_MODULES, "print_cmd"])
    cli_file = tmp_path / "cli.pdf"
    assert cli.main(["print", "--vault", str(vault_path), "--participant", participant.personnummer,
                     "--document", "plan", "--out", str(cli_file)]) == 0
    with Vault.open(vault_path, passphrase) as v:
        log = pr.PrintLog(v)
        assert log.versions(plan.id) == [gui_record]  # the CLI's print is the same version 1
        assert log.snapshot(plan.id, 1) == gui_snapshot
        printed = [e.detail for e in v.audit.entries(participant.id) if e.event == "participant.printed"]
    assert printed == ["plan:v1", "plan:v1"]
    assert cli_file.read_bytes() == gui_file.read_bytes()  # the very same PDF


def test_prepare_hashes_once_and_keeps_its_own_copy(vault, plan, monkeypatch):
    content = printing.current_content(vault.repo, PLAN, plan)
    calls = []
    real_hash = type(content).hash
    monkeypatch.setattr(type(content), "hash", lambda self: calls.append(1) or real_hash(self))
    job = printing.prepare(vault.repo, content)
    plan.mal = "Ändrat efteråt"  # the editor goes on; the job prints what it was given
    record = printing.record(vault.repo, job)
    assert len(calls) == 1
    assert record.content_hash == job.record.content_hash
    assert pr.PrintLog(vault).snapshot(plan.id, 1).document.mal == "Arbete inom lager"
    assert "Ändrat efteråt" not in pdf_text(job.render())


def test_reprint_of_a_stored_version(vault, plan):
    job = printing.prepare(vault.repo, printing.current_content(vault.repo, PLAN, plan))
    printing.record(vault.repo, job)
    plan.mal = "Nytt mål"
    vault.repo.save_document(plan)
    assert printing.prepare(vault.repo, printing.current_content(vault.repo, PLAN, plan)).version == 2
    again = printing.prepare_reprint(vault.repo, plan.id, 1)
    assert again.reprint and again.version == 1 and again.content.document.mal == "Arbete inom lager"
    assert printing.record(vault.repo, again).version == 1
    assert [r.version for r in pr.PrintLog(vault).versions(plan.id)] == [1]
    assert printing.prepare_reprint(vault.repo, plan.id, 7) is None


def test_first_look_renders_only_the_first_page(vault, participant):
    from kartlaggning.models.kartlaggning import GridEntry
    vault.repo.save_participant(participant)
    k = vault.repo.new_kartlaggning(participant.id)
    for area in k.areas.values():
        area.fakta = "Lång text om området. " * 200
        area.hinder = [GridEntry("Ett hinder " * 20) for _ in range(4)]
    vault.repo.save_kartlaggning(k)
    job = printing.prepare(vault.repo, printing.kartlaggning_content(vault.repo, participant.id))
    first, whole = job.render(first_pages=1), job.render()
    first_pages, whole_pages = PdfReader(BytesIO(first)).pages, PdfReader(BytesIO(whole)).pages
    assert len(first_pages) == 1 and len(whole_pages) > 5
    assert "Sida 1 av …" in first_pages[0].extract_text()
    assert f"Sida 1 av {len(whole_pages)}" in whole_pages[0].extract_text()
    assert job.content.kind == KARTLAGGNING


# ---- documents --------------------------------------------------------------------------------

def test_delete_document_takes_its_prints_in_the_same_transaction(vault, plan, monkeypatch):
    printing.record(vault.repo, printing.prepare(vault.repo, printing.current_content(vault.repo, PLAN, plan)))
    real_delete = vault.repo.delete_document

    def fail(_doc_id):
        raise OSError("disk full")
    monkeypatch.setattr(vault.repo, "delete_document", fail)
    with pytest.raises(OSError):
        documents.delete_document(vault.repo, plan.id)
    assert pr.PrintLog(vault).versions(plan.id) != []  # rolled back together: nothing half-deleted
    assert vault.repo.get_document(plan.id).mal == "Arbete inom lager"
    monkeypatch.setattr(vault.repo, "delete_document", real_delete)
    documents.delete_document(vault.repo, plan.id)
    assert pr.PrintLog(vault).versions(plan.id) == []
    with pytest.raises(KeyError):
        vault.repo.get_document(plan.id)


def test_next_utvecklingsplan_continues_the_series(vault, participant):
    vault.repo.save_participant(participant)
    first = documents.next_utvecklingsplan(vault.repo, participant.id, today=date(2026, 10, 1))
    assert first.utvecklingsomraden == ""
    first.utvecklingsomraden = "Passa tider"
    vault.repo.save_document(first)
    second = documents.next_utvecklingsplan(vault.repo, participant.id, today=date(2026, 11, 1))
    assert second.id != first.id and second.datum == date(2026, 11, 1)
    assert second.utvecklingsomraden == "Passa tider"
    assert isinstance(second, Utvecklingsplan)


def test_new_plan_and_card_are_filled_from_the_participant(vault, participant):
    vault.repo.save_participant(participant)
    pr.save_handlaggare(vault.repo, pr.Handlaggare("Hanna Handläggare", "0123-45 67 00"))
    plan = documents.new_plan(vault.repo, participant.id)
    assert (plan.namn, plan.personnummer) == (participant.namn, participant.personnummer)
    assert plan.contact("arbetsmarknadshandlaggare").namn == "Hanna Handläggare"
    card = documents.new_kompetenskort(vault.repo, participant.id, today=date(2026, 12, 1))
    assert (card.namn, card.datum) == (participant.namn, date(2026, 12, 1))


# ---- carry-over -----------------------------------------------------------------------------------

def test_the_goal_from_the_motivationskors_lands_in_mal_once():
    k_plan = IndividuellPlan(participant_id="p")
    carry_over.apply_carry_over(k_plan, [], False, [], goal="  Jobba i ett lager  ")
    assert k_plan.mal == "Jobba i ett lager"
    carry_over.apply_carry_over(k_plan, [], False, [], goal="Jobba i ett lager")
    assert k_plan.mal == "Jobba i ett lager"  # not twice
    written = IndividuellPlan(participant_id="p", mal="Körkort först")
    carry_over.apply_goal(written, "Jobba i ett lager")
    assert written.mal == "Körkort först\nJobba i ett lager"  # what was there stays


def test_has_offers_counts_the_goal(vault, participant):
    vault.repo.save_participant(participant)
    k = vault.repo.new_kartlaggning(participant.id)
    bare = participant.__class__(namn="Utan Kontakter", personnummer=participant.personnummer)
    assert not carry_over.has_offers(k, bare)
    k.motivation = Motivationskors(mal="Jobba i ett lager")
    assert carry_over.goal_offer(k) == "Jobba i ett lager" and carry_over.has_offers(k, bare)


# ---- records -------------------------------------------------------------------------------------

def test_export_audits_each_participant_with_the_digest(vault, participant, plan):
    chunks = []

    def write(parts):
        data = "".join(parts)
        chunks.append(data)
        return len(data), "ab" * 32
    count, digest = records.export(vault.repo, [participant.id], write)
    assert (count, digest) == (1, "ab" * 32)
    assert participant.namn in chunks[0] and plan.id in chunks[0]
    exported = [e for e in vault.audit.entries(participant.id) if e.event == "participant.exported"]
    assert [e.detail for e in exported] == ["ab" * 8]


def test_delete_participant_takes_documents_and_prints(vault, participant, plan):
    printing.record(vault.repo, printing.prepare(vault.repo, printing.current_content(vault.repo, PLAN, plan)))
    records.delete_participant(vault.repo, participant.id)
    assert vault.repo.count() == 0
    assert pr.PrintLog(vault).versions(plan.id) == []
    assert vault.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    deleted = [e for e in vault.audit.entries() if e.event == "participant.deleted"]
    assert [e.detail for e in deleted] in ([""], [None])


# ---- editing a document (no Qt) -----------------------------------------------------------------

def test_a_document_session_saves_the_valid_rest_and_keeps_the_bad_field_as_a_draft(vault, plan):
    import copy

    from kartlaggning.services.editing import DocumentSession
    from kartlaggning.storage.drafts import Drafts
    session = DocumentSession(vault.repo, plan.participant_id, vault.repo.get_document(plan.id))
    typed = copy.deepcopy(session.valid)
    typed.mal, typed.uppfoljning = "x" * 20_001, "Varje månad"
    errors = typed.errors()
    assert [e.field for e in errors] == ["mal"]
    save = session.update(typed, errors, {"mal": (typed.mal, errors[0])})
    typed.uppfoljning = "ändrat efter"  # the snapshot is what was queued, not what comes later
    save()
    stored = vault.repo.get_document(plan.id)
    assert (stored.mal, stored.uppfoljning) == ("Arbete inom lager", "Varje månad")
    assert session.stored_drafts() == {"mal": "x" * 20_001} and session.is_draft("mal")
    fixed = copy.deepcopy(session.valid)
    fixed.mal = "Kortare mål"
    session.update(fixed, [], {})()
    assert vault.repo.get_document(plan.id).mal == "Kortare mål" and Drafts(vault).of(plan.id) == {}


def test_discarding_drafts_returns_the_stored_document(vault, plan):
    from kartlaggning.services.editing import DocumentSession
    from kartlaggning.models.errors import ValidationError
    session = DocumentSession(vault.repo, plan.participant_id, plan)
    session.update(plan, [ValidationError("signerad", "bad_date", value="2026-13-45")],
                   {"signerad": ("2026-13-45", ValidationError("signerad", "bad_date", value="2026-13-45"))})()
    assert session.stored_drafts() == {"signerad": "2026-13-45"}
    again = session.discard_drafts()
    assert again.id == plan.id and session.stored_drafts() == {} and session.errors == []
