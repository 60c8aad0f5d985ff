"""Exit codes and the one exception a command raises to stop with a message."""
from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_WRONG_SECRET = 2
EXIT_USAGE = 64
EXIT_INTERRUPTED = 130


class CliError(Exception):
    """A translated message for stderr and the exit code to return."""

    def __init__(self, message: str, code: int = EXIT_FAILED):
        self.message = message
        self.code = code
        super().__init__(message)
