"""The progress charts (printouts/charts.py): the same Drawing for paper and screen."""
from __future__ import annotations

import re
from datetime import date

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Polygon, PolyLine, String

from kartlaggning.models.areas import AREA_KEYS
from kartlaggning.models.progress import ExtentPoint, MiPoint, Progress, RatingLayer
from kartlaggning.printouts import charts, common


def layers(n: int, staff: bool = False) -> list[RatingLayer]:
    out = []
    for k in range(n):
        own = {key: min(10, 2 + k * 2 + i % 3) for i, key in enumerate(AREA_KEYS)}
        out.append(RatingLayer(date(2026, 10 + k, 1) if k < 3 else date(2027, k - 2, 1), 0, 10, own,
                               {key: 5 for key in AREA_KEYS} if staff and k == n - 1 else {}))
    return out


def shapes(drawing, cls):
    return [s for s in drawing.getContents() if type(s) is cls]


def test_the_radar_has_one_polygon_per_own_rating_the_latest_filled_the_earlier_faded():
    d = charts.radar(Progress(layers(3)))
    polygons = shapes(d, Polygon)
    assert len(polygons) == 3
    latest, *earlier = polygons  # the latest is filled first, the earlier drawn over its tint
    assert latest.fillColor == common.TINT and latest.strokeColor == common.ACCENT
    assert all(p.fillColor is None and p.strokeColor != common.ACCENT for p in earlier)
    # the older of the two earlier is the fainter (closer to white)
    older, newer = earlier
    assert sum(older.strokeColor.rgb()) > sum(newer.strokeColor.rgb())
    # the twelve spokes are named with the paper's names, the two "Övrigt" apart
    texts = {s.text for s in shapes(d, String)}
    assert {"Kroppsfunktioner", "Övrigt (individ)", "Övrigt (omgivning)", "Substansintag"} <= texts
    assert any(t.startswith("Egen skattning") for t in texts) and sum(t.startswith("Tidigare") for t in texts) == 2


def test_the_handlaggares_view_is_dashed_and_not_a_polygon():
    d = charts.radar(Progress(layers(2, staff=True)))
    assert len(shapes(d, Polygon)) == 2
    dashed = [s for s in shapes(d, PolyLine) if s.strokeDashArray]
    assert len(dashed) == 1 and len(dashed[0].points) == 2 * 13  # closed: twelve points and the first again
    assert any(s.text.startswith("Handläggarens syn") for s in shapes(d, String))


def test_a_value_on_a_scale_of_1_to_5_lands_where_the_same_share_of_0_to_10_does():
    top = AREA_KEYS[0]
    a = charts.radar(Progress([RatingLayer(date(2027, 1, 1), 1, 5, {k: 3 for k in AREA_KEYS})]))
    b = charts.radar(Progress([RatingLayer(date(2027, 1, 1), 0, 10, {k: 5 for k in AREA_KEYS})]))
    assert shapes(a, Polygon)[0].points == shapes(b, Polygon)[0].points
    assert top == "kroppsfunktioner"


def test_the_svg_and_the_pdf_use_the_bundled_font_never_helvetica():
    p = Progress(layers(3, staff=True), [ExtentPoint(date(2026, 11, 1), 25), ExtentPoint(date(2027, 1, 1), 50)],
                 [ExtentPoint(date(2026, 12, 1), 25), ExtentPoint(date(2027, 1, 5), 40)],
                 [MiPoint(date(2026, 10, 1), 7, 4), MiPoint(date(2027, 1, 2), 8, 6)])
    for d in (charts.radar(p), charts.extent_chart(p), charts.mi_chart(p)):
        svg = charts.to_svg(d).decode()
        families = set(re.findall(r"font-family: ([^;]+);", svg))
        assert families == {"DejaVu Sans"}, families
        assert {s.fontName for s in shapes(d, String)} <= {common.FONT, common.FONT_BOLD}
        assert b"DejaVu" in renderPDF.drawToString(d)  # embedded (a bare canvas adds its own Helvetica
        # default, which the printouts' page builder replaces: see test_progress_printouts)
    svg = charts.to_svg(charts.radar(p)).decode()
    assert svg.count("<polygon") == 3


def test_the_extent_chart_plans_in_steps_and_draws_each_follow_up():
    p = Progress(planned=[ExtentPoint(date(2026, 11, 1), 25), ExtentPoint(date(2026, 12, 1), 50)],
                 actual=[ExtentPoint(date(2026, 12, 1), 25), ExtentPoint(date(2027, 1, 1), 40)])
    d = charts.extent_chart(p)
    planned = [s for s in shapes(d, PolyLine) if s.strokeDashArray]
    assert len(planned) == 1
    ys = planned[0].points[1::2]
    assert len(set(ys)) == 2  # two levels, joined by a vertical step
    texts = {s.text for s in shapes(d, String)}
    assert {"0 %", "50 %", "100 %", "Planerat i arbetsträningsschemat", "Faktiskt vid uppföljning"} <= texts
    assert charts.extent_chart(Progress()) is None and charts.mi_chart(Progress()) is None
