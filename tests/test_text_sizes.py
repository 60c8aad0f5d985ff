"""Readable by the participant: on every document, body text is at least 11 pt and every
label at least 9 pt; large print makes the body at least 14 pt, lättläst at least 13 pt. Measured from the PDFs'
text (pdfium), not from the styles the code asks for."""
from __future__ import annotations

import dataclasses

import pytest

from kartlaggning.printouts import samples
from kartlaggning.printouts.meta import EASY_READ, LARGE, STANDARD
from kartlaggning.printouts.render import print_info, render
from tests.helpers.demo_prints import KIND_VARIANTS, TODAY, demo_print_contents
from tests.helpers.text_sizes import char_sizes, sizes_of

HEADER = samples.sample_header()
BODY_MIN = {STANDARD: 11, LARGE: 14, EASY_READ: 13}
LABEL_MIN = 9
NOT_BODY = {"namn", "personnummer", "id", "participant_id"}  # names repeat in the letterhead (9 pt there)


@pytest.fixture(scope="module")
def demo_contents(tmp_path_factory):
    return demo_print_contents(tmp_path_factory.mktemp("sizes") / "demo.kvault")[0]


def user_texts(obj, found: list[str] | None = None, depth: int = 0) -> list[str]:
    """The free texts someone typed into *obj* (a model object), longest first."""
    found = [] if found is None else found
    if depth > 6:
        return found
    if dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if isinstance(value, str):
                if f.name not in NOT_BODY and len(value.strip()) >= 12:
                    found.append(value.strip().split("\n")[0][:60])
            else:
                user_texts(value, found, depth + 1)
    elif isinstance(obj, (list, tuple)):
        for item in obj:
            user_texts(item, found, depth + 1)
    elif isinstance(obj, dict):
        for item in obj.values():
            user_texts(item, found, depth + 1)
    return found


@pytest.mark.parametrize("kind,variant", KIND_VARIANTS)
def test_body_and_label_sizes_as_printed(demo_contents, kind, variant):
    contents = demo_contents[kind]
    assert contents
    content = max(contents, key=lambda c: len(user_texts(c)))  # the fullest one
    info = dataclasses.replace(print_info(1, TODAY, "1a2b3c4d"), variant=variant)
    pdf = render(content, HEADER, info)
    sizes = [s for _c, s in char_sizes(pdf)]
    assert min(sizes) >= LABEL_MIN, f"smallest text {min(sizes)} pt"
    checked = 0
    for text in user_texts(content):
        found = sizes_of(pdf, text)
        if found:
            checked += 1
            assert min(found) >= BODY_MIN[variant], (text, min(found))
    assert checked >= 2, f"too few of the document's texts found in the {kind} print"


def test_the_measure_sees_small_text():
    """The measurement is of the PDF: a 7.5 pt label is read as 7.5 pt."""
    from reportlab.pdfgen.canvas import Canvas
    import io
    from kartlaggning.printouts.common import FONT, setup
    setup()
    buf = io.BytesIO()
    canvas = Canvas(buf, initialFontName=FONT)
    canvas.setFont(FONT, 7.5)
    canvas.drawString(72, 72, "Etikett")
    canvas.save()
    assert {s for _c, s in char_sizes(buf.getvalue())} == {7.5}
    assert sizes_of(buf.getvalue(), "Etikett") == [7.5] * 7
