"""Append-only, keyed hash chain of audit entries inside the vault.

Entries carry event codes and internal ids only: never names, personnummer or
free text. Triggers forbid UPDATE and DELETE; each entry's MAC covers the one
before, so an edit made around the triggers (or a removed row) breaks the chain.

The chain is keyed: HMAC-SHA256 with a key derived from the vault's own secret
(``vault_meta``, schema 6), so an entry cannot be forged or re-chained without
opening the vault. Entries written before schema 6 stay as they were, chained with
plain SHA-256 (the *legacy* chain, ``seq < keyed_from``); the first keyed entry's
``prev_hash`` is the last legacy hash, so the keyed MACs cover the legacy rows too.
What a key holder can still do (rewrite everything, the anchor too) is said in
docs/audit-log.md; storage/anchor.py records the head outside the vault.
"""
from __future__ import annotations

import contextlib
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timezone

from . import driver
from .errors import AuditChainBroken, AuditUnprotected

GENESIS = "0" * 64
CHAIN_LABEL = b"kartlaggning-audit-v1"
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
    # the vault did not match its anchor and the user accepted it (a backup restored on
    # purpose); detail: the reason code and the states (storage/anchor.py)
    "vault.restore_accepted",
)
# The triggers that make the table append-only (their absence is reported).
TRIGGERS = ("audit_no_update", "audit_no_delete")


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    event: str
    participant_id: str | None
    detail: str
    prev_hash: str
    hash: str


def _material(seq: int, at: str, event: str, participant_id: str | None, detail: str, prev_hash: str) -> bytes:
    return "\x1f".join((str(seq), at, event, participant_id or "", detail, prev_hash)).encode("utf-8")


def entry_hash(seq: int, at: str, event: str, participant_id: str | None, detail: str, prev_hash: str) -> str:
    """The legacy (schema <= 5) link: plain SHA-256, anyone can recompute it."""
    return hashlib.sha256(_material(seq, at, event, participant_id, detail, prev_hash)).hexdigest()


def chain_key(secret: bytes) -> bytes:
    return hmac.new(secret, CHAIN_LABEL, hashlib.sha256).digest()


def entry_mac(key: bytes, seq: int, at: str, event: str, participant_id: str | None, detail: str,
              prev_hash: str) -> str:
    return hmac.new(key, _material(seq, at, event, participant_id, detail, prev_hash), hashlib.sha256).hexdigest()


def read_keying(conn) -> tuple[bytes | None, int]:
    """(chain key, first keyed seq) from ``vault_meta``; (None, 0) before schema 6."""
    try:
        row = conn.execute("SELECT secret, keyed_from FROM vault_meta WHERE id = 1").fetchone()
    except driver.OperationalError:  # no such table: a vault older than schema 6
        return None, 0
    if row is None:
        return None, 0
    return chain_key(bytes.fromhex(row[0])), int(row[1])


@contextlib.contextmanager
def _own_transaction(conn):
    """Join the caller's transaction, else one of our own."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


class AuditLog:
    """``transaction``: the vault's (it counts the commit and anchors it); ``on_append``
    is told (seq, hash) of each entry inside that transaction."""

    def __init__(self, conn, transaction=None, on_append=None):
        self.conn = conn
        self._transaction = transaction or (lambda: _own_transaction(conn))
        self._on_append = on_append
        self._keying: tuple[bytes | None, int] | None = None

    def reload(self) -> None:
        """Read the chain key again (after a migration created it)."""
        self._keying = None

    @property
    def keying(self) -> tuple[bytes | None, int]:
        if self._keying is None:
            self._keying = read_keying(self.conn)
        return self._keying

    def link(self, seq: int, at: str, event: str, participant_id: str | None, detail: str, prev_hash: str) -> str:
        """The hash (keyed MAC, or legacy SHA-256 before ``keyed_from``) an entry must carry."""
        key, keyed_from = self.keying
        if key is None or seq < keyed_from:
            return entry_hash(seq, at, event, participant_id, detail, prev_hash)
        return entry_mac(key, seq, at, event, participant_id, detail, prev_hash)

    def append(self, event: str, participant_id: str | None = None, detail: str = "") -> AuditEntry:
        if event not in EVENTS:
            raise ValueError(f"unknown audit event {event!r}")
        with self._transaction():
            row = self.conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
            seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
            at = datetime.now(timezone.utc).isoformat(timespec="seconds")
            digest = self.link(seq, at, event, participant_id, detail, prev)
            self.conn.execute(
                "INSERT INTO audit (seq, at, event, participant_id, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?)",
                (seq, at, event, participant_id, detail, prev, digest))
            if self._on_append is not None:
                self._on_append(seq, digest)
        return AuditEntry(seq, at, event, participant_id, detail, prev, digest)

    def entries(self, participant_id: str | None = None) -> list[AuditEntry]:
        sql = "SELECT seq, at, event, participant_id, detail, prev_hash, hash FROM audit"
        args: tuple = ()
        if participant_id is not None:
            sql += " WHERE participant_id = ?"
            args = (participant_id,)
        return [AuditEntry(*row) for row in self.conn.execute(sql + " ORDER BY seq", args)]

    def entry(self, seq: int) -> AuditEntry | None:
        row = self.conn.execute("SELECT seq, at, event, participant_id, detail, prev_hash, hash FROM audit"
                                " WHERE seq = ?", (seq,)).fetchone()
        return AuditEntry(*row) if row else None

    def head(self) -> tuple[int, str]:
        """(seq, hash) of the last entry; (0, GENESIS) for an empty log."""
        row = self.conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        return (int(row[0]), row[1]) if row else (0, GENESIS)

    def fits(self, e: AuditEntry) -> bool:
        """True when ``e`` carries the hash its own content gives (not checking its neighbours)."""
        return hmac.compare_digest(self.link(e.seq, e.at, e.event, e.participant_id, e.detail, e.prev_hash), e.hash)

    def broken_at(self) -> int | None:
        """The seq of the first entry that does not fit the chain, else None."""
        prev = GENESIS
        expected_seq = 1
        for e in self.entries():
            if e.seq != expected_seq or e.prev_hash != prev or not self.fits(e):
                return e.seq
            prev = e.hash
            expected_seq += 1
        return None

    def missing_triggers(self) -> list[str]:
        names = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        return [t for t in TRIGGERS if t not in names]

    def verify(self) -> None:
        seq = self.broken_at()
        if seq is not None:
            raise AuditChainBroken(f"seq {seq}")
        missing = self.missing_triggers()
        if missing:
            raise AuditUnprotected(", ".join(missing))
