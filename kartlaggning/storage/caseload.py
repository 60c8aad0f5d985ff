"""The few facts the caseload view ("Att göra", services.caseload) needs of every
participant, read in four bulk queries instead of a dozen per participant, and a
read-only connection of its own so they can be read in a worker thread.

Each query reads one table once: the participants (consent and referral dates out
of the JSON column), the latest Individuell plan, arbetsträning and uppföljning
of each participant (one pass over the documents), the latest kartläggning with
its number of samtal. Dates stay ISO strings here; the service parses them.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Iterable, Iterator

# Every statement reads its table once in storage order (a full scan decrypts each page
# once; an ORDER BY through an index would fetch the wide rows in random order, ~2× at
# 10,000 participants) and the few comparisons are made in Python.

# (id, namn, personnummer, sort_key, status, consent signed, consent withdrawn,
#  consent valid until, referral period to)
PARTICIPANTS_SQL = (
    "SELECT id, namn, personnummer, sort_key, status,"
    " json_extract(data, '$.consent.signed'), json_extract(data, '$.consent.withdrawn'),"
    " json_extract(data, '$.consent.giltig_till'), json_extract(data, '$.referral.period_to')"
    " FROM participants{where}")

# (participant, kind, datum, created, the one field of the kind that matters): the plan's
# signing date, the arbetsträning's end, the follow-up's next date. The latest of a kind is
# the last in repo.documents' order (datum, created).
DOCUMENTS_SQL = (
    "SELECT participant_id, kind, datum, created, CASE kind"
    " WHEN 'plan' THEN json_extract(data, '$.signerad')"
    " WHEN 'arbetstraning' THEN json_extract(data, '$.till')"
    " ELSE json_extract(data, '$.nasta') END"
    " FROM documents WHERE kind IN ('plan', 'arbetstraning', 'uppfoljning'){where}")

# (participant, datum, created, the sammanställning's signing date, number of samtal) of
# every kartläggning; the latest is the last in repo.kartlaggning_ids' order (datum, created).
KARTLAGGNINGAR_SQL = (
    "SELECT k.participant_id, k.datum, k.created, json_extract(k.sammanstallning, '$.signerad'),"
    " (SELECT count(*) FROM samtal s WHERE s.kartlaggning_id = k.id)"
    " FROM kartlaggningar k{where}")


def last_saved_sql(where: str = "") -> str:
    """(participant, latest save) from the gallring rule's own list of save stamps
    (``lifecycle.SAVED_AT``), so both count the same "last entry"."""
    from .lifecycle import SAVED_AT
    return f"SELECT s.pid, max(s.at) FROM ({' UNION ALL '.join(SAVED_AT)}) AS s{where} GROUP BY s.pid"


# The reader's page cache: the participants are read twice (their facts, then the save
# stamps), so the second pass finds the pages decrypted. Allocated only as pages are read.
READER_CACHE_KIB = 65536


@dataclass
class CaseloadFacts:
    """What the caseload is computed from (ISO date strings or None)."""
    # (id, namn, personnummer, sort_key, status, consent_signed, consent_withdrawn,
    #  consent_until, referral_to), in Swedish order (sort_key, then personnummer)
    participants: list[tuple] = field(default_factory=list)
    plan: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # latest: (upprättad, signerad)
    training: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # latest: (start, till)
    follow_up: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # latest: (datum, nästa)
    kartlaggning: dict[str, tuple[str | None, int]] = field(default_factory=dict)  # latest: (signerad, samtal)
    last_saved: dict[str, str] = field(default_factory=dict)  # latest save about them (UTC ISO, or a date)


def _in(column: str, ids: list[str] | None, joiner: str) -> str:
    return "" if ids is None else f"{joiner} {column} IN ({','.join('?' * len(ids))})"


def statements(ids: list[str] | None = None) -> list[tuple[str, list]]:
    """The statements ``facts`` runs, with their arguments (the benchmark's baseline)."""
    args = [] if ids is None else list(ids)
    return [(PARTICIPANTS_SQL.format(where=_in("id", ids, " WHERE")), args),
            (DOCUMENTS_SQL.format(where=_in("participant_id", ids, " AND")), args),
            (KARTLAGGNINGAR_SQL.format(where=_in("k.participant_id", ids, " WHERE")), args),
            (last_saved_sql(_in("s.pid", ids, " WHERE")), args)]


def facts(vault, participant_ids: Iterable[str] | None = None) -> CaseloadFacts:
    """The facts of every participant (or of ``participant_ids`` only)."""
    ids = None if participant_ids is None else list(dict.fromkeys(participant_ids))
    out = CaseloadFacts()
    if ids is not None and not ids:
        return out
    (p_sql, args), (d_sql, _), (k_sql, _), (s_sql, _) = statements(ids)
    conn = vault.conn
    out.participants = sorted(conn.execute(p_sql, args).fetchall(), key=lambda r: (r[3], r[2]))
    latest: dict[tuple[str, str], tuple] = {}
    for pid, kind, datum, created, value in conn.execute(d_sql, args):
        key, order = (pid, kind), (datum, created)
        if key not in latest or order >= latest[key][0]:
            latest[key] = (order, value)
    by_kind = {"plan": out.plan, "arbetstraning": out.training, "uppfoljning": out.follow_up}
    for (pid, kind), ((datum, _created), value) in latest.items():
        by_kind[kind][pid] = (datum, value)
    newest: dict[str, tuple] = {}
    for pid, datum, created, signed, samtal in conn.execute(k_sql, args):
        if pid not in newest or (datum, created) >= newest[pid][0]:
            newest[pid] = ((datum, created), signed, samtal)
    out.kartlaggning = {pid: (signed, samtal) for pid, (_order, signed, samtal) in newest.items()}
    out.last_saved = dict(conn.execute(s_sql, args).fetchall())
    return out


# ---- a connection of its own, for a worker thread -----------------------------------------


class ReadOnlyVault:
    """What ``Repository``'s reads and ``lifecycle``'s queries need of a vault: ``conn``.
    Nothing written through it (there is no audit log, and the connection is read-only)."""

    def __init__(self, conn, path):
        self.conn = conn
        self.path = path
        self.audit = None

    @property
    def is_open(self) -> bool:
        return self.conn is not None

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def open_reader(vault) -> ReadOnlyVault:
    """A second, read-only connection to the open ``vault`` (keyed now, on the caller's
    thread; no page is read yet). Reads through it see the last committed state and
    never block nor see the window's saves on ``vault.conn`` (WAL), so it may be handed to
    a worker thread, like the backups' and the integrity check's connections. Close it."""
    from . import vault as vault_module
    # The vault has no public way to open one yet: the same two pieces its backup uses
    # (within storage; the key never leaves this package).
    conn = vault_module._reading_connection(vault.path, vault._data_key)
    conn.execute(f"PRAGMA cache_size = -{READER_CACHE_KIB}")
    return ReadOnlyVault(conn, vault.path)


@contextlib.contextmanager
def reading_repository(reader: ReadOnlyVault) -> Iterator:
    """A ``Repository`` over ``reader`` (reads only), closed at the end of the block."""
    from .repository import Repository
    try:
        yield Repository(reader)
    finally:
        reader.close()

