"""Opening a version-1 vault migrates it after a verified backup; newer vaults are refused."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from kartlaggning.storage import NewerVault, Vault, schema, verify_file
from kartlaggning.storage.keys import keys_path

from conftest import PASSPHRASE
from helpers.util import listing, sha256

FIXTURES = Path(__file__).resolve().parent / "fixtures"
V1_PASSPHRASE = "fixture passphrase v1"
V1_RECOVERY = "V1V1-FXTR-0123-4567-89AB-CDEF-GH"
TESTA = "a1" * 16
ASA = "b2" * 16


@pytest.fixture
def v1_path(tmp_path) -> Path:
    target = tmp_path / "vaults" / "old.kvault"
    target.parent.mkdir(mode=0o700)
    shutil.copy(FIXTURES / "v1.kvault", target)
    shutil.copy(FIXTURES / "v1.kvault.keys", keys_path(target))
    return target


def tables(v: Vault) -> set[str]:
    return {r[0] for r in v.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_fixture_really_is_version_one(v1_path):
    assert schema.CURRENT_VERSION >= 2
    problems = verify_file(v1_path, V1_PASSPHRASE)
    assert problems == []
    with Vault.open(v1_path, V1_PASSPHRASE, migrate=False) as v:
        assert v.conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert "settings" not in tables(v) and "prints" not in tables(v)


def test_v1_vault_is_migrated_with_a_backup_first(v1_path):
    original = sha256(v1_path)
    v = Vault.open(v1_path, V1_PASSPHRASE)
    try:
        assert v.conn.execute("PRAGMA user_version").fetchone()[0] == schema.CURRENT_VERSION
        assert {"settings", "prints"} <= tables(v)
        assert v.integrity_problems() == []
        # the data is intact and reads into today's models
        testa = v.repo.get_participant(TESTA)
        assert testa.namn == "Testa Testsson" and testa.personnummer == "191212121212"
        assert testa.kontaktpersoner[0].namn == "Kontakt Provsson"
        assert testa.referral.omfattning_procent == 50 and testa.consent.signed == date(2024, 3, 1)
        asa = v.repo.get_participant(ASA)
        assert asa.namn == "Åsa Öberg-Prov" and asa.personnummer == "200501019806"
        assert [s.id for s in v.repo.search("asa")] == [ASA]
        assert [s.id for s in v.repo.search("")] == [TESTA, ASA]  # v5 filled the sort keys: Å after T
        k = v.repo.latest_kartlaggning(TESTA)
        assert k.areas["arbete"].fakta == "Har arbetat på lager i fem år."
        assert [e.text for e in k.areas["arbete"].hinder] == ["Ont i ryggen vid tunga lyft"]
        assert [e.text for e in k.areas["arbete"].resurser] == ["Truckkort"]
        assert k.samtal[0].tolk_narvarande and k.samtal[0].anteckning == "Första samtalet"
        assert k.motivation.viktighet == 8
        # the new tables work
        v.repo.set_setting("unit", {"name": "AME Exempel"})
        assert v.repo.get_setting("unit") == {"name": "AME Exempel"}
        # the audit log got the migration, and its chain from version 1 still holds
        migrated = [e for e in v.audit.entries() if e.event == "vault.migrated"]
        assert len(migrated) == 1 and migrated[0].detail == f"1->{schema.CURRENT_VERSION}"
        assert [e.event for e in v.audit.entries()][:4] == ["vault.created", "participant.created",
                                                           "participant.created", "vault.migrated"]
        assert v.audit.broken_at() is None
    finally:
        v.close()

    backups = sorted(v1_path.parent.glob(f"old.kvault.pre-v{schema.CURRENT_VERSION}-*.bak"))
    assert len(backups) == 1
    backup = backups[0]
    assert keys_path(backup).exists()
    assert sha256(backup) != original  # a verified copy (VACUUM INTO), not the file itself
    # the backup is the old version, intact, and opens with the same passphrase
    assert verify_file(backup, V1_PASSPHRASE) == []
    with Vault.open(backup, V1_PASSPHRASE, migrate=False) as old:
        assert old.conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert old.integrity_problems() == []
        assert old.repo.count() == 2
        assert "settings" not in tables(old)


def test_migrated_vault_opens_again_without_migrating(v1_path):
    Vault.open(v1_path, V1_PASSPHRASE).close()
    Vault.open(v1_path, V1_PASSPHRASE).close()
    assert len(list(v1_path.parent.glob("*.bak"))) == 1
    with Vault.open(v1_path, recovery_key=V1_RECOVERY.lower()) as v:
        assert [e.event for e in v.audit.entries()].count("vault.migrated") == 1


def test_failed_migration_leaves_the_vault_at_version_one(v1_path, monkeypatch):
    def broken(conn):
        conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        raise RuntimeError("step failed half way")
    monkeypatch.setitem(schema.MIGRATIONS, 2, broken)
    with pytest.raises(RuntimeError):
        Vault.open(v1_path, V1_PASSPHRASE)
    monkeypatch.undo()
    with Vault.open(v1_path, V1_PASSPHRASE, migrate=False) as v:
        assert v.conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert "settings" not in tables(v)  # the half step was rolled back
        assert v.repo.count() == 2
    with Vault.open(v1_path, V1_PASSPHRASE) as v:  # and the migration succeeds later
        assert v.conn.execute("PRAGMA user_version").fetchone()[0] == schema.CURRENT_VERSION


def test_newer_vault_is_refused_and_not_modified(vault):
    path = vault.path
    vault.conn.execute(f"PRAGMA user_version = {schema.CURRENT_VERSION + 1}")
    vault.close()
    before = listing(path.parent)
    with pytest.raises(NewerVault):
        Vault.open(path, PASSPHRASE)
    assert listing(path.parent) == before
    # not locked afterwards: the lock was released
    with pytest.raises(NewerVault):
        Vault.open(path, PASSPHRASE)


def test_v7_gives_the_grid_entries_a_resolution_and_keeps_every_entry(v1_path):
    with Vault.open(v1_path, V1_PASSPHRASE, migrate=False) as v:
        before = v.conn.execute("SELECT id, text FROM entries ORDER BY id").fetchall()
    with Vault.open(v1_path, V1_PASSPHRASE) as v:
        columns = {r[1] for r in v.conn.execute("PRAGMA table_info(entries)")}
        assert {"lost_datum", "lost_orsak"} <= columns
        assert v.conn.execute("SELECT id, text FROM entries ORDER BY id").fetchall() == before
        assert v.conn.execute("SELECT count(*) FROM entries WHERE lost_datum IS NOT NULL OR lost_orsak != ''"
                              ).fetchone()[0] == 0
