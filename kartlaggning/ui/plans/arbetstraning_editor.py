"""Arbetsträning: the period, the workplace (from the unit's register; its handledare
and tasks are copied into the document, which keeps what was agreed), Arbetsförmedlingen's
beslut, the arbetsträningsschema (from which day how much of full time, hours per day) and
the anpassningar with how each worked. Autosaved; printed as "Arbetsträningsschema" for
the participant and the workplace."""
from __future__ import annotations

import copy
import dataclasses
import math
from dataclasses import dataclass
from datetime import date

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, 
                               QPushButton, QVBoxLayout, QWidget)

from ...i18n import N_, _, language
from ...models.errors import ValidationError
from ...models.fields import MAX_NAME, MAX_SHORT
from ...models.method import MAX_HOURS_PER_DAY, Anpassning, Arbetstraning, SchemaSteg
from ...models.printed import ARBETSTRANING, printed_identity
from ...services import method
from ...storage import prints as pr
from ..widgets import ErrorLabel, OptionalDateEdit, add_field
from .base import ChosenDocumentEditor, left, page
from .widgets import Column, RowTable, read_date, section_title, text_box
from .workplaces_dialog import edit_workplaces, fill_workplace_combo

SCHEMA_COLUMNS = ("datum", "procent", "timmar_per_dag")


# ---- numbers as typed ----------------------------------------------------------------------

def procent_text(value: int | None) -> str:
    return "" if value is None else str(value)


def timmar_text(value: float | None) -> str:
    """Hours as the user reads them: ``4``, ``4,5`` (Swedish) or ``4.5``."""
    if value is None:
        return ""
    text = f"{value:g}"
    return text.replace(".", ",") if language() == "sv" else text


def read_procent(text: str, field: str, errors: list) -> int | None:
    """``50``, ``50 %`` -> 50; empty -> None; anything else adds the field's error (the
    model checks the range: 150 is read as 150 and refused there)."""
    raw = (text or "").strip().rstrip("%").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        errors.append(ValidationError(field, "percent"))
        return None


def read_timmar(text: str, field: str, errors: list) -> float | None:
    """``4``, ``4,5``, ``4.5 h`` -> hours; empty -> None; anything else adds the field's error."""
    raw = (text or "").strip().lower()
    for unit in ("timmar", "tim", "h"):
        if raw.endswith(unit):
            raw = raw[:-len(unit)].strip()
            break
    if not raw:
        return None
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        errors.append(ValidationError(field, "hours", high=MAX_HOURS_PER_DAY))
        return None
    return value


@dataclass
class StegRow:
    """A schema row as the table edits it: the numbers as typed."""
    datum: date | None = None
    procent: str = ""
    timmar_per_dag: str = ""


def to_rows(schema: list[SchemaSteg]) -> list[StegRow]:
    return [StegRow(s.datum, procent_text(s.procent), timmar_text(s.timmar_per_dag)) for s in schema]


def from_rows(rows: list[StegRow], errors: list) -> list[SchemaSteg]:
    return [SchemaSteg(r.datum, read_procent(r.procent, f"schema[{i}].procent", errors),
                       read_timmar(r.timmar_per_dag, f"schema[{i}].timmar_per_dag", errors))
            for i, r in enumerate(rows)]


# ---- the editor ---------------------------------------------------------------------------

class ArbetstraningEditor(ChosenDocumentEditor):
    MESSAGE_TITLE = N_("Arbetsträning")
    KIND = ARBETSTRANING

    def __init__(self, repo, participant_id: str, autosaver, parent: QWidget | None = None):
        super().__init__(repo, participant_id, autosaver, parent)

        # empty state
        self.empty = QWidget()
        el = QVBoxLayout(self.empty)
        note = QLabel(_("No arbetsträning yet. A new one starts from the matchning's workplace and the "
                        "referral's extent; make the arbetsträningsschema together before the start."))
        note.setWordWrap(True)
        el.addWidget(note)
        self.create_button = QPushButton(_("New arbetsträning"))
        self.create_button.clicked.connect(lambda: self.create_arbetstraning())
        el.addWidget(self.create_button, alignment=Qt.AlignmentFlag.AlignLeft)
        el.addStretch(1)

        # period and workplace
        head = QGroupBox("Arbetsträning")
        form = QFormLayout(head)
        self.datum, self.till = OptionalDateEdit(), OptionalDateEdit()
        self.error_target("datum", add_field(form, "Från och me&d", self.datum).set_error)
        self.error_target("till", add_field(form, "Till och med", self.till).set_error)
        self.workplace = QComboBox()
        self.workplace.setMinimumContentsLength(30)
        self.workplace.setAccessibleName(_("Workplace from the register"))
        self.workplace.setToolTip(_("Choosing a workplace copies its name, handledare and tasks into the fields "
                                    "below, where they can be changed"))
        self.workplaces_button = QPushButton(_("Workplaces…"))
        self.workplaces_button.setToolTip(_("The unit's register of workplaces: add or edit one"))
        self.workplaces_button.clicked.connect(self.open_register)
        form.addRow(_("From the register"), left(self.workplace, self.workplaces_button))
        self.lines: dict[str, QLineEdit] = {}
        for name, label, limit in (("arbetsplats", "Arbets&plats", MAX_NAME), ("handledare", "Ha&ndledare", MAX_NAME),
                                   ("handledare_telefon", "Telefon till handledare", MAX_SHORT)):
            edit = QLineEdit()
            edit.setMaxLength(limit)
            self.lines[name] = edit
            self.error_target(name, add_field(form, label, edit).set_error)
        self.arbetsuppgifter = text_box(3)
        self.arbetsuppgifter.setMaximumHeight(self.arbetsuppgifter.fontMetrics().lineSpacing() * 9 + 14)
        self.arbetsuppgifter.setAccessibleName("Arbetsuppgifter")
        self.arbetsuppgifter_error = ErrorLabel(field=self.arbetsuppgifter)
        self.error_target("arbetsuppgifter", self.arbetsuppgifter_error.set_message)
        tasks_label = QLabel("Arbets&uppgifter")
        tasks_label.setBuddy(self.arbetsuppgifter)
        form.addRow(tasks_label, self.arbetsuppgifter)
        form.addRow("", self.arbetsuppgifter_error)

        # Arbetsförmedlingen's beslut
        beslut = QGroupBox("Arbetsförmedlingens beslut")
        bform = QFormLayout(beslut)
        self.af_datum = OptionalDateEdit()
        self.error_target("af_beslut_datum", add_field(bform, "Beslutsdatum", self.af_datum).set_error)
        self.af_referens = QLineEdit()
        self.af_referens.setMaxLength(MAX_SHORT)
        self.error_target("af_beslut_referens", add_field(bform, "Referens", self.af_referens).set_error)
        for field, widget in (("datum", self.datum), ("till", self.till), ("af_beslut_datum", self.af_datum)):
            self.raw_field(field, widget)

        # the schema and the anpassningar
        self.schema = RowTable([Column("Från och med", kind="date", width=190, attr="datum"),
                                Column("Procent av heltid", width=170, attr="procent"),
                                Column("Timmar per dag", stretch=True, attr="timmar_per_dag")],
                               new_item=StegRow, add_text=_("Add step"))
        self.schema.table.setAccessibleName("Arbetsträningsschema")
        self.schema.table.setToolTip(_("The starting extent and the planned steps toward full time: from which "
                                       "day, how many percent of full time, how many hours per day"))
        self.error_target("schema", self.schema.set_error, rows=True)
        self.raw_table("schema", self.schema, list(SCHEMA_COLUMNS))
        self.anpassningar = RowTable([Column("Anpassning", stretch=True, attr="beskrivning"),
                                      Column("Hur det fungerade", stretch=True, attr="hur_det_fungerade")],
                                     new_item=Anpassning, add_text=_("Add adaptation"))
        self.anpassningar.table.setAccessibleName("Anpassningar")
        self.error_target("anpassningar", self.anpassningar.set_error, rows=True)
        schema_title = section_title("Arbetsträningsschema")
        schema_title.setBuddy(self.schema.table)
        anp_title = section_title("Anpassningar")
        anp_title.setBuddy(self.anpassningar.table)
        schema_note = QLabel(_("Start, e.g., at 25 or 50 % of full time and plan a reasonable increase toward full "
                               "time. Percent: 0–100; hours per day: 0–{high}.").format(high=MAX_HOURS_PER_DAY))
        schema_note.setWordWrap(True)

        self.new_button = QPushButton(_("New arbetsträning…"))
        self.new_button.clicked.connect(self.new_arbetstraning_clicked)
        self.chooser = QComboBox()
        self.chooser.setAccessibleName(_("Arbetsträning"))
        self.chooser.activated.connect(self._chosen)
        tools = QHBoxLayout()
        tools.addWidget(self.chooser)
        tools.addStretch(1)
        tools.addWidget(self.new_button)

        body = page(head, beslut, schema_title, schema_note, self.schema, anp_title, self.anpassningar)
        self.lay_out(tools, body)

        for w in (self.datum, self.till, self.af_datum):
            w.edited.connect(self.edited)
        for edit in (*self.lines.values(), self.af_referens):
            edit.textEdited.connect(self.edited)
        self.arbetsuppgifter.textChanged.connect(self.edited)
        self.workplace.activated.connect(self._workplace_chosen)
        self.schema.changed.connect(self.edited)
        self.anpassningar.changed.connect(self.edited)
        self.reload()

    # ---- documents -------------------------------------------------------------------------

    def _refresh_print_context(self) -> None:
        """What the printout shows besides the document (as ``prints.content_for`` builds it)."""
        self._print_participant = printed_identity(self.repo.get_participant(self.participant_id))
        self._handlaggare_namn = pr.load_handlaggare(self.repo).namn

    def chooser_text(self, t: Arbetstraning) -> str:
        where = f" – {t.arbetsplats}" if t.arbetsplats.strip() else ""
        return _("Arbetsträning from {date}").format(date=t.datum.isoformat()) + where

    def create_arbetstraning(self) -> Arbetstraning | None:
        """A new arbetsträning from the matchning's workplace and the referral's extent (saved)."""
        return self.start_new(lambda: method.new_arbetstraning(self.repo, self.participant_id))

    def new_arbetstraning_clicked(self) -> None:
        if self.confirm_new(_("New arbetsträning"), _("Start a new arbetsträning? The current one is kept and can "
                                                      "be chosen in the list.")):
            self.create_arbetstraning()

    # ---- the workplace -------------------------------------------------------------------------

    def _workplace_chosen(self, _index: int = 0) -> None:
        """Copy the chosen workplace's name, handledare and tasks into the fields (editable there)."""
        w_id = self.workplace.currentData()
        w = self.repo.workplace(w_id) if w_id else None
        if w is not None:
            self.lines["arbetsplats"].setText(w.arbetsplats)
            self.lines["handledare"].setText(w.handledare)
            self.lines["handledare_telefon"].setText(w.handledare_telefon)
            self._loading = True  # one edit for the lot, below
            try:
                self.arbetsuppgifter.setPlainText(w.arbetsuppgifter)
            finally:
                self._loading = False
        self.edited()

    def open_register(self) -> None:
        """The unit's workplaces; one added there is chosen (and copied) when none was."""
        chosen = self.workplace.currentData()
        dialog = edit_workplaces(self.repo, self.window(), select_id=chosen)
        if not shiboken6.isValid(self) or not self.repo.vault.is_open or self.doc is None:
            return  # the window locked while the register was open
        if chosen is None and dialog.added_ids:
            fill_workplace_combo(self.workplace, self.repo, dialog.added_ids[-1])
            self._workplace_chosen()
        else:
            fill_workplace_combo(self.workplace, self.repo, chosen)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        if self.doc is not None and not self.autosaver.has_pending:
            fill_workplace_combo(self.workplace, self.repo, self.doc.workplace_id)  # the register may have changed

    # ---- widgets <-> model ------------------------------------------------------------------

    def load(self, t: Arbetstraning) -> None:
        self.datum.set_date(t.datum)
        self.till.set_date(t.till)
        fill_workplace_combo(self.workplace, self.repo, t.workplace_id)
        for name, edit in self.lines.items():
            edit.setText(getattr(t, name))
        self.arbetsuppgifter.setPlainText(t.arbetsuppgifter)
        self.af_datum.set_date(t.af_beslut_datum)
        self.af_referens.setText(t.af_beslut_referens)
        self.schema.bind(to_rows(t.schema))  # the tables edit copies of the document's lists
        self.anpassningar.bind(copy.deepcopy(t.anpassningar))

    def collect(self) -> tuple[Arbetstraning, list[ValidationError]]:
        old = self.doc
        errors: list[ValidationError] = []
        errors += self.schema.errors("schema")
        schema = from_rows(self.schema.items(), errors)
        t = dataclasses.replace(
            old, datum=read_date(self.datum, "datum", errors, required=True, fallback=old.datum),
            till=read_date(self.till, "till", errors, fallback=old.till),
            workplace_id=self.workplace.currentData(),
            **{name: edit.text() for name, edit in self.lines.items()},
            arbetsuppgifter=self.arbetsuppgifter.toPlainText(),
            af_beslut_datum=read_date(self.af_datum, "af_beslut_datum", errors, fallback=old.af_beslut_datum),
            af_beslut_referens=self.af_referens.text(),
            schema=schema, anpassningar=self.anpassningar.items())
        known = {e.field for e in errors}
        return t, errors + [e for e in t.errors() if e.field not in known]

    def edited(self, *args) -> None:
        super().edited(*args)
        if self.doc is not None and not self._loading and self.chooser.isVisible():
            self.chooser.setItemText(self.chooser.findData(self.doc.id), self.chooser_text(self.doc))
