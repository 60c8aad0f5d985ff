"""A PDF opened from bytes in memory (pdfium via pypdfium2) and its pages as
QImages, for the print preview and for drawing onto a QPrinter.

Nothing is written to disk: pdfium reads the caller's buffer, each page is
rendered into a raw pixel buffer that is copied into a QImage, and ``close()``
releases the document and blanks our copy of the PDF bytes.

pdfium is not thread-safe, not even for separate documents: every call into it
goes through ``PDFIUM_LOCK``, and a ``PdfPages`` nobody closed closes itself when it
is collected (the collector may run in any thread) instead of leaving that to
pypdfium2's own finalizers, which take no lock.
"""
from __future__ import annotations

import ctypes
import threading

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QImage

POINTS_PER_INCH = 72.0
PDFIUM_LOCK = threading.RLock()


def _qimage_formats() -> dict:
    """(pdfium bitmap format, reversed byte order) -> QImage format."""
    import pypdfium2.raw as pdfium_c
    f = QImage.Format
    return {(pdfium_c.FPDFBitmap_BGRx, True): f.Format_RGBX8888,
            (pdfium_c.FPDFBitmap_BGRA, True): f.Format_RGBA8888,
            (pdfium_c.FPDFBitmap_BGR, True): f.Format_RGB888,
            (pdfium_c.FPDFBitmap_BGR, False): f.Format_BGR888,
            (pdfium_c.FPDFBitmap_Gray, False): f.Format_Grayscale8,
            (pdfium_c.FPDFBitmap_Gray, True): f.Format_Grayscale8}


def bitmap_to_qimage(bitmap) -> QImage:
    """A deep copy of a ``pypdfium2.PdfBitmap`` as a QImage (the bitmap may be
    closed afterwards)."""
    fmt = _qimage_formats().get((bitmap.format, bool(bitmap.rev_byteorder)))
    if fmt is None:
        raise ValueError(f"unsupported pdfium bitmap format {bitmap.format}")
    view = memoryview(bitmap.buffer).cast("B")
    image = QImage(view, bitmap.width, bitmap.height, bitmap.stride, fmt)
    return image.copy()  # owns its pixels; ``view`` can go


class PdfPages:
    """The pages of a PDF held in memory. ``page_count()`` is 0 once closed."""

    def __init__(self, pdf: bytes):
        import pypdfium2
        self._document = None
        self._data = bytearray(pdf)
        # pdfium reads this ctypes view of our bytearray, so close() can blank it
        self._raw = (ctypes.c_ubyte * len(self._data)).from_buffer(self._data)
        self._sizes: list[QSizeF] = []
        with PDFIUM_LOCK:
            self._document = pypdfium2.PdfDocument(self._raw)
            for index in range(len(self._document)):
                page = self._document[index]
                try:
                    width, height = page.get_size()
                finally:
                    page.close()
                self._sizes.append(QSizeF(width, height))

    def data(self) -> bytes:
        """The PDF bytes (empty once closed)."""
        return bytes(self._data) if self._document is not None else b""

    def page_count(self) -> int:
        return len(self._sizes)

    def page_size(self, index: int) -> QSizeF:
        """The page's size in points (1/72 inch)."""
        return QSizeF(self._sizes[index])

    def pixel_size(self, index: int, dpi: float) -> tuple[int, int]:
        size = self._sizes[index]
        return (max(1, round(size.width() * dpi / POINTS_PER_INCH)),
                max(1, round(size.height() * dpi / POINTS_PER_INCH)))

    def render(self, index: int, dpi: float) -> QImage:
        """Page ``index`` (0-based) at ``dpi`` on white, as an opaque QImage."""
        with PDFIUM_LOCK:
            if self._document is None:
                raise ValueError("closed")
            page = self._document[index]
            try:
                bitmap = page.render(scale=dpi / POINTS_PER_INCH, prefer_bgrx=True, rev_byteorder=True)
                try:
                    return bitmap_to_qimage(bitmap)
                finally:
                    bitmap.close()
            finally:
                page.close()

    def close(self) -> None:
        """Release the document and overwrite our copy of the PDF bytes."""
        with PDFIUM_LOCK:
            if self._document is None:
                return
            self._document.close()
            self._document = None
        self._sizes = []
        self._raw = None  # the ctypes view pins the bytearray's buffer
        self._data[:] = bytes(len(self._data))

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001 (at interpreter exit pdfium may be gone already)
            pass
