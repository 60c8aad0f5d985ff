"""The Deltagare tab: every field of models.Participant, saved as you type.

A new participant is written to the vault as soon as it has a name and a valid
personnummer. A personnummer that another participant has is explained at the field,
with a button that opens that participant. After that every edit is queued on the shared Autosaver. A field
with a bad value shows why next to it and keeps its text; the stored value of
that field stays as it was until the text is fixed, while the other fields
still save.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPalette
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QMessageBox, QPlainTextEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from ..i18n import _
from ..models import field_paths, personnummer
from ..models.errors import ValidationError
from ..models.fields import MAX_NAME, MAX_SHORT
from ..models.participant import (CASE_SOURCE_LABELS, DEFAULT_CONSENT_PARTIES, REFERRAL_FORM_LABELS, CaseSource,
                                  Participant, ReferralForm)
from ..models.printed import MEDGIVANDE, REFERRAL
from ..services.participant_session import ParticipantSession, typed_from_draft
from .autosave import Autosaver
from .contacts_editor import ContactsEditor, ContactsField
from .widgets import (ERROR_COLOR, FieldWithError, OptionalBoolCombo, OptionalDateEdit, add_field, plain,
                      scaled_font)


class NotSaved(ValidationError):
    """Raised to the Autosaver when something typed could not be stored yet."""

    def __init__(self, text: str):
        self._text = text
        super().__init__("participant", "not_saved")

    @property
    def message(self) -> str:
        return self._text


def pnr_complete(text: str) -> bool:
    """Long enough to judge while typing: 12 digits, or a separator before the last four."""
    raw = text.strip().replace(" ", "")
    if re.search(r"[^\d+-]", raw):
        return True
    return len(re.sub(r"\D", "", raw)) >= 12 or bool(re.fullmatch(r"\d{6}([-+]\d{4})|\d{8}-\d{4}", raw))


@dataclass
class FormField:
    path: str
    label: str
    row: FieldWithError | None
    read: Callable[[], Any]  # the model value; raises ValidationError for bad input
    write: Callable[[Any], None]
    raw: Callable[[], Any]  # what is in the widget, for keeping drafts over a lock
    set_raw: Callable[[Any], None]
    ready: Callable[[], bool] = lambda: True  # may an error show while typing?


# ---- Medgivande om informationsutbyte: parties ---------------------------------------

class PartiesEditor(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.boxes: list[QCheckBox] = []
        for party in DEFAULT_CONSENT_PARTIES:  # names of authorities: stay as written
            box = QCheckBox(party)
            box.toggled.connect(self.edited)
            layout.addWidget(box)
            self.boxes.append(box)
        self.other = QLineEdit()
        self.other.setPlaceholderText(_("Other parties, separated by commas"))
        self.other.setAccessibleName(_("Other parties"))
        self.other.setMaxLength(MAX_SHORT * 4)
        self.other.textChanged.connect(self.edited)
        layout.addWidget(self.other)
        self.setFocusProxy(self.boxes[0])

    def parties(self) -> list[str]:
        chosen = [box.text() for box in self.boxes if box.isChecked()]
        others = [p.strip() for p in self.other.text().split(",") if p.strip()]
        return chosen + [p for p in others if p not in chosen]

    def set_parties(self, parties: list[str]) -> None:
        for box in self.boxes:
            box.setChecked(box.text() in parties)
        self.other.setText(", ".join(p for p in parties if p not in DEFAULT_CONSENT_PARTIES))

    def raw(self) -> tuple[list[bool], str]:
        return [b.isChecked() for b in self.boxes], self.other.text()

    def set_raw(self, raw) -> None:
        checks, other = raw
        for box, checked in zip(self.boxes, checks):
            box.setChecked(checked)
        self.other.setText(other)


# ---- the form ---------------------------------------------------------------------------

class ParticipantForm(QWidget):
    created = Signal(str)  # participant id, when a new participant is first saved
    identity_changed = Signal(str, str)  # namn, personnummer formatted (as saved)
    open_existing_requested = Signal(str)  # the id of the participant who has the personnummer typed

    def __init__(self, repo, autosaver: Autosaver, participant: Participant | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.repo = repo
        self.autosaver = autosaver
        self.participant_id = participant.id if participant else Participant().id
        self.session = ParticipantSession(repo, self.participant_id, participant)  # the model and its drafts
        self.fields: dict[str, FormField] = {}
        self.errors: dict[str, str] = {}  # field path -> the message shown there
        self.touched: set[str] = set()
        self._loading = True
        self._build()
        self.load(participant if participant is not None else Participant(id=self.participant_id))
        self._initial_raw = {path: f.raw() for path, f in self.fields.items()}
        self._loading = False
        if participant is not None:
            self._put_back_drafts()
        self._update_banner()
        self._update_consent_status()

    @property
    def is_new(self) -> bool:
        return self.session.is_new

    @property
    def stored(self) -> Participant | None:
        """What the vault holds (None until the participant is created)."""
        return self.session.stored

    @property
    def duplicate_of(self) -> str | None:
        """Who has the personnummer typed, if someone else does."""
        return self.session.duplicate_of

    @property
    def save_key(self) -> tuple[str, str]:
        return ("participant", self.participant_id)

    # ---- building ---------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setFont(scaled_font(self, 1.0, bold=True))
        outer.addWidget(self.banner)
        columns = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        outer.addLayout(columns)
        outer.addStretch(1)

        # Kartläggningsmall header fields (names as on the paper form). Alt+P is the Plans
        # tab, hence Pe&rsonnummer (see ParticipantPage for the tabs' letters).
        box, form = self._group(_("Participant"), left)
        self._text(form, "namn", "&Namn:", MAX_NAME)
        pnr = self._text(form, "personnummer", "Pe&rsonnummer:", 40, read=self._read_pnr,
                         write=lambda v: self._line("personnummer").setText(personnummer.format_stored(v)),
                         ready=lambda: pnr_complete(self._line("personnummer").text()))
        pnr.setPlaceholderText(_("YYYYMMDD-NNNN"))
        pnr.editingFinished.connect(self._pnr_finished)
        self.open_existing_button = QPushButton(_("Open the existing participant"))
        self.open_existing_button.setToolTip(_("The participant who has this personnummer"))
        self.open_existing_button.clicked.connect(self._open_existing)
        self.open_existing_button.hide()
        self.fields["personnummer"].row.layout().addWidget(self.open_existing_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._text(form, "telefon", "&Telefonnummer:", MAX_SHORT)
        self._text(form, "mobil", "&Mobilnummer:", MAX_SHORT)
        self._text(form, "epost", "&E-post:", MAX_SHORT)
        adress = self._text(form, "adress", "A&dress:", MAX_SHORT)

        box, form = self._group("Kontaktpersoner", left)
        self.contacts = ContactsEditor()
        self.contacts.before = adress
        row = ContactsField(self.contacts)
        form.addRow(row)
        self.contacts.setAccessibleName("Kontaktpersoner")
        self._add(FormField("kontaktpersoner", "Kontaktpersoner", row, self.contacts.contacts,
                            self.contacts.set_contacts, self.contacts.raw, self.contacts.set_raw))
        self.contacts.edited.connect(lambda: self._edited("kontaktpersoner"))

        box, form = self._group(_("Interpreter and support"), left)
        self._check(form, "tolkbehov", _("Needs an &interpreter (tolkbehov)"))
        self._text(form, "sprak", _("&Language:"), MAX_SHORT)
        self._check(form, "forsorjningsstod", _("Receives försör&jningsstöd"))

        box, form = self._group("Medgivande om informationsutbyte", left)
        self.consent_status = QLabel()
        self.consent_status.setWordWrap(True)
        self.consent_status.setFont(scaled_font(self, 1.0, bold=True))
        self.consent_status.setAccessibleName(_("Consent status"))
        form.addRow(self.consent_status)
        self._date(form, "consent.signed", _("Si&gned:"))
        self.parties = PartiesEditor()
        parties_row = add_field(form, _("Parties:"), self.parties, buddy=self.parties.boxes[0])
        self._add(FormField("consent.parties", _("Parties"), parties_row, self.parties.parties,
                            self.parties.set_parties, self.parties.raw, self.parties.set_raw))
        self.parties.edited.connect(lambda: self._edited("consent.parties"))
        giltig = self._date(form, "consent.giltig_till", _("Valid until:"))
        giltig.setToolTip(_("The last day the consent holds. Empty: until the insats at the unit ends."))
        self._date(form, "consent.withdrawn", _("&Withdrawn:"))
        self._text(form, "consent.withdrawn_note", _("Withdrawal told to:"), MAX_SHORT).setToolTip(
            _("Who was told that the consent was withdrawn, and how (optional)"))
        self.print_bars = {MEDGIVANDE: self._print_bar(form, MEDGIVANDE, _("Print the consent…"))}

        box, form = self._group(_("Referral (aktualisering)"), right)
        self._combo(form, "referral.source", _("&Case came from:"),
                    [(None, _("Not given"))] + [(s, _(CASE_SOURCE_LABELS[s])) for s in CaseSource])
        self._text(form, "referral.source_other", _("Referred by (if other):"), MAX_SHORT)
        self._date(form, "referral.received", _("Received:"))
        # Bilaga 1, "Uppgifter från Arbetsförmedlingen till Arbetsmarknadsenheten", field by
        # field with the paper form's labels (Swedish in every language, like the printout)
        self._section(form, "Uppgifter från Arbetsförmedlingen")
        self._date(form, "referral.datum", "Datum:")
        self._section(form, "Sökande")
        self.sokande = QLabel()
        self.sokande.setTextFormat(Qt.TextFormat.PlainText)  # a name is never markup
        self.sokande.setAccessibleName("Namn på sökande")
        self._line("namn").textChanged.connect(self.sokande.setText)  # the participant is the sökande
        form.addRow("Namn på sökande:", self.sokande)
        self._section(form, "Handläggare på Arbetsförmedlingen")
        self._text(form, "referral.af_handlaggare", "Namn på handläggare:", MAX_NAME)
        self._text(form, "referral.af_telefon", "Telefonnummer (direkt):", MAX_SHORT)
        self._qualify("referral.af_telefon", "Telefonnummer (direkt) till handläggare")
        self._combo(form, "referral.form", "Form av anvisning:",
                    [(None, _("Not given"))] + [(f, REFERRAL_FORM_LABELS[f]) for f in ReferralForm])
        self._text(form, "referral.form_other", _("Other form:"), MAX_SHORT)
        self._section(form, "Anvisningstid")
        self._date(form, "referral.period_from", "Från och med:")
        self._qualify("referral.period_from", "Anvisningstid från och med")
        self._date(form, "referral.period_to", "Till och med:")
        self._qualify("referral.period_to", "Anvisningstid till och med")
        self._percent(form, "referral.omfattning_procent", "Omfattning i procent:")
        self._text(form, "referral.yrkesomrade", "&Önskemål om yrkesområde:", MAX_SHORT).setToolTip(
            "Önskemål om yrkesområde enligt arbetsförmedlingens handlingsplan")
        self._section(form, "Ersättning till anordnaren")
        self._text(form, "referral.ersattning", "Ersättning:", MAX_SHORT)
        self._qualify("referral.ersattning", "Ersättning till anordnaren")
        self._date(form, "referral.ersattning_from", "Från och med:")
        self._qualify("referral.ersattning_from", "Ersättning till anordnaren från och med")
        self._date(form, "referral.ersattning_to", "Till och med:")
        self._qualify("referral.ersattning_to", "Ersättning till anordnaren till och med")
        self._section(form, "")
        self._tristate(form, "referral.tolkbehov", "Tolkbehov:")
        self._tristate(form, "referral.forsorjningsstod", "Har sökande försörjningsstöd:")
        self._section(form, _("Social services"))
        self._text(form, "referral.socialsekreterare", _("Socialsekreterare:"), MAX_NAME)
        self._text(form, "referral.socialsekreterare_telefon", _("Socialsekreterare's phone:"), MAX_SHORT)
        note = QPlainTextEdit()
        note.setTabChangesFocus(True)
        note.setMinimumHeight(note.fontMetrics().lineSpacing() * 4)
        note.setMaximumHeight(note.fontMetrics().lineSpacing() * 8)
        row = add_field(form, _("Note:"), note)
        self._add(FormField("referral.note", _("Note"), row, note.toPlainText, note.setPlainText,
                            note.toPlainText, note.setPlainText))
        note.textChanged.connect(lambda: self._edited("referral.note"))
        self.print_bars[REFERRAL] = self._print_bar(form, REFERRAL, _("Print the referral…"))
        self._print_state_stale = True
        self.autosaver.saved.connect(self._refresh_print_state)
        self.created.connect(lambda _id: self._refresh_print_state())
        right.addStretch(1)
        left.addStretch(1)

    def _group(self, title: str, column: QVBoxLayout) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        column.addWidget(box)
        return box, form

    def _add(self, f: FormField) -> None:
        self.fields[f.path] = f

    def _section(self, form: QFormLayout, title: str) -> None:
        """A sub-heading inside a group, as the paper form groups its fields."""
        label = QLabel(title)
        label.setTextFormat(Qt.TextFormat.PlainText)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        label.setContentsMargins(0, label.fontMetrics().height() // 2, 0, 0)
        form.addRow(label)

    def _qualify(self, path: str, name: str) -> None:
        """The field's full name (messages, screen readers) where the label alone repeats
        another one ("Från och med" of Anvisningstid and of Ersättning till anordnaren)."""
        f = self.fields[path]
        f.label = name
        f.row.field.setAccessibleName(name)
        line = getattr(f.row.field, "line_edit", None)
        if line is not None:
            line.setAccessibleName(name)

    def _line(self, path: str) -> QLineEdit:
        return self.fields[path].row.field

    def _text(self, form: QFormLayout, path: str, label: str, limit: int, read=None, write=None,
              ready=None) -> QLineEdit:
        edit = QLineEdit()
        edit.setMaxLength(limit + 100)  # a bit over: too-long text gets a message, not a silent cut
        row = add_field(form, label, edit)
        self._add(FormField(path, plain(label).rstrip(":"), row, read or edit.text, write or edit.setText,
                            edit.text, edit.setText, ready or (lambda: True)))
        edit.textChanged.connect(lambda _t: self._edited(path))
        edit.editingFinished.connect(lambda: self._left(path))
        return edit

    def _date(self, form: QFormLayout, path: str, label: str) -> OptionalDateEdit:
        edit = OptionalDateEdit()
        row = add_field(form, label, edit, buddy=edit.line_edit)
        edit.setAccessibleName(plain(label).rstrip(":"))
        self._add(FormField(path, plain(label).rstrip(":"), row, lambda: edit.date_value(path), edit.set_date,
                            edit.text, edit.setText, edit.is_complete))
        edit.line_edit.textChanged.connect(lambda _t: self._edited(path))
        edit.editing_finished.connect(lambda: self._left(path))
        return edit

    def _check(self, form: QFormLayout, path: str, label: str) -> QCheckBox:
        box = QCheckBox(label)
        box.setAccessibleName(plain(label))
        row = FieldWithError(box)
        form.addRow(row)
        self._add(FormField(path, plain(label), row, box.isChecked, box.setChecked, box.isChecked, box.setChecked))
        box.toggled.connect(lambda _c: self._edited(path))
        return box

    def _combo(self, form: QFormLayout, path: str, label: str, items: list) -> QComboBox:
        combo = QComboBox()
        for value, text in items:
            combo.addItem(text, value)
        row = add_field(form, label, combo)
        self._add(FormField(path, plain(label).rstrip(":"), row, combo.currentData,
                            lambda v: combo.setCurrentIndex(max(0, combo.findData(v))),
                            combo.currentIndex, combo.setCurrentIndex))
        combo.currentIndexChanged.connect(lambda _i: self._edited(path))
        return combo

    def _tristate(self, form: QFormLayout, path: str, label: str) -> OptionalBoolCombo:
        combo = OptionalBoolCombo()
        row = add_field(form, label, combo)
        self._add(FormField(path, plain(label).rstrip(":"), row, combo.value, combo.set_value,
                            combo.currentIndex, combo.setCurrentIndex))
        combo.currentIndexChanged.connect(lambda _i: self._edited(path))
        return combo

    def _percent(self, form: QFormLayout, path: str, label: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(-1, 100)
        spin.setSpecialValueText(_("Not given"))
        spin.setSuffix(" %")
        spin.setSingleStep(5)
        spin.setMaximumWidth(spin.fontMetrics().horizontalAdvance(_("Not given")) * 2
                             + spin.fontMetrics().averageCharWidth() * 6)
        row = add_field(form, label, spin)

        def read():
            return None if spin.value() < 0 else spin.value()

        self._add(FormField(path, plain(label).rstrip(":"), row, read,
                            lambda v: spin.setValue(-1 if v is None else v), spin.value, spin.setValue))
        spin.valueChanged.connect(lambda _v: self._edited(path))
        return spin

    def _read_pnr(self) -> str:
        text = self._line("personnummer").text()
        return personnummer.normalize(text) if text.strip() else ""

    # ---- loading ----------------------------------------------------------------------

    def load(self, p: Participant) -> None:
        was = self._loading
        self._loading = True
        try:
            for path, f in self.fields.items():
                f.write(field_paths.get(p, path))
        finally:
            self._loading = was

    # ---- editing and saving --------------------------------------------------------------

    def _edited(self, path: str) -> None:
        if self._loading:
            return
        self._evaluate()
        if path.startswith("consent."):
            self._update_consent_status()
        self.autosaver.schedule(self.save_key, self.save)

    def _left(self, path: str) -> None:
        """Focus left a field: its error (if any) may show now."""
        if self._loading:
            return
        self.touched.add(path)
        self._show_errors()

    def _pnr_finished(self) -> None:
        edit = self._line("personnummer")
        try:
            digits = personnummer.normalize(edit.text())
        except ValidationError:
            return
        formatted = personnummer.format_stored(digits)
        if edit.text() != formatted:
            self._loading = True
            edit.setText(formatted)
            self._loading = False

    def _evaluate(self) -> Participant | None:
        """The participant as the widgets say, with bad fields left at their stored
        value (``ParticipantSession.update``); updates ``self.errors``. None when it
        cannot be saved at all."""
        values: dict[str, Any] = {}
        for path, f in self.fields.items():
            try:
                values[path] = f.read()
            except ValidationError as exc:
                values[path] = exc
        candidate = self.session.update(values)
        self.errors = {path: self._message(path, exc) for path, exc in self.session.errors.items()}
        self._show_errors()
        self._update_banner()
        return candidate

    def _message(self, path: str, error: ValidationError) -> str:
        if path == "personnummer" and self.session.duplicate_of:
            return _("Another participant already has this personnummer.")
        return error.message

    def _visible_errors(self) -> dict[str, str]:
        return {path: msg for path, msg in self.errors.items()
                if path in self.fields and (path in self.touched or self.fields[path].ready())}

    def _show_errors(self) -> None:
        visible = self._visible_errors()
        for path, f in self.fields.items():
            if f.row is not None:
                f.row.set_error(visible.get(path, ""))
        self.open_existing_button.setVisible(bool(self.duplicate_of) and "personnummer" in visible)

    def _open_existing(self) -> None:
        if self.duplicate_of:
            self.open_existing_requested.emit(self.duplicate_of)

    def _update_banner(self) -> None:
        if not self.is_new:
            self.banner.hide()
            return
        no_name = "namn" in self.errors or not self._line("namn").text().strip()
        no_pnr = "personnummer" in self.errors or not self._line("personnummer").text().strip()
        if self.duplicate_of and "personnummer" in self._visible_errors():
            text = _("Not saved yet: another participant already has this personnummer (see below).")
        elif "personnummer" in self.errors and "personnummer" in self._visible_errors() and not no_name:
            text = _("Not saved yet: the personnummer needs fixing (see below).")
        elif no_name and no_pnr:
            text = _("Not saved yet: enter a name and a valid personnummer.")
        elif no_name:
            text = _("Not saved yet: enter a name.")
        else:
            text = _("Not saved yet: enter a valid personnummer.")
        self.banner.setText(text)
        self.banner.show()

    def save(self) -> None:
        """The Autosaver's save: store what is valid; raise NotSaved for what is not."""
        candidate = self._evaluate()
        if candidate is None:
            if self.is_new:
                raise NotSaved(self._why_not_created())
            raise NotSaved(next(iter(self.errors.values()), ""))
        old = self.stored
        changed = self.session.save(candidate, self.session.drafts_for({p: f.raw() for p, f in self.fields.items()}))
        if changed:
            if old is None:
                self._update_banner()
                self.created.emit(candidate.id)
            if old is None or (old.namn, old.personnummer) != (candidate.namn, candidate.personnummer):
                self.identity_changed.emit(candidate.namn, candidate.personnummer_formatted)
        visible = {path: m for path, m in self._visible_errors().items() if path not in self.session.drafts.paths}
        if visible:  # a bad choice no draft can hold (not text): the save stays queued, the message shows
            path, message = next(iter(visible.items()))
            raise NotSaved(_("{field}: {message}").format(field=self.fields[path].label, message=message))

    # ---- drafts: text that cannot be saved as its value ----------------------------------------

    def _put_back_drafts(self) -> None:
        """The drafts of this participant's fields, back in their fields with their reason."""
        texts = self.session.restore_drafts(self.fields)
        if not texts:
            return
        self._loading = True
        try:
            for path, text in texts.items():
                field = self.fields[path]
                field.set_raw(typed_from_draft(text, field.raw()))
                self.touched.add(path)
        finally:
            self._loading = False
        self._evaluate()

    def _why_not_created(self) -> str:
        """The status bar's reason, the same as the field says (e.g. a personnummer that
        another participant has), not a general one that would contradict it."""
        message = self._visible_errors().get("personnummer")
        if message:
            return _("{field}: {message}").format(field=self.fields["personnummer"].label, message=message)
        return _("the new participant needs a name and a valid personnummer")

    def has_input(self, ignore: tuple[str, ...] = ()) -> bool:
        """Anything typed since the form was built (for a new participant: anything at all),
        not counting the fields in ``ignore``."""
        return any(f.raw() != self._initial_raw[path] for path, f in self.fields.items() if path not in ignore)

    def finish_editing(self) -> bool:
        """Leaving the form: show every error now. True when nothing typed is left unsaved."""
        self._evaluate()
        self.touched.update(self.errors)
        self._show_errors()
        if self.is_new:
            return not self.has_input()
        return not any(path in self.fields and path not in self.session.drafts.paths for path in self.errors)

    def unsaved_reason(self) -> str:
        """Why some input is not saved, in one sentence for a question box."""
        if self.is_new:
            return self.banner.text()
        for path, message in self.errors.items():
            if path in self.fields:
                return _("{field}: {message}").format(field=self.fields[path].label, message=message)
        return ""

    # ---- consent marker ---------------------------------------------------------------------

    def _update_consent_status(self) -> None:
        from .participants import format_day
        try:
            signed = self.fields["consent.signed"].read()
        except ValidationError:
            signed = self.stored.consent.signed if self.stored else None
        try:
            withdrawn = self.fields["consent.withdrawn"].read()
        except ValidationError:
            withdrawn = self.stored.consent.withdrawn if self.stored else None
        try:
            until = self.fields["consent.giltig_till"].read()
        except ValidationError:
            until = self.stored.consent.giltig_till if self.stored else None
        palette = self.palette()
        if withdrawn:
            text = _("⚠ Consent WITHDRAWN on {date}. Do not exchange information.").format(
                date=format_day(withdrawn))
            palette.setColor(QPalette.ColorRole.WindowText, QColor(ERROR_COLOR))
        elif signed and until and until < date.today():
            text = _("⚠ Consent given on {date} held until {until}. Do not exchange information.").format(
                date=format_day(signed), until=format_day(until))
            palette.setColor(QPalette.ColorRole.WindowText, QColor(ERROR_COLOR))
        elif signed and until:
            text = _("Consent given on {date}, valid until {until}.").format(date=format_day(signed),
                                                                          until=format_day(until))
        elif signed:
            text = _("Consent given on {date}.").format(date=format_day(signed))
        else:
            text = _("No signed consent recorded.")
        self.consent_status.setPalette(palette)
        self.consent_status.setText(text)

    # ---- printing the referral and the medgivande --------------------------------------------

    def _print_bar(self, form: QFormLayout, kind: str, text: str):
        """Print state, "Print…" (preview, then the system dialog) and "Save as PDF…",
        the same path as the plans (``ui.plans.printing.PrintBar``)."""
        from .plans.printing import PrintBar
        bar = PrintBar(self.repo, lambda: self._content_for_print(kind), self)
        bar.setObjectName(f"print:{kind}")
        bar.print_button.setText(text)
        bar.print_button.setShortcut(QKeySequence())  # Ctrl+P is the Plans tab's; two bars here
        bar.print_button.setToolTip("")
        bar.printed.connect(self._refresh_print_state)
        bar.refresh(None)
        from . import read_only
        read_only.keep(bar)  # a closed participant's (avslut) papers can still be printed
        form.addRow(bar)
        return bar

    def _content_for_print(self, kind: str):
        """Save first, then print what is stored (what the fields show): None, with a
        message, when a field the printout shows is not saved."""
        from ..services import printing
        if self.is_new:
            return None
        flushed = self.autosaver.flush()
        part = "referral." if kind == REFERRAL else "consent."
        shown = [path for path in self.errors
                 if path in self.fields and (path.startswith(part) or path in ("namn", "personnummer"))]
        if shown:
            self.touched.update(shown)
            self._show_errors()
            QMessageBox.warning(self.window(), _("Print"),
                                _("Correct the marked fields first; what is printed must be what is saved."))
            return None
        content = printing.participant_content(self.repo, self.participant_id, kind)
        if not flushed:  # something else is unsaved: print only if this part is as the fields say
            candidate = self._evaluate()
            if candidate is None or (candidate.referral if kind == REFERRAL else candidate.consent) != \
                    content.document or (candidate.namn, candidate.personnummer) != (
                    content.participant.namn, content.participant.personnummer):
                QMessageBox.warning(self.window(), _("Print"), _("Some changes could not be saved: {reason}").format(
                    reason=self.autosaver.message))
                return None
        return content

    def _refresh_print_state(self) -> None:
        """Printed as version N / changed since printing, for the stored participant."""
        import shiboken6
        if not shiboken6.isValid(self):
            return
        if not self.isVisible():
            self._print_state_stale = True  # refreshed when shown (autosaves run on every tab)
            return
        self._print_state_stale = False
        from ..services import printing
        for kind, bar in self.print_bars.items():
            if self.is_new or not self.repo.vault.is_open:
                bar.refresh(None)
                continue
            try:
                bar.refresh(printing.participant_content(self.repo, self.participant_id, kind))
            except KeyError:  # deleted meanwhile
                bar.refresh(None)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        if self._print_state_stale:
            self._refresh_print_state()

    # ---- drafts over a lock -----------------------------------------------------------------

    def unsaved_draft(self) -> dict[str, Any]:
        """Raw widget contents that are not in the vault (bad fields; everything for a
        new participant not yet saved). Kept in memory only, over a lock."""
        self._evaluate()
        paths = self.fields if self.is_new else [p for p in self.errors if p in self.fields]
        return {p: self.fields[p].raw() for p in paths}

    def apply_draft(self, draft: dict[str, Any]) -> None:
        if not draft:
            return
        self._loading = True
        try:
            for path, raw in draft.items():
                if path in self.fields:
                    self.fields[path].set_raw(raw)
                    self.touched.add(path)
        finally:
            self._loading = False
        self._evaluate()
        self._update_consent_status()
        self.autosaver.schedule(self.save_key, self.save)

    def first_input(self) -> QWidget:
        return self._line("namn")

    # ---- after avslut ---------------------------------------------------------------------

    def set_read_only(self, value: bool) -> None:
        """A closed participant (avslut) until reopened: every field shows its value and
        refuses input, so nothing is queued for saving (``ui.read_only``)."""
        from . import read_only
        self.read_only = value
        read_only.apply(self, value)

