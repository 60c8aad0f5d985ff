"""Versioned schema. ``PRAGMA user_version`` holds the version; each step is a
function run inside one transaction, after a verified backup of the old file."""
from __future__ import annotations

SCHEMA_V1 = """
CREATE TABLE participants (
    id TEXT PRIMARY KEY,
    personnummer TEXT NOT NULL UNIQUE,
    namn TEXT NOT NULL,
    namn_key TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'new',
    data TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE kartlaggningar (
    id TEXT PRIMARY KEY,
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    syfte TEXT NOT NULL,
    datum TEXT NOT NULL,
    atgarder TEXT NOT NULL DEFAULT '',
    motivation TEXT NOT NULL,
    sammanstallning TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX kartlaggningar_participant ON kartlaggningar(participant_id);
CREATE TABLE samtal (
    id TEXT PRIMARY KEY,
    kartlaggning_id TEXT NOT NULL REFERENCES kartlaggningar(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    datum TEXT NOT NULL,
    start TEXT,
    slut TEXT,
    tidsram INTEGER NOT NULL,
    tolk INTEGER NOT NULL,
    anteckning TEXT NOT NULL DEFAULT ''
);
CREATE INDEX samtal_kartlaggning ON samtal(kartlaggning_id, position);
CREATE TABLE area_facts (
    kartlaggning_id TEXT NOT NULL REFERENCES kartlaggningar(id) ON DELETE CASCADE,
    area TEXT NOT NULL,
    fakta TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kartlaggning_id, area)
);
CREATE TABLE entries (
    id TEXT PRIMARY KEY,
    kartlaggning_id TEXT NOT NULL REFERENCES kartlaggningar(id) ON DELETE CASCADE,
    area TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('hinder', 'resurs')),
    position INTEGER NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    samtal_id TEXT
);
CREATE INDEX entries_kartlaggning ON entries(kartlaggning_id, area, kind, position);
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    datum TEXT NOT NULL,
    data TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX documents_participant ON documents(participant_id, kind, datum);
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    event TEXT NOT NULL,
    participant_id TEXT,
    detail TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_participant ON audit(participant_id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
"""

SCHEMA_V2 = """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE prints (
    id INTEGER PRIMARY KEY,
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    document_kind TEXT NOT NULL,
    document_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    printed_at TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    UNIQUE (document_id, version)
);
CREATE INDEX prints_document ON prints(document_id, version);
"""

# The participant list and its search scan this covering index (~100 bytes a row)
# instead of the table with its JSON column, and get their ORDER BY from it.
SCHEMA_V3 = """
CREATE INDEX participants_list ON participants(namn_key, personnummer, id, namn, status, updated);
"""


# Text typed into a field that could not be saved as its value (storage/drafts.py).
SCHEMA_V4 = """
CREATE TABLE drafts (
    scope TEXT NOT NULL,
    path TEXT NOT NULL,
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    reason TEXT NOT NULL,
    updated TEXT NOT NULL,
    PRIMARY KEY (scope, path)
);
CREATE INDEX drafts_participant ON drafts(participant_id);
"""


# The list in Swedish alphabetical order (Å, Ä, Ö after Z: models/collation.py); the
# search still matches namn_key, which ignores accents ("asa" finds "Åsa").
SCHEMA_V5 = """
ALTER TABLE participants ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
DROP INDEX participants_list;
CREATE INDEX participants_list ON participants(sort_key, personnummer, id, namn, namn_key, status, updated);
"""


# The vault's identity (storage/anchor.py) and the secret its audit chain and anchor are
# keyed with (storage/audit.py). ``keyed_from``: the first audit seq chained with HMAC; the
# entries before it keep their SHA-256 chain. ``commits`` counts Vault.transaction's
# commits; ``anchored`` is 1 once an anchor file was written (a missing one is then reported).
# A random secret, not the data key itself: a new data key (key rotation) leaves the chain valid.
SCHEMA_V6 = """
CREATE TABLE vault_meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    vault_id TEXT NOT NULL,
    secret TEXT NOT NULL,
    keyed_from INTEGER NOT NULL,
    commits INTEGER NOT NULL DEFAULT 0,
    anchored INTEGER NOT NULL DEFAULT 0
);
CREATE TRIGGER vault_meta_fixed BEFORE UPDATE OF id, vault_id, secret, keyed_from ON vault_meta
BEGIN SELECT RAISE(ABORT, 'the vault identity is fixed'); END;
CREATE TRIGGER vault_meta_no_delete BEFORE DELETE ON vault_meta
BEGIN SELECT RAISE(ABORT, 'the vault identity is fixed'); END;
"""


# A hinder resolved keeps its row and its history: when, and why (models.kartlaggning.GridEntry).
SCHEMA_V7 = """
ALTER TABLE entries ADD COLUMN lost_datum TEXT;
ALTER TABLE entries ADD COLUMN lost_orsak TEXT NOT NULL DEFAULT '';
"""

# The language an interpreter interpreted at a samtal (the documents say it).
SCHEMA_V8 = """
ALTER TABLE samtal ADD COLUMN tolk_sprak TEXT NOT NULL DEFAULT '';
"""


def _new_identity(conn) -> None:
    import secrets
    keyed_from = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM audit").fetchone()[0]
    conn.execute("INSERT INTO vault_meta (id, vault_id, secret, keyed_from) VALUES (1, ?, ?, ?)",
                 (secrets.token_hex(16), secrets.token_hex(32), keyed_from))


def _fill_sort_keys(conn) -> None:
    from ..models.collation import swedish_key
    rows = conn.execute("SELECT id, namn FROM participants").fetchall()
    conn.executemany("UPDATE participants SET sort_key=? WHERE id=?", [(swedish_key(n), i) for i, n in rows])


def _script(sql: str):
    def step(conn) -> None:
        for statement in sql.split(";\n"):
            if statement.strip():
                conn.execute(statement)
    return step


# version reached -> step that gets there from the version before
MIGRATIONS = {
    1: _script(SCHEMA_V1),
    2: _script(SCHEMA_V2),
    3: _script(SCHEMA_V3),
    4: _script(SCHEMA_V4),
    5: lambda conn: (_script(SCHEMA_V5)(conn), _fill_sort_keys(conn)),
    6: lambda conn: (_script(SCHEMA_V6)(conn), _new_identity(conn)),
    7: _script(SCHEMA_V7),
    8: _script(SCHEMA_V8),
}
CURRENT_VERSION = max(MIGRATIONS)


def apply(conn, from_version: int, to_version: int = CURRENT_VERSION) -> None:
    """Run the steps from ``from_version`` to ``to_version`` in one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for version in range(from_version + 1, to_version + 1):
            MIGRATIONS[version](conn)
        conn.execute(f"PRAGMA user_version = {int(to_version)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
