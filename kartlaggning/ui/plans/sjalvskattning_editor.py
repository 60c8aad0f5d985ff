"""Självskattningar: at a samtal or follow-up the participant rates each of the twelve
areas on the unit's scale, with a comment in their own words, beside the handläggare's
view; a dated series, repeated when the unit chooses (the next one's due date is shown).
Autosaved as typed; a rating that is no number of the scale shows its error at the area
and is kept as typed (a draft) until it is corrected. Not printed on its own: the
ratings print as charts on the Utvecklingsplan and the slutdokumentation."""
from __future__ import annotations

import dataclasses
from datetime import date

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFormLayout, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QMessageBox, QPushButton, QSplitter, QStackedWidget, QVBoxLayout,
                               QWidget)

from ...i18n import N_, _, ngettext
from ...models.areas import AREAS, INDIVID, OMGIVNING
from ...models.errors import ValidationError
from ...models.selfrating import AreaRating, Sjalvskattning
from ...services import documents, selfrating
from .. import window_state
from ..feedback import WARNING, paint_attention
from ..widgets import ErrorLabel, OptionalDateEdit, PlainLabel, add_field
from .base import DocumentEditor, page
from .widgets import read_date, section_title, text_box
from .workplaces_dialog import hide_printing

ID_ROLE = Qt.ItemDataRole.UserRole


def read_rating(text: str, field: str, low: int, high: int, errors: list) -> int | None:
    """``7`` -> 7; empty -> None; anything else, or a number off the scale, adds the
    field's error and gives None."""
    raw = (text or "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        errors.append(ValidationError(field, "rating", low=low, high=high))
        return None
    if not low <= value <= high:
        errors.append(ValidationError(field, "rating", low=low, high=high))
        return None
    return value


RATING_WIDTH = 64
MAX_RATING_TEXT = 20  # a number; a little more is kept as typed, to be corrected


class AreaRow:
    """The widgets of one area: own rating, the participant's words, the handläggare's
    view, and the participant's rating the time before (read only). One error line under
    the row says which of its fields is wrong."""

    def __init__(self, grid: QGridLayout, row: int, index: int, title: str):
        self.index = index
        self.label = QLabel(title)
        self.label.setWordWrap(True)
        self.own = QLineEdit()
        self.own.setMaxLength(MAX_RATING_TEXT)
        self.own.setMaximumWidth(RATING_WIDTH)
        self.own.setAccessibleName(_("{area}: own rating").format(area=title))
        self.label.setBuddy(self.own)
        self.comment = text_box(2)
        self.comment.setMaximumHeight(self.comment.fontMetrics().lineSpacing() * 3 + 14)
        self.comment.setAccessibleName(_("{area}: in the participant's own words").format(area=title))
        self.staff = QLineEdit()
        self.staff.setMaxLength(MAX_RATING_TEXT)
        self.staff.setMaximumWidth(RATING_WIDTH)
        self.staff.setAccessibleName(_("{area}: the handläggare's view").format(area=title))
        self.before = PlainLabel()
        self.before.setAccessibleName(_("{area}: own rating the time before").format(area=title))
        self.error = ErrorLabel(field=self.own)
        self._messages: dict[str, str | None] = {}
        top = Qt.AlignmentFlag.AlignTop
        grid.addWidget(self.label, row, 0, top)
        grid.addWidget(self.own, row, 1, top)
        grid.addWidget(self.comment, row, 2)
        grid.addWidget(self.staff, row, 3, top)
        grid.addWidget(self.before, row, 4, top | Qt.AlignmentFlag.AlignHCenter)
        grid.addWidget(self.error, row + 1, 1, 1, 4)

    def setter(self, part: str):
        """The error target of one field of the row (``egen``, ``handlaggare``, ``kommentar``)."""
        def set_message(message: str | None) -> None:
            self._messages[part] = message
            names = {"egen": _("Own rating"), "handlaggare": _("Handläggare's view"),
                     "kommentar": _("In the participant's own words")}
            shown = [_("{field}: {message}").format(field=names[p], message=m)
                     for p, m in self._messages.items() if m]
            self.error.field = self.staff if self._messages.get("handlaggare") and not self._messages.get(
                "egen") else self.own
            self.error.set_message("\n".join(shown) or None)
        return set_message


class SjalvskattningEditor(DocumentEditor):
    KIND = "sjalvskattning"
    READ_ONLY_KEEP = ("print_bar", "series")
    COLUMNS = (N_("Area"), N_("Own rating"), N_("In the participant's own words"), N_("Handläggare's view"),
               N_("The time before"))

    def __init__(self, repo, participant_id: str, autosaver, parent: QWidget | None = None, today=None):
        super().__init__(repo, participant_id, autosaver, parent)
        hide_printing(self)
        for name in ("variant_box", "variant_label"):  # (the layout choice too: nothing here is printed)
            widget = getattr(self.print_bar, name, None)
            if widget is not None:
                widget.hide()
        self._today = today or date.today  # a callable (tests fix the day)
        self._docs: list[Sjalvskattning] = []  # the series as last listed, oldest first

        self.series = QListWidget()
        self.series.setAccessibleName(_("Self-ratings by date"))
        self.series.currentItemChanged.connect(self._selected)
        self.new_button = QPushButton(_("New self-rating"))
        self.new_button.setToolTip(_("The participant rates the twelve areas again; the earlier ratings are kept"))
        self.new_button.clicked.connect(lambda: self.new_rating())
        self.delete_button = QPushButton(_("Delete…"))
        self.delete_button.clicked.connect(self.delete_current)
        side = QWidget()
        sl = QVBoxLayout(side)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(QLabel(_("Self-ratings")))
        sl.addWidget(self.series, 1)
        sl.addWidget(self.new_button)
        sl.addWidget(self.delete_button)

        self.due = PlainLabel()
        self.due.setObjectName("selfRatingDue")
        self.due.setWordWrap(True)
        head = QWidget()
        form = QFormLayout(head)
        self.datum = OptionalDateEdit()
        self.error_target("datum", add_field(form, _("Date of the self-rating"), self.datum).set_error)
        self.raw_field("datum", self.datum)
        self.scale = PlainLabel()
        self.scale.setObjectName("selfRatingScale")
        self.scale.setWordWrap(True)
        form.addRow(_("Scale"), self.scale)

        areas = QWidget()
        grid = QGridLayout(areas)
        grid.setColumnStretch(2, 1)
        for col, text in enumerate(self.COLUMNS):
            title = QLabel(_(text))
            title.setWordWrap(True)
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            grid.addWidget(title, 0, col, Qt.AlignmentFlag.AlignBottom)
        self.rows: list[AreaRow] = []
        groups = {INDIVID: _("Individual factors"), OMGIVNING: _("Environmental factors")}  # (the wizard's pages)
        line = 1
        for i, area in enumerate(AREAS):
            if i == 0 or AREAS[i - 1].group != area.group:
                heading = section_title(groups[area.group])
                grid.addWidget(heading, line, 0, 1, len(self.COLUMNS))
                line += 1
            r = AreaRow(grid, line, i, _(area.title))
            line += 2
            self.rows.append(r)
            for part in ("egen", "handlaggare", "kommentar"):
                self.error_target(f"betyg[{i}].{part}", r.setter(part))
            self.raw_field(f"betyg[{i}].egen", r.own)
            self.raw_field(f"betyg[{i}].handlaggare", r.staff)
            r.own.textEdited.connect(self.edited)
            r.staff.textEdited.connect(self.edited)
            r.comment.textChanged.connect(self.edited)
        self.datum.edited.connect(self.edited)

        self.title = section_title("")
        body = page(self.title, self.due, head, areas)
        self.empty = QLabel(_("No self-rating yet. At a samtal or a follow-up the participant rates each area "
                              "in their own words, beside your view: press “New self-rating”."))
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty_due = PlainLabel()
        self.empty_due.setWordWrap(True)
        empty_page = QWidget()
        ep = QVBoxLayout(empty_page)
        ep.addWidget(self.empty_due)
        ep.addWidget(self.empty)
        ep.addStretch(1)
        self.stack = QStackedWidget()
        self.stack.addWidget(empty_page)
        self.stack.addWidget(self.scrolling(body))
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.print_bar)
        rl.addWidget(self.stack, 1)
        splitter = QSplitter()
        splitter.addWidget(side)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 800])
        window_state.track_splitter(splitter, "sjalvskattning")
        lay = QHBoxLayout(self)
        lay.addWidget(splitter)
        autosaver.saved.connect(self._refresh_due)
        self.reload()

    # ---- the series ----------------------------------------------------------------------

    def content(self, doc):
        return None  # not printed on its own

    def ratings(self) -> list[Sjalvskattning]:
        return selfrating.ratings(self.repo, self.participant_id)

    def reload(self, select_id: str | None = None) -> None:
        docs = self.ratings()
        self._docs = docs
        self.series.blockSignals(True)
        self.series.clear()
        for r in docs:
            item = QListWidgetItem(self._item_text(r), self.series)
            item.setData(ID_ROLE, r.id)
        doc = next((r for r in docs if r.id == select_id), docs[-1] if docs else None)
        if doc is not None:
            self.series.setCurrentRow(docs.index(doc))
        self.series.blockSignals(False)
        self.delete_button.setEnabled(doc is not None)
        self.stack.setCurrentIndex(1 if doc else 0)
        self.set_document(doc)
        self._refresh_due()

    @staticmethod
    def _item_text(r: Sjalvskattning) -> str:
        return _("Self-rating {date}").format(date=r.datum.isoformat())

    def _selected(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if current is None:
            return
        doc_id = current.data(ID_ROLE)
        if self.doc is not None and doc_id == self.doc.id:
            return
        if not self.flush():
            self.series.blockSignals(True)
            self.series.setCurrentItem(previous)
            self.series.blockSignals(False)
            QMessageBox.warning(self.window(), _("Self-rating"), _("Correct the marked fields first."))
            return
        self.reload(doc_id)

    def new_rating(self) -> Sjalvskattning | None:
        """A new rating for today on the unit's scale, saved at once and shown."""
        if not self.flush():
            QMessageBox.warning(self.window(), _("Self-rating"), _("Correct the marked fields first."))
            return None
        r = selfrating.new_sjalvskattning(self.repo, self.participant_id, today=self._today())
        self.repo.save_document(r)
        self.reload(r.id)
        self.rows[0].own.setFocus()
        return r

    def delete_current(self) -> None:
        if self.doc is None:
            return
        answer = QMessageBox.question(
            self.window(), _("Delete self-rating"),
            _("Delete the self-rating of {date}? This cannot be undone.").format(date=self.doc.datum.isoformat()))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.autosaver.discard(("document", self.doc.id))
        documents.delete_document(self.repo, self.doc.id)
        self.reload()

    def _refresh_due(self) -> None:
        if not shiboken6.isValid(self) or not self.repo.vault.is_open:
            return
        today = self._today()
        due = selfrating.due(self.repo, self.participant_id, today)
        months = selfrating.load_settings(self.repo).intervall_manader
        if due is None:
            text, late = _("No self-rating is due: the participant is closed."), False
        elif not self.ratings():
            text, late = _("No self-rating yet: the first one can be made now."), False
        elif due < today:
            text, late = ngettext("The next self-rating was due on {date} (the unit repeats it every month).",
                                  "The next self-rating was due on {date} (the unit repeats it every {months} "
                                  "months).", months).format(date=due.isoformat(), months=months), True
        else:
            text, late = ngettext("The next self-rating is due on {date} (the unit repeats it every month).",
                                  "The next self-rating is due on {date} (the unit repeats it every {months} "
                                  "months).", months).format(date=due.isoformat(), months=months), False
        for label in (self.due, self.empty_due):
            label.setText(text)
            paint_attention(label, WARNING if late else None)

    # ---- widgets <-> model -----------------------------------------------------------------------

    def load(self, r: Sjalvskattning) -> None:
        self.title.setText(self._item_text(r))
        self.datum.set_date(r.datum)
        self.scale.setText(_("From {low} to {high}: {low} is the hardest, {high} the best it can be.").format(
            low=r.skala_min, high=r.skala_max))
        before = self._before(r)
        for row in self.rows:
            rating = r.betyg[row.index]
            row.own.setText("" if rating.egen is None else str(rating.egen))
            row.staff.setText("" if rating.handlaggare is None else str(rating.handlaggare))
            row.comment.setPlainText(rating.kommentar)
            row.before.setText(self._before_text(before, row.index, r))

    def _before(self, r: Sjalvskattning) -> Sjalvskattning | None:
        """The participant's rating before ``r``: the latest earlier one by date (on the
        same day, the one listed before it; the list is by date, then as made)."""
        order = {d.id: i for i, d in enumerate(self._docs)}
        mine = (r.datum, order.get(r.id, len(order)))
        earlier = [d for d in self._docs if d.id != r.id and (d.datum, order[d.id]) < mine]
        return max(earlier, key=lambda d: (d.datum, order[d.id])) if earlier else None

    @staticmethod
    def _before_text(before: Sjalvskattning | None, index: int, r: Sjalvskattning) -> str:
        if before is None or before.betyg[index].egen is None:
            return "–"
        value = str(before.betyg[index].egen)
        if (before.skala_min, before.skala_max) != (r.skala_min, r.skala_max):
            value += f" ({before.skala_min}–{before.skala_max})"
        return value

    def collect(self) -> tuple[Sjalvskattning, list[ValidationError]]:
        """A rating that cannot be read is None here; the session saves such a field of
        the twelve rows blank and keeps what was typed as its draft."""
        old = self.doc
        errors: list[ValidationError] = []
        low, high = old.skala_min, old.skala_max
        betyg = list(old.betyg)  # (an area of a newer version, after the twelve, stays)
        for row in self.rows:
            betyg[row.index] = AreaRating(
                old.betyg[row.index].area,
                read_rating(row.own.text(), f"betyg[{row.index}].egen", low, high, errors),
                row.comment.toPlainText(),
                read_rating(row.staff.text(), f"betyg[{row.index}].handlaggare", low, high, errors))
        r = dataclasses.replace(old, datum=read_date(self.datum, "datum", errors, required=True, fallback=old.datum),
                                betyg=betyg)
        known = {e.field for e in errors}
        return r, errors + [e for e in r.errors() if e.field not in known]

    def edited(self, *args) -> None:
        super().edited(*args)
        if self._loading or self.doc is None:
            return
        item = self.series.currentItem()
        if item is not None:
            item.setText(self._item_text(self.doc))
            self.title.setText(self._item_text(self.doc))
