"""PDF printouts of the signed documents (reportlab Platypus).

Each document function takes model objects, a ``UnitHeader`` and a
``PrintInfo`` and returns PDF ``bytes``; nothing is written to disk. No Qt,
no storage. reportlab is imported when the first document is rendered
(``UnitHeader``, ``PrintInfo`` and ``content_hash`` do not need it).
``kartlaggning.printouts.render.render`` renders a stored print's
``PrintContent`` (kept as a submodule so its name does not shadow it).
"""
from __future__ import annotations

from .meta import PrintInfo, UnitHeader, content_hash, is_png

__all__ = ["UnitHeader", "PrintInfo", "content_hash", "is_png",
           "plan_pdf", "utvecklingsplan_pdf", "kartlaggning_pdf", "kompetenskort_pdf", "referral_pdf",
           "medgivande_pdf"]

_LAZY = {
    "plan_pdf": ".plan",
    "utvecklingsplan_pdf": ".utvecklingsplan",
    "kartlaggning_pdf": ".kartlaggning",
    "kompetenskort_pdf": ".kompetenskort",
    "referral_pdf": ".referral",
    "medgivande_pdf": ".medgivande",
}
_LAZY["slutdokumentation_pdf"] = ".slutdokumentation"  # (own lines: others add kinds above meanwhile)
__all__.append("slutdokumentation_pdf")


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module
        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
