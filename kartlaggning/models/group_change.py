"""The average change across a handläggare's participants in a period, with nothing that
identifies anyone (no Qt, no SQL).

Per participant and area: the participant's own rating at the first and at the last
självskattning in the period that rated the area, both put on a 0-10 scale (units may
change their scale), the change being last minus first. Per area: the mean of those
changes. The stegförflyttningar count the participants who made at least one of a kind
in the period.

No figure is given for fewer than ``MIN_GROUP`` participants (an average of one or two
is their own rating): such a cell says so instead. Nothing in the result names anyone,
holds an id, a date of anyone's rating or a word they wrote.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .areas import AREA_KEYS
from .progress import STEPS, Event
from .selfrating import Sjalvskattning

MIN_GROUP = 3


@dataclass(frozen=True)
class Figure:
    """A mean over ``participants`` people; ``value`` None when they are too few."""
    participants: int
    value: float | None

    @property
    def too_few(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class GroupChange:
    start: date
    end: date
    participants: int  # in the period: with two own ratings of any area in it
    active: int  # with a självskattning, a samtal, a follow-up or a step in the period
    areas: dict[str, Figure] = field(default_factory=dict)  # area key -> mean change, 0-10 scale
    overall: Figure = Figure(0, None)  # the mean of each participant's mean change
    steps: dict[str, Figure] = field(default_factory=dict)  # kind -> participants with one (value: their share)


def _on_ten(value: int, low: int, high: int) -> float:
    return (value - low) * 10 / (high - low)


def participant_change(ratings: list[Sjalvskattning], start: date, end: date) -> dict[str, float]:
    """Area -> change of one participant's own rating over the period (0-10 scale);
    areas rated only once in it are left out."""
    inside = sorted((r for r in ratings if start <= r.datum <= end), key=lambda r: r.datum)
    out: dict[str, float] = {}
    for area in AREA_KEYS:
        points = [(r, r.rating(area).egen) for r in inside if r.rating(area).egen is not None]
        if len(points) >= 2:
            (first, a), (last, b) = points[0], points[-1]
            out[area] = _on_ten(b, last.skala_min, last.skala_max) - _on_ten(a, first.skala_min, first.skala_max)
    return out


def _figure(values: list[float]) -> Figure:
    n = len(values)
    return Figure(n, round(sum(values) / n, 1) if n >= MIN_GROUP else None)


def group_change(people: list[tuple[list[Sjalvskattning], list[Event]]], start: date, end: date) -> GroupChange:
    """``people``: each participant's självskattningar and progress events."""
    changes = [participant_change(ratings, start, end) for ratings, _events in people]
    rated = [c for c in changes if c]
    areas = {area: _figure([c[area] for c in rated if area in c]) for area in AREA_KEYS}
    overall = _figure([sum(c.values()) / len(c) for c in rated])
    active = [events for ratings, events in people
              if any(start <= e.datum <= end for e in events) or any(start <= r.datum <= end for r in ratings)]
    steps = {}
    for kind in STEPS:
        made = sum(1 for events in active if any(e.kind == kind and start <= e.datum <= end for e in events))
        share = round(made / len(active), 2) if len(active) >= MIN_GROUP and made >= MIN_GROUP else None
        steps[kind] = Figure(made if share is not None else 0, share)
    return GroupChange(start, end, len(rated), len(active), areas, overall, steps)
