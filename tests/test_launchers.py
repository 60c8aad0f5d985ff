"""The two launchers: ``kartlaggning`` (window) and ``kartlaggning-cli`` (console), and
a recovery key that never goes to a stream nobody reads."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import pytest

from kartlaggning import __main__ as launchers
from kartlaggning.cli import COMMAND_NAMES, build_parser

from conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent


def test_pyproject_declares_a_gui_and_a_console_launcher():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["gui-scripts"] == {"kartlaggning": "kartlaggning.__main__:main_gui"}
    assert project["scripts"] == {"kartlaggning-cli": "kartlaggning.__main__:main_cli"}


def test_command_names_are_the_parsers():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert tuple(sub.choices) == COMMAND_NAMES


def test_help_names_both_launchers(capsys):
    assert launchers.main_cli(["--help", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "kartlaggning-cli" in out and "program window opens with kartlaggning" in " ".join(out.split())


def test_console_launcher_without_a_command_shows_help_not_the_window(monkeypatch, capsys):
    fake = types.ModuleType("kartlaggning.ui.app")
    fake.run = lambda vault_path=None, language=None: pytest.fail("the window must not open")
    monkeypatch.setitem(sys.modules, "kartlaggning.ui.app", fake)
    assert launchers.main_cli([]) == 64
    assert "kartlaggning-cli" in capsys.readouterr().err


def _no_console_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("KARTLAGGNING_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    (tmp_path / "vaults").mkdir()
    return tmp_path / "vaults" / "v.kvault"


def test_init_without_stdout_refuses_before_creating_anything(monkeypatch, tmp_path, capsys):
    path = _no_console_environment(monkeypatch, tmp_path)
    monkeypatch.setattr(sys, "stdout", None)  # pythonw / a GUI launcher on Windows
    assert launchers.main_cli(["init", "--vault", str(path), "--lang", "en"]) == 1
    assert "no console to show the recovery key" in capsys.readouterr().err
    assert list(path.parent.iterdir()) == []


class BrokenPipe(io.StringIO):
    def write(self, text):
        raise BrokenPipeError(32, "Broken pipe")


def test_init_whose_output_breaks_removes_the_new_vault(monkeypatch, tmp_path, capsys):
    path = _no_console_environment(monkeypatch, tmp_path)
    monkeypatch.setattr(sys, "stdout", BrokenPipe())
    assert launchers.main_cli(["init", "--vault", str(path), "--lang", "en"]) == 1
    assert "vault was removed again" in capsys.readouterr().err
    assert list(path.parent.iterdir()) == []


def test_demo_without_stdout_creates_nothing(monkeypatch, tmp_path, capsys):
    path = _no_console_environment(monkeypatch, tmp_path)
    monkeypatch.setattr(sys, "stdout", None)
    assert launchers.main_cli(["demo", "--vault", str(path), "--lang", "en"]) == 1
    assert list(path.parent.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="closes file descriptor 1 with the shell")
def test_real_process_with_stdout_closed(tmp_path):
    """``kartlaggning-cli init >&-``: Python starts with sys.stdout None; no vault, a clear message."""
    path = tmp_path / "closed.kvault"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KARTLAGGNING_")}
    env["KARTLAGGNING_PASSPHRASE"] = PASSPHRASE
    code = "import sys; from kartlaggning.__main__ import main_cli; sys.exit(main_cli())"
    result = subprocess.run(["sh", "-c", 'exec "$@" >&-', "sh", sys.executable, "-c", code,
                             "init", "--vault", str(path), "--lang", "en"],
                            stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=120, env=env)
    assert result.returncode == 1
    assert "no console to show the recovery key" in result.stderr and "Traceback" not in result.stderr
    assert not path.exists() and not Path(str(path) + ".keys").exists()


@pytest.fixture
def no_console(monkeypatch, qapp):
    """The window launcher on Windows: no stdout, no stderr. Message boxes and the
    window are recorded instead of shown."""
    from kartlaggning.ui import app
    said, opened = [], []
    monkeypatch.setattr(app, "_critical", said.append)
    monkeypatch.setattr(app, "run", lambda vault_path=None, language=None: opened.append((vault_path, language)) or 0)

    def begin():  # in the test itself: pytest puts its own capture back before each test runs
        monkeypatch.setattr(sys, "stdout", None)
        monkeypatch.setattr(sys, "stderr", None)
        return said, opened
    return begin


@pytest.mark.parametrize("argv, words", [
    (["init", "--vault", "x.kvault"], "kartlaggning-cli init"),
    (["--help"], "kartlaggning-cli"),
    (["--valt", "x.kvault"], "does not know: --valt"),  # a mistyped option in IT's shortcut
    (["--vault"], "--vault needs a value"),
    (["--lang", "de"], "--lang takes sv or en, not de"),
    (["C:\\Users\\anna\\notes.txt"], "does not know"),
])
def test_window_launcher_without_console_says_what_is_wrong_in_a_box(no_console, monkeypatch, argv, words):
    said, opened = no_console()
    monkeypatch.setenv("KARTLAGGNING_LANG", "en")
    assert launchers.main_gui(argv) == 64
    assert len(said) == 1 and words in said[0], said
    assert opened == []


def test_window_launcher_without_console_speaks_the_users_language(no_console):
    said, _opened = no_console()
    launchers.main_gui(["--valt", "x"])  # no --lang: the setting, Swedish by default
    assert "inte känner till: --valt" in said[0]


def test_window_launcher_without_console_opens_the_window(no_console, tmp_path):
    said, opened = no_console()
    vault = tmp_path / "a.kvault"
    assert launchers.main_gui([]) == 0
    assert launchers.main_gui(["--vault", str(vault)]) == 0
    assert launchers.main_gui([f"--vault={vault}", "--lang", "sv"]) == 0
    assert launchers.main_gui([str(vault)]) == 0  # dragged onto the program / "Öppna med"
    assert opened == [(None, None), (vault, None), (vault, "sv"), (vault, None)] and said == []


def test_window_launcher_without_console_and_a_missing_resource(no_console, monkeypatch):
    from kartlaggning import resources
    said, opened = no_console()
    monkeypatch.setattr(resources.check, "__defaults__", (resources.REQUIRED + ("fonts/Saknas.ttf",),))
    assert launchers.main_gui(["--vault", "x.kvault"]) == 1
    assert "fonts/Saknas.ttf" in said[0] and "ofullständig" in said[0] and "incomplete" in said[0]
    assert opened == []


def test_in_a_terminal_the_window_launcher_takes_commands_and_a_vault_file(monkeypatch, tmp_path, capsys):
    calls = []
    fake = types.ModuleType("kartlaggning.ui.app")
    fake.run = lambda vault_path=None, language=None: calls.append((vault_path, language)) or 0
    monkeypatch.setitem(sys.modules, "kartlaggning.ui.app", fake)
    assert launchers.main_gui([str(tmp_path / "b.kvault")]) == 0
    assert launchers.main_gui(["--vault", str(tmp_path / "a.kvault"), "--lang", "en"]) == 0
    assert calls == [(tmp_path / "b.kvault", None), (tmp_path / "a.kvault", "en")]
    assert launchers.main_gui(["--version"]) == 0
    assert "kartlaggning" in capsys.readouterr().out


def test_a_missing_resource_stops_the_cli_with_a_clear_message(monkeypatch, capsys):
    from kartlaggning import resources
    monkeypatch.setattr(resources, "REQUIRED", resources.REQUIRED + ("fonts/Saknas.ttf",))
    monkeypatch.setattr(resources.check, "__defaults__", (resources.REQUIRED,))
    assert launchers.main_cli(["verify", "--vault", "x.kvault"]) == 1
    err = capsys.readouterr().err
    assert "fonts/Saknas.ttf" in err and "ofullständig" in err and "incomplete" in err
