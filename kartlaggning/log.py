"""Logging with ids and event codes only.

Never pass names, personnummer or free text to the log. The crash hook writes the
exception type and the code locations of the traceback, not the exception message
(which may quote user input) and not local variables.
"""
from __future__ import annotations

import logging
import re
import sys
import traceback

from . import paths

log = logging.getLogger("kartlaggning")
_PATH_SEPARATORS = re.compile(r"[/\\]")


def setup(to_file: bool = True) -> None:
    if log.handlers:
        return
    log.setLevel(logging.INFO)
    if to_file:
        paths.ensure_private(paths.data_dir())
        handler: logging.Handler = logging.FileHandler(paths.log_path(), encoding="utf-8")
    else:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.propagate = False


def event(code: str, **ids) -> None:
    """``event('participant.opened', participant='3f2a…')``: codes and ids only."""
    log.info(" ".join([code] + [f"{k}={v}" for k, v in ids.items()]))


def safe_traceback(exc_type, exc, tb) -> str:
    frames = traceback.extract_tb(tb)
    # file names only: a Windows path (backslashes) would carry the profile's user name
    where = " <- ".join(f"{_PATH_SEPARATORS.split(f.filename)[-1]}:{f.lineno}:{f.name}" for f in reversed(frames))
    return f"{exc_type.__module__}.{exc_type.__qualname__} at {where}"


def install_crash_hook() -> None:
    def hook(exc_type, exc, tb):
        log.error("crash %s", safe_traceback(exc_type, exc, tb))
        sys.stderr.write(f"Kartläggning: internal error ({exc_type.__qualname__}); see the log.\n")
    sys.excepthook = hook
