"""After a whole scripted session no file anywhere holds personal data in plaintext:
not the data, config or home dirs, not new temp files, not the log."""
from __future__ import annotations

import json
import os
import sys
import tempfile
import uuid
from datetime import date
from pathlib import Path

import pytest

from kartlaggning import log, paths
from kartlaggning.config import AppConfig
from kartlaggning.models import Contact, GridEntry, IndividuellPlan, Kartlaggning, Participant, Samtal, ValidationError
from kartlaggning.storage import Vault, verify_file

from conftest import PASSPHRASE, make_pnr

TEMP_DIRS = [Path(tempfile.gettempdir()), Path("/var/tmp")]


def snapshot() -> dict[Path, float]:
    """Top-level entries of the system temp dirs with their mtimes."""
    seen = {}
    for d in TEMP_DIRS:
        if d.is_dir():
            for entry in d.iterdir():
                try:
                    seen[entry] = entry.lstat().st_mtime
                except OSError:
                    pass
    return seen


def files_under(path: Path):
    if path.is_symlink():
        return
    if path.is_file():
        yield path
    elif path.is_dir():
        for p in path.rglob("*"):
            if p.is_file() and not p.is_symlink():
                yield p


def needles(words: list[str]) -> list[bytes]:
    out = []
    for w in words:
        for form in (w, w.lower(), w.upper()):
            out += [form.encode("utf-8"), form.encode("utf-16-le"), form.encode("utf-16-be")]
    return out


@pytest.fixture
def file_log():
    """The app's file log in this test's data dir (handlers left by other tests set aside)."""
    saved = list(log.log.handlers)
    for h in saved:
        log.log.removeHandler(h)
    hook = sys.excepthook
    log.setup(to_file=True)
    log.install_crash_hook()
    yield paths.log_path()
    sys.excepthook = hook
    for h in list(log.log.handlers):
        log.log.removeHandler(h)
        h.close()
    for h in saved:
        log.log.addHandler(h)


def test_scripted_session_leaves_no_plaintext(tmp_path, file_log, capsys):
    marker = "KLARTEXT" + uuid.uuid4().hex[:10].upper()
    free_text = f"Hemlig anteckning {marker} om hälsan"
    temp_before = snapshot()

    cfg = AppConfig(vault_path=str(paths.default_vault_path()))
    cfg.save()
    v, recovery = Vault.create(paths.default_vault_path(), PASSPHRASE)
    people = []
    for i in range(3):
        p = Participant(namn=f"{marker} Person{i}", personnummer=make_pnr(i), adress=f"{marker}vägen {i}",
                        kontaktpersoner=[Contact(namn=f"{marker} Kontakt")])
        v.repo.save_participant(p)
        log.event("participant.created", participant=p.id)
        v.repo.get_participant(p.id, audit=True)
        k = Kartlaggning(participant_id=p.id)
        k.samtal.append(Samtal(datum=date(2025, 2, 3), anteckning=free_text))
        v.repo.save_kartlaggning(k)
        v.repo.set_fakta(k.id, "psykiska", free_text)
        v.repo.save_entry(k.id, "psykiska", "hinder", GridEntry(free_text), 0)
        v.repo.save_document(IndividuellPlan(participant_id=p.id, namn=p.namn, mal=free_text))
        people.append(p)
    # a rejected save: the error message quotes nothing typed; the crash hook logs no message
    with pytest.raises(ValidationError) as info:
        v.repo.set_fakta(k.id, "psykiska", marker * 3000)
    assert marker not in str(info.value)
    try:
        raise RuntimeError(f"something about {marker} {people[0].personnummer}")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert marker not in capsys.readouterr().err
    info_b = v.backup(paths.backups_dir() / "backup-1.kvault")
    assert verify_file(info_b.path, PASSPHRASE) == []
    v.repo.delete_participant(people[2].id)
    v.change_passphrase("ett nytt lösenord")
    v.close()
    with Vault.open(paths.default_vault_path(), "ett nytt lösenord") as again:
        assert again.repo.count() == 2

    words = [marker, people[0].personnummer, people[0].personnummer_formatted, people[0].personnummer[2:],
             "Hemlig anteckning"]
    bad = needles(words)
    scanned = []
    for f in files_under(tmp_path):
        data = f.read_bytes()
        scanned.append(f.relative_to(tmp_path).as_posix())
        hits = [n for n in bad if n in data]
        assert not hits, f"{f} holds {hits[0]!r}"
    # what the session must have written, so the scan above covered it
    for expected in ("data/kartlaggning/vault.kvault", "data/kartlaggning/vault.kvault.keys",
                     "data/kartlaggning/backups/backup-1.kvault", "data/kartlaggning/kartlaggning.log",
                     "config/kartlaggning/settings.json"):
        assert expected in scanned
    log_text = file_log.read_text("utf-8")
    assert "participant.created participant=" in log_text and "crash builtins.RuntimeError" in log_text

    # new or changed entries in the system temp dirs (tmp_path itself was scanned above)
    for entry, mtime in snapshot().items():
        if entry in temp_before and temp_before[entry] == mtime:
            continue
        if tmp_path.is_relative_to(entry) or entry.name.startswith("pytest-of-"):
            continue
        if entry in temp_before and entry.is_dir():
            continue  # a directory that was already there (others' work dirs); new temp dirs are scanned
        for f in files_under(entry):
            try:
                data = f.read_bytes()
            except OSError:
                continue
            hits = [n for n in bad if n in data]
            assert not hits, f"temp file {f} holds {hits[0]!r}"


def test_config_file_holds_no_personal_data(tmp_path):
    cfg = AppConfig.load()
    cfg.vault_path, cfg.language, cfg.idle_lock_minutes = str(tmp_path / "v.kvault"), "en", 7
    cfg.save()  # every preference changed, so every one is written
    text = AppConfig.path().read_text("utf-8")
    assert set(json.loads(text)) == {"language", "idle_lock_minutes", "vault_path"}
    assert oct(os.stat(AppConfig.path()).st_mode & 0o777) == "0o600"
