"""Swedish alphabetical order (no locale needed, the same on every machine).

The Swedish alphabet ends … X Y Z Å Ä Ö: Å, Ä and Ö are letters of their own, not
A and O with marks. Æ sorts as Ä and Ø as Ö (as in Swedish dictionaries), Ü as Y,
and other accented letters as their base letter (É as E). Case is ignored, then
breaks ties, so "åsa" and "Åsa" sit together.
"""
from __future__ import annotations

import unicodedata

# Letters past Z, in order; "{" sorts after "z" in code point order.
_AFTER_Z = {"å": "{a", "ä": "{b", "æ": "{b", "ö": "{c", "ø": "{c"}
_AS_LETTER = {"ü": "y", "ł": "l", "đ": "d", "ß": "ss", "œ": "oe"}


def _letter_key(ch: str) -> str:
    if ch in _AFTER_Z:
        return _AFTER_Z[ch]
    if ch in _AS_LETTER:
        return _AS_LETTER[ch]
    return "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))


def swedish_key(text: str) -> str:
    """A string whose code point order is Swedish alphabetical order of ``text``."""
    folded = unicodedata.normalize("NFC", text.casefold()).split()
    primary = " ".join("".join(_letter_key(ch) for ch in word) for word in folded)
    return primary + "\x01" + text  # equal letters: the exact spelling decides, always the same
