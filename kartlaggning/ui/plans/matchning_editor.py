"""Matchning: where the participant goes next, decided with the kartläggning as basis —
an arbetsträningsplats (a workplace of the unit's register), an education or other
support — why, the resurser and hinder it rests on, and the participant's own wishes.
Autosaved like the plans; not printed."""
from __future__ import annotations

import dataclasses

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPushButton, QRadioButton, QStackedWidget,
                               QVBoxLayout, QWidget)

from ...i18n import N_, _
from ...models.errors import ValidationError
from ...models.fields import MAX_SHORT
from ...models.method import MATCHNING_LABELS, Matchning, MatchningBeslut
from ...services import method
from ..widgets import ErrorLabel, OptionalDateEdit, PlainLabel, add_field
from .base import ChosenDocumentEditor, left, page
from .widgets import read_date, section_title, text_box
from .workplaces_dialog import edit_workplaces, fill_workplace_combo, hide_printing, workplace_summary

ID_ROLE = Qt.ItemDataRole.UserRole
DECISIONS = (MatchningBeslut.ARBETSTRANING, MatchningBeslut.UTBILDNING, MatchningBeslut.ANNAT_STOD)


class MatchningEditor(ChosenDocumentEditor):
    MESSAGE_TITLE = N_("Matchning")
    KIND = "matchning"

    def __init__(self, repo, participant_id: str, autosaver, parent: QWidget | None = None):
        super().__init__(repo, participant_id, autosaver, parent)
        hide_printing(self)

        # empty state
        self.empty = QWidget()
        el = QVBoxLayout(self.empty)
        note = QLabel(_("No matchning yet. With the kartläggning as basis, decide together with the participant "
                        "where to go next: a work-training place, an education or other support."))
        note.setWordWrap(True)
        el.addWidget(note)
        self.create_button = QPushButton(_("Create matchning"))
        self.create_button.clicked.connect(lambda: self.create_matchning())
        el.addWidget(self.create_button, alignment=Qt.AlignmentFlag.AlignLeft)
        el.addStretch(1)

        # the date
        head = QWidget()
        form = QFormLayout(head)
        self.datum = OptionalDateEdit()
        self.error_target("datum", add_field(form, _("Date of the matchning"), self.datum).set_error)
        self.raw_field("datum", self.datum)

        # the decision and its detail
        decision = QGroupBox(_("Decision"))
        dl = QVBoxLayout(decision)
        self.beslut_group = QButtonGroup(self)
        self.beslut_buttons: dict[MatchningBeslut, QRadioButton] = {}
        radios = QHBoxLayout()
        for i, value in enumerate(DECISIONS):
            button = QRadioButton(_(MATCHNING_LABELS[value]))
            self.beslut_group.addButton(button, i)
            self.beslut_buttons[value] = button
            radios.addWidget(button)
        radios.addStretch(1)
        dl.addLayout(radios)
        self.detail = QStackedWidget()
        nothing = QLabel(_("Choose the decision above."))
        self.detail.addWidget(nothing)
        # arbetsträningsplats: a workplace of the register
        wp = QWidget()
        wl = QFormLayout(wp)
        wl.setContentsMargins(0, 0, 0, 0)
        self.workplace = QComboBox()
        self.workplace.setMinimumContentsLength(30)
        self.workplaces_button = QPushButton(_("Workplaces…"))
        self.workplaces_button.setToolTip(_("The unit's register of workplaces: add or edit one"))
        self.workplaces_button.clicked.connect(self.open_register)
        wl.addRow(_("Workplace"), left(self.workplace, self.workplaces_button))
        self.workplace.setAccessibleName(_("Workplace"))
        self.workplace_info = PlainLabel()
        self.workplace_info.setWordWrap(True)
        wl.addRow("", self.workplace_info)
        self.detail.addWidget(wp)
        # education, other support: which
        self.utbildning, self.annat_stod = QLineEdit(), QLineEdit()
        for edit, name, label in ((self.utbildning, "utbildning", _("Which education")),
                                  (self.annat_stod, "annat_stod", _("Which support (care, daily activity, …)"))):
            edit.setMaxLength(MAX_SHORT)
            box = QWidget()
            bl = QFormLayout(box)
            bl.setContentsMargins(0, 0, 0, 0)
            self.error_target(name, add_field(bl, label, edit).set_error)
            self.detail.addWidget(box)
        dl.addWidget(self.detail)

        # what it rests on: the kartläggning's resurser and hinder, resurser first
        self.basis = QListWidget()
        self.basis.setAccessibleName(_("Based on: the kartläggning's resurser and hinder"))
        self.basis.setToolTip(_("Tick what the decision rests on (Space ticks the chosen line)"))
        self.basis_note = QLabel(_("The kartläggning has no resurser or hinder yet."))
        self.basis_note.setWordWrap(True)

        self.motivering = text_box(4)
        self.motivering.setAccessibleName(_("Why (motivering)"))
        self.motivering_error = ErrorLabel(field=self.motivering)
        self.error_target("motivering", self.motivering_error.set_message)
        self.onskemal = text_box(3)
        for box in (self.motivering, self.onskemal):
            box.setMaximumHeight(box.fontMetrics().lineSpacing() * 9 + 14)
        self.onskemal.setAccessibleName(_("The participant's own wishes"))
        self.onskemal_error = ErrorLabel(field=self.onskemal)
        self.error_target("egna_onskemal", self.onskemal_error.set_message)
        basis_title = section_title(_("Based on (from the kartläggning)"))
        basis_title.setBuddy(self.basis)
        why_title = section_title(_("Why"))
        why_title.setBuddy(self.motivering)
        wishes_title = section_title(_("The participant's own wishes"))
        wishes_title.setBuddy(self.onskemal)

        self.new_button = QPushButton(_("New matchning…"))
        self.new_button.clicked.connect(self.new_matchning_clicked)
        self.chooser = QComboBox()
        self.chooser.setAccessibleName(_("Matchning"))
        self.chooser.activated.connect(self._chosen)
        tools = QHBoxLayout()
        tools.addWidget(self.chooser)
        tools.addStretch(1)
        tools.addWidget(self.new_button)

        body = page(head, decision, basis_title, self.basis_note, self.basis, why_title, self.motivering,
                    self.motivering_error, wishes_title, self.onskemal, self.onskemal_error)
        self.lay_out(tools, body)

        self.datum.edited.connect(self.edited)
        self.beslut_group.idClicked.connect(self.edited)
        self.workplace.activated.connect(self.edited)
        for edit in (self.utbildning, self.annat_stod):
            edit.textEdited.connect(self.edited)
        for box in (self.motivering, self.onskemal):
            box.textChanged.connect(self.edited)
        self.basis.itemChanged.connect(self.edited)
        self.reload()

    # ---- documents -------------------------------------------------------------------------

    def content(self, doc):
        return None  # not printed

    def matchningar(self) -> list[Matchning]:
        return self.series()

    def chooser_text(self, m: Matchning) -> str:
        return _("Matchning of {date}").format(date=m.datum.isoformat())

    def create_matchning(self) -> Matchning | None:
        return self.start_new(lambda: method.new_matchning(self.repo, self.participant_id))

    def new_matchning_clicked(self) -> None:
        if self.confirm_new(_("New matchning"), _("Record a new matchning? The current one is kept and can be "
                                                  "chosen in the list.")):
            self.create_matchning()

    def open_register(self) -> None:
        """The unit's workplaces; one added there is chosen when none was."""
        chosen = self.workplace.currentData()
        dialog = edit_workplaces(self.repo, self.window(), select_id=chosen)
        if not shiboken6.isValid(self) or not self.repo.vault.is_open or self.doc is None:
            return  # the window locked while the register was open
        if chosen is None and dialog.added_ids:
            chosen = dialog.added_ids[-1]
        fill_workplace_combo(self.workplace, self.repo, chosen)
        self._show_workplace()
        self.edited()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        if self.doc is not None and not self.autosaver.has_pending:
            # the kartläggning and the register may have changed on another tab
            self._loading = True
            try:
                self._fill_basis(self.doc.grundas_pa)
                fill_workplace_combo(self.workplace, self.repo, self.doc.workplace_id)
                self._show_workplace()
            finally:
                self._loading = False

    # ---- widgets <-> model ------------------------------------------------------------------

    def _fill_basis(self, ticked: list[str]) -> None:
        rows = method.basis(self.repo, self.participant_id)
        self.basis.blockSignals(True)
        try:
            self.basis.clear()
            heading = None
            for entry_id, area, kind, text in rows:
                if kind != heading:
                    heading = kind
                    head = QListWidgetItem(_("Resources") if kind == "resurs" else _("Obstacles"), self.basis)
                    head.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    font = QFont(self.basis.font())
                    font.setBold(True)
                    head.setFont(font)
                item = QListWidgetItem(f"{_(area)}: {text}", self.basis)
                item.setData(ID_ROLE, entry_id)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                              | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if entry_id in ticked else Qt.CheckState.Unchecked)
                item.setToolTip(text)
        finally:
            self.basis.blockSignals(False)
        self.basis_note.setVisible(not rows)
        self.basis.setVisible(bool(rows))
        height = sum(self.basis.sizeHintForRow(r) for r in range(self.basis.count())) + 2 * self.basis.frameWidth()
        self.basis.setFixedHeight(min(max(height + 4, 40), 320))

    def basis_items(self) -> list[QListWidgetItem]:
        """The ticking lines (not the Resurser/Hinder headings), in order."""
        items = (self.basis.item(r) for r in range(self.basis.count()))
        return [i for i in items if i.data(ID_ROLE)]

    def _show_workplace(self) -> None:
        w_id = self.workplace.currentData()
        self.workplace_info.setText(workplace_summary(self.repo.workplace(w_id)) if w_id else "")
        self.workplace_info.setVisible(bool(self.workplace_info.text()))

    def _show_detail(self, beslut: MatchningBeslut | None) -> None:
        self.detail.setCurrentIndex(0 if beslut is None else 1 + DECISIONS.index(beslut))

    def _set_beslut(self, beslut: MatchningBeslut | None) -> None:
        self.beslut_group.setExclusive(False)
        for value, button in self.beslut_buttons.items():
            button.setChecked(value == beslut)
        self.beslut_group.setExclusive(True)
        self._show_detail(beslut)

    def load(self, m: Matchning) -> None:
        self.datum.set_date(m.datum)
        self._set_beslut(m.beslut)
        fill_workplace_combo(self.workplace, self.repo, m.workplace_id)
        self._show_workplace()
        self.utbildning.setText(m.utbildning)
        self.annat_stod.setText(m.annat_stod)
        self._fill_basis(m.grundas_pa)
        self.motivering.setPlainText(m.motivering)
        self.onskemal.setPlainText(m.egna_onskemal)

    def collect(self) -> tuple[Matchning, list[ValidationError]]:
        old = self.doc
        errors: list[ValidationError] = []
        checked = self.beslut_group.checkedId()
        beslut = DECISIONS[checked] if checked >= 0 else None
        self._show_detail(beslut)
        self._show_workplace()
        shown = {i.data(ID_ROLE) for i in self.basis_items()}
        grundas_pa = [i.data(ID_ROLE) for i in self.basis_items() if i.checkState() == Qt.CheckState.Checked]
        grundas_pa += [x for x in old.grundas_pa if x not in shown]  # an entry not in the latest kartläggning
        m = dataclasses.replace(
            old, datum=read_date(self.datum, "datum", errors, required=True, fallback=old.datum),
            beslut=beslut, workplace_id=self.workplace.currentData(),
            utbildning=self.utbildning.text(), annat_stod=self.annat_stod.text(),
            motivering=self.motivering.toPlainText(), grundas_pa=grundas_pa,
            egna_onskemal=self.onskemal.toPlainText())
        return m, errors + m.errors()

    def edited(self, *args) -> None:
        super().edited(*args)
        if self.doc is not None and not self._loading and self.chooser.isVisible():
            index = self.chooser.findData(self.doc.id)
            self.chooser.setItemText(index, _("Matchning of {date}").format(date=self.doc.datum.isoformat()))
