"""The anchor: the vault's last state, recorded outside the vault in ``<vault>.anchor``.

The state is a commit counter (``vault_meta.commits``, bumped in every transaction of
``Vault.transaction``) and the audit chain's head (seq and keyed hash). The file is
JSON, MAC'd with HMAC-SHA256 under a key derived from the vault's secret (so only a
key holder can write one that fits), and names the vault by its id.

When it is written:
- before the COMMIT of a transaction that appended audit entries, with the state it
  is about to reach as ``pending``, and after the COMMIT as the state itself: a
  crash between COMMIT and the second write leaves the vault at ``pending``, which
  is accepted; audit entries beyond both are entries no run of the program wrote;
- after any other commit at most every ``LAZY_SECONDS`` (an autosave costs one
  counter UPDATE inside its own commit, not an fsync'd file), and at close and lock.

On open (``examine``): equal, or ahead by plain commits (a crash, the lazy window):
fine, re-anchored. Behind (rolled back, truncated, the -wal lost), another head at
the anchored seq (the log rewritten), unanchored audit entries, a missing anchor
once the vault has had one, an anchor of another vault or one that does not verify:
an ``AnchorProblem``; the vault opens only when the user accepts it (a backup
restored on purpose), which is audited. A vault from before schema 6 gets its first
anchor at open. What the anchor cannot see is in docs/audit-log.md.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import driver
from .audit import GENESIS, AuditLog
from .errors import AnchorInvalid, AnchorMissing, AnchorProblem, VaultRolledBack
from .files import write_atomic

FORMAT = "kartlaggning-anchor"
VERSION = 1
ANCHOR_LABEL = b"kartlaggning-anchor-v1"
LAZY_SECONDS = 5.0
BUMP_SQL = "UPDATE vault_meta SET commits = commits + 1, anchored = 1 WHERE id = 1"
_clock = time.monotonic  # tests move it


def anchor_path(vault_path) -> Path:
    """Beside the file itself, like the lock: a vault reached through a symlink has one anchor."""
    return Path(os.path.realpath(vault_path) + ".anchor")


def place_tag(vault_path) -> str:
    """Names the place a backup was written to, without writing the path itself."""
    place = os.path.normcase(str(Path(vault_path).resolve()))
    return hashlib.sha256(place.encode("utf-8")).hexdigest()[:16]


def anchor_key(secret: bytes) -> bytes:
    return hmac.new(secret, ANCHOR_LABEL, hashlib.sha256).digest()


def fingerprint(head: str) -> str:
    """The first 64 bits of a (keyed) audit hash, as printed: ``1a2b-3c4d-5e6f-7a8b``."""
    return "-".join(head[i:i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True)
class State:
    commits: int
    seq: int
    head: str

    def describe(self) -> str:
        return f"c{self.commits}/s{self.seq}"


@dataclass(frozen=True)
class Meta:
    vault_id: str
    secret: bytes
    commits: int
    anchored: bool


def read_meta(conn) -> Meta | None:
    """The vault's identity and counter; None before schema 6."""
    try:
        row = conn.execute("SELECT vault_id, secret, commits, anchored FROM vault_meta WHERE id = 1").fetchone()
    except driver.OperationalError:
        return None
    if row is None:
        return None
    return Meta(row[0], bytes.fromhex(row[1]), int(row[2]), bool(row[3]))


def current_state(conn, audit: AuditLog, meta: Meta) -> State:
    seq, head = audit.head()
    return State(meta.commits, seq, head)


@dataclass(frozen=True)
class Record:
    kind: str  # "vault", or "backup" (written beside a backup copy)
    vault_id: str
    state: State
    pending: State | None = None
    place: str = ""  # a backup's place_tag
    at: str = ""

    def _body(self) -> dict:
        return {"format": FORMAT, "version": VERSION, "kind": self.kind, "vault_id": self.vault_id,
                "state": asdict(self.state), "pending": asdict(self.pending) if self.pending else None,
                "place": self.place, "at": self.at}

    def to_bytes(self, key: bytes) -> bytes:
        body = self._body()
        body["mac"] = _mac(key, body)
        return json.dumps(body, indent=1, sort_keys=True).encode("ascii")

    @classmethod
    def from_bytes(cls, data: bytes, key: bytes, vault_id: str) -> "Record":
        try:
            doc = json.loads(data)
            if doc.get("format") != FORMAT or doc.get("version") != VERSION:
                raise ValueError("format")
            mac = doc.pop("mac")
            if doc.get("vault_id") != vault_id:
                raise AnchorInvalid("foreign")
            if not isinstance(mac, str) or not hmac.compare_digest(mac, _mac(key, doc)):
                raise AnchorInvalid("mac")
            pending = doc["pending"]
            return cls(doc["kind"], doc["vault_id"], State(**doc["state"]), State(**pending) if pending else None,
                       doc["place"], doc["at"])
        except AnchorInvalid:
            raise
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
            raise AnchorInvalid("unreadable") from None


def _mac(key: bytes, body: dict) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hmac.new(key, canonical, hashlib.sha256).hexdigest()


def read_record(vault_path, key: bytes, vault_id: str) -> Record | None:
    """The anchor beside ``vault_path``; None if there is none."""
    try:
        data = anchor_path(vault_path).read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        raise AnchorInvalid("unreadable") from None
    return Record.from_bytes(data, key, vault_id)


def write_record(vault_path, key: bytes, record: Record) -> None:
    write_atomic(anchor_path(vault_path), record.to_bytes(key))


@dataclass(frozen=True)
class Finding:
    """What ``examine`` found: ``problem`` (an AnchorProblem) or a ``status``."""
    status: str  # "legacy" (no vault_meta, no anchor), "first" (never anchored), "equal", "ahead", "problem"
    problem: AnchorProblem | None = None
    record: Record | None = None
    state: State | None = None


def _reached(audit: AuditLog, s: State) -> bool:
    """The vault's log holds the anchored head ``s`` (at its seq, with its hash, and fitting it)."""
    if s.seq == 0:
        return s.head == GENESIS
    entry = audit.entry(s.seq)
    return entry is not None and entry.hash == s.head and audit.fits(entry)


def examine(vault_path, conn, audit: AuditLog, opening: bool = True) -> Finding:
    """Compare the vault on ``conn`` with the anchor beside ``vault_path``.

    ``opening``: the vault is about to be used at ``vault_path``; a backup's anchor
    then counts only at the place the backup was written to (a backup copied in
    place of the vault, with its anchor, is a restored backup)."""
    meta = read_meta(conn)
    if meta is None:
        if anchor_path(vault_path).exists():  # a copy from before anchoring, in place of an anchored vault
            return Finding("problem", VaultRolledBack("older"))
        return Finding("legacy")
    try:
        record = read_record(vault_path, anchor_key(meta.secret), meta.vault_id)
    except AnchorInvalid as exc:
        return Finding("problem", exc)
    state = current_state(conn, audit, meta)
    if record is None:
        return Finding("problem", AnchorMissing(), state=state) if meta.anchored else Finding("first", state=state)
    if opening and record.kind == "backup" and record.place != place_tag(vault_path):
        return Finding("problem", VaultRolledBack("backup"), record, state)
    for s in (record.state, record.pending):
        if s is not None and state.seq == s.seq and state.commits >= s.commits and _reached(audit, s):
            return Finding("equal" if state.commits == s.commits else "ahead", None, record, state)
    anchored = record.state
    if state.commits < anchored.commits or state.seq < anchored.seq:
        reason = "behind"
    elif not _reached(audit, anchored):
        reason = "forked"
    else:
        reason = "unanchored"
    return Finding("problem", VaultRolledBack(f"{reason}: {state.describe()} < {anchored.describe()}"
                                              if reason == "behind" else reason), record, state)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Anchorer:
    """Keeps ``<vault>.anchor`` up to date for one open vault (see the module doc).
    Only the vault's connection writes, so the state is tracked in memory."""

    def __init__(self, vault_path: Path, meta: Meta, state: State):
        self.vault_path = Path(vault_path)
        self.vault_id = meta.vault_id
        self._key = anchor_key(meta.secret)
        self.state = state
        self._appended: tuple[int, str] | None = None
        self._dirty = False
        self._written_at = 0.0

    def appended(self, seq: int, head: str) -> None:
        """An audit entry inside the running transaction."""
        self._appended = (seq, head)

    def before_commit(self, conn) -> None:
        conn.execute(BUMP_SQL)
        if self._appended is not None:
            self.write(pending=State(self.state.commits + 1, *self._appended))

    def after_commit(self) -> None:
        appended, self._appended = self._appended, None
        seq, head = appended or (self.state.seq, self.state.head)
        self.state = State(self.state.commits + 1, seq, head)
        if appended is not None or _clock() - self._written_at >= LAZY_SECONDS:
            self._write_quietly()
        else:
            self._dirty = True

    def after_rollback(self) -> None:
        self._appended = None

    def flush(self) -> None:
        """At close and lock: the last commits too."""
        if self._dirty:
            self._write_quietly()

    def write(self, pending: State | None = None) -> None:
        write_record(self.vault_path, self._key, Record("vault", self.vault_id, self.state, pending, at=_now()))
        self._written_at = _clock()
        self._dirty = pending is not None

    def _write_quietly(self) -> None:
        """After a commit: the data is saved whatever happens here; a vault ahead of its
        anchor is fine at the next open, so a failed write waits for the next one."""
        try:
            self.write()
        except OSError:
            self._dirty = True


def backup_record(conn, backup_path) -> tuple[bytes, Record] | None:
    """(key, anchor) for a backup copy (``conn``: a connection to the copy), to write
    beside it with ``write_record``; None for a copy from before schema 6."""
    meta = read_meta(conn)
    if meta is None:
        return None
    state = current_state(conn, AuditLog(conn), meta)
    return anchor_key(meta.secret), Record("backup", meta.vault_id, state, place=place_tag(backup_path), at=_now())


class AnchorFinding(str):
    """A problem of ``verify_file`` that is the anchor's (what to do about it differs)."""


def verify_problems(vault_path, conn) -> list[str]:
    """The anchor's problem with a vault or backup file, for ``verify_file`` (read only).
    A backup is checked against its own anchor wherever it now lies."""
    finding = examine(vault_path, conn, AuditLog(conn), opening=False)
    return [AnchorFinding(finding.problem.message)] if finding.problem is not None else []


def accepted_detail(finding: Finding) -> str:
    """The detail of ``vault.restore_accepted``: the reason code and both states (no personal data)."""
    problem = finding.problem
    code = problem.code if problem is not None else ""
    found = finding.state.describe() if finding.state else "-"
    anchored = finding.record.state.describe() if finding.record else "-"
    return f"{code}:{found}<>{anchored}"
