"""Documents being written outside the vault (a PDF, an export): the path of each
temporary file is noted in the vault (encrypted: a file name may name someone)
until the file is renamed or removed. One a crash left behind is removed at the
next unlock, wherever the user chose to write it."""
from __future__ import annotations

import contextlib
from pathlib import Path

SETTING = "unfinished_outputs"


class UnfinishedOutputs:
    """The ``OutputJournal`` of an open vault (see ``storage.files.atomic_file``)."""

    def __init__(self, repo):
        self.repo = repo

    def _paths(self) -> list[str]:
        value = self.repo.get_setting(SETTING) or []
        return [p for p in value if isinstance(p, str)] if isinstance(value, list) else []

    def started(self, tmp: Path) -> None:
        self.repo.set_setting(SETTING, [*self._paths(), str(tmp)])

    def finished(self, tmp: Path) -> None:
        self.repo.set_setting(SETTING, [p for p in self._paths() if p != str(tmp)])

    def sweep(self) -> int:
        """Remove the temporary files left behind; returns how many were there."""
        paths = self._paths()
        if not paths:
            return 0
        removed, kept = 0, []
        for name in paths:
            leftover = Path(name)
            if not leftover.name.endswith(".tmp"):
                continue  # never anything but our own temporary files
            try:
                if leftover.exists():
                    leftover.unlink()
                    removed += 1
            except OSError:
                kept.append(name)  # a folder not reachable now (a USB stick): next time
        self.repo.set_setting(SETTING, kept)
        return removed
