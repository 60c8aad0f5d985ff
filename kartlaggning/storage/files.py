"""File-system helpers: private modes, atomic writes, the single-writer lock.

Windows: nothing POSIX-only is imported at module level (``fcntl`` only inside the
POSIX branch, ``msvcrt`` only inside the Windows branch). File modes (0600/0700)
mean nothing there, so the chmod calls are skipped: the vault, its key file and
the settings live under %LOCALAPPDATA% / %APPDATA%, whose default ACL grants
access to the user, SYSTEM and Administrators only, and files created inside
inherit that ACL. ``os.open``'s mode argument is ignored on Windows except for
the read-only bit, which 0600 does not set; ``os.umask`` (used around SQLite's
own file creation) exists there too and likewise touches only that bit. ``tests/test_windows.py`` simulates
the Windows branches on Linux; it cannot prove what a real NTFS ACL or a real
``LockFileEx`` does.
"""
from __future__ import annotations

import contextlib
import glob
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from .errors import VaultHardLinked, VaultLocked

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def ensure_private_dir(path: Path, tighten_existing: bool = True) -> None:
    """Create ``path`` as 0700. An existing folder is tightened too unless the user
    chose it (a backup target such as a USB stick keeps its own mode)."""
    existed = path.is_dir()
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    if os.name == "posix" and (tighten_existing or not existed):
        os.chmod(path, PRIVATE_DIR)


def make_private(path: Path) -> None:
    """0600 on POSIX; on Windows the folder's inherited per-user ACL protects the file."""
    if os.name == "posix" and path.exists():
        os.chmod(path, PRIVATE_FILE)


def fsync_dir(path: Path) -> None:
    """Make a rename durable. Windows cannot open a directory with ``os.open``; NTFS
    journals the rename itself, so there is nothing to do there."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# A temporary file of write_atomic older than this was left by a process that died
# between writing and renaming it (a live writer renames within milliseconds).
STALE_TEMP_SECONDS = 60


class OutputJournal(Protocol):
    """Where the temporary file of a document being written is noted until it is gone."""

    def started(self, tmp: Path) -> None: ...

    def finished(self, tmp: Path) -> None: ...


@contextlib.contextmanager
def atomic_file(path: Path, journal: OutputJournal | None = None) -> Iterator[BinaryIO]:
    """A file object whose content replaces ``path`` only when the block ends well:
    tmp -> fsync -> os.replace -> fsync(dir), mode 0600 from the start. The temporary
    file lies beside ``path`` (never in the system temp folder) under a name of its
    own. One a crash left behind is removed by the next write of the same file, and,
    when a ``journal`` noted it (a PDF, an export: personal data), at the next unlock."""
    path = Path(path)
    remove_stale_temp_files(path)
    # A name of its own per write: two processes saving the same file (two windows on two
    # vaults write settings.json at quit) never truncate each other's temporary file.
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    tmp = Path(name)
    if journal is not None:
        try:
            journal.started(tmp)
        except BaseException:
            os.close(fd)
            tmp.unlink(missing_ok=True)
            raise
    try:
        with os.fdopen(fd, "wb", buffering=1 << 16) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    finally:
        if journal is not None and not tmp.exists():
            with contextlib.suppress(Exception):
                journal.finished(tmp)
    make_private(path)
    fsync_dir(path.parent)


def write_atomic(path: Path, data: bytes, journal: OutputJournal | None = None) -> None:
    """``data`` replaces ``path`` all at once or not at all (see ``atomic_file``)."""
    with atomic_file(path, journal) as f:
        f.write(data)


def remove_stale_temp_files(path: Path, older_than: float = STALE_TEMP_SECONDS) -> None:
    """Delete ``<name>.*.tmp`` beside ``path`` left by a writer that died (kill -9, power
    loss): it may hold a half-written copy of what ``path`` holds (a printed PDF)."""
    limit = time.time() - older_than
    try:
        leftovers = list(path.parent.glob(glob.escape(path.name) + ".*.tmp"))
    except OSError:
        return
    for leftover in leftovers:
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < limit:
                leftover.unlink()


def replace(src: Path, dst: Path, attempts: int = 10) -> None:
    """``os.replace``; on Windows a virus scanner or the search indexer may hold the
    target open for a moment (PermissionError), so retry briefly there."""
    for attempt in range(attempts):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if not _windows() or attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


def _windows() -> bool:
    return sys.platform == "win32"


def _lock_fd(fd: int) -> None:
    """Take an exclusive, non-blocking lock on the open file ``fd``; OSError if held."""
    if _windows():
        # The C runtime's _locking (Win32 LockFile) on byte 0: a mandatory lock that
        # every other handle is refused, also a second handle in this process. A
        # region past the end of the file can be locked, so the file stays empty.
        import msvcrt
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock_fd(fd: int) -> None:
    if _windows():
        import msvcrt
        os.lseek(fd, 0, os.SEEK_SET)  # LK_UNLCK unlocks from the current position
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl
        fcntl.flock(fd, fcntl.LOCK_UN)


def refuse_hard_links(path: Path) -> None:
    """A vault file with a second name (a hard link) would get a lock file per name, so
    two writers could meet in it unseen: refused (``VaultHardLinked``). ``st_nlink``
    counts the names on POSIX and on NTFS alike (Python reads it from the file handle)."""
    try:
        links = os.stat(path).st_nlink
    except OSError:
        return  # nothing there (yet): whoever opens it says so
    if links > 1:
        raise VaultHardLinked(f"{links} links")


class FileLock:
    """An exclusive OS lock on ``<vault>.lock``, held while the vault is open.

    POSIX: ``flock`` on the open file. Windows: ``msvcrt.locking`` (LockFile) on
    byte 0 of the open file. Either way the OS drops the lock when the process dies,
    so a crash never leaves a stale lock; the lock file itself is never deleted (an
    unlink racing another process's open would split the lock in two).

    The lock file lies beside the file itself, not beside the name it was reached by:
    every symlink to a vault meets the same lock. A second hard link cannot be told
    apart that way; the vault refuses to open with one (``refuse_hard_links``).
    """

    def __init__(self, vault_path: Path):
        self.path = Path(os.path.realpath(vault_path) + ".lock")
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        if self._fd is not None:
            return
        from .faults import os_faults
        with os_faults(self.path):  # a read-only stick, a full disk: said as such
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), PRIVATE_FILE)
        try:
            _lock_fd(fd)
        except OSError:
            os.close(fd)
            raise VaultLocked() from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock_fd(fd)
        except OSError:
            pass  # closing the handle below releases it as well
        finally:
            os.close(fd)
