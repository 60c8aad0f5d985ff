"""Arbetsträningsschema: the arbetsträning as agreed, for the participant and the
workplace — the workplace and its handledare, the period, Arbetsförmedlingen's
beslut, the schema (from which day how much of full time, hours per day), the
anpassningar and how they worked, and the signatures of the three who agree on it."""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether

from ..models.method import Arbetstraning
from ..models.participant import Participant
from .common import (CONTENT_W, S, Signer, T, build_pdf, field_grid, free_text, grid, has_text, heading,
                     keep_small, pnr, setup, signature_block, sv_date, text_block, title)
from .meta import PrintInfo, UnitHeader

TITLE = "Arbetsträningsschema"
MIN_SCHEMA_ROWS = 4  # room to write further steps by hand
MIN_ANPASSNING_ROWS = 3


def procent_text(value: int | None) -> str:
    return "" if value is None else f"{value} %"


def timmar_text(value: float | None) -> str:
    """Hours as printed in Swedish: ``4``, ``4,5``."""
    if value is None:
        return ""
    return f"{value:g}".replace(".", ",")


def _schema(t: Arbetstraning) -> list:
    steps = sorted(t.schema, key=lambda s: (s.datum is None, s.datum or t.datum))
    rows, heights = [], []
    for s in steps:
        rows.append([T(sv_date(s.datum), S.cell), T(procent_text(s.procent), S.cell),
                     T(timmar_text(s.timmar_per_dag), S.cell)])
        heights.append(None)
    while len(rows) < MIN_SCHEMA_ROWS:
        rows.append(["", "", ""])
        heights.append(9 * mm)
    table = grid(["Från och med", "Procent av heltid", "Timmar per dag"], rows,
                 [CONTENT_W * 0.4, CONTENT_W * 0.3, CONTENT_W * 0.3], row_heights=heights)
    return keep_small([heading("Schema"), table])


def _anpassningar(t: Arbetstraning) -> list:
    rows, heights = [], []
    for a in t.anpassningar:
        if not (has_text(a.beskrivning) or has_text(a.hur_det_fungerade)):
            continue
        rows.append([text_block(a.beskrivning, S.cell) or "", text_block(a.hur_det_fungerade, S.cell) or ""])
        heights.append(None)
    while len(rows) < MIN_ANPASSNING_ROWS:
        rows.append(["", ""])
        heights.append(12 * mm)
    table = grid(["Anpassning", "Hur det fungerade"], rows, [CONTENT_W / 2, CONTENT_W / 2], row_heights=heights)
    return keep_small([heading("Anpassningar"), table])


def period_text(t: Arbetstraning) -> str:
    return f"{sv_date(t.datum)} – {sv_date(t.till)}" if t.till else f"från och med {sv_date(t.datum)}"


def arbetstraning_pdf(t: Arbetstraning, participant: Participant, header: UnitHeader, info: PrintInfo,
                      handlaggare_namn: str = "") -> bytes:
    """Arbetsträningsschema för <namn> as PDF bytes."""
    setup(info)
    number = pnr(participant.personnummer)
    w = CONTENT_W
    story = [
        *title(f"{TITLE} för {participant.namn}".strip(), "För deltagaren och arbetsplatsen"),
        field_grid([[("Namn", participant.namn), ("Personnummer", number)],
                    [("Arbetsplats", t.arbetsplats)],
                    [("Handledare", t.handledare), ("Telefon till handledare", t.handledare_telefon)],
                    [("Period", period_text(t))],
                    [("Arbetsförmedlingens beslut, datum", sv_date(t.af_beslut_datum)),
                     ("Beslutets referens", t.af_beslut_referens)]],
                   [w * 0.6, w * 0.4]),
        *free_text("Arbetsuppgifter", t.arbetsuppgifter, blank_lines=4),
        *_schema(t),
    ]
    # the signatures never alone on a page: the anpassningar go with them (when they are short;
    # a long table flows, and the signatures follow its last rows)
    anpassningar = _anpassningar(t)
    kept = len(anpassningar) == 1 and isinstance(anpassningar[0], KeepTogether)
    if not kept:
        story += anpassningar
    story.append(signature_block([Signer("Deltagare", participant.namn), Signer("Handledare", t.handledare),
                                  Signer("Arbetsmarknadshandläggare", handlaggare_namn)],
                                 heading_text="Underskrifter", lead=anpassningar if kept else None))
    return build_pdf(story, doc=t, doc_title=TITLE, subject=f"{TITLE}, version {info.version}",
                     person_name=participant.namn, person_pnr=number, header=header, info=info)

