"""The vault locks when the computer is locked: Windows' session message, the Linux
screensavers' D-Bus signal (on a private bus), and the window's lock that follows."""
from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kartlaggning.ui import screen_lock
from kartlaggning.ui.screen_lock import MSG, WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK, is_session_lock

WTS_SESSION_UNLOCK = 0x8


def message(kind: int, w_param: int) -> MSG:
    return MSG(None, kind, w_param, 0)


def test_the_windows_session_lock_message_is_recognised():
    locked, unlocked, other = (message(WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK),
                               message(WM_WTSSESSION_CHANGE, WTS_SESSION_UNLOCK), message(0x0100, WTS_SESSION_LOCK))
    assert is_session_lock(ctypes.addressof(locked))
    assert not is_session_lock(ctypes.addressof(unlocked)) and not is_session_lock(ctypes.addressof(other))
    assert not is_session_lock(0)
    heard = []
    native = screen_lock._WindowsSessionFilter(lambda: heard.append("locked"))
    assert native.nativeEventFilter(b"windows_generic_MSG", ctypes.addressof(locked)) == (False, 0)
    native.nativeEventFilter(b"windows_generic_MSG", ctypes.addressof(unlocked))
    native.nativeEventFilter(b"xcb_generic_event_t", ctypes.addressof(locked))  # not a Windows message
    assert heard == ["locked"]


@pytest.mark.skipif(sys.platform.startswith("win"), reason="on Windows the real API is there")
def test_without_an_api_nothing_is_claimed(qapp):
    watcher = screen_lock.ScreenLockWatcher()
    assert watcher.start(0, platform="win32") == ""  # no wtsapi32 here: the idle lock remains
    assert watcher.start(0, platform="darwin") == ""


CHILD = r"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QCoreApplication, QTimer
app = QCoreApplication([])
from kartlaggning.ui.screen_lock import ScreenLockWatcher
watcher = ScreenLockWatcher()
watcher.locked.connect(lambda: (print("locked", flush=True), app.quit()))
print("how", watcher.start(0, platform="linux"), flush=True)
QTimer.singleShot(15000, app.quit)
app.exec()
"""


@pytest.mark.skipif(shutil.which("dbus-daemon") is None or shutil.which("dbus-send") is None,
                    reason="needs dbus-daemon and dbus-send (scripts/apt-packages.txt installs them)")
def test_a_screensaver_lock_on_the_session_bus_is_heard(tmp_path):
    daemon = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                              stdout=subprocess.PIPE, text=True)
    try:
        address = daemon.stdout.readline().strip()
        assert address.startswith("unix:")
        env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=address, DBUS_SYSTEM_BUS_ADDRESS="unix:path=/nonexistent")
        child = subprocess.Popen([sys.executable, "-c", CHILD], env=env, stdout=subprocess.PIPE, text=True,
                                 cwd=Path(__file__).resolve().parent.parent)
        try:
            assert child.stdout.readline().split() == ["how", "dbus"]
            time.sleep(0.3)  # the child's match rules reach the bus
            subprocess.run(["dbus-send", "--session", "--type=signal", "/org/gnome/ScreenSaver",
                            "org.gnome.ScreenSaver.ActiveChanged", "boolean:false"], env=env, check=True)  # unlocked: no
            subprocess.run(["dbus-send", "--session", "--type=signal", "/org/freedesktop/ScreenSaver",
                            "org.freedesktop.ScreenSaver.ActiveChanged", "boolean:true"], env=env, check=True)
            assert child.stdout.readline().strip() == "locked"
        finally:
            child.kill()
            child.wait(5)
    finally:
        daemon.kill()
        daemon.wait(5)


def test_the_window_locks_with_the_computer_and_keeps_what_was_typed(qtbot, vault_path):
    from kartlaggning.config import AppConfig
    from kartlaggning.models import Participant
    from kartlaggning.storage import Vault
    from kartlaggning.ui.main_window import MainWindow
    from kartlaggning.ui.session import Session

    from conftest import PASSPHRASE, make_pnr
    from test_e2e_gui import type_into, unlock
    v, _ = Vault.create(vault_path, PASSPHRASE)
    p = Participant(namn="Skärm Låst", personnummer=make_pnr(12))
    v.repo.save_participant(p)
    v.close()
    w = MainWindow(Session(vault_path), AppConfig())
    qtbot.addWidget(w)
    w.show()
    w.start()
    unlock(qtbot, w)
    assert w.screen_lock is not None  # listening from the first unlock on
    page = w.open_participant(p.id)
    field = page.form._line("adress")
    type_into(field, "Gatan 9")
    w.screen_lock.locked.emit()  # what the watcher says when Win+L or the screensaver locks
    qtbot.waitUntil(lambda: not w.session.is_unlocked, timeout=5000)
    assert "computer was locked" in w.unlock_page.unlock_form.notice.text() or \
        "datorn låstes" in w.unlock_page.unlock_form.notice.text()
    w.shutdown()
    with Vault.open(vault_path, PASSPHRASE) as again:
        assert again.repo.get_participant(p.id).adress == "Gatan 9"
