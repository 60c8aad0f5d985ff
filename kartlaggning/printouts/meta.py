"""What every printout needs besides its document, without importing reportlab.

``UnitHeader`` comes from the unit's settings, ``PrintInfo`` from the print
versioning; ``content_hash`` is the short fingerprint printed in the footer.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

from ..models.serialize import to_jsonable

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class UnitHeader:
    """The letterhead printed at the top of every page (a setting of the unit)."""
    kommun: str
    forvaltning: str = "Utbildning och arbete"
    enhet: str = "Arbetsmarknadsenheten"
    adress: str = ""  # printed in the footer; newlines become " · "
    logo_png: bytes | None = None  # PNG bytes, never a path

    def __repr__(self) -> str:  # keep logo bytes out of logs and tracebacks
        logo = f"<{len(self.logo_png)} bytes>" if self.logo_png else None
        return (f"UnitHeader(kommun={self.kommun!r}, forvaltning={self.forvaltning!r}, "
                f"enhet={self.enhet!r}, adress={self.adress!r}, logo_png={logo})")


@dataclass(frozen=True)
class PrintInfo:
    """Print versioning: printed in the footer as ``Version 3 · 1a2b3c4d``.

    ``printed`` is also the PDF creation date (a ``datetime`` keeps its time).
    If ``content_hash`` is empty, the document's own ``content_hash`` is printed.
    """
    version: int = 1
    printed: date = field(default_factory=date.today)
    content_hash: str = ""


def canonical_json(doc) -> bytes:
    """The document as canonical JSON: sorted keys, no spaces, UTF-8."""
    return json.dumps(to_jsonable(doc), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"), allow_nan=False).encode("utf-8")


def content_hash(doc) -> str:
    """First 8 hex digits of the sha256 of the document's canonical JSON."""
    return hashlib.sha256(canonical_json(doc)).hexdigest()[:8]


def is_png(data: bytes | None) -> bool:
    """True if ``data`` starts like a PNG file (use it to validate a logo setting)."""
    return bool(data) and data[:8] == PNG_SIGNATURE
