"""Uppföljningar: the monthly follow-ups with the participant and the handledare, a
dated series like the Utvecklingsplaner. Each says who took part, the extent actually
worked beside what the arbetsträningsschema plans for that day (and says so plainly when
they differ), how it goes, whether more anpassningar are needed, how the participant sees
the support, the way to the open labour market, and when the next one is. A new one can
start the next Utvecklingsplan from the previous one. Autosaved; not printed (the
Utvecklingsplan is what is printed at a follow-up)."""
from __future__ import annotations

import dataclasses
from datetime import date

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QMessageBox, QPushButton, QSplitter, QStackedWidget, QVBoxLayout, QWidget)

from ...i18n import N_, _, ngettext
from ...models.errors import ValidationError
from ...models.fields import MAX_SHORT
from ...models.method import MAX_HOURS_PER_DAY, Uppfoljning
from ...services import documents, method
from .. import window_state
from ..feedback import WARNING, paint_attention
from ..widgets import ErrorLabel, OptionalDateEdit, PlainLabel, add_field
from .arbetstraning_editor import procent_text, read_procent, read_timmar, timmar_text
from .base import DocumentEditor, left, page
from .widgets import read_date, section_title, text_box
from .workplaces_dialog import hide_printing

ID_ROLE = Qt.ItemDataRole.UserRole
TEXTS = (("hur_det_gar", N_("How it is going now")),
         ("anpassningar", N_("Are more adaptations (anpassningar) needed?")),
         ("deltagarens_syn", N_("How the participant sees the support")),
         ("vagen_mot_arbete", N_("The way to the open labour market")))


def extent_text(procent: int | None, timmar: float | None) -> str:
    """``50 % of full time, 4 hours per day`` (either part may be missing)."""
    parts = []
    if procent is not None:
        parts.append(_("{percent} % of full time").format(percent=procent))
    if timmar is not None:
        parts.append(ngettext("{hours} hour per day", "{hours} hours per day", 1 if timmar == 1 else 2).format(
            hours=timmar_text(timmar)))
    return ", ".join(parts)


class UppfoljningEditor(DocumentEditor):
    KIND = "uppfoljning"
    READ_ONLY_KEEP = ("print_bar", "series", "chooser", "open_plan_button")  # (after avslut) moving about stays
    open_utvecklingsplan = Signal(str)  # the Utvecklingsplan to show (its id)
    utvecklingsplan_started = Signal(str)  # a new Utvecklingsplan was saved from here

    def __init__(self, repo, participant_id: str, autosaver, parent: QWidget | None = None, today=None):
        super().__init__(repo, participant_id, autosaver, parent)
        hide_printing(self)
        self._today = today or date.today  # a callable (tests fix the day)
        self._training = None  # the arbetsträning the follow-up is about (as stored)

        # the series
        self.series = QListWidget()
        self.series.setAccessibleName(_("Follow-ups by date"))
        self.series.currentItemChanged.connect(self._selected)
        self.new_button = QPushButton(_("New follow-up"))
        self.new_button.setToolTip(_("Tied to the latest arbetsträning; the extent starts as the schema plans it"))
        self.new_button.clicked.connect(lambda: self.new_follow_up())
        self.with_plan = QCheckBox(_("Start the next Utvecklingsplan too"))
        self.with_plan.setToolTip(_("A new Utvecklingsplan for this follow-up, continued from the previous one"))
        self.with_plan.setChecked(True)
        self.delete_button = QPushButton(_("Delete…"))
        self.delete_button.clicked.connect(self.delete_current)
        side = QWidget()
        sl = QVBoxLayout(side)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(QLabel(_("Follow-ups")))
        sl.addWidget(self.series, 1)
        sl.addWidget(self.new_button)
        sl.addWidget(self.with_plan)
        sl.addWidget(self.delete_button)

        # when the next one is due
        self.due = PlainLabel()
        self.due.setObjectName("followUpDue")
        self.due.setWordWrap(True)

        # the form
        head = QWidget()
        form = QFormLayout(head)
        self.datum = OptionalDateEdit()
        self.error_target("datum", add_field(form, _("Date of the follow-up"), self.datum).set_error)
        self.narvarande = QLineEdit()
        self.narvarande.setMaxLength(MAX_SHORT)
        self.narvarande.setPlaceholderText(_("e.g. the handledare, the arbetsförmedlare"))
        self.error_target("narvarande", add_field(form, _("Who took part"), self.narvarande).set_error)

        extent = QWidget()
        xf = QFormLayout(extent)
        self.procent = QLineEdit()
        self.procent.setMaximumWidth(90)
        self.timmar = QLineEdit()
        self.timmar.setMaximumWidth(90)
        self.procent_row = add_field(xf, _("Actual extent, % of full time"), self.procent)
        self.timmar_row = add_field(xf, _("Actual hours per day"), self.timmar)
        self.error_target("faktisk_procent", self.procent_row.set_error)
        self.error_target("faktiska_timmar_per_dag", self.timmar_row.set_error)
        self.raw_field("faktisk_procent", self.procent)
        self.raw_field("faktiska_timmar_per_dag", self.timmar)
        self.planned = PlainLabel()
        self.planned.setObjectName("plannedExtent")
        self.planned.setWordWrap(True)
        self.difference = PlainLabel()
        self.difference.setObjectName("extentDifference")
        self.difference.setWordWrap(True)
        xf.addRow(_("Planned in the schema"), self.planned)
        xf.addRow("", self.difference)

        self.texts = {}
        self.text_errors = {}
        parts = [self.due, head, section_title(_("Extent")), extent]
        for name, label in TEXTS:
            box = text_box(3)
            box.setMaximumHeight(box.fontMetrics().lineSpacing() * 8 + 14)  # the whole follow-up on a screen or two
            box.setAccessibleName(_(label))
            title = section_title(_(label))
            title.setBuddy(box)
            error = ErrorLabel(field=box)
            self.error_target(name, error.set_message)
            self.texts[name], self.text_errors[name] = box, error
            parts += [title, box, error]

        tail = QWidget()
        tf = QFormLayout(tail)
        self.nasta = OptionalDateEdit()
        self.error_target("nasta", add_field(tf, _("Next follow-up"), self.nasta).set_error)
        for field, widget in (("datum", self.datum), ("nasta", self.nasta)):
            self.raw_field(field, widget)
        self.plan_label = PlainLabel()
        self.plan_label.setWordWrap(True)
        self.open_plan_button = QPushButton(_("Open the Utvecklingsplan"))
        self.open_plan_button.clicked.connect(self._open_plan)
        self.start_plan_button = QPushButton(_("Start the next Utvecklingsplan"))
        self.start_plan_button.clicked.connect(lambda: self.start_utvecklingsplan())
        tf.addRow(_("Utvecklingsplan"), self.plan_label)
        tf.addRow("", left(self.open_plan_button, self.start_plan_button))
        parts.append(tail)

        self.title = section_title("")
        body = page(self.title, *parts)
        self.empty = QLabel(_("No follow-up yet. Follow-ups are monthly, with the participant and the handledare "
                              "(and Arbetsförmedlingen): press “New follow-up”."))
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
        splitter.setSizes([220, 780])
        window_state.track_splitter(splitter, "uppfoljning")
        lay = QHBoxLayout(self)
        lay.addWidget(splitter)

        for w in (self.datum, self.nasta):
            w.edited.connect(self.edited)
        for w in (self.narvarande, self.procent, self.timmar):
            w.textEdited.connect(self.edited)
        for box in self.texts.values():
            box.textChanged.connect(self.edited)
        autosaver.saved.connect(self._refresh_due)
        self.reload()

    # ---- the series ----------------------------------------------------------------------

    def content(self, doc):
        return None  # not printed

    def follow_ups(self) -> list[Uppfoljning]:
        return self.repo.documents(self.participant_id, "uppfoljning")

    def reload(self, select_id: str | None = None) -> None:
        docs = self.follow_ups()
        self.series.blockSignals(True)
        self.series.clear()
        for f in docs:
            item = QListWidgetItem(self._item_text(f), self.series)
            item.setData(ID_ROLE, f.id)
        doc = next((f for f in docs if f.id == select_id), docs[-1] if docs else None)
        if doc is not None:
            self.series.setCurrentRow(docs.index(doc))
        self.series.blockSignals(False)
        self.delete_button.setEnabled(doc is not None)
        self.stack.setCurrentIndex(1 if doc else 0)
        self._training = method.arbetstraning_of(self.repo, doc) if doc is not None else None
        self.set_document(doc)
        self._refresh_due()
        self._show_extent()
        self._show_plan()

    @staticmethod
    def _item_text(f: Uppfoljning) -> str:
        text = _("Follow-up {date}").format(date=f.datum.isoformat())
        if f.faktisk_procent is not None:
            text += f" · {f.faktisk_procent} %"
        return text

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
            QMessageBox.warning(self.window(), _("Follow-up"), _("Correct the marked fields first."))
            return
        self.reload(doc_id)

    def new_follow_up(self) -> tuple[Uppfoljning, object | None] | None:
        """The next follow-up (and, when ticked, the next Utvecklingsplan), both saved at
        once; the new Utvecklingsplan is offered to be opened."""
        if not self.flush():
            QMessageBox.warning(self.window(), _("Follow-up"), _("Correct the marked fields first."))
            return None
        f, plan = method.new_uppfoljning(self.repo, self.participant_id, today=self._today(),
                                         with_utvecklingsplan=self.with_plan.isChecked())
        with self.repo.vault.transaction():
            if plan is not None:
                self.repo.save_document(plan)
            self.repo.save_document(f)
        self.reload(f.id)
        if plan is not None:
            self.utvecklingsplan_started.emit(plan.id)
            self._offer_plan(plan)
        return f, plan

    def start_utvecklingsplan(self):
        """For a follow-up without one: the next Utvecklingsplan, tied to it."""
        if self.doc is None or not self.flush():
            return None
        plan = documents.next_utvecklingsplan(self.repo, self.participant_id, today=self.doc.datum)
        f = dataclasses.replace(self.doc, utvecklingsplan_id=plan.id)
        with self.repo.vault.transaction():
            self.repo.save_document(plan)
            self.repo.save_document(f)
        self.reload(f.id)
        self.utvecklingsplan_started.emit(plan.id)
        self._offer_plan(plan)
        return plan

    def _offer_plan(self, plan) -> None:
        answer = QMessageBox.question(
            self.window(), _("Utvecklingsplan"),
            _("The Utvecklingsplan of {date} was started from the previous one. Open it in the "
              "Utvecklingsplaner tab now?").format(date=plan.datum.isoformat()))
        if answer == QMessageBox.StandardButton.Yes:
            self.open_utvecklingsplan.emit(plan.id)

    def _open_plan(self) -> None:
        if self.doc is not None and self.doc.utvecklingsplan_id and self.flush():
            self.open_utvecklingsplan.emit(self.doc.utvecklingsplan_id)

    def delete_current(self) -> None:
        if self.doc is None:
            return
        answer = QMessageBox.question(
            self.window(), _("Delete follow-up"),
            _("Delete the follow-up of {date}? Its Utvecklingsplan is kept. This cannot be undone.").format(
                date=self.doc.datum.isoformat()))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.autosaver.discard(("document", self.doc.id))
        documents.delete_document(self.repo, self.doc.id)
        self.reload()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        if not self.autosaver.has_pending:  # the schema and the Utvecklingsplaner may have changed elsewhere
            if self.doc is not None:
                self._training = method.arbetstraning_of(self.repo, self.doc)
            self._refresh_due()
            self._show_extent()
            self._show_plan()

    # ---- what it says besides the fields -------------------------------------------------------

    def _refresh_due(self) -> None:
        """When the next follow-up is due (from what is stored)."""
        if not shiboken6.isValid(self) or not self.repo.vault.is_open:
            return
        today = self._today()
        due = method.follow_up_due(self.repo, self.participant_id, today)
        if due is None:
            text, late = _("No follow-up is due: the participant is not in an arbetsträning now."), False
        elif due < today:
            text, late = _("The next follow-up was due on {date}.").format(date=due.isoformat()), True
        else:
            text, late = _("The next follow-up is due on {date}.").format(date=due.isoformat()), False
        for label in (self.due, self.empty_due):
            label.setText(text)
            paint_attention(label, WARNING if late else None)

    def _show_extent(self) -> None:
        """The schema's planned extent for the follow-up's day beside the actual one as
        typed, and plainly whether they differ."""
        doc = self.doc
        if doc is None:
            return
        procent = read_procent(self.procent.text(), "", [])
        timmar = read_timmar(self.timmar.text(), "", [])
        day = read_date(self.datum, "datum", [], fallback=doc.datum) or doc.datum
        step = method.planned_step(self._training, day) if self._training is not None else None
        if self._training is None:
            self.planned.setText(_("There is no arbetsträning to compare with."))
        elif step is None:
            self.planned.setText(_("The arbetsträningsschema has no step begun by {date}.").format(
                date=day.isoformat()))
        else:
            self.planned.setText(_("{extent} (from {date})").format(
                extent=extent_text(step.procent, step.timmar_per_dag), date=step.datum.isoformat()))
        differs = method.extent_differs(step, procent, timmar)
        if differs:
            self.difference.setText(_("The actual extent differs from the schema: {actual} instead of the planned "
                                      "{planned}.").format(actual=extent_text(procent, timmar) or "—",
                                                           planned=extent_text(step.procent, step.timmar_per_dag)))
        elif step is not None and (procent is not None or timmar is not None):
            self.difference.setText(_("The actual extent is as the schema plans."))
        else:
            self.difference.setText("")
        paint_attention(self.difference, WARNING if differs else None)
        self.difference.setVisible(bool(self.difference.text()))

    def _show_plan(self) -> None:
        doc = self.doc
        plan = None
        if doc is not None and doc.utvecklingsplan_id:
            try:
                plan = self.repo.get_document(doc.utvecklingsplan_id)
            except KeyError:
                plan = None
        if plan is not None:
            self.plan_label.setText(_("The Utvecklingsplan of {date}").format(date=plan.datum.isoformat()))
        else:
            self.plan_label.setText(_("None for this follow-up."))
        self.open_plan_button.setVisible(plan is not None)
        self.start_plan_button.setVisible(doc is not None and plan is None)

    # ---- widgets <-> model -----------------------------------------------------------------------

    def load(self, f: Uppfoljning) -> None:
        self.title.setText(_("Follow-up {date}").format(date=f.datum.isoformat()))
        self.datum.set_date(f.datum)
        self.narvarande.setText(f.narvarande)
        self.procent.setText(procent_text(f.faktisk_procent))
        self.timmar.setText(timmar_text(f.faktiska_timmar_per_dag))
        for name, box in self.texts.items():
            box.setPlainText(getattr(f, name))
        self.nasta.set_date(f.nasta)

    def collect(self) -> tuple[Uppfoljning, list[ValidationError]]:
        old = self.doc
        errors: list[ValidationError] = []
        procent = read_procent(self.procent.text(), "faktisk_procent", errors)
        timmar = read_timmar(self.timmar.text(), "faktiska_timmar_per_dag", errors)
        # out of range: the error at the field, the last good value kept
        if procent is not None and not 0 <= procent <= 100:
            errors.append(ValidationError("faktisk_procent", "percent"))
            procent = None
        if timmar is not None and not 0 <= timmar <= MAX_HOURS_PER_DAY:
            errors.append(ValidationError("faktiska_timmar_per_dag", "hours", high=MAX_HOURS_PER_DAY))
            timmar = None
        bad = {e.field for e in errors}
        f = dataclasses.replace(
            old, datum=read_date(self.datum, "datum", errors, required=True, fallback=old.datum),
            narvarande=self.narvarande.text(),
            faktisk_procent=old.faktisk_procent if "faktisk_procent" in bad else procent,
            faktiska_timmar_per_dag=old.faktiska_timmar_per_dag if "faktiska_timmar_per_dag" in bad else timmar,
            **{name: box.toPlainText() for name, box in self.texts.items()},
            nasta=read_date(self.nasta, "nasta", errors, fallback=old.nasta))
        known = {e.field for e in errors}
        return f, errors + [e for e in f.errors() if e.field not in known]

    def edited(self, *args) -> None:
        super().edited(*args)
        if self._loading or self.doc is None:
            return
        self._show_extent()
        item = self.series.currentItem()
        if item is not None and self.doc is not None and not self._loading:
            item.setText(self._item_text(self.doc))
            self.title.setText(_("Follow-up {date}").format(date=self.doc.datum.isoformat()))
