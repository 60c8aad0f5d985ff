""""Progress in my caseload": the average change of the participants' own ratings per
area, and the share who took each kind of step, in a chosen period — no name, no
personnummer, no figure for fewer than three people (``models.group_change``).
Computed in a worker on a reader of its own."""
from __future__ import annotations

from datetime import date, timedelta

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from .. import log
from ..i18n import _, babel_locale, ngettext
from ..models.areas import AREAS, INDIVID, OMGIVNING
from ..models.errors import ValidationError
from ..models.group_change import MIN_GROUP, GroupChange
from ..models.progress import EVENT_LABELS, STEPS
from . import tasks
from .widgets import ErrorLabel, OptionalDateEdit, fit_to_screen


def signed(value: float) -> str:
    """+1,5 / −0,5 / 0 in the UI's language."""
    from babel.numbers import format_decimal
    text = format_decimal(abs(value), format="0.#", locale=babel_locale())
    return text if value == 0 else ("+" if value > 0 else "\u2212") + text


def too_few() -> str:
    return ngettext("fewer than {n} person", "fewer than {n} people", MIN_GROUP).format(n=MIN_GROUP)


class GroupChangeDialog(QDialog):
    def __init__(self, repo, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.repo = repo
        self.result_: GroupChange | None = None
        self._task = None
        self.setObjectName("groupChange")
        self.setWindowTitle(_("Progress in my caseload"))
        fit_to_screen(self, 640, 720)
        today = today or date.today()
        intro = QLabel(_("The average change of the participants' own ratings (on a 0–10 scale) between the first "
                         "and the last self-rating in the period, and how many took each kind of step. Nobody is "
                         "named; a figure for fewer than {n} people is not shown.").format(n=MIN_GROUP))
        intro.setWordWrap(True)
        self.start = OptionalDateEdit(self)
        self.start.set_date(today - timedelta(days=365))
        self.start.setAccessibleName(_("From"))
        self.end = OptionalDateEdit(self)
        self.end.set_date(today)
        self.end.setAccessibleName(_("To"))
        self.error = ErrorLabel(self)
        self.show_button = QPushButton(_("&Show"), self)
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.compute)
        form = QFormLayout()
        form.addRow(_("&From:"), self.start)
        form.addRow(_("&To:"), self.end)
        row = QHBoxLayout()
        row.addWidget(self.error, 1)
        row.addWidget(self.show_button)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([_("Area"), _("Average change")])
        self.table.setAccessibleName(_("Average change per area"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def period(self) -> tuple[date, date] | None:
        """The period typed, or None with the problem said next to the button."""
        try:
            start, end = self.start.date_value("start"), self.end.date_value("end")
        except ValidationError as exc:
            self.error.show_error(exc.message)
            return None
        if start is None or end is None:
            self.error.show_error(_("Give both dates of the period."))
            return None
        if end < start:
            self.error.show_error(_("The period ends before it starts."))
            return None
        self.error.show_error("")
        return start, end

    def compute(self) -> None:
        period = self.period()
        if period is None or not self.repo.vault.is_open:
            return
        from ..services.group_change import caseload_change
        from ..storage import caseload as store
        reader = store.open_reader(self.repo.vault)  # keyed here: the key is not read in the worker
        self.show_button.setEnabled(False)
        self.summary.setText(_("Counting…"))

        def work(_task):
            with store.reading_repository(reader) as repo:
                return caseload_change(repo, *period)
        self._task = tasks.run_task(work, self._done, self._failed, name="group_change", busy_cursor=True)

    def _done(self, result: GroupChange) -> None:
        if not shiboken6.isValid(self):
            return
        self.show_button.setEnabled(True)
        self.result_ = result
        overall = result.overall
        text = ngettext("{n} participant rated themselves twice or more in the period",
                        "{n} participants rated themselves twice or more in the period", result.participants).format(
            n=result.participants)
        text += "; " + (_("on average {change} per area").format(change=signed(overall.value))
                        if not overall.too_few else _("too few for an average ({few})").format(few=too_few()))
        self.summary.setText(text + ".")
        groups = {INDIVID: _("Individual factors"), OMGIVNING: _("Environmental factors")}
        rows: list = [groups[INDIVID]]
        for a in AREAS:
            if a.group == OMGIVNING and groups[OMGIVNING] not in rows:
                rows.append(groups[OMGIVNING])
            rows.append((_(a.title), result.areas[a.key]))
        rows.append(ngettext("Steps taken (share of the {n} participant active in the period)",
                             "Steps taken (share of the {n} participants active in the period)",
                             result.active).format(n=result.active))
        rows += [(_(EVENT_LABELS[kind]), result.steps[kind]) for kind in STEPS]
        self.table.setRowCount(len(rows))
        self.table.clearSpans()
        step = False
        for i, row in enumerate(rows):
            if isinstance(row, str):  # a group's heading across both columns
                item = QTableWidgetItem(row)
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                self.table.setItem(i, 0, item)
                self.table.setSpan(i, 0, 1, 2)
                step = i > 0 and row not in groups.values()
                continue
            label, figure = row
            if figure.too_few:
                value = too_few()
            elif step:
                value = _("{share} % ({n})").format(share=round(figure.value * 100), n=figure.participants)
            else:
                value = ngettext("{change} ({n} person)", "{change} ({n} people)", figure.participants).format(
                    change=signed(figure.value), n=figure.participants)
            self.table.setItem(i, 0, QTableWidgetItem(label))
            self.table.setItem(i, 1, QTableWidgetItem(value))

    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self.show_button.setEnabled(True)
        log.event("group_change.failed", error=type(exc).__name__)
        self.summary.setText(_("The figures could not be counted ({error}).").format(error=type(exc).__name__))

    def done(self, result: int) -> None:
        if self._task is not None:
            self._task.cancel()
        super().done(result)
