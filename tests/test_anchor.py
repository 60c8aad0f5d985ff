"""The anchor (storage/anchor.py): the vault's last state kept beside it in ``.anchor``.

A vault ahead of its anchor (a crash between commit and anchor write, the lazy window
of autosaves) opens as usual; one behind it (rolled back, a backup copied in place, the
-wal lost), a missing anchor once there was one, an anchor of another vault or an
altered one is reported and opened only when the user accepts it, which is audited."""
from __future__ import annotations

import io
import json
import random
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kartlaggning.models import Participant
from kartlaggning.storage import AnchorInvalid, AnchorMissing, Vault, VaultRolledBack, verify_file
from kartlaggning.storage import anchor as anchors
from kartlaggning.storage import schema
from kartlaggning.storage.anchor import AnchorFinding, anchor_path
from kartlaggning.storage.keys import keys_path

from conftest import PASSPHRASE, finish_unlock, make_pnr
from helpers.util import HELPERS, mode, subprocess_env
from test_cli import cli  # noqa: F401 (fixture)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
V1_PASSPHRASE = "fixture passphrase v1"


@pytest.fixture
def person():
    return Participant(namn="Testa Ankarsson", personnummer=make_pnr(7))


@pytest.fixture
def anchored(vault_path, person):
    """A closed vault with a participant and a kartläggning: (path, participant id, kartläggning id)."""
    v, _ = Vault.create(vault_path, PASSPHRASE)
    v.repo.save_participant(person)
    kid = v.repo.new_kartlaggning(person.id).id
    v.close()
    return vault_path, person.id, kid


def anchor_doc(path) -> dict:
    return json.loads(anchor_path(path).read_text("ascii"))


def vault_state(path) -> anchors.State:
    with Vault.open(path, PASSPHRASE) as v:
        return anchors.current_state(v.conn, v.audit, anchors.read_meta(v.conn))


def snapshot(path: Path, to: Path, with_wal: bool = True) -> Path:
    """The vault's files as a crash (kill -9, power loss) would leave them, copied to ``to``."""
    to.mkdir(parents=True, exist_ok=True)
    target = to / path.name
    for suffix in ("", ".keys", ".anchor") + (("-wal",) if with_wal else ()):
        src = Path(str(path) + suffix)
        if src.exists():
            shutil.copy(src, Path(str(target) + suffix))
    return target


# ---- what is anchored, when --------------------------------------------------------------

def test_a_new_vault_is_anchored_with_no_personal_data(anchored, person):
    path, _pid, _kid = anchored
    doc = anchor_doc(path)
    assert doc["format"] == "kartlaggning-anchor" and doc["kind"] == "vault" and doc["pending"] is None
    assert set(doc) == {"format", "version", "kind", "vault_id", "state", "pending", "place", "at", "mac"}
    text = anchor_path(path).read_text("ascii")
    for secret in (person.namn, person.personnummer, person.id):
        assert secret not in text
    assert mode(anchor_path(path)) == 0o600
    with Vault.open(path, PASSPHRASE) as v:
        meta = anchors.read_meta(v.conn)
        assert doc["vault_id"] == meta.vault_id and meta.anchored
        seq, head = v.audit.head()
    assert doc["state"]["seq"] == seq - 1 and doc["state"]["head"] != head  # the open's entry is newer
    assert anchor_doc(path)["state"] == {"commits": meta.commits, "seq": seq, "head": head}


def test_autosaves_count_commits_and_anchor_lazily(anchored, monkeypatch):
    path, _pid, kid = anchored
    now = [1000.0]
    monkeypatch.setattr(anchors, "_clock", lambda: now[0])
    writes = []
    real_write = anchors.write_record
    monkeypatch.setattr(anchors, "write_record", lambda *a: (writes.append(a[2]), real_write(*a)))
    v = Vault.open(path, PASSPHRASE)
    assert [w.pending is not None for w in writes] == [True, False]  # the unlock: before and after its commit
    v.repo.set_fakta(kid, "arbete", "första")  # the first change of the participant: audited
    writes.clear()
    for i in range(20):  # typing: one durable commit each, no anchor file
        v.repo.set_fakta(kid, "arbete", f"text {i}")
    assert writes == []
    now[0] += anchors.LAZY_SECONDS
    v.repo.set_fakta(kid, "arbete", "efter en stund")
    assert len(writes) == 1 and writes[0].pending is None
    commits = writes[0].state.commits
    v.repo.set_fakta(kid, "arbete", "sist")
    assert len(writes) == 1
    v.close()  # the last commits are anchored at close (and at lock)
    assert len(writes) == 2 and writes[1].state.commits == commits + 1
    assert anchors.State(**anchor_doc(path)["state"]).commits == commits + 1
    with Vault.open(path, PASSPHRASE) as again:
        assert anchors.read_meta(again.conn).commits == commits + 2  # + the unlock


@pytest.mark.parametrize("moment", ["before_commit", "after_commit"])
def test_a_crash_between_anchor_and_commit_opens(anchored, tmp_path, monkeypatch, moment):
    """Kill -9 after the pending anchor but before COMMIT, or after COMMIT before the anchor:
    either state is one the anchor allows; the next open re-anchors."""
    path, pid, _kid = anchored
    crashed = tmp_path / "crash"
    original = getattr(anchors.Anchorer, moment)

    def crash_here(self, *args):
        if moment == "before_commit":
            original(self, *args)
        if not crashed.exists() and self._appended is not None:
            snapshot(path, crashed)
        if moment == "after_commit":
            original(self, *args)
    v = Vault.open(path, PASSPHRASE)
    monkeypatch.setattr(anchors.Anchorer, moment, crash_here)
    v.repo.get_participant(pid, audit=True)
    monkeypatch.undo()
    v.close()
    copy = crashed / path.name
    with Vault.open(copy, PASSPHRASE) as again:
        events = [e.event for e in again.audit.entries()]
        assert events.count("participant.opened") == (0 if moment == "before_commit" else 1)
        assert "vault.unlocked" in events[-2:]
    assert verify_file(copy, PASSPHRASE) == []


def test_a_crash_in_the_lazy_window_opens(anchored, tmp_path, monkeypatch):
    path, _pid, kid = anchored
    monkeypatch.setattr(anchors, "_clock", lambda: 1000.0)
    v = Vault.open(path, PASSPHRASE)
    v.repo.set_fakta(kid, "arbete", "en")
    for i in range(5):
        v.repo.set_fakta(kid, "arbete", f"sparad men inte förankrad {i}")
    copy = snapshot(path, tmp_path / "crash")  # ahead of its anchor by five commits
    v.close()
    with Vault.open(copy, PASSPHRASE) as again:
        assert again.repo.get_kartlaggning(kid).areas["arbete"].fakta == "sparad men inte förankrad 4"


def test_sigkill_while_auditing_never_leaves_a_vault_that_refuses_to_open(anchored):
    path, pid, kid = anchored
    rng = random.Random(11)
    for round_no in range(8):
        proc = subprocess.Popen([sys.executable, str(HELPERS / "anchor_writer.py"), str(path), PASSPHRASE, pid, kid],
                                env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                bufsize=1)
        acknowledged = 0
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if select.select([proc.stdout], [], [], 0.5)[0] and proc.stdout.readline().strip() == "ready":
                    break
            time.sleep(rng.uniform(0.0, 0.25))
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
            for line in proc.stdout.read().splitlines():
                if line.startswith("A "):
                    acknowledged = max(acknowledged, int(line.split()[1]))
        finally:
            if proc.poll() is None:
                proc.kill()
        with Vault.open(path, PASSPHRASE) as v:  # never an AnchorProblem
            assert v.audit.head()[0] > acknowledged and v.audit.broken_at() is None


# ---- behind its anchor ----------------------------------------------------------------

def test_a_rolled_back_vault_is_refused_then_accepted_on_purpose(anchored, tmp_path, cli):
    path, pid, kid = anchored
    old = snapshot(path, tmp_path / "old")
    with Vault.open(path, PASSPHRASE) as v:
        v.repo.set_fakta(kid, "arbete", "efter kopian")
    for suffix in ("", ".keys"):
        shutil.copy(Path(str(old) + suffix), Path(str(path) + suffix))
    before = path.read_bytes()
    with pytest.raises(VaultRolledBack) as caught:
        Vault.open(path, PASSPHRASE)
    assert caught.value.code == "behind" and caught.value.message == VaultRolledBack().message
    assert path.read_bytes() == before
    problems = verify_file(path, PASSPHRASE)
    assert len(problems) == 1 and isinstance(problems[0], AnchorFinding)
    code, _out, err = cli("verify", "--vault", path, "--lang", "en")
    assert code == 1 and "does not match its last recorded state" in err and "--accept-restore" in err
    code, out, err = cli("export", "--vault", path, "--out", tmp_path / "x.json", "--lang", "en")
    assert code == 1 and "--accept-restore" in err and not (tmp_path / "x.json").exists()
    code, out, err = cli("audit", "--vault", path, "--lang", "en")
    assert code == 1 and "vault.created" in out and "older than the state" in err
    assert path.read_bytes() == before  # audit read it without changing it
    code, out, err = cli("audit", "--vault", path, "--accept-restore", "--lang", "en")
    assert code == 0, err
    assert "accepted" in out and "vault.restore_accepted" in out
    with Vault.open(path, PASSPHRASE) as v:
        accepted = [e for e in v.audit.entries() if e.event == "vault.restore_accepted"]
        assert len(accepted) == 1 and accepted[0].detail.startswith("behind:")
        assert v.repo.get_kartlaggning(kid).areas["arbete"].fakta == ""
    assert verify_file(path, PASSPHRASE) == []


def test_a_lost_wal_is_behind(anchored, tmp_path):
    path, pid, kid = anchored
    v = Vault.open(path, PASSPHRASE)
    v.repo.set_fakta(kid, "arbete", "bara i -wal")
    v.repo.get_participant(pid, audit=True)  # anchored while the commits are in the -wal
    copy = snapshot(path, tmp_path / "lost-wal", with_wal=False)
    v.close()
    with pytest.raises(VaultRolledBack) as caught:
        Vault.open(copy, PASSPHRASE)
    assert caught.value.code == "behind"


def test_a_missing_anchor_is_reported_once_the_vault_had_one(anchored):
    path, _pid, _kid = anchored
    anchor_path(path).unlink()
    with pytest.raises(AnchorMissing):
        Vault.open(path, PASSPHRASE)
    assert any(isinstance(p, AnchorFinding) for p in verify_file(path, PASSPHRASE))
    with Vault.open(path, PASSPHRASE, accept_restore=True) as v:
        assert v.audit.entries()[-2].detail.startswith("missing:")
    assert anchor_path(path).exists()
    Vault.open(path, PASSPHRASE).close()


def test_an_anchor_of_another_vault_or_altered_is_refused(anchored, tmp_path):
    path, _pid, _kid = anchored
    other, _ = Vault.create(tmp_path / "other" / "other.kvault", PASSPHRASE)
    other.close()
    mine = anchor_path(path).read_bytes()
    shutil.copy(anchor_path(other.path), anchor_path(path))
    with pytest.raises(AnchorInvalid) as caught:
        Vault.open(path, PASSPHRASE)
    assert caught.value.code == "foreign" and caught.value.message != AnchorInvalid("mac").message
    doc = json.loads(mine)
    doc["state"]["commits"] += 100  # moved forward without the key: the MAC no longer fits
    anchor_path(path).write_text(json.dumps(doc), "ascii")
    with pytest.raises(AnchorInvalid) as caught:
        Vault.open(path, PASSPHRASE)
    assert caught.value.code == "mac"
    anchor_path(path).write_bytes(b"not json")
    with pytest.raises(AnchorInvalid):
        Vault.open(path, PASSPHRASE)
    anchor_path(path).write_bytes(mine)
    Vault.open(path, PASSPHRASE).close()


# ---- backups --------------------------------------------------------------------------

def test_a_backup_has_its_own_anchor_and_a_restore_needs_a_yes(anchored, tmp_path):
    path, _pid, kid = anchored
    with Vault.open(path, PASSPHRASE) as v:
        info = v.backup(tmp_path / "backups" / "kopia.kvault")
        v.repo.set_fakta(kid, "arbete", "efter säkerhetskopian")
        seq_at_backup = info.audit_seq
    doc = anchor_doc(info.path)
    assert doc["kind"] == "backup" and doc["state"]["seq"] == seq_at_backup
    assert info.audit_fingerprint == anchors.fingerprint(doc["state"]["head"])
    assert verify_file(info.path, PASSPHRASE) == []
    moved = snapshot(info.path, tmp_path / "usb")  # the backup system copied it elsewhere
    assert verify_file(moved, PASSPHRASE) == []
    # copied in place of the vault with its anchor: a restored backup, said as such
    for suffix in ("", ".keys", ".anchor"):
        shutil.copy(Path(str(info.path) + suffix), Path(str(path) + suffix))
    with pytest.raises(VaultRolledBack) as caught:
        Vault.open(path, PASSPHRASE)
    assert caught.value.code == "backup"
    with Vault.open(path, PASSPHRASE, accept_restore=True) as v:
        assert v.repo.get_kartlaggning(kid).areas["arbete"].fakta == ""
    assert anchor_doc(path)["kind"] == "vault"
    Vault.open(path, PASSPHRASE).close()
    # the backup itself, opened where it was written, is a vault of its own
    with Vault.open(info.path, PASSPHRASE) as b:
        assert b.repo.count() == 1


def test_a_backup_from_before_anchoring_restored_over_an_anchored_vault(tmp_path):
    path = tmp_path / "vaults" / "old.kvault"
    path.parent.mkdir()
    shutil.copy(FIXTURES / "v1.kvault", path)
    shutil.copy(FIXTURES / "v1.kvault.keys", keys_path(path))
    with Vault.open(path, V1_PASSPHRASE) as v:  # migrated: its first anchor
        assert v.audit.broken_at() is None
    assert anchor_path(path).exists()
    pre = next(path.parent.glob(f"old.kvault.pre-v{schema.CURRENT_VERSION}-*.bak"))
    assert not anchor_path(pre).exists()  # a copy of the old schema has nothing to anchor
    for suffix in ("", ".keys"):
        shutil.copy(Path(str(pre) + suffix), Path(str(path) + suffix))
    with pytest.raises(VaultRolledBack) as caught:
        Vault.open(path, V1_PASSPHRASE)
    assert caught.value.code == "older"
    with Vault.open(path, V1_PASSPHRASE, accept_restore=True) as v:
        events = [e.event for e in v.audit.entries()]
        assert "vault.restore_accepted" in events and events[-1] == "vault.unlocked"
        assert v.audit.broken_at() is None
    Vault.open(path, V1_PASSPHRASE).close()


# ---- legacy (SHA-256) entries from before the keyed chain ---------------------------------

def test_legacy_entries_stay_verified_and_are_covered_by_the_keyed_chain(tmp_path):
    from kartlaggning.storage.audit import entry_hash
    from kartlaggning.storage.keys import KeyFile
    from kartlaggning.storage.vault import _keyed_connection
    path = tmp_path / "old.kvault"
    shutil.copy(FIXTURES / "v1.kvault", path)
    shutil.copy(FIXTURES / "v1.kvault.keys", keys_path(path))
    with Vault.open(path, V1_PASSPHRASE) as v:
        _key, keyed_from = v.audit.keying
        entries = v.audit.entries()
    assert keyed_from == 4 and entries[3].event == "vault.migrated"
    assert entries[2].hash == entry_hash(*[getattr(entries[2], f) for f in
                                           ("seq", "at", "event", "participant_id", "detail", "prev_hash")])
    assert verify_file(path, V1_PASSPHRASE) == []
    # a legacy row edited and the legacy chain made again with SHA-256: the first keyed entry breaks
    conn = _keyed_connection(path, KeyFile.read(path).unlock(V1_PASSPHRASE))
    conn.execute("DROP TRIGGER audit_no_update")
    prev = "0" * 64
    for e in entries[:3]:
        detail = "forged" if e.seq == 2 else e.detail
        digest = entry_hash(e.seq, e.at, e.event, e.participant_id, detail, prev)
        conn.execute("UPDATE audit SET detail=?, prev_hash=?, hash=? WHERE seq=?", (detail, prev, digest, e.seq))
        prev = digest
    conn.execute("CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'x'); END")
    conn.close()
    with Vault.open(path, V1_PASSPHRASE) as v:
        assert v.audit.broken_at() == 4


# ---- the window -----------------------------------------------------------------------

def test_the_window_says_so_and_opens_a_restored_backup_only_when_asked(qtbot, anchored, tmp_path):
    from kartlaggning.config import AppConfig
    from kartlaggning.ui.main_window import MainWindow
    from kartlaggning.ui.session import Session
    path, _pid, kid = anchored
    old = snapshot(path, tmp_path / "old")
    with Vault.open(path, PASSPHRASE) as v:
        v.repo.set_fakta(kid, "arbete", "efter kopian")
    shutil.copy(old, path)
    w = MainWindow(Session(path), AppConfig())
    qtbot.addWidget(w)
    w.show()
    w.start()
    try:
        form = w.unlock_page.unlock_form
        form.passphrase.field.setText(PASSPHRASE)
        form.unlock_button.click()
        finish_unlock(form)
        assert not w.session.is_unlocked
        assert form.passphrase.error() == VaultRolledBack("behind").message
        assert form.accept_button.isVisible() and form.hint.isVisible()
        form.accept_button.click()
        finish_unlock(form)
        qtbot.waitUntil(lambda: w.session.is_unlocked and "vault.restore_accepted" in [
            e.event for e in w.session.vault.audit.entries()], timeout=10000)  # after the open-time checks
        assert not form.accept_button.isVisible()
    finally:
        w.close()
        w.session.quit()
    Vault.open(path, PASSPHRASE).close()  # anchored anew


# ---- fingerprints in the reports ------------------------------------------------------------

def test_fingerprints_in_audit_backup_report_and_register_extract(anchored, tmp_path, cli):
    path, pid, _kid = anchored
    code, out, err = cli("backup", "--vault", path, "--out", tmp_path / "b.kvault", "--lang", "en")
    assert code == 0, err
    line = next(line for line in out.splitlines() if "last entry" in line)
    seq, fingerprint = line.split("last entry ")[1].split(", fingerprint ")
    fingerprint = fingerprint.rstrip(".")
    code, out, err = cli("audit", "--vault", path, "--lang", "en")
    assert code == 0, err
    rows = {line.split()[0]: line for line in out.splitlines() if line.strip()[:1].isdigit()}
    assert fingerprint in rows[seq]  # the report's fingerprint is that entry's, in the log
    assert "Last entry of the whole log" in out
    code, out, err = cli("extract", "--vault", path, "--participant", make_pnr(7), "--out", tmp_path / "u.json")
    assert code == 0, err
    head = json.loads((tmp_path / "u.json").read_text("utf-8"))["audit_head"]
    code, out, _err = cli("audit", "--vault", path, "--lang", "en")
    rows = {line.split()[0]: line for line in out.splitlines() if line.strip()[:1].isdigit()}
    assert head["fingerprint"] in rows[str(head["seq"])]
    from kartlaggning.services import records
    with Vault.open(path, PASSPHRASE) as v:
        extract = records.register_extract(v.repo, pid)
    from pypdf import PdfReader
    pdf = records.extract_pdf(extract, _header())
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert extract.audit_head[1] in " ".join(text.split())


def _header():
    from kartlaggning.models.unit import UnitHeader
    return UnitHeader(kommun="Exempelby")
