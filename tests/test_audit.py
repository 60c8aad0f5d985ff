"""The audit log: append-only, hash-chained, the right events, and no personal data."""
from __future__ import annotations

import pytest

from kartlaggning.models import GridEntry, Participant
from kartlaggning.storage import AuditChainBroken, Vault, driver, verify_file
from kartlaggning.storage.audit import EVENTS

from conftest import PASSPHRASE, make_pnr


def events(v: Vault, participant_id: str | None = None) -> list[str]:
    return [e.event for e in v.audit.entries(participant_id)]


@pytest.fixture
def busy_vault(vault, participant):
    """Five or more entries: created, participant created, opened, changed, backup."""
    vault.repo.save_participant(participant)
    vault.repo.get_participant(participant.id, audit=True)
    vault.close()
    v = Vault.open(vault.path, PASSPHRASE)
    participant.adress = "Ny adress 2"
    v.repo.save_participant(participant)
    yield v
    if v.is_open:
        v.close()


def test_update_and_delete_are_refused(busy_vault):
    v = busy_vault
    before = v.audit.entries()
    with pytest.raises(driver.DatabaseError, match="append-only"):
        v.conn.execute("UPDATE audit SET detail = 'x' WHERE seq = 2")
    with pytest.raises(driver.DatabaseError, match="append-only"):
        v.conn.execute("DELETE FROM audit WHERE seq = 2")
    with pytest.raises(driver.DatabaseError, match="append-only"):
        v.conn.execute("DELETE FROM audit")
    assert v.audit.entries() == before
    assert v.audit.broken_at() is None
    v.audit.verify()


def test_chain_links_every_entry(busy_vault):
    entries = busy_vault.audit.entries()
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0].prev_hash == "0" * 64
    for a, b in zip(entries, entries[1:]):
        assert b.prev_hash == a.hash
    assert len({e.hash for e in entries}) == len(entries)


def test_edit_around_the_trigger_is_found(busy_vault):
    v = busy_vault
    v.conn.execute("DROP TRIGGER audit_no_update")
    v.conn.execute("UPDATE audit SET detail = 'rewritten' WHERE seq = 3")
    assert v.audit.broken_at() == 3
    with pytest.raises(AuditChainBroken):
        v.audit.verify()
    v.close()
    assert verify_file(v.path, PASSPHRASE) != []  # the offline check reports it too


@pytest.mark.parametrize("column,value", [("event", "participant.printed"), ("at", "2000-01-01T00:00:00+00:00"),
                                          ("participant_id", "someone-else")])
def test_any_column_edit_is_found(busy_vault, column, value):
    v = busy_vault
    v.conn.execute("DROP TRIGGER audit_no_update")
    v.conn.execute(f"UPDATE audit SET {column} = ? WHERE seq = 2", (value,))
    assert v.audit.broken_at() == 2


def test_removed_middle_row_is_found(busy_vault):
    v = busy_vault
    assert len(v.audit.entries()) >= 5
    v.conn.execute("DROP TRIGGER audit_no_delete")
    v.conn.execute("DELETE FROM audit WHERE seq = 3")
    # seq 3 is gone: entry 4 is the first one that no longer fits the chain
    assert v.audit.broken_at() == 4


def test_recomputed_single_hash_does_not_fit_the_keyed_chain(busy_vault):
    from kartlaggning.storage.audit import entry_hash
    v = busy_vault
    e = v.audit.entries()[1]
    v.conn.execute("DROP TRIGGER audit_no_update")
    new_hash = entry_hash(e.seq, e.at, e.event, e.participant_id, "forged", e.prev_hash)
    v.conn.execute("UPDATE audit SET detail = 'forged', hash = ? WHERE seq = ?", (new_hash, e.seq))
    assert v.audit.broken_at() == e.seq  # plain SHA-256 is not the keyed MAC


def test_events_for_a_whole_session(vault_path, tmp_path):
    v, _ = Vault.create(vault_path, PASSPHRASE)
    p = Participant(namn="Testa Testsson", personnummer=make_pnr(1))
    v.repo.save_participant(p)
    for i in range(5):  # typing: many saves, one 'changed' per unlock
        p.adress = f"Provgatan {i}"
        v.repo.save_participant(p)
    v.close()

    v = Vault.open(vault_path, PASSPHRASE)
    v.repo.get_participant(p.id)  # no audit flag: the list view, not opening the case
    v.repo.get_participant(p.id, audit=True)
    k = v.repo.new_kartlaggning(p.id)
    for i in range(5):
        v.repo.set_fakta(k.id, "arbete", "fakta " * i)
        v.repo.save_entry(k.id, "arbete", "hinder", GridEntry(f"hinder {i}"), i)
    v.backup(tmp_path / "b" / "b.kvault")
    v.close()

    v = Vault.open(vault_path, PASSPHRASE)
    v.repo.set_fakta(k.id, "arbete", "a new session changes it again")
    v.repo.delete_participant(p.id)
    all_events = events(v)
    assert all_events == [
        "vault.created", "participant.created",
        "vault.unlocked", "participant.opened", "participant.changed", "backup.created",
        "vault.unlocked", "participant.changed", "participant.deleted",
    ]
    assert events(v, p.id) == ["participant.created", "participant.opened", "participant.changed",
                               "participant.changed", "participant.deleted"]
    assert set(all_events) <= set(EVENTS)
    assert v.audit.broken_at() is None
    v.close()


def test_each_kind_of_fine_grained_change_is_audited(vault, participant):
    vault.repo.save_participant(participant)
    k = vault.repo.new_kartlaggning(participant.id)
    e = GridEntry("ett hinder")
    vault.repo.save_entry(k.id, "arbete", "hinder", e, 0)
    vault.close()
    for change in (lambda r: r.set_fakta(k.id, "arbete", "fakta"),
                   lambda r: r.save_entry(k.id, "arbete", "resurs", GridEntry("en resurs"), 0),
                   lambda r: r.delete_entry(e.id),
                   lambda r: r.save_atgarder(k.id, "åtgärder")):
        with Vault.open(vault.path, PASSPHRASE) as v:
            change(v.repo)
            assert events(v, participant.id)[-1] == "participant.changed"


def test_no_personal_data_in_audit_rows(vault, participant, tmp_path):
    secret_text = "Fritext om hälsan som inte får läcka"
    vault.repo.save_participant(participant)
    vault.repo.get_participant(participant.id, audit=True)
    k = vault.repo.new_kartlaggning(participant.id)
    vault.repo.set_fakta(k.id, "kroppsfunktioner", secret_text)
    vault.repo.save_entry(k.id, "kroppsfunktioner", "hinder", GridEntry(secret_text), 0)
    vault.backup(tmp_path / "b" / "b.kvault")
    vault.change_passphrase("ett annat lösenord")
    vault.repo.delete_participant(participant.id)
    rows = vault.conn.execute("SELECT * FROM audit").fetchall()
    assert len(rows) >= 6
    forbidden = [participant.namn, participant.namn.split()[0].lower(), participant.personnummer,
                 participant.personnummer_formatted, participant.personnummer[2:], participant.adress,
                 participant.epost, secret_text, "hälsan"]
    for row in rows:
        for cell in row:
            text = str(cell).lower()
            for word in forbidden:
                assert word.lower() not in text, (row, word)
    deleted = [e for e in vault.audit.entries() if e.event == "participant.deleted"]
    assert len(deleted) == 1
    assert deleted[0].participant_id == participant.id and deleted[0].detail == ""


def test_unknown_event_is_refused(vault):
    with pytest.raises(ValueError):
        vault.audit.append("participant.viewed_by_neighbour")
    assert events(vault) == ["vault.created"]


def test_append_inside_a_rolled_back_transaction_leaves_no_entry(vault, participant):
    with pytest.raises(RuntimeError):
        with vault.transaction():
            vault.repo.save_participant(participant)
            raise RuntimeError("boom")
    assert events(vault) == ["vault.created"]
    assert vault.repo.count() == 0
