"""Kompetenskort: the workplace, six properties ("Egenskaper") rated on the
five-step scale with a comment each (the steps of "Förstå instruktioner" in the
plural, as on the form), the competences shown, the area to develop."""
from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QButtonGroup, QFormLayout, QGridLayout, QGroupBox, QLabel, QLineEdit,
                               QPushButton, QRadioButton, QStackedWidget, QToolButton, QVBoxLayout, QWidget)

from ...i18n import _
from ...models import Kompetenskort, Rating
from ...models.errors import ValidationError
from ...models.fields import MAX_NAME, MAX_SHORT
from ...models.personnummer import format_stored
from ...models.plans import (COMPETENCE_PROPERTIES, EGENSKAPER_HEADING, EGENSKAPER_QUESTION, KOMPETENSER_NOTE,
                             RATING_SCALE, rating_scale)
from ...models.printed import KOMPETENSKORT
from ...services import documents
from ..widgets import ErrorLabel, OptionalDateEdit, add_field
from .base import DocumentEditor, page
from .widgets import read_date, read_personnummer, section_title, text_box


def scale_header(grid: QGridLayout, row: int, scale) -> None:
    """The five step labels over the radio buttons' columns."""
    for col, (_n, label_sv, label_en) in enumerate(scale, 1):
        header = QLabel(label_sv)
        header.setToolTip(_(label_en))
        header.setWordWrap(True)
        header.setAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setMinimumWidth(80)
        grid.addWidget(header, row, col)


class RatingRow:
    """One property: five radio buttons (the scale, in the words the form uses
    for this property), a clear button, a comment."""

    def __init__(self, key: str, sv: str, en: str, grid: QGridLayout, row: int, on_change):
        self.key = key
        self.scale = rating_scale(key)
        self.label = QLabel(sv)
        self.label.setToolTip(_(en))
        self.group = QButtonGroup()
        self.group.setExclusive(True)
        grid.addWidget(self.label, row, 0)
        self.buttons: list[QRadioButton] = []
        for col, (n, label_sv, label_en) in enumerate(self.scale, 1):
            button = QRadioButton()
            button.setAccessibleName(f"{sv}: {label_sv}")
            button.setToolTip(f"{label_sv} ({_(label_en)})")
            self.group.addButton(button, n)
            grid.addWidget(button, row, col, alignment=Qt.AlignmentFlag.AlignCenter)
            self.buttons.append(button)
        self.clear_button = QToolButton()
        self.clear_button.setText("×")
        self.clear_button.setAutoRaise(True)
        self.clear_button.setToolTip(_("No rating"))
        self.clear_button.setAccessibleName(_("{property}: no rating").format(property=sv))
        self.clear_button.clicked.connect(lambda: (self.set_value(None), on_change()))
        grid.addWidget(self.clear_button, row, len(RATING_SCALE) + 1)
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(_("Comment"))
        self.comment.setAccessibleName(f"{sv}: {_('Comment')}")
        grid.addWidget(self.comment, row, len(RATING_SCALE) + 2)
        self.error = ErrorLabel()
        grid.addWidget(self.error, row + 1, len(RATING_SCALE) + 2)
        self.group.idClicked.connect(lambda _id: on_change())
        self.comment.textEdited.connect(lambda _t: on_change())

    def value(self) -> int | None:
        checked = self.group.checkedId()
        return checked if checked > 0 else None

    def set_value(self, value: int | None) -> None:
        self.group.setExclusive(False)  # lets every button be unchecked
        for n, button in enumerate(self.buttons, 1):
            button.setChecked(n == value)
        self.group.setExclusive(True)
        self.clear_button.setEnabled(value is not None)


class KompetenskortEditor(DocumentEditor):
    KIND = KOMPETENSKORT

    def __init__(self, repo, participant_id: str, autosaver, parent: QWidget | None = None):
        super().__init__(repo, participant_id, autosaver, parent)
        self.empty = QWidget()
        el = QVBoxLayout(self.empty)
        el.addWidget(QLabel(_("There is no Kompetenskort for this participant yet. It is written at avslut.")))
        self.create_button = QPushButton(_("Create kompetenskort"))
        self.create_button.clicked.connect(self.create_card)
        el.addWidget(self.create_button, alignment=Qt.AlignmentFlag.AlignLeft)
        el.addStretch(1)

        head = QGroupBox("Kompetenskort")
        form = QFormLayout(head)
        self.lines: dict[str, QLineEdit] = {}
        for name, label, limit in (("namn", "&Namn", MAX_NAME), ("personnummer", "&Personnummer", 13),
                                   ("adress", "A&dress", MAX_SHORT), ("arbetsplats", "A&rbetsplats", MAX_SHORT),
                                   ("kontaktperson", "Kontaktperson på arbetsplat&sen", MAX_NAME),
                                   ("telefon", "&Telefonnummer", MAX_SHORT)):
            edit = QLineEdit()
            edit.setMaxLength(limit)
            edit.textEdited.connect(self.edited)
            self.lines[name] = edit
            self.error_target(name, add_field(form, label, edit).set_error)
        self.beskrivning = text_box(3)
        self.beskrivning.setAccessibleName("Beskrivning av arbetsplatsen och arbetsuppgifter")
        self.beskrivning_error = ErrorLabel()
        self.error_target("beskrivning", self.beskrivning_error.set_message)

        ratings = QGroupBox(EGENSKAPER_HEADING)
        grid = QGridLayout(ratings)
        self.question = QLabel(EGENSKAPER_QUESTION)
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.question.setToolTip(_("How do you rate the person on the following?"))
        grid.addWidget(self.question, 0, 0, 1, len(RATING_SCALE) + 3)
        scale_header(grid, 1, RATING_SCALE)
        grid.addWidget(QLabel("<b>Kommentarer</b>"), 1, len(RATING_SCALE) + 2)
        self.rating_rows: list[RatingRow] = []
        row, scale = 2, RATING_SCALE
        for key, sv, en in COMPETENCE_PROPERTIES:
            if rating_scale(key) is not scale:  # worded otherwise (the plural): its own labels above it
                scale = rating_scale(key)
                scale_header(grid, row, scale)
                row += 1
            self.rating_rows.append(RatingRow(key, sv, en, grid, row, self.edited))
            row += 2  # the row and its error line
        grid.setColumnStretch(len(RATING_SCALE) + 2, 1)
        self.error_target("betyg", self._rating_errors)

        self.kompetenser_note = QLabel(KOMPETENSER_NOTE)
        self.kompetenser_note.setTextFormat(Qt.TextFormat.PlainText)
        self.kompetenser_note.setWordWrap(True)
        self.kompetenser_note.setToolTip(_("Both skills learnt earlier and noticed at the workplace, "
                                           "and skills newly gained there."))
        self.kompetenser = text_box(3)
        self.kompetenser.setAccessibleName("Kompetenser individen uppvisat")
        self.kompetenser.setAccessibleDescription(KOMPETENSER_NOTE)
        self.kompetenser_error = ErrorLabel()
        self.error_target("kompetenser", self.kompetenser_error.set_message)
        self.utvecklingsomrade = text_box(3)
        self.utvecklingsomrade.setAccessibleName("Utvecklingsområde")
        self.utvecklingsomrade_error = ErrorLabel()
        self.error_target("utvecklingsomrade", self.utvecklingsomrade_error.set_message)
        tail = QWidget()
        tail_form = QFormLayout(tail)
        self.datum = OptionalDateEdit()
        self.error_target("datum", add_field(tail_form, "Dat&um", self.datum).set_error)
        self.raw_field("datum", self.datum)
        self.raw_field("personnummer", self.lines["personnummer"])
        self.underskrift = QLineEdit()
        self.underskrift.setMaxLength(MAX_NAME)
        self.underskrift.setPlaceholderText(_("if different from the contact person above"))
        self.error_target("kontaktperson_underskrift",
                          add_field(tail_form, "Kontaktp&erson arbetsplatsen", self.underskrift).set_error)

        body = page(head, section_title("Beskrivning av arbetsplatsen och arbetsuppgifter"), self.beskrivning,
                    self.beskrivning_error, ratings,
                    section_title("Kompetenser individen uppvisat"), self.kompetenser_note, self.kompetenser,
                    self.kompetenser_error,
                    section_title("Utvecklingsområde"), self.utvecklingsomrade, self.utvecklingsomrade_error,
                    tail)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.scrolling(body))
        lay = QVBoxLayout(self)
        lay.addWidget(self.print_bar)
        lay.addWidget(self.stack, 1)

        for w in (self.beskrivning, self.kompetenser, self.utvecklingsomrade):
            w.textChanged.connect(self.edited)
        self.datum.edited.connect(self.edited)
        self.underskrift.textEdited.connect(self.edited)
        self.reload()

    def reload(self) -> None:
        cards = self.repo.documents(self.participant_id, "kompetenskort")
        doc = cards[-1] if cards else None
        self.stack.setCurrentIndex(1 if doc else 0)
        self.set_document(doc)

    def create_card(self) -> Kompetenskort:
        card = documents.new_kompetenskort(self.repo, self.participant_id)
        self.repo.save_document(card)
        self.reload()
        return self.doc

    def _rating_errors(self, _message) -> None:
        for i, row in enumerate(self.rating_rows):
            row.error.set_message(next((e.message for e in self._errors
                                        if e.field.startswith(f"betyg[{i}]")), None))

    def load(self, card: Kompetenskort) -> None:
        for name, edit in self.lines.items():
            value = getattr(card, name)
            edit.setText(format_stored(value) if name == "personnummer" else value)
        self.beskrivning.setPlainText(card.beskrivning)
        by_key = {r.egenskap: r for r in card.betyg}
        for row in self.rating_rows:
            rating = by_key.get(row.key, Rating(row.key))
            row.set_value(rating.betyg)
            row.comment.setText(rating.kommentar)
        self.kompetenser.setPlainText(card.kompetenser)
        self.utvecklingsomrade.setPlainText(card.utvecklingsomrade)
        self.datum.set_date(card.datum)
        self.underskrift.setText(card.kontaktperson_underskrift)

    def collect(self) -> tuple[Kompetenskort, list[ValidationError]]:
        old = self.doc
        errors: list[ValidationError] = []
        pnr = read_personnummer(self.lines["personnummer"].text(), errors, fallback=old.personnummer)
        known = {row.key for row in self.rating_rows}
        betyg = [Rating(row.key, row.value(), row.comment.text()) for row in self.rating_rows]
        betyg += [r for r in old.betyg if r.egenskap not in known]  # keep what this version does not show
        for row in self.rating_rows:
            row.clear_button.setEnabled(row.value() is not None)
        card = dataclasses.replace(
            old, **{name: edit.text() for name, edit in self.lines.items() if name != "personnummer"},
            personnummer=pnr, beskrivning=self.beskrivning.toPlainText(), betyg=betyg,
            kompetenser=self.kompetenser.toPlainText(), utvecklingsomrade=self.utvecklingsomrade.toPlainText(),
            datum=read_date(self.datum, "datum", errors, required=True, fallback=old.datum),
            kontaktperson_underskrift=self.underskrift.text())
        return card, errors + card.errors()
