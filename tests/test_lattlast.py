"""Lättläst: the plan, the Utvecklingsplan and the sammanställning in easy-to-read Swedish
(headings explained, ratings in words, the agreement in plain Swedish, 13 pt and up,
short left-aligned lines), from the printouts and from ``print --variant``."""
from __future__ import annotations

import dataclasses
from datetime import date

import pypdfium2 as pdfium
import pytest

from kartlaggning.models import Ansvar
from kartlaggning.printouts import lattlast, samples
from kartlaggning.printouts.common import MARGIN_X
from kartlaggning.printouts.meta import EASY_READ
from kartlaggning.printouts.render import render
from kartlaggning.models.printed import KARTLAGGNING, PLAN, UTVECKLINGSPLAN, PrintContent
from kartlaggning.storage import Vault
from kartlaggning.storage import prints as pr
from tests.helpers.pdfa_check import violations
from tests.helpers.text_sizes import body_sizes, sizes_of
from tests.test_print_cli import filled, pdf_text, print_registered, run  # noqa: F401 (fixtures)
from tests.test_printouts import INJECTIONS, assert_contains, squash

HEADER = samples.sample_header(logo_png=None)
INFO = dataclasses.replace(samples.sample_info(1), variant=EASY_READ)


def text_of(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def body_lines(pdf: bytes) -> list[str]:
    """The printed lines, without the letterhead and the footer (their lines are the page's)."""
    lines = []
    for page in text_of(pdf).split("Sida "):
        lines += [line.strip() for line in page.splitlines()[5:-2] if line.strip()]
    return lines


def test_rating_in_words():
    assert lattlast.rating_in_words(8) == "8 av 10 – mycket"
    assert lattlast.rating_in_words(0) == "0 av 10 – inte alls"
    assert lattlast.rating_in_words(10) == "10 av 10 – väldigt mycket"
    assert lattlast.rating_in_words(5) == "5 av 10 – ganska mycket"
    assert lattlast.rating_in_words(2, 1, 5) == "2 av 5 – lite"
    assert lattlast.rating_in_words(None) == ""


def test_plan_explains_every_heading_in_plain_swedish():
    plan = samples.sample_plan()
    pdf = lattlast.plan_pdf(plan, HEADER, INFO)
    text = squash(text_of(pdf))
    for heading in ("Mål – det du vill nå", "Delmål – små steg på vägen till målet",
                    "Vem gör vad – det här ska göras, av vem och när",
                    "Uppföljning – när ni ses och pratar om hur det går", "Kontakter – de som hjälper dig",
                    "Överenskommelse – det här lovar ni varandra"):
        assert squash(heading) in text, heading
    for line in lattlast.PLAIN_AGREEMENT:
        assert squash(line) in text
    assert squash(plan.overenskommelse) not in text  # the default agreement: only in plain words
    for d in plan.delmal:
        assert squash(d) in text
    a = plan.ansvarsfordelning[0]
    assert squash(f"Det gör: {a.ansvarig}") in text
    assert squash("Den version som skrivs under är den vanliga planen") in text
    assert "Underskrift" not in text
    assert violations(pdf) == []


def test_a_units_own_agreement_and_a_withdrawn_consent_are_said():
    plan = dataclasses.replace(samples.sample_plan(), overenskommelse="Vi ses varje tisdag på Träffpunkten.")
    text = squash(text_of(lattlast.plan_pdf(plan, HEADER, INFO, consent_withdrawn=date(2026, 11, 2))))
    assert squash("Så här står det i planen:Vi ses varje tisdag på Träffpunkten.") in text
    assert squash("den 2 november 2026 sa du nej till att kommunen och Arbetsförmedlingen") in text


def test_sammanstallning_has_the_areas_in_plain_words_and_the_ratings_in_words():
    k = samples.sample_kartlaggning()
    pdf = lattlast.sammanstallning_pdf(k, samples.sample_participant(), HEADER, INFO)
    text = squash(text_of(pdf))
    assert squash("Hinder och resurser – det som gör det svårt just nu, och det som hjälper dig") in text
    assert squash(f"Hur viktigt är det för dig? Du sa {lattlast.rating_in_words(k.motivation.viktighet)}.") in text
    assert squash(f"Du sa {lattlast.rating_in_words(k.motivation.tilltro)}.") in text
    for key, record in k.areas.items():
        for e in record.hinder + record.resurser:
            if e.text.strip():
                assert squash(e.text) in text, (key, e.text)
        if not record.is_empty:
            assert squash(lattlast.PLAIN_AREAS[key]) in text
    assert squash(k.sammanstallning.text[:80]) in text
    assert violations(pdf) == []


def test_utvecklingsplan_in_plain_words():
    up = samples.sample_utvecklingsplan()
    pdf = lattlast.utvecklingsplan_pdf(up, samples.sample_participant(), HEADER, INFO)
    text = squash(text_of(pdf))
    for heading in ("Ditt ansvar – det här gör du", "Vårt ansvar – det här gör vi på Arbetsmarknadsenheten",
                    "Avstämning – så har det gått"):
        assert squash(heading) in text
    assert squash(up.mitt_ansvar.splitlines()[0]) in text


@pytest.mark.parametrize("which", ["plan", "utvecklingsplan", "sammanstallning"])
def test_text_is_13_pt_and_up_in_short_left_aligned_lines(which):
    participant = samples.sample_participant()
    pdf = {"plan": lambda: lattlast.plan_pdf(samples.sample_plan(), HEADER, INFO),
           "utvecklingsplan": lambda: lattlast.utvecklingsplan_pdf(samples.sample_utvecklingsplan(), participant,
                                                                   HEADER, INFO),
           "sammanstallning": lambda: lattlast.sammanstallning_pdf(samples.sample_kartlaggning(), participant,
                                                                   HEADER, INFO)}[which]()
    lines = body_lines(pdf)
    assert len(lines) > 15
    assert max(len(line) for line in lines) <= 62, max(lines, key=len)  # short lines
    sizes = body_sizes(pdf)  # all text between the letterhead and the footer
    assert len(sizes) > 500 and min(sizes) >= 13
    # left-aligned, ragged right: the lines begin at the margin (or a bullet's indent) and
    # end where their words end, not all at one right edge as justified text would
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0].get_textpage()
        height = doc[0].get_height()
        rects = [page.get_rect(i) for i in range(page.count_rects())]
        body = [r for r in rects if 62 < r[1] and r[3] < height - 80]
        lefts = sorted({round(r[0]) for r in body})
        assert abs(lefts[0] - MARGIN_X) <= 2  # glyph boxes sit a little inside the pen position
        wide = [r for r in body if r[2] - r[0] > 0.6 * lattlast.LINE_W]
        assert len(wide) >= 5 and len({round(r[2]) for r in wide}) > len(wide) / 2
        assert max(r[2] for r in body) <= MARGIN_X + lattlast.LINE_W + 1  # no line runs past the short measure
    finally:
        doc.close()


def test_injection_strings_print_literally():
    plan = dataclasses.replace(samples.sample_plan(), mal=INJECTIONS[0], delmal=list(INJECTIONS),
                               ansvarsfordelning=[Ansvar(INJECTIONS[1], INJECTIONS[2], None)])
    text = text_of(lattlast.plan_pdf(plan, HEADER, INFO))
    for payload in INJECTIONS:
        assert_contains(text, payload)


def test_render_routes_the_variant_and_refuses_it_elsewhere():
    participant = samples.sample_participant()
    for kind, doc, title in ((PLAN, samples.sample_plan(), lattlast.PLAN_TITLE),
                             (UTVECKLINGSPLAN, samples.sample_utvecklingsplan(), "Din utvecklingsplan"),
                             (KARTLAGGNING, samples.sample_kartlaggning(), "Det vi har pratat om")):
        assert title in text_of(render(PrintContent(kind, doc, participant), HEADER, INFO))
    with pytest.raises(ValueError):
        render(PrintContent("kompetenskort", samples.sample_kompetenskort()), HEADER, INFO)


def test_cli_variant_prints_the_same_version_in_easy_read(filled, tmp_path, passphrase, capsys):
    vault_path, participant, plan = filled
    pnr = participant.personnummer
    assert run("--vault", vault_path, "--participant", pnr, "--document", "plan", "--out", tmp_path / "std.pdf") == 0
    assert run("--vault", vault_path, "--participant", pnr, "--document", "plan", "--variant", "lattlast",
               "--out", tmp_path / "ll.pdf") == 0
    assert run("--vault", vault_path, "--participant", pnr, "--document", "plan", "--variant", "stor",
               "--out", tmp_path / "big.pdf") == 0
    easy, big = pdf_text(tmp_path / "ll.pdf"), pdf_text(tmp_path / "big.pdf")
    assert lattlast.PLAN_TITLE in easy and "Mål – det du vill nå" in easy and "Arbete inom lager" in easy
    assert "Version 1" in easy and "Version 1" in big  # the same version: the content did not change
    assert "Individuell plan mot arbete" in big and "Underskrift" in big
    v = Vault.open(vault_path, passphrase)
    try:
        assert [r.version for r in pr.PrintLog(v).versions(plan.id)] == [1]
    finally:
        v.close()
    capsys.readouterr()
    assert run("--vault", vault_path, "--participant", pnr, "--document", "kompetenskort", "--variant", "lattlast",
               "--out", tmp_path / "kk.pdf") == 1
    assert "Det finns ingen lättläst version av kompetenskort" in capsys.readouterr().err  # Swedish by default
    assert not (tmp_path / "kk.pdf").exists()


def test_utvecklingsplan_has_the_own_ratings_in_words_and_the_radar():
    from kartlaggning.models.progress import Progress, RatingLayer
    progress = Progress(layers=[
        RatingLayer(date(2026, 8, 1), 0, 10, egen={"arbete": 3, "fritid": 6}),
        RatingLayer(date(2026, 11, 1), 0, 10, egen={"arbete": 7, "fritid": 6, "sociala": 2})])
    up = samples.sample_utvecklingsplan()
    pdf = lattlast.utvecklingsplan_pdf(up, samples.sample_participant(), HEADER, INFO, progress=progress)
    text = squash(text_of(pdf))
    assert squash("Din självskattning – hur du själv tycker att det går") in text
    assert squash("Jobb – de jobb du har haft och vill ha: 7 av 10 – mycket, bättre än förra gången.") in text
    assert squash("Fritid – det du gör när du är ledig: 6 av 10 – ganska mycket, som förra gången.") in text
    assert squash("Familj, vänner och boende: 2 av 10 – lite.") in text
    assert min(body_sizes(pdf)) >= 13
    assert violations(pdf) == []
    without = squash(text_of(lattlast.utvecklingsplan_pdf(up, samples.sample_participant(), HEADER, INFO)))
    assert "Dinsjälvskattning" not in without
