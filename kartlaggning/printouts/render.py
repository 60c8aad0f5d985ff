"""The PDF of a ``PrintContent`` (what a stored print version shows), in memory."""
from __future__ import annotations

import threading
from datetime import date

from ..models.printed import ARBETSTRANING, KOMPETENSKORT, MEDGIVANDE, PLAN, REFERRAL, UTVECKLINGSPLAN, PrintContent
from ..models.printed import KARTLAGGNING, SLUTDOKUMENTATION
from ..models.unit import UnitHeader
from .meta import EASY_READ, PrintInfo


def print_info(version: int, printed: date, content_hash: str) -> PrintInfo:
    """The footer of a print: its version, the date it was first printed, its hash."""
    return PrintInfo(version=version, printed=printed, content_hash=content_hash)


def render(content: PrintContent, header: UnitHeader, info: PrintInfo, first_pages: int | None = None) -> bytes:
    """PDF bytes of ``content`` (nothing touches the disk); with ``first_pages``
    only that many pages (a first look for the preview, never printed)."""
    import dataclasses
    if first_pages:
        info = dataclasses.replace(info, only_pages=first_pages)
    with _ONE_AT_A_TIME:
        return _render(content, header, info)


# reportlab keeps fonts and styles in module globals: one layout at a time
# (the preview renders in a worker thread).
_ONE_AT_A_TIME = threading.Lock()


def _render(content: PrintContent, header: UnitHeader, info: PrintInfo) -> bytes:
    from .. import printouts  # reportlab only now
    doc = content.document
    if info.variant == EASY_READ:
        return _render_easy_read(content, header, info)
    if content.kind == PLAN:
        return printouts.plan_pdf(doc, header, info, consent_withdrawn=content.consent_withdrawn)
    if content.kind == UTVECKLINGSPLAN:
        return printouts.utvecklingsplan_pdf(doc, content.participant, header, info, progress=content.progress)
    if content.kind == KOMPETENSKORT:
        return printouts.kompetenskort_pdf(doc, header, info)
    if content.kind == SLUTDOKUMENTATION:
        return printouts.slutdokumentation_pdf(doc, content.participant, header, info,
                                               handlaggare_namn=content.handlaggare_namn, progress=content.progress)
    if content.kind == ARBETSTRANING:
        from .arbetstraning import arbetstraning_pdf
        return arbetstraning_pdf(doc, content.participant, header, info, handlaggare_namn=content.handlaggare_namn)
    if content.kind == REFERRAL:
        return printouts.referral_pdf(doc, content.participant, header, info)
    if content.kind == MEDGIVANDE:
        return printouts.medgivande_pdf(doc, content.participant, header, info, content.unit_text,
                                        handlaggare_namn=content.handlaggare_namn)
    return printouts.kartlaggning_pdf(doc, content.participant, header, info,
                                      handlaggare_namn=content.handlaggare_namn)


def _render_easy_read(content: PrintContent, header: UnitHeader, info: PrintInfo) -> bytes:
    """The lättläst print of a plan, an Utvecklingsplan or a kartläggning (its sammanställning)."""
    from . import lattlast
    if content.kind == PLAN:
        return lattlast.plan_pdf(content.document, header, info, consent_withdrawn=content.consent_withdrawn)
    if content.kind == UTVECKLINGSPLAN:
        return lattlast.utvecklingsplan_pdf(content.document, content.participant, header, info,
                                            progress=content.progress)
    if content.kind == KARTLAGGNING:
        return lattlast.sammanstallning_pdf(content.document, content.participant, header, info)
    raise ValueError(f"no easy-to-read {content.kind}")
