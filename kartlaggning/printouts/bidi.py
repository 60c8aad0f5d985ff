"""A paragraph that holds right-to-left words: broken into lines in reading order,
then each line laid out in the order its words are seen.

reportlab (without the ``rlbidi`` module, which is not on PyPI) lays every line out
left to right, and its shaping path treats each word of a paragraph separately: six
times slower than its plain path for a long text. Here each word that needs shaping is
shaped once (HarfBuzz, through reportlab) and stands in the text as the glyphs it
shapes to, so the plain, fast line breaking measures what will be drawn; then each
line's words are put in visual order. Line 1 holds the first words read, whether the
text is Arabic, Swedish with an Arabic name, or Persian with a Swedish one.

Only for one line of text in one font (the usual free text); anything else (a fallback
font run, a line break, a word reportlab splits) is laid out as before: the whole text
shaped, its words reordered before the lines are broken.
"""
from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.abag import ABag
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import FragLine, ParaLines

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
    measured = str(drawn)
    return measured, drawn if isinstance(drawn, ttfonts.ShapedStr) else measured, word[0]


_RIGHT_TWINS: dict[int, ParagraphStyle] = {}


def _right_aligned(style: ParagraphStyle) -> ParagraphStyle:
    twin = _RIGHT_TWINS.get(id(style))
    if twin is None or twin.parent is not style:
        twin = _RIGHT_TWINS[id(style)] = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
    return twin


def usable(text: str) -> bool:
    """True for the text ``BidiParagraph`` lays out: one line, right-to-left words, one font."""
    return "\n" not in text and scripts.has_rtl(text) and scripts.in_base_font(text)


class BidiParagraph(Paragraph):
    """One line of clean text (``usable``) as a paragraph, laid out right to left
    where its words are; right-aligned when it begins right to left (and *style* is
    left-aligned). ``fallback(text, bulletText)`` makes the paragraph used when this
    layout cannot be."""

    def __init__(self, text: str, style: ParagraphStyle, fallback, bulletText=None, base: str | None = None,
                 parts: list[tuple[str, str]] | None = None):
        self._source, self._given_style, self._fallback_of = text, style, fallback
        self._delegate: Paragraph | None = None
        self._texts = text.split()
        self._base = base or scripts.base_direction(self._texts)
        # (core, tail) per word; a part of a split keeps the whole paragraph's
        self._parts = parts or scripts.split_tails(self._texts, self._base)
        self._measured: list[str] = []  # what the line breaking measures: core glyphs + tail
        self._core: list[tuple[str, float | None]] = []  # (what to draw, its width) of each core
        self._positioned: set[int] = set()  # words HarfBuzz moved glyphs in (a ShapedStr)
        self._rtl: set[int] = set()
        for i, (core, tail) in enumerate(self._parts):
            if scripts.needs_shaping(core):
                measured, drawn, width = _shape(core, style.fontName, style.fontSize)
            else:
                measured = drawn = core
                width = None  # measured when its line is reordered
            self._measured.append(measured + tail)
            self._core.append((drawn, width))
            if isinstance(drawn, ttfonts.ShapedStr):
                self._positioned.add(i)
            if tail or scripts.has_rtl(core):
                self._rtl.add(i)  # laid out in visual order
        if self._base == "R" and style.alignment == TA_LEFT:
            style = _right_aligned(style)
        self._line_spans: list[tuple[int, int]] = []
        super().__init__(escape(" ".join(self._measured)), style, bulletText=bulletText)

    # -- layout ----------------------------------------------------------------------

    def breakLines(self, width):
        if self._delegate is not None:
            return self._delegated(width)
        plain = super().breakLines(width)
        lines = getattr(plain, "lines", None)
        if plain.kind != 0 or lines is None:
            return self._delegated(width)
        spans, i = [], 0
        for _extra, words in lines:
            end = i + len(words)
            if not all(type(w) is str for w in words) or list(words) != self._measured[i:end]:
                return self._delegated(width)  # reportlab split or hyphenated a word
            spans.append((i, end))
            i = end
        if i != len(self._measured):
            return self._delegated(width)
        self._line_spans = spans
        widths = width if isinstance(width, (list, tuple)) else [width]
        space = pdfmetrics.stringWidth(" ", plain.fontName, plain.fontSize)
        visual = []  # per line: (extra space, words as measured, words as drawn)
        for n, ((extra, words), (start, end)) in enumerate(zip(lines, spans)):
            if not any(k in self._rtl for k in range(start, end)):
                visual.append((extra, words, [self._core[k][0] for k in range(start, end)]))
                continue
            groups = scripts.glued_order(self._parts[start:end], self._base)
            shown, drawn, used = [], [], space * (len(groups) - 1)
            for group in groups:
                text = measured = None
                for k, is_tail in group:
                    k += start
                    piece = self._parts[k][1] if is_tail else self._core[k][0]
                    glyphs = self._parts[k][1] if is_tail else self._measured[k][:len(self._measured[k])
                                                                                 - len(self._parts[k][1])]
                    width = None if is_tail else self._core[k][1]
                    used += pdfmetrics.stringWidth(piece, plain.fontName, plain.fontSize) if width is None else width
                    text = piece if text is None else text + piece
                    measured = glyphs if measured is None else measured + glyphs
                drawn.append(text)
                shown.append(measured)
            visual.append((widths[min(n, len(widths) - 1)] - used, shown, drawn))
        if not any(k in self._positioned for start, end in spans for k in range(start, end)):
            plain.lines = [(extra, words) for extra, words, _drawn in visual]
            return plain
        return self._frag_lines(plain, visual, widths)

    def _frag_lines(self, plain, visual, widths):
        """The lines as reportlab's frag lines: a word HarfBuzz positioned keeps its
        glyph positions (a plain line cannot carry them)."""
        out = []
        for n, (extra, words, drawn) in enumerate(visual):
            text = None
            for word in drawn:
                text = word if text is None else text + " " + word
            frag = self.frags[0].clone()
            frag.text = text
            out.append(FragLine(extraSpace=extra, wordCount=len(words), lineBreak=False, words=[frag],
                                fontSize=plain.fontSize, ascent=plain.ascent, descent=plain.descent,
                                maxWidth=widths[min(n, len(widths) - 1)], sFW=0))
        return ParaLines(kind=1, lines=out)

    def _delegated(self, width):
        if self._delegate is None:
            self._delegate = self._fallback_of(self._source, self.bulletText)
        bl = self._delegate.breakLines(width)
        self.frags, self.style = self._delegate.frags, self._delegate.style
        self._width_max = getattr(self._delegate, "_width_max", 0)
        return bl

    def split(self, availWidth, availHeight):
        if self._delegate is None and not hasattr(self, "blPara"):
            self.wrap(availWidth, availHeight)
        if self._delegate is not None:
            return self._delegate.split(availWidth, availHeight)
        spans, fit = self._line_spans, int(availHeight / self.style.leading)
        if len(spans) <= fit:
            return [self]
        if fit < 2:  # no orphan line at the foot of a page
            return []
        cut = spans[fit][0]
        return [BidiParagraph(" ".join(self._texts[:cut]), self._given_style, self._fallback_of,
                              self.bulletText, self._base, self._parts[:cut]),
                BidiParagraph(" ".join(self._texts[cut:]), self._given_style, self._fallback_of, None, self._base,
                              self._parts[cut:])]
