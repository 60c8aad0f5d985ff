"""Gallring: a participant's record is deleted when the retention time has passed.

The rule: a record is due for gallring ``years`` years (a vault setting, 5 unless
the unit changes it) after its **last entry**: the latest day anything about the
person was saved — the participant form, a kartläggning with its samtal and grid,
a plan, an Utvecklingsplan, a Kompetenskort, a matchning, an arbetsträning, an
uppföljning, an avslut, a draft, a print version — or the avslut's own date if that
is later (``storage.lifecycle.SAVED_AT``). So the time counts from the avslut, or
from anything saved after it (a reopened record, a late print). Opening a record
or printing an unchanged version again is not an entry.

Every function takes the day to judge by (``today``) so tests use fixed dates;
``today()`` is the real one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..models.errors import ValidationError

SETTING = "retention_years"
DEFAULT_YEARS = 5
MIN_YEARS = 1
MAX_YEARS = 50


def today() -> date:
    """The local calendar day (tests replace it)."""
    return date.today()


@dataclass(frozen=True)
class Due:
    """A participant whose retention time has passed."""
    participant_id: str
    namn: str
    personnummer: str
    last_entry: date  # local day of the latest save about them
    due_since: date  # the first day the record was due
    closed: bool = False  # after avslut; else the case went quiet without one (worth a second look)


def add_years(day: date, years: int) -> date:
    """``day`` ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def due_date(last_entry: date, years: int) -> date:
    return add_years(last_entry, years)


def boundary(on: date, years: int) -> date:
    """The latest last entry that is due on ``on`` (about ``years`` years back)."""
    back = add_years(on, -years)
    after = back + timedelta(days=1)  # 29 February, due on 28 February
    return after if due_date(after, years) <= on else back


def check_years(value) -> int:
    """``value`` as a retention time in whole years, or ValidationError."""
    if isinstance(value, str):
        value = value.strip()
        if not value.lstrip("+").isdigit():
            raise ValidationError("retention_years", "rating", low=MIN_YEARS, high=MAX_YEARS)
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_YEARS <= value <= MAX_YEARS:
        raise ValidationError("retention_years", "rating", low=MIN_YEARS, high=MAX_YEARS)
    return value


def years(repo) -> int:
    """The vault's retention time (the default when never set or unusable)."""
    try:
        return check_years(repo.get_setting(SETTING, DEFAULT_YEARS))
    except ValidationError:
        return DEFAULT_YEARS


def set_years(repo, value) -> int:
    """Store a new retention time (validated); the change is audited (old->new)."""
    new = check_years(value)
    old = years(repo)
    if new != old or repo.get_setting(SETTING) is None:
        with repo.vault.transaction():
            repo.set_setting(SETTING, new)
            repo.vault.audit.append("retention.changed", detail=f"{old}->{new}")
    return new


def _local_day(stamp: str) -> date:
    """The local day of a stored UTC timestamp (a plain date is that day)."""
    if len(stamp) == 10:
        return date.fromisoformat(stamp)
    return datetime.fromisoformat(stamp).astimezone().date()


def last_entries(repo) -> list[tuple[str, str, str, date]]:
    """(id, namn, personnummer, last entry day) of every participant, by name."""
    from ..storage import lifecycle
    return [(c.participant_id, c.namn, c.personnummer, _local_day(c.last_saved))
            for c in lifecycle.last_changes(repo.vault)]


def due(repo, on: date, retention_years: int | None = None) -> list[Due]:
    """Everyone whose record is due for gallring on ``on`` (by name)."""
    from .method import is_closed
    n = years(repo) if retention_years is None else check_years(retention_years)
    out = []
    for pid, namn, pnr, last in last_entries(repo):
        since = due_date(last, n)
        if since <= on:
            out.append(Due(pid, namn, pnr, last, since, is_closed(repo, pid)))
    return out


def apply(repo, on: date, participant_ids: list[str] | None = None) -> list[Due]:
    """Delete, securely and in one transaction, everyone due on ``on`` (or, with
    ``participant_ids``, those of them the user confirmed). The audit keeps one
    ``participant.deleted`` per id (detail ``gallring``) and one
    ``retention.applied`` with the count, the retention time and the boundary day:
    no names, no personnummer. Returns who was deleted."""
    from ..storage import lifecycle
    n = years(repo)
    targets = due(repo, on, n)
    if participant_ids is not None:
        wanted = set(participant_ids)
        targets = [d for d in targets if d.participant_id in wanted]
    if not targets:
        return []
    detail = f"count={len(targets)} years={n} last_entry<={boundary(on, n).isoformat()} on={on.isoformat()}"
    lifecycle.delete_participants(repo.vault, [d.participant_id for d in targets], detail="gallring",
                                  summary=("retention.applied", detail))
    return targets
