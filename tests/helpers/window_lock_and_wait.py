"""The real window, unlocked by typing, a participant opened and typed into, then
locked with Ctrl+L; then wait to be looked at.

Usage: window_lock_and_wait.py VAULT  (the passphrase on stdin's first line)
Prints "open" once unlocked (waits for a line), "locked" once locked (waits for a
line, then quits). The test reads this process's memory at both points.
"""
import gc
import sys
import time

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kartlaggning.config import AppConfig
from kartlaggning.storage import keys
from kartlaggning.ui.app import _application
from kartlaggning.ui.main_window import MainWindow
from kartlaggning.ui.session import Session
from typing_keys import type_text  # noqa: E402 (run as a script from tests/helpers)

keys.PASSPHRASE_N = 2**12  # as in the test process that made the vault (tests/conftest.py)




def wait_for(condition, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        QApplication.processEvents()
        time.sleep(0.005)


passphrase = sys.stdin.readline().rstrip("\n")
app = _application()
window = MainWindow(Session(sys.argv[1]), AppConfig())
window.show()
window.start()
form = window.unlock_page.unlock_form
form.passphrase.field.setFocus()
type_text(form.passphrase.field, passphrase)
del passphrase
QTest.keyClick(form.passphrase.field, Qt.Key.Key_Return)
wait_for(lambda: window.session.is_unlocked and not form.busy)
wait_for(lambda: window.session.vault.checked)
page = window.open_participant(window.session.repo.search("")[0].id)
field = page.form._line("adress")
field.setFocus()
type_text(field, " och mer")
print("open", flush=True)
sys.stdin.readline()
QTest.keyClick(field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
wait_for(lambda: not window.session.is_unlocked)
for _ in range(20):
    QApplication.processEvents()
gc.collect()
print("locked", flush=True)
sys.stdin.readline()
window.close()
