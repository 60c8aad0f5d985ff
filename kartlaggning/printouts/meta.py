"""What every printout needs besides its document, without importing reportlab.

``UnitHeader`` comes from the unit's settings, ``PrintInfo`` from the print
versioning; ``content_hash`` is the short fingerprint printed in the footer.
``UnitHeader``, ``is_png``, ``canonical_json`` and ``content_hash`` are model
code (``kartlaggning.models``), re-exported here as part of the printouts' API.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..models.hashing import canonical_json, content_hash
from ..models.unit import PNG_SIGNATURE, UnitHeader, is_png

__all__ = ["UnitHeader", "PrintInfo", "PNG_SIGNATURE", "canonical_json", "content_hash", "is_png"]


STANDARD = "standard"
LARGE = "stor"  # large print: every text larger
EASY_READ = "lattlast"  # lättläst: plain Swedish, 13-14 pt (the plan, the Utvecklingsplan, the sammanställning)
VARIANTS = (STANDARD, LARGE, EASY_READ)


@dataclass(frozen=True)
class PrintInfo:
    """Print versioning: printed in the footer as ``Version 3 · 1a2b3c4d``.

    ``printed`` is also the PDF creation date (a ``datetime`` keeps its time).
    If ``content_hash`` is empty, the document's own ``content_hash`` is printed.
    ``only_pages`` lays out just the first pages (a quick first look in the
    preview while the whole document renders; their footer reads "Sida 1 av …").
    ``variant``: ``STANDARD``, ``LARGE`` (large print) or ``EASY_READ`` (lättläst).
    """
    version: int = 1
    printed: date = field(default_factory=date.today)
    content_hash: str = ""
    only_pages: int | None = None
    variant: str = STANDARD
