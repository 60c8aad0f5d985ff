"""A paragraph that holds right-to-left words: broken into lines in reading order,
then each line laid out in the order its words are seen.

reportlab (without the ``rlbidi`` module, which is not on PyPI) lays every line out
left to right, and its shaping path treats each word of a paragraph separately: six
times slower than its plain path for a long text. Here each word that needs shaping is
shaped once (HarfBuzz, through reportlab) and stands in the text as the glyphs it
shapes to, so the plain, fast line breaking measures what will be drawn; then each
line's words are put in visual order. Line 1 holds the first words read, whether the
text is Arabic, Swedish with an Arabic name, or Persian with a Swedish one.

Inside a word, digits and Latin letters read left to right (``scripts.pieces``), and
punctuation ending a run of the other direction stands where it is read
(``scripts.split_tails``). A word too long for the line is cut by reportlab and its
pieces placed line by line.

Only for one line of text in one font (the usual free text, list item or field value);
anything else (a fallback font run, a line break, a right-to-left word reportlab must
cut) is laid out as before: the whole text shaped, its words reordered before the lines
are broken.
"""
from __future__ import annotations

import re
from xml.sax.saxutils import escape

from reportlab.lib.abag import ABag
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import FragLine, ParaLines
from reportlab.rl_config import paraFontSizeHeightOffset

from . import scripts


def _shape(text: str, font: str, size: float) -> tuple[str, str, float]:
    """(the characters of its glyphs, what to draw: those or a ShapedStr when HarfBuzz
    moved glyphs, the width drawn) of one word that needs shaping."""
    word = [pdfmetrics.stringWidth(text, font, size), (ABag(fontName=font, fontSize=size), text)]
    if pdfmetrics.getFont(font).shapable:
        word = ttfonts.shapeFragWord(word, features=scripts.SHAPING_FEATURES)
    pieces = [piece for _frag, piece in word[1:]]
    drawn = pieces[0]
    for piece in pieces[1:]:
        drawn = drawn + piece
    # a blank inside (HarfBuzz draws a zero-width non-joiner as a space glyph) must not
    # break the word: reportlab does not break at a no-break space
    measured = "".join("\u00a0" if ch.isspace() else ch for ch in str(drawn))
    return measured, drawn if isinstance(drawn, ttfonts.ShapedStr) else measured, word[0]


def _pieces(parts: list[tuple[str, bool]], font: str, size: float) -> tuple[str, str, float]:
    """``_shape``'s three for a word drawn as ``scripts.pieces``: the pieces to shape shaped."""
    if len(parts) == 1 and parts[0][1]:
        return _shape(parts[0][0], font, size)
    measured, drawn, width = "", "", 0.0
    for text, shape in parts:
        if shape:
            m, d, w = _shape(text, font, size)
        else:
            m, d, w = text, text, pdfmetrics.stringWidth(text, font, size)
        measured, drawn, width = measured + m, drawn + d, width + w
    return measured, drawn, width


def _alike(frags) -> bool:
    """True when the frags differ only in their text (one style throughout)."""
    first = {k: v for k, v in frags[0].__dict__.items() if k != "text"}
    return all({k: v for k, v in f.__dict__.items() if k != "text"} == first for f in frags[1:])


_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")


def _contexts(words: list[str], base: str) -> list[tuple[bool, bool]]:
    """Per word: (it stands in right-to-left text and has letters or digits that need
    drawing piece by piece, the strong direction before it is left to right)."""
    dirs = []
    for word in words:  # cheap tests first: this runs for every word of every paragraph
        dirs.append("R" if scripts.has_rtl(word) else "L" if _LETTER.search(word) else scripts.direction(word))
    out, before = [], None
    after = [None] * len(words)
    following = None
    for k in range(len(words) - 1, -1, -1):
        after[k] = following
        following = dirs[k] or following
    for k, word in enumerate(words):
        after_ltr = (before or base) == "L"
        if dirs[k] == "R":
            out.append((True, after_ltr))
        elif dirs[k] is None and scripts.has_digits(word):  # a number: its neighbours decide
            out.append(((before or base) == "R" and ((after[k] or base) == "R" or base == "R"), after_ltr))
        else:
            out.append((False, after_ltr))
        before = dirs[k] or before
    return out


def _pairs(items) -> list[tuple[int, str | None]]:
    """A line's words as ``BidiParagraph._items_of`` gives them, as (index, piece) pairs."""
    return [(k, None) for k in items] if isinstance(items, range) else items


_BREAKABLE = re.compile("[^\\S\u00a0\u2007\u202f]+")  # blanks, but not the no-break spaces


def _words(text: str) -> list[str]:
    """The words of *text* as reportlab breaks it: "samtal\u00a02" is one."""
    return [word for word in _BREAKABLE.split(text) if word]


_RIGHT_TWINS: dict[tuple[int, bool], ParagraphStyle] = {}


def _right_aligned(style: ParagraphStyle, bullet: bool) -> ParagraphStyle:
    """*style* right-aligned; for a list item also mirrored: the hanging indent at the right."""
    key = (id(style), bullet)
    twin = _RIGHT_TWINS.get(key)
    if twin is None or twin.parent is not style:
        # the hanging indent at the column's right, the column where it was (lättläst keeps lines short)
        mirrored = {"leftIndent": style.bulletIndent,
                    "rightIndent": style.rightIndent + style.leftIndent - style.bulletIndent} if bullet else {}
        twin = _RIGHT_TWINS[key] = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT,
                                                  **mirrored)
    return twin


def usable(text: str) -> bool:
    """True for the text ``BidiParagraph`` lays out: one line, right-to-left words, one font."""
    return "\n" not in text and scripts.has_rtl(text) and scripts.in_base_font(text)


class BidiParagraph(Paragraph):
    """One line of clean text (``usable``) as a paragraph, laid out right to left
    where its words are; when it begins right to left (and *style* is left-aligned) and
    takes more than a line, right-aligned, a bullet at the right. ``fallback(text,
    bulletText)`` makes the paragraph used when this layout cannot be; ``one_line()``
    the one printed instead when the text fits on a line (a list item with its small
    source after it)."""

    def __init__(self, text: str, style: ParagraphStyle, fallback, bulletText=None, base: str | None = None,
                 parts: list[tuple[str, str]] | None = None, one_line=None):
        self._source, self._given_style, self._fallback_of = text, style, fallback
        self._delegate: Paragraph | None = None  # the slower layout, made when first needed
        self._via_delegate = False  # the last line breaking used it (a word too long for that width)
        self._structural = False  # it always will (the markup did not come out as one piece)
        self._texts = _words(text)
        self._base = base or scripts.base_direction(self._texts)
        # (core, tail) per word; a part of a split keeps the whole paragraph's
        self._parts = parts or scripts.split_tails(self._texts, self._base)
        self._measured: list[str] = []  # what the line breaking measures: core glyphs + tail
        self._core: list[tuple[str, float | None]] = []  # (what to draw, its width) of each core
        self._positioned: set[int] = set()  # words HarfBuzz moved glyphs in (a ShapedStr)
        self._rtl: set[int] = set()
        contexts = _contexts([core for core, _tail in self._parts], self._base)
        for i, (core, tail) in enumerate(self._parts):
            rtl, after_ltr = contexts[i]
            if rtl:  # digits and Latin letters inside read left to right: drawn piece by piece
                measured, drawn, width = _pieces(scripts.pieces(core, after_ltr), style.fontName, style.fontSize)
            elif scripts.needs_shaping(core) and not scripts.arabic_without_letters(core):
                measured, drawn, width = _shape(core, style.fontName, style.fontSize)
            else:  # (Arabic digits among Swedish words are not shaped: that would reverse them)
                measured = drawn = core
                width = None  # measured when its line is reordered
            self._measured.append(measured + tail)
            self._core.append((drawn, width))
            if isinstance(drawn, ttfonts.ShapedStr):
                self._positioned.add(i)
            if tail or scripts.has_rtl(core):
                self._rtl.add(i)  # laid out in visual order
        self._rtl_upto = [0]  # how many of the words before each index are laid out in visual order
        for i in range(len(self._parts)):
            self._rtl_upto.append(self._rtl_upto[-1] + (i in self._rtl))
        self._bullet = bulletText
        # Right to left, wrapped: right-aligned, a bullet at the right, drawn here (reportlab
        # draws bullets at the left). On one line: placed as the style places any text.
        self._aligned = self._wrapped_style = style
        if self._base == "R" and style.alignment == TA_LEFT:
            self._wrapped_style = _right_aligned(style, bool(bulletText))
        self._own_bullet = self._wrapped_style is not style and bool(bulletText)
        self._line_spans: list[tuple[int, int]] = []
        super().__init__(escape(" ".join(self._measured)), style,
                         bulletText=None if self._own_bullet else bulletText)
        if len(self.frags) > 1 and _alike(self.frags):  # "&", "<", ">" come out of the parser on their own
            merged = self.frags[0].clone()
            merged.text = "".join(f.text for f in self.frags)
            self.frags = [merged]
        self._own_frags = self.frags
        # ``one_line()``: the paragraph to print instead when the text fits on one line
        self._one_line, self._short, self._short_in_use = one_line, None, False

    # -- layout ----------------------------------------------------------------------

    def breakLines(self, width):
        if self._structural:
            return self._delegated(width)
        self.frags, self.style, self._short_in_use, self._via_delegate = self._own_frags, self._aligned, False, False
        self.bulletText = None if self._own_bullet else self._bullet
        plain = super().breakLines(width)
        lines = getattr(plain, "lines", None)
        if plain.kind != 0 or lines is None:
            self._structural = True
            return self._delegated(width)
        line_items = self._items_of(lines)
        if line_items is None:
            return self._delegated(width)  # reportlab split a word that is not plain left-to-right text
        self._line_items = line_items
        self._line_spans = spans = [(items.start, items.stop) if isinstance(items, range)
                                    else (items[0][0], items[-1][0] + 1) for items in line_items]
        if len(spans) == 1 and self._one_line is not None:
            short = self._as_one_line(width)
            if short is not None:
                return short
        self.style = self._wrapped_style if len(spans) > 1 else self._aligned
        widths = width if isinstance(width, (list, tuple)) else [width]
        space = pdfmetrics.stringWidth(" ", plain.fontName, plain.fontSize)
        visual = []  # per line: (extra space, words as measured, words as drawn)
        for n, ((extra, words), items, (start, end)) in enumerate(zip(lines, line_items, spans)):
            if self._rtl_upto[end] == self._rtl_upto[start]:  # nothing to reorder on this line
                visual.append((extra, words, None))
                continue
            items = _pairs(items)
            parts = [self._parts[k] if piece is None else (piece, "") for k, piece in items]
            groups = scripts.glued_order(parts, self._base)
            shown, drawn, used = [], [], space * (len(groups) - 1)
            for group in groups:
                text = measured = None
                for j, is_tail in group:
                    k, part = items[j]
                    if is_tail:
                        piece = glyphs = parts[j][1]
                        width = None
                    elif part is not None:  # a piece of a word too long for the line
                        piece = glyphs = part
                        width = None
                    else:
                        piece, width = self._core[k]
                        glyphs = self._measured[k][:len(self._measured[k]) - len(self._parts[k][1])]
                    used += pdfmetrics.stringWidth(piece, plain.fontName, plain.fontSize) if width is None else width
                    text = piece if text is None else text + piece
                    measured = glyphs if measured is None else measured + glyphs
                drawn.append(text)
                shown.append(measured)
            visual.append((widths[min(n, len(widths) - 1)] - used, shown, drawn))
        if not self._positioned:
            plain.lines = [(extra, words) for extra, words, _drawn in visual]
            return plain
        return self._frag_lines(plain, visual, widths)

    def _items_of(self, lines) -> list[range | list[tuple[int, str | None]]] | None:
        """Per line of reportlab's plain breaking: the range of the words on it, or, where
        reportlab cut a word longer than a line (an e-mail address in a narrow column),
        (word index, None for the whole word or the piece of it on this line). None when
        it cut a word that is not plain left-to-right text (pieces of a word's glyphs
        would come in the wrong order)."""
        out, i, placed = [], 0, ""
        measured = self._measured
        for _extra, words in lines:
            if not placed and words == measured[i:i + len(words)]:  # the usual line: whole words
                out.append(range(i, i + len(words)))
                i += len(words)
                continue
            items = []
            for word in words:
                if i >= len(measured):
                    return None
                if not placed and word == measured[i]:
                    items.append((i, None))
                    i += 1
                    continue
                whole = measured[i]
                if i in self._rtl or whole != self._parts[i][0] or not whole.startswith(placed + word):
                    return None
                placed += word
                items.append((i, str(word)))
                if placed == whole:
                    i, placed = i + 1, ""
            if not items:
                return None
            out.append(items)
        return out if i == len(measured) and not placed else None

    def _frag_lines(self, plain, visual, widths):
        """The lines as reportlab's frag lines: a word HarfBuzz positioned keeps its
        glyph positions (a plain line cannot carry them)."""
        out = []
        for n, ((extra, words, drawn), items) in enumerate(zip(visual, self._line_items)):
            if drawn is None:
                drawn = [self._core[k][0] if piece is None else piece for k, piece in _pairs(items)]
            text = None
            for word in drawn:
                text = word if text is None else text + " " + word
            frag = self.frags[0].clone()
            frag.text = text
            out.append(FragLine(extraSpace=extra, wordCount=len(words), lineBreak=False, words=[frag],
                                fontSize=plain.fontSize, ascent=plain.ascent, descent=plain.descent,
                                maxWidth=widths[min(n, len(widths) - 1)], sFW=0))
        return ParaLines(kind=1, lines=out)

    def drawPara(self, debug=0):
        super().drawPara(debug)
        if self._own_bullet and not self._via_delegate and not self._short_in_use and self.blPara.lines:
            style = self.style
            f = self.blPara.lines[0] if self.blPara.kind == 1 else self.blPara  # as drawPara finds the first line
            top = f.fontSize if paraFontSizeHeightOffset else getattr(f, "ascent", f.fontSize)
            y = self.height - top + getattr(style, "bulletOffsetY", 0)
            width = pdfmetrics.stringWidth(self._bullet, style.bulletFontName, style.bulletFontSize)
            canvas = self.canv
            canvas.saveState()
            canvas.setFont(style.bulletFontName, style.bulletFontSize)
            canvas.setFillColor(getattr(style, "bulletColor", None) or style.textColor)
            given = self._aligned
            x = given.bulletIndent if style is given else self.width - given.rightIndent - given.bulletIndent - width
            canvas.drawString(x, y, self._bullet)
            canvas.restoreState()

    def _as_one_line(self, width):
        """The ``one_line`` paragraph's lines when it, too, fits on one line, else None."""
        if self._short is None:
            self._short = self._one_line()
        lines = self._short.breakLines(width)
        if len(lines.lines) != 1:
            return None
        self.frags, self.style, self.bulletText = self._short.frags, self._short.style, self._short.bulletText
        self._width_max = getattr(self._short, "_width_max", 0)
        self._short_in_use = True
        return lines

    def _delegated(self, width):
        if self._delegate is None:
            self._delegate = self._fallback_of(self._source, self._bullet)
            self.bulletText = self._bullet
        bl = self._delegate.breakLines(width)
        self._via_delegate = True
        self.frags, self.style = self._delegate.frags, self._delegate.style
        self._width_max = getattr(self._delegate, "_width_max", 0)
        return bl

    def split(self, availWidth, availHeight):
        if not hasattr(self, "blPara"):
            self.wrap(availWidth, availHeight)
        spans, fit = self._line_spans, int(availHeight / self.style.leading)
        if not self._via_delegate:
            if fit < 2:  # no orphan line at the foot of a page (as reportlab's own paragraphs)
                return []
            if len(spans) <= fit:
                return [self]
            cut = spans[fit][0]
            if cut > 0:
                return self._split_at(cut)
        # the slower layout splits (also a word cut over all the lines that fit: only reportlab can cut it)
        if self._delegate is None:
            self._delegate = self._fallback_of(self._source, self._bullet)
        if getattr(self._delegate, "width", None) != self.width:  # split the lines measured, as reportlab does
            self._delegate.wrap(self.width, availHeight)
        return self._delegate.split(availWidth, availHeight)

    def _split_at(self, cut: int) -> list[Paragraph]:
        return [BidiParagraph(" ".join(self._texts[:cut]), self._given_style, self._fallback_of,
                              self._bullet, self._base, self._parts[:cut]),
                BidiParagraph(" ".join(self._texts[cut:]), self._given_style, self._fallback_of, None, self._base,
                              self._parts[cut:])]  # (two lines or more: no one-line form)
