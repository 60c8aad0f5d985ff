"""Process hardening at start, before a vault is opened: no memory dump of the
unlocked program is written (names, personnummer, the data key live in its memory).

- Linux: ``RLIMIT_CORE`` = (0, 0) (no core file, and the hard limit keeps it so) and
  ``prctl(PR_SET_DUMPABLE, 0)``: no core even through a piped ``core_pattern``
  (systemd-coredump, apport), and processes of the same user that are not root
  can no longer ``ptrace`` the program or read its ``/proc/<pid>/mem``.
- macOS: ``RLIMIT_CORE`` = (0, 0).
- Windows: ``SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX)`` (no
  crash dialog waiting with the process alive) and ``WerSetFlags`` (no heap in a
  Windows Error Reporting report, no WER dialog); the packaged program's .exe is
  also excluded from WER for this user (``WerAddExcludedApplication``; never
  python.exe, which other programs share). What this cannot stop: an
  administrator's ``LocalDumps`` policy, a debugger run by an administrator.

Every step is best effort: a step that fails is kept by its code in ``FAILURES``
(``log_failures()`` writes the codes, nothing else). No Qt here.
"""
from __future__ import annotations

import sys

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3
SEM_FAILCRITICALERRORS = 0x0001
SEM_NOGPFAULTERRORBOX = 0x0002
WER_FAULT_REPORTING_FLAG_NOHEAP = 0x0001
WER_FAULT_REPORTING_NO_UI = 0x0020

FAILURES: list[str] = []


def protect_process() -> list[str]:
    """Turn memory dumps of this process off; returns the codes of the steps that failed."""
    failed: list[str] = []
    if sys.platform == "win32":
        _windows(failed)
    else:
        _no_core_limit(failed)
        if sys.platform.startswith("linux"):
            _not_dumpable(failed)
    FAILURES[:] = failed
    return failed


def log_failures() -> None:
    """The failed steps in the log (event codes only), once logging is set up."""
    from . import log
    for code in FAILURES:
        log.event("hardening.failed", step=code)


def _no_core_limit(failed: list[str]) -> None:
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, OSError, ValueError):
        failed.append("rlimit_core")


def _libc():
    import ctypes
    import ctypes.util
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def _not_dumpable(failed: list[str]) -> None:
    try:
        import ctypes
        libc = _libc()
        libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
        if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
            failed.append("dumpable")
    except (OSError, AttributeError):
        failed.append("dumpable")


def is_dumpable() -> bool | None:
    """Linux: ``prctl(PR_GET_DUMPABLE)`` (None elsewhere or when it cannot be asked)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes
        libc = _libc()
        libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
        value = libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0)
    except (OSError, AttributeError):
        return None
    return None if value < 0 else bool(value)


def _windows(failed: list[str]) -> None:
    import ctypes
    try:
        kernel32 = ctypes.WinDLL("kernel32")
        previous = kernel32.GetErrorMode()
        kernel32.SetErrorMode(previous | SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX)
    except (OSError, AttributeError):
        failed.append("error_mode")
    try:
        kernel32 = ctypes.WinDLL("kernel32")
        if kernel32.WerSetFlags(WER_FAULT_REPORTING_FLAG_NOHEAP | WER_FAULT_REPORTING_NO_UI) != 0:
            failed.append("wer_flags")
    except (OSError, AttributeError):
        failed.append("wer_flags")
    if getattr(sys, "frozen", False):  # the packaged .exe only: never exclude python.exe for everyone
        try:
            import os
            wer = ctypes.WinDLL("wer")
            wer.WerAddExcludedApplication.argtypes = [ctypes.c_wchar_p, ctypes.c_int]
            if wer.WerAddExcludedApplication(os.path.basename(sys.executable), 0) != 0:
                failed.append("wer_exclude")
        except (OSError, AttributeError):
            failed.append("wer_exclude")
