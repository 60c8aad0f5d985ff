"""The participant's "Plans" tab: Individuell plan, Utvecklingsplaner,
Kompetenskort and the kartläggning's printout, each with its print state."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from ...i18n import _
from ...models.printed import PrintContent
from .kompetenskort_editor import KompetenskortEditor
from .plan_editor import PlanEditor
from .printing import PrintBar, kartlaggning_content
from .unit_settings import edit_unit_settings
from .utvecklingsplan_editor import UtvecklingsplanEditor


class KartlaggningPrintPanel(QWidget):
    """Print state and buttons for the participant's latest kartläggning."""

    def __init__(self, repo, participant_id: str, autosaver, parent: QWidget | None = None):
        super().__init__(parent)
        self.repo = repo
        self.participant_id = participant_id
        self.autosaver = autosaver
        self.print_bar = PrintBar(repo, self.content_for_print, self)
        self.print_bar.printed.connect(self.refresh)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.note)
        lay.addWidget(self.print_bar)
        lay.addStretch(1)
        self.refresh()

    def content_for_print(self) -> PrintContent | None:
        if not self.autosaver.flush():
            from PySide6.QtWidgets import QMessageBox
            QMessageBox.warning(self.window(), _("Print"), _("Some changes could not be saved: {reason}").format(
                reason=self.autosaver.message))
            return None
        return kartlaggning_content(self.repo, self.participant_id)

    def refresh(self) -> None:
        content = kartlaggning_content(self.repo, self.participant_id)
        if content is None:
            self.note.setText(_("There is no kartläggning to print yet."))
        else:
            self.note.setText(_("The whole kartläggning (Kartläggningsmall with the sammanställning) of "
                                "{date}, for the participant's signature.").format(
                                    date=content.document.datum.isoformat()))
        self.print_bar.refresh(content)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        if not self.autosaver.has_pending:
            self.refresh()


class DocumentsTab(QWidget):
    """Sub-tabs for the plans and cards of one participant; ``flush()`` saves them."""

    def __init__(self, repo, participant_id: str, autosaver, parent: QWidget | None = None):
        super().__init__(parent)
        self.repo = repo
        self.participant_id = participant_id
        self.autosaver = autosaver
        self.plan = PlanEditor(repo, participant_id, autosaver)
        self.utvecklingsplaner = UtvecklingsplanEditor(repo, participant_id, autosaver)
        self.kompetenskort = KompetenskortEditor(repo, participant_id, autosaver)
        self.kartlaggning = KartlaggningPrintPanel(repo, participant_id, autosaver)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.plan, "Individuell plan")
        self.tabs.addTab(self.utvecklingsplaner, "Utvecklingsplaner")
        self.tabs.addTab(self.kompetenskort, "Kompetenskort")
        self.tabs.addTab(self.kartlaggning, _("Kartläggning (printout)"))
        self.settings_button = QPushButton(_("Unit and print settings…"))
        self.settings_button.clicked.connect(self.open_settings)
        self.tabs.setCornerWidget(self.settings_button)
        self.tabs.currentChanged.connect(lambda _i: self.flush())
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.tabs)

    def flush(self) -> bool:
        """Write every pending edit now (before lock, close, or leaving the tab)."""
        return self.autosaver.flush()

    def open_settings(self) -> bool:
        if not edit_unit_settings(self.repo, self.window()):
            return False
        for editor in (self.plan, self.utvecklingsplaner, self.kompetenskort):
            editor.refresh_print_state()
        self.kartlaggning.refresh()  # the handläggare's name is printed on the kartläggning
        return True
