"""Lock the vault when the computer is locked (Win+L, the screensaver's lock), as
KeePassXC does: whoever unlocks the desktop still needs the passphrase.

* Windows: the window registers for session notifications
  (``WTSRegisterSessionNotification``) and a native event filter sees
  ``WM_WTSSESSION_CHANGE`` / ``WTS_SESSION_LOCK``.
* Linux: the screensavers' D-Bus signal ``ActiveChanged(true)`` (freedesktop, GNOME,
  MATE, Cinnamon) on the session bus, and logind's ``Lock`` on the system bus.
* Elsewhere, or without a bus, nothing is detected: the idle lock still applies.

The lock itself is the window's (it saves and commits every open editor first).
"""
from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QAbstractNativeEventFilter, QCoreApplication, QObject, Signal, Slot

from .. import log

WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
NOTIFY_FOR_THIS_SESSION = 0
WINDOWS_MESSAGE_TYPES = (b"windows_generic_MSG", b"windows_dispatcher_MSG")

SCREENSAVERS = (("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver"),
                ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver"),
                ("org.mate.ScreenSaver", "/org/mate/ScreenSaver"),
                ("org.cinnamon.ScreenSaver", "/org/cinnamon/ScreenSaver"))
LOGIND = ("org.freedesktop.login1", "/org/freedesktop/login1/session/auto", "org.freedesktop.login1.Session")


class MSG(ctypes.Structure):
    """The start of Windows' ``MSG`` (what the native event filter is given a pointer to)."""
    _fields_ = [("hwnd", ctypes.c_void_p), ("message", ctypes.c_uint), ("wParam", ctypes.c_size_t),
                ("lParam", ctypes.c_ssize_t)]


def is_session_lock(message_address: int) -> bool:
    """True when the Windows message at ``message_address`` says the session was locked."""
    if not message_address:
        return False
    msg = MSG.from_address(message_address)
    return msg.message == WM_WTSSESSION_CHANGE and msg.wParam == WTS_SESSION_LOCK


class _WindowsSessionFilter(QAbstractNativeEventFilter):
    def __init__(self, on_lock):
        super().__init__()
        self._on_lock = on_lock

    def nativeEventFilter(self, event_type, message):  # noqa: N802 (Qt)
        if bytes(event_type) in WINDOWS_MESSAGE_TYPES and is_session_lock(int(message)):
            self._on_lock()
        return False, 0


class ScreenLockWatcher(QObject):
    """``locked`` when the desktop session is locked."""
    locked = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._filter = None
        self._buses = ()
        self.how = ""  # "windows", "dbus" or "" (cannot tell on this machine)

    def start(self, window_id: int, platform: str | None = None) -> str:
        """Listen for the session lock; returns how (see ``how``)."""
        platform = sys.platform if platform is None else platform
        try:
            if platform.startswith("win"):
                self._start_windows(window_id)
            elif platform.startswith("linux") or "bsd" in platform:
                self._start_dbus()
        except (OSError, AttributeError, ImportError) as exc:  # no such API here: the idle lock remains
            log.event("screen_lock.unavailable", error=type(exc).__name__)
            self.how = ""
        return self.how

    def _start_windows(self, window_id: int) -> None:
        wtsapi32 = ctypes.WinDLL("wtsapi32")  # type: ignore[attr-defined]
        if not wtsapi32.WTSRegisterSessionNotification(ctypes.c_void_p(window_id), NOTIFY_FOR_THIS_SESSION):
            raise OSError("WTSRegisterSessionNotification")
        self._filter = _WindowsSessionFilter(self.locked.emit)
        QCoreApplication.instance().installNativeEventFilter(self._filter)
        self.how = "windows"

    def _start_dbus(self) -> None:
        from PySide6.QtCore import SLOT
        from PySide6.QtDBus import QDBusConnection
        session = QDBusConnection.sessionBus()
        listening = False
        if session.isConnected():
            for interface, path in SCREENSAVERS:
                listening = session.connect("", path, interface, "ActiveChanged", self,
                                            SLOT("_screensaver_active(bool)")) or listening
        system = QDBusConnection.systemBus()
        if system.isConnected():
            service, path, interface = LOGIND
            listening = system.connect(service, path, interface, "Lock", self, SLOT("_session_lock()")) or listening
        self.how = "dbus" if listening else ""
        self._buses = (session, system)

    @Slot(bool)
    def _screensaver_active(self, active: bool) -> None:
        if active:
            self.locked.emit()

    @Slot()
    def _session_lock(self) -> None:
        self.locked.emit()

    def stop(self) -> None:
        if self._filter is not None and QCoreApplication.instance() is not None:
            QCoreApplication.instance().removeNativeEventFilter(self._filter)
        self._filter = None
        if self._buses:  # no signal may reach a window that is closing
            from PySide6.QtCore import SLOT
            session, system = self._buses
            for interface, path in SCREENSAVERS:
                session.disconnect("", path, interface, "ActiveChanged", self, SLOT("_screensaver_active(bool)"))
            service, path, interface = LOGIND
            system.disconnect(service, path, interface, "Lock", self, SLOT("_session_lock()"))
            self._buses = ()
        self.how = ""
