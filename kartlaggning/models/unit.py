"""The unit's letterhead, a setting of the unit printed on every page."""
from __future__ import annotations

from dataclasses import dataclass

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def is_png(data: bytes | None) -> bool:
    """True if ``data`` starts like a PNG file (use it to validate a logo setting)."""
    return bool(data) and data[:8] == PNG_SIGNATURE


@dataclass(frozen=True)
class UnitHeader:
    """The letterhead printed at the top of every page."""
    kommun: str
    forvaltning: str = "Utbildning och arbete"
    enhet: str = "Arbetsmarknadsenheten"
    adress: str = ""  # printed in the footer; newlines become " · "
    logo_png: bytes | None = None  # PNG bytes, never a path

    def __repr__(self) -> str:  # keep logo bytes out of logs and tracebacks
        logo = f"<{len(self.logo_png)} bytes>" if self.logo_png else None
        return (f"UnitHeader(kommun={self.kommun!r}, forvaltning={self.forvaltning!r}, "
                f"enhet={self.enhet!r}, adress={self.adress!r}, logo_png={logo})")
