"""Utvecklingsplan: a dated series per participant, one per follow-up. A new
one starts from the previous one."""
from __future__ import annotations

import copy
import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFormLayout, QGridLayout, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QMessageBox, QPushButton, QSplitter, QStackedWidget, QVBoxLayout, QWidget)

from ...i18n import _
from ...models import UppfoljningRad, Utvecklingsplan
from ...models.errors import ValidationError
from ...models.printed import UTVECKLINGSPLAN
from ...services import documents
from .. import window_state
from ..widgets import ErrorLabel, OptionalDateEdit, add_field
from .base import DocumentEditor, page
from .widgets import Column, RowTable, read_date, section_title, text_box


class UtvecklingsplanEditor(DocumentEditor):
    KIND = UTVECKLINGSPLAN

    def __init__(self, repo, participant_id: str, autosaver, parent: QWidget | None = None):
        super().__init__(repo, participant_id, autosaver, parent)
        # the series
        self.series = QListWidget()
        self.series.setAccessibleName(_("Utvecklingsplaner by follow-up date"))
        self.series.currentItemChanged.connect(self._selected)
        self.new_button = QPushButton(_("New utvecklingsplan"))
        self.new_button.setToolTip(_("Starts from the latest one: areas, rows and responsibilities are copied"))
        self.new_button.clicked.connect(self.new_plan)
        self.delete_button = QPushButton(_("Delete…"))
        self.delete_button.clicked.connect(self.delete_current)
        side = QWidget()
        sl = QVBoxLayout(side)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(QLabel(_("Follow-ups")))
        sl.addWidget(self.series, 1)
        sl.addWidget(self.new_button)
        sl.addWidget(self.delete_button)

        # the form
        form = QFormLayout()
        self.datum = OptionalDateEdit()
        self.error_target("datum", add_field(form, _("Follow-&up date"), self.datum).set_error)
        self.omraden = text_box(3)
        self.omraden_error = ErrorLabel()
        self.error_target("utvecklingsomraden", self.omraden_error.set_message)
        self.rader = RowTable([Column("Datum för uppföljning", kind="date", width=190, attr="datum"),
                               Column("Utvecklingsområde", stretch=True, attr="omrade")], new_item=UppfoljningRad)
        self.error_target("rader", self.rader.set_error, rows=True)
        ansvar_form = QFormLayout()
        self.ansvar_datum = OptionalDateEdit()
        self.error_target("ansvar_datum", add_field(ansvar_form, "&Datum", self.ansvar_datum).set_error)
        self.mitt = text_box(5)
        self.ame = text_box(5)
        self.mitt_error, self.ame_error = ErrorLabel(), ErrorLabel()
        self.error_target("mitt_ansvar", self.mitt_error.set_message)
        self.error_target("ame_ansvar", self.ame_error.set_message)
        ansvar = QWidget()
        grid = QGridLayout(ansvar)
        grid.setContentsMargins(0, 0, 0, 0)
        mitt_label, ame_label = section_title("Mitt ansvar"), section_title("AME:s ansvar")
        mitt_label.setBuddy(self.mitt)
        ame_label.setBuddy(self.ame)
        self.mitt.setAccessibleName("Mitt ansvar")
        self.ame.setAccessibleName("AME:s ansvar")
        self.mitt.setToolTip(_("What the participant will do"))
        self.ame.setToolTip(_("What the unit (AME) will do"))
        grid.addWidget(mitt_label, 0, 0)
        grid.addWidget(ame_label, 0, 1)
        grid.addWidget(self.mitt, 1, 0)
        grid.addWidget(self.ame, 1, 1)
        grid.addWidget(self.mitt_error, 2, 0)
        grid.addWidget(self.ame_error, 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        avst_form = QFormLayout()
        self.avstamning_datum = OptionalDateEdit()
        self.error_target("avstamning_datum",
                          add_field(avst_form, "Da&tum", self.avstamning_datum).set_error)
        self.avstamning = text_box(4)
        self.avstamning.setAccessibleName("Avstämning")
        self.avstamning_error = ErrorLabel()
        self.error_target("avstamning", self.avstamning_error.set_message)
        for field, widget in (("datum", self.datum), ("ansvar_datum", self.ansvar_datum),
                              ("avstamning_datum", self.avstamning_datum)):
            self.raw_field(field, widget)
        self.raw_table("rader", self.rader, ["datum", "omrade"])
        self.omraden.setAccessibleName("Utvecklingsområden")

        self.title = section_title("")
        form_box = QWidget()
        form_box.setLayout(form)
        ansvar_box = QWidget()
        ansvar_box.setLayout(ansvar_form)
        avst_box = QWidget()
        avst_box.setLayout(avst_form)
        body = page(self.title, form_box,
                    section_title("Utvecklingsområden"), self.omraden, self.omraden_error, self.rader,
                    ansvar_box, ansvar,
                    section_title("Avstämning"), avst_box, self.avstamning, self.avstamning_error)
        self.empty = QLabel(_("No utvecklingsplan yet. The first one is usually written at the first "
                              "monthly follow-up: press “New utvecklingsplan”."))
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
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
        splitter.setSizes([220, 780])
        window_state.track_splitter(splitter, "utvecklingsplan")  # kept between starts
        lay = QHBoxLayout(self)
        lay.addWidget(splitter)

        for w in (self.datum, self.ansvar_datum, self.avstamning_datum):
            w.edited.connect(self.edited)
        for w in (self.omraden, self.mitt, self.ame, self.avstamning):
            w.textChanged.connect(self.edited)
        self.rader.changed.connect(self.edited)
        self.reload()

    # ---- the series ----------------------------------------------------------------------

    def plans(self) -> list[Utvecklingsplan]:
        return self.repo.documents(self.participant_id, "utvecklingsplan")

    def reload(self, select_id: str | None = None) -> None:
        plans = self.plans()
        self.series.blockSignals(True)
        self.series.clear()
        for p in plans:
            item = QListWidgetItem(self._item_text(p), self.series)
            item.setData(Qt.ItemDataRole.UserRole, p.id)
        self.series.blockSignals(False)
        doc = next((p for p in plans if p.id == select_id), plans[-1] if plans else None)
        if doc is not None:
            self.series.blockSignals(True)
            self.series.setCurrentRow(plans.index(doc))
            self.series.blockSignals(False)
        self.delete_button.setEnabled(doc is not None)
        self.stack.setCurrentIndex(1 if doc else 0)
        self.set_document(doc)

    @staticmethod
    def _item_text(p: Utvecklingsplan) -> str:
        return _("Follow-up {date}").format(date=p.datum.isoformat())

    def _selected(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if current is None:
            return
        doc_id = current.data(Qt.ItemDataRole.UserRole)
        if self.doc is not None and doc_id == self.doc.id:
            return
        if not self.flush():
            self.series.blockSignals(True)
            self.series.setCurrentItem(previous)
            self.series.blockSignals(False)
            QMessageBox.warning(self.window(), "Utvecklingsplan", _("Correct the marked fields first."))
            return
        self.reload(doc_id)

    def new_plan(self) -> Utvecklingsplan | None:
        if not self.flush():
            QMessageBox.warning(self.window(), "Utvecklingsplan", _("Correct the marked fields first."))
            return None
        plan = documents.next_utvecklingsplan(self.repo, self.participant_id)
        self.repo.save_document(plan)
        self.reload(plan.id)
        return plan

    def delete_current(self) -> None:
        if self.doc is None:
            return
        answer = QMessageBox.question(
            self.window(), _("Delete utvecklingsplan"),
            _("Delete the utvecklingsplan of {date}? Its print versions are deleted too. "
              "This cannot be undone.").format(date=self.doc.datum.isoformat()))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.autosaver.discard(("document", self.doc.id))
        documents.delete_document(self.repo, self.doc.id)
        self.reload()

    # ---- widgets <-> model -----------------------------------------------------------------------

    def load(self, p: Utvecklingsplan) -> None:
        self.title.setText(f"Utvecklingsplan – {p.datum.isoformat()}")
        self.datum.set_date(p.datum)
        self.omraden.setPlainText(p.utvecklingsomraden)
        self.rader.bind(copy.deepcopy(p.rader))  # the table edits a copy of the document's rows
        self.ansvar_datum.set_date(p.ansvar_datum)
        self.mitt.setPlainText(p.mitt_ansvar)
        self.ame.setPlainText(p.ame_ansvar)
        self.avstamning_datum.set_date(p.avstamning_datum)
        self.avstamning.setPlainText(p.avstamning)

    def collect(self) -> tuple[Utvecklingsplan, list[ValidationError]]:
        old = self.doc
        errors: list[ValidationError] = []
        errors += self.rader.errors("rader")
        plan = dataclasses.replace(
            old,
            datum=read_date(self.datum, "datum", errors, required=True, fallback=old.datum),
            utvecklingsomraden=self.omraden.toPlainText(),
            rader=self.rader.items(),
            ansvar_datum=read_date(self.ansvar_datum, "ansvar_datum", errors, fallback=old.ansvar_datum),
            mitt_ansvar=self.mitt.toPlainText(), ame_ansvar=self.ame.toPlainText(),
            avstamning_datum=read_date(self.avstamning_datum, "avstamning_datum", errors,
                                       fallback=old.avstamning_datum),
            avstamning=self.avstamning.toPlainText())
        return plan, errors + plan.errors()

    def edited(self, *args) -> None:
        super().edited(*args)
        item = self.series.currentItem()
        if item is not None and self.doc is not None and not self._loading:
            item.setText(self._item_text(self.doc))
            self.title.setText(f"Utvecklingsplan – {self.doc.datum.isoformat()}")
