"""The caseload ("Att göra"): for every participant, what needs doing now (no Qt, no SQL).

Six kinds, each a reason to open the participant at one place:

* ``FOLLOW_UP`` — in arbetsträning and the next monthly follow-up falls in this month
  or has passed (the rule of ``services.method.follow_up_due``);
* ``PLAN`` — the latest Individuell plan mot arbete is not signed yet;
* ``SAMTAL`` — the latest kartläggning has had more than five samtal and its
  sammanställning is not signed (the method plans three to five);
* ``CONSENT`` — the Medgivande om informationsutbyte is withdrawn, missing (never
  signed) or past its last day;
* ``REFERRAL`` — Arbetsförmedlingen's referral period ends within 30 days, or has
  ended while the participant is still active (a new decision or an avslut is due);
* ``GALLRING`` — the retention time has passed since the last entry (``services.retention``).

A closed participant (avslut) appears only under gallring. Every group is in Swedish
alphabetical order of the names (then personnummer), as the participant list.

``build`` reads everything in a few bulk queries (``storage.caseload``) and is meant
to run in a worker thread on a reader of its own; ``update`` recomputes only some
participants (after an edit) and keeps the rest.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from . import retention
from .method import _next_month  # the month step of follow_up_due, so both agree

FOLLOW_UP = "follow_up"
PLAN = "plan"
SAMTAL = "samtal"
CONSENT = "consent"
REFERRAL = "referral"
GALLRING = "gallring"
KINDS = (FOLLOW_UP, PLAN, SAMTAL, CONSENT, REFERRAL, GALLRING)

# Where each kind is opened: the participant form's consent or referral fields, the
# kartläggning, the plan, the follow-ups; gallring opens the participant.
PLACE_CONSENT = "consent"
PLACE_REFERRAL = "referral"
PLACE_KARTLAGGNING = "kartlaggning"
PLACE_PLAN = "plan"
PLACE_FOLLOW_UP = "uppfoljning"
PLACE_PARTICIPANT = "participant"
PLACES = {FOLLOW_UP: PLACE_FOLLOW_UP, PLAN: PLACE_PLAN, SAMTAL: PLACE_KARTLAGGNING, CONSENT: PLACE_CONSENT,
          REFERRAL: PLACE_REFERRAL, GALLRING: PLACE_PARTICIPANT}

# ``Item.state`` per kind
DUE, OVERDUE = "due", "overdue"  # follow-up
WITHDRAWN, MISSING, EXPIRED = "withdrawn", "missing", "expired"  # consent
ENDING, ENDED = "ending", "ended"  # referral

MAX_SAMTAL = 5
REFERRAL_WARNING_DAYS = 30
CLOSED = "closed"  # storage's status after avslut (Repository.refresh_status)


def today() -> date:
    """The day to judge by: the one of ``services.retention`` (tests fix it there)."""
    return retention.today()


@dataclass(frozen=True)
class Item:
    """One thing to do about one participant."""
    kind: str
    participant_id: str
    namn: str
    personnummer: str  # 12 digits
    day: date | None = None  # the date it is about (due, withdrawn, ends, due for gallring since)
    state: str = ""  # DUE/OVERDUE, WITHDRAWN/MISSING/EXPIRED, ENDING/ENDED; "" for the others
    count: int = 0  # SAMTAL: how many samtal
    sort_key: str = ""

    @property
    def place(self) -> str:
        return PLACES[self.kind]


@dataclass(frozen=True)
class Caseload:
    today: date
    groups: dict[str, list[Item]] = field(default_factory=dict)  # every kind, in KINDS order

    def items(self, kind: str) -> list[Item]:
        return self.groups.get(kind, [])

    def count(self, kind: str) -> int:
        return len(self.items(kind))

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.groups.values())

    def participant_ids(self) -> set[str]:
        return {i.participant_id for items in self.groups.values() for i in items}


def _day(value) -> date | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def follow_up_due(training: tuple | None, follow_up: tuple | None, on: date) -> date | None:
    """``services.method.follow_up_due`` from the latest arbetsträning's (start, till) and
    the latest follow-up's (datum, nästa), for a participant who is not closed."""
    if training is None:
        return None
    start, till = _day(training[0]), _day(training[1])
    if start is None or (till is not None and till < on):
        return None
    if follow_up is None:
        return _next_month(start)
    datum, nasta = _day(follow_up[0]), _day(follow_up[1])
    if nasta is not None:
        return nasta
    return _next_month(datum) if datum is not None else None


def _items_of(row: tuple, facts, on: date) -> list[Item]:
    """Everything to do about one participant (gallring aside)."""
    pid, namn, pnr, sort_key, status, c_signed, c_withdrawn, c_until, referral_to = row
    if status == CLOSED:
        return []
    out = []

    def item(kind, day=None, state="", count=0):
        out.append(Item(kind, pid, namn, pnr, day, state, count, sort_key))

    due = follow_up_due(facts.training.get(pid), facts.follow_up.get(pid), on)
    if due is not None and due <= month_end(on):
        item(FOLLOW_UP, due, OVERDUE if due < on else DUE)
    plan = facts.plan.get(pid)
    if plan is not None and not plan[1]:
        item(PLAN, _day(plan[0]))
    k = facts.kartlaggning.get(pid)
    if k is not None and k[1] > MAX_SAMTAL and not k[0]:
        item(SAMTAL, count=k[1])
    withdrawn, until = _day(c_withdrawn), _day(c_until)
    if withdrawn is not None:
        item(CONSENT, withdrawn, WITHDRAWN)
    elif _day(c_signed) is None:
        item(CONSENT, None, MISSING)
    elif until is not None and until < on:
        item(CONSENT, until, EXPIRED)
    ends = _day(referral_to)
    if ends is not None and ends <= on + timedelta(days=REFERRAL_WARNING_DAYS):
        item(REFERRAL, ends, ENDING if ends >= on else ENDED)
    return out


def _gallring_items(facts, on: date, years: int) -> list[Item]:
    """Who is due for gallring on ``on``: ``retention.due``'s rule (its ``due_date`` of the
    local day of the last entry), from the same save stamps, for the participants of ``facts``."""
    out = []
    for pid, namn, pnr, sort_key, *_rest in facts.participants:
        stamp = facts.last_saved.get(pid)
        if stamp:
            since = retention.due_date(_local_day(stamp), years)
            if since <= on:
                out.append(Item(GALLRING, pid, namn, pnr, since, "", 0, sort_key))
    return out


def _local_day(stamp: str) -> date:
    """The local day of a stored UTC timestamp (a plain date is that day), as retention counts."""
    if len(stamp) == 10:
        return date.fromisoformat(stamp)
    return datetime.fromisoformat(stamp).astimezone().date()


def _items(repo, facts, on: date) -> list[Item]:
    items = [i for row in facts.participants for i in _items_of(row, facts, on)]
    return items + _gallring_items(facts, on, retention.years(repo))


def _grouped(items: list[Item], on: date) -> Caseload:
    groups: dict[str, list[Item]] = {kind: [] for kind in KINDS}
    for i in items:
        groups[i.kind].append(i)
    return Caseload(on, groups)


def build(repo, on: date | None = None) -> Caseload:
    """The whole caseload on ``on`` (today)."""
    from ..storage import caseload as store
    on = on or today()
    return _grouped(_items(repo, store.facts(repo.vault), on), on)


def update(previous: Caseload, repo, participant_ids, on: date | None = None) -> Caseload:
    """``previous`` with ``participant_ids`` recomputed (edited, created or deleted):
    cheap after an edit. A new day recomputes everything."""
    from ..storage import caseload as store
    on = on or today()
    if on != previous.today:
        return build(repo, on)
    ids = set(participant_ids)
    if not ids:
        return previous
    fresh = _items(repo, store.facts(repo.vault, ids), on)
    kept = [i for kind in KINDS for i in previous.items(kind) if i.participant_id not in ids]
    merged = sorted(kept + fresh, key=lambda i: (i.sort_key, i.personnummer))
    return _grouped(merged, on)
