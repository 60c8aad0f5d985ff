"""Work off the UI thread: the task helper, and the print preview built on it."""
from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from kartlaggning.models.printed import PLAN
from kartlaggning.services import documents
from kartlaggning.storage import prints as pr
from kartlaggning.ui import tasks
from kartlaggning.ui.plans import printing


def test_callbacks_run_on_the_ui_thread_with_the_result(qtbot):
    seen = {}

    def work(task):
        seen["worker"] = threading.current_thread() is threading.main_thread()
        task.report("half")
        return 42
    progress = []
    task = tasks.run_task(work, on_done=lambda r: seen.update(result=r,
                                                              ui=threading.current_thread() is threading.main_thread()),
                          on_progress=progress.append)
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen == {"worker": False, "result": 42, "ui": True}
    assert progress == ["half"] and task not in tasks.running()


def test_a_failure_reaches_on_failed(qtbot):
    failures = []
    tasks.run_task(lambda t: 1 / 0, on_done=lambda r: pytest.fail("no result"), on_failed=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert isinstance(failures[0], ZeroDivisionError)


def test_cancel_drops_the_callbacks_and_the_work_sees_it(qtbot):
    release = threading.Event()
    stopped_early = []

    def work(task):
        release.wait(5)
        stopped_early.append(task.cancelled)
        return "late"
    done = []
    task = tasks.run_task(work, on_done=done.append, on_progress=done.append)
    tasks.cancel_all()
    release.set()
    assert task.wait(5)
    qtbot.wait(50)
    assert done == [] and stopped_early == [True]


def test_busy_cursor_only_for_slow_work(qtbot):
    release = threading.Event()
    task = tasks.run_task(lambda t: release.wait(5), name="slow")
    qtbot.wait(tasks.BUSY_AFTER_MS // 2)
    assert QApplication.overrideCursor() is None
    qtbot.waitUntil(lambda: QApplication.overrideCursor() is not None, timeout=2000)
    assert QApplication.overrideCursor().shape() == Qt.CursorShape.BusyCursor
    release.set()
    qtbot.waitUntil(lambda: task not in tasks._RUNNING, timeout=5000)
    assert QApplication.overrideCursor() is None


def test_a_vault_task_holds_the_lock_until_it_delivered(qtbot):
    release = threading.Event()
    locked = []
    task = tasks.run_task(lambda t: release.wait(5), uses_vault=True, name="backup")
    assert tasks.lock_held()
    assert tasks.defer_if_held(lambda: locked.append("locked"))
    qtbot.wait(50)
    assert locked == []
    release.set()
    qtbot.waitUntil(lambda: locked == ["locked"], timeout=5000)
    assert not tasks.lock_held() and task.finished
    assert not tasks.defer_if_held(lambda: None)  # free: the caller locks at once


def test_a_vault_task_is_given_up_at_the_bound_and_tidies_up_when_it_returns(qtbot):
    """A backup stuck on a share: the lock stops waiting (tasks.abandon_holds at
    LOCK_WAIT_S); the thread cannot be killed, so its leftovers go when it returns."""
    release = threading.Event()
    told, tidied, locked, done = [], [], [], []
    on_ui = threading.main_thread
    task = tasks.run_task(lambda t: "copy" if release.wait(10) else None, on_done=done.append, uses_vault=True,
                          name="backup", on_abandoned=lambda: told.append(threading.current_thread() is on_ui()),
                          after_abandoned=lambda result, error: tidied.append(
                              (result, error, threading.current_thread() is on_ui())))
    assert tasks.defer_if_held(lambda: locked.append("locked"))
    assert tasks.abandonable() == [task]
    assert tasks.abandon_holds() == [task]
    assert told == [True] and task.abandoned and task.cancelled and not tasks.lock_held()
    qtbot.waitUntil(lambda: locked == ["locked"], timeout=2000)  # the lock goes ahead, the work still runs
    assert not task.finished and tasks.wait_all(0.05)  # quit does not wait for it either
    assert tasks.abandon_holds() == [] and not task.abandon()  # once
    release.set()
    qtbot.waitUntil(lambda: task not in tasks._RUNNING, timeout=5000)
    assert tidied == [("copy", None, False)] and done == []  # tidied in the worker; no result delivered
    assert not tasks.lock_held()


def test_a_task_whose_work_has_returned_is_not_given_up(qtbot):
    told = []
    task = tasks.run_task(lambda t: 1, uses_vault=True, on_abandoned=lambda: told.append(1),
                          after_abandoned=lambda *a: told.append(2))
    assert task.wait(5)
    assert tasks.abandon_holds() == [] and not task.abandon() and told == []
    locked = []
    assert tasks.defer_if_held(lambda: locked.append(1))  # held until its result is delivered, at once
    qtbot.waitUntil(lambda: locked == [1], timeout=2000)


def test_a_print_hand_off_is_not_given_up(qtbot):
    """It runs on the UI thread with bounds of its own (lp's timeout): the lock follows it."""
    with tasks.holding_lock():
        assert tasks.abandonable() == [] and tasks.abandon_holds() == [] and tasks.lock_held()
    assert not tasks.lock_held()


# ---- the print preview ----------------------------------------------------------------------------

@pytest.fixture
def plan(vault, participant):
    vault.repo.save_participant(participant)
    plan = documents.new_plan(vault.repo, participant.id)
    plan.mal = "Arbete inom lager"
    vault.repo.save_document(plan)
    return plan


class AcceptingPrintDialog:
    """The system print dialog, answered with "Print" at once."""

    def __init__(self, printer, parent=None):
        pass

    def setMinMax(self, low, high):  # noqa: N802 (Qt)
        pass

    def exec(self):
        return QDialog.DialogCode.Accepted


def slow_full_render(monkeypatch, seconds: float):
    """The whole document takes ``seconds`` more than its first page."""
    real = printing.print_service.PrintJob.render

    def render(job, first_pages=None):
        if first_pages is None:
            time.sleep(seconds)
        return real(job, first_pages=first_pages)
    monkeypatch.setattr(printing.print_service.PrintJob, "render", render)


def test_the_preview_opens_at_once_and_shows_the_first_page_before_the_rest(qtbot, vault, plan, monkeypatch):
    slow_full_render(monkeypatch, 1.0)
    steps = []

    def exec_(dialog):
        steps.append(("opened", dialog.pages is None, dialog.print_button.isEnabled()))
        qtbot.waitUntil(lambda: dialog.pages is not None, timeout=5000)
        steps.append(("first", dialog.complete, dialog.print_button.isEnabled(), dialog.pages.page_count()))
        qtbot.waitUntil(lambda: dialog.complete, timeout=10000)
        steps.append(("whole", dialog.print_button.isEnabled(), dialog.pages.page_count()))
        return QDialog.DialogCode.Rejected
    monkeypatch.setattr(printing.PdfPreviewDialog, "exec", exec_)
    started = time.monotonic()
    assert printing.print_with_preview(None, vault.repo, pr.content_for(vault.repo, PLAN, plan)) is None
    assert steps[0] == ("opened", True, False)  # the dialog is there before any PDF exists
    assert steps[1][:4] == ("first", False, False, 1)  # the first page, not yet printable
    assert steps[2][0:2] == ("whole", True) and steps[2][2] >= 1
    assert time.monotonic() - started >= 1.0
    assert pr.PrintLog(vault).versions(plan.id) == []  # closed without printing: nothing recorded


def test_closing_the_preview_while_it_renders_is_clean(qtbot, vault, plan, monkeypatch):
    slow_full_render(monkeypatch, 0.5)
    made = []

    def exec_(dialog):
        made.append(dialog)
        return QDialog.DialogCode.Rejected  # closed at once, the render still running
    monkeypatch.setattr(printing.PdfPreviewDialog, "exec", exec_)
    assert printing.print_with_preview(None, vault.repo, pr.content_for(vault.repo, PLAN, plan)) is None
    qtbot.waitUntil(lambda: not tasks.running(), timeout=5000)
    qtbot.wait(50)  # the dropped results arrive and are ignored


def test_the_print_is_recorded_when_the_job_reached_the_printer(qtbot, vault, plan, monkeypatch):
    held = []

    def send(pages, printer, job_title, backend=None, journal=None):
        held.append(tasks.lock_held())  # nothing can lock while the job is handed over
    monkeypatch.setattr(printing, "QPrintDialog", AcceptingPrintDialog)
    monkeypatch.setattr(printing, "send_to_printer", send)

    def exec_(dialog):
        qtbot.waitUntil(lambda: dialog.complete, timeout=10000)
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
        assert pr.PrintLog(vault).latest(plan.id).version == 1  # recorded before the preview closed
        return dialog.result()
    monkeypatch.setattr(printing.PdfPreviewDialog, "exec", exec_)
    record = printing.print_with_preview(None, vault.repo, pr.content_for(vault.repo, PLAN, plan))
    assert record is not None and record.version == 1 and held == [True]
    assert [r.version for r in pr.PrintLog(vault).versions(plan.id)] == [1]


def test_lp_through_qprocess_keeps_the_event_loop_running(qtbot, tmp_path, monkeypatch):
    """A slow lp (0.6 s): timers keep firing meanwhile; a hung one times out."""
    import os
    import stat
    import sys

    from PySide6.QtCore import QTimer
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    lp = bin_dir / "lp"
    lp.write_text(f"#!{sys.executable}\nimport sys, time\nsys.stdin.buffer.read()\ntime.sleep(0.6)\n")
    lp.chmod(lp.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    beats = []
    timer = QTimer()
    timer.timeout.connect(lambda: beats.append(time.monotonic()))
    timer.start(20)
    printing.send_to_cups(b"%PDF-1.4 " + b"x" * 2_000_000, ["-t", "plan-v1"])
    timer.stop()
    assert len(beats) >= 10  # the UI thread kept running while lp worked
    gaps = [b - a for a, b in zip(beats, beats[1:])]
    assert max(gaps) < 0.3
    lp.write_text(f"#!{sys.executable}\nimport time\ntime.sleep(30)\n")
    with pytest.raises(TimeoutError):
        printing.send_to_cups(b"%PDF", ["-t", "x"], timeout_ms=300)


# ---- unlocking off the UI thread ----------------------------------------------------------------------

def test_unlock_derives_the_key_in_a_worker_and_the_form_waits(qtbot, vault_path, passphrase, monkeypatch):
    from PySide6.QtTest import QTest

    from kartlaggning.config import AppConfig
    from kartlaggning.storage import Vault, WrongPassphrase
    from kartlaggning.ui.main_window import MainWindow
    from kartlaggning.ui.session import Session
    from test_e2e_gui import type_into
    vault, _key = Vault.create(vault_path, passphrase)
    vault.close()
    real_open = Vault.open
    opened_on = []

    def slow_open(*args, **kwargs):
        opened_on.append(threading.current_thread() is threading.main_thread())
        time.sleep(0.4)  # a slow key derivation
        return real_open(*args, **kwargs)
    monkeypatch.setattr(Vault, "open", staticmethod(slow_open))
    w = MainWindow(Session(vault_path), AppConfig())
    qtbot.addWidget(w)
    w.show()
    w.start()
    form = w.unlock_page.unlock_form
    type_into(form.passphrase.field, "fel lösenord")
    QTest.keyClick(form.passphrase.field, Qt.Key.Key_Return)
    assert form.busy and form.working.isVisible() and not form.unlock_button.isEnabled()
    QTest.keyClick(form.passphrase.field, Qt.Key.Key_Return)  # pressed again while it works: nothing twice
    beats = []
    timer_started = time.monotonic()
    from PySide6.QtCore import QTimer
    timer = QTimer()
    timer.timeout.connect(lambda: beats.append(time.monotonic()))
    timer.start(10)
    qtbot.waitUntil(lambda: not form.busy, timeout=10000)
    timer.stop()
    assert opened_on == [False]  # once, and not on the UI thread
    assert len(beats) >= 10 and time.monotonic() - timer_started >= 0.4  # the window kept running meanwhile
    assert form.passphrase.error() == WrongPassphrase().message
    assert form.passphrase.field.selectedText() == "fel lösenord" and not w.session.is_unlocked
    form.passphrase.field.clear()
    type_into(form.passphrase.field, passphrase)
    QTest.keyClick(form.passphrase.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.session.is_unlocked, timeout=10000)
    assert w.stack.currentWidget() is w.list_page and form.passphrase.field.text() == ""
    w.close()


def test_a_render_that_fails_after_the_first_page_says_so(qtbot, vault, plan, monkeypatch):
    real = printing.print_service.PrintJob.render

    def render(job, first_pages=None):
        if first_pages is None:
            raise ValueError("layout")
        return real(job, first_pages=first_pages)
    monkeypatch.setattr(printing.print_service.PrintJob, "render", render)
    seen = {}

    def exec_(dialog):
        qtbot.waitUntil(lambda: "layout" not in seen and "ValueError" in dialog.info.text(), timeout=10000)
        seen.update(info=dialog.info.text(), printable=dialog.print_button.isEnabled(), shown=dialog.pages is not None)
        return QDialog.DialogCode.Rejected
    monkeypatch.setattr(printing.PdfPreviewDialog, "exec", exec_)
    assert printing.print_with_preview(None, vault.repo, pr.content_for(vault.repo, PLAN, plan)) is None
    assert seen["shown"] and not seen["printable"]  # the first page was there; printing is not offered


def test_printed_but_not_recorded_is_said_and_not_sent_twice(qtbot, vault, plan, monkeypatch):
    sent, warned = [], []
    monkeypatch.setattr(printing, "QPrintDialog", AcceptingPrintDialog)
    monkeypatch.setattr(printing, "send_to_printer", lambda *a, **k: sent.append(1))
    monkeypatch.setattr(printing.QMessageBox, "warning", staticmethod(lambda *a, **k: warned.append(a[2])))

    def broken_record(repo, job):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(printing.print_service, "record", broken_record)

    def exec_(dialog):
        qtbot.waitUntil(lambda: dialog.complete, timeout=10000)
        assert dialog.print_now()
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(printing.PdfPreviewDialog, "exec", exec_)
    assert printing.print_with_preview(None, vault.repo, pr.content_for(vault.repo, PLAN, plan)) is None
    assert sent == [1] and len(warned) == 1 and "kunde inte registreras" in warned[0]  # said, in Swedish
