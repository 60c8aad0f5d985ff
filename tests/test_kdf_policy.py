"""Issue 11, trust under accident and attack: the passphrase KDF at today's strength
(and the re-wrap of weaker key files at unlock), key file parameters checked before any
derivation, a key file of another vault named as such, and the passphrase rule in the
storage, the command line and the window."""
from __future__ import annotations

import base64
import io
import json
import os
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kartlaggning import i18n, passphrase_rule, paths, resources
from kartlaggning.__main__ import main
from kartlaggning.storage import Vault, VaultDamaged, WeakPassphrase, WrongPassphrase, keys, verify_file
from kartlaggning.storage.errors import KeyFileDamaged, KeyFileMismatch, NewerVault
from kartlaggning.storage.keys import KeyFile, keys_path
from kartlaggning.ui.session import Session
from kartlaggning.ui.unlock import UnlockPage

from conftest import FAST_PASSPHRASE_N, PASSPHRASE, finish_unlock
from tests.helpers.typing_keys import type_text  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def key_doc(path: Path) -> dict:
    return json.loads(keys_path(path).read_bytes())


def write_key_doc(path: Path, doc) -> None:
    keys_path(path).write_text(json.dumps(doc), "ascii")


def new_vault(path: Path, passphrase: str = PASSPHRASE) -> tuple[Path, str]:
    v, recovery = Vault.create(path, passphrase)
    v.close()
    return path, recovery


# ---- the KDF ------------------------------------------------------------------------

def test_production_strength(real_kdf):
    assert real_kdf == keys.PASSPHRASE_N == 2**17
    assert keys.RECOVERY_N == 2**12  # the recovery key has 130 bits: a fast KDF is enough
    assert (keys.SCRYPT_R, keys.SCRYPT_P) == (8, 1)
    assert keys.scrypt_maxmem(2**17) >= 128 * 8 * 2**17 + 1  # 128 MiB and a margin


def test_the_suite_runs_with_a_lowered_n_only_in_process():
    assert keys.PASSPHRASE_N == FAST_PASSPHRASE_N == 2**12
    # nothing in the program lowers it: no setting, no environment variable
    hits = [p for p in (ROOT / "kartlaggning").rglob("*.py") if "PASSPHRASE_N =" in p.read_text("utf-8")]
    assert hits == [ROOT / "kartlaggning" / "storage" / "keys.py"]
    code = ("import os; os.environ.update({k: '4096' for k in ('KARTLAGGNING_KDF_N', 'SCRYPT_N', 'PASSPHRASE_N')});"
            "from kartlaggning.storage import keys; print(keys.PASSPHRASE_N)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.stdout.strip() == str(2**17), out.stderr


def test_a_new_key_file_has_the_production_n(real_kdf, vault_path):
    t0 = time.perf_counter()
    path, _recovery = new_vault(vault_path)
    created_s = time.perf_counter() - t0
    doc = key_doc(path)
    assert doc["version"] == 2
    assert (doc["passphrase"]["n"], doc["passphrase"]["r"], doc["passphrase"]["p"]) == (2**17, 8, 1)
    assert doc["recovery"]["n"] == 2**12
    assert base64.b64decode(doc["database_salt"]) == path.read_bytes()[:16]
    print(f"create at N=2^17: {created_s * 1000:.0f} ms")


def test_unlock_at_the_real_n_derives_once(real_kdf, vault_path, monkeypatch):
    """The unlock's cost is one derivation at N=2^17 (counted, not timed); the times are printed."""
    path, _recovery = new_vault(vault_path)
    calls = []
    real = keys._kdf

    def counted(secret, salt, n):
        calls.append(n)
        return real(secret, salt, n)
    t0 = time.perf_counter()
    keys._kdf(b"x", bytes(16), 2**17)
    kdf_s = time.perf_counter() - t0
    monkeypatch.setattr(keys, "_kdf", counted)
    t0 = time.perf_counter()
    with Vault.open(path, PASSPHRASE) as v:
        v.repo.search("")
    unlock_s = time.perf_counter() - t0
    assert calls == [2**17]
    print(f"scrypt N=2^17: {kdf_s * 1000:.0f} ms; unlock to list: {unlock_s * 1000:.0f} ms")


def test_a_weaker_key_file_is_rewrapped_at_the_next_unlock(real_kdf, vault_path, monkeypatch):
    monkeypatch.setattr(keys, "PASSPHRASE_N", 2**15)  # a key file as the previous version wrote it
    path, recovery = new_vault(vault_path)
    monkeypatch.setattr(keys, "PASSPHRASE_N", real_kdf)
    old = key_doc(path)
    assert old["passphrase"]["n"] == 2**15
    with Vault.open(path, PASSPHRASE) as v:
        entries = v.audit.entries()
        assert [e.event for e in entries][-1] == "vault.keys_upgraded"
        assert entries[-1].detail == f"scrypt n {2**15}->{2**17}"
    new = key_doc(path)
    assert new["passphrase"]["n"] == 2**17
    assert new["passphrase"]["salt"] != old["passphrase"]["salt"]
    assert new["recovery"] == old["recovery"]  # the recovery slot is kept as it is
    assert not list(path.parent.glob("*.tmp*"))  # written atomically, nothing left beside
    with Vault.open(path, PASSPHRASE) as v:  # the same passphrase, once more: nothing to do
        assert v.audit.entries()[-1].event == "vault.unlocked"
    assert key_doc(path) == new
    Vault.open(path, recovery_key=recovery).close()


def test_an_unlock_with_the_recovery_key_keeps_the_passphrase_slot(real_kdf, vault_path, monkeypatch):
    monkeypatch.setattr(keys, "PASSPHRASE_N", 2**15)
    path, recovery = new_vault(vault_path)
    monkeypatch.setattr(keys, "PASSPHRASE_N", real_kdf)
    before = key_doc(path)
    Vault.open(path, recovery_key=recovery).close()  # the passphrase is not known: nothing to re-wrap with
    assert key_doc(path)["passphrase"] == before["passphrase"]


def version_1(path: Path) -> dict:
    """The key file as the previous version wrote it: version 1, no database salt."""
    doc = key_doc(path)
    doc["version"] = 1
    del doc["database_salt"]
    write_key_doc(path, doc)
    return doc


def test_a_version_1_key_file_opens_and_gets_the_database_salt(vault_path):
    path, recovery = new_vault(vault_path)
    old = version_1(path)
    with Vault.open(path, recovery_key=recovery):
        pass
    doc = key_doc(path)
    assert doc["version"] == 2 and base64.b64decode(doc["database_salt"]) == path.read_bytes()[:16]
    assert (doc["passphrase"], doc["recovery"]) == (old["passphrase"], old["recovery"])
    Vault.open(path, PASSPHRASE).close()


def test_an_old_short_passphrase_still_unlocks_and_is_rewrapped(vault_path, monkeypatch):
    """The rule applies when a passphrase is chosen, never at unlock."""
    monkeypatch.setattr(keys, "PASSPHRASE_N", 2**13)
    path, _recovery = new_vault(vault_path)
    with Vault.open(path, PASSPHRASE) as v:
        data_key = bytes(v._data_key)
    doc = key_doc(path)
    doc["passphrase"] = keys._wrap(data_key, keys._secret_bytes("kort1234"), 2**12)  # 8 characters, once allowed
    write_key_doc(path, doc)
    assert passphrase_rule.problem("kort1234") == passphrase_rule.SHORT
    with Vault.open(path, "kort1234") as v:
        assert v.audit.entries()[-1].event == "vault.keys_upgraded"
    assert key_doc(path)["passphrase"]["n"] == 2**13
    assert Vault.check_passphrase(path, "kort1234")


# ---- key file parameters ------------------------------------------------------------

def _b64(n: int) -> str:
    return base64.b64encode(bytes(n)).decode()


ODD_SLOTS = {
    "n not a power of two": {"n": 3 * 2**12},
    "n 2^40": {"n": 2**40},
    "n 2^21": {"n": 2**21},
    "n 2^11": {"n": 2**11},
    "n zero": {"n": 0},
    "n negative": {"n": -4096},
    "n as text": {"n": "131072"},
    "n as float": {"n": 131072.0},
    "n true": {"n": True},
    "r zero": {"r": 0},
    "r negative": {"r": -8},
    "r huge": {"r": 2**30},
    "r 16": {"r": 16},
    "p zero": {"p": 0},
    "p negative": {"p": -1},
    "p huge": {"p": 2**20},
    "salt 8 bytes": {"salt": _b64(8)},
    "salt 17 bytes": {"salt": _b64(17)},
    "salt not base64": {"salt": "!!not base64!!"},
    "salt a number": {"salt": 12},
    "wrapped 31 bytes": {"wrapped": _b64(31)},
    "wrapped 33 bytes": {"wrapped": _b64(33)},
    "mac 16 bytes": {"mac": _b64(16)},
    "kdf pbkdf2": {"kdf": "pbkdf2"},
    "kdf missing": {"kdf": None},
}


def forbid_kdf(monkeypatch) -> None:
    """From here on, a key derivation fails the test: a refused key file must be refused
    before any (an N of 2^40 would hang and eat memory)."""
    def fail(*args):
        raise AssertionError("a key derivation ran")
    monkeypatch.setattr(keys, "_kdf", fail)


@pytest.mark.parametrize("slot_name", ["passphrase", "recovery"])
@pytest.mark.parametrize("change", list(ODD_SLOTS.values()), ids=list(ODD_SLOTS))
def test_odd_slot_parameters_are_a_damaged_key_file(vault_path, monkeypatch, slot_name, change):
    path, recovery = new_vault(vault_path)
    doc = key_doc(path)
    for name, value in change.items():
        if value is None:
            del doc[slot_name][name]
        else:
            doc[slot_name][name] = value
    write_key_doc(path, doc)
    forbid_kdf(monkeypatch)
    for kwargs in ({"passphrase": PASSPHRASE}, {"recovery_key": recovery}):
        with pytest.raises(KeyFileDamaged) as info:
            Vault.open(path, **kwargs)
        assert isinstance(info.value, VaultDamaged)  # the window's "restore a backup" hint
        with pytest.raises(KeyFileDamaged):
            verify_file(path, **kwargs)


BAD_DOCUMENTS = {
    "slots not objects": lambda d: {**d, "passphrase": [1, 2], "recovery": "x"},
    "slot null": lambda d: {**d, "passphrase": None},
    "no passphrase slot": lambda d: {k: v for k, v in d.items() if k != "passphrase"},
    "a list": lambda d: [d],
    "version as text": lambda d: {**d, "version": "2"},
    "version 0": lambda d: {**d, "version": 0},
    "database salt 15 bytes": lambda d: {**d, "database_salt": _b64(15)},
    "database salt a number": lambda d: {**d, "database_salt": 7},
    "deeply nested": lambda d: None,  # written as text below: json.loads hits the recursion limit
}


@pytest.mark.parametrize("make", list(BAD_DOCUMENTS.values()), ids=list(BAD_DOCUMENTS))
def test_odd_documents_are_a_damaged_key_file(vault_path, monkeypatch, make):
    path, _recovery = new_vault(vault_path)
    forbid_kdf(monkeypatch)
    bad = make(key_doc(path))
    if bad is None:
        keys_path(path).write_text("[" * 100_000 + "]" * 100_000, "ascii")
    else:
        write_key_doc(path, bad)
    with pytest.raises(KeyFileDamaged):
        Vault.open(path, PASSPHRASE)


def test_a_huge_key_file_is_not_read(vault_path, monkeypatch):
    path, _recovery = new_vault(vault_path)
    forbid_kdf(monkeypatch)
    keys_path(path).write_bytes(b" " * (keys.MAX_KEY_FILE_BYTES + 1))
    with pytest.raises(KeyFileDamaged):
        Vault.open(path, PASSPHRASE)


def test_a_key_file_of_a_newer_version_says_so(vault_path, monkeypatch):
    path, _recovery = new_vault(vault_path)
    forbid_kdf(monkeypatch)
    write_key_doc(path, {**key_doc(path), "version": 3})
    with pytest.raises(NewerVault):
        Vault.open(path, PASSPHRASE)


@pytest.fixture
def cli(monkeypatch, capsys):
    """``cli(*argv, env) -> (code, out, err)`` in-process, no terminal, in English."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    for name in ("KARTLAGGNING_PASSPHRASE", "KARTLAGGNING_NEW_PASSPHRASE", "KARTLAGGNING_RECOVERY_KEY"):
        monkeypatch.delenv(name, raising=False)

    def run(*argv, lang="en", **env):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        capsys.readouterr()
        code = main([str(a) for a in argv] + ["--lang", lang])
        out = capsys.readouterr()
        for name in env:
            monkeypatch.delenv(name)
        return code, out.out, out.err
    return run


def test_the_command_line_says_the_key_file_is_damaged(vault_path, cli):
    path, _recovery = new_vault(vault_path)
    doc = key_doc(path)
    doc["passphrase"]["n"] = 2**40
    write_key_doc(path, doc)
    for command in ("verify", "audit", "backup"):
        args = [command, "--vault", path] + (["--out", path.parent / "b.kvault"] if command == "backup" else [])
        code, _out, err = cli(*args, KARTLAGGNING_PASSPHRASE=PASSPHRASE)
        assert code == 1, err
        assert "key file (.keys) that belongs to the vault is damaged" in err and "backup" in err
        assert "Internal error" not in err
    code, _out, err = cli("verify", "--vault", path, lang="sv", KARTLAGGNING_PASSPHRASE=PASSPHRASE)
    assert code == 1 and "Nyckelfilen (.keys) som hör till databasen är skadad" in err


# ---- a key file of another vault ---------------------------------------------------------

@pytest.fixture
def two_vaults(tmp_path):
    a, _ = new_vault(tmp_path / "a" / "a.kvault")
    b, recovery_b = new_vault(tmp_path / "b" / "b.kvault")
    assert a.read_bytes()[:16] != b.read_bytes()[:16]
    return a, b, recovery_b


def test_a_swapped_key_file_is_named_as_such(two_vaults):
    a, b, recovery_b = two_vaults
    shutil.copy(keys_path(a), keys_path(b))  # the same passphrase: the data key unwraps, but it is a's
    before = b.read_bytes()
    for kwargs in ({"passphrase": PASSPHRASE}, {"passphrase": "something else entirely"},
                   {"recovery_key": recovery_b}):
        with pytest.raises(KeyFileMismatch) as info:
            Vault.open(b, **kwargs)
        assert "belongs to another vault" in info.value.message or "annan databas" in info.value.message
        with pytest.raises(KeyFileMismatch):
            verify_file(b, **kwargs)
    assert b.read_bytes() == before  # left as it was
    assert key_doc(b) == key_doc(a)


def test_the_command_line_and_the_window_say_the_key_file_belongs_to_another_vault(two_vaults, cli, qtbot):
    a, b, _recovery = two_vaults
    shutil.copy(keys_path(a), keys_path(b))
    code, _out, err = cli("verify", "--vault", b, KARTLAGGNING_PASSPHRASE=PASSPHRASE)
    assert code == 1 and "belongs to another vault" in err and "swapped or copied" in err
    assert "Internal error" not in err and "damaged" not in err
    i18n.set_language("sv")
    page = unlock_page(qtbot, b)
    form = page.unlock_form
    type_text(form.passphrase.field, PASSPHRASE)
    qtbot.mouseClick(form.unlock_button, Qt.MouseButton.LeftButton)
    finish_unlock(form)
    assert form.passphrase.error() == KeyFileMismatch().message
    assert "annan databas" in form.passphrase.error()
    assert form.hint.isVisible() and str(paths.backups_dir()) in form.hint.text()
    assert not page.session.is_unlocked


def test_a_damaged_salt_is_damage_not_another_vault(vault_path):
    path, _recovery = new_vault(vault_path)
    for damage in (lambda head: bytes([head[0] ^ 1]) + head[1:16],  # one bit
                   lambda head: os.urandom(16)):  # the whole salt
        good = path.read_bytes()
        with open(path, "r+b") as f:
            f.write(damage(good))
        with pytest.raises(VaultDamaged) as info:
            Vault.open(path, PASSPHRASE)
        assert not isinstance(info.value, KeyFileDamaged)
        assert verify_file(path, PASSPHRASE) != []
        path.write_bytes(good)
    Vault.open(path, PASSPHRASE).close()


def test_a_backup_key_file_carries_the_backup_salt(vault, tmp_path):
    info = vault.backup(tmp_path / "backups" / "b.kvault")
    assert base64.b64decode(key_doc(info.path)["database_salt"]) == info.path.read_bytes()[:16]
    assert verify_file(info.path, PASSPHRASE) == []


def test_a_passphrase_change_keeps_the_database_salt(vault):
    before = key_doc(vault.path)["database_salt"]
    vault.change_passphrase("ett helt nytt lösenord")
    assert key_doc(vault.path)["database_salt"] == before
    vault.close()
    Vault.open(vault.path, "ett helt nytt lösenord").close()


# ---- the passphrase rule ---------------------------------------------------------------

REFUSED = {
    "": "short", "kort": "short", "elva tecken": "short", "  tio tecken  ": "short",
    " " * 20: "repeated", "aaaaaaaaaaaa": "repeated", "ööööööööööööö": "repeated", "a a a a a a a a": "repeated",
    "sommarsommar": "repeated", "hej hej hej hej": "repeated", "abcabcabcabc": "repeated",
    "ab12ab12ab12": "repeated", "Monkey Monkey": "repeated",
    "123456789012": "sequence", "1234567890123": "sequence", "987654321098": "sequence",
    "1234 5678 9012": "sequence", "qwertyuiopåasd": "sequence", "qwertyuiopasdf": "sequence",
    "abcdef123456": "sequence", "zyxwvutsrqpo": "sequence",
    "1qaz2wsx3edc": "sequence", "11223344556677": "sequence", "abcdefghijklmnopqrstuvwxyzåäö": "sequence",
    "lösenord1234": "common", "LÖSENORD1234": "common", "Lösenord 2024!!": "common",
    "sommar2024sommar": "common", "password1234": "common", "PassWord12345": "common",
    "P@ssw0rd2024!": "common", "correct horse battery staple": "common", "iloveyouiloveyou": "repeated", "jagälskardig2024": "common",
    "qwerty123456": "sequence", "1q2w3e4r5t6y": "common", "dragon2024!!": "common",
    "Kalle Anka 1234567": "common", "kartläggning2024": "common", "Välkommen2024!": "common",
    "football football": "repeated",
}


@pytest.mark.parametrize("passphrase,reason", list(REFUSED.items()))
def test_refused_passphrases_and_why(passphrase, reason):
    assert passphrase_rule.problem(passphrase) == reason
    with pytest.raises(WeakPassphrase) as info:
        keys.check_passphrase(passphrase)
    assert info.value.reason == reason
    assert info.value.message == passphrase_rule.explain(reason)


ACCEPTED = ["testlösenord 123", "häst batteri zebra", "Sommaren 2024 var varm", "fel lösenord",
            "demo lösenord för skärmbilder", "benchmark lösenord 2024", "minst tolv tecken",
            "ett nytt långt lösen", "tredje lösenordet 3", "fixture passphrase v1", "a new passphrase",
            "lösenord åäö 123", "Gula Hus På Berget", "kaffe, kanel & regn", "tolv tecken!"]


@pytest.mark.parametrize("passphrase", ACCEPTED)
def test_ordinary_passphrases_pass(passphrase):
    assert passphrase_rule.problem(passphrase) is None
    nfd = unicodedata.normalize("NFD", passphrase)
    assert passphrase_rule.problem(nfd) is None  # as a Mac keyboard may send it


def test_the_reasons_in_words():
    i18n.set_language("sv")
    assert passphrase_rule.explain("short", "kort") == "Lösenordet måste vara minst 12 tecken långt (nu 4)."
    assert "upprepas" in passphrase_rule.explain("repeated")
    assert "följd" in passphrase_rule.explain("sequence")
    assert "vanligaste" in passphrase_rule.explain("common")
    i18n.set_language("en")
    assert "most common passwords" in passphrase_rule.explain("common")


def test_the_deny_list_ships_as_package_data():
    assert "passwords/common.txt" in resources.REQUIRED
    words = passphrase_rule.deny_list()
    assert len(words) > 1000
    assert {"lösenord1234", "sommar2024sommar", "123qweasdzxc", "password", "lösenord"} <= words
    assert all(w == w.casefold() and " " not in w for w in words)


def test_the_rule_stays_light_at_start_up():
    code = ("import sys, kartlaggning.passphrase_rule as r;"
            "heavy = [m for m in ('PySide6', 'sqlcipher3', 'sqlite_utils', 'kartlaggning.storage') if m in sys.modules];"
            "print(heavy, r._deny is None)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.stdout.strip() == "[] True", out.stderr


def test_storage_refuses_weak_passphrases_and_changes_nothing(vault_path):
    with pytest.raises(WeakPassphrase) as info:
        Vault.create(vault_path, "lösenord1234")
    assert info.value.reason == "common"
    assert not vault_path.exists() and not keys_path(vault_path).exists()
    path, recovery = new_vault(vault_path)
    before = keys_path(path).read_bytes()
    with Vault.open(path, PASSPHRASE) as v:
        with pytest.raises(WeakPassphrase):
            v.change_passphrase("123456789012")
    with pytest.raises(WeakPassphrase):
        Vault.reset_passphrase(path, recovery, "aaaaaaaaaaaaaaaa")
    assert key_doc(path)["passphrase"] == json.loads(before)["passphrase"]
    with pytest.raises(WrongPassphrase):
        Vault.open(path, "123456789012")


def test_the_command_line_says_why_a_passphrase_is_refused(tmp_path, cli):
    path = tmp_path / "v" / "ny.kvault"
    code, _out, err = cli("init", "--vault", path, KARTLAGGNING_PASSPHRASE="sommar2024sommar")
    assert code != 0 and "most common passwords" in err and "Nothing was changed" in err
    assert not path.exists() and not keys_path(path).exists()
    code, _out, err = cli("init", "--vault", path, lang="sv", KARTLAGGNING_PASSPHRASE="1234 5678 9012")
    assert code != 0 and "följd av tecken" in err and "Ingenting har ändrats" in err
    assert not path.exists()
    assert cli("init", "--vault", path, KARTLAGGNING_PASSPHRASE=PASSPHRASE)[0] == 0
    before = keys_path(path).read_bytes()
    code, _out, err = cli("passwd", "--vault", path, KARTLAGGNING_PASSPHRASE=PASSPHRASE,
                          KARTLAGGNING_NEW_PASSPHRASE="kortare")
    assert code != 0 and "at least 12 characters long (now 7)" in err
    code, _out, err = cli("passwd", "--vault", path, KARTLAGGNING_PASSPHRASE=PASSPHRASE,
                          KARTLAGGNING_NEW_PASSPHRASE="xxxxxxxxxxxxxxxx")
    assert code != 0 and "one character or word repeated" in err
    assert keys_path(path).read_bytes() == before
    code, _out, err = cli("passwd", "--vault", path, KARTLAGGNING_PASSPHRASE=PASSPHRASE,
                          KARTLAGGNING_NEW_PASSPHRASE="ett annat gott lösen")
    assert code == 0, err
    Vault.open(path, "ett annat gott lösen").close()


def test_the_demo_refuses_a_weak_passphrase_too(tmp_path, cli):
    path = tmp_path / "demo" / "demo.kvault"
    code, _out, err = cli("demo", "--vault", path, KARTLAGGNING_PASSPHRASE="password1234")
    assert code != 0 and "most common passwords" in err and not path.exists()


# ---- the window -------------------------------------------------------------------------

def unlock_page(qtbot, vault_path: Path) -> UnlockPage:
    session = Session(vault_path)
    page = UnlockPage(session)
    qtbot.addWidget(page)
    page.show()
    page.show_mode()
    page.destroyed.connect(session.quit)
    return page




def type_into(qtbot, edit, text: str) -> None:
    """What the user does: select what is there (Ctrl+A), delete it, type."""
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    type_text(edit, text)


def test_the_create_form_says_why_and_keeps_what_was_typed(qtbot, vault_path):
    page = unlock_page(qtbot, vault_path)
    form = page.create_form
    assert page.current_form() is form
    hint = " ".join(label.text() for label in form.findChildren(type(page.title)))
    assert "minst 12 tecken" in hint.lower() and "123456" in hint
    cases = [("kort", "Lösenordet måste vara minst 12 tecken långt (nu 4)."),
             ("zzzzzzzzzzzzzz", passphrase_rule.explain("repeated")),
             ("123456789012", passphrase_rule.explain("sequence")),
             ("Password12345", passphrase_rule.explain("common"))]
    for typed, message in cases:
        type_into(qtbot, form.passphrase.field, typed)
        type_into(qtbot, form.repeat.field, typed)
        qtbot.mouseClick(form.create_button, Qt.MouseButton.LeftButton)
        assert form.passphrase.error() == message
        assert form.passphrase.field.text() == typed and form.repeat.field.text() == typed
        assert not vault_path.exists() and not page.session.is_unlocked
    type_into(qtbot, form.passphrase.field, PASSPHRASE)
    type_into(qtbot, form.repeat.field, PASSPHRASE)
    with qtbot.waitSignal(page.created, timeout=10_000):
        qtbot.mouseClick(form.create_button, Qt.MouseButton.LeftButton)
    assert page.session.is_unlocked and vault_path.exists()
    page.session.quit()


def test_the_recovery_form_says_why_and_keeps_what_was_typed(qtbot, vault_path):
    path, recovery = new_vault(vault_path)
    before = keys_path(path).read_bytes()
    page = unlock_page(qtbot, path)
    qtbot.mouseClick(page.unlock_form.forgot_button, Qt.MouseButton.LeftButton)
    form = page.recover_form
    assert page.current_form() is form
    type_text(form.key.field, recovery)
    type_into(qtbot, form.passphrase.field, "qwertyuiopasdfgh")
    type_into(qtbot, form.repeat.field, "qwertyuiopasdfgh")
    qtbot.mouseClick(form.submit_button, Qt.MouseButton.LeftButton)
    assert form.passphrase.error() == passphrase_rule.explain("sequence")
    assert form.key.field.text() == recovery and form.passphrase.field.text() == "qwertyuiopasdfgh"
    assert keys_path(path).read_bytes() == before
    type_into(qtbot, form.passphrase.field, "nya lösenordet 2")
    type_into(qtbot, form.repeat.field, "nya lösenordet 2")
    with qtbot.waitSignal(page.unlocked, timeout=10_000):
        qtbot.mouseClick(form.submit_button, Qt.MouseButton.LeftButton)
    page.session.quit()
    Vault.open(path, "nya lösenordet 2").close()


def test_the_window_says_the_key_file_is_damaged(qtbot, vault_path):
    path, _recovery = new_vault(vault_path)
    doc = key_doc(path)
    doc["passphrase"]["r"] = 0
    write_key_doc(path, doc)
    page = unlock_page(qtbot, path)
    form = page.unlock_form
    type_text(form.passphrase.field, PASSPHRASE)
    qtbot.keyClick(form.passphrase.field, Qt.Key.Key_Return)
    finish_unlock(form)
    assert form.passphrase.error() == KeyFileDamaged().message
    assert form.passphrase.error().startswith("Nyckelfilen (.keys) som hör till databasen är skadad")
    assert form.hint.isVisible() and str(paths.backups_dir()) in form.hint.text()
    assert form.passphrase.field.text() == PASSPHRASE  # kept, selected: the user may try again
