"""Append-only, hash-chained audit log inside the vault.

Entries carry event codes and internal ids only: never names, personnummer or
free text. Triggers forbid UPDATE and DELETE; each hash covers the previous one,
so an edit made around the triggers (or a removed row) breaks the chain.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone

from .errors import AuditChainBroken

GENESIS = "0" * 64
EVENTS = (
    "vault.created", "vault.unlocked", "vault.recovered", "vault.migrated", "vault.passphrase_changed",
    "participant.created", "participant.opened", "participant.changed", "participant.exported",
    "participant.printed", "participant.deleted", "participant.imported", "backup.created",
    "output.leftover_removed",
    "vault.keys_rotated",  # re-encrypted under a new data key with a new recovery key (storage/rotation.py)
    "vault.keys_upgraded",  # the passphrase slot re-wrapped at the current KDF strength (detail: old->new n)
    # avslut: the participant's record is read-only (detail: the outcome code), until reopened
    "participant.closed", "participant.reopened",
    # the record's lifecycle: a register extract given out (detail pdf|json:digest), the
    # retention time changed (detail old->new years), a gallring done (count and dates only)
    "participant.extracted", "retention.changed", "retention.applied",
)


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    event: str
    participant_id: str | None
    detail: str
    prev_hash: str
    hash: str


def entry_hash(seq: int, at: str, event: str, participant_id: str | None, detail: str, prev_hash: str) -> str:
    material = "\x1f".join((str(seq), at, event, participant_id or "", detail, prev_hash))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


class AuditLog:
    def __init__(self, conn):
        self.conn = conn

    def append(self, event: str, participant_id: str | None = None, detail: str = "") -> AuditEntry:
        if event not in EVENTS:
            raise ValueError(f"unknown audit event {event!r}")
        own = not self.conn.in_transaction
        if own:
            self.conn.execute("BEGIN IMMEDIATE")
        try:
            row = self.conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
            seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
            at = datetime.now(timezone.utc).isoformat(timespec="seconds")
            digest = entry_hash(seq, at, event, participant_id, detail, prev)
            self.conn.execute(
                "INSERT INTO audit (seq, at, event, participant_id, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?)",
                (seq, at, event, participant_id, detail, prev, digest))
            if own:
                self.conn.execute("COMMIT")
        except BaseException:
            if own:
                self.conn.execute("ROLLBACK")
            raise
        return AuditEntry(seq, at, event, participant_id, detail, prev, digest)

    def entries(self, participant_id: str | None = None) -> list[AuditEntry]:
        sql = "SELECT seq, at, event, participant_id, detail, prev_hash, hash FROM audit"
        args: tuple = ()
        if participant_id is not None:
            sql += " WHERE participant_id = ?"
            args = (participant_id,)
        return [AuditEntry(*row) for row in self.conn.execute(sql + " ORDER BY seq", args)]

    def broken_at(self) -> int | None:
        """The seq of the first entry that does not fit the chain, else None."""
        prev = GENESIS
        expected_seq = 1
        for e in self.entries():
            if (e.seq != expected_seq or e.prev_hash != prev
                    or entry_hash(e.seq, e.at, e.event, e.participant_id, e.detail, e.prev_hash) != e.hash):
                return e.seq
            prev = e.hash
            expected_seq += 1
        return None

    def verify(self) -> None:
        seq = self.broken_at()
        if seq is not None:
            raise AuditChainBroken(f"seq {seq}")
