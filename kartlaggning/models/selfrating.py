"""Självskattning: the participant rates each of the twelve areas of the kartläggning
on the unit's scale (0-10 unless the unit chose otherwise), with a comment in their own
words, beside the handläggare's view (a second rating per area). Repeated when the unit
chooses (every three months unless set otherwise), so the ratings over time show the
distance travelled (the BIP and Outcomes Star practice: a radar of the areas).

A document of the participant like the follow-ups (one row per rating in the vault's
documents table). The scale is kept in each document: the unit may change its setting
later, a rating made on 0-10 stays a rating on 0-10.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .areas import AREA_KEYS
from .errors import ValidationError
from .fields import check_text, new_id

DEFAULT_SCALE_MIN = 0
DEFAULT_SCALE_MAX = 10
DEFAULT_INTERVAL_MONTHS = 3
MAX_SCALE = 100  # a unit may choose 1-5, 0-10, 1-10, …; nothing wider than this
MAX_INTERVAL_MONTHS = 24


@dataclass
class SelfRatingSettings:
    """The unit's choice: the scale and how often the rating is repeated."""
    skala_min: int = DEFAULT_SCALE_MIN
    skala_max: int = DEFAULT_SCALE_MAX
    intervall_manader: int = DEFAULT_INTERVAL_MONTHS

    def errors(self) -> list[ValidationError]:
        errors: list[ValidationError] = []
        _check_scale(errors, self.skala_min, self.skala_max)
        n = self.intervall_manader
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_INTERVAL_MONTHS:
            errors.append(ValidationError("intervall_manader", "rating", low=1, high=MAX_INTERVAL_MONTHS))
        return errors


def _check_scale(errors: list, low, high) -> None:
    for name, value in (("skala_min", low), ("skala_max", high)):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SCALE:
            errors.append(ValidationError(name, "rating", low=0, high=MAX_SCALE))
            return
    if high <= low:
        errors.append(ValidationError("skala_max", "scale_order"))


@dataclass
class AreaRating:
    """One area: the participant's own rating and words, the handläggare's view."""
    area: str
    egen: int | None = None  # the participant's own rating
    kommentar: str = ""  # in the participant's own words
    handlaggare: int | None = None  # the handläggare's view of the same area


def _all_ratings() -> list[AreaRating]:
    return [AreaRating(key) for key in AREA_KEYS]


@dataclass
class Sjalvskattning:
    participant_id: str = ""
    id: str = field(default_factory=new_id)
    datum: date = field(default_factory=date.today)
    skala_min: int = DEFAULT_SCALE_MIN
    skala_max: int = DEFAULT_SCALE_MAX
    uppfoljning_id: str | None = None  # the follow-up (or samtal day) it was made at, when there is one
    betyg: list[AreaRating] = field(default_factory=_all_ratings)  # the twelve areas, in the form's order

    def __post_init__(self):
        known = {r.area: r for r in self.betyg}
        extra = [r for r in self.betyg if r.area not in AREA_KEYS]
        self.betyg = [known.get(key) or AreaRating(key) for key in AREA_KEYS] + extra

    def rating(self, area: str) -> AreaRating:
        return next(r for r in self.betyg if r.area == area)

    def own(self) -> dict[str, int | None]:
        return {r.area: r.egen for r in self.betyg if r.area in AREA_KEYS}

    def staff(self) -> dict[str, int | None]:
        return {r.area: r.handlaggare for r in self.betyg if r.area in AREA_KEYS}

    @property
    def is_empty(self) -> bool:
        return all(r.egen is None and r.handlaggare is None and not r.kommentar.strip() for r in self.betyg)

    def errors(self) -> list[ValidationError]:
        errors: list[ValidationError] = []
        _check_scale(errors, self.skala_min, self.skala_max)
        low, high = self.skala_min, self.skala_max
        for i, r in enumerate(self.betyg):
            if r.area not in AREA_KEYS:
                errors.append(ValidationError(f"betyg[{i}].area", "bad_value", value=r.area))
            for name in ("egen", "handlaggare"):
                value = getattr(r, name)
                if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                          or not low <= value <= high):
                    errors.append(ValidationError(f"betyg[{i}].{name}", "rating", low=low, high=high))
            check_text(errors, f"betyg[{i}].kommentar", r.kommentar)
        return errors


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")
