"""The command line, run in-process through ``kartlaggning.__main__.main`` and,
once, as a real ``python -m kartlaggning`` with no stdin."""
from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import types
from pathlib import Path

import jsonschema
import pytest

from kartlaggning import exchange
from kartlaggning.__main__ import main
from kartlaggning.cli import build_parser
from kartlaggning.demo import bulk_records, demo_records
from kartlaggning.storage import Vault

from conftest import PASSPHRASE

NEW_PASSPHRASE = "ett nytt långt lösen"
THIRD_PASSPHRASE = "tredje lösenordet 3"
RECOVERY_RE = re.compile(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{2,4}){6}\b")
SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "docs" / "export.schema.json").read_text("utf-8"))


@pytest.fixture
def cli(monkeypatch, capsys):
    """``cli("verify", "--vault", p) -> (exit code, stdout, stderr)``, passphrase in the environment."""
    monkeypatch.setenv("KARTLAGGNING_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("KARTLAGGNING_NEW_PASSPHRASE", raising=False)
    monkeypatch.delenv("KARTLAGGNING_LANG", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # like CI: no terminal

    def run(*argv):
        capsys.readouterr()
        code = main([str(a) for a in argv])
        captured = capsys.readouterr()
        return code, captured.out, captured.err
    return run


@pytest.fixture
def demo_vault(cli, tmp_path):
    path = tmp_path / "v" / "demo.kvault"
    code, out, _err = cli("init", "--vault", path, "--lang", "en")
    assert code == 0
    recovery = RECOVERY_RE.search(out).group(0)
    assert cli("demo", "--vault", path)[0] == 0
    return path, recovery


def count(path: Path, passphrase: str = PASSPHRASE) -> int:
    with Vault.open(path, passphrase) as v:
        return v.repo.count()


def export_doc(cli, vault: Path, out: Path) -> dict:
    code, _out, err = cli("export", "--vault", vault, "--out", out)
    assert code == 0, err
    doc = json.loads(out.read_text("utf-8"))
    doc.pop("exported_at")
    return doc


def copy_vault(src: Path, dst: Path) -> Path:
    shutil.copyfile(src, dst)
    shutil.copyfile(str(src) + ".keys", str(dst) + ".keys")
    return dst


# ---- init, verify, backup --------------------------------------------------------------

def test_init_prints_recovery_key_once_and_refuses_existing(cli, tmp_path):
    path = tmp_path / "ny.kvault"
    code, out, err = cli("init", "--vault", path, "--lang", "en")
    assert code == 0 and path.is_file() and Path(str(path) + ".keys").is_file()
    assert len(RECOVERY_RE.findall(out)) == 1
    assert "apart from the laptop" in out
    assert PASSPHRASE not in out + err
    before = path.read_bytes()
    code, out, err = cli("init", "--vault", path, "--lang", "en")
    assert code == 1 and "already exists" in err and not RECOVERY_RE.search(out)
    assert path.read_bytes() == before


def test_verify_intact_wrong_damaged_truncated_missing(cli, demo_vault, tmp_path, monkeypatch):
    path, _recovery = demo_vault
    assert cli("verify", "--vault", path)[0] == 0

    before = (path.read_bytes(), Path(str(path) + ".keys").read_bytes())
    monkeypatch.setenv("KARTLAGGNING_PASSPHRASE", "fel lösenord 999")
    code, _out, err = cli("verify", "--vault", path)
    assert code == 2 and err
    assert (path.read_bytes(), Path(str(path) + ".keys").read_bytes()) == before
    monkeypatch.setenv("KARTLAGGNING_PASSPHRASE", PASSPHRASE)

    flipped = copy_vault(path, tmp_path / "flipped.kvault")
    data = bytearray(flipped.read_bytes())
    data[len(data) // 2] ^= 0xFF
    flipped.write_bytes(bytes(data))
    code, _out, err = cli("verify", "--vault", flipped, "--lang", "en")
    assert code == 1 and "damaged" in err and "backup" in err

    truncated = copy_vault(path, tmp_path / "truncated.kvault")
    truncated.write_bytes(path.read_bytes()[: len(before[0]) // 2 + 100])
    assert cli("verify", "--vault", truncated)[0] == 1
    truncated.write_bytes(b"")
    code, _out, err = cli("verify", "--vault", truncated)
    assert code == 1 and "Traceback" not in err

    missing = tmp_path / "missing.kvault"
    code, _out, err = cli("verify", "--vault", missing, "--lang", "en")
    assert code == 1 and "missing.kvault" in err
    assert not missing.exists()

    no_keys = tmp_path / "nokeys.kvault"
    shutil.copyfile(path, no_keys)
    code, _out, err = cli("verify", "--vault", no_keys, "--lang", "en")
    assert code == 1 and "key file" in err


def test_verify_with_recovery_key(cli, demo_vault, monkeypatch):
    path, recovery = demo_vault
    monkeypatch.delenv("KARTLAGGNING_PASSPHRASE")
    monkeypatch.setenv("KARTLAGGNING_RECOVERY_KEY", recovery)
    assert cli("verify", "--vault", path)[0] == 0
    monkeypatch.setenv("KARTLAGGNING_RECOVERY_KEY", "0000-0000-0000-0000-0000-0000-00")
    assert cli("verify", "--vault", path)[0] == 2


def test_backup_is_verified_and_opens(cli, demo_vault, tmp_path):
    path, _recovery = demo_vault
    out = tmp_path / "backups" / "kopia.kvault"
    code, stdout, _err = cli("backup", "--vault", path, "--out", out)
    assert code == 0 and out.is_file() and Path(str(out) + ".keys").is_file()
    assert str(out) in stdout
    assert re.search(r"[0-9a-f]{16}", stdout)
    assert cli("verify", "--vault", out)[0] == 0
    assert count(out) == count(path) == len(demo_records())
    code, _stdout, err = cli("backup", "--vault", path, "--out", out, "--lang", "en")
    assert code == 1 and "already exists" in err


def test_backup_of_a_vault_open_elsewhere_fails_cleanly(cli, demo_vault, tmp_path):
    path, _recovery = demo_vault
    with Vault.open(path, PASSPHRASE):
        code, _out, err = cli("backup", "--vault", path, "--out", tmp_path / "b.kvault")
    assert code == 1 and err and "Traceback" not in err
    assert not (tmp_path / "b.kvault").exists()


# ---- export and import ------------------------------------------------------------------

def test_export_import_round_trip(cli, demo_vault, tmp_path):
    path, _recovery = demo_vault
    out = tmp_path / "alla.json"
    doc = export_doc(cli, path, out)
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    jsonschema.validate({**doc, "exported_at": "2026-11-22T10:00:00+00:00"}, SCHEMA,
                        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert len(doc["participants"]) == len(demo_records())

    fresh = tmp_path / "fresh.kvault"
    assert cli("init", "--vault", fresh)[0] == 0
    code, stdout, err = cli("import", out, "--vault", fresh)
    assert code == 0, err
    assert export_doc(cli, fresh, tmp_path / "igen.json") == doc

    code, _out, err = cli("import", out, "--vault", fresh, "--lang", "en")
    assert code == 1 and "--replace" in err and "Nothing was imported" in err
    assert cli("import", out, "--vault", fresh, "--replace")[0] == 0
    assert export_doc(cli, fresh, tmp_path / "igen2.json") == doc


def test_import_with_bad_records_imports_nothing(cli, demo_vault, tmp_path):
    path, _recovery = demo_vault
    doc = export_doc(cli, path, tmp_path / "alla.json")
    fresh = tmp_path / "fresh.kvault"
    cli("init", "--vault", fresh)
    assert cli("import", tmp_path / "alla.json", "--vault", fresh)[0] == 0
    # A file with five new people, three of them wrong.
    new = exchange.dump(bulk_records(5, seed=3))
    new["participants"][2]["participant"]["personnummer"] = "194001019999"  # bad check digit
    new["participants"][3]["kartlaggningar"][0]["areas"]["fritid"]["fakta"] = "x" * 20_001
    new["participants"][4]["kartlaggningar"][0]["samtal"][1]["tidsram_minuter"] = 90
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(new), "utf-8")

    before_count = count(fresh)
    before = export_doc(cli, fresh, tmp_path / "before.json")
    code, _out, err = cli("import", bad, "--vault", fresh, "--lang", "en")
    assert code == 1
    assert "Record 3 (19400101-9999), field participant.personnummer:" in err
    assert "Record 4" in err and "kartlaggningar[0].areas.fritid.fakta" in err
    assert "Record 5" in err and "kartlaggningar[0].samtal[1].tidsram_minuter" in err
    assert "Nothing was imported" in err
    assert count(fresh) == before_count
    assert export_doc(cli, fresh, tmp_path / "after.json") == before


def test_import_refuses_ids_of_other_participants(cli, demo_vault, tmp_path):
    path, _recovery = demo_vault
    theirs = next(r for r in demo_records() if r.participant.namn == "Mehmet Çelik")
    stranger = next(bulk_records(1, seed=9))
    stranger.kartlaggningar[0].id = theirs.kartlaggningar[0].id  # would overwrite Mehmet's kartläggning
    f = tmp_path / "stranger.json"
    f.write_text(json.dumps(exchange.dump([stranger])), "utf-8")
    before = export_doc(cli, path, tmp_path / "before.json")
    code, _out, err = cli("import", f, "--vault", path, "--replace", "--lang", "en")
    assert code == 1 and "kartlaggningar[0].id" in err and "another participant" in err
    assert export_doc(cli, path, tmp_path / "after.json") == before


def test_import_of_a_broken_file(cli, demo_vault, tmp_path):
    path, _recovery = demo_vault
    f = tmp_path / "trasig.json"
    f.write_text('{"format": "kartlaggning-export", ', "utf-8")
    code, _out, err = cli("import", f, "--vault", path, "--lang", "en")
    assert code == 1 and "not valid JSON" in err
    code, _out, err = cli("import", tmp_path / "finns-inte.json", "--vault", path)
    assert code == 1 and "finns-inte.json" in err


def test_export_one_participant_and_audit_it(cli, demo_vault, tmp_path):
    path, _recovery = demo_vault
    target = next(r for r in demo_records() if r.participant.namn == "Mehmet Çelik").participant
    short = target.personnummer[2:8] + "-" + target.personnummer[8:]  # YYMMDD-NNNN
    out = tmp_path / "utdrag.json"
    code, _out, err = cli("export", "--vault", path, "--participant", short, "--out", out)
    assert code == 0, err
    doc = json.loads(out.read_text("utf-8"))
    assert [r["participant"]["id"] for r in doc["participants"]] == [target.id]
    code, stdout, _err = cli("audit", "--vault", path, "--participant", target.personnummer)
    assert code == 0 and "participant.exported" in stdout
    rows = [line for line in stdout.splitlines()[1:] if line.strip()[:1].isdigit()]  # the table, not the summary
    assert rows and {line.split()[3] for line in rows} == {target.id}

    code, _out, err = cli("export", "--vault", path, "--participant", "19121212-1213", "--out", tmp_path / "x.json")
    assert code == 1 and not (tmp_path / "x.json").exists()
    code, _out, err = cli("export", "--vault", path, "--participant", "19121212-1212", "--out", tmp_path / "x.json",
                          "--lang", "en")
    assert code == 1 and "No participant" in err and not (tmp_path / "x.json").exists()


# ---- passwd and audit -------------------------------------------------------------------

def test_passwd_with_old_passphrase_then_with_recovery_key(cli, demo_vault, monkeypatch):
    path, recovery = demo_vault
    monkeypatch.setenv("KARTLAGGNING_NEW_PASSPHRASE", NEW_PASSPHRASE)
    assert cli("passwd", "--vault", path)[0] == 0
    assert cli("verify", "--vault", path)[0] == 2  # the old one no longer opens it
    monkeypatch.setenv("KARTLAGGNING_PASSPHRASE", NEW_PASSPHRASE)
    assert cli("verify", "--vault", path)[0] == 0

    monkeypatch.setenv("KARTLAGGNING_PASSPHRASE", "glömt det här")
    monkeypatch.setenv("KARTLAGGNING_RECOVERY_KEY", recovery.lower())
    monkeypatch.setenv("KARTLAGGNING_NEW_PASSPHRASE", THIRD_PASSPHRASE)
    assert cli("passwd", "--vault", path)[0] == 0
    monkeypatch.delenv("KARTLAGGNING_RECOVERY_KEY")
    monkeypatch.setenv("KARTLAGGNING_PASSPHRASE", THIRD_PASSPHRASE)
    assert cli("verify", "--vault", path)[0] == 0
    assert count(path, THIRD_PASSPHRASE) == len(demo_records())


def test_passwd_refuses_wrong_or_weak(cli, demo_vault, monkeypatch):
    path, _recovery = demo_vault
    keys = Path(str(path) + ".keys").read_bytes()
    monkeypatch.setenv("KARTLAGGNING_NEW_PASSPHRASE", "kort")
    assert cli("passwd", "--vault", path)[0] == 1
    monkeypatch.setenv("KARTLAGGNING_PASSPHRASE", "fel lösenord 999")
    monkeypatch.setenv("KARTLAGGNING_NEW_PASSPHRASE", NEW_PASSPHRASE)
    assert cli("passwd", "--vault", path)[0] == 2
    monkeypatch.setenv("KARTLAGGNING_RECOVERY_KEY", "0000-0000-0000-0000-0000-0000-00")
    assert cli("passwd", "--vault", path)[0] == 2
    assert Path(str(path) + ".keys").read_bytes() == keys


def test_audit_shows_ids_never_names_and_detects_tampering(cli, demo_vault, tmp_path):
    path, _recovery = demo_vault
    export_doc(cli, path, tmp_path / "alla.json")
    code, stdout, err = cli("audit", "--vault", path)
    assert code == 0, err
    assert "participant.created" in stdout and "participant.exported" in stdout
    for r in demo_records():
        for secret in (r.participant.namn, r.participant.namn.split()[0], r.participant.personnummer,
                       r.participant.personnummer_formatted):
            assert secret not in stdout + err

    with Vault.open(path, PASSPHRASE) as v:
        v.conn.execute("DROP TRIGGER audit_no_update")
        v.conn.execute("UPDATE audit SET detail = 'edited' WHERE seq = 3")
    code, stdout, err = cli("audit", "--vault", path, "--lang", "en")
    assert code == 1 and "entry 3" in err
    assert cli("verify", "--vault", path)[0] == 1


# ---- secrets never on the command line, never waiting on stdin ------------------------------

def _all_actions(parser: argparse.ArgumentParser):
    for action in parser._actions:
        yield action
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _all_actions(sub)


def test_no_option_takes_a_secret():
    for action in _all_actions(build_parser()):
        if action.nargs == 0 or isinstance(action, argparse._SubParsersAction):
            continue  # flags such as --recovery carry no value
        names = " ".join([action.dest, *action.option_strings]).lower()
        assert not re.search(r"pass|secret|key|recovery|token", names), names


def test_passphrase_option_is_a_usage_error(cli, tmp_path):
    path = tmp_path / "x.kvault"
    code, _out, err = cli("init", "--vault", path, "--passphrase", "hemligt123")
    assert code == 64 and not path.exists()


def test_no_terminal_and_no_variable_fails_at_once(cli, demo_vault, monkeypatch):
    path, _recovery = demo_vault
    monkeypatch.delenv("KARTLAGGNING_PASSPHRASE")
    code, _out, err = cli("verify", "--vault", path, "--lang", "en")
    assert code == 1 and "KARTLAGGNING_PASSPHRASE" in err


def test_terminal_prompts_twice_for_a_new_passphrase(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("KARTLAGGNING_PASSPHRASE")
    monkeypatch.setattr("kartlaggning.cli.secrets.interactive", lambda: True)
    answers = iter([PASSPHRASE, PASSPHRASE + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    path = tmp_path / "prompt.kvault"
    code, _out, err = cli("init", "--vault", path, "--lang", "en")
    assert code == 1 and "differ" in err and not path.exists()
    answers = iter([PASSPHRASE, PASSPHRASE, PASSPHRASE])
    assert cli("init", "--vault", path)[0] == 0
    assert cli("verify", "--vault", path)[0] == 0


def test_usage_errors_and_unexpected_errors(cli, tmp_path, monkeypatch):
    assert cli("export", "--vault", tmp_path / "x.kvault")[0] == 64  # --out missing
    assert cli("no-such-command")[0] == 64
    assert cli("--help")[0] == 0

    def boom(args):
        raise RuntimeError("Åsa Öberg 19121212-1212")
    monkeypatch.setattr("kartlaggning.cli.verify.run", boom)
    code, out, err = cli("verify", "--vault", tmp_path / "x.kvault")
    assert code == 1 and "RuntimeError" in err
    assert "Åsa" not in out + err and "Traceback" not in err


def test_no_arguments_starts_the_window(monkeypatch, tmp_path):
    calls = []
    fake = types.ModuleType("kartlaggning.ui.app")
    fake.run = lambda vault_path=None, language=None: calls.append(vault_path) or 0
    monkeypatch.setitem(sys.modules, "kartlaggning.ui.app", fake)
    assert main([]) == 0
    assert main(["--vault", str(tmp_path / "a.kvault")]) == 0
    assert calls == [None, tmp_path / "a.kvault"]


def test_real_process_without_stdin(tmp_path):
    path = tmp_path / "sub.kvault"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KARTLAGGNING_")}
    run = lambda *args, **extra: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "kartlaggning", *map(str, args)], stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=120, env={**env, **extra})
    result = run("init", "--vault", path, "--lang", "en", KARTLAGGNING_PASSPHRASE=PASSPHRASE)
    assert result.returncode == 0, result.stderr
    assert RECOVERY_RE.search(result.stdout)
    result = run("verify", "--vault", path, "--lang", "en")  # no variable, no terminal: no hang
    assert result.returncode == 1 and "KARTLAGGNING_PASSPHRASE" in result.stderr
    assert "Traceback" not in result.stderr
    result = run("verify", "--vault", path, KARTLAGGNING_PASSPHRASE=PASSPHRASE)
    assert result.returncode == 0, result.stderr
    probe = subprocess.run(
        [sys.executable, "-c", "import sys; from kartlaggning.__main__ import main; "
         f"code = main(['verify', '--vault', {str(path)!r}]); "
         "print(code, any(m.startswith('PySide6') for m in sys.modules))"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120,
        env={**env, "KARTLAGGNING_PASSPHRASE": PASSPHRASE})
    assert probe.stdout.split()[-2:] == ["0", "False"], probe.stderr


def test_demo_creates_the_vault_and_skips_people_already_there(cli, tmp_path):
    path = tmp_path / "demo" / "ny.kvault"
    code, out, err = cli("demo", "--vault", path, "--count", "12")
    assert code == 0, err
    assert RECOVERY_RE.search(out)  # a new vault: its recovery key is shown
    assert count(path) == len(demo_records()) + 12
    code, out, err = cli("demo", "--vault", path, "--count", "12")
    assert code == 0 and not RECOVERY_RE.search(out)
    assert count(path) == len(demo_records()) + 12


def test_help_documents_exit_codes_and_environment(cli):
    code, out, _err = cli("--help", "--lang", "en")
    assert code == 0
    for needle in ("64", "KARTLAGGNING_PASSPHRASE", "KARTLAGGNING_RECOVERY_KEY", "KARTLAGGNING_NEW_PASSPHRASE"):
        assert needle in out
    code, out, _err = cli("verify", "--help", "--lang", "en")
    assert code == 0 and "2 wrong passphrase" in " ".join(out.split())


def test_import_of_a_too_deeply_nested_file(cli, demo_vault, tmp_path):
    """100,000 nested arrays or objects: 'not a valid export', never 'Internal error (RecursionError)'."""
    path, _recovery = demo_vault
    before = count(path)
    depth = 100_000
    for name, text in (("djup-lista.json", "[" * depth + "]" * depth),
                       ("djup-objekt.json", '{"a":' * depth + "1" + "}" * depth),
                       ("djup-post.json", '{"format": "kartlaggning-export", "format_version": 2, "participants": '
                                          + "[" * depth + "]" * depth + "}")):
        f = tmp_path / name
        f.write_text(text, "utf-8")
        code, _out, err = cli("import", f, "--vault", path, "--lang", "en")
        assert code != 0 and code == 1, err
        assert "not a valid export file" in err and "nested too deeply" in err and "nothing was imported" in err
        assert "Internal error" not in err and "RecursionError" not in err
        assert name in err
        code, _out, err = cli("import", f, "--vault", path)  # Swedish
        assert code == 1 and "Internal error" not in err and "RecursionError" not in err
    assert count(path) == before
