"""Personal data copied from the window does not stay on the clipboard after a lock or quit.

``ClipboardGuard`` notes each text this program puts on the clipboard (and on X11 the
selection): when it changes while the platform says this process owns it, or on a
platform whose clipboard lives inside the process (offscreen, minimal). ``clear()``
(at lock and at quit) empties a mode that this process still owns or that still holds
the text it noted; what another program put there is left alone. On X11 clearing
before quit also keeps a clipboard manager from taking the text over at exit.

What it cannot do: take back a copy a clipboard history (Windows' Win+V, a desktop
clipboard manager) made while the text was on the clipboard.
"""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QClipboard, QGuiApplication

IN_PROCESS_PLATFORMS = ("offscreen", "minimal")  # no other program can reach their clipboard
Mode = QClipboard.Mode


def _owns(clipboard: QClipboard, mode: Mode) -> bool:
    return clipboard.ownsSelection() if mode == Mode.Selection else clipboard.ownsClipboard()


class ClipboardGuard(QObject):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._ours: dict[Mode, str] = {}
        clipboard = QGuiApplication.clipboard()
        clipboard.dataChanged.connect(self._clipboard_changed)
        if clipboard.supportsSelection():
            clipboard.selectionChanged.connect(self._selection_changed)

    def _modes(self) -> list[Mode]:
        clipboard = QGuiApplication.clipboard()
        return [Mode.Clipboard] + ([Mode.Selection] if clipboard.supportsSelection() else [])

    def _clipboard_changed(self) -> None:
        self._changed(Mode.Clipboard)

    def _selection_changed(self) -> None:
        self._changed(Mode.Selection)

    def _changed(self, mode: Mode) -> None:
        clipboard = QGuiApplication.clipboard()
        text = clipboard.text(mode)
        if text and (_owns(clipboard, mode) or QGuiApplication.platformName() in IN_PROCESS_PLATFORMS):
            self._ours[mode] = text
        else:  # emptied, or another program's: nothing of ours is on it any more
            self._ours.pop(mode, None)

    def holds_ours(self, mode: Mode = Mode.Clipboard) -> bool:
        clipboard = QGuiApplication.clipboard()
        text = clipboard.text(mode)
        return bool(text) and (_owns(clipboard, mode) or text == self._ours.get(mode))

    def clear(self) -> None:
        """Empty each mode still holding what this program put there (never raises)."""
        try:
            clipboard = QGuiApplication.clipboard()
            for mode in self._modes():
                if self.holds_ours(mode):
                    clipboard.clear(mode)
                self._ours.pop(mode, None)
        except RuntimeError:  # the application is being torn down
            pass
