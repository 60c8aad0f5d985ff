"""Progress you can see: what the charts and the timeline of a participant show, built
from the model objects alone (no Qt, no SQL, no drawing).

* ``layers`` – each självskattning: the participant's own rating per area and the
  handläggare's view, on the scale it was made on (the radar; earlier ones faded).
* ``planned`` / ``actual`` – the arbetsträningsschema's steps and the extent actually
  worked at each follow-up (the extent chart).
* ``mi`` – the motivational-interviewing rulers (importance, confidence) of each
  kartläggning, at its last samtal.
* ``events`` – the timeline: samtal, follow-ups, självskattningar and the
  stegförflyttningar (more time in arbetsträning, from the unit's own workplace to an
  external employer, a new resurs found, a hinder resolved).

A printout keeps a ``Progress`` without events in its stored version (what it printed).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .areas import AREA_KEYS
from ..i18n import N_

SAMTAL = "samtal"
UPPFOLJNING = "uppfoljning"
SJALVSKATTNING = "sjalvskattning"
ARBETSTRANING_START = "arbetstraning_start"
MER_TID = "mer_tid"  # more hours in arbetsträning
EXTERN = "extern"  # from the unit's own workplace to an external employer
NY_RESURS = "ny_resurs"
HINDER_LOST = "hinder_lost"
STEPS = (MER_TID, EXTERN, NY_RESURS, HINDER_LOST)  # the stegförflyttningar
EVENT_LABELS = {
    SAMTAL: N_("Samtal"),
    UPPFOLJNING: N_("Follow-up"),
    SJALVSKATTNING: N_("Self-rating"),
    ARBETSTRANING_START: N_("Arbetsträning began"),
    MER_TID: N_("More time in arbetsträning"),
    EXTERN: N_("To an external employer"),
    NY_RESURS: N_("A new resurs found"),
    HINDER_LOST: N_("A hinder resolved"),
}
_ORDER = {kind: i for i, kind in enumerate(EVENT_LABELS)}


@dataclass
class RatingLayer:
    datum: date
    skala_min: int
    skala_max: int
    egen: dict[str, int | None] = field(default_factory=dict)  # area key -> the participant's rating
    handlaggare: dict[str, int | None] = field(default_factory=dict)  # area key -> the handläggare's view

    @property
    def has_staff(self) -> bool:
        return any(v is not None for v in self.handlaggare.values())

    @property
    def has_own(self) -> bool:
        return any(v is not None for v in self.egen.values())


@dataclass
class ExtentPoint:
    datum: date
    procent: int


@dataclass
class MiPoint:
    datum: date
    viktighet: int | None
    tilltro: int | None


@dataclass
class Event:
    datum: date
    kind: str
    detail: str = ""  # what it is about (a resurs, a workplace, "25 → 50 %"); personal data, never logged


@dataclass
class Progress:
    layers: list[RatingLayer] = field(default_factory=list)
    planned: list[ExtentPoint] = field(default_factory=list)  # the schema's steps, in date order
    actual: list[ExtentPoint] = field(default_factory=list)  # the follow-ups' actual extent, in date order
    mi: list[MiPoint] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @property
    def has_ratings(self) -> bool:
        return any(layer.has_own or layer.has_staff for layer in self.layers)

    @property
    def has_extent(self) -> bool:
        return bool(self.planned or self.actual)

    @property
    def is_empty(self) -> bool:
        return not (self.has_ratings or self.has_extent or self.mi)

    def without_events(self) -> "Progress":
        return Progress(self.layers, self.planned, self.actual, self.mi, [])


def build_progress(sjalvskattningar=(), kartlaggningar=(), arbetstraningar=(), uppfoljningar=(),
                   workplaces: dict | None = None, until: date | None = None) -> Progress:
    """The progress of one participant from its documents; with ``until`` only what
    happened by then (a printout of a given day shows the state of that day)."""
    workplaces = workplaces or {}

    def by_then(d: date | None) -> bool:
        return d is not None and (until is None or d <= until)

    p = Progress()
    for r in sorted(sjalvskattningar, key=lambda r: r.datum):
        if by_then(r.datum):
            p.layers.append(RatingLayer(r.datum, r.skala_min, r.skala_max, r.own(), r.staff()))
            p.events.append(Event(r.datum, SJALVSKATTNING))

    trainings = sorted(arbetstraningar, key=lambda t: t.datum)
    steps = sorted(((s.datum, s.procent) for t in trainings for s in t.schema
                    if s.procent is not None and by_then(s.datum)), key=lambda x: x[0])
    p.planned = [ExtentPoint(d, pct) for d, pct in steps]
    own_before = False
    for t in trainings:
        if not by_then(t.datum):
            continue
        w = workplaces.get(t.workplace_id) if t.workplace_id else None
        p.events.append(Event(t.datum, ARBETSTRANING_START, t.arbetsplats))
        if w is not None and not w.egen and own_before:
            p.events.append(Event(t.datum, EXTERN, t.arbetsplats))
        if w is not None and w.egen:
            own_before = True

    previous = None
    for f in sorted(uppfoljningar, key=lambda f: f.datum):
        if not by_then(f.datum):
            continue
        p.events.append(Event(f.datum, UPPFOLJNING, f"{f.faktisk_procent} %" if f.faktisk_procent is not None else ""))
        if f.faktisk_procent is None:
            continue
        p.actual.append(ExtentPoint(f.datum, f.faktisk_procent))
        if previous is not None and f.faktisk_procent > previous:
            p.events.append(Event(f.datum, MER_TID, f"{previous} → {f.faktisk_procent} %"))
        previous = f.faktisk_procent

    known_resurser: set[str] = set()
    first_samtal = True
    for k in sorted(kartlaggningar, key=lambda k: k.datum):
        dates = {s.id: s.datum for s in k.samtal}
        for s in k.samtal:
            if by_then(s.datum):
                p.events.append(Event(s.datum, SAMTAL))
        m = k.motivation
        if m.viktighet is not None or m.tilltro is not None:
            day = max(dates.values()) if dates else k.datum
            if by_then(day):
                p.mi.append(MiPoint(day, m.viktighet, m.tilltro))
        baseline = k.samtal[0].id if first_samtal and k.samtal else None
        for key in AREA_KEYS:
            rec = k.areas.get(key)
            if rec is None:
                continue
            for e in rec.resurser:
                text = e.text.strip()
                day = dates.get(e.samtal_id)
                if text and text.casefold() not in known_resurser and e.samtal_id != baseline and by_then(day):
                    p.events.append(Event(day, NY_RESURS, text))
                if text:
                    known_resurser.add(text.casefold())
            for e in rec.hinder:
                if e.lost_datum is not None and by_then(e.lost_datum):
                    detail = e.text.strip() + (f" – {e.lost_orsak.strip()}" if e.lost_orsak.strip() else "")
                    p.events.append(Event(e.lost_datum, HINDER_LOST, detail))
        if k.samtal:
            first_samtal = False
    p.mi.sort(key=lambda x: x.datum)
    p.events.sort(key=lambda e: (e.datum, _ORDER.get(e.kind, 99)))
    return p


def record_progress(record, workplaces: dict | None = None, until: date | None = None) -> Progress:
    """``build_progress`` of a ``ParticipantRecord``."""
    return build_progress(record.sjalvskattningar, record.kartlaggningar, record.arbetstraningar,
                          record.uppfoljningar, workplaces, until)
