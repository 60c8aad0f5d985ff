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

    def __init__(self, text: str, style: ParagraphStyle, fallback, bulletText=None, base: str | None = None):
        self._source, self._given_style, self._fallback_of = text, style, fallback
        self._delegate: Paragraph | None = None
        self._texts = text.split()
        self._base = base or scripts.base_direction(self._texts)
        self._measured = list(self._texts)
        self._shaped: dict[int, tuple[str, float]] = {}  # word index -> (drawn, width)
        self._rtl = set()
        for i, word in enumerate(self._texts):
            if scripts.needs_shaping(word):
                self._measured[i], drawn, width = _shape(word, style.fontName, style.fontSize)
                self._shaped[i] = (drawn, width)
            if scripts.has_rtl(word):
                self._rtl.add(i)
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
        visual, positioned = [], False
        for n, ((extra, words), (start, end)) in enumerate(zip(lines, spans)):
            if not any(k in self._rtl for k in range(start, end)):
                visual.append((extra, words, None))
                positioned = positioned or any(k in self._shaped and self._shaped[k][0] is not
                                               self._measured[k] for k in range(start, end))
                continue
            order = [start + k for k in scripts.word_order(
                [scripts.direction(self._texts[k]) for k in range(start, end)], self._base)]
            used = space * (len(order) - 1) + sum(
                self._shaped[k][1] if k in self._shaped
                else pdfmetrics.stringWidth(self._texts[k], plain.fontName, plain.fontSize) for k in order)
            visual.append((widths[min(n, len(widths) - 1)] - used, [self._measured[k] for k in order], order))
            positioned = positioned or any(k in self._shaped and self._shaped[k][0] is not self._measured[k]
                                           for k in order)
        if not positioned:
            plain.lines = [(extra, words) for extra, words, _order in visual]
            return plain
        return self._frag_lines(plain, visual, widths)

    def _drawn(self, k: int):
        return self._shaped[k][0] if k in self._shaped else self._measured[k]

    def _frag_lines(self, plain, visual, widths):
        """The lines as reportlab's frag lines: a word HarfBuzz positioned keeps its
        glyph positions (a plain line cannot carry them)."""
        out = []
        for n, ((extra, words, order), (start, end)) in enumerate(zip(visual, self._line_spans)):
            order = order or range(start, end)
            text = None
            for k in order:
                text = self._drawn(k) if text is None else text + " " + self._drawn(k)
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
                              self.bulletText, self._base),
                BidiParagraph(" ".join(self._texts[cut:]), self._given_style, self._fallback_of, None, self._base)]
