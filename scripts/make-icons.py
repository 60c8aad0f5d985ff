#!/usr/bin/env python3
"""Render the application icon from its SVG into PNGs and a multi-size Windows ICO.

    .venv/bin/python scripts/make-icons.py [--out DIR]

A development tool: it needs Qt (QSvgRenderer, in PySide6-Essentials) and Pillow
(for the ICO), neither of which the running app uses for this. The outputs are
committed under kartlaggning/resources/icons/.
"""
from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ICONS = Path(__file__).resolve().parent.parent / "kartlaggning" / "resources" / "icons"
SVG = ICONS / "kartlaggning.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(renderer, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render the icon SVG to PNGs and an ICO.")
    parser.add_argument("--out", type=Path, default=ICONS, help="folder for the files (default: %(default)s)")
    out = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtSvg import QSvgRenderer
    from PIL import Image

    app = QGuiApplication.instance() or QGuiApplication(sys.argv)  # noqa: F841 (QImage needs it)
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"cannot read {SVG}", file=sys.stderr)
        return 1
    images = {}
    for size in PNG_SIZES:
        png = render_png(renderer, size)
        (out / f"kartlaggning-{size}.png").write_bytes(png)
        images[size] = Image.open(io.BytesIO(png)).convert("RGBA")
    # Each ICO entry from its own rendering (not downscaled by Pillow): sharper at 16 px.
    largest = images[max(ICO_SIZES)]
    others = [images[s] for s in ICO_SIZES if s != max(ICO_SIZES)]
    largest.save(out / "kartlaggning.ico", format="ICO",
                 sizes=[(s, s) for s in ICO_SIZES], append_images=others)
    print(f"wrote {len(PNG_SIZES)} PNGs and kartlaggning.ico to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
