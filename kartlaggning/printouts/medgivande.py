"""Medgivande om informationsutbyte: signed at the inskrivningssamtal.

The unit's own wording (a unit setting) says what the consent covers; the printout
adds what every copy must say whatever the wording: the parties chosen (only
those), how long it holds, that it is voluntary and can be withdrawn at any time,
and the signature lines. A withdrawn consent says ÅTERKALLAT with its date at the top.
"""
from __future__ import annotations

from datetime import date

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from ..models.participant import Consent, Participant
from .common import (CONTENT_W, FONT_BOLD, S, Signer, P, T, build_pdf, esc, field_grid, has_text, heading,
                     pnr, setup, signature_block, sv_date, text_block, title)
from .meta import PrintInfo, UnitHeader

TITLE = "Medgivande om informationsutbyte"
WARNING = colors.HexColor("#9B1C1C")  # the mark of a withdrawn consent (and of the plan's notice)

VOLUNTARY = ("Det är frivilligt att lämna medgivandet. Du kan när som helst återkalla det, helt eller för "
             "en enskild part, genom att säga det till din handläggare. Återkallelsen gäller från den dag "
             "du lämnar den; uppgifter som redan har lämnats före det påverkas inte.")


def warning_box(lines: list[Flowable]) -> Table:
    """A framed notice in the warning colour (never split: it is short)."""
    box = Table([[lines]], colWidths=[CONTENT_W], hAlign="LEFT")
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.6, WARNING),
                             ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
                             ("TOPPADDING", (0, 0), (-1, -1), 2.5 * mm),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5 * mm)]))
    return box


def _stamp_style() -> ParagraphStyle:
    return ParagraphStyle("KLWithdrawn", fontName=FONT_BOLD, fontSize=16, leading=20, textColor=WARNING,
                          spaceAfter=1.5 * mm)


def withdrawn_banner(consent: Consent) -> list[Flowable]:
    """"ÅTERKALLAT <datum>", who was told, and what it means."""
    lines: list[Flowable] = [P(f"ÅTERKALLAT {esc(sv_date(consent.withdrawn))}", _stamp_style()),
                             T(f"Medgivandet återkallades {sv_date(consent.withdrawn)}. Inga uppgifter får "
                               "längre lämnas mellan parterna med stöd av det.", S.body)]
    if has_text(consent.withdrawn_note):
        lines.append(P(f"<b>Återkallelsen meddelad till:</b> {esc(consent.withdrawn_note)}", S.body))
    return [warning_box(lines), Spacer(1, 4 * mm)]


def validity(consent: Consent) -> str:
    """How long the consent holds, in one sentence."""
    start = f"från och med {sv_date(consent.signed)}" if consent.signed else "från den dag det undertecknas"
    if consent.giltig_till:
        return f"Medgivandet gäller {start} till och med {sv_date(consent.giltig_till)}."
    return f"Medgivandet gäller {start} till dess att insatsen vid Arbetsmarknadsenheten avslutas."


def _parties(consent: Consent) -> list[Flowable]:
    chosen = [p for p in consent.parties if has_text(p)]
    if not chosen:
        return [heading("Parter som får lämna uppgifter till varandra"),
                T("Inga parter är valda.", S.body)]
    items = [T(party, S.bullet, bullet="\u2022") for party in chosen]
    return [heading("Parter som får lämna uppgifter till varandra"), *items]


def medgivande_pdf(consent: Consent, participant: Participant, header: UnitHeader, info: PrintInfo,
                   text: str, handlaggare_namn: str = "") -> bytes:
    """Medgivande om informationsutbyte as PDF bytes; ``text`` is the unit's own wording."""
    setup(info)
    story: list[Flowable] = [*title(TITLE)]
    if consent.withdrawn:
        story += withdrawn_banner(consent)
    story += [
        field_grid([[("Namn", participant.namn), ("Personnummer", pnr(participant.personnummer))]],
                   [CONTENT_W * 0.6, CONTENT_W * 0.4]),
        heading("Vad medgivandet gäller"),
        *text_block(text),
        *_parties(consent),
        heading("Hur länge medgivandet gäller"),
        T(validity(consent), S.body),
    ]
    story.append(signature_block([
        Signer("Underskrift deltagare", participant.namn, consent.signed),
        Signer("Underskrift handläggare", handlaggare_namn, consent.signed),
    ], lead=[heading("Frivilligt och återkallelse"), T(VOLUNTARY, S.body)]))
    return build_pdf(story, doc=consent, doc_title=TITLE, subject=f"{TITLE}, version {info.version}",
                     person_name=participant.namn, person_pnr=pnr(participant.personnummer), header=header,
                     info=info)


def withdrawn_notice(withdrawn: date) -> list[Flowable]:
    """For the plan's ÖVERENSKOMMELSE (which shares information): the consent is withdrawn."""
    return [warning_box([
        P(f"<b>Medgivandet om informationsutbyte återkallades {esc(sv_date(withdrawn))}.</b>", S.body),
        T("Uppgifter om planeringen får inte lämnas mellan myndigheterna med stöd av medgivandet.", S.body)])]
