"""The passphrase rule, in one place for the storage, the window and the command
line (imports nothing: the unlock window loads it at start-up)."""
from __future__ import annotations

MIN_PASSPHRASE = 8


def long_enough(passphrase: str | None) -> bool:
    return len(passphrase or "") >= MIN_PASSPHRASE
