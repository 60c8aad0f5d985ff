"""Individuell plan mot arbete: written at the three-party meeting, signed by all three."""
from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import LongTable, TableStyle

from ..models.plans import PLAN_CONTACT_ROLES, IndividuellPlan, PlanContact
from .common import (CONTENT_W, HAIR, LINE_W, S, Signer, P, T, build_pdf, field_grid, free_text,
                     grid, has_text, heading, keep_small, pnr, setup, signature_block, sv_date, text_block, title)
from .meta import PrintInfo, UnitHeader

TITLE = "Individuell plan mot arbete"
MIN_DELMAL_LINES = 6
MIN_ANSVAR_ROWS = 4
BLANK_ANSVAR_ROWS = 2  # always room to add a row by hand at the meeting


def _contact(plan: IndividuellPlan, roll: str) -> PlanContact:
    return next((c for c in plan.kontakter if c.roll == roll), PlanContact(roll))


def _kontaktlista(plan: IndividuellPlan) -> list:
    contacts = [(label, _contact(plan, key)) for key, label in PLAN_CONTACT_ROLES]
    known = {key for key, _label in PLAN_CONTACT_ROLES}
    contacts += [("Övrig", c) for c in plan.kontakter  # roles the form does not know
                 if c.roll not in known and (has_text(c.namn) or has_text(c.telefon))]
    rows = [[T(label, S.cell), T(c.namn, S.cell), T(c.telefon, S.cell)] for label, c in contacts]
    heights = [None if has_text(c.namn) or has_text(c.telefon) else 7.5 * mm for _label, c in contacts]
    w = CONTENT_W
    return keep_small([heading("Kontaktlista"),
                       grid(["Funktion", "Namn", "Telefon"], rows, [0.36 * w, 0.38 * w, 0.26 * w],
                            row_heights=heights)])


def _delmal(plan: IndividuellPlan) -> list:
    items = list(plan.delmal)
    # keep the numbering of the form: empty entries in the middle stay as blank lines
    while items and not has_text(items[-1]):
        items.pop()
    count = max(MIN_DELMAL_LINES, len(items) + (1 if len(items) >= MIN_DELMAL_LINES else 0))
    rows, heights = [], []
    for i in range(count):
        text = items[i] if i < len(items) else ""
        rows.append([P(f"{i + 1}.", S.num), text_block(text, S.body) if has_text(text) else ""])
        heights.append(None if has_text(text) else 8 * mm)
    table = LongTable(rows, colWidths=[9 * mm, CONTENT_W - 9 * mm], rowHeights=heights, splitInRow=1,
                      hAlign="LEFT", style=TableStyle([
                          ("LINEBELOW", (0, 0), (-1, -1), LINE_W, HAIR),
                          ("VALIGN", (0, 0), (-1, -1), "TOP"),  # MIDDLE/BOTTOM break splitInRow
                          ("LEFTPADDING", (0, 0), (0, -1), 0),
                          ("TOPPADDING", (0, 0), (-1, -1), 5),
                          ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                      ]))
    return keep_small([heading("Delmål för att uppnå mitt mål"), table])


def _ansvar(plan: IndividuellPlan) -> list:
    rows, heights = [], []
    for a in plan.ansvarsfordelning:
        rows.append([T(a.atgard, S.cell), T(a.ansvarig, S.cell), T(sv_date(a.datum), S.cell)])
        heights.append(None)
    while len(rows) < MIN_ANSVAR_ROWS or len(rows) < len(plan.ansvarsfordelning) + BLANK_ANSVAR_ROWS:
        rows.append(["", "", ""])
        heights.append(9 * mm)
    w = CONTENT_W
    return keep_small([heading("Ansvarsfördelning"),
                       grid(["Åtgärd", "Ansvarig", "Datum"], rows, [0.56 * w, 0.24 * w, 0.20 * w],
                            row_heights=heights)])


def plan_pdf(plan: IndividuellPlan, header: UnitHeader, info: PrintInfo,
             consent_withdrawn: date | None = None) -> bytes:
    """Individuell plan mot arbete as PDF bytes. ``consent_withdrawn``: the date the
    participant withdrew the Medgivande om informationsutbyte, said by the agreement
    (which says information is shared)."""
    setup(info)
    story = [
        *title(TITLE),
        field_grid([[("Namn", plan.namn), ("Personnummer", pnr(plan.personnummer))],
                    [("Adress", plan.adress), ("Datum för upprättande", sv_date(plan.upprattad))]],
                   [CONTENT_W * 0.6, CONTENT_W * 0.4]),
        *_kontaktlista(plan),
        *free_text("Mål", plan.mal, blank_lines=4),
        *_delmal(plan),
        *_ansvar(plan),
        *free_text("Uppföljning", plan.uppfoljning, blank_lines=3),
    ]
    # the agreement and the signatures belong together; if the agreement text is
    # too long for one page it flows, but the signature lines never split
    agreement = [heading("ÖVERENSKOMMELSE"), *text_block(plan.overenskommelse)]
    if consent_withdrawn is not None:
        from .medgivande import withdrawn_notice
        agreement += withdrawn_notice(consent_withdrawn)
    story.append(signature_block([
        Signer("Underskrift enskild", plan.namn),
        Signer("Handläggare Arbetsförmedlingen", _contact(plan, "arbetsformedlingen").namn),
        Signer("Arbetsmarknadshandläggare", _contact(plan, "arbetsmarknadshandlaggare").namn),
    ], lead=agreement))
    return build_pdf(story, doc=plan, doc_title=TITLE, subject=f"{TITLE}, version {info.version}",
                     person_name=plan.namn, person_pnr=pnr(plan.personnummer), header=header, info=info)
