"""The record's lifecycle on the command line: ``delete``, ``extract`` (the register
extract as PDF and JSON) and ``gallring``, run in-process through the real entry
point against a temporary vault with made-up people and test personnummer only.

What is left in the vault file after a deletion is checked page by page with the
raw key (as in test_secure_delete)."""
from __future__ import annotations

import dataclasses
import hashlib
import io
import itertools
import json
import os
import sys
import tempfile
from datetime import date, datetime, time, timezone
from enum import Enum

import pytest

from kartlaggning.__main__ import main
from kartlaggning.models import (Ansvar, Contact, GridEntry, IndividuellPlan, Kartlaggning, Kompetenskort,
                                 Participant, PlanContact, Rating, ReferralForm, Samtal, Stage, UppfoljningRad,
                                 Utvecklingsplan)
from kartlaggning.models.errors import ValidationError
from kartlaggning.models.method import (Anpassning, Arbetstraning, Avslut, Matchning, MatchningBeslut, SchemaSteg,
                                        Uppfoljning, Utfall)
from kartlaggning.models.selfrating import Sjalvskattning
from kartlaggning.models.personnummer import format_stored
from kartlaggning.services import records, retention
from kartlaggning.storage import Vault
from kartlaggning.storage.drafts import Drafts

from conftest import PASSPHRASE, make_pnr
from test_secure_delete import decrypt_pages, found

SKIP_FILL = {"id", "participant_id", "samtal_id", "personnummer", "roll", "egenskap", "area", "grundas_pa"}


class Terminal(io.StringIO):
    """Typed answers on a terminal (``input()`` reads them; ``isatty`` says yes)."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def cli(monkeypatch, capsys):
    """``cli("delete", ...) -> (exit code, stdout, stderr)``; the passphrase in the
    environment, no terminal unless a test types on one (``typed``)."""
    monkeypatch.setenv("KARTLAGGNING_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("KARTLAGGNING_LANG", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))

    def run(*argv, typed: str | None = None):
        if typed is not None:
            monkeypatch.setattr(sys, "stdin", Terminal(typed))
        capsys.readouterr()
        try:
            code = main([str(a) for a in argv])
        finally:
            monkeypatch.setattr(sys, "stdin", io.StringIO(""))
        captured = capsys.readouterr()
        return code, captured.out, captured.err
    return run


# ---- a participant with something in every field ------------------------------------------

def fill(obj, tag: str, counter, markers: list[str]) -> None:
    """Give every text field of ``obj`` (and of what it holds) a marker of its own."""
    for f in dataclasses.fields(obj):
        if f.name in SKIP_FILL:
            continue
        value = getattr(obj, f.name)
        if isinstance(value, Enum):
            continue  # a choice (str-valued), not text
        if isinstance(value, str):
            marker = f"{tag}{next(counter):03d}"
            setattr(obj, f.name, marker)
            markers.append(marker)
        elif dataclasses.is_dataclass(value):
            fill(value, tag, counter, markers)
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, str):
                    value[key] = f"{tag}{next(counter):03d}"
                    markers.append(value[key])
                else:
                    fill(item, tag, counter, markers)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if dataclasses.is_dataclass(item):
                    fill(item, tag, counter, markers)
                elif isinstance(item, str):
                    value[i] = f"{tag}{next(counter):03d}"
                    markers.append(value[i])


def rich_record(tag: str, n: int):
    """A participant with every kind of document, every text field holding a marker."""
    markers: list[str] = []
    counter = itertools.count(1)
    referral = dataclasses.replace(Participant().referral, form=ReferralForm.ARBETSTRANING,
                                   received=date(2026, 3, 2), omfattning_procent=75)
    p = Participant(namn="", personnummer=make_pnr(n), kontaktpersoner=[Contact(), Contact()], tolkbehov=True,
                    referral=referral)
    p.consent.signed = date(2026, 3, 9)
    fill(p, tag, counter, markers)
    markers.remove(p.namn)
    p.namn = f"{tag} Testsson"
    k = Kartlaggning(participant_id=p.id, datum=date(2026, 3, 10))
    s1 = Samtal(datum=date(2026, 3, 10), start=time(9, 0), slut=time(9, 50), tolk_narvarande=True)
    s2 = Samtal(datum=date(2026, 3, 17), start=time(10, 0), slut=time(10, 45), tidsram_minuter=45)
    k.samtal = [s1, s2]
    for area in k.areas.values():
        area.hinder = [GridEntry(samtal_id=s1.id)]
        area.resurser = [GridEntry(samtal_id=s2.id)]
    k.motivation.stage = Stage.FORBEREDELSE
    k.motivation.viktighet, k.motivation.tilltro = 8, 6
    k.sammanstallning.signerad = date(2026, 3, 24)
    fill(k, tag, counter, markers)
    plan = IndividuellPlan(participant_id=p.id, personnummer=p.personnummer, upprattad=date(2026, 4, 1),
                           delmal=["", ""], ansvarsfordelning=[Ansvar(datum=date(2026, 4, 15))],
                           kontakter=[PlanContact("arbetsmarknadshandlaggare"), PlanContact("syv")])
    fill(plan, tag, counter, markers)
    series = [Utvecklingsplan(participant_id=p.id, datum=date(2026, m, 1), rader=[UppfoljningRad(date(2026, m, 1))],
                              ansvar_datum=date(2026, m, 2), avstamning_datum=date(2026, m, 28)) for m in (5, 6)]
    for u in series:
        fill(u, tag, counter, markers)
    card = Kompetenskort(participant_id=p.id, personnummer=p.personnummer, datum=date(2026, 9, 30),
                         betyg=[Rating("narvaro", 4), Rating("instruktioner", 2)])
    fill(card, tag, counter, markers)
    arbete = k.areas["arbete"]
    method = [
        Matchning(participant_id=p.id, datum=date(2026, 4, 10), beslut=MatchningBeslut.ARBETSTRANING,
                  grundas_pa=[arbete.hinder[0].id, arbete.resurser[0].id]),
        Arbetstraning(participant_id=p.id, datum=date(2026, 4, 20), till=date(2026, 10, 20),
                      af_beslut_datum=date(2026, 4, 15),
                      schema=[SchemaSteg(date(2026, 4, 20), 25, 2.0), SchemaSteg(date(2026, 6, 1), 50, 4.5)],
                      anpassningar=[Anpassning(), Anpassning()]),
        Uppfoljning(participant_id=p.id, datum=date(2026, 5, 20), faktisk_procent=30, faktiska_timmar_per_dag=2.5,
                    nasta=date(2026, 6, 20)),
        Avslut(participant_id=p.id, datum=date(2026, 10, 30), utfall=Utfall.ARBETE, subventionerad=True),
        Sjalvskattning(participant_id=p.id, datum=date(2026, 5, 20)),
    ]
    method[-1].rating("stress").egen, method[-1].rating("stress").handlaggare = 6, 4
    for doc in method:
        fill(doc, tag, counter, markers)
    return p, k, plan, [*series, *method], card, markers


@pytest.fixture
def filled(tmp_path, cli):
    """A closed vault: a rich participant (printed, printed again after a change, with
    drafts) and a second one who must never be touched."""
    path = tmp_path / "v" / "lifecycle.kvault"
    vault, _recovery = Vault.create(path, PASSPHRASE)
    p, k, plan, series, card, markers = rich_record("Qr", 1)
    repo = vault.repo
    repo.save_participant(p)
    repo.save_kartlaggning(k)
    for doc in (plan, *series, card):
        repo.save_document(doc)
    other, ok, oplan, _s, _c, other_markers = rich_record("Kv", 2)
    repo.save_participant(other)
    repo.save_kartlaggning(ok)
    repo.save_document(oplan)
    vault.close()
    for document in ("plan", "utvecklingsplan", "kartlaggning", "kompetenskort"):
        code, _out, err = cli("print", "--vault", path, "--participant", p.personnummer, "--document", document,
                              "--out", tmp_path / f"{document}.pdf")
        assert code == 0, err
    with Vault.open(path, PASSPHRASE) as v:
        plan.mal = "QrAndratMal"  # version 1's snapshot keeps the old Mål
        v.repo.save_document(plan)
        Drafts(v).keep(p.id, plan.id, "delmal[1]", "QrUtkastDelmal <b>fet</b> & <img src='/etc/passwd'>",
                       ValidationError("delmal[1]", "too_long", length=20_001, limit=20_000))
        Drafts(v).keep(p.id, k.id, "areas.arbete.fakta", "QrUtkastFakta",
                       ValidationError("areas.arbete.fakta", "control_chars"))
        Drafts(v).keep(p.id, p.id, "referral.period_to", "QrUtkastDatum 31/2",
                       ValidationError("referral.period_to", "bad_date", value="31/2"))
        Drafts(v).keep(other.id, oplan.id, "mal", "KvUtkast", ValidationError("mal", "control_chars"))
    code, _out, err = cli("print", "--vault", path, "--participant", p.personnummer, "--document", "plan",
                          "--out", tmp_path / "plan-v2.pdf")
    assert code == 0, err
    return path, p, plan, markers, other, other_markers


def pdf_text(data: bytes) -> str:
    """The text of every page, each run of white space (a line break too) as one space."""
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(data)
    try:
        return " ".join(" ".join(doc[i].get_textpage().get_text_range().split()) for i in range(len(doc)))
    finally:
        doc.close()


def audit_of(path, pid=None):
    with Vault.open(path, PASSPHRASE) as v:
        return v.audit.entries(pid)


def data_key(path) -> bytes:
    v = Vault.open(path, PASSPHRASE)
    key = bytes(v._data_key)
    v.close()
    return key


# ---- delete ------------------------------------------------------------------------------

def test_delete_with_yes_removes_everything_and_the_audit_names_nobody(cli, filled):
    path, p, _plan, markers, other, other_markers = filled
    with Vault.open(path, PASSPHRASE) as v:
        assert v.conn.execute("SELECT count(*) FROM prints WHERE participant_id=?", (p.id,)).fetchone()[0] == 5
        assert v.conn.execute("SELECT count(*) FROM drafts WHERE participant_id=?", (p.id,)).fetchone()[0] == 3
    key = data_key(path)
    assert found(decrypt_pages(path, key), "QrUtkastDelmal"), "the draft must be on disk first"

    code, out, err = cli("delete", "--vault", path, "--participant", format_stored(p.personnummer), "--yes",
                         "--lang", "en")
    assert code == 0, err
    assert format_stored(p.personnummer) in out and p.namn not in out  # no name in a script's log

    with Vault.open(path, PASSPHRASE) as v:
        assert v.repo.id_for_personnummer(p.personnummer) is None and v.repo.count() == 1
        for table in ("prints", "drafts", "documents", "kartlaggningar"):
            assert v.conn.execute(f"SELECT count(*) FROM {table} WHERE participant_id=?", (p.id,)).fetchone()[0] == 0
        assert v.conn.execute("SELECT count(*) FROM drafts WHERE participant_id=?", (other.id,)).fetchone()[0] == 1
        entries = v.audit.entries()
        assert v.audit.broken_at() is None
    deleted = [e for e in entries if e.event == "participant.deleted"]
    assert [(e.participant_id, e.detail) for e in deleted] == [(p.id, "")]
    secrets = (p.namn, "Testsson", p.personnummer, format_stored(p.personnummer), "Qr")
    assert not [e for e in entries for s in secrets if s in e.detail]

    pages = decrypt_pages(path, key)
    for marker in (*markers, "QrAndratMal", "QrUtkastDelmal", "QrUtkastFakta", p.personnummer):
        assert not found(pages, marker), f"{marker} still on pages {found(pages, marker)}"
    assert found(pages, other_markers[0]) and found(pages, "KvUtkast")  # the other one is untouched


def test_delete_asks_naming_the_person_and_no_keeps_everything(cli, filled):
    path, p, _plan, _markers, _other, _other_markers = filled
    before = audit_of(path)
    code, out, err = cli("delete", "--vault", path, "--participant", p.personnummer, "--lang", "en", typed="n\n")
    assert code == 1 and "Nothing was deleted" in err
    assert p.namn in out and format_stored(p.personnummer) in out and "cannot be undone" in out
    with Vault.open(path, PASSPHRASE) as v:
        assert v.repo.id_for_personnummer(p.personnummer) == p.id
        assert v.conn.execute("SELECT count(*) FROM drafts WHERE participant_id=?", (p.id,)).fetchone()[0] == 3
    assert not [e for e in audit_of(path)[len(before):] if e.event == "participant.deleted"]

    code, out, err = cli("delete", "--vault", path, "--participant", p.personnummer, typed="\n")  # Enter: no
    assert code == 1
    code, out, err = cli("delete", "--vault", path, "--participant", p.personnummer, typed="ja\n")  # Swedish yes
    assert code == 0, err
    with Vault.open(path, PASSPHRASE) as v:
        assert v.repo.id_for_personnummer(p.personnummer) is None


def test_delete_without_a_terminal_or_yes_refuses(cli, filled):
    path, p, *_rest = filled
    code, _out, err = cli("delete", "--vault", path, "--participant", p.personnummer, "--lang", "en")
    assert code == 1 and "--yes" in err and "Nothing was deleted" in err
    with Vault.open(path, PASSPHRASE) as v:
        assert v.repo.id_for_personnummer(p.personnummer) == p.id


def test_delete_unknown_or_bad_personnummer(cli, filled):
    path, *_rest = filled
    code, _out, err = cli("delete", "--vault", path, "--participant", "19121212-1212", "--yes", "--lang", "en")
    assert code == 1 and "No participant with personnummer 19121212-1212" in err
    code, _out, err = cli("delete", "--vault", path, "--participant", "19121212-1213", "--yes", "--lang", "en")
    assert code == 1 and "19121212-1213" in err and "check digit" in err
    code, _out, err = cli("delete", "--vault", path, "--participant", "hej", "--yes")
    assert code == 1 and "Traceback" not in err
    with Vault.open(path, PASSPHRASE) as v:
        assert v.repo.count() == 2


# ---- extract -----------------------------------------------------------------------------

def test_extract_pdf_holds_every_field_document_print_draft_and_log_entry(cli, filled, tmp_path):
    path, p, plan, markers, _other, other_markers = filled
    out = tmp_path / "ut" / "registerutdrag.pdf"
    out.parent.mkdir()
    before_temp = set(os.listdir(tempfile.gettempdir()))
    code, stdout, err = cli("extract", "--vault", path, "--participant", p.personnummer, "--out", out, "--lang", "en")
    assert code == 0, err
    assert "not encrypted" in stdout.lower() or "inte krypterad" in stdout.lower()
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and b"DejaVu" in data  # the font is embedded
    assert set(os.listdir(tempfile.gettempdir())) == before_temp and os.listdir(out.parent) == [out.name]
    if os.name == "posix":
        assert out.stat().st_mode & 0o777 == 0o600

    text = pdf_text(data)
    missing = [m for m in markers if m not in text]
    assert not missing, f"fields not in the extract: {missing}"
    assert not [m for m in other_markers if m in text]  # nothing about anyone else
    for expected in ("Registerutdrag för Qr Testsson", format_stored(p.personnummer), "QrAndratMal",
                     "QrUtkastDelmal <b>fet</b> & <img src='/etc/passwd'>", "QrUtkastFakta", "QrUtkastDatum 31/2",
                     "Förberedelse", "Arbetsträning", "4 – god", "2 – bristfällig", "Förstå instruktioner",
                     "Arbetsmarknadsenheten", "Skrevs ut", "Registrerades", "Arbetsträningsplats",
                     "Subventionerad anställning", "Sjukdomshistorik", "Arbetsträningsschema", "4,5", "Utfall Arbete",
                     "Datum för avslut 30 oktober 2026", "Nästa uppföljning 20 juni 2026",
                     "Hinder, Arbetsförhållanden: Qr", "Resurs, Arbetsförhållanden: Qr",
                     "Individuell plan mot arbete, version 2", "Kartläggning, version 1"):
        assert expected in text, expected
    pages = text.count("Sida ")
    assert f"Sida 1 av {pages}" in text and f"Sida {pages} av {pages}" in text

    with Vault.open(path, PASSPHRASE) as v:
        from kartlaggning.storage import prints as pr
        log = pr.PrintLog(v)
        versions = [r for (d,) in v.conn.execute("SELECT DISTINCT document_id FROM prints WHERE participant_id=?",
                                                 (p.id,)) for r in log.versions(d)]
        entries = v.audit.entries(p.id)
    assert len(versions) == 5
    for r in versions:  # every print version with its hash and date
        assert r.content_hash in text
    # (the plan's first Mål is one of the markers: only version 1's snapshot holds it now)
    assert entries[-1].event == "participant.extracted"
    assert entries[-1].detail == f"pdf:{hashlib.sha256(data).hexdigest()[:16]}"
    assert p.namn not in entries[-1].detail and p.personnummer not in entries[-1].detail


def test_extract_json_holds_the_same_as_the_pdf_and_the_export_record(cli, filled, tmp_path):
    path, p, plan, markers, *_rest = filled
    code, _out, err = cli("extract", "--vault", path, "--participant", p.personnummer, "--out", tmp_path / "u.json")
    assert code == 0, err
    doc = json.loads((tmp_path / "u.json").read_text("utf-8"))
    assert doc["format"] == "kartlaggning-registerutdrag" and doc["format_version"] == 1
    code, _out, err = cli("export", "--vault", path, "--participant", p.personnummer, "--out", tmp_path / "e.json")
    assert code == 0, err
    assert doc["record"] == json.loads((tmp_path / "e.json").read_text("utf-8"))["participants"][0]
    assert doc["more_documents"] == []  # export format 2: the method's documents are in the record
    assert [len(doc["record"][group]) for group in ("matchningar", "arbetstraningar", "uppfoljningar", "avslut")] \
        == [1, 1, 1, 1]
    assert len(doc["printed_versions"]) == 5
    v1 = next(x for x in doc["printed_versions"] if x["document_id"] == plan.id and x["version"] == 1)
    assert v1["same_as_stored"] is False and v1["content"]["document"]["mal"] != "QrAndratMal"
    assert {d["field"] for d in doc["drafts"]} == {"delmal[1]", "areas.arbete.fakta", "referral.period_to"}
    assert all(d["reason"] for d in doc["drafts"])
    assert {"participant.created", "participant.printed"} <= {a["event"] for a in doc["audit"]}
    serialized = json.dumps(doc, ensure_ascii=False)
    assert not [m for m in markers if m not in serialized]

    # the PDF of the same moment is made from the same gathering: the same fingerprint
    with Vault.open(path, PASSPHRASE) as v:
        extract = records.register_extract(v.repo, p.id, now=datetime(2026, 12, 2, 9, 0, tzinfo=timezone.utc))
    from kartlaggning.models.hashing import content_hash
    value = extract.to_jsonable()
    assert {k: value[k] for k in ("record", "more_documents", "printed_versions", "drafts")} == {
        k: doc[k] for k in ("record", "more_documents", "printed_versions", "drafts")}
    del value["extracted_at"], value["app_version"]
    assert extract.fingerprint == content_hash(value)
    from kartlaggning.printouts.samples import sample_header
    pdf = records.extract_pdf(extract, sample_header())
    assert pdf == records.extract_pdf(extract, sample_header())  # deterministic
    assert extract.fingerprint in pdf_text(pdf) and "2 december 2026" in pdf_text(pdf)


def test_extract_refuses_a_bad_name_an_existing_file_and_an_unknown_person(cli, filled, tmp_path):
    path, p, *_rest = filled
    code, _out, err = cli("extract", "--vault", path, "--participant", p.personnummer, "--out", tmp_path / "u.txt",
                          "--lang", "en")
    assert code == 1 and ".pdf" in err and not (tmp_path / "u.txt").exists()
    (tmp_path / "finns.pdf").write_bytes(b"keep")
    code, _out, err = cli("extract", "--vault", path, "--participant", p.personnummer, "--out",
                          tmp_path / "finns.pdf")
    assert code == 1 and (tmp_path / "finns.pdf").read_bytes() == b"keep"
    code, _out, err = cli("extract", "--vault", path, "--participant", "19121212-1212", "--out",
                          tmp_path / "x.pdf", "--lang", "en")
    assert code == 1 and "No participant" in err and not (tmp_path / "x.pdf").exists()
    assert not [e for e in audit_of(path) if e.event == "participant.extracted"]


# ---- gallring ----------------------------------------------------------------------------

ON = date(2031, 6, 15)  # the day the tests judge by; 5 years back is 15 June 2026


def set_saved(v: Vault, pid: str, at: str) -> None:
    """Make everything about ``pid`` look last saved at ``at`` (UTC)."""
    for sql in ("UPDATE participants SET created=?, updated=? WHERE id=?",):
        v.conn.execute(sql, (at, at, pid))
    for table in ("kartlaggningar", "documents", "drafts"):
        v.conn.execute(f"UPDATE {table} SET updated=? WHERE participant_id=?", (at, pid))
    v.conn.execute("UPDATE prints SET printed_at=? WHERE participant_id=?", (at, pid))


@pytest.fixture
def aged(tmp_path, monkeypatch):
    """Six participants whose last entry lies around the boundary, the clock fixed at ON."""
    monkeypatch.setattr(retention, "today", lambda: ON)
    path = tmp_path / "g" / "gallring.kvault"
    vault, _recovery = Vault.create(path, PASSPHRASE)
    people = {}
    for n, (key, namn) in enumerate((("before", "Gammal Äldresson"), ("on", "Gräns Dagsson"),
                                     ("after", "Ung Nyaresson"), ("draft", "Utkast Sentsson"),
                                     ("document", "Plan Sentsson"), ("print", "Utskrift Sentsson")), 1):
        p = Participant(namn=namn, personnummer=make_pnr(n, year=1970), adress=f"GALLRA{key.upper()} gatan 1")
        vault.repo.save_participant(p)
        vault.repo.save_document(IndividuellPlan(participant_id=p.id, namn=p.namn, mal=f"MAL{key.upper()}"))
        people[key] = p
    plan_of = {key: vault.repo.documents(p.id, "plan")[0] for key, p in people.items()}
    Drafts(vault).keep(people["draft"].id, plan_of["draft"].id, "mal", "sent utkast", ValidationError("mal", "empty"))
    from kartlaggning.services import printing
    job = printing.prepare(vault.repo, printing.current_content(vault.repo, "plan", plan_of["print"]))
    printing.record(vault.repo, job)
    with vault.transaction():
        set_saved(vault, people["before"].id, "2026-06-14T12:00:00+00:00")
        set_saved(vault, people["on"].id, "2026-06-15T12:00:00+00:00")
        set_saved(vault, people["after"].id, "2026-06-16T12:00:00+00:00")
        for key in ("draft", "document", "print"):
            set_saved(vault, people[key].id, "2020-01-01T12:00:00+00:00")
        vault.conn.execute("UPDATE drafts SET updated='2027-01-01T12:00:00+00:00' WHERE participant_id=?",
                           (people["draft"].id,))
        vault.conn.execute("UPDATE documents SET updated='2028-03-01T12:00:00+00:00' WHERE participant_id=?",
                           (people["document"].id,))
        vault.conn.execute("UPDATE prints SET printed_at='2029-05-05T12:00:00+00:00' WHERE participant_id=?",
                           (people["print"].id,))
    vault.close()
    return path, people


def test_the_rule_with_a_fixed_clock(aged):
    path, people = aged
    with Vault.open(path, PASSPHRASE) as v:
        assert retention.years(v.repo) == 5
        due = retention.due(v.repo, ON)
        assert [(d.namn, d.last_entry, d.due_since) for d in due] == [
            ("Gammal Äldresson", date(2026, 6, 14), date(2031, 6, 14)),
            ("Gräns Dagsson", date(2026, 6, 15), date(2031, 6, 15))]
        assert [d.namn for d in retention.due(v.repo, date(2031, 6, 14))] == ["Gammal Äldresson"]
        later = {d.namn for d in retention.due(v.repo, date(2034, 5, 5))}
        assert later == {p.namn for p in people.values()}  # every kind of save counts, and then passes
        assert {d.namn for d in retention.due(v.repo, date(2034, 5, 4))} == later - {"Utskrift Sentsson"}
        assert [d.namn for d in retention.due(v.repo, ON, retention_years=4)] == [  # by name
            "Gammal Äldresson", "Gräns Dagsson", "Ung Nyaresson", "Utkast Sentsson"]
    assert retention.boundary(ON, 5) == date(2026, 6, 15)
    assert retention.due_date(date(2024, 2, 29), 5) == date(2029, 2, 28)
    assert retention.boundary(date(2026, 2, 28), 2) == date(2024, 2, 29)
    for bad in ("0", "51", "-1", "2.5", "fem", "", True, 3.0):
        with pytest.raises(ValidationError):
            retention.check_years(bad)
    assert retention.check_years(" 7 ") == 7 and retention.check_years(50) == 50


def test_gallring_lists_exactly_those_past_the_boundary(cli, aged):
    path, people = aged
    code, out, err = cli("gallring", "--vault", path, "--lang", "sv")
    assert code == 0, err
    names = {p.namn for p in people.values()}
    listed = [line for line in out.splitlines() if line.split("  ")[0] in names]
    assert [line.split("  ")[0] for line in listed] == ["Gammal Äldresson", "Gräns Dagsson"]
    before = next(line for line in listed if line.startswith("Gammal"))
    assert format_stored(people["before"].personnummer) in before
    assert "2026-06-14" in before and "2031-06-14" in before  # last entry, due since (babel, sv: ISO)
    assert "2026-06-15" in out and "--apply" in out
    code, out, _err = cli("gallring", "--vault", path, "--lang", "en")
    assert "14/06/2026" in out  # English dates through babel too
    with Vault.open(path, PASSPHRASE) as v:
        assert v.repo.count() == 6


def test_gallring_apply_asks_and_deletes_only_those_due(cli, aged):
    path, people = aged
    code, out, err = cli("gallring", "--vault", path, "--apply", "--lang", "en", typed="n\n")
    assert code == 1 and "Nothing was deleted" in err and "Delete the 2 participants" in out
    code, _out, err = cli("gallring", "--vault", path, "--apply", "--lang", "en")  # no terminal, no --yes
    assert code == 1 and "--yes" in err
    with Vault.open(path, PASSPHRASE) as v:
        assert v.repo.count() == 6
    key = data_key(path)
    assert found(decrypt_pages(path, key), "GALLRABEFORE")

    code, out, err = cli("gallring", "--vault", path, "--apply", "--yes", "--lang", "en")
    assert code == 0, err
    assert "Deleted 2 participants" in out
    with Vault.open(path, PASSPHRASE) as v:
        left = {s.namn for s in v.repo.search()}
        entries = v.audit.entries()
        assert v.audit.broken_at() is None
    assert left == {"Ung Nyaresson", "Utkast Sentsson", "Plan Sentsson", "Utskrift Sentsson"}
    applied = [e for e in entries if e.event == "retention.applied"]
    assert len(applied) == 1 and applied[0].participant_id is None
    assert applied[0].detail == "count=2 years=5 last_entry<=2026-06-15 on=2031-06-15"
    assert sorted(e.participant_id for e in entries if e.event == "participant.deleted" and e.detail == "gallring") \
        == sorted([people["before"].id, people["on"].id])
    for p in people.values():
        for secret in (p.namn, p.personnummer, format_stored(p.personnummer)):
            assert not [e for e in entries if secret in e.detail]
    pages = decrypt_pages(path, key)
    for gone in ("GALLRABEFORE", "GALLRAON", "MALBEFORE", "MALON", people["before"].personnummer,
                 people["on"].personnummer, "Gammal"):
        assert not found(pages, gone), gone
    assert found(pages, "GALLRAAFTER") and found(pages, "MALPRINT")

    code, out, _err = cli("gallring", "--vault", path, "--lang", "en")
    assert code == 0 and "Nobody is due" in out


def test_gallring_set_years_is_validated_audited_and_used(cli, aged):
    path, _people = aged
    for bad in ("0", "51", "-3", "2.5", "fem", ""):
        code, _out, err = cli("gallring", "--vault", path, "--set-years", bad, "--lang", "en")
        assert code == 64, bad
        assert "whole number of years from 1 to 50" in err and "Nothing was changed" in err
    code, out, err = cli("gallring", "--vault", path, "--set-years", "4", "--lang", "en")
    assert code == 0, err
    assert "now 4 years" in out and "Ung Nyaresson" in out  # listed under the new time at once
    code, _out, err = cli("gallring", "--vault", path, "--set-years", "4", "--apply")
    assert code == 64  # one or the other
    with Vault.open(path, PASSPHRASE) as v:
        assert retention.years(v.repo) == 4
        changed = [e.detail for e in v.audit.entries() if e.event == "retention.changed"]
    assert changed == ["5->4"]
    code, _out, err = cli("gallring", "--vault", path, "--yes", "--lang", "en")
    assert code == 64 and "--apply" in err


def test_gallring_says_who_was_closed_and_who_went_quiet_without_avslut(cli, aged):
    """The rule counts from the avslut or the last entry; the list says which, so a case
    that only went quiet is not deleted unseen."""
    from kartlaggning.models.method import Avslut, Utfall
    from kartlaggning.services import method
    path, people = aged
    closed = people["before"]
    with Vault.open(path, PASSPHRASE) as v:
        method.close(v.repo, Avslut(participant_id=closed.id, datum=date(2026, 6, 1), utfall=Utfall.ARBETE))
        with v.transaction():
            set_saved(v, closed.id, "2026-06-14T12:00:00+00:00")  # closed long ago
    code, out, err = cli("gallring", "--vault", path, "--lang", "sv")
    assert code == 0, err
    line = {row.split("  ")[0]: row.rstrip() for row in out.splitlines()}
    assert line["Gammal Äldresson"].endswith("avslutad")
    assert line["Gräns Dagsson"].endswith("inget (fortfarande aktiv)")
