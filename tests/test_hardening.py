"""Nothing left behind (issue 11, items 4 and 5): no core dump of the program and no
ptrace by other processes; the clipboard emptied at lock and quit when it still holds
what the program put there."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest
from conftest import PASSPHRASE, finish_unlock, make_pnr
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from kartlaggning import hardening
from kartlaggning.config import AppConfig
from kartlaggning.models import Participant
from kartlaggning.ui.main_window import MainWindow
from kartlaggning.ui.session import Session

LINUX = sys.platform.startswith("linux")
POSIX = os.name == "posix"
CTRL = Qt.KeyboardModifier.ControlModifier
NAME = "Ingrid Provsdotter"

PROBE = """
import json, sys
out = {}
if sys.platform != "win32":
    import resource
    out["core"] = list(resource.getrlimit(resource.RLIMIT_CORE))
from kartlaggning import hardening
out["dumpable"] = hardening.is_dumpable()
out["failures"] = list(hardening.FAILURES)
print(json.dumps(out))
"""


def run_child(script: str) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---- core dumps -----------------------------------------------------------------------------

@pytest.mark.skipif(not POSIX, reason="RLIMIT_CORE is POSIX")
def test_a_child_that_protects_itself_has_no_core_limit_and_is_not_dumpable():
    seen = run_child("from kartlaggning import hardening\nhardening.protect_process()\n" + PROBE)
    assert seen["core"] == [0, 0] and seen["failures"] == []
    if LINUX:
        assert seen["dumpable"] is False


@pytest.mark.skipif(not POSIX, reason="RLIMIT_CORE is POSIX")
def test_the_command_line_protects_the_process_before_any_command():
    seen = run_child(textwrap.dedent("""
        from kartlaggning.cli import main
        try:
            main(["--version"], window_without_command=False)
        except SystemExit:
            pass
    """) + PROBE)
    assert seen["core"] == [0, 0]
    if LINUX:
        assert seen["dumpable"] is False


def test_the_window_start_protects_the_process_before_anything_else(monkeypatch, tmp_path):
    from kartlaggning.ui import app as app_module

    class Stop(Exception):
        pass

    def protect():
        raise Stop
    monkeypatch.setattr(hardening, "protect_process", protect)
    with pytest.raises(Stop):
        app_module.run(tmp_path / "x.kvault")  # stopped before the settings, the lock, the vault
    assert not (tmp_path / "x.kvault").exists()


@pytest.mark.skipif(not POSIX or not hasattr(os, "WCOREDUMP"), reason="POSIX wait status")
def test_a_protected_child_crashed_with_sigsegv_leaves_no_core(tmp_path):
    import resource
    script = ("import os, resource, signal\n"
              f"os.chdir({str(tmp_path)!r})\n"
              "hard = resource.getrlimit(resource.RLIMIT_CORE)[1]\n"
              "resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))  # as high as this shell allows\n"
              "from kartlaggning import hardening\nhardening.protect_process()\n"
              "os.kill(os.getpid(), signal.SIGSEGV)\n")
    env = dict(os.environ, PYTHONFAULTHANDLER="")
    env.pop("PYTHONFAULTHANDLER")
    pid = os.posix_spawn(sys.executable, [sys.executable, "-c", script], env,
                         file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                                       (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
    _pid, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGSEGV
    assert not os.WCOREDUMP(status)  # the kernel wrote no core (nor handed one to a core_pattern pipe)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("core")]
    if resource.getrlimit(resource.RLIMIT_CORE)[1] == 0:
        pytest.skip("cores are off for this shell anyway: the check above proves nothing here")


def test_failures_are_logged_by_code_only(monkeypatch):
    from kartlaggning import log
    events = []
    monkeypatch.setattr(log, "event", lambda code, **ids: events.append((code, ids)))
    monkeypatch.setattr(hardening, "FAILURES", ["dumpable"])
    hardening.log_failures()
    assert events == [("hardening.failed", {"step": "dumpable"})]


# ---- the clipboard --------------------------------------------------------------------------

class FakeWizard(QLabel):
    def __init__(self, repo, participant_id, autosaver, clock=None, parent=None):
        super().__init__("wizard", parent)

    def flush(self) -> bool:
        return True

    def position(self) -> dict:
        return {}

    def restore_position(self, pos: dict) -> None:
        pass

    def shutdown(self) -> None:
        pass


@pytest.fixture
def make_window(qtbot, vault_path, monkeypatch):
    from kartlaggning.storage import Vault
    vault, _key = Vault.create(vault_path, PASSPHRASE)
    vault.repo.save_participant(Participant(namn=NAME, personnummer=make_pnr(5, 1977)))
    vault.close()
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    made = []

    def make() -> MainWindow:
        w = MainWindow(Session(vault_path), AppConfig(),
                       wizard_factory=lambda repo, pid, saver, clk, parent: FakeWizard(repo, pid, saver, clk, parent))
        made.append(w)
        w.show()
        w.activateWindow()
        qtbot.waitUntil(w.isActiveWindow, timeout=3000)
        w.start()
        form = w.unlock_page.unlock_form
        form.passphrase.field.setText(PASSPHRASE)
        form.unlock_button.click()
        finish_unlock(form)
        assert w.session.is_unlocked
        return w

    yield make
    for w in made:
        w.close()
        w.session.quit()
        w.deleteLater()
    QApplication.clipboard().clear()


def copy_the_name(w: MainWindow, qtbot):
    page = w.open_participant(w.session.repo.search("Ingrid")[0].id)
    field = page.form._line("namn")
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=3000)
    QTest.keyClick(field, Qt.Key.Key_A, CTRL)  # select all, with real key events
    QTest.keyClick(field, Qt.Key.Key_C, CTRL)
    return field


def test_text_copied_from_the_window_is_gone_after_ctrl_l(make_window, qtbot):
    clipboard = QApplication.clipboard()
    clipboard.setText("before")
    w = make_window()
    field = copy_the_name(w, qtbot)
    assert clipboard.text() == NAME
    assert w.clipboard_guard.holds_ours()
    QTest.keyClick(field, Qt.Key.Key_L, CTRL)
    assert not w.session.is_unlocked
    assert clipboard.text() == ""


def test_text_copied_is_gone_after_quit(make_window, qtbot):
    w = make_window()
    copy_the_name(w, qtbot)
    assert QApplication.clipboard().text() == NAME
    w.close()
    assert QApplication.clipboard().text() == ""


def test_what_another_program_put_there_is_left_alone(make_window, qtbot):
    clipboard = QApplication.clipboard()
    clipboard.setText("another program's text")  # before the window: not this program's copy
    w = make_window()
    assert not w.clipboard_guard.holds_ours()
    QTest.keyClick(w.list_page.table, Qt.Key.Key_L, CTRL)
    assert not w.session.is_unlocked
    assert clipboard.text() == "another program's text"
    w.close()
    assert clipboard.text() == "another program's text"


def test_a_copy_replaced_by_another_program_is_left_alone(make_window, qtbot):
    w = make_window()
    copy_the_name(w, qtbot)
    guard = w.clipboard_guard
    clipboard = QApplication.clipboard()
    clipboard.blockSignals(True)  # another program's copy: our guard does not see it as ours
    clipboard.setText("pasted elsewhere")
    clipboard.blockSignals(False)
    assert not guard.holds_ours()
    w.lock()
    assert clipboard.text() == "pasted elsewhere"
