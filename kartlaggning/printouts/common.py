"""Shared parts of the printouts: fonts, styles, the escape helper, page frame
(letterhead, footer with "Sida X av Y"), form-like building blocks and the
signature block.

Rules kept here so the document modules cannot forget them:

* Every user string reaches reportlab markup only through ``esc`` (Paragraph
  parses markup: ``<img src=...>`` would make reportlab open a file).
  Strings drawn straight on the canvas go through ``plain`` (no markup there).
* Rendering is in memory (``io.BytesIO``); the fonts are read by us from the
  package resources and handed to reportlab as bytes.
* Output is deterministic: ``invariant=1`` and the creation date is taken
  from ``PrintInfo.printed``.
"""
from __future__ import annotations

import io
import re
import threading
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, KeepTogether, LongTable,
                                PageTemplate, Paragraph, Spacer, Table, TableStyle)

from .. import resources
from ..models.personnummer import format_stored
from . import bidi, scripts
from .meta import EASY_READ, LARGE, PrintInfo, UnitHeader, content_hash, is_png

# --------------------------------------------------------------------------- resources

FONT = "KLSans"
FONT_BOLD = "KLSans-Bold"
_FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}
_font_lock = threading.Lock()
_fonts_ready = False


def register_fonts() -> None:
    """Register the bundled DejaVu Sans (regular + bold) once per process."""
    global _fonts_ready
    with _font_lock:
        if _fonts_ready:
            return
        for name, filename in _FONT_FILES.items():
            data = resources.read_bytes(f"fonts/{filename}")
            pdfmetrics.registerFont(TTFont(name, io.BytesIO(data), shapable=True))  # Arabic joins
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                      boldItalic=FONT_BOLD)
        scripts.register()
        _fonts_ready = True


# --------------------------------------------------------------------------- text helpers

# C0/C1 control characters except tab and newline, and lone surrogates: no place on paper.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n+")


def _clean(value) -> str:
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _CONTROL.sub("", text)
    return text.replace("\t", "    ")


def esc(value) -> str:
    """User text -> reportlab Paragraph markup that prints literally.

    The one and only way user strings enter markup. NFC-normalizes (combining
    accents print as one glyph), drops control characters, escapes ``& < >``,
    turns newlines into ``<br/>``, and puts each script in a font that has it and
    right-to-left words in reading order (``printouts.scripts``).
    """
    return scripts.markup(_clean(value))


def plain(value) -> str:
    """User text for ``canvas.drawString``: one line, no markup involved."""
    return " ".join(_clean(value).split())


def sv_date(d: date | None) -> str:
    """``22 november 2026`` (Swedish long date), empty for None."""
    if d is None:
        return ""
    from babel.dates import format_date
    if isinstance(d, datetime):
        d = d.date()
    return format_date(d, "long", locale="sv_SE")


def sv_time(t: time | None) -> str:
    return "" if t is None else f"{t.hour:02d}:{t.minute:02d}"


def pnr(digits: str) -> str:
    """Personnummer as printed: ``ÅÅÅÅMMDD-NNNN``."""
    return format_stored((digits or "").strip())


def break_at_slashes(text: str, style: ParagraphStyle, width: float) -> str:
    """*text* free to break after a slash ("Närvaro/ punktlighet") where it is wider than
    *width* in *style* (large print); reportlab would cut it inside a word instead."""
    if pdfmetrics.stringWidth(text, style.fontName, style.fontSize) <= width:
        return text
    return text.replace("/", "/ ")


def has_text(value) -> bool:
    return bool(value and str(value).strip())


def interpreter_text(samtal) -> str:
    """``Ja, arabiska`` / ``Ja`` / ``Nej``: the Tolk cell of one samtal."""
    if not samtal.tolk_narvarande:
        return "Nej"
    return f"Ja, {samtal.tolk_sprak.strip()}" if has_text(samtal.tolk_sprak) else "Ja"


def interpreter_sentence(samtal: list) -> str:
    """"Samtal 2 och 3 hölls med tolk (arabiska)." for the samtal that had an interpreter,
    "" when none had. Plain text (escape it)."""
    with_tolk = [(i, s) for i, s in enumerate(samtal, 1) if s.tolk_narvarande]
    if not with_tolk:
        return ""
    languages = list(dict.fromkeys(s.tolk_sprak.strip() for _i, s in with_tolk if has_text(s.tolk_sprak)))
    said = f" ({join_words(languages)})" if languages else ""
    if len(with_tolk) == len(samtal) and len(samtal) > 1:
        return f"Alla samtal hölls med tolk{said}."
    numbers = join_words([str(i) for i, _s in with_tolk])
    return f"Samtal {numbers} hölls med tolk{said}."


def join_words(words: list[str]) -> str:
    """["a", "b", "c"] -> "a, b och c"."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " och " + words[-1]


def resolved_text(entry) -> str:
    """`` – löst 3 mars 2027: <how>`` (plain text) for a hinder no longer one, else ""."""
    if entry.lost_datum is None and not has_text(entry.lost_orsak):
        return ""
    when = f" {sv_date(entry.lost_datum)}" if entry.lost_datum is not None else ""
    how = f": {entry.lost_orsak.strip()}" if has_text(entry.lost_orsak) else ""
    return f" – löst{when}{how}"


def resolved_note(entry) -> str:
    """``resolved_text`` as escaped markup, in italics."""
    text = resolved_text(entry)
    return f" <i>{esc(text.lstrip())}</i>" if text else ""


# --------------------------------------------------------------------------- look

PAGE_W, PAGE_H = A4
MARGIN_X = 20 * mm
CONTENT_W = PAGE_W - 2 * MARGIN_X
FRAME_TOP = PAGE_H - 33 * mm
FRAME_BOTTOM = 22 * mm

INK = colors.HexColor("#1B1B1B")
MUTED = colors.HexColor("#5C6166")
ACCENT = colors.HexColor("#1F3A5F")
RULE = colors.HexColor("#8C9196")
HAIR = colors.HexColor("#B4B9BE")
TINT = colors.HexColor("#EDF1F5")
MARK = colors.HexColor("#1F3A5F")

GRID_W = 0.5
LINE_W = 0.6


# Text sizes: body text at least 11 pt and labels at least 9 pt on every document
# (measured back from the PDFs by tests/test_text_sizes.py). ``setup(scale=...)``
# enlarges them all for large print.
BODY_PT = 11
LABEL_PT = 9
LARGE_PRINT = 1.3  # large print: body 14.3 pt
EASY_READ_SCALE = 13 / 11  # lättläst: body 13 pt


def _style(name, scale: float = 1.0, **kw) -> ParagraphStyle:
    base = dict(fontName=FONT, fontSize=BODY_PT, leading=15, textColor=INK)
    base.update(kw)
    for key in ("fontSize", "leading", "spaceBefore", "spaceAfter", "leftIndent", "bulletIndent",
                "bulletFontSize"):
        if key in base:
            base[key] = base[key] * scale
    return ParagraphStyle(name, **base)


class S:
    """Paragraph styles (built after the fonts are registered, again when the scale changes)."""
    body = title = subtitle = h2 = h3 = label = value = cell = th = small = bullet = None
    sig_role = sig_name = num = center = mark = section = area = cross_label = th_center = None
    scale: float | None = None

    @classmethod
    def init(cls, scale: float = 1.0) -> None:
        if cls.scale == scale:
            return
        cls.scale = scale

        def st(name, **kw):
            return _style(name, scale, **kw)
        cls.body = st("KLBody", spaceAfter=5)
        cls.title = st("KLTitle", fontName=FONT_BOLD, fontSize=18, leading=22, textColor=ACCENT,
                       spaceAfter=2 * mm)
        cls.subtitle = st("KLSubtitle", fontSize=BODY_PT, leading=14.5, textColor=MUTED, spaceAfter=4 * mm)
        cls.h2 = st("KLH2", fontName=FONT_BOLD, fontSize=13, leading=17, textColor=ACCENT,
                    spaceBefore=6 * mm, spaceAfter=2 * mm)
        cls.h3 = st("KLH3", fontName=FONT_BOLD, fontSize=BODY_PT, leading=14.5, spaceBefore=3.5 * mm,
                    spaceAfter=1.2 * mm)
        cls.label = st("KLLabel", fontSize=LABEL_PT, leading=11, textColor=MUTED)
        cls.value = st("KLValue", fontSize=BODY_PT, leading=14)
        cls.cell = st("KLCell", fontSize=BODY_PT, leading=14, spaceAfter=2)
        cls.th = st("KLTh", fontName=FONT_BOLD, fontSize=9.5, leading=12)
        cls.small = st("KLSmall", fontSize=LABEL_PT, leading=11.5, textColor=MUTED)
        cls.bullet = st("KLBullet", fontSize=BODY_PT, leading=14, leftIndent=10, bulletIndent=0,
                        bulletFontName=FONT, bulletFontSize=BODY_PT, spaceAfter=3)
        cls.section = st("KLSection", fontName=FONT_BOLD, fontSize=15, leading=19, textColor=ACCENT,
                         spaceAfter=3 * mm)
        cls.area = st("KLArea", fontName=FONT_BOLD, fontSize=BODY_PT, leading=14, spaceAfter=2)
        cls.cross_label = st("KLCrossLabel", fontName=FONT_BOLD, fontSize=9.5, leading=12,
                             textColor=ACCENT, spaceAfter=3)
        cls.th_center = st("KLThCenter", fontName=FONT_BOLD, fontSize=9.5, leading=12,
                           alignment=TA_CENTER)
        cls.sig_role = st("KLSigRole", fontName=FONT_BOLD, fontSize=9.5, leading=12)
        cls.sig_name = st("KLSigName", fontSize=BODY_PT, leading=14)
        cls.num = st("KLNum", fontName=FONT_BOLD, fontSize=BODY_PT, leading=14.5, textColor=MUTED)
        cls.center = st("KLCenter", fontSize=LABEL_PT, leading=11, alignment=TA_CENTER)
        cls.mark = st("KLMark", fontName=FONT_BOLD, fontSize=12, leading=14, alignment=TA_CENTER)


def setup(info: PrintInfo | None = None) -> None:
    """Fonts and styles for a print of *info*'s variant; call before building a story."""
    register_fonts()
    S.init(scale_of(info))
    _no_unembedded_defaults()


def scale_of(info: PrintInfo | None) -> float:
    """How much larger than the standard sizes the text of a print is."""
    if info is None:
        return 1.0
    return {LARGE: LARGE_PRINT, EASY_READ: EASY_READ_SCALE}.get(info.variant, 1.0)


def _no_unembedded_defaults() -> None:
    """reportlab falls back on Helvetica (never embedded: not PDF/A) for a table cell
    holding a plain string and for text in a drawing that names no font; ours instead."""
    from reportlab.graphics import shapes
    from reportlab.platypus import tables
    tables.CellStyle.fontname = FONT
    shapes.STATE_DEFAULTS["fontName"] = FONT


_SHAPING_TWINS: dict[int, ParagraphStyle] = {}


def shaping_style(markup: str, style: ParagraphStyle) -> ParagraphStyle:
    """*style*, or its twin that shapes with HarfBuzz when *markup* holds a script that
    needs it (shaping all text would double the time a print takes)."""
    if not scripts.needs_shaping(markup):
        return style
    twin = _SHAPING_TWINS.get(id(style))
    if twin is None or twin.parent is not style:
        twin = _SHAPING_TWINS[id(style)] = ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1)
    return twin


def P(markup: str, style: ParagraphStyle | None = None, **kw) -> Paragraph:
    """A Paragraph from *markup* (already escaped)."""
    return Paragraph(markup, shaping_style(markup, style or S.body), **kw)


def _laid_out_before(text: str, style: ParagraphStyle, bulletText=None) -> Paragraph:
    markup = scripts.markup(text)
    return Paragraph(markup, shaping_style(markup, style), bulletText=bulletText)


def T(value, style: ParagraphStyle | None = None, bullet: str | None = None) -> Paragraph:
    """A Paragraph printing *value* literally, a list item when *bullet* is given
    (right-to-left text broken into lines in reading order when it is one line in one
    font: ``printouts.bidi``; at the right margin when it begins right to left and takes
    more than a line)."""
    style = style or S.body
    text = _clean(value)
    if bidi.usable(text):
        return bidi.BidiParagraph(text, style, lambda t, bulletText: _laid_out_before(t, style, bulletText),
                                  bulletText=bullet)
    return _laid_out_before(text, style, bullet)


def entry_item(text: str, entry, style: ParagraphStyle, samtal: int | None = None,
               source_size: float | None = None) -> Paragraph:
    """A hinder or resurs as a list item: its text, how it was resolved (``resolved_note``)
    and the samtal it was noted in, small and grey. Right-to-left text longer than a line
    keeps its reading order across lines as one plain paragraph (the note and the source
    then in its style, read last)."""
    size = source_size or S.label.fontSize
    source = f' <font size="{size:g}" color="#5C6166">(samtal&nbsp;{samtal})</font>' if samtal else ""
    markup = esc(text) + resolved_note(entry) + source

    def composed():
        return P(markup, style, bulletText="•")
    plain = _clean(text + resolved_text(entry) + (f" (samtal\u00a0{samtal})" if samtal else ""))
    if bidi.usable(_clean(text)) and bidi.usable(plain):
        return bidi.BidiParagraph(plain, style, lambda t, bullet: _laid_out_before(t, style, bullet),
                                  bulletText="•", one_line=composed)
    return composed()


_TIGHT: dict[tuple[int, bool, bool], ParagraphStyle] = {}


def _tight(style: ParagraphStyle, first: bool, last: bool) -> ParagraphStyle:
    """*style* without the space above (unless *first*) or below (unless *last*): the
    lines of one paragraph set as paragraphs of their own."""
    key = (id(style), first, last)
    twin = _TIGHT.get(key)
    if twin is None or twin.parent is not style:
        twin = _TIGHT[key] = ParagraphStyle(f"{style.name}-line", parent=style,
                                            spaceBefore=style.spaceBefore if first else 0,
                                            spaceAfter=style.spaceAfter if last else 0)
    return twin


class NeedSpace(Flowable):
    """Draws *inner* only where at least *reserve* points are left below it;
    otherwise it moves to the next page. A heading glued to the start of what
    follows, without keepWithNext: that builds a KeepTogether, which sends a
    heading plus a 20,000-character text to a new page and leaves a blank one."""

    def __init__(self, inner: Flowable, reserve: float):
        super().__init__()
        self.inner = inner
        self.reserve = reserve

    def wrap(self, aW, aH):
        w, h = self.inner.wrapOn(getattr(self, "canv", None), aW, aH)
        if aH < h + self.reserve:
            return w, aH + 1  # does not fit: split() gives nothing, the frame moves on
        return w, h

    def split(self, aW, aH):
        return []

    def draw(self):
        self.inner.drawOn(self.canv, 0, 0)

    def getSpaceBefore(self):
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self):
        return self.inner.getSpaceAfter()


def title(text: str, subtitle: str = "") -> list[Flowable]:
    out: list[Flowable] = [T(text, S.title)]
    if subtitle:
        out.append(T(subtitle, S.subtitle))
    else:
        out.append(Spacer(1, 2 * mm))
    return out


def heading(text: str) -> Flowable:
    return NeedSpace(Heading.of(text, S.h2, level=1), 18 * mm)


def subheading(text: str) -> Flowable:
    return NeedSpace(T(text, S.h3), 14 * mm)


def section_title(text: str) -> Flowable:
    """A page-part title such as "Kartläggning – individfaktorer"."""
    return NeedSpace(Heading.of(text, S.section, level=0), 40 * mm)


def text_block(value, style: ParagraphStyle | None = None) -> list[Flowable]:
    """Free text as paragraphs (blank lines separate them); each may split across pages."""
    style = style or S.body
    out: list[Flowable] = []
    for part in _BLANK_LINE.split(_clean(value).strip("\n")):
        if not part.strip():
            continue
        out += _lines_in_their_direction(part, style)
    return out


def _lines_in_their_direction(text: str, style: ParagraphStyle) -> list[Flowable]:
    """Clean text of one or more lines as one paragraph, or, when a line holds
    right-to-left text, one paragraph per line, each laid out in its own direction."""
    lines = text.split("\n")
    if len(lines) > 1 and any(bidi.usable(line) for line in lines):
        return [T(line or "\u00a0", _tight(style, i == 0, i == len(lines) - 1)) for i, line in enumerate(lines)]
    return [T(text, style)]


def writing_lines(count: int, width: float = CONTENT_W, height: float = 8 * mm) -> Table:
    """Empty ruled lines to write on by hand."""
    t = Table([[""]] * count, colWidths=[width], rowHeights=[height] * count)
    t.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), GRID_W, HAIR)]))
    return t


def together(parts: list[Flowable]) -> KeepTogether:
    """``parts`` on one page. A NeedSpace inside becomes its plain heading (reportlab
    measures a KeepTogether's parts with unlimited height, then places them one by
    one: a heading asking for room below it that the page no longer has would fail
    to split, a LayoutError); an inner KeepTogether is unpacked (it would report an
    infinite height)."""
    flat: list[Flowable] = []
    for f in parts:
        if isinstance(f, KeepTogether):
            flat.extend(together(f._content)._content)
        elif isinstance(f, NeedSpace):
            flat.append(f.inner)
        else:
            flat.append(f)
    return KeepTogether(flat)


def keep_small(parts: list[Flowable], limit: float = 90 * mm) -> list[Flowable]:
    """Keep a heading with a short table or text on one page; longer content
    flows (a KeepTogether around long content would leave half a page blank).
    Never call this for parts that end up inside another KeepTogether."""
    if content_height(parts, CONTENT_W) <= limit:
        return [together(parts)]
    return parts


def free_text(label: str, value, blank_lines: int = 4, level: int = 2) -> list[Flowable]:
    """Heading + the text, or ruled lines to write on when the field is empty."""
    head = heading(label) if level == 2 else subheading(label)
    if has_text(value):
        return keep_small([head, *text_block(value)], limit=40 * mm)
    return [together([head, writing_lines(blank_lines)])]


def content_height(flowables: list[Flowable], width: float) -> float:
    total = 0.0
    for f in flowables:
        _w, h = f.wrap(width, 10 ** 7)
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def at_least(flowables: list[Flowable], width: float, height: float) -> list[Flowable]:
    """Pad a table cell's content with a Spacer so the cell is at least *height* tall
    (room to write by hand) without fixing the row height (long text still splits)."""
    used = content_height(flowables, width)
    if used < height:
        return [*flowables, Spacer(1, height - used)]
    return flowables


CELL_PAD = 4


def grid_style(header: bool = True, extra: list | None = None, lines: bool = True) -> TableStyle:
    cmds = [
        ("FONT", (0, 0), (-1, -1), FONT, BODY_PT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if lines:
        cmds.append(("GRID", (0, 0), (-1, -1), GRID_W, RULE))
    if header:  # (only the header row may be bottom-aligned: it never splits;
        # MIDDLE/BOTTOM in a row that splits across pages makes reportlab fail)
        cmds += [("BACKGROUND", (0, 0), (-1, 0), TINT),
                 ("VALIGN", (0, 0), (-1, 0), "BOTTOM")]
    return TableStyle(cmds + (extra or []))


def grid(header: list | None, rows: list[list], widths: list[float], extra_style: list | None = None,
         row_heights: list | None = None, lines: bool = True) -> LongTable:
    """A ruled table; header labels are constants, cell values must already be flowables
    or escaped markup via ``T``. Rows split across pages (splitInRow)."""
    data = []
    if header is not None:
        data.append([T(h, S.th) if isinstance(h, str) else h for h in header])
    data.extend(rows)
    heights = None
    if row_heights is not None:
        heights = ([None] if header is not None else []) + list(row_heights)
    return LongTable(data, colWidths=widths, rowHeights=heights, repeatRows=1 if header is not None else 0,
                     splitInRow=1, style=grid_style(header is not None, extra_style, lines), hAlign="LEFT")


def field_cell(label: str, value) -> list[Flowable]:
    """A form field: small label above the value."""
    if not has_text(value):
        return [T(label, S.label), P("&nbsp;", S.value)]
    return [T(label, S.label), *_lines_in_their_direction(_clean(value), S.value)]


def field_grid(rows: list[list[tuple[str, object]]], widths: list[float] | None = None) -> LongTable:
    """Label/value boxes like the paper form. Each row is a list of (label, value);
    a row with fewer fields than columns lets its last field span the rest."""
    ncols = max(len(r) for r in rows)
    widths = widths or [CONTENT_W / ncols] * ncols
    data, spans = [], []
    for r, row in enumerate(rows):
        cells: list = [field_cell(label, value) for label, value in row]
        if len(cells) < ncols:
            spans.append(("SPAN", (len(cells) - 1, r), (ncols - 1, r)))
            cells += [""] * (ncols - len(cells))
        data.append(cells)
    style = grid_style(header=False, extra=spans + [("BOTTOMPADDING", (0, 0), (-1, -1), 5)])
    return LongTable(data, colWidths=widths, splitInRow=1, style=style, hAlign="LEFT")


def inline_field(label: str, value, width: float = 75 * mm) -> Flowable:
    """``Datum  22 november 2026`` on a line (ruled, to write on when empty)."""
    t = Table([[T(label, S.h3), T(value, S.value) if has_text(value) else P("&nbsp;", S.value)]],
              colWidths=[22 * mm, width - 22 * mm], rowHeights=[8 * mm], hAlign="LEFT")
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                           ("LINEBELOW", (1, 0), (1, 0), LINE_W, HAIR),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return NeedSpace(t, 20 * mm)


def checkbox_line(options: list[str], chosen: str | None) -> Paragraph:
    """``☐ A   ☒ B   ☐ C`` with the chosen option in bold."""
    parts = []
    for opt in options:
        if opt == chosen:
            parts.append(f"<b>\u2612&nbsp;{esc(opt)}</b>")
        else:
            parts.append(f"\u2610&nbsp;{esc(opt)}")
    return P("&nbsp;&nbsp;&nbsp; ".join(parts), S.body)


# --------------------------------------------------------------------------- signatures


@dataclass
class Signer:
    role: str  # printed under the line, e.g. "Underskrift enskild"
    name: str = ""  # printed name (namnförtydligande); empty: left to write by hand
    datum: date | None = None  # pre-printed date; None: a blank line to date by hand


def signature_table(signers: list[Signer]) -> Table:
    """The signature lines as one unsplittable flowable (a one-row table around
    the lines): it moves whole to the next page rather than split."""
    sig_w, gap, date_w = 100 * mm, 12 * mm, CONTENT_W - 112 * mm
    data, heights, cmds = [], [], [("LEFTPADDING", (0, 0), (-1, -1), 0),
                                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                                    ("VALIGN", (0, 0), (-1, -1), "TOP")]
    for s in signers:
        r = len(data)
        date_markup = esc(sv_date(s.datum)) if s.datum else ""
        data.append(["", "", P(date_markup, S.value) if date_markup else ""])
        heights.append(15 * mm)
        cmds.append(("VALIGN", (0, r), (-1, r), "BOTTOM"))
        name = P(esc(s.name), S.sig_name) if has_text(s.name) else P("Namnförtydligande", S.small)
        data.append([[T(s.role, S.sig_role), name], "", T("Datum", S.sig_role)])
        heights.append(None)
        cmds += [("LINEABOVE", (0, r + 1), (0, r + 1), LINE_W, INK),
                 ("LINEABOVE", (2, r + 1), (2, r + 1), LINE_W, INK)]
        if not has_text(s.name):  # room for the name written by hand
            cmds.append(("BOTTOMPADDING", (0, r + 1), (0, r + 1), 10))
    lines = Table(data, colWidths=[sig_w, gap, date_w], rowHeights=heights, hAlign="LEFT")
    lines.setStyle(TableStyle(cmds))
    outer = Table([[lines]], colWidths=[CONTENT_W], hAlign="LEFT")
    outer.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return outer


def signature_block(signers: list[Signer], heading_text: str | None = None,
                    lead: list[Flowable] | None = None) -> KeepTogether:
    """Signature lines (role, printed name, date line) that never split across pages.

    *lead* (e.g. the agreement text) is kept on the same page as the lines when
    it fits; if it is too long it flows, and the lines still move as one.
    (KeepTogether must not be nested: an inner one reports an infinite height.)
    """
    parts: list[Flowable] = list(lead or [])
    if heading_text:
        parts.append(heading(heading_text))
    parts.append(signature_table(signers))
    return together(parts)


# --------------------------------------------------------------------------- the page


class _FixedStamp:
    """Stands in for reportlab's TimeStamp: the PDF dates are the print date."""

    def __init__(self, when: date):
        when = print_moment(when)
        self.YMDhms = (when.year, when.month, when.day, when.hour, when.minute, when.second)
        self.lt = self.YMDhms
        self.t = 0
        minutes = int(when.utcoffset().total_seconds() // 60)
        self.dhh, self.dmm = int(minutes / 60), abs(minutes) % 60
        self.tzname = when.tzname()


def print_moment(when: date) -> datetime:
    """The PDF dates of a print: its datetime (a plain date is midnight UTC)."""
    if not isinstance(when, datetime):
        when = datetime(when.year, when.month, when.day)
    if when.tzinfo is None:
        from datetime import timezone
        when = when.replace(tzinfo=timezone.utc)
    return when


@dataclass
class _PageInfo:
    doc_title: str
    person_name: str
    person_pnr: str
    unit: UnitHeader
    info: PrintInfo
    hash: str
    logo: ImageReader | None
    footer_stamp: str | None = None  # instead of "Version 3 · hash · Utskriven <date>"


def _fit(canv: Canvas, text: str, font: str, size: float, width: float) -> str:
    """Shorten *text* with an ellipsis so it fits *width*."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _draw_user_line(canv: Canvas, x: float, y: float, value, font: str, size: float, width: float,
                    color, right: bool = False) -> None:
    """One line of user text on the page frame (letterhead, name), shortened to fit;
    each script in its font, right-to-left words in reading order, shaped (``scripts``)."""
    text = _fit(canv, plain(value), font, size, width)
    canv.setFillColor(color)
    if scripts.is_plain(text):
        canv.setFont(font, size)
        (canv.drawRightString if right else canv.drawString)(x, y, text)
        return
    runs = [scripts.shaped(scripts.fallback_font(name, font == FONT_BOLD) if name else font, chunk, size)
            for name, chunk in scripts.runs(text)]
    x -= sum(w for _n, _c, w in runs) if right else 0
    for name, chunk, w in runs:
        canv.setFont(name, size)
        canv.drawString(x, y, chunk)
        x += w


def _draw_header(canv: Canvas, page: _PageInfo) -> None:
    canv.saveState()
    top = PAGE_H - 12 * mm
    x = MARGIN_X
    half = CONTENT_W / 2 - 4 * mm
    if page.logo is not None:
        iw, ih = page.logo.getSize()
        h = 14 * mm
        w = min(h * iw / ih, 40 * mm)
        h = w * ih / iw
        canv.drawImage(page.logo, x, top - h, w, h, mask="auto")
        x += w + 4 * mm
        half -= w + 4 * mm
    unit = page.unit
    _draw_user_line(canv, x, top - 9, unit.kommun, FONT_BOLD, 10.5, half, INK)
    _draw_user_line(canv, x, top - 20.5, unit.forvaltning, FONT, LABEL_PT, half, MUTED)
    _draw_user_line(canv, x, top - 31, unit.enhet, FONT, LABEL_PT, half, MUTED)

    right = PAGE_W - MARGIN_X
    rhalf = CONTENT_W / 2 - 4 * mm
    canv.setFillColor(ACCENT)
    canv.setFont(FONT_BOLD, 10.5)
    canv.drawRightString(right, top - 9, _fit(canv, page.doc_title, FONT_BOLD, 10.5, rhalf))
    _draw_user_line(canv, right, top - 20.5, page.person_name, FONT, LABEL_PT, rhalf, INK, right=True)
    canv.setFont(FONT, LABEL_PT)
    canv.setFillColor(MUTED)
    canv.drawRightString(right, top - 31, _fit(canv, page.person_pnr, FONT, LABEL_PT, rhalf))

    canv.setStrokeColor(RULE)
    canv.setLineWidth(GRID_W)
    y = PAGE_H - 28 * mm
    canv.line(MARGIN_X, y, PAGE_W - MARGIN_X, y)
    canv.restoreState()


def _draw_footer(canv: Canvas, page: _PageInfo, number: int, total: int | None) -> None:
    canv.saveState()
    canv.setStrokeColor(HAIR)
    canv.setLineWidth(GRID_W)
    canv.line(MARGIN_X, 16 * mm, PAGE_W - MARGIN_X, 16 * mm)
    canv.setFont(FONT, LABEL_PT)
    canv.setFillColor(MUTED)
    width = CONTENT_W - 30 * mm
    unit = page.unit
    address = " · ".join(plain(line) for line in _clean(unit.adress).split("\n") if line.strip())
    where = address or " · ".join(p for p in (plain(unit.enhet), plain(unit.kommun)) if p)
    _draw_user_line(canv, MARGIN_X, 12 * mm, where, FONT, LABEL_PT, width, MUTED)
    canv.setFont(FONT, LABEL_PT)
    canv.setFillColor(MUTED)
    stamp = page.footer_stamp or f"Version {page.info.version} · {page.hash} · Utskriven {sv_date(page.info.printed)}"
    canv.drawString(MARGIN_X, 8 * mm, _fit(canv, stamp, FONT, LABEL_PT, width))
    canv.setFillColor(INK)
    canv.setFont(FONT, LABEL_PT)
    canv.drawRightString(PAGE_W - MARGIN_X, 12 * mm, f"Sida {number} av {total or '…'}")
    canv.restoreState()


class _EnoughPages(Exception):
    """The first ``PrintInfo.only_pages`` pages are laid out: stop there."""


def _canvas_class(page: _PageInfo):
    class NumberedCanvas(Canvas):
        """Keeps every page until the end, then draws "Sida X av Y" on each, adds the
        bookmarks of each page and makes the document PDF/A-2b (see ``pdfa``)."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = _FixedStamp(page.info.printed)
            self._saved_pages: list[dict] = []
            self._outline: list[tuple[int, str, int]] = []  # (page index, title, level)

        def mark_outline(self, title: str, level: int) -> None:
            """A bookmark to the page being laid out (drawn pages are only kept until
            ``save``, so the bookmark is made when its page is written)."""
            self._outline.append((len(self._saved_pages), title, level))

        def showPage(self):
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()
            if page.info.only_pages and len(self._saved_pages) >= page.info.only_pages:
                raise _EnoughPages

        def save(self, complete: bool = True):
            from .pdfa import make_archival
            total = len(self._saved_pages) if complete else None
            outline, level_above = list(self._outline), -1
            for number, state in enumerate(self._saved_pages, 1):
                self.__dict__.update(state)
                _draw_footer(self, page, number, total)
                for index, (on_page, title_text, level) in enumerate(outline):
                    if on_page == number - 1:
                        level = min(level, level_above + 1)  # no level skipped (a heading before any section)
                        key = f"kl-outline-{index}"
                        self.bookmarkPage(key, fit="XYZ", left=0, top=PAGE_H)
                        self.addOutlineEntry(title_text, key, level=level)
                        level_above = level
                Canvas.showPage(self)
            make_archival(self, when=print_moment(page.info.printed),
                          identifier=_file_identifier(page))
            Canvas.save(self)

    return NumberedCanvas


def _file_identifier(page: _PageInfo) -> bytes:
    from .pdfa import file_identifier
    return file_identifier(page.doc_title, page.person_pnr, page.person_name, page.info.version,
                           page.info.printed.isoformat(), page.hash, page.footer_stamp or "", page.info.variant)


class Heading(Paragraph):
    """A heading that is also a bookmark in the PDF's outline (level 0 for a page part,
    1 below it). Parts made by a split are plain paragraphs but the first keeps the mark."""

    outline_title: str | None = None
    outline_level = 0

    @classmethod
    def of(cls, text, style, level: int) -> "Heading":
        markup = esc(text)
        made = cls(markup, shaping_style(markup, style))
        made.outline_title, made.outline_level = plain(text), level
        return made

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if parts:
            parts[0].outline_title, parts[0].outline_level = self.outline_title, self.outline_level
            for later in parts[1:]:
                later.outline_title = None
        return parts

    def draw(self):
        mark = getattr(self.canv, "mark_outline", None)
        if mark is not None and self.outline_title:
            mark(self.outline_title, self.outline_level)
        super().draw()


def _logo(data: bytes | None) -> ImageReader | None:
    if not is_png(data):
        return None
    try:
        reader = ImageReader(io.BytesIO(data))
        w, h = reader.getSize()
        return reader if w > 0 and h > 0 else None
    except Exception:  # a broken logo setting must not stop a print
        return None


def build_pdf(story: list[Flowable], *, doc, doc_title: str, subject: str, person_name: str,
              person_pnr: str, header: UnitHeader, info: PrintInfo, footer_stamp: str | None = None,
              keywords: str = "") -> bytes:
    """Lay out *story* on A4 pages with letterhead and footer; return the PDF/A-2b bytes.

    *doc* is the model object the footer hash is computed from (unless
    ``info.content_hash`` is given).
    """
    setup(info)
    page = _PageInfo(doc_title=doc_title, person_name=person_name, person_pnr=person_pnr,
                     unit=header, info=info, hash=(info.content_hash or content_hash(doc)),
                     logo=_logo(header.logo_png), footer_stamp=footer_stamp)
    buf = io.BytesIO()
    author = ", ".join(p for p in (plain(header.enhet), plain(header.kommun)) if p) or "Kartläggning"
    template = BaseDocTemplate(
        buf, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
        topMargin=PAGE_H - FRAME_TOP, bottomMargin=FRAME_BOTTOM,
        title=doc_title, author=author, subject=subject, creator="Kartläggning",
        keywords=keywords or f"{doc_title}; SASSAM", lang="sv-SE", invariant=1, pageCompression=1,
        initialFontName=FONT,  # (reportlab's default, Helvetica, would be referenced and never embedded)
    )
    frame = Frame(MARGIN_X, FRAME_BOTTOM, CONTENT_W, FRAME_TOP - FRAME_BOTTOM, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    template.addPageTemplates([PageTemplate(id="page", frames=[frame],
                                            onPage=lambda canv, _doc: _draw_header(canv, page))])
    try:
        template.build(story, canvasmaker=_canvas_class(page))
    except _EnoughPages:
        template.canv.save(complete=False)
    return buf.getvalue()
