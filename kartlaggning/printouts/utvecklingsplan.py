"""Utvecklingsplan: printed at each monthly follow-up.

The paper form first (Utvecklingsområden, the follow-up rows, the responsibilities, the
avstämning); then, when there is something to draw, the section "Utveckling": the
participant's självskattningar as a radar, the arbetsträning's extent and the MI rulers
up to the plan's date (``charts.progress_section``; each chart whole on one page)."""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from ..models.participant import Participant
from ..models.plans import Utvecklingsplan
from ..models.progress import Progress
from .charts import progress_section
from .common import (CONTENT_W, S, T, at_least, build_pdf, free_text, grid, has_text, heading, keep_small,
                     inline_field, pnr, scale_of, setup, sv_date, text_block, title, writing_lines)
from .meta import PrintInfo, UnitHeader

TITLE = "Utvecklingsplan"
MIN_ROWS = 4


def _rader(plan: Utvecklingsplan) -> list:
    rows, heights = [], []
    for r in plan.rader:
        rows.append([T(sv_date(r.datum), S.cell), text_block(r.omrade, S.cell) or ""])
        heights.append(None)
    while len(rows) < MIN_ROWS:
        rows.append(["", ""])
        heights.append(9 * mm)
    return keep_small([grid(["Datum för uppföljning", "Utvecklingsområde"], rows,
                            [42 * mm, CONTENT_W - 42 * mm], row_heights=heights)])


def _ansvar(plan: Utvecklingsplan) -> list:
    """Mitt ansvar and AME:s ansvar side by side, equal width: both weigh the same."""
    half = CONTENT_W / 2
    inner = half - 8
    cells = []
    for value in (plan.mitt_ansvar, plan.ame_ansvar):
        content = text_block(value, S.cell) if has_text(value) else []
        cells.append(at_least(content, inner, 40 * mm))
    return [grid(["Mitt ansvar", "AME:s ansvar"], [cells], [half, half])]


def utvecklingsplan_pdf(plan: Utvecklingsplan, participant: Participant, header: UnitHeader,
                        info: PrintInfo, progress: Progress | None = None) -> bytes:
    """Utvecklingsplan för <namn> as PDF bytes; with ``progress`` (as of the plan's date)
    its "Utveckling" charts after the form."""
    setup(info)
    number = pnr(participant.personnummer)
    subtitle = f"Personnummer {number} · Uppföljning {sv_date(plan.datum)}"
    story = [
        *title(f"{TITLE} för {participant.namn}".strip(), subtitle),
        *free_text("Utvecklingsområden", plan.utvecklingsomraden, blank_lines=4),
        *_rader(plan),
        Spacer(1, 6 * mm),
        *keep_small([inline_field("Datum", sv_date(plan.ansvar_datum)), Spacer(1, 2 * mm), *_ansvar(plan)]),
        *keep_small([heading("Avstämning"),
                     inline_field("Datum", sv_date(plan.avstamning_datum)),
                     Spacer(1, 2 * mm),
                     *(text_block(plan.avstamning) if has_text(plan.avstamning) else [writing_lines(5)])]),
        *progress_section(progress, scale_of(info), f"fram till {sv_date(plan.datum)}"),
    ]
    return build_pdf(story, doc=plan, doc_title=TITLE, subject=f"{TITLE}, version {info.version}",
                     person_name=participant.namn, person_pnr=number, header=header, info=info)
