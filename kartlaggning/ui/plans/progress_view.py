"""The participant's progress (distance travelled), on screen: the radar of the
självskattningar (earlier ones faded behind the latest, the handläggare's view dashed),
the arbetsträning's extent against its schema, the MI rulers over the kartläggningar and
the timeline of samtal, follow-ups and steps; and the hinder of the latest kartläggning,
each of which can be marked resolved (when and how; its text and history stay) or
standing again.

The charts are the printouts' own drawings (``printouts.charts``) shown as SVG, so the
screen and the paper show the same thing. Built from what is stored whenever the view
is shown (what is typed elsewhere is saved first): a participant's whole record takes
some 15 ms (the first time in a process ~100 ms, the charts' font), so it runs on the UI
thread.
"""
from __future__ import annotations

import re
from datetime import date

import shiboken6
from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtWidgets import (QAbstractItemView, QFormLayout, QHBoxLayout, QHeaderView, QLineEdit,
                               QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from ...i18n import _, ngettext
from ...models.areas import AREAS_BY_KEY
from ...models.errors import ValidationError
from ...models.fields import MAX_SHORT
from ...models.progress import EVENT_LABELS, HINDER_LOST, Progress
from ...services import progress as progress_service
from .. import read_only
from ..widgets import OptionalDateEdit, PlainLabel, add_field
from .base import DocumentEditor, page
from .widgets import read_date, section_title

ID_ROLE = Qt.ItemDataRole.UserRole
_fonts_in_qt = False


def _register_chart_fonts() -> None:
    """The charts name the bundled font by its family: Qt must know it (it is not
    installed on every machine)."""
    global _fonts_in_qt
    if _fonts_in_qt:
        return
    from PySide6.QtGui import QFontDatabase

    from ... import resources
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        QFontDatabase.addApplicationFontFromData(QByteArray(resources.read_bytes(f"fonts/{name}")))
    _fonts_in_qt = True


_CLIP = re.compile(rb'<clipPath id="clip">\s*<rect (?P<rect>[^>]*)/>\s*</clipPath>')


def for_qt(svg: bytes) -> bytes:
    """reportlab's SVG as Qt's SVG reader (SVG Tiny) draws it like the paper: the page is
    white (the charts' faded colours are mixed with white; a dark window theme would
    swallow them), the clip path it cannot read is no black page, and "fill: None" is
    "none" (Qt takes the capital for black)."""
    svg = _CLIP.sub(rb'<rect \g<rect> style="fill: rgb(100%,100%,100%); stroke: none;"/>', svg, count=1)
    return svg.replace(b"clip-path: url(#clip)", b"").replace(b"fill: None;", b"fill: none;")


class Chart(QWidget):
    """One chart: an SVG at the drawing's size (points at the screen's resolution), or a
    sentence saying why there is none."""

    def __init__(self, empty_text: str, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        from PySide6.QtSvgWidgets import QSvgWidget
        self.svg = QSvgWidget()
        self.svg.setAccessibleName(accessible_name)
        self.svg.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self.empty = PlainLabel(empty_text)
        self.empty.setWordWrap(True)
        self.data = b""  # the SVG shown ("" when none)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.svg, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.empty)

    def show_drawing(self, drawing) -> None:
        if drawing is None:
            self.data = b""
            self.svg.load(QByteArray())
            self.svg.hide()
            self.empty.show()
            return
        from ...printouts.charts import to_svg
        self.data = for_qt(to_svg(drawing))
        self.svg.load(QByteArray(self.data))
        scale = max(1.0, self.logicalDpiX() / 72)
        self.svg.setFixedSize(QSize(round(drawing.width * scale), round(drawing.height * scale)))
        self.empty.hide()
        self.svg.show()


class ProgressView(QWidget):
    """The "Progress" sub-tab of the Plans tab."""

    def __init__(self, repo, participant_id: str, autosaver, parent: QWidget | None = None, today=None):
        super().__init__(parent)
        self.repo = repo
        self.participant_id = participant_id
        self.autosaver = autosaver
        self._today = today or date.today  # a callable (tests fix the day)
        self.read_only = False
        self.progress: Progress | None = None  # what the view shows, as last built

        self.intro = PlainLabel(_("How far the participant has come: their own ratings of the areas, the "
                                  "arbetsträning against its plan, the motivation rulers and the steps taken."))
        self.intro.setWordWrap(True)
        self.radar = Chart(_("No self-rating yet. The participant's own ratings (Self-ratings tab) are drawn "
                             "here, the earlier ones faded behind the latest."), _("Self-ratings as a radar chart"))
        self.radar_note = PlainLabel()
        self.radar_note.setWordWrap(True)
        self.extent = Chart(_("No arbetsträning with a schema or follow-up yet."),
                            _("The arbetsträning's extent over time"))
        self.mi = Chart(_("The motivation rulers (importance, confidence) have not been rated in a kartläggning "
                          "yet."), _("The motivation rulers over time"))
        charts = page(section_title(_("Self-ratings")), self.radar_note, self.radar,
                      section_title(_("Arbetsträning: extent over time")), self.extent,
                      section_title(_("Motivation rulers")), self.mi)

        self.timeline = QTreeWidget()
        self.timeline.setAccessibleName(_("Timeline"))
        self.timeline.setHeaderLabels([_("Date"), _("What"), _("About")])
        self.timeline.setRootIsDecorated(False)
        self.timeline.setUniformRowHeights(True)
        self.timeline.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.timeline.setMinimumHeight(220)
        self.timeline.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.timeline.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.timeline_empty = PlainLabel(_("Nothing has happened yet: samtal, follow-ups, self-ratings and steps "
                                           "are listed here by date."))
        self.timeline_empty.setWordWrap(True)

        self.hinder = QTreeWidget()
        self.hinder.setAccessibleName(_("Hinder of the latest kartläggning"))
        self.hinder.setHeaderLabels([_("Area"), _("Hinder"), _("State")])
        self.hinder.setRootIsDecorated(False)
        self.hinder.setMinimumHeight(150)
        header = self.hinder.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.hinder.currentItemChanged.connect(lambda *_a: self._show_chosen())
        self.hinder_empty = PlainLabel(_("The latest kartläggning has no hinder."))
        self.hinder_empty.setWordWrap(True)
        form_box = QWidget()
        form = QFormLayout(form_box)
        form.setContentsMargins(0, 0, 0, 0)
        self.lost_datum = OptionalDateEdit()
        self.lost_datum_row = add_field(form, _("Resolved on"), self.lost_datum)
        self.lost_orsak = QLineEdit()
        self.lost_orsak.setMaxLength(MAX_SHORT)
        self.lost_orsak.setPlaceholderText(_("e.g. got glasses, moved closer to the workplace"))
        self.lost_orsak_row = add_field(form, _("How it was resolved"), self.lost_orsak)
        self.resolve_button = QPushButton(_("Mark as resolved"))
        self.resolve_button.clicked.connect(lambda: self.resolve())
        self.reopen_button = QPushButton(_("It stands again"))
        self.reopen_button.setToolTip(_("Resolved by mistake: the hinder stands again (its date and reason go)"))
        self.reopen_button.clicked.connect(lambda: self.reopen())
        buttons = QWidget()
        bl = QHBoxLayout(buttons)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.resolve_button)
        bl.addWidget(self.reopen_button)
        bl.addStretch(1)
        form.addRow("", buttons)
        self.hinder_form = form_box
        side = page(section_title(_("Timeline")), self.timeline_empty, self.timeline,
                    section_title(_("Hinder")), self.hinder_empty, self.hinder, self.hinder_form)

        body = QWidget()
        row = QHBoxLayout(body)
        row.addWidget(charts, 0)
        row.addWidget(side, 1)
        inner = page(self.intro, body)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(DocumentEditor.scrolling(inner))
        read_only.keep(self.timeline, self.hinder)  # (after avslut) reading and choosing stay

    # ---- building --------------------------------------------------------------------------

    def refresh(self) -> Progress | None:
        """Everything from what is stored (what is typed elsewhere is saved first)."""
        if not shiboken6.isValid(self) or not self.repo.vault.is_open:
            return None
        self.autosaver.flush()  # (what cannot be saved shows its own error where it was typed)
        from ...printouts import charts
        _register_chart_fonts()
        p = progress_service.progress(self.repo, self.participant_id)
        self.progress = p
        self.radar.show_drawing(charts.radar(p) if p.has_ratings else None)
        rated = [layer for layer in p.layers if layer.has_own or layer.has_staff]
        if rated:
            self.radar_note.setText(ngettext(
                "One self-rating, of {first}; the handläggare's view is dashed.",
                "{count} self-ratings, from {first} to {last}; the earlier ones are faded, the handläggare's view "
                "is dashed.", len(rated)).format(
                                          count=len(rated), first=rated[0].datum.isoformat(),
                                          last=rated[-1].datum.isoformat()))
        self.radar_note.setVisible(bool(rated))
        self.extent.show_drawing(charts.extent_chart(p, today=self._today()))
        self.mi.show_drawing(charts.mi_chart(p))
        self._fill_timeline(p)
        self._fill_hinder()
        return p

    def _fill_timeline(self, p: Progress) -> None:
        self.timeline.clear()
        for e in reversed(p.events):  # the latest first
            label = EVENT_LABELS.get(e.kind)
            item = QTreeWidgetItem([e.datum.isoformat(), _(label) if label else e.kind, e.detail])
            item.setData(0, ID_ROLE, e.kind)
            if e.kind == HINDER_LOST:
                font = item.font(1)
                font.setBold(True)
                item.setFont(1, font)
            self.timeline.addTopLevelItem(item)
        self.timeline.setVisible(bool(p.events))
        self.timeline_empty.setVisible(not p.events)

    def timeline_rows(self) -> list[tuple[str, str, str]]:
        """(date, what, about) of each row shown, the latest first."""
        return [tuple(self.timeline.topLevelItem(i).text(c) for c in range(3))
                for i in range(self.timeline.topLevelItemCount())]

    def _fill_hinder(self, select_id: str | None = None) -> None:
        current = self.hinder.currentItem()
        select_id = select_id or (current.data(0, ID_ROLE) if current is not None else None)
        self._entries = {e.id: (key, e) for key, e in progress_service.hinder(self.repo, self.participant_id)}
        self.hinder.blockSignals(True)
        self.hinder.clear()
        chosen = None
        for entry_id, (key, e) in self._entries.items():
            area = AREAS_BY_KEY.get(key)
            item = QTreeWidgetItem([_(area.title) if area else key, e.text.strip(), self._state_text(e)])
            item.setData(0, ID_ROLE, entry_id)
            item.setToolTip(1, e.text)
            self.hinder.addTopLevelItem(item)
            if entry_id == select_id:
                chosen = item
        if chosen is None and self.hinder.topLevelItemCount():
            chosen = self.hinder.topLevelItem(0)
        self.hinder.setCurrentItem(chosen)
        self.hinder.blockSignals(False)
        has = bool(self._entries)
        self.hinder.setVisible(has)
        self.hinder_form.setVisible(has)
        self.hinder_empty.setVisible(not has)
        self._show_chosen()

    @staticmethod
    def _state_text(e) -> str:
        if e.lost_datum is None:
            return _("Stands")
        if e.lost_orsak.strip():
            return _("Resolved on {date}: {reason}").format(date=e.lost_datum.isoformat(), reason=e.lost_orsak.strip())
        return _("Resolved on {date}").format(date=e.lost_datum.isoformat())

    def chosen(self):
        """The GridEntry of the hinder chosen in the list (None when there is none)."""
        item = self.hinder.currentItem()
        if item is None:
            return None
        return self._entries.get(item.data(0, ID_ROLE), (None, None))[1]

    def choose(self, entry_id: str) -> None:
        for i in range(self.hinder.topLevelItemCount()):
            if self.hinder.topLevelItem(i).data(0, ID_ROLE) == entry_id:
                self.hinder.setCurrentItem(self.hinder.topLevelItem(i))
                return

    def _show_chosen(self) -> None:
        """The form shows the chosen hinder: its resolution when it has one, else today
        and an empty reason (what was typed for it stays until another is chosen)."""
        e = self.chosen()
        self.lost_datum_row.set_error(None)
        self.lost_orsak_row.set_error(None)
        if e is None:
            self.resolve_button.setEnabled(False)
            self.reopen_button.setEnabled(False)
            return
        resolved = e.lost_datum is not None
        self.lost_datum.set_date(e.lost_datum if resolved else self._today())
        self.lost_orsak.setText(e.lost_orsak if resolved else "")
        self.resolve_button.setText(_("Change the resolution") if resolved else _("Mark as resolved"))
        self.resolve_button.setEnabled(not self.read_only)
        self.reopen_button.setEnabled(resolved and not self.read_only)

    # ---- resolving ----------------------------------------------------------------------------

    def resolve(self) -> bool:
        """The chosen hinder resolved on the date typed, for the reason typed; a date
        that cannot be read (or lies ahead) is said at the field and nothing changes."""
        e = self.chosen()
        if e is None or self.read_only:
            return False
        errors: list[ValidationError] = []
        on = read_date(self.lost_datum, "lost_datum", errors, required=True)
        message = errors[0].message if errors else None
        if on is not None and on > self._today():
            message = _("This date lies ahead: mark a hinder resolved once it is.")
        self.lost_datum_row.set_error(message)
        if message:
            self.lost_datum.setFocus()
            return False
        try:
            progress_service.resolve_hinder(self.repo, e.id, on, self.lost_orsak.text().strip())
        except ValidationError as exc:
            self.lost_orsak_row.set_error(exc.message)
            self.lost_orsak.setFocus()
            return False
        self.lost_orsak_row.set_error(None)
        self.refresh()
        return True

    def reopen(self) -> bool:
        """The chosen hinder stands again; the date and reason it had stay in the form
        (to resolve it again with one click)."""
        e = self.chosen()
        if e is None or e.lost_datum is None or self.read_only:
            return False
        was = (e.lost_datum, e.lost_orsak)
        progress_service.reopen_hinder(self.repo, e.id)
        self.refresh()
        self.lost_datum.set_date(was[0])
        self.lost_orsak.setText(was[1])
        return True

    # ---- Qt ------------------------------------------------------------------------------------

    def set_read_only(self, value: bool) -> None:
        """After avslut: the charts and the timeline stay, nothing is marked resolved."""
        self.read_only = value
        read_only.apply(self, value)
        if not value:
            self._show_chosen()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        self.refresh()
