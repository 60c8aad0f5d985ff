"""Render the printouts with fictional content to docs/printouts/*.pdf and
small PNGs (pdftoppm -r 60) for the README.

    .venv/bin/python docs/printouts/render.py            # all of them
    .venv/bin/python docs/printouts/render.py medgivande  # only those named
"""
from __future__ import annotations

import dataclasses
import io
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from kartlaggning.models.participant import DEFAULT_MEDGIVANDE  # noqa: E402
from kartlaggning.printouts import lattlast  # noqa: E402
from kartlaggning.printouts.meta import EASY_READ, LARGE  # noqa: E402
from kartlaggning.printouts import (kartlaggning_pdf, kompetenskort_pdf, medgivande_pdf, plan_pdf,  # noqa: E402
                                    referral_pdf, utvecklingsplan_pdf)
from kartlaggning.printouts.samples import (HANDLAGGARE, sample_consent, sample_header, sample_info,  # noqa: E402
                                            sample_kartlaggning, sample_kompetenskort, sample_participant,
                                            sample_plan, sample_referral, sample_utvecklingsplan)


def demo_logo() -> bytes:
    """A made-up municipal mark (a shield with a wave), drawn with Pillow."""
    from PIL import Image, ImageDraw
    size = 240
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.polygon([(20, 10), (220, 10), (220, 120), (120, 230), (20, 120)], fill=(31, 58, 95, 255))
    d.polygon([(40, 30), (200, 30), (200, 115), (120, 205), (40, 115)], fill=(255, 255, 255, 255))
    for i, y in enumerate((80, 115)):
        d.arc([50, y - 25, 120, y + 25], 200, 340, fill=(31, 58, 95, 255), width=12)
        d.arc([120, y - 25, 190, y + 25], 200, 340, fill=(31, 58, 95, 255), width=12)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def sample_progress():
    """What the Utvecklingsplan's "Utveckling" section draws for the sample participant:
    three självskattningar (the handläggare's view at the latest), the arbetsträning's
    planned steps and each follow-up's extent, the MI rulers of two kartläggningar."""
    from datetime import date

    from kartlaggning.models.areas import AREA_KEYS
    from kartlaggning.models.progress import ExtentPoint, MiPoint, Progress, RatingLayer
    start = (3, 2, 4, 5, 2, 3, 6, 1, 4, 5, 3, 2)
    change = (1, 2, 1, 2, 3, 1, 1, 2, 2, 1, 1, 2)

    def own(step: int) -> dict:
        return {key: min(10, s + c * step) for key, s, c in zip(AREA_KEYS, start, change)}
    layers = [RatingLayer(date(2026, 6, 9), 0, 10, own(0)), RatingLayer(date(2026, 9, 8), 0, 10, own(1)),
              RatingLayer(date(2026, 12, 8), 0, 10, own(2),
                          {key: max(0, v - (i % 3) + 1) for i, (key, v) in enumerate(own(2).items())})]
    planned = [ExtentPoint(date(2026, 8, 17), 25), ExtentPoint(date(2026, 10, 1), 50),
               ExtentPoint(date(2026, 12, 1), 75)]
    actual = [ExtentPoint(date(2026, 9, 8), 25), ExtentPoint(date(2026, 10, 13), 40),
              ExtentPoint(date(2026, 11, 10), 50), ExtentPoint(date(2026, 12, 8), 60)]
    mi = [MiPoint(date(2026, 6, 2), 7, 3), MiPoint(date(2026, 11, 24), 9, 6)]
    return Progress(layers, planned, actual, mi)


def main(names: list[str]) -> None:
    header = sample_header(demo_logo())
    info = sample_info()
    easy = dataclasses.replace(info, variant=EASY_READ)
    person = sample_participant()
    makers = {
        "plan": lambda: plan_pdf(sample_plan(), header, info),
        "utvecklingsplan": lambda: utvecklingsplan_pdf(sample_utvecklingsplan(), person, header, info),
        "utvecklingsplan-utveckling": lambda: utvecklingsplan_pdf(sample_utvecklingsplan(), person, header, info,
                                                                  progress=sample_progress()),
        "kartlaggning": lambda: kartlaggning_pdf(sample_kartlaggning(), person, header, info, HANDLAGGARE),
        "kompetenskort": lambda: kompetenskort_pdf(sample_kompetenskort(), header, info),
        "referral": lambda: referral_pdf(sample_referral(), person, header, info),
        "medgivande": lambda: medgivande_pdf(sample_consent(), person, header, info, DEFAULT_MEDGIVANDE, HANDLAGGARE),
        "plan-lattlast": lambda: lattlast.plan_pdf(sample_plan(), header, easy),
        "utvecklingsplan-lattlast": lambda: lattlast.utvecklingsplan_pdf(sample_utvecklingsplan(), person, header,
                                                                         easy, progress=sample_progress()),
        "sammanstallning-lattlast": lambda: lattlast.sammanstallning_pdf(sample_kartlaggning(), person, header, easy),
        "plan-stor": lambda: plan_pdf(sample_plan(), header, dataclasses.replace(info, variant=LARGE)),
        "plan-skrift": lambda: plan_pdf(dataclasses.replace(
            sample_plan(), namn="مريم الحسن",
            mal="Arbete som barnskötare. Mina namn: مريم الحسن, ሰላም ገብረ, Đặng Thị Hương, Łukasz Wróbel.\n"
                "أريد أن أعمل مع الأطفال في روضة قريبة من بيتي، وأن أتعلم اللغة السويدية بشكل أفضل "
                "حتى أستطيع التحدث مع الأهل والزملاء كل يوم."),
            header, info),
        "medgivande-aterkallat": lambda: medgivande_pdf(sample_consent(withdrawn=True), person, header, info,
                                                        DEFAULT_MEDGIVANDE, HANDLAGGARE),
    }
    unknown = sorted(set(names) - set(makers))
    if unknown:
        raise SystemExit(f"unknown printout(s): {', '.join(unknown)}; known: {', '.join(makers)}")
    docs = {name: make() for name, make in makers.items() if not names or name in names}
    for name in docs:
        for old in HERE.glob(f"{name}-*.png"):
            if old.stem[len(name) + 1:].isdigit():  # its pages only ("medgivande-1", not "medgivande-aterkallat-1")
                old.unlink()
    for name, data in docs.items():
        pdf = HERE / f"{name}.pdf"
        pdf.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(HERE / name)], check=True)
        print(f"{pdf.name}: {len(data):,} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
