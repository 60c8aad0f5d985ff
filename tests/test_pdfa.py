"""Every document kind is PDF/A-2b by the structural rules of tests/helpers/pdfa_check.py,
has a file identifier of its own per participant and version, and bookmarks."""
from __future__ import annotations

import dataclasses
import io

import pytest
from pypdf import PdfReader

from kartlaggning.models.printed import KARTLAGGNING
from kartlaggning.printouts import pdfa, samples
from kartlaggning.printouts.meta import VARIANTS
from kartlaggning.printouts.render import print_info, render
from tests.helpers.demo_prints import KIND_VARIANTS, KINDS, TODAY, demo_print_contents
from tests.helpers.pdfa_check import violations, xmp_properties

HEADER = samples.sample_header(logo_png=None)


@pytest.fixture(scope="module")
def demo_contents(tmp_path_factory):
    return demo_print_contents(tmp_path_factory.mktemp("pdfa") / "demo.kvault")


def _pdf(content, version: int = 1) -> bytes:
    return render(content, HEADER, print_info(version, TODAY, "1a2b3c4d"))


@pytest.mark.parametrize("kind,variant", KIND_VARIANTS)
def test_every_kind_keeps_the_pdfa_rules(demo_contents, kind, variant):
    contents = demo_contents[0][kind]
    assert contents, f"the demo has no {kind}"
    pdf = render(contents[0], HEADER, dataclasses.replace(print_info(1, TODAY, "1a2b3c4d"), variant=variant))
    assert violations(pdf) == []
    assert b"Helvetica" not in PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data()
    assert xmp_properties(PdfReader(io.BytesIO(pdf)))["dc:title"]


def test_the_register_extract_keeps_the_pdfa_rules(demo_contents):
    from kartlaggning.printouts.registerutdrag import registerutdrag_pdf
    assert violations(registerutdrag_pdf(demo_contents[1], HEADER)) == []


def _file_id(pdf: bytes) -> bytes:
    return bytes(PdfReader(io.BytesIO(pdf)).trailer["/ID"][0].original_bytes)


@pytest.mark.parametrize("kind", KINDS)
def test_file_identifier_differs_between_participants_and_versions(demo_contents, kind):
    contents = demo_contents[0][kind]
    first = _pdf(contents[0])
    assert _file_id(first) == _file_id(_pdf(contents[0])), "the same print gives the same file"
    assert _file_id(first) != _file_id(_pdf(contents[0], version=2))
    if len(contents) > 1:
        assert _file_id(first) != _file_id(_pdf(contents[1]))
    else:  # one participant has this kind: the same document for another person
        other = dataclasses.replace(contents[0].participant, id="x", namn="Ada Annan",
                                    personnummer="198001019802") if contents[0].participant else None
        if other is not None:
            assert _file_id(first) != _file_id(_pdf(dataclasses.replace(contents[0], participant=other)))


def test_reportlabs_shared_identifier_is_gone():
    plan = samples.sample_plan()
    from kartlaggning.printouts import plan_pdf
    a = plan_pdf(plan, HEADER, samples.sample_info(1))
    b = plan_pdf(dataclasses.replace(plan, id="another"), HEADER, samples.sample_info(1))
    assert b"ReportLab generated PDF document -- digest" not in a
    assert _file_id(a) == _file_id(plan_pdf(plan, HEADER, samples.sample_info(1)))
    assert _file_id(a) != _file_id(plan_pdf(plan, HEADER, samples.sample_info(2)))
    del b


def test_long_documents_have_bookmarks_for_their_sections(demo_contents):
    pdf = _pdf(demo_contents[0][KARTLAGGNING][0])
    reader = PdfReader(io.BytesIO(pdf))

    def titles(items, depth=0):
        for item in items:
            if isinstance(item, list):
                yield from titles(item, depth + 1)
            else:
                yield depth, item.title, reader.get_destination_page_number(item)

    marks = list(titles(reader.outline))
    assert any(t.startswith("Kartläggning – individfaktorer") for _d, t, _p in marks), marks
    assert any(d == 1 for d, _t, _p in marks), "headings sit under their page part"
    pages = [p for _d, _t, p in marks]
    assert pages == sorted(pages) and pages[-1] > 0, "each bookmark points at its own page"
    for _depth, title, page in marks:
        assert title.split()[0] in reader.pages[page].extract_text()


def test_xmp_escapes_the_units_name_and_matches_the_info():
    header = dataclasses.replace(HEADER, enhet='Enhet <A & "B">')
    from kartlaggning.printouts import plan_pdf
    pdf = plan_pdf(samples.sample_plan(), header, samples.sample_info())
    assert violations(pdf) == []
    assert xmp_properties(PdfReader(io.BytesIO(pdf)))["dc:creator"].startswith('Enhet <A & "B">')


def test_the_icc_profile_is_srgb():
    from PIL import ImageCms
    icc = pdfa.srgb_profile()
    assert icc[36:40] == b"acsp" and icc[16:20] == b"RGB "
    assert ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(icc))).startswith("sRGB")


def test_the_checker_finds_what_plain_reportlab_leaves_out():
    """The rules fail on an ordinary reportlab PDF (the state before PDF/A): a check
    that cannot fail would prove nothing."""
    from reportlab.pdfgen.canvas import Canvas
    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=1)
    canvas.drawString(72, 72, "Hej")
    canvas.save()
    found = " | ".join(violations(buf.getvalue()))
    for rule in ("6.2.3", "6.2.11.4 font /Helvetica", "6.6.2.1"):
        assert rule in found, found
