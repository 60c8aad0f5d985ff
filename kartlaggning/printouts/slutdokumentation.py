"""Slutdokumentation: written by the handläggare at avslut and handed to the participant.

The unit's letterhead; the participant's name and personnummer; the date of the avslut
and its outcome in words (with the kind of employment, the means of support or the
reason for the avbrott); then the handbook's sections in order — Bakgrund, Nuvarande
situation, Tiden i arbetsträning (the largest), Sammanfattning/bedömning — each with
its headings; the signatures of the participant and the arbetsmarknadshandläggare,
kept on one page with the sammanfattning; "Sida X av Y". Before the sammanfattning, when
there is something to draw, the section "Utveckling": the självskattningar, the
arbetsträning's extent and the MI rulers over the whole period (``charts.progress_section``).

Empty parts: the participant takes this home as the record of their time at the unit,
so a heading with nothing under it is left out rather than printed over blank lines
that look like a form nobody finished — except the two places the handbook keeps for
other people's own words, "Handledarens beskrivning" and "Deltagarens egen
beskrivning": empty, they get ruled lines, so the handledare or the participant can
write in them by hand before signing. Every section heading is printed, also of a
section with nothing in it ("Inget antecknat."), so the paper keeps the handbook's
order and shows that nothing was forgotten.
"""
from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from ..models.method import SLUT_SECTIONS, Avslut, Utfall
from ..models.participant import Participant
from ..models.progress import Progress
from .charts import progress_section
from .common import (CONTENT_W, S, Signer, T, build_pdf, field_grid, has_text, heading, keep_small, pnr, scale_of,
                     setup, signature_block, subheading, sv_date, text_block, title, writing_lines)
from .meta import PrintInfo, UnitHeader

TITLE = "Slutdokumentation"
UTFALL_WORDS = {Utfall.ARBETE: "Arbete", Utfall.STUDIER: "Studier", Utfall.ANNAN_FORSORJNING: "Annan försörjning",
                Utfall.AVBROTT: "Avbrott", Utfall.ANNAT: "Annat"}
HAND_WRITTEN = ("handledarens_beskrivning", "deltagarens_beskrivning")  # ruled lines when empty
NOTHING = "Inget antecknat."

_styles: dict[str, ParagraphStyle] = {}


def _style(name: str) -> ParagraphStyle:
    if not _styles:
        _styles["h2"] = ParagraphStyle("SDH2Kept", parent=S.h2, spaceBefore=0)
        _styles["h3"] = ParagraphStyle("SDH3Kept", parent=S.h3, spaceBefore=0)
    return _styles[name]


def utfall_words(a: Avslut) -> str:
    """The outcome as printed: "Arbete", "Annan försörjning – Sjukersättning", …"""
    if a.utfall is None:
        return ""
    words = UTFALL_WORDS[a.utfall]
    if a.utfall == Utfall.ANNAN_FORSORJNING and has_text(a.forsorjning):
        return f"{words} – {a.forsorjning.strip()}"
    return words


def _outcome(a: Avslut, participant: Participant) -> list:
    w = CONTENT_W
    rows = [[("Namn", participant.namn), ("Personnummer", pnr(participant.personnummer))],
            [("Datum för avslut", sv_date(a.datum)), ("Utfall", utfall_words(a))]]
    if a.utfall == Utfall.ARBETE:
        subsidised = {True: "Ja", False: "Nej", None: ""}[a.subventionerad]
        rows.append([("Anställningsform", a.anstallningsform), ("Subventionerad anställning", subsidised)])
    elif a.utfall == Utfall.AVBROTT:
        rows.append([("Orsak till avbrott", a.avbrott_orsak)])
    if has_text(a.kommentar):
        rows.append([("Kommentar", a.kommentar)])
    return [field_grid(rows, [w * 0.6, w * 0.4])]


def _field(name: str, label: str, text: str, alone: bool) -> list:
    """One field of a section: its heading (not when it is the section's only one and
    named like it) and its text; ruled lines for the hand-written ones; nothing else when empty."""
    if has_text(text):
        return keep_small([*([] if alone else [subheading(label)]), *text_block(text)], limit=40 * mm)
    if name in HAND_WRITTEN:
        return [KeepTogether([*([] if alone else [subheading(label)]), writing_lines(4)])]
    return []


def _section(section: str, fields, texts: dict[str, str]) -> list:
    alone = len(fields) == 1 and fields[0][1] == section
    body: list = []
    for name, label in fields:
        body += _field(name, label, texts.get(name, ""), alone)
    return [heading(section), *(body or [T(NOTHING, S.small)])]


def _closing(section: str, fields, texts: dict[str, str]) -> list:
    """The last section (the sammanfattning/bedömning), as the signatures' lead: plain
    paragraphs in one KeepTogether with them (no NeedSpace inside it, see kompetenskort)."""
    alone = len(fields) == 1 and fields[0][1] == section
    parts: list = [Spacer(1, S.h2.spaceBefore), T(section, _style("h2"))]
    empty = True
    for name, label in fields:
        text = texts.get(name, "")
        if has_text(text) or name in HAND_WRITTEN:
            empty = False
            if not alone:
                parts += [Spacer(1, S.h3.spaceBefore), T(label, _style("h3"))]
            parts += text_block(text) if has_text(text) else [writing_lines(4)]
    if empty:
        parts.append(T(NOTHING, S.small))
    return parts


def slutdokumentation_pdf(a: Avslut, participant: Participant, header: UnitHeader, info: PrintInfo,
                          handlaggare_namn: str = "", progress: Progress | None = None) -> bytes:
    """Slutdokumentation as PDF bytes (``participant``: the name and personnummer printed;
    ``progress``: what the "Utveckling" charts draw, up to the avslut)."""
    setup(info)
    texts = a.slutdokumentation
    *sections, last = SLUT_SECTIONS
    story = [*title(TITLE), *_outcome(a, participant)]
    for section, fields in sections:
        story += _section(section, fields, texts)
    story += progress_section(progress, scale_of(info), f"under tiden vid enheten, fram till {sv_date(a.datum)}")
    story.append(signature_block([Signer("Deltagare", participant.namn),
                                  Signer("Arbetsmarknadshandläggare", handlaggare_namn)],
                                 lead=_closing(*last, texts)))
    return build_pdf(story, doc=a, doc_title=TITLE, subject=f"{TITLE}, version {info.version}",
                     person_name=participant.namn, person_pnr=pnr(participant.personnummer), header=header,
                     info=info)
