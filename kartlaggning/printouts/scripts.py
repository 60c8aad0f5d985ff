"""Text in every script the participants write, on paper.

* **Shaping**: Arabic and Persian letters join and take their contextual forms; the
  bundled DejaVu Sans has them and reportlab shapes its runs with HarfBuzz
  (``uharfbuzz``) when it is installed (it is a dependency).
* **Direction**: reportlab lays words out left to right. ``visual_order`` puts the
  words of a right-to-left run (and of a line that begins right-to-left) in the order
  they are seen, each word kept in logical order for HarfBuzz to lay out right to left:
  ``Namn: مريم الحسن`` prints with مريم at the right. Free text, list items and field
  values longer than a line are broken into lines in reading order first and each line
  reordered after (``printouts.bidi``); text in two fonts and composed markup are
  reordered before they wrap. Punctuation after a run of the other direction stands
  where it is read (``split_tails``); digits and Latin letters read left to right inside
  Arabic words too (``pieces``, ``for_harfbuzz``); a number joins the run it follows
  when that is not the paragraph's direction (``_numbers_join_their_run``).
* **Fallback fonts**: characters DejaVu Sans lacks but a bundled Noto font has
  (Ethiopic: Tigrinya, Amharic) print in that font.
* **Nothing silent**: a character no bundled font has prints as the visible
  placeholder ``PLACEHOLDER`` and ``missing`` lists it, for the print dialog's warning.

No Qt, no storage. Fonts are read once per process (``register``).
"""
from __future__ import annotations

import io
import re
import threading
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape

from .. import resources

PLACEHOLDER = "\ufffd"  # the replacement character: DejaVu Sans has it


@dataclass(frozen=True)
class Fallback:
    name: str
    bold: str
    regular_file: str
    bold_file: str


FALLBACKS = (
    Fallback("KLEthiopic", "KLEthiopic-Bold", "NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf"),
)
BASE_FILE = "DejaVuSans.ttf"

_lock = threading.Lock()
_coverage: dict[str, frozenset[int]] | None = None  # font name (base: "") -> code points it has


def _cmap(filename: str) -> frozenset[int]:
    from reportlab.pdfbase.ttfonts import TTFontFile
    return frozenset(TTFontFile(io.BytesIO(resources.read_bytes(f"fonts/{filename}"))).charToGlyph)


def coverage() -> dict[str, frozenset[int]]:
    """{"" (the base font): code points, fallback name: code points}, read once."""
    global _coverage
    with _lock:
        if _coverage is None:
            found = {"": _cmap(BASE_FILE)}
            for f in FALLBACKS:
                found[f.name] = _cmap(f.regular_file)
            _coverage = found
        return _coverage


# HarfBuzz features: kerning, and the forms and ligatures a script requires (always on);
# not the optional Latin ligatures reportlab asks for (a "st" ligature in "Exempelstad"
# reads oddly and copies out as one character).
SHAPING_FEATURES = {"kern": True, "liga": False, "dlig": False}


def _shape_word(shape, word, *args, **kwargs):
    """reportlab's shaping of one word with ``SHAPING_FEATURES``, for the words that need
    it only (a Swedish word in a paragraph that also holds Arabic is laid out as elsewhere:
    shaping every word of such a paragraph tripled the time of a long one); a word set in
    more than one font ("ገብረ," with a DejaVu comma) is left as it is: reportlab would shape
    all of it with the first font's glyphs."""
    parts = word[1:]
    if not any(isinstance(text, str) and _SHAPED.search(text) for _frag, text in parts):
        return word
    if len({getattr(frag, "fontName", None) for frag, _text in parts}) > 1:
        return word
    kwargs["features"] = SHAPING_FEATURES
    return shape(word, *args, **kwargs)


def register() -> None:
    """Register the fallback fonts (regular and bold, one family each) with reportlab,
    and shape paragraphs with ``SHAPING_FEATURES``."""
    import functools

    from .. import log
    try:
        import uharfbuzz  # noqa: F401 (reportlab shapes only when it can import it)
    except ImportError:  # an installation without it: Arabic would print unjoined; say so in the log
        log.event("print.no_shaping")
    from reportlab.pdfbase import pdfmetrics, ttfonts
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import paragraph
    if getattr(paragraph.shapeFragWord, "func", None) is not _shape_word:
        paragraph.shapeFragWord = functools.partial(_shape_word, ttfonts.shapeFragWord)
    for f in FALLBACKS:
        for name, filename in ((f.name, f.regular_file), (f.bold, f.bold_file)):
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, io.BytesIO(resources.read_bytes(f"fonts/{filename}")),
                                               shapable=True))
        pdfmetrics.registerFontFamily(f.name, normal=f.name, bold=f.bold, italic=f.name, boldItalic=f.bold)


def _font_for(ch: str, fonts: dict[str, frozenset[int]]) -> str | None:
    """"" for the base font, a fallback's name, or None when no bundled font has ``ch``."""
    code = ord(ch)
    if code > 0xFFFF:  # reportlab's font subsets map only the basic plane back to text: emoji would extract wrong
        return None
    if code in fonts[""] or ch.isspace() or unicodedata.category(ch) in ("Mn", "Cf"):
        return ""
    return next((name for name, points in fonts.items() if name and code in points), None)


# Scripts whose letters change form or order in a word: Arabic (with Persian), Hebrew,
# Syriac, Thaana, N'Ko, and the Indic and Southeast Asian blocks.
_SHAPED = re.compile("[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff"
                     "\ufb1d-\ufdff\ufe70-\ufeff]")


# Right-to-left letters: Hebrew, Arabic (with Persian), Syriac, Thaana, N'Ko, Samaritan,
# Mandaic and their presentation forms (U+FB1D-U+FDFF, U+FE70-U+FEFF).
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None and any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def needs_shaping(text: str) -> bool:
    return _SHAPED.search(text) is not None


def is_plain(text: str) -> bool:
    """True when the base font has every character and nothing reads right to left."""
    fonts = coverage()[""]
    return all(ord(ch) in fonts and unicodedata.bidirectional(ch) not in ("R", "AL") for ch in text)


# Latin script up to Latin Extended-B: all in the base font (test_scripts checks), all
# left to right; most text is only that, and is printed without looking at each letter.
_LATIN = re.compile("[\n\x20-\x7e\xa0-\u024f]*")


def in_base_font(text: str) -> bool:
    """True when the base font has every character of ``text``."""
    if _LATIN.fullmatch(text):
        return True
    fonts = coverage()
    return all(_font_for(ch, fonts) == "" for ch in text)


def missing(texts) -> list[str]:
    """The characters of ``texts`` that no bundled font has, in order of first use."""
    fonts = coverage()
    seen: dict[str, None] = {}
    for text in texts:
        for ch in unicodedata.normalize("NFC", text or ""):
            if ch not in seen and _font_for(ch, fonts) is None:
                seen[ch] = None
    return list(seen)


# ---- direction ----------------------------------------------------------------------

_TOKENS = re.compile(r"\s+|\S+")


def _direction(token: str) -> str | None:
    """"R" when the token holds right-to-left letters, "L" for left-to-right ones, None for neither."""
    kinds = {unicodedata.bidirectional(ch) for ch in token}
    if kinds & {"R", "AL"}:
        return "R"
    return "L" if "L" in kinds else None


def _numbers_join_their_run(tokens: list[str], dirs: list[str | None], base: str) -> None:
    """A number read after words of the other direction than the paragraph's reads with
    them (the Unicode rules W7 and I1): ``(samtal 2)`` in Arabic text stays one run, and
    in ``Adress: شارع الملك 12`` the 12 ends the Arabic, at its left. ``dirs`` changed in place."""
    last = base
    other = "L" if base == "R" else "R"
    for i, (token, d) in enumerate(zip(tokens, dirs)):
        if d in ("L", "R"):
            last = d
        elif d is None and last == other and has_digits(token):
            dirs[i] = other


def _reverse_runs(tokens: list[str], dirs: list[str | None], strong: str) -> None:
    """Reverse in place each maximal run from a ``strong`` token to the last ``strong``
    one that follows with only blanks and neutral tokens between them."""
    i = 0
    while i < len(tokens):
        if dirs[i] != strong:
            i += 1
            continue
        j = end = i
        while j + 1 < len(tokens) and dirs[j + 1] in (strong, None, "S"):
            j += 1
            if dirs[j] == strong:
                end = j
        tokens[i:end + 1] = tokens[i:end + 1][::-1]
        dirs[i:end + 1] = dirs[i:end + 1][::-1]
        i = end + 1


def direction(token: str) -> str | None:
    """"R", "L" or None (digits, punctuation): the direction a word is read in."""
    return _direction(token)


def word_order(dirs: list[str | None], base: str) -> list[int]:
    """The visual order, left to right, of words read in directions ``dirs`` (logical
    order) on one line of a text whose base direction is ``base`` ("L" or "R")."""
    order = list(range(len(dirs)))
    dirs = list(dirs)
    if "R" not in dirs:
        return order
    if base == "L":
        _reverse_runs(order, dirs, "R")
    else:
        order.reverse()
        dirs.reverse()
        _reverse_runs(order, dirs, "L")
    return order


_DETACHABLE = frozenset({"CS", "ON"})  # commas, full stops, colons, ?, !: read in the direction around them


def _trailing_neutrals(word: str) -> int:
    """How many punctuation marks (not brackets, which mirror) end ``word`` after a letter."""
    n = 0
    for ch in reversed(word):
        if unicodedata.bidirectional(ch) not in _DETACHABLE or unicodedata.mirrored(ch):
            break
        n += 1
    return n if n < len(word) else 0


def split_tails(words: list[str], base: str) -> list[tuple[str, str]]:
    """(core, tail) of each word of a paragraph of base direction ``base``: the tail is the
    punctuation ending the word that is read in the paragraph's direction, not the word's
    (the Unicode rule for neutrals between two strong directions: theirs when they agree,
    else the paragraph's). In ``Namn: مريم الحسن.`` the full stop ends the Swedish
    sentence: it stands right of the whole name, not left of الحسن."""
    out = [(word, "") for word in words]
    for i, word in enumerate(words):
        if unicodedata.bidirectional(word[-1]) not in _DETACHABLE:
            continue  # the usual word: no look at its letters
        own = _direction(word)
        n = _trailing_neutrals(word) if own and own != base else 0
        if n and next((d for d in map(_direction, words[i + 1:]) if d), base) != own:
            out[i] = (word[:-n], word[-n:])
    return out


def glued_order(parts: list[tuple[str, str]], base: str) -> list[list[tuple[int, bool]]]:
    """The words of one line, ``split_tails`` parts in logical order, as they are seen
    left to right: each a list of (word index, is its tail) pieces drawn without a space.
    A tail stands beside the run its word ends, on the side the paragraph reads on: after
    a right-to-left run in a left-to-right paragraph, before a left-to-right one otherwise."""
    units, dirs, texts = [], [], []
    for i, (core, tail) in enumerate(parts):
        units.append((i, False))
        dirs.append(_direction(core))
        texts.append(core)
        if tail:
            units.append((i, True))
            dirs.append(base)
            texts.append(tail)
    _numbers_join_their_run(texts, dirs, base)
    groups: list[list[tuple[int, bool]]] = []
    pending: list[tuple[int, bool]] = []
    for n in word_order(dirs, base):
        unit = units[n]
        if unit[1] and base == "L" and groups:
            groups[-1].append(unit)
        elif unit[1] and base == "R":
            pending.append(unit)
        else:
            groups.append(pending + [unit])
            pending = []
    if pending:
        groups.append(pending)
    return groups


_MIRROR = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")


def _char_direction(word: str) -> list[str | None]:
    """Per character: "R" (Arabic, Hebrew letters), "L" (Latin letters and every kind of
    digit: both read left to right), None (punctuation); a combining mark goes with the
    letter it is on."""
    out: list[str | None] = []
    for ch in word:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            out.append("R")
        elif kind in ("L", "EN", "AN"):
            out.append("L")
        else:
            out.append(out[-1] if kind == "NSM" and out else None)
    return out


def has_digits(word: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("EN", "AN") for ch in word)


def arabic_without_letters(word: str) -> bool:
    """Arabic-script characters but no letters (Arabic-Indic digits, ٪, ٫): HarfBuzz would
    lay them out right to left, reversing a number."""
    return _RTL.search(word) is not None and not has_rtl(word)


def _direction_runs(word: str) -> list[list]:
    """[direction, text] runs of a word in right-to-left text, in logical order: "L" for
    digits and Latin letters (and punctuation between two of them), "R" for the rest."""
    classes = _char_direction(word)
    known = [(i, c) for i, c in enumerate(classes) if c]
    for i, c in enumerate(classes):
        if c is None:
            before = next((k for j, k in reversed(known) if j < i), None)
            after = next((k for j, k in known if j > i), None)
            classes[i] = "L" if before == after == "L" else "R"
    runs: list[list] = []
    for ch, c in zip(word, classes):
        if runs and runs[-1][0] == c:
            runs[-1][1] += ch
        else:
            runs.append([c, ch])
    return runs


def for_harfbuzz(word: str) -> str:
    """A word HarfBuzz will lay out right to left as a whole (it holds Arabic script), with
    its digits and Latin letters reversed beforehand so that they come out reading left to
    right: for the layouts that shape whole words (the slower paragraph path, the
    letterhead). ``"2027م"`` -> ``"7202م"``."""
    if _RTL.search(word) is None or not any(unicodedata.bidirectional(ch) in ("L", "EN", "AN") for ch in word):
        return word
    return "".join(text if c == "R" else text[::-1].translate(_MIRROR) for c, text in _direction_runs(word))


def pieces(word: str, after_ltr: bool = False) -> list[tuple[str, bool]]:
    """A word in right-to-left text as it is drawn, left to right: (text, True) for a
    piece to shape right to left (HarfBuzz reverses it), (text, False) for one drawn as
    it is. Digits and Latin letters read left to right inside it too: "2027م", "غرفة-12",
    "مدرسة/SFI", "١٢٣", "(12)". Punctuation between two such characters reads with them
    ("070-123 45", "12,5"), other punctuation right to left (mirrored when it stands
    alone: HarfBuzz mirrors only in an Arabic piece). ``after_ltr``: the word follows
    left-to-right text, so a number it begins with reads with that (Unicode rule W7)."""
    runs = _direction_runs(word)
    if len(runs) == 1 and runs[0][0] == "R" and has_rtl(word):
        return [(word, True)]
    head = [runs.pop(0)] if after_ltr and runs[0][0] == "L" else []
    out = []
    for c, text in head + runs[::-1]:
        if c == "L":
            out.append((text, False))
        elif has_rtl(text):
            out.append((text, True))
        else:
            out.append((text[::-1].translate(_MIRROR), False))
    return out


def base_direction(words) -> str:
    """"R" when the first word with a direction reads right to left, else "L"."""
    return next((d for d in map(_direction, words) if d), "L")


def visual_order(line: str) -> str:
    """The words of one line in the order they are seen, left to right (each word's
    letters stay in logical order: shaping lays a right-to-left word out itself)."""
    tokens = [token if token.isspace() else for_harfbuzz(token) for token in _TOKENS.findall(line)]
    dirs = ["S" if t.isspace() else _direction(t) for t in tokens]
    if "R" not in dirs:
        return "".join(tokens)
    base = next(d for d in dirs if d in ("L", "R"))
    words = [i for i, d in enumerate(dirs) if d != "S"]
    tails = dict(zip(words, (tail for _core, tail in split_tails([tokens[i] for i in words], base))))
    units, unit_dirs = [], []
    for i, (token, d) in enumerate(zip(tokens, dirs)):
        tail = tails.get(i)
        units.append((token[:-len(tail)] if tail else token, False))
        unit_dirs.append(d)
        if tail:
            units.append((tail, True))
            unit_dirs.append(base)
    _numbers_join_their_run([text for text, _is_tail in units], unit_dirs, base)
    if base == "L":
        _reverse_runs(units, unit_dirs, "R")
    else:  # a right-to-left line: all words from the right, left-to-right runs kept as read
        units.reverse()
        unit_dirs.reverse()
        _reverse_runs(units, unit_dirs, "L")
    # A tail joins the word beside it, written before it: drawn right to left (its
    # neighbour in a left-to-right line is a right-to-left word) that puts it at the word's
    # right, drawn left to right (in a right-to-left line), at its left.
    out: list[str] = []
    pending = ""
    for text, is_tail in units:
        if is_tail and base == "L" and out:
            out[-1] = text + out[-1]
        elif is_tail:
            pending += text
        else:
            out.append(pending + text)
            pending = ""
    return "".join(out) + pending


# ---- markup ------------------------------------------------------------------------

def _runs(text: str, fonts) -> list[tuple[str, str]]:
    """(font: "" for the base one or a fallback's name, text) runs of one line, characters
    no font has as the placeholder."""
    out: list[tuple[str, str]] = []
    current, run = "", []
    for ch in text:
        font = _font_for(ch, fonts)
        if font is None:
            ch, font = PLACEHOLDER, ""
        if font != current and not (ch.isspace() and current):  # a blank stays in the run it is in
            if run:
                out.append((current, "".join(run)))
            current, run = font, []
        run.append(ch)
    if run:
        out.append((current, "".join(run)))
    return out


def runs(line: str) -> list[tuple[str, str]]:
    """One line of clean text as (font, text) runs in the order they are drawn, left to
    right, each right-to-left word a run of its own (to be shaped alone): for text drawn
    straight onto a canvas (the letterhead's lines)."""
    out: list[tuple[str, str]] = []
    for font, chunk in _runs(visual_order(line), coverage()):
        for token in _TOKENS.findall(chunk):
            if out and out[-1][0] == font and _direction(token) != "R" and _direction(out[-1][1]) != "R":
                out[-1] = (font, out[-1][1] + token)
            else:
                out.append((font, token))
    return out


def shaped(font: str, text: str, size: float) -> tuple[str, str, float]:
    """(font, text ready for ``canvas.drawString``, its width): right-to-left text shaped by
    HarfBuzz (the canvas does not shape by itself), other text as it is."""
    from reportlab.pdfbase import pdfmetrics, ttfonts
    if _RTL.search(text) and pdfmetrics.getFont(font).shapable:  # (Arabic digits too: for_harfbuzz)
        shaped_text = ttfonts.shapeStr(text, font, size)
        data = getattr(shaped_text, "__shapeData__", None)
        if data:
            return font, shaped_text, sum(float(glyph[1]) for glyph in data) * size / 1000
    return font, text, pdfmetrics.stringWidth(text, font, size)


def fallback_font(name: str, bold: bool) -> str:
    return next(f.bold if bold else f.name for f in FALLBACKS if f.name == name)


def _font_runs(text: str, fonts) -> str:
    """Escaped markup of one line: fallback-font runs wrapped in ``<font>``."""
    return "".join(f'<font name="{font}">{escape(chunk)}</font>' if font else escape(chunk)
                   for font, chunk in _runs(text, fonts))


def markup(text: str) -> str:
    """Clean text (no control characters, "\\n" for line breaks) -> Paragraph markup that
    prints it literally, in the right fonts and direction."""
    if _LATIN.fullmatch(text):
        return escape(text).replace("\n", "<br/>")
    fonts = coverage()
    return "<br/>".join(_font_runs(visual_order(line), fonts) for line in text.split("\n"))
