"""``kartlaggning print``: current state, --version N, exit codes, no temp files."""
from __future__ import annotations

import os
import tempfile
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from kartlaggning import cli
from kartlaggning.models import Ansvar, IndividuellPlan, Kompetenskort, Utvecklingsplan
from kartlaggning.storage import Vault
from kartlaggning.storage import prints as pr


@pytest.fixture(autouse=True)
def print_registered(monkeypatch):
    if "print_cmd" not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", [*cli.COMMAND_MODULES, "print_cmd"])


@pytest.fixture
def filled(vault, vault_path, participant, passphrase, monkeypatch):
    """A closed vault with a participant, a plan, an utvecklingsplan, a kompetenskort and a kartläggning."""
    repo = vault.repo
    repo.save_participant(participant)
    plan = IndividuellPlan(participant_id=participant.id, namn=participant.namn,
                           personnummer=participant.personnummer, mal="Arbete inom lager",
                           ansvarsfordelning=[Ansvar("Truckkort", "Testa", date(2026, 12, 1))])
    repo.save_document(plan)
    repo.save_document(Utvecklingsplan(participant_id=participant.id, datum=date(2026, 11, 1),
                                       utvecklingsomraden="Passa tider"))
    repo.save_document(Kompetenskort(participant_id=participant.id, namn=participant.namn,
                                     personnummer=participant.personnummer))
    k = repo.new_kartlaggning(participant.id)
    k.atgarder_innan_plan = "Kontakt med vårdcentralen"
    repo.save_kartlaggning(k)
    vault.close()
    monkeypatch.setenv("KARTLAGGNING_PASSPHRASE", passphrase)
    return vault_path, participant, plan


def pdf_text(path) -> str:
    return "".join(page.extract_text() for page in PdfReader(BytesIO(path.read_bytes())).pages)


def run(*argv) -> int:
    return cli.main(["print", *map(str, argv)])


def temp_listing() -> set[str]:
    return set(os.listdir(tempfile.gettempdir()))


@pytest.mark.parametrize("document", ["plan", "utvecklingsplan", "kartlaggning", "kompetenskort"])
def test_prints_each_document(filled, tmp_path, document, capsys):
    vault_path, participant, _plan = filled
    out = tmp_path / f"{document}.pdf"
    before = temp_listing()
    assert run("--vault", vault_path, "--participant", participant.personnummer, "--document", document,
               "--out", out) == 0
    assert temp_listing() == before
    assert out.read_bytes().startswith(b"%PDF")
    assert "Version 1" in pdf_text(out)
    assert "version 1" in capsys.readouterr().out
    assert not list(tmp_path.glob("*.tmp"))


def test_version_reprint_reproduces_the_snapshot(filled, tmp_path, passphrase):
    vault_path, participant, plan = filled
    pnr = participant.personnummer
    short = f"{pnr[2:8]}-{pnr[8:]}"  # any valid way of writing it
    assert run("--vault", vault_path, "--participant", short, "--document", "plan", "--out", tmp_path / "v1.pdf") == 0
    assert run("--vault", vault_path, "--participant", pnr, "--document", "plan", "--out", tmp_path / "again.pdf") == 0
    v = Vault.open(vault_path, passphrase)
    try:
        log = pr.PrintLog(v)
        v1 = log.latest(plan.id)
        assert v1.version == 1  # unchanged reprint keeps the version
        changed = v.repo.get_document(plan.id)
        changed.mal = "Arbete inom handel"
        v.repo.save_document(changed)
    finally:
        v.close()
    assert run("--vault", vault_path, "--participant", pnr, "--document", "plan", "--out", tmp_path / "v2.pdf") == 0
    assert run("--vault", vault_path, "--participant", pnr, "--document", "plan", "--version", 1,
               "--out", tmp_path / "old.pdf") == 0
    text_v2, text_old = pdf_text(tmp_path / "v2.pdf"), pdf_text(tmp_path / "old.pdf")
    assert "Version 2" in text_v2 and "handel" in text_v2
    assert "Version 1" in text_old and v1.content_hash in text_old and "lager" in text_old
    assert "handel" not in text_old
    assert (tmp_path / "old.pdf").read_bytes() == (tmp_path / "v1.pdf").read_bytes()  # byte for byte
    v = Vault.open(vault_path, passphrase)
    try:
        assert [r.version for r in pr.PrintLog(v).versions(plan.id)] == [1, 2]
        details = [e.detail for e in v.audit.entries(participant.id) if e.event == "participant.printed"]
        assert details == ["plan:v1", "plan:v1", "plan:v2", "plan:v1"]
    finally:
        v.close()


def test_exit_codes(filled, tmp_path, monkeypatch):
    vault_path, participant, _plan = filled
    out = tmp_path / "x.pdf"
    assert run("--vault", vault_path, "--participant", "19121212-1212", "--document", "plan", "--out", out) == 1
    assert run("--vault", vault_path, "--participant", participant.personnummer, "--document", "plan",
               "--version", 7, "--out", out) == 1
    assert run("--vault", tmp_path / "nothing.kvault", "--participant", participant.personnummer,
               "--document", "plan", "--out", out) == 1
    monkeypatch.setenv("KARTLAGGNING_PASSPHRASE", "fel lösenord 999")
    assert run("--vault", vault_path, "--participant", participant.personnummer, "--document", "plan",
               "--out", out) == 2
    assert not out.exists()


def test_document_missing_is_not_found(vault, vault_path, participant, passphrase, monkeypatch, tmp_path):
    vault.repo.save_participant(participant)
    vault.close()
    monkeypatch.setenv("KARTLAGGNING_PASSPHRASE", passphrase)
    assert run("--vault", vault_path, "--participant", participant.personnummer, "--document", "kompetenskort",
               "--out", tmp_path / "k.pdf") == 1
    assert not (tmp_path / "k.pdf").exists()


def test_existing_out_file_is_not_overwritten(filled, tmp_path):
    vault_path, participant, _plan = filled
    out = tmp_path / "exists.pdf"
    out.write_bytes(b"mine")
    assert run("--vault", vault_path, "--participant", participant.personnummer, "--document", "plan",
               "--out", out) == 1
    assert out.read_bytes() == b"mine"


def test_any_utvecklingsplan_of_the_series_by_index_or_date(filled, tmp_path, passphrase, capsys):
    vault_path, participant, _plan = filled
    with Vault.open(vault_path, passphrase) as v:  # two more monthly follow-ups
        for month, text in ((12, "Hålla rasterna"), (1, "Ringa när sjuk")):
            v.repo.save_document(Utvecklingsplan(participant_id=participant.id,
                                                 datum=date(2026 + (month == 1), month, 1), utvecklingsomraden=text))
    base = ["--vault", vault_path, "--participant", participant.personnummer, "--document", "utvecklingsplan"]
    for which, expected in ((["--index", 1], "Passa tider"), (["--index", 2], "Hålla rasterna"),
                            (["--date", "2027-01-01"], "Ringa när sjuk"), ([], "Ringa när sjuk")):
        out = tmp_path / f"up-{len(list(tmp_path.glob('up-*')))}.pdf"
        assert run(*base, *which, "--out", out) == 0, which
        text = pdf_text(out)
        assert [t for t in ("Passa tider", "Hålla rasterna", "Ringa när sjuk") if t in text] == [expected], which
    capsys.readouterr()
    assert run(*base, "--index", 4, "--out", tmp_path / "x.pdf") != 0
    assert "3" in capsys.readouterr().err  # how many there are
    assert run(*base, "--date", "2026-12-24", "--out", tmp_path / "y.pdf") != 0
    assert "2026-12-01" in capsys.readouterr().err  # the dates there are
    assert run(*base, "--date", "1 december", "--out", tmp_path / "z.pdf") != 0
    assert run(*base, "--index", 0, "--out", tmp_path / "z.pdf") != 0
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "y.pdf").exists()
