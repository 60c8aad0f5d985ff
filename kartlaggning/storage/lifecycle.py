"""The queries of a record's lifecycle that the rest of storage has no use for:
every draft and print version of one participant (the register extract), when anything
about each participant was last saved (gallring), and deleting several
participants at once (gallring), securely, in one transaction."""
from __future__ import annotations

import json
from dataclasses import dataclass

from .drafts import Draft


@dataclass(frozen=True)
class StoredDraft:
    """A draft (``storage.drafts``) with the time it was last typed."""
    draft: Draft
    updated: str  # UTC ISO timestamp


@dataclass(frozen=True)
class LastChange:
    """When anything about one participant was last saved."""
    participant_id: str
    namn: str
    personnummer: str
    last_saved: str  # UTC ISO timestamp (or an ISO date), the latest of ``SAVED_AT``


# Every timestamp the vault keeps of a save about a participant: the participant row
# (every save of the participant and, through Repository._touch, of their kartläggning,
# samtal, grid entries and documents), each kartläggning and document row, each draft
# and each stored print version. Reading (the audit's "opened") is not a save.
SAVED_AT = (
    "SELECT id AS pid, created AS at FROM participants",
    "SELECT id, updated FROM participants",
    "SELECT participant_id, updated FROM kartlaggningar",
    "SELECT participant_id, updated FROM documents",
    "SELECT participant_id, updated FROM drafts",
    "SELECT participant_id, printed_at FROM prints",
    # the avslut's own date, should it lie after the day it was saved
    "SELECT participant_id, datum FROM documents WHERE kind = 'avslut'",
)


def drafts_of_participant(vault, participant_id: str) -> list[StoredDraft]:
    """Every draft kept for ``participant_id`` (any document, kartläggning or the
    participant form), ordered by scope and field path."""
    out = []
    for scope, path, text, reason, updated in vault.conn.execute(
            "SELECT scope, path, text, reason, updated FROM drafts WHERE participant_id=? ORDER BY scope, path",
            (participant_id,)):
        r = json.loads(reason)
        out.append(StoredDraft(Draft(scope, path, json.loads(text), r.get("code", ""), r.get("params", {})),
                               updated))
    return out


def printed_versions_of_participant(vault, participant_id: str) -> list[tuple[str, int]]:
    """(document id, version) of every print version stored for ``participant_id``,
    also of a document no longer in the vault (a kartläggning replaced by an import),
    in the order they were printed."""
    return [(d, v) for d, v in vault.conn.execute(
        "SELECT document_id, version FROM prints WHERE participant_id=? ORDER BY printed_at, id",
        (participant_id,))]


def last_changes(vault) -> list[LastChange]:
    """For every participant, the latest time anything about them was saved
    (all stamps are UTC ISO 8601, so the greatest string is the latest time; a
    plain date sorts before every time of its day)."""
    sql = (f"SELECT p.id, p.namn, p.personnummer, max(s.at) FROM participants p"
           f" JOIN ({' UNION ALL '.join(SAVED_AT)}) AS s ON s.pid = p.id"
           f" GROUP BY p.id ORDER BY p.sort_key, p.personnummer")
    return [LastChange(*row) for row in vault.conn.execute(sql)]


def delete_participants(vault, participant_ids: list[str], detail: str = "",
                        summary: tuple[str, str] | None = None) -> None:
    """Delete every participant of ``participant_ids`` with everything about them in
    one transaction (all or none): each gets its ``participant.deleted`` entry (with
    ``detail``), then ``summary`` (event, detail) is appended once. secure_delete zeroes
    the freed pages; the WAL is checkpointed and truncated afterwards."""
    with vault.transaction() as conn:
        for pid in participant_ids:
            conn.execute("DELETE FROM participants WHERE id = ?", (pid,))
            vault.audit.append("participant.deleted", pid, detail)
        if summary is not None:
            vault.audit.append(summary[0], detail=summary[1])
    vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
