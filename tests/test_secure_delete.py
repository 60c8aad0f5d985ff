"""Deleting a participant removes the data for real: every page of the SQLCipher
file is decrypted here with the raw key and searched for a marker.

SQLCipher 4 page layout (raw 32-byte key, default settings): 4096-byte pages,
80 reserved bytes at the end of each = IV (16) + HMAC-SHA512 (64). Page 1 starts
with the 16-byte plaintext salt; the encrypted region is [16:4016] on page 1 and
[0:4016] on the others, AES-256-CBC with the raw key and that page's IV.
"""
from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from kartlaggning.models import (Ansvar, Contact, GridEntry, IndividuellPlan, Kartlaggning, Participant,
                                 Referral, Samtal)
from kartlaggning.storage import Vault

from conftest import PASSPHRASE, make_pnr

PAGE = 4096
RESERVE = 80
SALT = 16


def decrypt_pages(path: Path, key: bytes) -> list[bytes]:
    data = Path(path).read_bytes()
    assert len(data) % PAGE == 0 and len(data) >= PAGE
    pages = []
    for n in range(len(data) // PAGE):
        page = data[n * PAGE:(n + 1) * PAGE]
        start = SALT if n == 0 else 0
        iv = page[PAGE - RESERVE:PAGE - RESERVE + 16]
        dec = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        plain = dec.update(page[start:PAGE - RESERVE]) + dec.finalize()
        pages.append((b"SQLite format 3\x00" if n == 0 else b"") + plain)
    return pages


def found(pages: list[bytes], marker: str) -> list[int]:
    """Numbers of the pages holding the marker (UTF-8, either case, or UTF-16)."""
    needles = [marker.encode(), marker.lower().encode(), marker.encode("utf-16-le"), marker.encode("utf-16-be")]
    return [i for i, page in enumerate(pages) if any(n in page.lower() or n in page for n in needles)]


def test_decryption_in_this_test_is_right(vault):
    key = bytes(vault._data_key)
    vault.close()
    pages = decrypt_pages(vault.path, key)
    assert pages[0].startswith(b"SQLite format 3\x00")
    assert int.from_bytes(pages[0][16:18], "big") == PAGE  # page size in the decrypted header
    assert pages[0][20] == RESERVE  # reserved bytes per page
    assert b"CREATE TABLE participants" in b"".join(pages)
    wrong = decrypt_pages(vault.path, bytes(32))
    assert b"CREATE TABLE participants" not in b"".join(wrong)


def save_marked(v: Vault, marker: str, n: int) -> Participant:
    p = Participant(namn=f"{marker} Testsson", personnummer=make_pnr(n), adress=f"{marker}gatan 1",
                    epost=f"{marker.lower()}@example.invalid", kontaktpersoner=[Contact(namn=f"{marker} Kontakt")],
                    referral=Referral(note=f"Remiss om {marker}"))
    v.repo.save_participant(p)
    for i in range(3):  # edited a few times, as autosave does
        p.adress = f"{marker}gatan {i + 2} " + "x" * 200 * i
        v.repo.save_participant(p)
    k = Kartlaggning(participant_id=p.id, atgarder_innan_plan=f"Åtgärd {marker}")
    k.samtal.append(Samtal(datum=date(2025, 1, 2), anteckning=f"Samtal om {marker}"))
    k.motivation.mal = f"Mål {marker}"
    k.sammanstallning.text = f"Sammanställning {marker} " + "s" * 3000
    v.repo.save_kartlaggning(k)
    for i, area in enumerate(("kroppsfunktioner", "psykiska", "arbete", "fritid")):
        v.repo.set_fakta(k.id, area, f"Fakta {marker} " + "f" * 500)
        v.repo.save_entry(k.id, area, "hinder", GridEntry(f"Hinder {marker} {i}"), 0)
        v.repo.save_entry(k.id, area, "resurs", GridEntry(f"Resurs {marker} {i}"), 0)
    v.repo.set_fakta(k.id, "arbete", f"Fakta {marker} ändrad")  # an older version overwritten
    v.repo.save_document(IndividuellPlan(participant_id=p.id, namn=p.namn, mal=f"Plan {marker}",
                                         ansvarsfordelning=[Ansvar(atgard=f"Göra {marker}")]))
    return p


def test_deleted_participant_is_gone_from_every_page(vault):
    marker = "RADERA" + uuid.uuid4().hex[:10].upper()
    keep = "BEHALL" + uuid.uuid4().hex[:10].upper()
    save_marked(vault, keep, 2)
    p = save_marked(vault, marker, 1)
    key = bytes(vault._data_key)
    path = vault.path
    vault.close()

    before = decrypt_pages(path, key)
    assert found(before, marker), "the marker must be readable before deletion, or this test proves nothing"
    assert len(found(before, marker)) >= 3
    assert found(before, p.personnummer)

    with Vault.open(path, PASSPHRASE) as v:
        v.repo.delete_participant(p.id)
        wal = Path(str(path) + "-wal")
        assert not wal.exists() or wal.stat().st_size == 0  # checkpointed and truncated at once
        deleted = [e for e in v.audit.entries(p.id) if e.event == "participant.deleted"]
        assert len(deleted) == 1 and deleted[0].participant_id == p.id and deleted[0].detail == ""
        assert v.repo.count() == 1
        assert not v.conn.execute("SELECT count(*) FROM entries e LEFT JOIN kartlaggningar k"
                                  " ON k.id = e.kartlaggning_id WHERE k.id IS NULL").fetchone()[0]
        assert v.conn.execute("SELECT count(*) FROM samtal").fetchone()[0] == 1  # the other one's
        # the data key is the same one (nothing re-keyed), so the old pages are comparable
        assert v._data_key == key
        during = decrypt_pages(path, key)
        assert not found(during, marker), f"marker still on pages {found(during, marker)} while open"
    wal = Path(str(path) + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0

    after = decrypt_pages(path, key)
    assert not found(after, marker), f"marker still on pages {found(after, marker)}"
    assert not found(after, p.personnummer)
    assert found(after, keep)  # the other participant is untouched


# ---- a PDF or an export cut off by a crash: its temporary file goes at the next unlock --------------

KILLED_WRITER = r"""
import sys, time
from pathlib import Path
from kartlaggning.cli.files import write_chunks_atomic
from kartlaggning.storage import Vault
from kartlaggning.storage.outputs import UnfinishedOutputs
vault = Vault.open(sys.argv[1], sys.argv[2])

def chunks():
    yield '{"deltagare": "Kill Testsson 19850202-9815", '
    print("writing", flush=True)
    time.sleep(60)  # killed here, the temporary file half written
    yield "}"

write_chunks_atomic(Path(sys.argv[3]), chunks(), UnfinishedOutputs(vault.repo))
"""


def test_a_killed_export_leaves_no_plaintext_after_the_next_unlock(vault, vault_path, passphrase, tmp_path):
    import signal
    import subprocess
    import sys
    vault.close()
    out = tmp_path / "usb" / "utdrag.json"
    out.parent.mkdir()
    child = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(vault_path), passphrase, str(out)],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "writing"
        leftovers = list(out.parent.glob("utdrag.json.*.tmp"))
        assert len(leftovers) == 1  # the half-written plaintext beside the target
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    leftovers[0].write_bytes(leftovers[0].read_bytes() or b"Kill Testsson")  # flushed or not: it is there
    with Vault.open(vault_path, passphrase) as again:  # the next unlock, GUI or CLI
        assert not leftovers[0].exists() and not out.exists()
        assert [e.detail for e in again.audit.entries() if e.event == "output.leftover_removed"] == ["1"]
        from kartlaggning.storage.outputs import UnfinishedOutputs
        assert UnfinishedOutputs(again.repo)._paths() == []
