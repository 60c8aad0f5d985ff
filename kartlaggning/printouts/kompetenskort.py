"""Kompetenskort: ratings of general skills, written at avslut.

Laid out like the paper form: the workplace, "Egenskaper" with "Hur bedömer du
personen utifrån följande:" and the six properties on the five-step scale (a
ticked box, and the chosen step in words under the tick; "Förstå instruktioner"
under the plural labels the form gives it), "Kompetenser individen uppvisat"
with the form's note, Utvecklingsområde, the signature."""
from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Spacer

from ..models.plans import (COMPETENCE_PROPERTIES, EGENSKAPER_HEADING, EGENSKAPER_QUESTION, KOMPETENSER_NOTE,
                            RATING_SCALE, Kompetenskort, Rating, rating_label, rating_scale)
from .common import (CELL_PAD, break_at_slashes, CONTENT_W, MARK, TINT, S, P, Signer, T, build_pdf, content_height, field_grid, grid, has_text,
                     heading, pnr, setup, signature_block, text_block, title, writing_lines)
from .meta import PrintInfo, UnitHeader

TITLE = "Kompetenskort"
STEP_W = 16 * mm
FIRST_W = 44 * mm  # the longest property, Närvaro/punktlighet, on one line at 11 pt
STEP_W_LARGE, FIRST_W_LARGE = 19 * mm, 40 * mm  # large print: "mycket" whole in its column


def _widths() -> tuple[float, float]:
    """(first column, step column) for the current text size."""
    return (FIRST_W, STEP_W) if S.scale <= 1.2 else (FIRST_W_LARGE, STEP_W_LARGE)
STEP_PAD = 1.5  # the step columns are narrow: their labels and words get most of the width

_styles: dict = {}


def _style(name: str) -> ParagraphStyle:
    """Local styles, built after ``setup()`` (they derive from the shared ones)."""
    if _styles.get("scale") != S.scale:
        _styles["scale"] = S.scale
        _styles["tick"] = ParagraphStyle("KLTick", parent=S.mark, fontSize=11 * S.scale, leading=12 * S.scale)
        _styles["word"] = ParagraphStyle("KLStepWord", parent=S.center, textColor=MARK, embeddedHyphenation=1)
        _styles["step"] = ParagraphStyle("KLStepLabel", parent=S.center, embeddedHyphenation=1)
        _styles["th"] = ParagraphStyle("KLThBreakable", parent=S.th, embeddedHyphenation=1)
        _styles["name"] = ParagraphStyle("KLPropertyName", parent=S.cell, embeddedHyphenation=1)
        _styles["h2"] = ParagraphStyle("KLH2Kept", parent=S.h2, spaceBefore=0)  # see _kept
        _styles["question"] = ParagraphStyle("KLQuestion", parent=S.body, spaceAfter=2 * mm)
        _styles["note"] = ParagraphStyle("KLNote", parent=S.small, spaceAfter=2 * mm)
    return _styles[name]


def _step_cell(rating: Rating, n: int) -> object:
    """The box of step ``n``: the tick and the step in words when it is the chosen one."""
    if rating.betyg != n:
        return ""
    return [P("X", _style("tick")), T(_breakable(rating_label(rating.egenskap, n)), _style("word"))]


def _name_fitting(name: str) -> str:
    """A property's name, free to break after its slash and inside "Samarbetsförmåga"
    where large print makes it wider than its column."""
    style = _style("name")
    width = _widths()[0] - 2 * CELL_PAD
    if stringWidth(name, style.fontName, style.fontSize) <= width:
        return name
    return break_at_slashes(name, style, width).replace("Samarbetsförmåga", "Samarbets\u00adförmåga")


def _breakable(step_word: str) -> str:
    """The scale's words fit their narrow columns at 9 pt only when "bristfällig" may
    break as "brist-fällig" (a soft hyphen, printed only where the line breaks)."""
    return step_word.replace("bristfällig", "brist\u00adfällig")


def _ratings(card: Kompetenskort) -> list:
    by_key = {r.egenskap: r for r in card.betyg}
    names = {key: sv for key, sv, _en in COMPETENCE_PROPERTIES}
    order = [key for key, _sv, _en in COMPETENCE_PROPERTIES]
    order += [r.egenskap for r in card.betyg if r.egenskap not in names]  # unknown keys still print
    first_w, step_w = _widths()
    comment_w = CONTENT_W - first_w - step_w * len(RATING_SCALE)
    # the scale labels are long: printed small and centred
    header = ["Egenskap", *(T(_breakable(label), _style("step")) for _n, label, _en in RATING_SCALE),
              T("Kommen\u00adtarer", _style("th"))]
    ncol = len(header)
    rows: list[list] = []
    style = [("ALIGN", (1, 0), (ncol - 2, -1), "CENTER"),
             ("LEFTPADDING", (1, 0), (ncol - 2, -1), STEP_PAD),
             ("RIGHTPADDING", (1, 0), (ncol - 2, -1), STEP_PAD)]
    scale = RATING_SCALE
    for key in order:
        if rating_scale(key) is not scale:
            # the form words this property's steps differently (the plural): its own labels above it
            scale = rating_scale(key)
            r = len(rows) + 1  # +1: the header row
            rows.append(["", *(T(_breakable(label), _style("step")) for _n, label, _en in scale), ""])
            style.append(("BACKGROUND", (0, r), (-1, r), TINT))  # (top-aligned: a row that may split)
        rating = by_key.get(key, Rating(key))
        rows.append([T(_name_fitting(names.get(key, key)), _style("name")), *(_step_cell(rating, n) for n, _l, _e in RATING_SCALE),
                     text_block(rating.kommentar, S.cell) if has_text(rating.kommentar) else ""])
    table = grid(header, rows, [first_w, *[step_w] * len(RATING_SCALE), comment_w], extra_style=style)
    return _headed(EGENSKAPER_HEADING, [T(EGENSKAPER_QUESTION, _style("question")), table], limit=150 * mm)


def _kept(label: str, parts: list) -> KeepTogether:
    """A heading and ``parts`` on one page. The heading's space before is a Spacer
    and the heading a plain paragraph: reportlab measures a KeepTogether without
    its first flowable's space before but places it with it, so where the page
    has just that little room left the last part moved to the next page alone
    (the signature), and a ``NeedSpace`` heading there stopped the print with a
    LayoutError."""
    return KeepTogether([Spacer(1, S.h2.spaceBefore), T(label, _style("h2")), *parts])


def _headed(label: str, parts: list, limit: float) -> list:
    """The heading kept on one page with ``parts`` when they are short, else glued
    to their start while they flow (like ``common.keep_small``)."""
    kept = _kept(label, parts)
    if content_height(kept._content, CONTENT_W) <= limit:
        return [kept]
    return [heading(label), *parts]


def _free_text(label: str, value, blank_lines: int, note: str = "") -> list:
    """Heading (and the form's note under it) + the text, or ruled lines to
    write on when the field is empty."""
    intro = [T(note, _style("note"))] if note else []
    if has_text(value):
        return _headed(label, [*intro, *text_block(value)], limit=40 * mm)
    return [_kept(label, [*intro, writing_lines(blank_lines)])]


def kompetenskort_pdf(card: Kompetenskort, header: UnitHeader, info: PrintInfo) -> bytes:
    """Kompetenskort as PDF bytes."""
    setup(info)
    number = pnr(card.personnummer)
    w = CONTENT_W
    # the signature never alone on the last page: a short Utvecklingsområde goes with it
    # (a long one flows, and the signature follows its end)
    utveckling = _free_text("Utvecklingsområde", card.utvecklingsomrade, blank_lines=4)
    kept = len(utveckling) == 1 and isinstance(utveckling[0], KeepTogether)
    story = [
        *title(TITLE),
        field_grid([[("Namn", card.namn), ("Personnummer", number)],
                    [("Adress", card.adress)],
                    [("Arbetsplats", card.arbetsplats)],
                    [("Kontaktperson på arbetsplatsen", card.kontaktperson), ("Telefonnummer", card.telefon)]],
                   [w * 0.6, w * 0.4]),
        *_free_text("Beskrivning av arbetsplatsen och arbetsuppgifter", card.beskrivning, blank_lines=5),
        *_ratings(card),
        *_free_text("Kompetenser individen uppvisat", card.kompetenser, blank_lines=5, note=KOMPETENSER_NOTE),
        *([] if kept else utveckling),
        signature_block([Signer("Kontaktperson arbetsplatsen",
                                card.kontaktperson_underskrift or card.kontaktperson, card.datum)],
                        lead=utveckling if kept else None),
    ]
    return build_pdf(story, doc=card, doc_title=TITLE, subject=f"{TITLE}, version {info.version}",
                     person_name=card.namn, person_pnr=number, header=header, info=info)
