"""The progress charts, one code for screen and paper: reportlab ``Drawing``s that a
printout places as flowables (PDF) and the window shows as SVG (``to_svg``).

* ``radar`` – the twelve areas of the kartläggning as spokes; each självskattning is a
  polygon, the earlier ones faded behind the latest (the participant's own rating, solid),
  the handläggare's view of the latest one dashed, with square points.
* ``extent_chart`` – the arbetsträning's extent over time: the schema's planned steps
  (a dashed step line) and the extent actually worked at each follow-up (solid, dots).
* ``mi_chart`` – the motivational-interviewing rulers, importance and confidence 0-10,
  at each kartläggning.

Only the participant's own layers are ``Polygon``s (rings, axes and the handläggare's
view are lines), so a layer can be counted in the SVG. Text is drawn in the bundled font
(``common.FONT``), never a PDF base font; colours are those of the printouts; no
transparency (PDF/A). No Qt, no storage.

``progress_section`` is the printouts' "Utveckling" section (the Utvecklingsplan, the
slutdokumentation): each chart that has data under its own title, kept on one page.
"""
from __future__ import annotations

import math
from datetime import date

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..models.areas import AREAS
from ..models.progress import Progress
from . import common
from .common import ACCENT, HAIR, INK, MUTED, RULE, TINT

# Chart text is label text: at least the printouts' label size (9 pt, measured back from
# the PDFs by tests/test_text_sizes.py); ``progress_section`` enlarges a chart as a whole
# for large print and lättläst.
LABEL_PT = 9.5
SMALL_PT = common.LABEL_PT
OWN = ACCENT  # the participant's own rating
STAFF = INK  # the handläggare's view (dashed)
PLANNED = MUTED
DASH = [4, 2.5]
LEGEND_GAP = 8  # between the lowest area name and the radar's legend

# The paper's names; the two "Övrigt" say which group they belong to.
AREA_LABELS = {a.key: a.form_title for a in AREAS} | {"individ_ovrigt": "Övrigt (individ)",
                                                      "omgivning_ovrigt": "Övrigt (omgivning)"}


def _faded(color, share: float):
    """``color`` mixed with white: ``share`` 1 is the colour itself (no transparency: PDF/A)."""
    return colors.linearlyInterpolatedColor(colors.white, color, 0, 1, max(0.0, min(1.0, share)))


def _date(d: date) -> str:
    from babel.dates import format_date
    return format_date(d, "d MMM yyyy", locale="sv_SE")


def _month(d: date) -> str:
    from babel.dates import format_date
    return format_date(d, "MMM yyyy", locale="sv_SE")


def _string(x, y, text, size=LABEL_PT, bold=False, color=INK, anchor="start") -> String:
    return String(x, y, text, fontName=common.FONT_BOLD if bold else common.FONT, fontSize=size,
                  fillColor=color, textAnchor=anchor)


def _width(text: str, size=LABEL_PT, bold=False) -> float:
    return stringWidth(text, common.FONT_BOLD if bold else common.FONT, size)


def _wrap(text: str, width: float, size=LABEL_PT) -> list[str]:
    """At most two lines, broken at a space, '/' or ' - '."""
    if _width(text, size) <= width:
        return [text]
    for sep in ("/", " - ", " "):
        if sep in text:
            cut = [i for i in range(len(text)) if text.startswith(sep, i)]
            best = min(cut, key=lambda i: abs(_width(text[:i], size) - _width(text[i:], size)))
            keep = sep.rstrip() if sep != " " else ""
            return [text[:best] + keep, text[best + len(sep):].strip()]
    return [text]


# ---- radar ---------------------------------------------------------------------------------

def radar(progress: Progress, width: float = 480, height: float = 330, legend: bool = True) -> Drawing:
    """The radar of every rating layer in ``progress`` (oldest faded, latest on top)."""
    common.register_fonts()
    layers = [layer for layer in progress.layers if layer.has_own or layer.has_staff]
    legend_h = 16 * min(len(layers) + 1, 5) + LEGEND_GAP if legend and layers else 0
    d = Drawing(width, height + legend_h)
    n = len(AREAS)
    cx, cy = width / 2, legend_h + height / 2
    radius = min(width / 2 - 105, height / 2 - 30)

    def point(i: int, share: float) -> tuple[float, float]:
        angle = math.pi / 2 - 2 * math.pi * i / n  # from the top, clockwise
        return cx + radius * share * math.cos(angle), cy + radius * share * math.sin(angle)

    latest = layers[-1] if layers else None
    low, high = (latest.skala_min, latest.skala_max) if latest else (0, 10)
    step = _ring_step(high - low)
    values = list(range(low, high + 1, step))
    if values[-1] != high:
        values.append(high)
    for value in values[1:]:  # the rings (lines, not polygons)
        share = (value - low) / (high - low)
        pts = [c for i in range(n + 1) for c in point(i % n, share)]
        d.add(PolyLine(pts, strokeColor=HAIR if value != high else RULE, strokeWidth=0.5))
    for i, area in enumerate(AREAS):  # the spokes and their names
        x, y = point(i, 1)
        d.add(Line(cx, cy, x, y, strokeColor=HAIR, strokeWidth=0.5))
        lx, ly = point(i, 1.07)
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        lines = _wrap(AREA_LABELS[area.key], 95)
        top = ly + (LABEL_PT if ly > cy + 4 else (LABEL_PT * len(lines)) / 2 if abs(ly - cy) <= 4 else 0) - LABEL_PT
        if ly > cy + radius * 0.9:  # the top spoke: above the scale's highest number
            top = ly + SMALL_PT * 0.45 + (len(lines) - 1) * (LABEL_PT + 1)
        for j, text in enumerate(lines):
            d.add(_string(lx, top - j * (LABEL_PT + 1), text, anchor=anchor))

    def shares(ratings: dict, layer) -> list[tuple[int, float]]:
        span = layer.skala_max - layer.skala_min
        return [(i, (ratings[a.key] - layer.skala_min) / span) for i, a in enumerate(AREAS)
                if ratings.get(a.key) is not None]

    # The latest own rating is filled first, the earlier ones are drawn over its tint
    # (faded, thin), then the latest's outline and points on top of everything.
    own_layers = [layer for layer in layers if layer.has_own]
    order = own_layers[-1:] + own_layers[:-1]
    for layer in order:
        is_latest = layer is own_layers[-1]
        rated = shares(layer.egen, layer)
        pts = [c for i, s in rated for c in point(i, s)]
        age = len(own_layers) - 1 - own_layers.index(layer)  # 0 for the latest
        stroke = OWN if is_latest else _faded(OWN, _fade(age))
        if len(rated) >= 3:
            d.add(Polygon(pts, strokeColor=stroke, strokeWidth=2 if is_latest else 1.1,
                          fillColor=TINT if is_latest else None))
        elif len(rated) == 2:
            d.add(PolyLine(pts, strokeColor=stroke, strokeWidth=2 if is_latest else 1.1))
    if own_layers:
        latest = own_layers[-1]
        rated = shares(latest.egen, latest)
        if len(rated) >= 3:
            pts = [c for i, s in rated + rated[:1] for c in point(i, s)]
            d.add(PolyLine(pts, strokeColor=OWN, strokeWidth=2))
        for i, s in rated:
            x, y = point(i, s)
            d.add(Circle(x, y, 2.6, fillColor=OWN, strokeColor=colors.white, strokeWidth=0.6))
    staff = next((layer for layer in reversed(layers) if layer.has_staff), None)
    if staff is not None:
        rated = shares(staff.handlaggare, staff)
        pts = [c for i, s in rated for c in point(i, s)]
        if len(rated) >= 3:
            pts += pts[:2]  # closed, as a line
        if len(rated) >= 2:
            d.add(PolyLine(pts, strokeColor=STAFF, strokeWidth=1.2, strokeDashArray=DASH))
        for i, s in rated:
            x, y = point(i, s)
            d.add(Rect(x - 2.2, y - 2.2, 4.4, 4.4, fillColor=colors.white, strokeColor=STAFF, strokeWidth=0.9))
    for value in values:  # the scale along the first spoke, over the layers
        x, y = point(0, (value - low) / (high - low))
        d.add(_string(x + 3, y + 1.5, str(value), size=SMALL_PT, color=MUTED))
    if not layers:
        d.add(_string(cx, cy - 4, "Ingen självskattning ännu", size=LABEL_PT, color=MUTED, anchor="middle"))
    if legend and layers:
        _radar_legend(d, own_layers, staff, legend_h)
    return d


def _fade(age: int) -> float:
    """How much of the colour an earlier layer keeps: the one before the latest most."""
    return max(0.25, 0.62 - 0.14 * (age - 1))


def _ring_step(span: int) -> int:
    for step in (1, 2, 5, 10, 20, 25):
        if span / step <= 6:
            return step
    return max(1, span // 5)


def _radar_legend(d: Drawing, own_layers, staff, legend_h: float) -> None:
    rows = []
    if own_layers:
        latest = own_layers[-1]
        rows.append((OWN, 2, None, f"Egen skattning {_date(latest.datum)} (skala {latest.skala_min}–{latest.skala_max})",
                     True))
        earlier = own_layers[:-1]
        shown = earlier[-3:]
        for k, layer in enumerate(reversed(shown)):
            rows.append((_faded(OWN, _fade(k + 1)), 1.1, None, f"Tidigare: {_date(layer.datum)}", False))
        if len(earlier) > len(shown):
            rows[-1] = rows[-1][:3] + (rows[-1][3] + f" (och {len(earlier) - len(shown)} till)",) + rows[-1][4:]
    if staff is not None:
        rows.append((STAFF, 1.2, DASH, f"Handläggarens syn {_date(staff.datum)}", False))
    rows = rows[:5]
    x = 20
    y = legend_h - LEGEND_GAP - 11
    for color, w, dash, text, bold in rows:
        d.add(Line(x, y + 3, x + 22, y + 3, strokeColor=color, strokeWidth=w, strokeDashArray=dash))
        d.add(_string(x + 28, y, text, bold=bold))
        y -= 16


# ---- extent over time --------------------------------------------------------------------------

def _padded(first: date, last: date) -> tuple[date, date]:
    """A little room before the first and after the last point (none sits on an axis)."""
    pad = max(5, (last - first).days // 25)
    return date.fromordinal(first.toordinal() - pad), date.fromordinal(last.toordinal() + pad)


def _time_axis(first: date, last: date, x0: float, x1: float):
    span = max(1, (last - first).days)

    def x(d: date) -> float:
        return x0 + (x1 - x0) * (d - first).days / span
    return x


def _month_ticks(first: date, last: date, most: int = 7) -> list[date]:
    ticks = []
    y, m = first.year, first.month
    while date(y, m, 1) <= last:
        if date(y, m, 1) >= first:
            ticks.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    while len(ticks) > most:
        ticks = ticks[::2]
    return ticks


def _frame(d: Drawing, x0, y0, x1, y1, ticks_y: list[tuple[float, str]], first: date, last: date, x) -> None:
    for y, text in ticks_y:
        d.add(Line(x0, y, x1, y, strokeColor=HAIR, strokeWidth=0.5))
        d.add(_string(x0 - 4, y - 3, text, size=SMALL_PT, color=MUTED, anchor="end"))
    d.add(Line(x0, y0, x1, y0, strokeColor=RULE, strokeWidth=0.6))
    most = max(2, min(7, int((x1 - x0) // (_width("sep. 2026", SMALL_PT) + 16))))  # month names never touch
    for t in _month_ticks(first, last, most):
        d.add(Line(x(t), y0, x(t), y0 - 3, strokeColor=RULE, strokeWidth=0.6))
        d.add(_string(x(t), y0 - 12, _month(t), size=SMALL_PT, color=MUTED, anchor="middle"))


def _legend_start(x0: float, width: float, *texts: str) -> float:
    """Where a one-row legend of ``texts`` (a 28 pt key before each, 18 pt between) starts:
    under the plot's left edge, or further left when it would not fit the drawing."""
    total = sum(28 + _width(t) for t in texts) + 18 * (len(texts) - 1)
    return x0 if x0 + total <= width - 4 else max(4.0, width - 4 - total)


def extent_chart(progress: Progress, width: float = 480, height: float = 170,
                 today: date | None = None) -> Drawing | None:
    """Planned (the schema's steps) beside actual (each follow-up), percent of full time;
    None when there is neither."""
    if not progress.has_extent:
        return None
    common.register_fonts()
    d = Drawing(width, height)
    x0, x1, y0, y1 = 44, width - 30, 34, height - 14
    dates = [p.datum for p in progress.planned + progress.actual]
    first, last = min(dates), max(dates)
    if today is not None and progress.planned and today > last:
        last = today
    if last == first:
        last = date.fromordinal(first.toordinal() + 30)
    first, last = _padded(first, last)
    x = _time_axis(first, last, x0, x1)

    def y(pct: float) -> float:
        return y0 + (y1 - y0) * pct / 100
    _frame(d, x0, y0, x1, y1, [(y(v), f"{v} %") for v in (0, 25, 50, 75, 100)], first, last, x)
    if progress.planned:
        pts = []
        for i, p in enumerate(progress.planned):
            if pts:
                pts += [x(p.datum), pts[-1]]
            pts += [x(p.datum), y(p.procent)]
        pts += [x(last), pts[-1]]
        d.add(PolyLine(pts, strokeColor=PLANNED, strokeWidth=1.3, strokeDashArray=DASH))
    if progress.actual:
        pts = [c for p in progress.actual for c in (x(p.datum), y(p.procent))]
        if len(progress.actual) > 1:
            d.add(PolyLine(pts, strokeColor=OWN, strokeWidth=2))
        for p in progress.actual:
            d.add(Circle(x(p.datum), y(p.procent), 2.8, fillColor=OWN, strokeColor=colors.white, strokeWidth=0.6))
    lx = _legend_start(x0, width, "Planerat i arbetsträningsschemat", "Faktiskt vid uppföljning")
    ly = 6
    d.add(Line(lx, ly + 3, lx + 22, ly + 3, strokeColor=PLANNED, strokeWidth=1.3, strokeDashArray=DASH))
    d.add(_string(lx + 28, ly, "Planerat i arbetsträningsschemat"))
    lx += 28 + _width("Planerat i arbetsträningsschemat") + 18
    d.add(Line(lx, ly + 3, lx + 22, ly + 3, strokeColor=OWN, strokeWidth=2))
    d.add(Circle(lx + 11, ly + 3, 2.8, fillColor=OWN, strokeColor=colors.white, strokeWidth=0.6))
    d.add(_string(lx + 28, ly, "Faktiskt vid uppföljning"))
    return d


def mi_chart(progress: Progress, width: float = 480, height: float = 130) -> Drawing | None:
    """Importance and confidence (0-10) at each kartläggning; None when not rated."""
    points = [m for m in progress.mi if m.viktighet is not None or m.tilltro is not None]
    if not points:
        return None
    common.register_fonts()
    d = Drawing(width, height)
    x0, x1, y0, y1 = 44, width - 30, 34, height - 12
    first, last = points[0].datum, points[-1].datum
    if last == first:
        first = date.fromordinal(first.toordinal() - 15)
        last = date.fromordinal(last.toordinal() + 15)
    first, last = _padded(first, last)
    x = _time_axis(first, last, x0, x1)

    def y(v: float) -> float:
        return y0 + (y1 - y0) * v / 10
    _frame(d, x0, y0, x1, y1, [(y(v), str(v)) for v in (0, 5, 10)], first, last, x)
    for name, color, dash, mark in (("viktighet", OWN, None, "dot"), ("tilltro", STAFF, DASH, "square")):
        pts = [(x(m.datum), y(getattr(m, name))) for m in points if getattr(m, name) is not None]
        if len(pts) > 1:
            d.add(PolyLine([c for p in pts for c in p], strokeColor=color, strokeWidth=1.6, strokeDashArray=dash))
        for px, py in pts:
            if mark == "dot":
                d.add(Circle(px, py, 2.8, fillColor=color, strokeColor=colors.white, strokeWidth=0.6))
            else:
                d.add(Rect(px - 2.4, py - 2.4, 4.8, 4.8, fillColor=colors.white, strokeColor=color, strokeWidth=1))
    lx, ly = _legend_start(x0, width, "Hur viktigt (0–10)", "Tilltro till att klara det (0–10)"), 6
    d.add(Circle(lx + 11, ly + 3, 2.8, fillColor=OWN, strokeColor=colors.white, strokeWidth=0.6))
    d.add(_string(lx + 28, ly, "Hur viktigt (0–10)"))
    lx += 28 + _width("Hur viktigt (0–10)") + 18
    d.add(Rect(lx + 8.6, ly + 0.6, 4.8, 4.8, fillColor=colors.white, strokeColor=STAFF, strokeWidth=1))
    d.add(_string(lx + 28, ly, "Tilltro till att klara det (0–10)"))
    return d


# ---- screen --------------------------------------------------------------------------------------

def to_svg(drawing: Drawing) -> bytes:
    """The drawing as SVG (for the window's QSvgWidget): the same shapes as on paper, the
    bundled font named by its family so Qt finds it."""
    from reportlab.graphics import renderSVG
    from reportlab.pdfbase import pdfmetrics
    text = renderSVG.drawToString(drawing)
    for name in (common.FONT_BOLD, common.FONT):
        face = pdfmetrics.getFont(name).face
        family = face.familyName.decode("latin-1") if isinstance(face.familyName, bytes) else str(face.familyName)
        weight = "; font-weight: bold" if name == common.FONT_BOLD else ""
        text = text.replace(f"font-family: {name};", f"font-family: {family}{weight};")
    return text.encode("utf-8")


# ---- paper ---------------------------------------------------------------------------------------

SECTION = "Utveckling"
NO_RATINGS = "Ingen självskattning ännu."


def _scaled(drawing: Drawing, scale: float) -> Drawing:
    """``drawing`` enlarged by ``scale`` as a whole (it was drawn ``1/scale`` as wide)."""
    if scale != 1.0:
        drawing.renderScale = scale
    return drawing


def progress_section(progress: Progress | None, scale: float = 1.0, period: str = "") -> list:
    """The "Utveckling" section of a printout: the radar of the självskattningar (or a
    line saying there is none yet), the arbetsträning's extent and the MI rulers, each
    under its title and kept on one page (a chart never splits); a chart without data
    is left out, and with no data at all there is no section (``[]``). ``scale`` is the
    print's text scale (``common.scale_of``): the charts grow with the text, the width
    stays the page's; ``period`` says what time the charts cover ("fram till 3 mars
    2027"). Call after ``common.setup``."""
    if progress is None or progress.is_empty:
        return []
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from .common import CONTENT_W, S, T, heading, together
    width = CONTENT_W / scale
    when = f" {period}" if period else ""
    parts: list[list] = []
    if progress.has_ratings:
        shown = [layer for layer in progress.layers if layer.has_own or layer.has_staff]
        latest = shown[-1]
        what = f"Deltagarens egen skattning av de tolv områdena{when} (skala {latest.skala_min}–{latest.skala_max})"
        if len(shown) > 1:
            what += ", den senaste mörk och tidigare ljusare bakom"
        if any(layer.has_staff for layer in shown):
            what += "; handläggarens syn streckad"
        parts.append([T("Självskattning", S.h3), T(what + ".", S.small), Spacer(1, 2 * mm),
                      _scaled(radar(progress, width=width, height=330 * width / 480), scale)])
    else:
        parts.append([T("Självskattning", S.h3), T(NO_RATINGS, S.body)])
    extent = extent_chart(progress, width=width)
    if extent is not None:
        parts.append([T("Arbetsträningens omfattning", S.h3),
                      T(f"Procent av heltid{when}: planerat i arbetsträningsschemat och faktiskt"
                        " vid uppföljningarna.", S.small), Spacer(1, 2 * mm), _scaled(extent, scale)])
    mi = mi_chart(progress, width=width)
    if mi is not None:
        parts.append([T("Motivation", S.h3),
                      T("Hur viktigt det är för deltagaren och tilltron till att klara det (0–10) vid varje"
                        f" kartläggning{when}.", S.small), Spacer(1, 2 * mm), _scaled(mi, scale)])
    out = [together([heading(SECTION), *parts[0]])]
    out += [together(p) for p in parts[1:]]
    return out
