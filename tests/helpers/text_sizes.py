"""Font sizes of the text as printed, read back from the PDF (pdfium's text page), not
from the code that asked for them."""
from __future__ import annotations

import ctypes
from collections import Counter

import pypdfium2 as pdfium
import pypdfium2.raw as raw


def char_sizes(pdf: bytes) -> list[tuple[str, float]]:
    """(character, size in points) for every printed character but blanks."""
    out: list[tuple[str, float]] = []
    doc = pdfium.PdfDocument(pdf)
    try:
        for page in doc:
            text = page.get_textpage()
            for i in range(text.count_chars()):
                code = raw.FPDFText_GetUnicode(text.raw, i)
                ch = chr(code) if code else ""
                if ch.strip():
                    out.append((ch, round(raw.FPDFText_GetFontSize(text.raw, i), 2)))
            text.close()
            page.close()
    finally:
        doc.close()
    return out


def sizes_of(pdf: bytes, needle: str) -> list[float]:
    """The sizes of the characters of every occurrence of *needle* (blanks ignored)."""
    chars = char_sizes(pdf)
    flat = "".join(c for c, _s in chars)
    target = "".join(needle.split())
    found: list[float] = []
    start = flat.find(target)
    while start != -1:
        found += [s for _c, s in chars[start:start + len(target)]]
        start = flat.find(target, start + 1)
    return found


def histogram(pdf: bytes) -> Counter:
    return Counter(s for _c, s in char_sizes(pdf))


def _scale(text, i: int) -> float:
    """How much the drawing a character sits in is scaled (a chart drawn small and enlarged)."""
    import math
    m = raw.FS_MATRIX()
    if not raw.FPDFText_GetMatrix(text.raw, i, ctypes.byref(m)):
        return 1.0
    return math.sqrt(abs(m.a * m.d - m.b * m.c))


def body_sizes(pdf: bytes, top: float = 80, bottom: float = 62) -> list[float]:
    """The sizes of the characters between the letterhead (the top *top* points of a page)
    and the footer (the bottom *bottom* points)."""
    out: list[float] = []
    doc = pdfium.PdfDocument(pdf)
    try:
        for page in doc:
            height = page.get_height()
            text = page.get_textpage()
            for i in range(text.count_chars()):
                code = raw.FPDFText_GetUnicode(text.raw, i)
                if not (code and chr(code).strip()):
                    continue
                _left, low, _right, high = text.get_charbox(i)
                if bottom < low and high < height - top:
                    out.append(round(raw.FPDFText_GetFontSize(text.raw, i) * _scale(text, i), 2))
            text.close()
            page.close()
    finally:
        doc.close()
    return out
