"""Print the kartläggning from the Sammanställning step, where the participant
reads it through and signs it: "Print…" (preview, then the system dialog) and
"Save as PDF…", with the print state ("Printed as version 2 (…)").

Printing goes through ``ui.plans.printing.print_kartlaggning``, which flushes
the autosaver first: what was just typed, still in the field, is printed.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ...i18n import _
from .common import WizardContext

PRINT_KEY = "Ctrl+P"  # as on the Plans tab (only the visible one answers)


class SummaryPrintBar(QWidget):
    printed = Signal()

    def __init__(self, ctx: WizardContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.state_label = QLabel(self)
        self.state_label.setObjectName("summaryPrintState")
        self.state_label.setWordWrap(True)
        self.state_label.setTextFormat(Qt.PlainText)
        self.print_button = QPushButton(_("Print…"), self)
        self.print_button.setObjectName("summary:print")
        self.print_button.setToolTip(_("Preview and print (Ctrl+P)"))
        self.print_button.setShortcut(PRINT_KEY)
        self.pdf_button = QPushButton(_("Save as PDF…"), self)
        self.pdf_button.setObjectName("summary:pdf")
        self.print_button.clicked.connect(self.print_document)
        self.pdf_button.clicked.connect(self.save_pdf)
        from ..plans.printing import LayoutChoice
        from ...models.printed import KARTLAGGNING
        self.layout_choice = LayoutChoice(self)  # lättläst: the sammanställning in plain Swedish
        self.layout_choice.offer(KARTLAGGNING)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state_label, 1)
        layout.addWidget(self.layout_choice)
        layout.addWidget(self.print_button)
        layout.addWidget(self.pdf_button)

    def print_document(self):
        """Preview and print; the PrintRecord, or None (cancelled, or not saved)."""
        return self._print(to_pdf=False)

    def save_pdf(self):
        """Save as PDF; the Path, or None."""
        return self._print(to_pdf=True)

    def _print(self, to_pdf: bool):
        from ..plans.printing import print_kartlaggning
        result = print_kartlaggning(self.window(), self.ctx.repo, self.ctx.k.participant_id, self.ctx.kid,
                                    autosaver=self.ctx.autosaver, to_pdf=to_pdf,
                                    variant=self.layout_choice.variant)
        import shiboken6
        if not shiboken6.isValid(self) or not self.ctx.repo.vault.is_open:
            return result  # locked meanwhile: this page is gone (the print was recorded before)
        self.refresh()
        if result is not None:
            self.printed.emit()
        return result

    def refresh(self) -> None:
        """The state of the stored kartläggning (printed, changed since, not yet)."""
        from ...storage.prints import PrintLog
        from ..plans.printing import kartlaggning_content, print_state
        content = kartlaggning_content(self.ctx.repo, self.ctx.k.participant_id, self.ctx.kid)
        if content is None:
            self.state_label.clear()
            return
        text, changed = print_state(PrintLog(self.ctx.repo.vault), content)
        self.state_label.setText(text)
        from ..feedback import WARNING, paint_attention
        paint_attention(self.state_label, WARNING if changed else None)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        if not self.ctx.autosaver.has_pending:  # the wizard flushes on arrival; otherwise shown after a print
            self.refresh()
