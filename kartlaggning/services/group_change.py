"""The average change across the caseload in a period (``models.group_change``), read
from the vault: meant for a worker thread on a reader of its own (no Qt, no SQL)."""
from __future__ import annotations

from datetime import date

from ..models.group_change import GroupChange, group_change
from . import progress, selfrating


def caseload_change(repo, start: date, end: date) -> GroupChange:
    """Every participant's självskattningar and progress events up to ``end``, averaged."""
    if end < start:
        raise ValueError("the period ends before it starts")
    people = [(selfrating.ratings(repo, s.id), progress.progress(repo, s.id, until=end).events)
              for s in repo.search("")]
    return group_change(people, start, end)
