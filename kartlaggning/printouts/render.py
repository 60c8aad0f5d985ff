"""The PDF of a ``PrintContent`` (what a stored print version shows), in memory."""
from __future__ import annotations

from datetime import date

from ..models.printed import KOMPETENSKORT, PLAN, UTVECKLINGSPLAN, PrintContent
from ..models.unit import UnitHeader
from .meta import PrintInfo


def print_info(version: int, printed: date, content_hash: str) -> PrintInfo:
    """The footer of a print: its version, the date it was first printed, its hash."""
    return PrintInfo(version=version, printed=printed, content_hash=content_hash)


def render(content: PrintContent, header: UnitHeader, info: PrintInfo) -> bytes:
    """PDF bytes of ``content`` (nothing touches the disk)."""
    from .. import printouts  # reportlab only now
    doc = content.document
    if content.kind == PLAN:
        return printouts.plan_pdf(doc, header, info)
    if content.kind == UTVECKLINGSPLAN:
        return printouts.utvecklingsplan_pdf(doc, content.participant, header, info)
    if content.kind == KOMPETENSKORT:
        return printouts.kompetenskort_pdf(doc, header, info)
    return printouts.kartlaggning_pdf(doc, content.participant, header, info,
                                      handlaggare_namn=content.handlaggare_namn)
