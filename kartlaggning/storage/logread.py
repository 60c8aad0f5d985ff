"""The audit log of a vault that does not open (it does not match its anchor), read
without changing anything: for ``kartlaggning-cli audit``, which shows it with the
problem. Read only, no lock, like ``verify_file``."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import anchor as anchors
from . import driver
from .audit import AuditEntry, AuditLog
from .errors import AnchorProblem, VaultDamaged
from .keymem import apply_key, wipe
from .keys import KeyFile


@dataclass
class LogReport:
    entries: list[AuditEntry]
    broken_at: int | None
    missing_triggers: list[str]
    anchor_problem: AnchorProblem | None
    head: tuple[int, str]  # (seq, fingerprint) of the whole log's last entry


def _read_only(path: Path, data_key):
    mode = "mode=ro" if Path(str(path) + "-wal").exists() else "immutable=1"
    conn = driver.connect(f"{path.resolve().as_uri()}?{mode}", uri=True, isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    apply_key(conn, data_key)
    conn.execute("PRAGMA cipher_compatibility = 4")
    return conn


def read_log(path, passphrase: str | None = None, recovery_key: str | None = None,
             participant_id: str | None = None, personnummer: str | None = None) -> LogReport:
    """The log (of one participant, by id or personnummer), its chain and the anchor's verdict."""
    path = Path(path)
    keyfile = KeyFile.read(path)
    data_key = keyfile.recover(recovery_key) if recovery_key is not None else keyfile.unlock(passphrase)
    try:
        conn = _read_only(path, data_key)
    finally:
        wipe(data_key)
    try:
        try:
            audit = AuditLog(conn)
            if personnummer is not None:
                row = conn.execute("SELECT id FROM participants WHERE personnummer = ?", (personnummer,)).fetchone()
                participant_id = row[0] if row else "-"
            finding = anchors.examine(path, conn, audit)
            seq, head = audit.head()
            return LogReport(audit.entries(participant_id), audit.broken_at(), audit.missing_triggers(),
                             finding.problem, (seq, anchors.fingerprint(head)))
        except driver.DatabaseError as exc:
            raise VaultDamaged(type(exc).__name__) from None
    finally:
        conn.close()
