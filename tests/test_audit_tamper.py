"""Rewriting the audit log is found (issue 11, item 2): eight tamperings, each made as an
attacker with the key would make them, through a raw SQLCipher connection to the closed
vault. A naive attacker re-chains with plain SHA-256 (the keyed chain catches it); one
who knows the scheme re-chains with the vault's own chain key (the anchor catches it).
Each is reported by ``verify`` and ``audit`` (exit 1, in words); the anchor's cases also
stop ``Vault.open``. The one case nobody can see from the files alone, the log and the
anchor both rewritten by the key holder, is shown last: only a fingerprint noted earlier
tells (docs/audit-log.md)."""
from __future__ import annotations


import pytest

from kartlaggning.models import Participant
from kartlaggning.storage import AnchorProblem, Vault, verify_file
from kartlaggning.storage import anchor as anchors
from kartlaggning.storage.audit import chain_key, entry_hash, entry_mac
from kartlaggning.storage.keys import KeyFile
from kartlaggning.storage.vault import _keyed_connection

from conftest import PASSPHRASE, make_pnr
from test_cli import cli  # noqa: F401 (fixture)


@pytest.fixture
def closed_vault(vault_path, tmp_path):
    """A closed vault with a dozen audit entries and its anchor."""
    v, _ = Vault.create(vault_path, PASSPHRASE)
    people = [Participant(namn=f"Testa Person{i}", personnummer=make_pnr(i + 1)) for i in range(3)]
    for p in people:
        v.repo.save_participant(p)
    v.close()
    with Vault.open(vault_path, PASSPHRASE) as again:
        for p in people:
            again.repo.get_participant(p.id, audit=True)
            again.repo.get_participant(p.id, audit=True)
        assert len(again.audit.entries()) >= 10 and again.audit.broken_at() is None
    assert verify_file(vault_path, PASSPHRASE) == []
    return vault_path


class Attacker:
    """Holds the data key (the passphrase), works on the file directly."""

    def __init__(self, path):
        self.conn = _keyed_connection(path, KeyFile.read(path).unlock(PASSPHRASE))
        self.conn.execute("PRAGMA foreign_keys = OFF")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.close()

    def sql(self, statement, args=()):
        return self.conn.execute(statement, args).fetchall()

    def restore_triggers(self):
        for name, what in (("audit_no_update", "UPDATE"), ("audit_no_delete", "DELETE")):
            self.sql(f"CREATE TRIGGER {name} BEFORE {what} ON audit "
                     "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END")

    def drop_triggers(self):
        self.sql("DROP TRIGGER IF EXISTS audit_no_update")
        self.sql("DROP TRIGGER IF EXISTS audit_no_delete")

    def rows(self):
        return self.sql("SELECT seq, at, event, participant_id, detail FROM audit ORDER BY seq")

    def rewrite(self, rows, keyed: bool):
        """The table replaced by ``rows`` (seq renumbered from 1), chained again: with plain
        SHA-256 (not knowing the key is used), or with the vault's own chain key."""
        key = chain_key(bytes.fromhex(self.sql("SELECT secret FROM vault_meta")[0][0])) if keyed else None
        self.drop_triggers()
        self.sql("DELETE FROM audit")
        prev = "0" * 64
        for seq, (_old, at, event, pid, detail) in enumerate(rows, 1):
            digest = (entry_mac(key, seq, at, event, pid, detail, prev) if keyed
                      else entry_hash(seq, at, event, pid, detail, prev))
            self.sql("INSERT INTO audit VALUES (?,?,?,?,?,?,?)", (seq, at, event, pid, detail, prev, digest))
            prev = digest


def reported(cli, path, expect_open_refused: bool):
    """verify and audit both say so (exit 1, words); the anchor's cases stop the open."""
    problems = verify_file(path, PASSPHRASE)
    assert problems, "verify found nothing"
    code, _out, err = cli("verify", "--vault", path, "--lang", "en")
    assert code == 1 and err.strip()
    code, out, err = cli("audit", "--vault", path, "--lang", "en")
    assert code == 1 and err.strip(), (out, err)
    assert "Traceback" not in err
    if expect_open_refused:
        with pytest.raises(AnchorProblem):
            Vault.open(path, PASSPHRASE)
    return problems, err


# ---- 1. the last rows deleted --------------------------------------------------------------

def test_deleting_the_last_rows(cli, closed_vault):
    with Attacker(closed_vault) as a:
        a.drop_triggers()
        last = a.sql("SELECT max(seq) FROM audit")[0][0]
        a.sql("DELETE FROM audit WHERE seq > ?", (last - 3,))
    _problems, err = reported(cli, closed_vault, expect_open_refused=True)
    assert "older than the state the program last recorded" in err


# ---- 2. middle rows deleted and the rest chained again ---------------------------------------

@pytest.mark.parametrize("keyed", [False, True], ids=["sha256", "keyed"])
def test_deleting_middle_rows_and_rechaining(cli, closed_vault, keyed):
    with Attacker(closed_vault) as a:
        rows = a.rows()
        a.rewrite(rows[:3] + rows[5:], keyed)
    _problems, err = reported(cli, closed_vault, expect_open_refused=True)
    if not keyed:
        assert "chain breaks at entry 1" in err


# ---- 3. an entry backdated and the chain made again ------------------------------------------

@pytest.mark.parametrize("keyed", [False, True], ids=["sha256", "keyed"])
def test_backdating_an_entry_and_rechaining(cli, closed_vault, keyed):
    with Attacker(closed_vault) as a:
        rows = [list(r) for r in a.rows()]
        rows[4][1] = "2001-01-01T08:00:00+00:00"
        a.rewrite([tuple(r) for r in rows], keyed)
    _problems, err = reported(cli, closed_vault, expect_open_refused=True)
    assert "differs from the state the program last recorded" in err
    assert ("chain breaks" not in err) if keyed else ("chain breaks at entry 1" in err)


# ---- 4. a forged entry appended --------------------------------------------------------------

@pytest.mark.parametrize("keyed", [False, True], ids=["sha256", "keyed"])
def test_appending_a_forged_entry(cli, closed_vault, keyed):
    with Attacker(closed_vault) as a:
        seq, prev = a.sql("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")[0]
        at, event, detail = "2026-01-01T10:00:00+00:00", "participant.deleted", ""
        if keyed:  # the scheme known, the commit counter bumped as a real commit would
            key = chain_key(bytes.fromhex(a.sql("SELECT secret FROM vault_meta")[0][0]))
            digest = entry_mac(key, seq + 1, at, event, None, detail, prev)
            a.sql("UPDATE vault_meta SET commits = commits + 1")
        else:
            digest = entry_hash(seq + 1, at, event, None, detail, prev)
        a.sql("INSERT INTO audit VALUES (?,?,?,?,?,?,?)", (seq + 1, at, event, None, detail, prev, digest))
    _problems, err = reported(cli, closed_vault, expect_open_refused=True)
    assert "entries that the program did not write" in err
    assert ("chain breaks" not in err) if keyed else (f"chain breaks at entry {seq + 1}" in err)


# ---- 5. the append-only triggers dropped, then an edit -----------------------------------------

def test_dropping_the_triggers_then_editing(cli, closed_vault):
    with Attacker(closed_vault) as a:
        a.drop_triggers()
        a.sql("UPDATE audit SET event = 'participant.changed' WHERE seq = 4")
    _problems, err = reported(cli, closed_vault, expect_open_refused=False)
    assert "chain breaks at entry 4" in err and "append-only triggers" in err


def test_dropping_the_triggers_alone_is_reported(cli, closed_vault):
    with Attacker(closed_vault) as a:
        a.drop_triggers()
    problems, err = reported(cli, closed_vault, expect_open_refused=False)
    assert "append-only triggers" in err


# ---- 6. a detail updated (and the trigger put back) ----------------------------------------------

def test_updating_a_detail(cli, closed_vault):
    with Attacker(closed_vault) as a:
        a.drop_triggers()
        a.sql("UPDATE audit SET detail = 'pdf:0000000000000000' WHERE seq = 3")
        a.restore_triggers()
    _problems, err = reported(cli, closed_vault, expect_open_refused=False)
    assert "chain breaks at entry 3" in err


def test_updating_the_last_entry_is_found_at_open(closed_vault):
    """The head itself is checked at open: its hash must fit its content."""
    with Attacker(closed_vault) as a:
        a.sql("DROP TRIGGER audit_no_update")
        a.sql("UPDATE audit SET detail = 'x' WHERE seq = (SELECT max(seq) FROM audit)")
    with pytest.raises(AnchorProblem):
        Vault.open(closed_vault, PASSPHRASE)


# ---- 7. entries reordered -----------------------------------------------------------------------

def test_reordering_entries(cli, closed_vault):
    with Attacker(closed_vault) as a:
        a.drop_triggers()
        a.sql("UPDATE audit SET seq = -1 WHERE seq = 5")
        a.sql("UPDATE audit SET seq = 5 WHERE seq = 6")
        a.sql("UPDATE audit SET seq = 6 WHERE seq = -1")
    _problems, err = reported(cli, closed_vault, expect_open_refused=False)
    assert "chain breaks at entry 5" in err


# ---- 8. the whole table emptied ---------------------------------------------------------------

def test_truncating_the_whole_table(cli, closed_vault):
    with Attacker(closed_vault) as a:
        a.drop_triggers()
        a.sql("DELETE FROM audit")
    _problems, err = reported(cli, closed_vault, expect_open_refused=True)
    assert "older than the state the program last recorded" in err


# ---- the limit: the key holder rewrites the log and the anchor ------------------------------

def test_log_and_anchor_rewritten_by_the_key_holder_is_seen_only_by_a_noted_fingerprint(cli, closed_vault):
    with Vault.open(closed_vault, PASSPHRASE) as v:
        noted_seq, noted = v.audit_head()  # printed on a backup report or a register extract
    with Attacker(closed_vault) as a:
        rows = a.rows()
        a.rewrite(rows[:2] + rows[4:], keyed=True)
        a.restore_triggers()
        secret = bytes.fromhex(a.sql("SELECT secret FROM vault_meta")[0][0])
        vault_id, commits = a.sql("SELECT vault_id, commits FROM vault_meta")[0]
        seq, head = a.sql("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")[0]
    record = anchors.Record("vault", vault_id, anchors.State(commits, seq, head))
    anchors.write_record(closed_vault, anchors.anchor_key(secret), record)
    assert verify_file(closed_vault, PASSPHRASE) == []  # the files agree with each other
    code, out, _err = cli("audit", "--vault", closed_vault)
    assert code == 0
    row = next((line for line in out.splitlines() if line.split()[:1] == [str(noted_seq)]), "")
    assert noted not in row  # ... but the fingerprint noted earlier is not in the log any more
