"""Step 1: the samtal of this kartläggning. Start a new one (agreed time frame,
at most 60 minutes; interpreter present; a note) or end the running one."""
from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDateEdit, QFormLayout, QGroupBox, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPushButton, QSizePolicy, QSpinBox, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ...i18n import _
from ...models.errors import ValidationError
from ...models.fields import MAX_SHORT
from ...models.kartlaggning import MAX_SAMTAL_MINUTES, Samtal
from ...services.kartlaggning_session import timeframe_error
from .common import DATE_FORMAT, ErrorLabel, TextField, WizardContext, heading, hint, scroll_page
from .common import medium_date as _format_date

COLUMNS = ("number", "date", "time", "frame", "tolk", "note")


class SamtalPage(QWidget):
    samtal_started = Signal()
    samtal_ended = Signal()
    samtal_edited = Signal()

    def __init__(self, ctx: WizardContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.title = _("Sessions")
        self.heading = heading(self.title, self)
        intro = hint(_("A session lasts at most 60 minutes and opens with an agreed time frame. "
                       "Usually 3–5 sessions make up one kartläggning."), self)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("samtalTable")
        self.table.setAccessibleName(_("Sessions of this kartläggning"))
        self.table.setHorizontalHeaderLabels([_("Session"), _("Date"), _("Time"), _("Time frame"),
                                              _("Interpreter"), _("Note")])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.ElideRight)
        header = self.table.horizontalHeader()
        for i in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(i, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.Stretch)
        self.table.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)

        self.form = QGroupBox(self)
        self.tidsram = QSpinBox(self.form)
        self.tidsram.setObjectName("samtal:tidsram")
        self.tidsram.setRange(0, 999)  # wider than allowed, so a wrong number is kept and explained
        self.tidsram.setValue(MAX_SAMTAL_MINUTES)
        self.tidsram.setAccessibleName(_("Agreed time frame in minutes"))
        self.tidsram_error = ErrorLabel(self.form, field=self.tidsram)
        self.tidsram_error.setObjectName("fieldError")
        tidsram_label = QLabel(_("Agreed &time frame (minutes):"), self.form)
        tidsram_label.setBuddy(self.tidsram)
        tidsram_row = QHBoxLayout()
        tidsram_row.addWidget(self.tidsram)
        tidsram_row.addWidget(self.tidsram_error, 1)
        self.tidsram.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)
        self.tolk = QCheckBox(_("&Interpreter present"), self.form)
        self.tolk.setObjectName("samtal:tolk")
        self.tolk_sprak = QLineEdit(self.form)  # the language interpreted: the documents say it
        self.tolk_sprak.setObjectName("samtal:tolk_sprak")
        self.tolk_sprak.setMaxLength(MAX_SHORT)
        self.tolk_sprak.setPlaceholderText(_("for example arabiska"))
        self.tolk_sprak.setAccessibleName(_("Language interpreted"))
        tolk_sprak_label = QLabel(_("Lan&guage:"), self.form)
        tolk_sprak_label.setBuddy(self.tolk_sprak)
        tolk_row = QHBoxLayout()
        tolk_row.addWidget(self.tolk)
        tolk_row.addSpacing(12)
        tolk_row.addWidget(tolk_sprak_label)
        tolk_row.addWidget(self.tolk_sprak, 1)
        self.tolk.toggled.connect(self.tolk_sprak.setEnabled)
        self.note = TextField(_("N&ote about the session (optional)"), "samtal:note", self.form, lines=3)
        self.note.draft_scope = lambda: self.running.id if self.running is not None else ""  # one note per samtal
        self.start_button = QPushButton(_("Start &new session"), self.form)
        self.start_button.setObjectName("samtal:start")
        self.start_button.clicked.connect(self.start_samtal)
        self.end_button = QPushButton(_("End session"), self.form)
        self.end_button.setObjectName("samtal:end")
        self.end_button.clicked.connect(self.end_samtal)
        self.resume_button = QPushButton(_("Contin&ue the last session"), self.form)
        self.resume_button.setObjectName("samtal:resume")
        self.resume_button.setToolTip(_("The last session was ended by mistake: let it run on"))
        self.resume_button.clicked.connect(self.resume_samtal)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.end_button)
        buttons.addStretch(1)
        form_layout = QFormLayout()
        form_layout.setRowWrapPolicy(QFormLayout.WrapLongRows)
        form_layout.addRow(tidsram_label, tidsram_row)
        form_layout.addRow(tolk_row)
        box = QVBoxLayout(self.form)
        box.addLayout(form_layout)
        box.addWidget(self.note)
        box.addLayout(buttons)

        self.header_box = QGroupBox(_("This kartläggning"), self)
        # Translators: paper form field "Syfte"
        self.syfte = TextField(_("Pu&rpose"), "kartlaggning:syfte", self.header_box, lines=2)
        self.syfte.set_text(ctx.k.syfte)
        self.syfte.edited.connect(self._on_header_edited)
        self.datum = QDateEdit(self.header_box)
        self.datum.setObjectName("kartlaggning:datum")
        self.datum.setCalendarPopup(True)
        self.datum.setDisplayFormat(DATE_FORMAT)
        self.datum.setAccessibleName(_("Date of the kartläggning"))
        self.datum.setDate(QDate(ctx.k.datum))
        self.datum.dateChanged.connect(self._on_header_edited)
        # Translators: paper form field "Datum"
        datum_label = QLabel(_("Dat&e:"), self.header_box)
        datum_label.setBuddy(self.datum)
        datum_row = QHBoxLayout()
        datum_row.addWidget(datum_label)
        datum_row.addWidget(self.datum)
        datum_row.addStretch(1)
        header_layout = QVBoxLayout(self.header_box)
        header_layout.addWidget(self.syfte)
        header_layout.addLayout(datum_row)

        self.table.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.addWidget(self.heading)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.form)
        layout.addWidget(self.header_box)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll_page(content))

        self.tidsram.valueChanged.connect(self._on_tidsram)
        self.tolk.toggled.connect(self._on_tolk_toggled)
        self.tolk_sprak.textEdited.connect(self._on_form_edited)
        self.note.edited.connect(self._on_form_edited)
        self.refresh()

    # ---- state -----------------------------------------------------------------

    @property
    def running(self) -> Samtal | None:
        return self.ctx.k.current_samtal

    def refresh(self) -> None:
        """Table and form from the model (after start/end or on open)."""
        k = self.ctx.k
        self.table.setRowCount(len(k.samtal))
        for row, s in enumerate(k.samtal):
            times = ""
            if s.start:
                end = s.slut.strftime("%H:%M") if s.slut else _("running")
                times = f"{s.start.strftime('%H:%M')}\u2013{end}"
            values = (str(row + 1), _format_date(s.datum), times,
                      _("{minutes} min").format(minutes=s.tidsram_minuter),
                      (_("Yes ({language})").format(language=s.tolk_sprak) if s.tolk_narvarande and s.tolk_sprak
                       else _("Yes") if s.tolk_narvarande else _("No")),
                      s.anteckning.splitlines()[0] if s.anteckning.strip() else "")
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == len(values) - 1 and s.anteckning:
                    item.setToolTip(s.anteckning)
                self.table.setItem(row, col, item)
        self.table.resizeRowsToContents()
        running = self.running
        self._loading = True
        try:
            if running is not None:
                self.form.setTitle(_("Running: session {number}").format(number=k.samtal_number(running.id)))
                self.tidsram.setValue(running.tidsram_minuter)
                self.tolk.setChecked(running.tolk_narvarande)
                self.tolk_sprak.setText(running.tolk_sprak or
                                        (self.ctx.session.interpreter_language() if running.tolk_narvarande else ""))
                self.note.set_text(running.anteckning)
            else:
                self.form.setTitle(_("New session (session {number})").format(number=len(k.samtal) + 1))
                self.tidsram.setValue(MAX_SAMTAL_MINUTES)
                self.tolk.setChecked(k.samtal[-1].tolk_narvarande if k.samtal else False)
                self.tolk_sprak.setText(self.ctx.session.interpreter_language() if self.tolk.isChecked() else "")
                self.note.set_text("")
            self.tidsram_error.show_error("")
            self.tolk_sprak.setEnabled(self.tolk.isChecked() and self.tolk.isEnabled())
        finally:
            self._loading = False
        self.start_button.setVisible(running is None)
        self.end_button.setVisible(running is not None)
        resumable = self.resumable()
        self.resume_button.setVisible(resumable is not None)
        if resumable is not None:
            self.resume_button.setText(_("Contin&ue session {number}").format(number=len(k.samtal)))

    def resumable(self) -> Samtal | None:
        """The last samtal, if it ended today and nothing runs: it may be continued."""
        return self.ctx.session.resumable(self.ctx.wall_clock().date())

    # ---- editing ---------------------------------------------------------------

    def tidsram_error_now(self) -> ValidationError | None:
        return timeframe_error(self.tidsram.value())

    def _on_tidsram(self, _value: int) -> None:
        if self._loading:
            return
        err = self.tidsram_error_now()
        self.tidsram_error.show_error(err.message if err else "")
        self._on_form_edited()

    def _on_tolk_toggled(self, checked: bool) -> None:
        if not self._loading and checked and not self.tolk_sprak.text().strip():
            self.tolk_sprak.setText(self.ctx.session.interpreter_language())  # offered; changed as typed
        self._on_form_edited()

    def _on_form_edited(self, *_args) -> None:
        running = self.running
        if self._loading or running is None:
            return
        self._schedule_save(running)

    def _sync_running(self, samtal: Samtal) -> None:
        """Form -> model for the running samtal, valid values only (read when the save runs,
        so a number half typed, like the 7 of 75, is not stored)."""
        if self.tidsram_error_now() is None:
            samtal.tidsram_minuter = self.tidsram.value()
        samtal.tolk_narvarande = self.tolk.isChecked()
        samtal.tolk_sprak = self.tolk_sprak.text().strip() if samtal.tolk_narvarande else ""
        samtal.anteckning = self.note.valid_text

    def _schedule_save(self, samtal: Samtal) -> None:
        def save(s=samtal):
            running = s is self.running
            if running:
                self._sync_running(s)
            self.ctx.save_part(("samtal", s.id), *([self.note] if running else []))
            if running:
                self.samtal_edited.emit()
        self.ctx.schedule(("samtal", samtal.id), save)

    def _on_header_edited(self, *_args) -> None:
        self.ctx.k.syfte = self.syfte.valid_text
        self.ctx.k.datum = self.datum.date().toPython()
        self.ctx.schedule(("header",), self._save_header)

    def _save_header(self) -> None:
        self.ctx.save_part(("header",), self.syfte)

    # ---- start / end -------------------------------------------------------------

    def start_samtal(self) -> Samtal | None:
        """A new samtal from the form; None (error shown next to the field) if the form is wrong."""
        if self.running is not None:
            return None
        err = self.tidsram_error_now()
        if err is not None:
            self.tidsram_error.show_error(err.message)
            self.tidsram.setFocus(Qt.OtherFocusReason)
            return None
        note_err = self.note.error()
        if note_err is not None:
            self.note.editor.setFocus(Qt.OtherFocusReason)
            return None
        samtal = self.ctx.session.start_samtal(self.ctx.wall_clock(), self.tidsram.value(), self.tolk.isChecked(),
                                               self.note.text(), tolk_sprak=self.tolk_sprak.text())
        self._schedule_save(samtal)
        self.ctx.autosaver.flush()
        self.refresh()
        self.samtal_started.emit()
        return samtal

    def resume_samtal(self) -> Samtal | None:
        samtal = self.resumable()
        if samtal is None:
            return None
        samtal.slut = None
        self._schedule_save(samtal)
        self.ctx.autosaver.flush()
        self.refresh()
        self.samtal_started.emit()
        return samtal

    def end_samtal(self) -> Samtal | None:
        """End the running samtal; None (the note's problem shown, the cursor in it) while
        the note cannot be saved: its text belongs to this samtal and would have nowhere to go."""
        samtal = self.running
        if samtal is None:
            return None
        if self.note.error() is not None:
            self.note.editor.setFocus(Qt.OtherFocusReason)
            return None
        self.ctx.keep_drafts(self.note)  # the note is fine: a draft it had goes with the running samtal
        self._sync_running(samtal)  # what the form says right now goes with it
        self.ctx.session.end_samtal(samtal, self.ctx.wall_clock())
        self._schedule_save(samtal)
        self.ctx.autosaver.flush()
        self.refresh()
        self.samtal_ended.emit()
        return samtal

    def first_field(self) -> QWidget:
        return self.tidsram if self.running is None else self.note.editor

    def focus_chain(self) -> list[QWidget]:
        return [self.table, self.tidsram, self.tolk, self.tolk_sprak, self.note.editor, self.start_button, self.resume_button,
                self.end_button, self.syfte.editor, self.datum]

    def set_read_only(self, value: bool) -> None:
        """A closed participant (avslut): no samtal is started, continued or ended and the
        fields refuse input; the table of samtal held stays readable."""
        from .. import read_only
        read_only.keep(self.table)
        read_only.apply(self, value)
