"""Disk and file faults in words: a full disk, read-only media, an I/O error, a damaged file.

``driver.Connection`` raises these in place of the driver's error, ``os_faults()`` in
place of an OSError. The instance raised is of a class that is both the storage error
(``DiskFull``, ``VaultReadOnly``, ``DiskError``, ``VaultDamaged``) and the original
exception class, so every ``except driver.DatabaseError`` / ``except OSError`` that
was there before still holds, and the CLI and the window can say it with ``message``.

SQLite reports a full disk as SQLITE_FULL when ``write()`` says ENOSPC, but as an
I/O error when the shared-memory file cannot grow; an I/O error on a file system
that is full (or mounted read-only) is therefore reported as what it is.
"""
from __future__ import annotations

import contextlib
import errno
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from .errors import DiskError, DiskFull, VaultDamaged, VaultError, VaultReadOnly

# SQLite primary result codes (the driver gives the extended code; its low byte is the primary).
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

_BY_CODE = {SQLITE_FULL: DiskFull, SQLITE_READONLY: VaultReadOnly, SQLITE_IOERR: DiskError,
            SQLITE_CANTOPEN: DiskError, SQLITE_CORRUPT: VaultDamaged, SQLITE_NOTADB: VaultDamaged}
# When an exception carries no code (made by hand, an older driver): its English text.
_BY_TEXT = (("database or disk is full", DiskFull), ("readonly database", VaultReadOnly),
            ("disk i/o error", DiskError), ("malformed", VaultDamaged), ("file is not a database", VaultDamaged))
_BY_ERRNO = {errno.ENOSPC: DiskFull, errno.EROFS: VaultReadOnly, errno.EACCES: VaultReadOnly,
             errno.EPERM: VaultReadOnly, errno.EIO: DiskError}
if hasattr(errno, "EDQUOT"):
    _BY_ERRNO[errno.EDQUOT] = DiskFull

# Less free space than this on an I/O error: the disk is full.
NEARLY_FULL_BYTES = 256 * 1024

_classes: dict[tuple[type, type], type] = {}


def raisable(kind: type[VaultError], base: type[BaseException]) -> type:
    """``kind`` that is also a ``base`` (a driver or OS exception class)."""
    if issubclass(base, kind):
        return base
    key = (kind, base)
    if key not in _classes:
        _classes[key] = type(kind.__name__, (kind, base), {"__module__": kind.__module__})
    return _classes[key]


def kind_of_database_error(exc: BaseException) -> type[VaultError] | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return _BY_CODE.get(code & 0xFF)
    text = str(exc).lower()
    return next((kind for needle, kind in _BY_TEXT if needle in text), None)


def _refined(kind: type[VaultError], path: Path | None) -> type[VaultError]:
    """An I/O error on a full or read-only file system is that."""
    if kind is not DiskError or path is None:
        return kind
    folder = Path(path).parent
    try:
        if shutil.disk_usage(folder).free < NEARLY_FULL_BYTES:
            return DiskFull
        if hasattr(os, "statvfs"):  # POSIX: a file system mounted read-only
            if os.statvfs(folder).f_flag & getattr(os, "ST_RDONLY", 1):
                return VaultReadOnly
    except OSError:
        pass
    return kind


def from_database_error(exc: BaseException, path: Path | str | None = None) -> BaseException | None:
    """The storage error to raise for a driver error of a known kind, else None."""
    if isinstance(exc, VaultError):
        return None
    kind = kind_of_database_error(exc)
    if kind is None:
        return None
    kind = _refined(kind, Path(path) if path else None)
    fault = raisable(kind, type(exc))(type(exc).__name__)
    fault.sqlite_errorcode = getattr(exc, "sqlite_errorcode", None)
    return fault


def from_os_error(exc: BaseException, path: Path | str | None = None) -> BaseException | None:
    """The storage error to raise for an OSError of a known kind (ENOSPC, EROFS, …), else None."""
    if isinstance(exc, VaultError) or not isinstance(exc, OSError):
        return None
    kind = _BY_ERRNO.get(exc.errno)
    if kind is None:
        return None
    kind = _refined(kind, Path(path) if path else (Path(exc.filename) if isinstance(exc.filename, str) else None))
    fault = raisable(kind, type(exc))(errno.errorcode.get(exc.errno, str(exc.errno)))
    fault.errno, fault.strerror, fault.filename = exc.errno, exc.strerror, exc.filename
    return fault


@contextlib.contextmanager
def os_faults(path: Path | str | None = None) -> Iterator[None]:
    """OSErrors of a known kind leave the block as storage errors."""
    try:
        yield
    except OSError as exc:
        fault = from_os_error(exc, path)
        if fault is None:
            raise
        raise fault from exc


def describe(exc: BaseException) -> str | None:
    """The translated message for a storage error or a disk fault of a known kind, else None."""
    if isinstance(exc, VaultError):
        return exc.message
    fault = from_os_error(exc) if isinstance(exc, OSError) else from_database_error(exc)
    return fault.message if fault is not None else None
