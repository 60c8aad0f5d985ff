"""The kartläggning being mapped in the wizard (no Qt, no SQL).

One object owns the ``Kartlaggning`` the wizard's pages edit. Each part of it is
saved by itself — one area's Hinder, one area's Fakta, the motivationskors, one
samtal — so a keystroke writes one column, not the whole kartläggning (the save
benchmark depends on it). Every part's save and the drafts of its fields commit in
one transaction (``save``). Starting and ending a samtal are use cases here too.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Iterable

from ..models.errors import ValidationError
from ..models.kartlaggning import HINDER, MAX_SAMTAL_MINUTES, Kartlaggning, Samtal
from .editing import Draft, FieldDrafts

# What a save can cover: ("entries", area, kind), ("fakta", area), ("header",),
# ("samtal", samtal id), ("motivation",), ("sammanstallning",), ("atgarder",).
Part = tuple


def timeframe_error(minutes: int) -> ValidationError | None:
    """The agreed time frame of a samtal: 1 to 60 minutes."""
    if minutes > MAX_SAMTAL_MINUTES:
        return ValidationError("tidsram_minuter", "timeframe", minutes=minutes)
    if minutes < 1:
        return ValidationError("tidsram_minuter", "timeframe_min")
    return None


def end_time_for(samtal: Samtal, now: datetime) -> time:
    """Now, unless the samtal began on another day (left running): then its agreed end."""
    start = samtal.start or time(0, 0)
    if now.date() == samtal.datum and now.time() >= start:
        return now.time().replace(microsecond=0)
    agreed = datetime.combine(samtal.datum, start) + timedelta(minutes=samtal.tidsram_minuter)
    return agreed.time() if agreed.date() == samtal.datum else time(23, 59, 59)


class KartlaggningSession:
    def __init__(self, repo, kartlaggning: Kartlaggning):
        self.repo = repo
        self.k = kartlaggning
        self.drafts = FieldDrafts(repo, kartlaggning.participant_id, kartlaggning.id)

    @property
    def id(self) -> str:
        return self.k.id

    # ---- saving ----------------------------------------------------------------------

    def save(self, part: Part, bad: dict[str, Draft] | None = None, fine: Iterable[str] = (),
             gone: Iterable[str] = ()) -> bool:
        """Write ``part`` as the model holds it, with the drafts of its fields
        (``FieldDrafts.sync``), in one transaction. True when the drafts changed."""
        with self.repo.vault.transaction():
            self._write(part)
            return self.drafts.sync(bad or {}, fine, gone)

    def _write(self, part: Part) -> None:
        kind, *args = part
        k, kid, repo = self.k, self.k.id, self.repo
        if kind == "entries":
            area, column = args
            record = k.area(area)
            repo.save_entries(kid, area, column, list(record.hinder if column == HINDER else record.resurser))
        elif kind == "fakta":
            (area,) = args
            repo.set_fakta(kid, area, k.area(area).fakta)
        elif kind == "header":
            repo.save_kartlaggning_header(k)
        elif kind == "samtal":
            (samtal_id,) = args
            samtal = next(s for s in k.samtal if s.id == samtal_id)
            repo.save_samtal(kid, samtal, k.samtal.index(samtal))
        elif kind == "motivation":
            repo.save_motivation(kid, k.motivation)
        elif kind == "sammanstallning":
            repo.save_sammanstallning(kid, k.sammanstallning)
        elif kind == "atgarder":
            repo.save_atgarder(kid, k.atgarder_innan_plan)
        else:
            raise ValueError(f"unknown part {part!r}")

    # ---- samtal --------------------------------------------------------------------------

    def start_samtal(self, now: datetime, tidsram_minuter: int, tolk_narvarande: bool, anteckning: str,
                     tolk_sprak: str = "") -> Samtal:
        """A new samtal from now (not yet saved: ``save(("samtal", id))``); the
        time frame's ValidationError when it is out of range."""
        error = timeframe_error(tidsram_minuter)
        if error is not None:
            raise error
        samtal = Samtal(datum=now.date(), start=now.time().replace(microsecond=0),
                        tidsram_minuter=tidsram_minuter, tolk_narvarande=tolk_narvarande,
                        tolk_sprak=tolk_sprak.strip() if tolk_narvarande else "", anteckning=anteckning)
        self.k.samtal.append(samtal)
        return samtal

    def interpreter_language(self) -> str:
        """The language to offer for an interpreter: the last samtal's, else the first of
        the languages the participant's record gives ("arabiska, svenska" -> "arabiska")."""
        for s in reversed(self.k.samtal):
            if s.tolk_sprak.strip():
                return s.tolk_sprak.strip()
        try:
            sprak = self.repo.get_participant(self.k.participant_id).sprak
        except KeyError:
            return ""
        first = sprak.replace(";", ",").split(",")[0].strip()
        return "" if first.lower() == "svenska" else first

    def end_samtal(self, samtal: Samtal, now: datetime) -> None:
        samtal.slut = end_time_for(samtal, now)

    def resumable(self, today: date) -> Samtal | None:
        """The last samtal, if it ended today and none is running (ended by mistake)."""
        if self.k.current_samtal is not None or not self.k.samtal:
            return None
        last = self.k.samtal[-1]
        return last if last.ended and last.datum == today else None

    def samtal_for_new_entries(self, today: date) -> str | None:
        """The samtal a new hinder or resurs is put down to (the handläggare can change it).

        The running samtal; else the last one if it was held today (written up right
        after it); else none: on another day the entry more likely comes from somewhere
        else (a document, a phone call), and a wrong samtal on the signed printout is
        worse than none."""
        current = self.k.current_samtal
        if current is not None:
            return current.id
        last = self.k.samtal[-1] if self.k.samtal else None
        if last is not None and last.datum == today:
            return last.id
        return None
