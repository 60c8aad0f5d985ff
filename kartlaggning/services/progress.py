"""The progress of one participant for the window (no Qt, no SQL): the rating layers,
the extent over time, the MI rulers and the timeline of samtal, follow-ups and steps;
recording a hinder resolved."""
from __future__ import annotations

from datetime import date

from ..models.progress import Progress, build_progress


def progress(repo, participant_id: str, until: date | None = None) -> Progress:
    """Everything the progress view shows, from what is stored."""
    return build_progress(
        repo.documents(participant_id, "sjalvskattning"),
        [repo.get_kartlaggning(k) for k in repo.kartlaggning_ids(participant_id)],
        repo.documents(participant_id, "arbetstraning"),
        repo.documents(participant_id, "uppfoljning"),
        {w.id: w for w in repo.workplaces()}, until)


def hinder(repo, participant_id: str) -> list[tuple[str, object]]:
    """(area key, GridEntry) of every hinder of the latest kartläggning, in the form's
    order, the resolved ones included (they keep their history)."""
    k = repo.latest_kartlaggning(participant_id)
    if k is None:
        return []
    return [(key, e) for key, rec in k.areas.items() for e in rec.hinder if e.text.strip()]


def resolve_hinder(repo, entry_id: str, on: date, reason: str) -> None:
    """Record that a hinder was resolved on ``on``, and how; its text stays."""
    repo.resolve_entry(entry_id, on, reason)


def reopen_hinder(repo, entry_id: str) -> None:
    """The hinder stands again (resolved by mistake)."""
    repo.resolve_entry(entry_id, None, "")

