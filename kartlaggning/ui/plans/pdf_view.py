"""The pages of a ``PdfPages`` one under the other in a scroll area, with zoom.

Pages are rendered when they come into view (and again after a zoom), at the
screen's device pixel ratio, so a long kartläggning does not hold every page
as a large image. 100 % is the paper's real size on a 96 dpi screen.
"""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPalette, QPixmap, QShortcut
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from .pdf_pages import POINTS_PER_INCH, PdfPages

SCREEN_DPI = 96.0
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
PAGE_GAP = 12
MARGIN = 16


class PdfPageView(QScrollArea):
    """Shows every page; ``zoom`` is a factor of real size, or follows the
    width of the view while ``fit_width`` is on (the default)."""
    zoom_changed = Signal(float)

    def __init__(self, pages: PdfPages, parent: QWidget | None = None):
        super().__init__(parent)
        self.pages = pages
        self.fit_width = True
        self.zoom = 1.0
        self._rendered: dict[int, float] = {}  # page index -> zoom it was rendered at
        self.setWidgetResizable(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # fit to width stays put
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundRole(QPalette.ColorRole.Dark)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        canvas = QWidget(self)
        canvas.setBackgroundRole(QPalette.ColorRole.Dark)
        lay = QVBoxLayout(canvas)
        lay.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        lay.setSpacing(PAGE_GAP)
        lay.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.page_labels: list[QLabel] = []
        for index in range(pages.page_count()):
            label = QLabel(canvas)
            label.setObjectName(f"pdfPage{index + 1}")
            label.setAutoFillBackground(True)
            palette = label.palette()
            palette.setColor(QPalette.ColorRole.Window, Qt.GlobalColor.white)
            label.setPalette(palette)
            lay.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        self.setWidget(canvas)
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(30)
        self._render_timer.timeout.connect(self.render_visible)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(60)
        self._fit_timer.timeout.connect(self._apply_fit_width)
        self.verticalScrollBar().valueChanged.connect(self._schedule_render)
        self.horizontalScrollBar().valueChanged.connect(self._schedule_render)
        for keys, slot in ((QKeySequence.StandardKey.ZoomIn, self.zoom_in),
                           (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
                           ("Ctrl+0", self.set_fit_width)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._set_zoom(self._fit_zoom(), fit=True)

    # ---- zoom --------------------------------------------------------------------------------

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOM_STEPS if z > self.zoom + 1e-3), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < self.zoom - 1e-3), ZOOM_STEPS[0]))

    def set_zoom(self, zoom: float) -> None:
        """A fixed zoom (fit-width off)."""
        self._set_zoom(zoom, fit=False)

    def set_fit_width(self) -> None:
        self._set_zoom(self._fit_zoom(), fit=True)

    def _fit_zoom(self) -> float:
        if not self.page_labels:
            return 1.0
        widest = max(self.pages.page_size(i).width() for i in range(self.pages.page_count()))
        available = self.viewport().width() - 2 * MARGIN
        return available / (widest / POINTS_PER_INCH * SCREEN_DPI)

    def _set_zoom(self, zoom: float, fit: bool) -> None:
        zoom = min(max(zoom, ZOOM_STEPS[0]), ZOOM_STEPS[-1])
        self.fit_width = fit
        if abs(zoom - self.zoom) < 1e-4 and self._rendered:
            return
        bar = self.verticalScrollBar()
        canvas = self.widget()
        middle = (bar.value() + self.viewport().height() / 2) / max(1, canvas.height())
        self.zoom = zoom
        self._rendered.clear()
        for index, label in enumerate(self.page_labels):
            label.clear()
            label.setFixedSize(self.page_pixel_size(index))
        canvas.layout().activate()
        canvas.adjustSize()
        if bar.value() > 0:  # keep the same place in view (at the top stays at the top)
            bar.setValue(round(middle * canvas.height() - self.viewport().height() / 2))
        self._schedule_render()
        self.zoom_changed.emit(zoom)

    def page_pixel_size(self, index: int) -> QSize:
        """The page's size on screen (device-independent pixels) at the current zoom."""
        width, height = self.pages.pixel_size(index, SCREEN_DPI * self.zoom)
        return QSize(width, height)

    # ---- rendering ------------------------------------------------------------------------------

    def _schedule_render(self, *_args) -> None:
        self._render_timer.start()  # not connected directly: start(int) would take the value as interval

    def visible_pages(self) -> list[int]:
        """Indices of the pages in view, and a screenful either side."""
        view = self.viewport().rect()
        view.translate(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        view = view.adjusted(0, -view.height(), 0, view.height())
        return [i for i, label in enumerate(self.page_labels) if QRect(label.geometry()).intersects(view)]

    def render_visible(self) -> None:
        """Render the pages in view; forget those far out of view."""
        self.widget().layout().activate()
        ratio = self.devicePixelRatioF()
        visible = self.visible_pages()
        for index in [i for i in self._rendered if i not in visible]:
            self.page_labels[index].clear()
            del self._rendered[index]
        for index in visible:
            if self._rendered.get(index) == self.zoom:
                continue
            image = self.pages.render(index, SCREEN_DPI * self.zoom * ratio)
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            self.page_labels[index].setPixmap(pixmap)
            self._rendered[index] = self.zoom

    def rendered_pages(self) -> list[int]:
        return sorted(self._rendered)

    def clear(self) -> None:
        """Drop every rendered page (before the document is closed)."""
        self._render_timer.stop()
        self._fit_timer.stop()
        self._rendered.clear()
        for label in self.page_labels:
            label.clear()

    # ---- events -----------------------------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        self._apply_fit_width()  # the real width is known now; before the first render

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        if self.fit_width:
            self._fit_timer.start()
        else:
            self._schedule_render()

    def _apply_fit_width(self) -> None:
        if self.fit_width and self.pages.page_count():
            self._set_zoom(self._fit_zoom(), fit=True)

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt)
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta > 0:
                self.zoom_in()
            elif delta < 0:
                self.zoom_out()
            event.accept()
            return
        super().wheelEvent(event)
