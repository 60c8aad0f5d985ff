"""Visa för deltagaren: a large-print, read-only view of the grid and the
motivation cross, to turn the screen toward the participant. It shows this
participant's own name and data only; Esc closes it."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from ...i18n import _
from ...models.areas import INDIVID_AREAS, OMGIVNING_AREAS, Area
from ...models.kartlaggning import GridEntry, Kartlaggning
from .common import scaled_font
from .motivation_page import CROSS_POSITIONS, cross_labels

SCALE = 1.6


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br>")


def _entries(entries: list[GridEntry]) -> str:
    items = [e.text for e in entries if e.text.strip()]
    if not items:
        return ""
    return "<ul style='margin-left:0; -qt-list-indent:1'>" + "".join(f"<li>{_text(t)}</li>" for t in items) + "</ul>"


def grid_html(k: Kartlaggning, title: str, areas: tuple[Area, ...]) -> str:
    rows = [f"<tr><th width='33%'>{escape(_('Obstacles'))}</th><th width='34%'>{escape(_('Area'))}</th>"
            f"<th width='33%'>{escape(_('Resources'))}</th></tr>"]
    for area in areas:
        rec = k.area(area.key)
        middle = f"<b>{escape(_(area.title))}</b>"
        if rec.fakta.strip():
            middle += f"<br>{_text(rec.fakta)}"
        rows.append(f"<tr><td>{_entries(rec.hinder)}</td><td>{middle}</td><td>{_entries(rec.resurser)}</td></tr>")
    return (f"<h2>{escape(title)}</h2><table width='100%' border='1' cellspacing='0' cellpadding='10'"
            f" style='border-collapse:collapse'>{''.join(rows)}</table>")


def cross_html(k: Kartlaggning, title: str) -> str:
    m = k.motivation
    labels = {name: label.replace("&", "") for name, label in cross_labels().items()}
    cells = {pos: name for name, pos in CROSS_POSITIONS.items()}
    rows = []
    for r in (0, 1):
        tds = []
        for c in (0, 1):
            name = cells[(r, c)]
            tds.append(f"<td width='50%'><b>{escape(labels[name])}</b><br>{_text(getattr(m, name))}</td>")
        rows.append(f"<tr>{''.join(tds)}</tr>")
    goal = _("What is your &goal?").replace("&", "")
    html = f"<h2>{escape(title)}</h2><p><b>{escape(goal)}</b><br>{_text(m.mal)}</p>"
    html += (f"<table width='100%' border='1' cellspacing='0' cellpadding='10' style='border-collapse:collapse'>"
             f"{''.join(rows)}</table>")
    if m.egna_ord.strip():
        own = _("In the participant's &own words: why change?").replace("&", "")
        html += f"<p><b>{escape(own)}</b><br>{_text(m.egna_ord)}</p>"
    return html


class ParticipantView(QWidget):
    """Full screen, large print, read only. Built from a snapshot of the kartläggning."""
    closed = Signal()

    def __init__(self, name: str, k: Kartlaggning, titles: dict[str, str], parent: QWidget | None = None):
        super().__init__(parent, Qt.Window)
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.setObjectName("participantView")
        self.setWindowTitle(_("Kartläggning"))
        self.setFont(scaled_font(self, SCALE))
        self.name_label = QLabel(name, self)
        self.name_label.setTextFormat(Qt.PlainText)
        self.name_label.setFont(scaled_font(self, 1.3, bold=True))
        self.close_button = QPushButton(_("Close (Esc)"), self)
        self.close_button.clicked.connect(self.close)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("participantViewText")
        self.browser.setAccessibleName(_("Kartläggning, read only"))
        self.browser.setOpenLinks(False)
        self.browser.setTextInteractionFlags(Qt.NoTextInteraction)  # nothing to select or copy
        self.browser.setFocusPolicy(Qt.StrongFocus)
        self.browser.document().setDefaultFont(self.font())
        self.browser.setHtml(grid_html(k, titles["individ"], INDIVID_AREAS)
                             + grid_html(k, titles["omgivning"], OMGIVNING_AREAS)
                             + cross_html(k, titles["motivation"]))
        top = QHBoxLayout()
        top.addWidget(self.name_label, 1)
        top.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        shortcut = QShortcut(QKeySequence(Qt.Key_Escape), self)
        shortcut.setContext(Qt.WindowShortcut)
        shortcut.activated.connect(self.close)

    def show_full(self) -> None:
        """Full screen on the screen the wizard is on (the geometry too, for window managers that need it)."""
        owner = self.parentWidget()
        screen = owner.window().screen() if owner is not None else QApplication.primaryScreen()
        self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.activateWindow()
        self.browser.setFocus(Qt.OtherFocusReason)

    def keyPressEvent(self, event):
        if event.key() == Qt.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event):
        self.closed.emit()
        super().closeEvent(event)
