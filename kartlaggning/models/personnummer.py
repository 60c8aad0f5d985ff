"""Swedish personnummer and samordningsnummer: parse, validate, format.

Stored as 12 digits (``YYYYMMDDNNNN``), always as a string, never an int
(leading zeros and the century matter). Printed as ``YYYYMMDD-NNNN``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from .errors import ValidationError

_SHAPE = re.compile(r"^(\d{6}|\d{8})([-+]?)(\d{4})$", re.ASCII)
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"), "-")


def _clean(text: str) -> str:
    """No whitespace; any dash as '-'; any decimal digit (fullwidth, Arabic-Indic) as ASCII."""
    raw = re.sub(r"\s", "", text or "").translate(_DASHES)
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in raw)


def luhn_digit(nine_digits: str) -> int:
    """Check digit for the nine digits YYMMDDNNN."""
    total = 0
    for i, ch in enumerate(nine_digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d // 10 + d % 10
    return (10 - total % 10) % 10


@dataclass(frozen=True)
class Personnummer:
    digits: str  # exactly 12 digits

    @property
    def is_samordningsnummer(self) -> bool:
        return int(self.digits[6:8]) > 60

    @property
    def birth_date(self) -> date:
        day = int(self.digits[6:8])
        if day > 60:
            day -= 60
        return date(int(self.digits[0:4]), int(self.digits[4:6]), day)

    def formatted(self) -> str:
        return f"{self.digits[:8]}-{self.digits[8:]}"

    def __str__(self) -> str:
        return self.formatted()


def parse(text: str, today: date | None = None, field: str = "personnummer") -> Personnummer:
    """Parse 10 or 12 digits with ``-``, ``+`` or no separator.

    ``+`` marks a person aged 100 or more and belongs to the 10-digit form
    (``YYMMDD+NNNN``); with 12 digits the century is written out, so ``+``
    there is refused. The serial ``000`` (the three digits before the check
    digit) is never issued and is refused too.

    Raises ValidationError with code ``empty``, ``pnr_length``, ``pnr_plus``,
    ``pnr_date``, ``pnr_serial`` or ``pnr_checksum``.
    """
    today = today or date.today()
    raw = _clean(text)
    if not raw:
        raise ValidationError(field, "empty")
    m = _SHAPE.match(raw)
    if not m:
        digits = re.sub(r"[^0-9]", "", raw)
        raise ValidationError(field, "pnr_length", count=len(digits))
    head, sep, tail = m.groups()
    if len(head) == 8 and sep == "+":
        raise ValidationError(field, "pnr_plus")
    if len(head) == 6:
        yy, mm, dd = int(head[:2]), int(head[2:4]), int(head[4:6])
        year = today.year // 100 * 100 + yy
        if (year, mm, dd - 60 if dd > 60 else dd) > (today.year, today.month, today.day):
            year -= 100  # '-': under 100 years old, so born on or before today
        if sep == "+":
            year -= 100
        full = f"{year:04d}{head[2:]}{tail}"
    else:
        full = head + tail
    year, month, day = int(full[0:4]), int(full[4:6]), int(full[6:8])
    if day > 60:
        day -= 60
    try:
        born = date(year, month, day)
    except ValueError:
        raise ValidationError(field, "pnr_date") from None
    if born > today:
        raise ValidationError(field, "pnr_date")
    if full[8:11] == "000":
        raise ValidationError(field, "pnr_serial")
    if luhn_digit(full[2:11]) != int(full[11]):
        raise ValidationError(field, "pnr_checksum")
    return Personnummer(full)


def normalize(text: str, today: date | None = None) -> str:
    """The 12-digit stored form of a valid number."""
    return parse(text, today).digits


def format_stored(digits: str) -> str:
    """``YYYYMMDD-NNNN`` from the stored 12 digits (no validation)."""
    if len(digits) == 12 and digits.isdigit():
        return f"{digits[:8]}-{digits[8:]}"
    return digits


def make_test_number(birth: date, serial: int, samordning: bool = False) -> str:
    """A 12-digit number with a valid check digit, for fixtures and demo data.

    Give ``serial`` 1-999: 000 is never issued and ``parse`` refuses it.
    """
    day = birth.day + (60 if samordning else 0)
    nine = f"{birth.year % 100:02d}{birth.month:02d}{day:02d}{serial:03d}"
    return f"{birth.year // 100:02d}{nine}{luhn_digit(nine)}"
