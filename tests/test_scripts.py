"""Every script the participants write prints: shaped, in reading order, in a font that
has it, and comes back out of the PDF as the same characters; what no bundled font has
prints as a visible placeholder and is listed (printouts.scripts)."""
from __future__ import annotations

import dataclasses
import subprocess
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from kartlaggning.printouts import samples, scripts
from kartlaggning.printouts.common import setup
from kartlaggning.printouts.plan import plan_pdf
from tests.helpers.pdfa_check import violations

HEADER = samples.sample_header(logo_png=None)
NAMES = ("مريم الحسن", "ሰላም ገብረ", "Đặng Thị Hương", "فاطمه پروین", "Łukasz Wróbel", "Çağrı Öztürk",
         "Cabdi Maxamed Xuseen")


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def readable(text: str) -> str:
    """What a reader searches for: presentation forms folded back into letters, the
    direction marks pdftotext puts around a right-to-left run removed."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if unicodedata.category(ch) != "Cf")


def chars_and_fonts(pdf: bytes) -> list[tuple[str, str]]:
    """(character as extracted, the embedded font it is drawn in) for every character."""
    import ctypes
    out = []
    doc = pdfium.PdfDocument(pdf)
    try:
        for page in doc:
            text = page.get_textpage()
            buf = ctypes.create_string_buffer(256)
            for i in range(text.count_chars()):
                code = raw.FPDFText_GetUnicode(text.raw, i)
                if code and chr(code).strip():
                    flags = ctypes.c_int()
                    raw.FPDFText_GetFontInfo(text.raw, i, buf, 256, ctypes.byref(flags))
                    out.append((chr(code), buf.value.decode("latin-1")))
            text.close()
    finally:
        doc.close()
    return out


@pytest.fixture(scope="module")
def cmaps():
    setup()
    return {"DejaVuSans": scripts.coverage()[""], "NotoSansEthiopic": scripts.coverage()["KLEthiopic"]}


@pytest.mark.parametrize("name", NAMES)
def test_a_name_prints_with_every_glyph_and_extracts_in_reading_order(name, tmp_path, cmaps):
    plan = dataclasses.replace(samples.sample_plan(), namn=name, mal=f"Målet för {name} är ett arbete.")
    pdf = plan_pdf(plan, HEADER, samples.sample_info(1))
    text = readable(pdf_text(pdf, tmp_path))
    assert text.count(name) >= 3, text[:300]  # the letterhead, the Namn field, the signature line
    # (pdftotext moves the blanks around a right-to-left run: compare without them)
    assert "".join(f"Målet för {name} är ett arbete.".split()) in "".join(text.split())
    # every character drawn is in the cmap of the embedded font it is drawn in: no .notdef box
    used = 0
    for ch, font in chars_and_fonts(pdf):
        family = font.split("+")[-1].split("-")[0]
        if ch in name or unicodedata.normalize("NFKC", ch) in name:
            assert ord(ch) in cmaps[family], (name, ch, font)
            used += 1
    assert used >= len(name.replace(" ", ""))
    assert violations(pdf) == []


def test_arabic_is_shaped_and_right_to_left(tmp_path):
    """The letters take their joined forms (presentation forms come out of the PDF), and
    the first word read is drawn at the right of the second, after the Swedish label."""
    import re
    setup()
    pdf = plan_pdf(dataclasses.replace(samples.sample_plan(), mal="Namn: مريم الحسن"), HEADER, samples.sample_info(1))
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"], capture_output=True,
                           text=True, check=True).stdout
    words = [(float(x), word) for x, word in re.findall(r'<word xMin="([0-9.]+)"[^>]*>([^<]*)</word>', boxes)]
    label = next(i for i, (_x, w) in enumerate(words) if w == "Namn:" and i + 2 < len(words)
                 and readable(words[i + 1][1])[::-1] in ("مريم", "الحسن"))
    (x0, _w), (x1, first), (x2, second) = words[label:label + 3]
    assert readable(first)[::-1] == "الحسن" and readable(second)[::-1] == "مريم"  # seen left to right
    assert x0 < x1 < x2  # so مريم, read first, stands at the right
    assert first != unicodedata.normalize("NFKC", first), "no joined forms: the Arabic was not shaped"


def test_visual_order_of_words():
    assert scripts.visual_order("Namn: مريم الحسن") == "Namn: الحسن مريم"
    assert scripts.visual_order("مريم الحسن") == "الحسن مريم"
    assert scripts.visual_order("ID 123 مريم x") == "ID 123 مريم x"
    assert scripts.visual_order("مريم 2 الحسن") == "الحسن 2 مريم"  # a number between stays between
    assert scripts.visual_order("مريم Anna الحسن") == "الحسن Anna مريم"
    assert scripts.visual_order("أنا Anna Berg اليوم") == "اليوم Anna Berg أنا"  # LTR words kept in order
    assert scripts.visual_order("Åsa Öberg") == "Åsa Öberg"
    # punctuation read in the paragraph's direction joins the run's far side (written
    # before the word it joins: shaping right to left puts it at that word's right)
    assert scripts.visual_order("Namn: مريم الحسن.") == "Namn: الحسن .مريم"
    assert scripts.visual_order("أنا أعمل في Ikea.") == ".Ikea في أعمل أنا"
    assert scripts.visual_order("مريم, الحسن") == "الحسن مريم,"  # between two Arabic words: Arabic


PUNCTUATED = (("Hon heter مريم الحسن, och hon bor här.", ","), ("Hon heter مريم الحسن.", "."),
              ("Namn: مريم الحسن, ሰላም ገብረ.", ","), ("أنا أعمل في Ikea.", "."))


def char_boxes(pdf: bytes) -> list[tuple[str, float, float]]:
    """(character as extracted, left, right) of every mark on the first page."""
    import ctypes
    doc = pdfium.PdfDocument(pdf)
    try:
        text = doc[0].get_textpage()
        out = []
        for i in range(text.count_chars()):
            code = raw.FPDFText_GetUnicode(text.raw, i)
            left, right, bottom, top = (ctypes.c_double() for _ in range(4))
            raw.FPDFText_GetCharBox(text.raw, i, *map(ctypes.byref, (left, right, bottom, top)))
            if code and chr(code).strip():
                out.append((unicodedata.normalize("NFKC", chr(code)), left.value, right.value))
        text.close()
        return out
    finally:
        doc.close()


@pytest.mark.parametrize("text,mark", PUNCTUATED)
def test_punctuation_after_a_run_in_the_other_direction_stands_where_it_is_read(text, mark):
    """The comma or full stop after an Arabic name in a Swedish sentence stands right of
    the whole name; a full stop after a Swedish word ending an Arabic sentence stands at
    the line's left end (the Unicode rule for neutrals between two directions)."""
    import io

    from reportlab.platypus import SimpleDocTemplate

    from kartlaggning.printouts.common import S, T
    setup()
    buf = io.BytesIO()
    SimpleDocTemplate(buf).build([T(text, S.body)])
    boxes = char_boxes(buf.getvalue())
    arabic = [b for b in boxes if scripts.has_rtl(b[0])]
    first_mark = next(b for b in boxes if b[0] == mark)
    if text.startswith("أنا"):
        assert first_mark[2] <= min(b[1] for b in boxes if b is not first_mark) + 0.5  # leftmost of all
    else:
        assert first_mark[1] >= max(b[2] for b in arabic) - 0.5  # right of every Arabic letter


def test_what_no_font_has_prints_as_a_placeholder_and_is_listed(tmp_path):
    name = "Anna 😀 𐎀 Berg"
    assert scripts.missing([name, "Åsa ሰላም مريم"]) == ["😀", "𐎀"]
    pdf = plan_pdf(dataclasses.replace(samples.sample_plan(), namn=name), HEADER, samples.sample_info(1))
    text = pdf_text(pdf, tmp_path)
    assert f"Anna {scripts.PLACEHOLDER} {scripts.PLACEHOLDER} Berg" in text
    assert "😀" not in text and "ὠ" not in text  # nothing wrong comes out either


def test_no_shaping_for_text_that_needs_none():
    """Swedish text keeps its ligature-free letters and is laid out without HarfBuzz."""
    from kartlaggning.printouts.common import S, T, shaping_style
    setup()
    assert shaping_style("Exempelstad", S.body) is S.body
    assert shaping_style("مريم", S.body).shaping == 1
    assert T("Kontaktlista", S.body).style is S.body


def test_a_word_in_two_fonts_keeps_each_glyph_in_its_font(tmp_path):
    """ "ገብረ," in a paragraph that is shaped (it has Arabic too): the comma is DejaVu's,
    not a box from the Ethiopic font."""
    setup()
    pdf = plan_pdf(dataclasses.replace(samples.sample_plan(), mal="مريم och ሰላም ገብረ, Anna"), HEADER,
                   samples.sample_info(1))
    fonts = scripts.coverage()
    drawn = chars_and_fonts(pdf)
    start = next(i for i, (ch, _f) in enumerate(drawn) if ch == "ረ" and drawn[i + 1][0] == ",")
    (ch, ethiopic), (comma, base) = drawn[start], drawn[start + 1]
    assert "NotoSansEthiopic" in ethiopic and "DejaVuSans" in base
    assert ord(ch) in fonts["KLEthiopic"] and ord(comma) in fonts[""]


ARABIC = ("مريم تريد أن تعمل في مطبخ مطعم كبير لأنها تحب الطبخ كثيرا. "
          "عملت سابقا في مخبز في حلب لمدة خمس سنوات. "
          "تحتاج إلى دورة في اللغة السويدية قبل أن تبدأ التدريب. "
          "زوجها يعتني بالأطفال في الصباح ولذلك تستطيع العمل من الثامنة.")


def _doc_text(flowables, tmp_path: Path, *, bbox: bool = False) -> str:
    """pdftotext's text (or its word boxes) of *flowables* set on A4 pages."""
    from reportlab.platypus import SimpleDocTemplate
    path = tmp_path / "flow.pdf"
    SimpleDocTemplate(str(path)).build(flowables)
    args = ["pdftotext", *(["-bbox"] if bbox else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def _squeezed(text: str) -> str:
    return "".join(readable(text).split())


def _lines_of_words(boxes: str) -> list[list[str]]:
    """pdftotext -bbox words grouped in lines (top down), each line left to right."""
    import re
    words = [(round(float(y)), float(x), w) for x, y, w in
             re.findall(r'<word xMin="([0-9.]+)" yMin="([0-9.]+)"[^>]*>([^<]*)</word>', boxes)]
    return [[w for _y, _x, w in sorted(ws for ws in words if ws[0] == y)] for y in sorted({w[0] for w in words})]


def test_a_long_arabic_paragraph_wraps_in_reading_order_and_aligns_right(tmp_path):
    """Lines broken in reading order: the first line holds the first words, each line
    reads right to left, and the paragraph stands at the right margin."""
    import re
    from kartlaggning.printouts.common import S, T
    setup()
    para = T(ARABIC, S.body)
    assert type(para).__name__ == "BidiParagraph"
    boxes = _doc_text([para], tmp_path, bbox=True)
    words = [(float(x0), float(x1), float(y), w) for x0, y, x1, w in
             re.findall(r'<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)"[^>]*>([^<]*)</word>', boxes)]
    lines = sorted({round(y) for _a, _b, y, _w in words})
    assert len(lines) >= 3
    first_line = sorted((w for w in words if round(w[2]) == lines[0]), key=lambda w: -w[1])  # right to left
    assert readable(first_line[0][3])[::-1] == "مريم" and readable(first_line[1][3])[::-1] == "تريد"
    last_line = sorted((w for w in words if round(w[2]) == lines[-1]), key=lambda w: w[0])
    assert readable(last_line[0][3])[::-1].rstrip(".") == "الثامنة"  # the last word read: at the left
    right_edges = {round(max(x1 for _x0, x1, y, _w in words if round(y) == line)) for line in lines}
    assert max(right_edges) - min(right_edges) <= 2  # right-aligned
    assert _squeezed(ARABIC) in _squeezed(_doc_text([T(ARABIC, S.body)], tmp_path))


def test_swedish_text_quoting_arabic_wraps_in_reading_order(tmp_path):
    from kartlaggning.printouts.common import S, T
    setup()
    text = f"Hon säger själv: {ARABIC} Det vill hon börja med i vår."
    lines = _lines_of_words(_doc_text([T(text, S.body)], tmp_path, bbox=True))
    first, last = lines[0], lines[-1]
    assert [w for w in first[:3]] == ["Hon", "säger", "själv:"]  # a Swedish paragraph: from the left
    assert readable(first[-1])[::-1] == "مريم"  # the quote's first word read stands at its right
    assert last[-1] == "vår."


def test_a_right_to_left_text_split_across_pages_keeps_its_order(tmp_path):
    from reportlab.lib.units import mm

    from kartlaggning.printouts.common import S, T
    setup()
    long_text = " ".join([ARABIC] * 40)
    para = T(long_text, S.body)
    para.wrap(150 * mm, 10_000)
    head, rest = para.split(150 * mm, 5 * S.body.leading)
    assert head._source.split() + rest._source.split() == long_text.split()
    assert head.wrap(150 * mm, 10_000)[1] == 5 * S.body.leading
    out = _doc_text([T(long_text, S.body)], tmp_path)
    assert out.count("\f") >= 2  # more than one page
    assert _squeezed(long_text) in _squeezed(out)


def test_lines_of_a_text_each_take_their_own_direction(tmp_path):
    """In free text, a Persian line longer than the page's width right-aligned, the
    Swedish line under it left, and a short Persian line where every text starts."""
    from reportlab.lib.units import mm

    from kartlaggning.printouts.common import S, text_block
    setup()
    persian = " ".join(["این یک متن فارسی است که ادامه دارد"] * 4)
    parts = text_block(f"{persian}\nOch en rad på svenska.\nاین یک متن فارسی است", S.body)
    for p in parts:
        p.wrap(150 * mm, 1000)
    assert [p.style.alignment for p in parts] == [2, 0, 0]  # TA_RIGHT, TA_LEFT, TA_LEFT
    assert parts[0].style.spaceAfter == 0 and parts[2].style.spaceAfter == S.body.spaceAfter


def test_a_form_field_lays_out_each_line_in_its_own_direction():
    """A value of lines: each in its own direction; a right-to-left value of one line
    starts where the label does."""
    from reportlab.lib.units import mm

    from kartlaggning.printouts.common import field_cell
    setup()
    label, *value = field_cell("Övrigt", "Hon skriver själv:\n" + ARABIC)
    for p in value:
        p.wrap(80 * mm, 1000)
    assert [p.style.alignment for p in value] == [0, 2]  # TA_LEFT, TA_RIGHT: a paragraph of lines
    assert type(value[1]).__name__ == "BidiParagraph"
    label, name = field_cell("Namn", "مريم الحسن")
    name.wrap(80 * mm, 1000)
    assert name.style.alignment == 0  # a name on one line: under its label, like every value
    name.wrap(14 * mm, 1000)
    assert name.style.alignment == 2  # in a box too narrow for it: two lines, at the right


def test_latin_text_printed_without_a_look_at_each_letter_is_all_in_the_base_font():
    """``scripts._LATIN`` (Latin up to Extended-B) skips the per-letter font choice: the
    base font must have every one of those characters, all read left to right."""
    setup()
    base = scripts.coverage()[""]
    latin = [chr(c) for c in (*range(0x20, 0x7f), *range(0xa0, 0x250))]
    assert scripts._LATIN.fullmatch("".join(latin))
    assert [ch for ch in latin if ord(ch) not in base] == []
    assert not any(scripts.has_rtl(ch) for ch in latin)
    assert scripts.markup("Åsa & <Öberg>\nrad två") == "Åsa &amp; &lt;Öberg&gt;<br/>rad två"


def test_a_long_arabic_hinder_prints_in_reading_order_with_its_samtal(tmp_path):
    """A hinder in Arabic, longer than its column, in the kartläggning: its bullet and
    first words on the first line, at the right, its last word and the samtal it came
    from on the last line."""
    import re

    from kartlaggning.printouts import kartlaggning_pdf
    from kartlaggning.printouts.common import S, entry_item
    setup()
    k = samples.sample_kartlaggning()
    record = next(r for r in k.areas.values() if r.hinder and r.hinder[0].samtal_id)
    record.hinder[0] = dataclasses.replace(record.hinder[0], text=ARABIC)
    n = k.samtal_number(record.hinder[0].samtal_id)
    item = entry_item(ARABIC, record.hinder[0], S.bullet, n)
    assert type(item).__name__ == "BidiParagraph"
    lines = _lines_of_words(_doc_text([item], tmp_path, bbox=True))
    assert lines[0][-1] == "•" and readable(lines[0][-2])[::-1] == "مريم"
    assert lines[-1][:2] == ["(samtal", f"{n})"]
    boxes = char_boxes((tmp_path / "flow.pdf").read_bytes())
    bullet = next(b for b in boxes if b[0] == "•")
    assert bullet[1] > max(b[2] for b in boxes if scripts.has_rtl(b[0]))  # the bullet where the item begins
    pdf = kartlaggning_pdf(k, samples.sample_participant(), HEADER, samples.sample_info(), samples.HANDLAGGARE)
    path = tmp_path / "k.pdf"
    path.write_bytes(pdf)
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout
    ys = {readable(w)[::-1].rstrip("."): float(y) for y, w in
          re.findall(r'<word xMin="[0-9.]+" yMin="([0-9.]+)"[^>]*>([^<]*)</word>', boxes)}
    assert ys["مريم"] < ys["تريد"] + 1 < ys["الثامنة"]  # first words above, the last one below


def test_a_short_arabic_hinder_keeps_its_small_source_after_it():
    """On one line, the entry is the form's usual item: the Arabic word, then the samtal it
    came from, small and grey, to its right."""
    import io

    from reportlab.platypus import SimpleDocTemplate

    from kartlaggning.printouts.common import S, entry_item
    setup()
    k = samples.sample_kartlaggning()
    entry = next(r for r in k.areas.values() if r.hinder and r.hinder[0].samtal_id).hinder[0]
    buf = io.BytesIO()
    SimpleDocTemplate(buf).build([entry_item("الظهر", entry, S.bullet, 2)])
    boxes = char_boxes(buf.getvalue())
    arabic = [b for b in boxes if scripts.has_rtl(b[0])]
    source = next(b for b in boxes if b[0] == "s")  # "(samtal 2)"
    assert source[1] > max(b[2] for b in arabic)
    doc = pdfium.PdfDocument(buf.getvalue())
    text = doc[0].get_textpage()
    sizes = {round(raw.FPDFText_GetFontSize(text.raw, i), 1) for i in range(text.count_chars())
             if chr(raw.FPDFText_GetUnicode(text.raw, i)) in "samtl"}
    text.close()
    doc.close()
    assert sizes == {S.label.fontSize}


def test_a_persian_word_with_a_non_joiner_and_a_no_break_space_keep_the_fast_layout():
    """می‌کند (with U+200C) is one word, "samtal\u00a02" stays together: the paragraph
    is laid out by BidiParagraph, not handed to the slower path."""
    from reportlab.lib.units import mm

    from kartlaggning.printouts.common import S, T
    setup()
    para = T(" ".join(["او در آشپزخانه کار می‌کند"] * 8) + " (samtal\u00a02)", S.body)
    para.wrap(60 * mm, 10_000)
    assert para._delegate is None and len(para.blPara.lines) > 2
    assert "(samtal\u00a02)" in para._texts


def test_a_paragraph_on_the_slower_path_splits_at_the_lines_it_measured():
    """A right-to-left paragraph reportlab must cut a word of (the slower path) splits
    at the lines of its last wrap, as reportlab's own paragraphs do: a table cell asks
    at a width a little wider than it measured at (its padding), and a split into one
    piece there made reportlab's table fail (IndexError)."""
    from kartlaggning.printouts.common import S, T
    setup()
    para = T(" ".join([f"مريم تريد أن تعمل {'ا' * 90}"] * 12), S.cell)
    width, height = para.wrap(130, 10_000)
    assert para._delegate is not None
    parts = para.split(width + 8, height - 2.5 * S.cell.leading)
    assert len(parts) == 2


def test_a_resolved_hinder_prints_when_and_how_after_its_text(tmp_path):
    """In Swedish (the note in italics after the text) and after a long Arabic hinder (as
    part of its text, read last)."""
    from datetime import date

    from kartlaggning.printouts import kartlaggning_pdf
    setup()
    k = samples.sample_kartlaggning()
    record = next(r for r in k.areas.values() if len(r.hinder) >= 2 and r.hinder[0].samtal_id)
    record.hinder[0] = dataclasses.replace(record.hinder[0], lost_datum=date(2027, 2, 2), lost_orsak="KBT & stöd")
    record.hinder[1] = dataclasses.replace(record.hinder[1], text=ARABIC, lost_datum=date(2027, 3, 3),
                                           lost_orsak="Hon fick en kurs")
    pdf = kartlaggning_pdf(k, samples.sample_participant(), HEADER, samples.sample_info(), samples.HANDLAGGARE)
    text = " ".join(readable(pdf_text(pdf, tmp_path)).split())
    assert "– löst 2 februari 2027: KBT & stöd" in text
    assert "– löst 3 mars 2027: Hon fick en kurs" in text


def _boxes_of(flowables) -> list[tuple[str, float, float]]:
    import io

    from reportlab.platypus import SimpleDocTemplate
    buf = io.BytesIO()
    SimpleDocTemplate(buf).build(flowables)
    return char_boxes(buf.getvalue())


@pytest.mark.parametrize("text,seen", [
    ("عمري ١٢٣ سنة و 2027م", "2027١٢٣"),  # each number read left to right, the later one further left
    ("الهاتف:0701234567 غرفة-12", "120701234567"),
    ("رقم (12) هنا", "12"),
    ("Hon bor i شارع الملك 12 nu", "12"),
])
def test_numbers_in_right_to_left_text_read_left_to_right(text, seen):
    from kartlaggning.printouts.common import S, T
    setup()
    boxes = _boxes_of([T(text, S.body)])
    assert "".join(ch for ch, _l, _r in sorted(boxes, key=lambda b: b[1]) if ch.isdigit()) == seen
    if "(" in text:  # the brackets face the number, as seen (text extraction mirrors them back)
        assert scripts.pieces("(12)") == [("(", False), ("12", False), (")", False)]
    if text.startswith("Hon"):  # a number after Arabic in a Swedish sentence ends the Arabic: at its left
        arabic = [b for b in boxes if scripts.has_rtl(b[0])]
        assert max(b[2] for b in boxes if b[0].isdigit()) < min(b[1] for b in arabic)


def test_an_ampersand_or_a_long_word_keeps_the_reading_order(tmp_path):
    """"&" (an entity in the markup) does not send the paragraph to the slower layout, nor
    an e-mail address too long for a narrow column: reportlab's pieces of it come line by
    line in reading order, each line still right to left. An Arabic word too long for the
    column does, for that width only."""
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable

    from kartlaggning.printouts.common import S, T
    setup()
    para = T(f"أولا {ARABIC} & {ARABIC} أخيرا", S.body)
    para.wrap(200, 10_000)
    assert para._delegate is None and len(para.blPara.lines) > 3
    mail = "maria.lindqvist@exempelstad.se"
    para = T(f"{ARABIC} {mail} {ARABIC}", S.cell)
    table = LongTable([[[para], T("x", S.cell)]], colWidths=[38 * mm, 100 * mm])
    lines = _lines_of_words(_doc_text([table], tmp_path, bbox=True))
    assert para._delegate is None
    pieces = [w for line in lines for w in line if w.isascii() and w != "x"]
    assert "".join(pieces) == mail  # top to bottom
    line = next(line for line in lines if line[-1] == pieces[-1])  # the address's end: read first, at the right
    assert len(line) > 1 and not line[0].isascii()
    para = T(f"{ARABIC} {'ا' * 90} {ARABIC}", S.body)
    para.wrap(100, 10_000)
    assert para._via_delegate
    para.wrap(450, 10_000)
    assert not para._via_delegate and para.style.alignment == 2


def test_a_wrapped_right_to_left_item_in_lattlast_stays_in_its_column():
    from reportlab.lib.units import mm

    from kartlaggning.printouts import lattlast
    setup()
    lattlast._Easy.init()
    item = lattlast._bullets([ARABIC])[0]
    boxes = _boxes_of([item])
    bullet = next(b for b in boxes if b[0] == "•")
    from reportlab.rl_config import defaultPageSize
    frame_width = defaultPageSize[0] - 2 * 72  # SimpleDocTemplate's: margins of an inch
    column_right = 72 + frame_width - lattlast._Easy.bullet.rightIndent
    assert bullet[2] <= column_right + 0.5 and bullet[2] > column_right - 5 * mm
    assert max(b[2] for b in boxes if scripts.has_rtl(b[0])) < bullet[1]


@pytest.mark.parametrize("text,seen", [("عمري ١٢٣ سنة ሰላም", "١٢٣"), ("في عام 2027م بدأت ሰላም", "2027"),
                                       ("الهاتف:0701234567 ሰላም", "0701234567")])
def test_numbers_read_left_to_right_on_the_slower_layout_too(text, seen):
    """A paragraph with Tigrinya (a second font) takes the layout that shapes whole words:
    the digits are turned beforehand so that HarfBuzz's right-to-left layout reads them right."""
    from kartlaggning.printouts.common import S, T
    setup()
    para = T(text, S.body)
    assert type(para).__name__ != "BidiParagraph"
    boxes = _boxes_of([para])
    assert "".join(ch for ch, _l, _r in sorted(boxes, key=lambda b: b[1]) if ch.isdigit()) == seen
    assert scripts.for_harfbuzz("2027م") == "7202م" and scripts.for_harfbuzz("Åsa 12") == "Åsa 12"


def test_a_paragraph_that_begins_with_a_word_cut_over_lines_still_splits_across_pages(tmp_path):
    """Where the lines that fit hold only pieces of the first word, reportlab's layout
    splits it: never an empty first part (the same paragraph again on every page)."""
    from kartlaggning.printouts.common import S, T
    setup()
    para = T("x" * 200 + " " + ARABIC, S.body)
    para.wrap(60, 10_000)
    head, rest = para.split(60, 3 * S.body.leading)
    assert head.wrap(60, 10_000)[1] <= 3 * S.body.leading and "x" in head.getPlainText()
    out = _doc_text([T("x" * 4000 + " " + ARABIC, S.cell)], tmp_path)  # taller than a page at that width
    assert out.count("x") == 4000
