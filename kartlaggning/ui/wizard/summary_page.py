"""Step 6: Sammanställning. Running text, sammanfattning/bedömning,
rehabiliteringsförslag, förslag på övriga åtgärder, the participant's comment,
and when it was gone through with and signed by the participant; printed from here
for the signature."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from ...i18n import _
from .common import DATE_FORMAT, TextField, WizardContext, heading, scroll_page
from .summary_print import SummaryPrintBar


def field_labels() -> dict[str, tuple[str, int]]:
    return {
        "text": (_("&Write-up (running text)"), 10),
        # Translators: paper form text "Sammanfattning/bedömning"
        "bedomning": (_("Summary and &assessment"), 5),
        # Translators: paper form text "Rehabiliteringsförslag"
        "rehabiliteringsforslag": (_("&Rehabilitation proposals"), 4),
        # Translators: paper form text "Förslag på övriga åtgärder"
        "ovriga_atgarder": (_("Proposals for &other measures"), 4),
        "deltagarens_kommentar": (_("The participant's &comment"), 3),
    }


class DateCheck(QWidget):
    """A check box ("done") with the date it was done."""
    changed = Signal()

    def __init__(self, label: str, object_name: str, today, parent: QWidget | None = None):
        super().__init__(parent)
        self._today = today
        self.check = QCheckBox(label, self)
        self.check.setObjectName(f"{object_name}:check")
        self.date = QDateEdit(self)
        self.date.setObjectName(f"{object_name}:date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(DATE_FORMAT)
        self.date.setAccessibleName(_("Date: {what}").format(what=label.replace("&", "")))
        self.date.setEnabled(False)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check, 0, 0)
        layout.addWidget(self.date, 0, 1)
        layout.setColumnStretch(2, 1)
        self.check.toggled.connect(self._on_toggled)
        self.date.dateChanged.connect(lambda _d: self.changed.emit())

    def value(self) -> date | None:
        return self.date.date().toPython() if self.check.isChecked() else None

    def set_value(self, value: date | None) -> None:
        self.blockSignals(True)
        try:
            self.check.setChecked(value is not None)
            self.date.setDate(QDate(value) if value else QDate(self._today()))
        finally:
            self.blockSignals(False)

    def _on_toggled(self, checked: bool) -> None:
        self.date.setEnabled(checked)
        if checked and not self.signalsBlocked():
            self.date.setDate(QDate(self._today()))
        self.changed.emit()


class SummaryPage(QWidget):
    def __init__(self, ctx: WizardContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        s = ctx.k.sammanstallning
        # Translators: paper form title "Sammanställning"
        self.title = _("Summary")
        content = QWidget()
        layout = QVBoxLayout(content)
        self.heading = heading(self.title, content)
        layout.addWidget(self.heading)
        self.fields: dict[str, TextField] = {}
        for name, (label, lines) in field_labels().items():
            field = TextField(label, f"sammanstallning:{name}", content, lines=lines)
            field.set_text(getattr(s, name))
            field.edited.connect(self._on_edited)
            layout.addWidget(field, lines)
            self.fields[name] = field
        today = lambda: ctx.wall_clock().date()  # noqa: E731
        # The signing row stays visible below the scrolling texts: it is what this step ends with.
        self.genomgangen = DateCheck(_("&Gone through with the participant"), "sammanstallning:genomgangen",
                                     today, self)
        self.signerad = DateCheck(_("S&igned by the participant"), "sammanstallning:signerad", today, self)
        signing = QHBoxLayout()
        for check, value in ((self.genomgangen, s.genomgangen), (self.signerad, s.signerad)):
            check.set_value(value)
            signing.addWidget(check)
        signing.addStretch(1)
        self.genomgangen.changed.connect(self._on_edited)
        self.signerad.changed.connect(self._on_signed)
        self.print_bar = SummaryPrintBar(ctx, self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll_page(content), 1)
        outer.addLayout(signing)
        outer.addWidget(self.print_bar)

    def _on_signed(self) -> None:
        if self.signerad.value() is not None and self.genomgangen.value() is None:
            self.genomgangen.check.setChecked(True)  # signing means it was gone through
            self.genomgangen.date.setDate(self.signerad.date.date())
        self._on_edited()

    def _on_edited(self, *_args) -> None:
        s = self.ctx.k.sammanstallning
        for name, field in self.fields.items():
            setattr(s, name, field.valid_text)
        s.genomgangen = self.genomgangen.value()
        s.signerad = self.signerad.value()
        self.ctx.schedule(("sammanstallning",), self._save)

    def _save(self) -> None:
        self.ctx.save_part(("sammanstallning",), *self.fields.values())

    def first_field(self) -> QWidget:
        return self.fields["text"].editor

    def focus_chain(self) -> list[QWidget]:
        return [*(f.editor for f in self.fields.values()), self.genomgangen.check, self.genomgangen.date,
                self.signerad.check, self.signerad.date, self.print_bar.print_button, self.print_bar.pdf_button]

    def set_read_only(self, value: bool) -> None:
        """A closed participant (avslut): the texts and the signing refuse input; printing stays."""
        from .. import read_only
        read_only.keep(self.print_bar)
        read_only.apply(self, value)
