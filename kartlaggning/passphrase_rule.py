"""The passphrase rule, in one place for the storage, the window and the command
line. Light on purpose (the unlock window loads it at start-up): it imports only
``i18n``, which the window has loaded anyway; the deny list is read on the first check.

The rule applies when a passphrase is set (create, change, reset with the recovery
key), never at unlock: a vault with an older, shorter passphrase still opens.
Refused, with a reason the window and the command line say in words:

- ``short``: fewer than MIN_PASSPHRASE characters (spaces at the ends do not count);
- ``repeated``: one character, or a few, repeated (``aaaaaaaaaaaa``), or a word
  repeated (``sommarsommar``, ``hej hej hej hej``);
- ``sequence``: runs along the alphabet, the digits or a keyboard row or column
  (``123456789012``, ``qwertyuiopå``, ``abcdef123456``, ``1qaz2wsx3edc``);
- ``common``: one of the most common passwords (``resources/passwords/common.txt``),
  also when only digits or signs were put before or after it (``lösenord1234``,
  ``P@ssw0rd2024!``), compared case-insensitively.
"""
from __future__ import annotations

import re
import unicodedata

from .i18n import N_, _

MIN_PASSPHRASE = 12
SHORT, REPEATED, SEQUENCE, COMMON = "short", "repeated", "sequence", "common"
DENY_LIST = "passwords/common.txt"

_SEPARATORS = " \t\n\r-_.,;:!?'\"`´*+/\\|~^<>()[]{}=&%#¤§"
_LEET = str.maketrans({"4": "a", "@": "a", "0": "o", "1": "i", "3": "e", "5": "s", "$": "s", "7": "t"})
# Runs along these (either direction) make a "sequence"; digits wrap (…890123…).
_SEQUENCES = (
    "abcdefghijklmnopqrstuvwxyzåäö",
    "0123456789" * 3,
    "qwertyuiopå", "asdfghjklöä", "zxcvbnm",  # Swedish rows (the US ones are their start)
    "qwertyuiop[]", "asdfghjkl;'",
    "1qaz", "2wsx", "3edc", "4rfv", "5tgb", "6yhn", "7ujm", "8ik", "9ol", "0pö",  # columns
)
_REASONS = {
    REPEATED: N_("The passphrase is only one character or word repeated. Choose a few words that do not "
                 "belong together."),
    SEQUENCE: N_("The passphrase is a sequence of characters (like 123456… or qwerty…). Choose a few words "
                 "that do not belong together."),
    COMMON: N_("The passphrase is one of the most common passwords, which are guessed first. Choose a few "
               "words that do not belong together."),
}
_deny: frozenset[str] | None = None


def _compact(passphrase: str) -> str:
    """Case-folded, NFC, without spaces and separators: what the checks compare."""
    text = unicodedata.normalize("NFC", passphrase).casefold()
    return "".join(c for c in text if c not in _SEPARATORS)


def length(passphrase: str | None) -> int:
    """The length that counts: characters, spaces at the ends left out."""
    return len(unicodedata.normalize("NFC", passphrase or "").strip())


def long_enough(passphrase: str | None) -> bool:
    return length(passphrase) >= MIN_PASSPHRASE


def deny_list() -> frozenset[str]:
    global _deny
    if _deny is None:
        from . import resources
        lines = resources.read_text(DENY_LIST).splitlines()
        _deny = frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))
    return _deny


def _ways(a: str, b: str):
    """(sequence index, +1/-1) for each sequence in which ``b`` follows ``a``."""
    for k in range(len(_SEQUENCES)):
        for direction in (1, -1):
            if _follows(a, b, (k, direction)):
                yield k, direction


def _follows(a: str, b: str, way: tuple[int, int]) -> bool:
    seq, direction = _SEQUENCES[way[0]], way[1]
    i = seq.find(a)
    while i >= 0:
        if 0 <= i + direction < len(seq) and seq[i + direction] == b:
            return True
        i = seq.find(a, i + 1)
    return False


def _sequence(compact: str) -> bool:
    """True when the whole string is made of runs of three or more along a sequence."""
    i, n = 0, len(compact)
    while i < n:
        end = i + 1
        for way in (_ways(compact[i], compact[i + 1]) if i + 1 < n else ()):
            j = i + 2
            while j < n and _follows(compact[j - 1], compact[j], way):
                j += 1
            end = max(end, j)
        if end - i < 3:
            return False
        i = end
    return True


def _unit(text: str) -> str:
    """The shortest piece that ``text`` is a repetition of (``text`` itself if none)."""
    for size in range(1, len(text) // 2 + 1):
        if len(text) % size == 0 and text[:size] * (len(text) // size) == text:
            return text[:size]
    return text


def _repeated(compact: str) -> bool:
    return len(set(compact)) <= 3 or len(_unit(compact)) < min(MIN_PASSPHRASE, len(compact))


def _core(compact: str) -> str:
    """The letters of a passphrase without the digits and signs put around or into a word:
    ends stripped, runs of two or more digits taken out, single look-alikes read as letters."""
    core = compact.strip("0123456789" + _SEPARATORS + "@$")
    core = re.sub(r"[0-9]{2,}", "", core).translate(_LEET)
    return "".join(c for c in core if c.isalpha())


def _common(compact: str) -> bool:
    words = deny_list()
    if compact in words:
        return True
    core = _core(compact)
    return len(core) >= 3 and (core in words or _unit(core) in words)


def problem(passphrase: str | None) -> str | None:
    """None when the passphrase may be set, else the reason (SHORT, REPEATED, SEQUENCE, COMMON)."""
    text = passphrase or ""
    if len(set(text)) == 1 and len(text) >= MIN_PASSPHRASE:
        return REPEATED  # also twelve spaces
    if not long_enough(text):
        return SHORT
    compact = _compact(text)
    if _repeated(compact):
        return REPEATED
    if _sequence(compact) or _sequence(re.sub(r"(.)\1+", r"\1", compact)):  # also 112233…
        return SEQUENCE
    if _common(compact):
        return COMMON
    return None


def explain(reason: str, passphrase: str | None = None) -> str:
    """The reason in words (translated); with the passphrase, a short one says its length."""
    if reason == SHORT:
        if passphrase is None:
            return _("The passphrase must be at least {n} characters long.").format(n=MIN_PASSPHRASE)
        return _("The passphrase must be at least {n} characters long (now {length}).").format(
            n=MIN_PASSPHRASE, length=length(passphrase))
    return _(_REASONS[reason])
