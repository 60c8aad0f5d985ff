"""One program window per user and vault: a second start brings the running window
to the front and exits quietly, instead of saying "the vault is already open".

The running instance listens on a local socket (a named pipe on Windows) whose
name is a hash of the user name and the vault path, so it names nobody; only the
same user can connect (``UserAccessOption``). A second start connects, sends
``activate`` and waits for ``ok``. A name left behind by a crashed instance (no
one answers the connection) is taken over with ``QLocalServer.removeServer``. Only
the process that holds the vault's lock listens; a start that finds the vault
locked by an instance not listening yet (a double click) asks it again, a few
times, before it shows "already open".

Start-up cost: QtNetwork costs ~15 ms to load. Whether anyone could be listening
is first asked of the file system (the socket file; the list of pipes on
Windows). When nobody can be, QtNetwork is loaded only by ``ensure_listening()``,
which the app calls after the window's first paint.
"""
from __future__ import annotations

import enum
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCryptographicHash, QObject, Signal
from PySide6.QtWidgets import QWidget

ACTIVATE = b"activate\n"
ACK = b"ok\n"
TIMEOUT_MS = 1500
MAX_MESSAGE = 64
WINDOWS_PIPES = "\\\\.\\pipe\\"


class HandOver(enum.Enum):
    DELIVERED = "delivered"      # the running window was asked to come forward and said ok
    NO_SERVER = "no_server"      # nobody listens (or a stale name): this process is the first
    UNRESPONSIVE = "unresponsive"  # someone accepted the connection but did not answer


def _user() -> str:
    """The login name, as getpass.getuser() finds it (without importing getpass: start-up time)."""
    for var in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        if os.environ.get(var):
            return os.environ[var]
    try:
        import pwd
        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError, OSError):
        return str(os.getuid()) if hasattr(os, "getuid") else ""


def server_name(vault_path: Path | str, user: str | None = None) -> str:
    """A per-user, per-vault name that contains neither (a SHA-256 of both; Qt's, as
    hashlib costs start-up time). The real file's path: a start through a symlink finds
    the window that has the vault open (its lock lies beside the real file, too)."""
    vault = os.path.normcase(os.path.realpath(os.fspath(vault_path)))
    who = _user() if user is None else user
    data = f"kartlaggning\0{who}\0{vault}".encode("utf-8", "surrogatepass")
    digest = bytes(QCryptographicHash.hash(data, QCryptographicHash.Algorithm.Sha256).toHex()).decode("ascii")
    return f"kartlaggning-{digest[:32]}"


def server_may_exist(name: str) -> bool:
    """False only when certainly nobody listens on ``name`` (no socket file, no pipe),
    found without loading QtNetwork. True when unsure."""
    try:
        if sys.platform == "win32":
            wanted = name.casefold()
            return any(pipe.casefold() == wanted for pipe in os.listdir(WINDOWS_PIPES))
        from PySide6.QtCore import QDir
        return os.path.lexists(os.path.join(QDir.tempPath(), name))  # where QLocalServer puts it
    except OSError:
        return True


def hand_over(name: str, timeout_ms: int = TIMEOUT_MS) -> HandOver:
    """Ask a running instance listening on ``name`` to bring its window forward."""
    from PySide6.QtNetwork import QLocalSocket
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return HandOver.NO_SERVER
    _allow_foreground()
    socket.write(ACTIVATE)
    socket.waitForBytesWritten(timeout_ms)
    answer = b""
    while ACK not in answer and socket.waitForReadyRead(timeout_ms):
        answer += bytes(socket.readAll())
    socket.disconnectFromServer()
    return HandOver.DELIVERED if ACK in answer else HandOver.UNRESPONSIVE


def _someone_listens(name: str, timeout_ms: int = TIMEOUT_MS) -> bool:
    """A connection is accepted on ``name`` (nothing is sent)."""
    from PySide6.QtNetwork import QLocalSocket
    socket = QLocalSocket()
    socket.connectToServer(name)
    connected = socket.waitForConnected(timeout_ms)
    socket.abort()
    return connected


def _allow_foreground() -> None:
    """Windows lets only the foreground process (this one: the user just started it)
    bring another window to the front; allow the running instance to."""
    if sys.platform == "win32":
        try:
            import ctypes
            ctypes.windll.user32.AllowSetForegroundWindow(-1)  # ASFW_ANY
        except Exception:  # noqa: BLE001 (cosmetic only)
            pass


class InstanceServer(QObject):
    """Listens for later starts; ``activation_requested`` when one asks."""
    activation_requested = Signal()

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self.server = None  # a QLocalServer once listen() is called (QtNetwork loaded then)
        self._buffers: dict = {}  # QLocalSocket -> bytes received so far

    def listen(self) -> bool:
        if self.server is None:
            from PySide6.QtNetwork import QLocalServer
            self.server = QLocalServer(self)
            self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
            self.server.newConnection.connect(self._accept)
        return self.server.isListening() or self.server.listen(self.name)

    def name_in_use(self) -> bool:
        from PySide6.QtNetwork import QAbstractSocket
        return self.server is not None and \
            self.server.serverError() == QAbstractSocket.SocketError.AddressInUseError

    def take_over(self) -> bool:
        """Remove a name nobody answers on (a crashed instance's leftover) and listen on it."""
        from PySide6.QtNetwork import QLocalServer
        QLocalServer.removeServer(self.name)
        return self.listen()

    def ensure_listening(self) -> bool:
        """Listen if not yet (after the first paint); a leftover name nobody answers on
        is taken over, one that someone answers on is left alone."""
        if self.listen():
            return True
        if self.name_in_use() and not _someone_listens(self.name):
            return self.take_over()
        return False

    @property
    def listening(self) -> bool:
        return self.server is not None and self.server.isListening()

    def close(self) -> None:
        for socket in list(self._buffers):
            socket.abort()  # emits disconnected: dropped below
        if self.server is not None:
            self.server.close()

    # Slots are methods of this object, not lambdas: Qt drops the connections when this
    # object goes, before the sockets are destroyed (a socket emits while it is destroyed).

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(self._read)
            socket.disconnected.connect(self._closed)

    def _read(self) -> None:
        socket = self.sender()
        if socket not in self._buffers:
            return
        data = self._buffers[socket] + bytes(socket.readAll())
        if ACTIVATE in data:
            self._buffers[socket] = b""
            socket.write(ACK)
            socket.flush()
            self.activation_requested.emit()
        elif len(data) > MAX_MESSAGE:  # not ours; do not collect it
            self._buffers[socket] = b""
            socket.abort()
        else:
            self._buffers[socket] = data

    def _closed(self) -> None:
        socket = self.sender()
        if self._buffers.pop(socket, None) is not None:
            socket.deleteLater()


def claim(vault_path: Path | str, parent: QObject | None = None) -> InstanceServer | None:
    """None when a running instance for this vault came forward (exit quietly).
    Otherwise a server that is not listening yet: the program calls
    ``ensure_listening()`` only once it holds the vault's lock, so the lock alone
    decides which process answers (on Windows two servers could share one pipe name)."""
    name = server_name(vault_path)
    server = InstanceServer(name, parent)
    if server_may_exist(name) and hand_over(name) is HandOver.DELIVERED:
        server.deleteLater()
        return None
    return server


def bring_to_front(window: QWidget) -> None:
    """Show ``window`` (un-minimised, still maximised if it was) above the others and give it focus."""
    if window.isMinimized():
        if window.isMaximized():
            window.showMaximized()
        else:
            window.showNormal()
    else:
        window.show()
    window.raise_()
    window.activateWindow()
