"""Avslut: the date and the outcome (with what belongs to it), and the
slutdokumentation in the handbook's order, pre-filled from the vault when the avslut
is begun ("Påbörja avslut"), autosaved like the other documents. "Avsluta deltagaren"
closes the participant (read only until reopened, both audited); the Kompetenskort,
which goes with the avslut, is a click away.

While it is being written the avslut is saved but not in force (``Avslut.pagaende``):
the participant stays active until it is closed.
"""
from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QMessageBox, QPlainTextEdit, QPushButton, QRadioButton, QStackedWidget,
                               QVBoxLayout, QWidget)

from ...i18n import _
from ...models.errors import ValidationError
from ...models.fields import MAX_SHORT
from ...models.method import SLUT_SECTIONS, UTFALL_LABELS, Avslut, Utfall
from ...models.printed import SLUTDOKUMENTATION, printed_identity
from ...services import method
from ...storage import prints as pr
from ..widgets import ErrorLabel, FieldWithError, OptionalBoolCombo, OptionalDateEdit, add_field
from .base import DocumentEditor, page
from .widgets import read_date, section_title, text_box

# Benefits a participant may move to ("annan försörjning än ekonomiskt bistånd"): their
# Swedish names, offered in the list; anything else can be typed.
FORSORJNING_CHOICES = ("Sjukersättning", "Aktivitetsersättning", "Arbetslöshetsersättning", "Pension")


def utfall_text(a: Avslut) -> str:
    """The outcome in words, with what belongs to it ("Arbete – lönebidrag, subventionerad")."""
    if a.utfall is None:
        return _("Not chosen")
    words = _(UTFALL_LABELS[a.utfall])
    extra: list[str] = []
    if a.utfall == Utfall.ARBETE:
        extra = [a.anstallningsform.strip()] if a.anstallningsform.strip() else []
        if a.subventionerad is not None:
            extra.append(_("subsidised") if a.subventionerad else _("not subsidised"))
    elif a.utfall == Utfall.ANNAN_FORSORJNING and a.forsorjning.strip():
        extra = [a.forsorjning.strip()]
    return f"{words} – {', '.join(extra)}" if extra else words


def fit_lines(box: QPlainTextEdit, lines: int, most: int) -> None:
    """Room for ``lines`` lines, growing with the text up to ``most`` (then it scrolls)."""
    spacing = box.fontMetrics().lineSpacing()
    extra = 2 * box.frameWidth() + 2 * int(box.document().documentMargin()) + 4
    box.setMinimumHeight(spacing * lines + extra)

    def fit() -> None:
        shown = max(lines, min(most, int(box.document().size().height()) + 1))
        box.setMaximumHeight(spacing * shown + extra)
    box.document().documentLayout().documentSizeChanged.connect(lambda _size: fit())
    fit()


class AvslutEditor(DocumentEditor):
    KIND = SLUTDOKUMENTATION
    READ_ONLY_KEEP = (*DocumentEditor.READ_ONLY_KEEP, "kompetenskort_button")
    closed_changed = Signal()  # the participant was closed here (the page makes the record read only)
    kompetenskort_requested = Signal()

    def __init__(self, repo, participant_id: str, autosaver, parent: QWidget | None = None):
        super().__init__(repo, participant_id, autosaver, parent)
        # not begun
        self.empty = QWidget()
        el = QVBoxLayout(self.empty)
        self.empty_note = QLabel()
        self.empty_note.setWordWrap(True)
        self.empty_note.setTextFormat(Qt.TextFormat.PlainText)
        el.addWidget(self.empty_note)
        self.start_button = QPushButton(_("Begin avslut"))
        self.start_button.setToolTip(_("The slutdokumentation is filled in from the kartläggning, the "
                                       "arbetsträning, the follow-ups and the Kompetenskort; all of it can be edited"))
        self.start_button.clicked.connect(self.start)
        el.addWidget(self.start_button, alignment=Qt.AlignmentFlag.AlignLeft)
        el.addStretch(1)

        # the avslut
        head = QGroupBox("Avslut")
        form = QFormLayout(head)
        self.datum = OptionalDateEdit()
        self.error_target("datum", add_field(form, _("Date of avslut"), self.datum).set_error)
        self.raw_field("datum", self.datum)
        self.utfall_group = QButtonGroup(self)
        self.utfall_buttons: dict[Utfall, QRadioButton] = {}
        choices = QWidget()
        cl = QHBoxLayout(choices)
        cl.setContentsMargins(0, 0, 0, 0)
        for u in Utfall:
            button = QRadioButton(_(UTFALL_LABELS[u]))
            self.utfall_group.addButton(button)
            self.utfall_buttons[u] = button
            cl.addWidget(button)
        cl.addStretch(1)
        choices.setAccessibleName(_("Outcome"))
        self.utfall_row = FieldWithError(choices)
        form.addRow(QLabel(_("Outcome")), self.utfall_row)
        self.error_target("utfall", self.utfall_row.set_error)

        # what belongs to the outcome chosen: rows of the same form, shown for their outcome
        self.anstallningsform = QLineEdit()
        self.anstallningsform.setMaxLength(MAX_SHORT + 100)  # a bit over: too long gets a message
        self.anstallningsform.setPlaceholderText(_("e.g. lönebidrag, nystartsjobb, tillsvidare, visstid"))
        anstallning_row = add_field(form, _("Kind of employment"), self.anstallningsform)
        self.error_target("anstallningsform", anstallning_row.set_error)
        self.subventionerad = OptionalBoolCombo()
        subventionerad_row = add_field(form, _("Subsidised employment"), self.subventionerad)
        self.forsorjning = QComboBox()
        self.forsorjning.setEditable(True)
        self.forsorjning.addItems(["", *FORSORJNING_CHOICES])
        self.forsorjning.lineEdit().setMaxLength(MAX_SHORT + 100)
        forsorjning_row = add_field(form, _("Which means of support"), self.forsorjning)
        self.error_target("forsorjning", forsorjning_row.set_error)
        self.avbrott_orsak = text_box(2)
        fit_lines(self.avbrott_orsak, 2, 6)
        avbrott_row = add_field(form, _("Reason"), self.avbrott_orsak)
        self.error_target("avbrott_orsak", avbrott_row.set_error)
        self._form = form
        self._outcome_rows = {Utfall.ARBETE: (anstallning_row, subventionerad_row),
                              Utfall.ANNAN_FORSORJNING: (forsorjning_row,), Utfall.AVBROTT: (avbrott_row,)}
        self.kommentar = text_box(2)
        fit_lines(self.kommentar, 2, 6)
        self.error_target("kommentar", add_field(form, _("Comment"), self.kommentar).set_error)

        # the slutdokumentation, section by section in the handbook's order
        self.slut: dict[str, QPlainTextEdit] = {}
        parts: list[QWidget] = [section_title("Slutdokumentation")]
        for section, fields in SLUT_SECTIONS:
            box = QGroupBox(section)
            box.setObjectName(f"slut:{section}")
            bl = QVBoxLayout(box)
            for name, heading in fields:
                lines = 6 if name in ("sammanfattning", "arbetsplats") else 3
                edit = text_box(lines)
                fit_lines(edit, lines, 3 * lines)
                edit.setObjectName(f"slutdokumentation.{name}")
                edit.setAccessibleName(heading)
                if len(fields) > 1 or heading != section:
                    label = QLabel(f"<b>{heading}</b>")
                    label.setBuddy(edit)
                    bl.addWidget(label)
                bl.addWidget(edit)
                error = ErrorLabel(field=edit)
                bl.addWidget(error)
                self.error_target(f"slutdokumentation.{name}", error.set_message)
                edit.textChanged.connect(self.edited)
                self.slut[name] = edit
            parts.append(box)

        # the Kompetenskort goes with the avslut
        card_box = QGroupBox("Kompetenskort")
        kl = QHBoxLayout(card_box)
        self.kompetenskort_state = QLabel()
        self.kompetenskort_state.setWordWrap(True)
        self.kompetenskort_button = QPushButton(_("Open the Kompetenskort"))
        self.kompetenskort_button.clicked.connect(self.kompetenskort_requested)
        kl.addWidget(self.kompetenskort_state, 1)
        kl.addWidget(self.kompetenskort_button)

        body = page(head, *parts, card_box)
        self.form_stack = QStackedWidget()
        self.form_stack.addWidget(self.empty)
        self.form_stack.addWidget(self.scrolling(body))
        self.stack = self.form_stack

        # the state and "Avsluta deltagaren"
        self.state_label = QLabel()
        self.state_label.setObjectName("avslutState")
        self.state_label.setWordWrap(True)
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)
        self.close_button = QPushButton(_("Close the participant…"))
        self.close_button.setToolTip(_("The participant's record becomes read only until it is reopened"))
        self.close_button.clicked.connect(self.close_participant)
        bar = QHBoxLayout()
        bar.addWidget(self.state_label, 1)
        bar.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.print_bar)
        lay.addLayout(bar)
        lay.addWidget(self.form_stack, 1)

        self.datum.edited.connect(self.edited)
        self.utfall_group.buttonClicked.connect(self.edited)
        self.anstallningsform.textEdited.connect(self.edited)
        self.subventionerad.activated.connect(self.edited)
        self.forsorjning.editTextChanged.connect(self.edited)
        self.forsorjning.activated.connect(self.edited)
        for w in (self.avbrott_orsak, self.kommentar):
            w.textChanged.connect(self.edited)
        self.reload()

    # ---- which avslut ---------------------------------------------------------------------

    def current(self) -> Avslut | None:
        """The avslut being written, else the one in force (closed), else None."""
        return (method.avslut_being_written(self.repo, self.participant_id)
                or method.open_avslut(self.repo, self.participant_id))

    def reload(self) -> None:
        doc = self.current()
        self.form_stack.setCurrentIndex(1 if doc is not None else 0)
        self.set_document(doc)
        self._show_state()

    def start(self) -> Avslut | None:
        """"Påbörja avslut": a new avslut, pre-filled, saved at once (the participant stays active)."""
        if self.read_only or self.current() is not None:
            return None
        method.start_avslut(self.repo, self.participant_id)
        self.reload()
        first = self.utfall_buttons[Utfall.ARBETE]
        first.setFocus(Qt.FocusReason.OtherFocusReason)
        return self.doc

    def set_read_only(self, value: bool) -> None:
        super().set_read_only(value)
        self.reload()  # closed or reopened: which avslut is shown, and what can be done with it

    # ---- widgets <-> model -------------------------------------------------------------------

    def load(self, a: Avslut) -> None:
        self.datum.set_date(a.datum)
        self.utfall_group.setExclusive(False)
        for u, button in self.utfall_buttons.items():
            button.setChecked(u == a.utfall)
        self.utfall_group.setExclusive(True)
        self.anstallningsform.setText(a.anstallningsform)
        self.subventionerad.set_value(a.subventionerad)
        self.forsorjning.setEditText(a.forsorjning)
        self.avbrott_orsak.setPlainText(a.avbrott_orsak)
        self.kommentar.setPlainText(a.kommentar)
        for name, edit in self.slut.items():
            edit.setPlainText(a.slutdokumentation.get(name, ""))
        self._show_outcome_fields(a.utfall)

    def _chosen_utfall(self) -> Utfall | None:
        return next((u for u, b in self.utfall_buttons.items() if b.isChecked()), None)

    def collect(self) -> tuple[Avslut, list[ValidationError]]:
        old = self.doc
        errors: list[ValidationError] = []
        utfall = self._chosen_utfall()
        self._show_outcome_fields(utfall)
        slut = dict(old.slutdokumentation)  # keys this version does not show stay
        slut.update({name: edit.toPlainText() for name, edit in self.slut.items()})
        a = dataclasses.replace(
            old, datum=read_date(self.datum, "datum", errors, required=True, fallback=old.datum), utfall=utfall,
            anstallningsform=self.anstallningsform.text(), subventionerad=self.subventionerad.value(),
            forsorjning=self.forsorjning.currentText(), avbrott_orsak=self.avbrott_orsak.toPlainText(),
            kommentar=self.kommentar.toPlainText(), slutdokumentation=slut)
        return a, errors + a.errors()

    def edited(self, *args) -> None:
        super().edited(*args)
        if not self._loading:
            self._show_state()

    def _show_outcome_fields(self, utfall: Utfall | None) -> None:
        for u, rows in self._outcome_rows.items():
            for row in rows:
                self._form.setRowVisible(row, u == utfall)

    # ---- the state, closing ------------------------------------------------------------------

    def _show_state(self) -> None:
        from ..participants import format_day
        a = self.doc
        being_written = a is not None and a.pagaende
        self.close_button.setVisible(being_written and not self.read_only)
        if a is None:
            self.state_label.clear()
            reopened = [x for x in self.repo.documents(self.participant_id, "avslut") if x.ateroppnad]
            if reopened:
                last = reopened[-1]
                self.empty_note.setText(_(
                    "Closed on {date} ({outcome}) and reopened on {reopened}. Beginning the avslut again starts "
                    "from what was written then.").format(date=format_day(last.datum), outcome=utfall_text(last),
                                                         reopened=format_day(last.ateroppnad)))
            else:
                self.empty_note.setText(_(
                    "No avslut has been begun. When it is, the slutdokumentation is filled in from what the vault "
                    "already holds: the kartläggning, the arbetsträning, the follow-ups and the Kompetenskort."))
        elif being_written:
            self.state_label.setText(_("Being written: the participant stays active until you close them."))
        else:
            self.state_label.setText(_("Closed on {date} ({outcome}).").format(
                date=format_day(a.datum), outcome=utfall_text(a)))
        cards = self.repo.documents(self.participant_id, "kompetenskort")
        if cards:
            self.kompetenskort_state.setText(_("The Kompetenskort of {date} goes with the avslut.").format(
                date=format_day(cards[-1].datum)))
        else:
            self.kompetenskort_state.setText(_("The participant gets a Kompetenskort at avslut; "
                                               "none has been written yet."))

    def close_participant(self) -> bool:
        """"Avsluta deltagaren": asks (naming the participant and the outcome), then closes."""
        a = self.doc
        if a is None or not a.pagaende or self.read_only:
            return False
        if self._errors or not self.autosaver.flush():
            QMessageBox.warning(self.window(), _("Close the participant"),
                                _("Correct the marked fields first; what is closed must be what is saved."))
            return False
        a = self.repo.get_document(a.id)
        k = self.repo.latest_kartlaggning(self.participant_id)
        if k is not None and k.current_samtal is not None:  # it could not be ended in a closed record
            QMessageBox.warning(self.window(), _("Close the participant"),
                                _("A session of the kartläggning is still running: end it first."))
            return False
        if a.utfall is None:
            self.utfall_row.set_error(_("Choose the outcome first."))
            self.utfall_buttons[Utfall.ARBETE].setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        name = self.repo.get_participant(self.participant_id).namn
        answer = QMessageBox.question(
            self.window(), _("Close the participant?"),
            _("Close {name} with the outcome “{outcome}”?\n\nThe participant's record is then read only "
              "until it is reopened. The documents can still be printed.").format(name=name, outcome=utfall_text(a)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        method.close(self.repo, a)
        self.reload()
        self.closed_changed.emit()  # the page makes the whole record read only
        self.print_bar.print_button.setFocus(Qt.FocusReason.OtherFocusReason)  # next: print it for signing
        return True

    # ---- printing ---------------------------------------------------------------------------

    def _refresh_print_context(self) -> None:
        self._print_participant = printed_identity(self.repo.get_participant(self.participant_id))
        self._handlaggare_namn = pr.load_handlaggare(self.repo).namn

    def first_field(self) -> QWidget:
        return self.start_button if self.doc is None else self.utfall_buttons[Utfall.ARBETE]
