"""The whole grid at a glance: for each of the twelve areas whether facts are
written, how many hinder and resurser, and which samtal they came from.
Double-click (or Enter) opens the area."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from ...i18n import _
from ...models.areas import INDIVID_AREAS, OMGIVNING_AREAS
from .common import WizardContext, heading, hint

AREA_ROLE = Qt.UserRole + 1


class OverviewPage(QWidget):
    area_activated = Signal(str)

    def __init__(self, ctx: WizardContext, group_titles: tuple[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.title = _("Overview")
        self.group_titles = group_titles
        self.heading = heading(self.title, self)
        self.summary = hint("", self)
        self.summary.setObjectName("overviewSummary")
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("overviewTable")
        self.table.setAccessibleName(_("Overview of all areas"))
        self.table.setHorizontalHeaderLabels([_("Area"), _("Facts"), _("Obstacles"), _("Resources"),
                                              _("Sessions")])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for col in range(1, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeToContents)
        self.table.itemActivated.connect(self._activated)
        self.table.itemDoubleClicked.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(hint(_("Double-click an area, or select it and press Enter, to open it."), self))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.refresh()

    def refresh(self) -> None:
        k = self.ctx.k
        groups = ((self.group_titles[0], INDIVID_AREAS), (self.group_titles[1], OMGIVNING_AREAS))
        self.table.clearSpans()
        self.table.setRowCount(sum(1 + len(areas) for _t, areas in groups))
        row = 0
        filled = hinder = resurser = 0
        for title, areas in groups:
            item = QTableWidgetItem(title)
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            item.setFlags(Qt.ItemIsEnabled)
            self.table.setItem(row, 0, item)
            for col in range(1, 5):
                self.table.setItem(row, col, QTableWidgetItem(""))
                self.table.item(row, col).setFlags(Qt.ItemIsEnabled)
            self.table.setSpan(row, 0, 1, 5)
            row += 1
            for area in areas:
                rec = k.area(area.key)
                samtal = sorted({n for e in [*rec.hinder, *rec.resurser]
                                 if (n := k.samtal_number(e.samtal_id)) is not None})
                has_facts = bool(rec.fakta.strip())
                values = (_(area.title), "\u2713" if has_facts else "\u2013", str(len(rec.hinder)),
                          str(len(rec.resurser)), ", ".join(map(str, samtal)))
                for col, value in enumerate(values):
                    item = QTableWidgetItem(value)
                    item.setData(AREA_ROLE, area.key)
                    if col == 1:
                        item.setData(Qt.AccessibleTextRole, _("Yes") if has_facts else _("No"))
                    if col in (1, 2, 3):
                        item.setTextAlignment(Qt.AlignCenter)
                    self.table.setItem(row, col, item)
                row += 1
                filled += not rec.is_empty
                hinder += len(rec.hinder)
                resurser += len(rec.resurser)
        self.table.resizeRowsToContents()
        self.summary.setText(_("Areas with content: {filled} of 12 · Obstacles: {hinder} · "
                               "Resources: {resurser}").format(filled=filled, hinder=hinder, resurser=resurser))

    def _activated(self, item: QTableWidgetItem) -> None:
        key = item.data(AREA_ROLE)
        if key:
            self.area_activated.emit(key)

    def select_area(self, key: str) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(AREA_ROLE) == key:
                self.table.setCurrentCell(row, 0)
                return

    def first_field(self) -> QWidget:
        return self.table

    def focus_chain(self) -> list[QWidget]:
        return [self.table]

    def set_read_only(self, value: bool) -> None:
        """Nothing here is edited: the overview stays a way to the areas in a closed record."""
        from .. import read_only
        read_only.keep(self.table)
        read_only.apply(self, value)
