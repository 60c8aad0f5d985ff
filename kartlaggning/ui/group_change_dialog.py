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
from ..i18n import _
from ..models.errors import ValidationError
from ..models.group_change import MIN_GROUP, GroupChange
from ..services import group_change
from . import tasks
from .widgets import ErrorLabel, OptionalDateEdit, fit_to_screen


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
        from ..storage import caseload as store
        reader = store.open_reader(self.repo.vault)  # keyed here: the key is not read in the worker
        self.show_button.setEnabled(False)
        self.summary.setText(_("Counting…"))

        def work(_task):
            with store.reading_repository(reader) as repo:
                return group_change.caseload_change(repo, *period)
        self._task = tasks.run_task(work, self._done, self._failed, name="group_change", busy_cursor=True)

    def _done(self, result: GroupChange) -> None:
        if not shiboken6.isValid(self):
            return
        self.show_button.setEnabled(True)
        self.result_ = result
        self.summary.setText(group_change.summary(result))
        lines = group_change.rows(result)
        self.table.setRowCount(len(lines))
        self.table.clearSpans()
        for i, line in enumerate(lines):
            item = QTableWidgetItem(line.label)
            if line.is_heading:  # a group's heading across both columns
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                self.table.setItem(i, 0, item)
                self.table.setSpan(i, 0, 1, 2)
                continue
            self.table.setItem(i, 0, item)
            self.table.setItem(i, 1, QTableWidgetItem(line.value))

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
