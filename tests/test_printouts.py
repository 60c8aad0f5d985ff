"""The four PDF printouts: content, escaping, long text, page furniture, determinism.

Text is checked through pypdf's text extraction. Everyone is made up; the
personnummer are test numbers.
"""
from __future__ import annotations

import builtins
import dataclasses
import io
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from datetime import date
from enum import Enum
from pathlib import Path
from unittest import mock

import pytest
from pypdf import PdfReader

from kartlaggning.models import GridEntry, Participant
from kartlaggning.models.kartlaggning import STAGE_FORM_LABELS
from kartlaggning.models.personnummer import make_test_number
from kartlaggning.models.plans import COMPETENCE_PROPERTIES, PLAN_CONTACT_ROLES, RATING_SCALE
from kartlaggning.printouts import (PrintInfo, UnitHeader, content_hash, kartlaggning_pdf,
                                    kompetenskort_pdf, plan_pdf, utvecklingsplan_pdf)
from kartlaggning.printouts import samples
from kartlaggning.printouts.common import esc, sv_date

ROOT = Path(__file__).resolve().parents[1]
HEADER = samples.sample_header()
INFO = PrintInfo(version=3, printed=date(2026, 11, 22), content_hash="1a2b3c4d")
PNR_PRINTED = "19121212-1212"

INJECTIONS = ("<b>fet</b>", "Svensson & Son", "a<b", '<img src="/etc/passwd"/>',
              "<font size=40>x</font>", "&amp; &lt;", "]]> <!-- -->", "<br/>")
NAMES = ("Åsa Öberg", "Łukasz Wróbel", "Đặng Thị Hương", "Çelik", "Müller")


# --------------------------------------------------------------------------- helpers

def pages_text(pdf: bytes) -> list[str]:
    return [unicodedata.normalize("NFC", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


def all_text(pdf: bytes) -> str:
    return "\n".join(pages_text(pdf))


def squash(text: str) -> str:
    """The text without blanks; a word hyphenated at a line break ("brist-" / "fälliga" in a
    narrow column) counts whole."""
    text = re.sub(r"(?<=[a-zåäö])-\s+(?=[a-zåäö])", "", unicodedata.normalize("NFC", text))
    return re.sub(r"\s+", "", text)


def body_text(pdf: bytes) -> str:
    """The text of the page bodies only (no letterhead, no footer), in order."""
    parts: list[str] = []
    top, bottom = 842 - 30 * 72 / 25.4, 20 * 72 / 25.4

    def visit(text, cm, tm, _font, _size):
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if bottom < y < top:
            parts.append(text)

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return unicodedata.normalize("NFC", "".join(parts))


def render_all() -> dict[str, bytes]:
    p = samples.sample_participant()
    return {
        "plan": plan_pdf(samples.sample_plan(), HEADER, INFO),
        "utvecklingsplan": utvecklingsplan_pdf(samples.sample_utvecklingsplan(), p, HEADER, INFO),
        "kartlaggning": kartlaggning_pdf(samples.sample_kartlaggning(), p, HEADER, INFO, samples.HANDLAGGARE),
        "kompetenskort": kompetenskort_pdf(samples.sample_kompetenskort(), HEADER, INFO),
    }


def assert_contains(text: str, value: str, what: str = "") -> None:
    assert squash(value) in squash(text), f"{what or value!r} not printed"


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return render_all()


# --------------------------------------------------------------------------- content

def test_plan_prints_every_field(pdfs):
    plan = samples.sample_plan()
    text = all_text(pdfs["plan"])
    labels = ["Individuell plan mot arbete", "Namn", "Personnummer", "Adress", "Datum för upprättande",
              "Kontaktlista", *[label for _k, label in PLAN_CONTACT_ROLES], "Mål",
              "Delmål för att uppnå mitt mål", "Ansvarsfördelning", "Åtgärd", "Ansvarig", "Datum",
              "Uppföljning", "ÖVERENSKOMMELSE", "Underskrift enskild", "Handläggare Arbetsförmedlingen",
              "Arbetsmarknadshandläggare"]
    values = [plan.namn, PNR_PRINTED, plan.adress, "3 november 2026", plan.mal, plan.uppfoljning,
              plan.overenskommelse]
    values += [v for c in plan.kontakter for v in (c.namn, c.telefon) if v]
    values += plan.delmal
    values += [v for a in plan.ansvarsfordelning for v in (a.atgard, a.ansvarig, sv_date(a.datum))]
    for v in labels + values:
        assert_contains(text, v)
    for n in range(1, 7):  # at least six numbered delmål lines
        assert re.search(rf"^{n}\.", text, re.M), f"delmål {n}."


def test_plan_prints_all_delmal_and_at_least_six_lines():
    plan = samples.sample_plan()
    plan.delmal = [f"Delmål nummer {i}" for i in range(1, 10)]
    text = all_text(plan_pdf(plan, HEADER, INFO))
    for i in range(1, 10):
        assert_contains(text, f"{i}.Delmål nummer {i}")
    plan.delmal = ["Ett enda"]
    text = all_text(plan_pdf(plan, HEADER, INFO))
    assert [n for n in range(1, 10) if re.search(rf"^{n}\.", text, re.M)] == [1, 2, 3, 4, 5, 6]


def test_utvecklingsplan_prints_every_field(pdfs):
    u = samples.sample_utvecklingsplan()
    text = all_text(pdfs["utvecklingsplan"])
    for v in ["Utvecklingsplan för Åsa Öberg", "Utvecklingsområden", "Datum för uppföljning",
              "Utvecklingsområde", "Datum", "Mitt ansvar", "AME:s ansvar", "Avstämning",
              PNR_PRINTED, u.utvecklingsomraden, u.mitt_ansvar, u.ame_ansvar, u.avstamning,
              sv_date(u.datum), sv_date(u.ansvar_datum), sv_date(u.avstamning_datum)]:
        assert_contains(text, v)
    for r in u.rader:
        assert_contains(text, sv_date(r.datum) + r.omrade)


def test_kartlaggning_prints_every_field(pdfs):
    k = samples.sample_kartlaggning()
    p = samples.sample_participant()
    text = all_text(pdfs["kartlaggning"])
    labels = ["Namn", "Personnummer", "Telefonnummer", "Mobilnummer", "e-post", "Syfte", "Datum",
              "Kontaktpersoner", "Namn, relation", "Telefon",
              "Kartläggning – individfaktorer", "Kartläggning – omgivningsfaktorer",
              "Hinder", "Område", "Resurser",
              "Motivation till förändring. Vad är ditt mål?",
              "Mindre bra med förändring för mig", "Bra med förändring för mig",
              "Mindre bra för min omgivning med förändring för mig",
              "Bra för min omgivning med förändring för mig",
              'Åtgärder innan "Individuell plan mot arbete" kan upprättas',
              "Sammanställning", "Sammanfattning/bedömning", "Rehabiliteringsförslag",
              "Förslag på övriga åtgärder", "Deltagarens kommentar", "Deltagare",
              "Arbetsmarknadshandläggare", *STAGE_FORM_LABELS.values()]
    values = [p.namn, PNR_PRINTED, p.telefon, p.mobil, p.epost, k.syfte, sv_date(k.datum),
              k.atgarder_innan_plan, samples.HANDLAGGARE]
    values += [f"{c.namn}, {c.relation}" for c in p.kontaktpersoner] + [c.telefon for c in p.kontaktpersoner]
    for rec in k.areas.values():
        values.append(rec.fakta)
        values += [e.text for e in rec.hinder + rec.resurser]
    from kartlaggning.models import AREAS
    values += [a.form_title for a in AREAS]
    m = k.motivation
    values += [getattr(m, f) for f in m.TEXT_FIELDS]
    s = k.sammanstallning
    values += [getattr(s, f) for f in s.TEXT_FIELDS]
    values += [sv_date(x.datum) for x in k.samtal] + ["09:00–09:55", "13:30–14:20"]
    for v in labels + values:
        assert_contains(text, v)
    assert_contains(text, "8 av 10")
    assert_contains(text, "5 av 10")
    assert_contains(text, "\u2612 Förberedelse")  # the chosen stage is ticked
    assert_contains(text, "Promenerar varje dag (samtal 2)")  # entry with the samtal it came from


def test_kartlaggning_cross_is_laid_out_like_the_form(pdfs):
    """Top row: mindre bra | bra for me; bottom row: the same for the surroundings."""
    text = squash(all_text(pdfs["kartlaggning"]))
    order = [squash(s) for s in ("Mindre bra med förändring för mig", "Bra med förändring för mig",
                                 "Mindre bra för min omgivning med förändring för mig",
                                 "Bra för min omgivning med förändring för mig")]
    positions = [text.index(s) for s in order]
    assert positions == sorted(positions)


def test_kompetenskort_prints_every_field(pdfs):
    card = samples.sample_kompetenskort()
    text = all_text(pdfs["kompetenskort"])
    for v in ["Kompetenskort", "Namn", "Personnummer", "Adress", "Arbetsplats", "Kontaktperson på arbetsplatsen",
              "Telefonnummer", "Beskrivning av arbetsplatsen och arbetsuppgifter", "Egenskaper",
              "Hur bedömer du personen utifrån följande:", "Kommentarer",
              "Kompetenser individen uppvisat", "Utvecklingsområde", "Datum", "Kontaktperson arbetsplatsen",
              *[label for _n, label, _en in RATING_SCALE], *[sv for _k, sv, _en in COMPETENCE_PROPERTIES],
              card.namn, PNR_PRINTED, card.adress, card.arbetsplats, card.kontaktperson, card.telefon,
              card.beskrivning, card.kompetenser, card.utvecklingsomrade, sv_date(card.datum),
              *[r.kommentar for r in card.betyg]]:
        assert_contains(text, v)
    assert text.count("X") >= len(card.betyg)


def test_kompetenskort_marks_the_chosen_step():
    card = samples.sample_kompetenskort()
    for r in card.betyg:
        r.betyg = None
    card.betyg[0].betyg = 2
    text = all_text(kompetenskort_pdf(card, HEADER, INFO))
    assert len(re.findall(r"\bX\b", text)) == 1


# --------------------------------------------------------------------------- page furniture

@pytest.mark.parametrize("kind", ["plan", "utvecklingsplan", "kartlaggning", "kompetenskort"])
def test_every_page_has_header_footer_and_page_number(pdfs, kind):
    pages = pages_text(pdfs[kind])
    n = len(pages)
    for i, text in enumerate(pages, 1):
        assert f"Sida {i} av {n}" in text
        assert "Version 3 · 1a2b3c4d" in text
        assert "Utskriven 22 november 2026" in text
        for s in ("Exempelstads kommun", "Utbildning och arbete", "Arbetsmarknadsenheten",
                  "Åsa Öberg", PNR_PRINTED):
            assert s in text, (kind, i, s)


def test_title_on_every_page():
    plan = samples.sample_plan()
    plan.mal = "lång text " * 2000
    pages = pages_text(plan_pdf(plan, HEADER, INFO))
    assert len(pages) > 2
    assert all("Individuell plan mot arbete" in t for t in pages)


@pytest.mark.parametrize("kind", ["plan", "utvecklingsplan", "kartlaggning", "kompetenskort"])
def test_pdf_metadata(pdfs, kind):
    reader = PdfReader(io.BytesIO(pdfs[kind]))
    meta = reader.metadata
    assert meta.title
    assert meta.author == "Arbetsmarknadsenheten, Exempelstads kommun"
    assert meta.subject and "version 3" in meta.subject
    assert reader.trailer["/Root"]["/Lang"] == "sv-SE"
    assert meta["/CreationDate"].startswith("D:20261122")
    assert reader.pages[0].mediabox.width == pytest.approx(595.27, abs=0.1)  # A4
    assert reader.pages[0].mediabox.height == pytest.approx(841.89, abs=0.1)
    # no personal data in the metadata (desktop search indexes it)
    assert "Öberg" not in str(dict(meta))


def test_footer_hash_defaults_to_content_hash():
    plan = samples.sample_plan()
    text = all_text(plan_pdf(plan, HEADER, PrintInfo(version=7, printed=date(2026, 11, 22))))
    assert f"Version 7 · {content_hash(plan)}" in text


def test_content_hash():
    plan = samples.sample_plan()
    h = content_hash(plan)
    assert re.fullmatch(r"[0-9a-f]{8}", h)
    assert content_hash(samples.sample_plan()) == h
    plan.mal += "!"
    assert content_hash(plan) != h


def test_logo_is_drawn_and_broken_logo_is_ignored():
    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (40, 20), (31, 58, 95)).save(buf, "PNG")
    plan = samples.sample_plan()
    with_logo = plan_pdf(plan, dataclasses.replace(HEADER, logo_png=buf.getvalue()), INFO)
    without = plan_pdf(plan, HEADER, INFO)
    assert b"/Subtype /Image" in with_logo and b"/Subtype /Image" not in without
    broken = plan_pdf(plan, dataclasses.replace(HEADER, logo_png=b"\x89PNG\r\n\x1a\nbroken"), INFO)
    assert b"/Subtype /Image" not in broken
    not_png = plan_pdf(plan, dataclasses.replace(HEADER, logo_png=b"/etc/passwd"), INFO)
    assert b"/Subtype /Image" not in not_png


# --------------------------------------------------------------------------- names and fonts

def _named(name: str):
    p = dataclasses.replace(samples.sample_participant(), namn=name)
    p.kontaktpersoner = [dataclasses.replace(p.kontaktpersoner[0], namn=name)]
    plan = samples.sample_plan()
    plan.namn = name
    plan.kontakter[2].namn = name
    card = samples.sample_kompetenskort()
    card.namn = name
    card.kontaktperson = name
    return {
        "plan": plan_pdf(plan, HEADER, INFO),
        "utvecklingsplan": utvecklingsplan_pdf(samples.sample_utvecklingsplan(), p, HEADER, INFO),
        "kartlaggning": kartlaggning_pdf(samples.sample_kartlaggning(), p, HEADER, INFO, name),
        "kompetenskort": kompetenskort_pdf(card, HEADER, INFO),
    }


@pytest.mark.parametrize("name", NAMES)
def test_international_names_print(name):
    for kind, pdf in _named(name).items():
        pages = pages_text(pdf)
        assert all(name in t for t in pages), (kind, name)  # header of every page


def test_decomposed_accents_print_as_one_letter():
    nfd = unicodedata.normalize("NFD", "Đặng Thị Hương")
    assert nfd != "Đặng Thị Hương"
    pdf = _named(nfd)["plan"]
    assert "Đặng Thị Hương" in all_text(pdf)


def test_font_has_every_glyph_of_the_names():
    from reportlab.pdfbase import pdfmetrics

    from kartlaggning.printouts.common import FONT, FONT_BOLD, register_fonts
    register_fonts()
    for font in (FONT, FONT_BOLD):
        cmap = pdfmetrics.getFont(font).face.charToGlyph
        missing = {c for name in NAMES for c in name if c != " " and ord(c) not in cmap}
        assert not missing, (font, missing)


def test_font_is_bundled_with_its_licence():
    fonts = ROOT / "kartlaggning" / "resources" / "fonts"
    assert (fonts / "DejaVuSans.ttf").is_file() and (fonts / "DejaVuSans-Bold.ttf").is_file()
    licence = (fonts / "DejaVu-LICENSE.txt").read_text(encoding="utf-8")
    assert "Bitstream" in licence


# --------------------------------------------------------------------------- escaping

def test_esc_helper():
    assert esc('<img src="/etc/passwd"/>') == '&lt;img src="/etc/passwd"/&gt;'
    assert esc("a<b & c\nd") == "a&lt;b &amp; c<br/>d"
    assert esc(None) == ""
    assert esc("tab\there\x07") == "tab    here"


_SKIP = {"id", "participant_id", "samtal_id", "personnummer", "roll", "egenskap", "area"}


def _poison(obj, counter, printed: list, path: str = ""):
    """Put an injection payload with a unique marker into every string field."""
    if dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if f.name in _SKIP:
                continue
            if isinstance(value, str) and not isinstance(value, Enum):
                n = next(counter)
                payload = f"M{n:03d}{INJECTIONS[n % len(INJECTIONS)]}"
                setattr(obj, f.name, payload)
                printed.append((f"{path}{f.name}", payload))
            else:
                _poison(value, counter, printed, f"{path}{f.name}.")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            _poison(v, counter, printed, f"{path}{k}.")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            _poison(v, counter, printed, f"{path}{i}.")


def _language_without_interpreter(k, field: str) -> bool:
    """``samtal.0.tolk_sprak`` of a samtal without an interpreter: not printed (it says "Nej")."""
    parts = field.split(".")
    return parts[0] == "samtal" and parts[-1] == "tolk_sprak" and not k.samtal[int(parts[1])].tolk_narvarande


def _poisoned_docs():
    import itertools
    counter = itertools.count()
    docs = {}
    plan, card, u = samples.sample_plan(), samples.sample_kompetenskort(), samples.sample_utvecklingsplan()
    k, p = samples.sample_kartlaggning(), samples.sample_participant()
    for name, obj in (("plan", plan), ("kompetenskort", card), ("utvecklingsplan", u), ("kartlaggning", k)):
        printed: list = []
        _poison(obj, counter, printed)
        docs[name] = (obj, printed)
    printed_p: list = []
    _poison(p, counter, printed_p)
    # what the participant contributes to the kartläggning and utvecklingsplan
    shown = [(f, v) for f, v in printed_p
             if f in ("namn", "telefon", "mobil", "epost") or f.startswith("kontaktpersoner.")]
    handl = f"M999{INJECTIONS[3]}"
    hdr = UnitHeader(kommun="<b>Kommun & co</b>", forvaltning='<img src="/etc/passwd"/>', enhet="a<b",
                     adress="<font size=40>x</font>")
    out = {
        "plan": (plan_pdf(plan, hdr, INFO), docs["plan"][1]),
        "kompetenskort": (kompetenskort_pdf(card, hdr, INFO), docs["kompetenskort"][1]),
        "utvecklingsplan": (utvecklingsplan_pdf(u, p, hdr, INFO),
                            docs["utvecklingsplan"][1] + [(f, v) for f, v in shown if f == "namn"]),
        "kartlaggning": (kartlaggning_pdf(k, p, hdr, INFO, handl),
                         [(f, v) for f, v in docs["kartlaggning"][1] if not f.endswith("anteckning")
                          and not _language_without_interpreter(k, f)]
                         + shown + [("handlaggare", handl)]),
    }
    return out, hdr


def test_injection_strings_print_literally_in_every_field():
    rendered, hdr = _poisoned_docs()
    for kind, (pdf, printed) in rendered.items():
        text = all_text(pdf)
        for field, payload in printed:
            assert_contains(text, payload, f"{kind}: {field}")
        for s in (hdr.kommun, hdr.forvaltning, hdr.enhet, hdr.adress):
            assert s in text, (kind, s)


def test_no_file_is_opened_because_of_user_text():
    render_all()  # warm up: fonts, babel locale data, lazy imports
    real_open, real_os_open = builtins.open, os.open
    opened: list = []

    def spy_open(file, *args, **kwargs):
        opened.append(file)
        return real_open(file, *args, **kwargs)

    def spy_os_open(path, *args, **kwargs):
        opened.append(path)
        return real_os_open(path, *args, **kwargs)

    with mock.patch("builtins.open", side_effect=spy_open), mock.patch("os.open", side_effect=spy_os_open), \
            mock.patch("reportlab.lib.utils.open_for_read", side_effect=AssertionError("open_for_read")):
        rendered, _hdr = _poisoned_docs()
    assert rendered
    assert not [f for f in opened if "passwd" in str(f)]
    assert opened == []


def test_the_open_spy_would_see_an_unescaped_img(tmp_path):
    """Proof that the monitoring above is not vacuous: unescaped markup does open a file."""
    from reportlab.platypus import Paragraph

    from kartlaggning.printouts.common import S, build_pdf, setup
    setup()
    target = tmp_path / "not-an-image.png"
    target.write_bytes(b"not an image")
    real_open, opened = builtins.open, []

    def spy_open(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    with mock.patch("builtins.open", side_effect=spy_open), pytest.raises(Exception):
        build_pdf([Paragraph(f'<img src="{target}"/>', S.body)], doc=None, doc_title="t", subject="s",
                  person_name="", person_pnr="", header=HEADER, info=INFO)
    assert str(target) in opened


def test_no_temp_files(tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    real_tmp = Path(tempfile.gettempdir())
    assert real_tmp == scratch
    render_all()
    _poisoned_docs()
    assert list(scratch.iterdir()) == []


# --------------------------------------------------------------------------- long text

def long_text(n: int = 20_000, seed: int = 0, prefix: str = "ord") -> str:
    """*n* characters of numbered words (``ord00000 ord00001 ...``) ending in x's."""
    out, size, i = [], -1, seed
    while True:
        w = f"{prefix}{i:05d}"
        if size + len(w) + 1 > n:
            break
        out.append(w)
        size += len(w) + 1
        i += 1
    return (" ".join(out) + " " + "x" * n)[:n]


def tokens(text: str, prefix: str) -> list[str]:
    return re.findall(rf"{prefix}\d{{5}}", text)


def assert_cell_printed(body: str, value: str, prefix: str) -> None:
    """Table cells side by side interleave in extracted text: compare the words in order."""
    assert tokens(body, prefix) == tokens(value, prefix)


def test_long_mal_prints_in_full_over_several_pages():
    plan = samples.sample_plan()
    plan.mal = long_text()
    assert len(plan.mal) == 20_000
    pdf = plan_pdf(plan, HEADER, INFO)
    assert len(pages_text(pdf)) >= 3
    assert squash(plan.mal) in squash(body_text(pdf))


def test_long_sammanstallning_prints_in_full():
    k = samples.sample_kartlaggning()
    k.sammanstallning.text = long_text(seed=1)
    k.sammanstallning.bedomning = long_text(seed=2)
    k.motivation.mal = long_text(seed=3)
    pdf = kartlaggning_pdf(k, samples.sample_participant(), HEADER, INFO, samples.HANDLAGGARE)
    body = squash(body_text(pdf))
    for value in (k.sammanstallning.text, k.sammanstallning.bedomning, k.motivation.mal):
        assert squash(value) in body


def test_long_cells_split_across_pages():
    """A 20,000-character fakta, hinder, cross field, comment or delmål splits over pages."""
    k = samples.sample_kartlaggning()
    k.areas["kroppsfunktioner"].fakta = long_text(prefix="fakta")
    k.areas["arbete"].hinder.append(GridEntry(long_text(prefix="hinder"), samtal_id="s1"))
    k.motivation.bra_for_omgivningen = long_text(prefix="kors")
    pdf = kartlaggning_pdf(k, samples.sample_participant(), HEADER, INFO)
    assert len(pages_text(pdf)) > 8
    body = body_text(pdf)
    assert_cell_printed(body, k.areas["kroppsfunktioner"].fakta, "fakta")
    assert_cell_printed(body, k.areas["arbete"].hinder[-1].text, "hinder")
    assert_cell_printed(body, k.motivation.bra_for_omgivningen, "kors")

    card = samples.sample_kompetenskort()
    card.betyg[2].kommentar = long_text(prefix="komm")
    card.beskrivning = long_text(prefix="beskr")
    body = body_text(kompetenskort_pdf(card, HEADER, INFO))
    assert_cell_printed(body, card.betyg[2].kommentar, "komm")
    assert squash(card.beskrivning) in squash(body)

    plan = samples.sample_plan()
    plan.delmal[1] = long_text(prefix="delmal")
    plan.ansvarsfordelning[0].atgard = long_text(prefix="atgard")
    body = body_text(plan_pdf(plan, HEADER, INFO))
    assert_cell_printed(body, plan.delmal[1], "delmal")
    assert_cell_printed(body, plan.ansvarsfordelning[0].atgard, "atgard")

    u = samples.sample_utvecklingsplan()
    u.mitt_ansvar, u.ame_ansvar = long_text(prefix="mitt"), long_text(prefix="ame")
    body = body_text(utvecklingsplan_pdf(u, samples.sample_participant(), HEADER, INFO))
    assert_cell_printed(body, u.mitt_ansvar, "mitt")
    assert_cell_printed(body, u.ame_ansvar, "ame")


def test_every_text_field_at_its_limit_renders():
    """All free-text fields at 20,000 characters at once: no LayoutError."""
    k = samples.sample_kartlaggning()
    for rec in k.areas.values():
        rec.fakta = long_text(seed=13)
    for f in k.motivation.TEXT_FIELDS:
        setattr(k.motivation, f, long_text(seed=14))
    for f in k.sammanstallning.TEXT_FIELDS:
        setattr(k.sammanstallning, f, long_text(seed=15))
    k.atgarder_innan_plan = "y" * 20_000  # one unbroken word
    p = dataclasses.replace(samples.sample_participant(), namn="N" * 200)
    pdf = kartlaggning_pdf(k, p, HEADER, INFO, "H" * 200)
    assert squash("y" * 20_000) in squash(body_text(pdf))
    card = samples.sample_kompetenskort()
    for r in card.betyg:
        r.kommentar = long_text(seed=16)
    card.kompetenser = card.utvecklingsomrade = long_text(seed=17)
    assert kompetenskort_pdf(card, HEADER, INFO).startswith(b"%PDF")


# --------------------------------------------------------------------------- signatures

def _signature_pages(pdf: bytes, roles: list[str]) -> set[int]:
    """Pages on which the signature lines of *roles* are printed (last occurrence of
    each role label, which is the signature block's)."""
    pages = pages_text(pdf)
    found = set()
    for role in roles:
        idx = [i for i, t in enumerate(pages) if re.search(rf"^{re.escape(role)}\b", t, re.M)]
        assert idx, role
        found.add(idx[-1])
    return found


@pytest.mark.parametrize("length", range(0, 4200, 300))
def test_plan_signature_block_never_splits(length):
    plan = samples.sample_plan()
    plan.uppfoljning = long_text(length, seed=length) if length else ""
    pdf = plan_pdf(plan, HEADER, INFO)
    roles = ["Underskrift enskild", "Handläggare Arbetsförmedlingen", "Arbetsmarknadshandläggare"]
    (page,) = _signature_pages(pdf, roles)
    text = pages_text(pdf)[page]
    assert text.count("Datum") >= 3
    for name in ("Åsa Öberg", "Johan Berg", "Maria Lindqvist"):
        assert name in text


@pytest.mark.parametrize("length", range(0, 4200, 600))
def test_kartlaggning_and_kompetenskort_signatures_never_split(length):
    k = samples.sample_kartlaggning()
    k.sammanstallning.deltagarens_kommentar = long_text(length, seed=3) if length else ""
    pdf = kartlaggning_pdf(k, samples.sample_participant(), HEADER, INFO, samples.HANDLAGGARE)
    (page,) = _signature_pages(pdf, ["Deltagare", "Arbetsmarknadshandläggare"])
    assert samples.HANDLAGGARE in pages_text(pdf)[page]
    card = samples.sample_kompetenskort()
    card.utvecklingsomrade = long_text(length, seed=4) if length else ""
    pdf = kompetenskort_pdf(card, HEADER, INFO)
    (page,) = _signature_pages(pdf, ["Kontaktperson arbetsplatsen"])
    text = pages_text(pdf)[page]
    assert "Pia Sandberg" in text and sv_date(card.datum) in text


def test_long_agreement_still_keeps_the_signatures_together():
    plan = samples.sample_plan()
    plan.overenskommelse = long_text()
    pdf = plan_pdf(plan, HEADER, INFO)
    assert squash(plan.overenskommelse) in squash(body_text(pdf))
    assert len(_signature_pages(pdf, ["Underskrift enskild", "Handläggare Arbetsförmedlingen",
                                      "Arbetsmarknadshandläggare"])) == 1


# --------------------------------------------------------------------------- determinism

def test_same_input_gives_identical_bytes(pdfs):
    assert render_all() == pdfs


def test_identical_bytes_across_processes(pdfs):
    script = ("import sys, hashlib; sys.path.insert(0, sys.argv[1]);"
              "from tests.test_printouts import render_all;"
              "print(hashlib.sha256(b''.join(render_all().values())).hexdigest())")
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = subprocess.run([sys.executable, "-c", script, str(ROOT)], capture_output=True, text=True,
                         env=env, cwd=ROOT, check=True).stdout.strip()
    import hashlib
    assert out == hashlib.sha256(b"".join(pdfs.values())).hexdigest()


def test_different_print_date_changes_only_dates():
    plan = samples.sample_plan()
    a = plan_pdf(plan, HEADER, INFO)
    b = plan_pdf(plan, HEADER, dataclasses.replace(INFO, printed=date(2027, 1, 2)))
    assert a != b
    assert "Utskriven 2 januari 2027" in all_text(b)
    assert PdfReader(io.BytesIO(b)).metadata["/CreationDate"].startswith("D:20270102")


def test_empty_documents_render():
    """Blank forms (nothing filled in) print with room to write by hand."""
    from kartlaggning.models import IndividuellPlan, Kartlaggning, Kompetenskort, Utvecklingsplan
    empty_p = Participant(namn="", personnummer="")
    for pdf in (plan_pdf(IndividuellPlan(), HEADER, INFO),
                utvecklingsplan_pdf(Utvecklingsplan(), empty_p, HEADER, INFO),
                kartlaggning_pdf(Kartlaggning(), empty_p, HEADER, INFO),
                kompetenskort_pdf(Kompetenskort(), HEADER, INFO)):
        assert pages_text(pdf)[0]


def test_test_personnummer_only():
    assert samples.TEST_PNR == make_test_number(date(1912, 12, 12), 121)


def test_printouts_import_no_qt_and_no_storage():
    script = ("import sys; sys.path.insert(0, sys.argv[1]);"
              "import kartlaggning.printouts as p;"
              "light = 'reportlab' not in sys.modules;"
              "from kartlaggning.printouts import plan_pdf, utvecklingsplan_pdf, kartlaggning_pdf, kompetenskort_pdf;"
              "import kartlaggning.printouts.samples;"
              "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'sqlcipher3',"
              " 'sqlite_utils', 'kartlaggning.storage', 'kartlaggning.ui')));"
              "print(light, bad)")
    out = subprocess.run([sys.executable, "-c", script, str(ROOT)], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout.strip()
    assert out == "True []"


@pytest.mark.parametrize("length", range(0, 3600, 150))
def test_kartlaggning_signatures_never_stand_alone_on_the_last_page(length):
    """Whatever the length before them, the signatures share their page with the end
    of the sammanställning (the participant's comment and "signerad …"), never a page
    of their own under a previous page that already says the sammanställning was signed."""
    k = samples.sample_kartlaggning()
    k.sammanstallning.ovriga_atgarder = long_text(length, seed=length) if length else ""
    k.sammanstallning.signerad = date(2026, 11, 20)
    pdf = kartlaggning_pdf(k, samples.sample_participant(), HEADER, INFO, samples.HANDLAGGARE)
    pages = pages_text(pdf)
    (page,) = _signature_pages(pdf, ["Deltagare", "Arbetsmarknadshandläggare"])
    assert page == len(pages) - 1
    assert "Deltagarens kommentar" in pages[page] and "Signerad av deltagaren" in pages[page]
    assert all("Signerad av deltagaren" not in t for t in pages[:page])


# --------------------------------------------------------------------------- Kompetenskort: labels, steps in words

KK_LABELS_IN_ORDER = [
    "Kompetenskort", "Namn", "Personnummer", "Adress", "Arbetsplats", "Kontaktperson på arbetsplatsen",
    "Telefonnummer", "Beskrivning av arbetsplatsen och arbetsuppgifter",
    "Egenskaper", "Hur bedömer du personen utifrån följande:",
    "mycket bristfällig", "bristfällig", "varken god eller bristfällig", "god", "mycket god", "Kommentarer",
    "Närvaro/punktlighet", "Motivation/intresse", "Samarbetsförmåga", "Noggrannhet", "Ansvarsfullhet",
    "mycket bristfälliga", "bristfälliga", "varken goda eller bristfälliga", "goda", "mycket goda",
    "Förstå instruktioner",
    "Kompetenser individen uppvisat",
    "Både tidigare inlärda kompetenser som har uppmärksammats på arbetsplatsen "
    "och nya som individen har fått där.",
    "Utvecklingsområde", "Kontaktperson arbetsplatsen", "Datum",
]


def _positions_in_order(text: str, labels: list[str]) -> list[int]:
    """Where each label is found, each searched after the one before (fails on a missing one)."""
    flat, at, found = squash(text), 0, []
    for label in labels:
        i = flat.find(squash(label), at)
        assert i >= 0, f"{label!r} not printed (after position {at})"
        found.append(i)
        at = i + len(squash(label))
    return found


def _rating_rows(pdf: bytes) -> dict[str, str]:
    """The printed text of each property's row (whitespace removed): what follows its
    label, up to the next property, the plural labels' row or the next heading."""
    from kartlaggning.models.plans import PLURAL_PROPERTIES
    flat = squash(body_text(pdf))
    at = flat.index(squash("Kommentarer"))
    rows = {}
    following = [*COMPETENCE_PROPERTIES[1:], (None, "Kompetenser individen uppvisat", "")]
    for (key, sv, _en), (next_key, next_sv, _e) in zip(COMPETENCE_PROPERTIES, following):
        start = flat.index(squash(sv), at) + len(squash(sv))
        at = flat.index(squash(next_sv), start)
        if next_key in PLURAL_PROPERTIES:  # the plural labels' row comes first
            at = flat.index(squash("mycket bristfälliga"), start)
        rows[key] = flat[start:at]
    return rows


def test_kompetenskort_prints_every_paper_label_in_order(pdfs):
    from kartlaggning.models import Kompetenskort
    from kartlaggning.models.plans import EGENSKAPER_HEADING, EGENSKAPER_QUESTION, KOMPETENSER_NOTE
    assert (EGENSKAPER_HEADING, EGENSKAPER_QUESTION, KOMPETENSER_NOTE) == tuple(KK_LABELS_IN_ORDER[i]
                                                                              for i in (8, 9, 28))
    for pdf in (pdfs["kompetenskort"], kompetenskort_pdf(Kompetenskort(), HEADER, INFO)):  # filled in and blank
        _positions_in_order(body_text(pdf), KK_LABELS_IN_ORDER)
    card = samples.sample_kompetenskort()  # each value after its label
    at = _positions_in_order(body_text(pdfs["kompetenskort"]), [
        "Namn", card.namn, "Personnummer", PNR_PRINTED, "Adress", card.adress, "Arbetsplats", card.arbetsplats,
        "Kontaktperson på arbetsplatsen", card.kontaktperson, "Telefonnummer", card.telefon,
        "Beskrivning av arbetsplatsen och arbetsuppgifter", card.beskrivning,
        "Kompetenser individen uppvisat", KOMPETENSER_NOTE, card.kompetenser,
        "Utvecklingsområde", card.utvecklingsomrade])
    assert at == sorted(at)


@pytest.mark.parametrize("step", [1, 2, 3, 4, 5])
def test_kompetenskort_writes_the_chosen_step_beside_the_mark(step):
    """Every property rated ``step``: its row has the tick and the step in words,
    in the plural for Förstå instruktioner ("goda"), and nothing else."""
    from kartlaggning.models.plans import RATING_SCALE_PLURAL
    card = samples.sample_kompetenskort()
    for r in card.betyg:
        r.betyg, r.kommentar = step, ""
    rows = _rating_rows(kompetenskort_pdf(card, HEADER, INFO))
    singular = dict((n, sv) for n, sv, _en in RATING_SCALE)[step]
    plural = dict((n, sv) for n, sv, _en in RATING_SCALE_PLURAL)[step]
    expected = {key: "X" + squash(plural if key == "instruktioner" else singular)
                for key, _sv, _en in COMPETENCE_PROPERTIES}
    assert rows == expected


def test_kompetenskort_step_words_of_the_sample(pdfs):
    """The sample card: "god" beside Motivation's mark, "goda" beside Förstå instruktioner's."""
    card = samples.sample_kompetenskort()
    card.betyg[-1].betyg = 4
    rows = _rating_rows(kompetenskort_pdf(card, HEADER, INFO))
    assert rows["motivation"] == "Xgod" + squash(card.betyg[1].kommentar)
    assert rows["instruktioner"] == "Xgoda" + squash(card.betyg[-1].kommentar)
    rows = _rating_rows(pdfs["kompetenskort"])
    assert rows["narvaro"].startswith("Xmycketgod") and rows["noggrannhet"].startswith("Xvarkengodellerbristfällig")
    assert rows["instruktioner"].startswith("Xvarkengodaellerbristfälliga")


def test_kompetenskort_unrated_property_has_empty_boxes_and_no_step_word():
    card = samples.sample_kompetenskort()
    for r in card.betyg:
        r.betyg, r.kommentar = None, ""
    card.betyg[2].betyg = 4  # Samarbetsförmåga: god
    rows = _rating_rows(kompetenskort_pdf(card, HEADER, INFO))
    assert rows == {"narvaro": "", "motivation": "", "samarbete": "Xgod", "noggrannhet": "", "ansvar": "",
                    "instruktioner": ""}
    card.betyg[2].betyg = None  # nothing rated: no tick and no step word anywhere outside the scale's labels
    flat = squash(body_text(kompetenskort_pdf(card, HEADER, INFO)))
    labels = squash("".join(sv for _n, sv, _en in RATING_SCALE))
    assert flat.count("god") == labels.count("god") * 2  # the singular and the plural labels' rows only
    assert "X" not in flat


def test_kompetenskort_old_stored_card_loads_and_prints_the_words():
    """A card as existing vaults store it (no new fields) loads; a property this
    version does not know prints its own name and the singular step."""
    from kartlaggning.models import Kompetenskort
    from kartlaggning.models.plans import rating_label
    from kartlaggning.models.serialize import from_jsonable, to_jsonable
    data = to_jsonable(samples.sample_kompetenskort())
    assert set(data["betyg"][0]) == {"egenskap", "betyg", "kommentar"}  # the stored shape is unchanged
    data["betyg"] = [{"egenskap": "instruktioner", "betyg": 5, "kommentar": ""},
                     {"egenskap": "framtida", "betyg": 2, "kommentar": ""}]
    card = from_jsonable(Kompetenskort, data)
    assert [rating_label(r.egenskap, r.betyg) for r in card.betyg] == ["mycket goda", "bristfällig"]
    assert rating_label("narvaro", None) == "" and rating_label("narvaro", 9) == ""
    flat = squash(body_text(kompetenskort_pdf(card, HEADER, INFO)))
    assert "FörståinstruktionerXmycketgoda" in flat and "framtidaXbristfällig" in flat


@pytest.mark.parametrize("field", ["beskrivning", "kompetenser"])
def test_kompetenskort_prints_whatever_the_length_before_a_heading(field):
    """A heading kept with short text used to stop the print with a LayoutError when
    the page had only a little more room left than the kept block (146-171 and
    198-223 words of beskrivning, 133-158 of kompetenser); every length prints,
    and the signature has Utvecklingsområde on its page."""
    for words in range(100, 300, 8):
        card = samples.sample_kompetenskort()
        setattr(card, field, " ".join(f"ord{i}" for i in range(words)))
        pdf = kompetenskort_pdf(card, HEADER, INFO)
        (page,) = _signature_pages(pdf, ["Kontaktperson arbetsplatsen"])
        assert "Utvecklingsområde" in pages_text(pdf)[page], words


def test_no_length_of_text_makes_a_printout_fail():
    """A heading glued to a short text in one KeepTogether used to fail to split
    (LayoutError) when the page had room for the text but not for the heading's
    reserve below it: Utvecklingsområden of 224-236 words could not be printed."""
    from kartlaggning.printouts import utvecklingsplan_pdf
    failed = []
    for words in range(150, 400, 2):
        text = " ".join(f"ord{i}" for i in range(words))
        up = samples.sample_utvecklingsplan()
        up.utvecklingsomraden = text
        plan = samples.sample_plan()
        plan.mal = text
        for name, render in (("utvecklingsplan", lambda: utvecklingsplan_pdf(up, samples.sample_participant(),
                                                                             HEADER, INFO)),
                             ("plan", lambda: plan_pdf(plan, HEADER, INFO))):
            try:
                render()
            except Exception as exc:  # noqa: BLE001 (collected: every failing length is named)
                failed.append((name, words, type(exc).__name__))
    assert failed == []
