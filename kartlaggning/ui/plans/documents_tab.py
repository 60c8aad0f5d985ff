"""The participant's "Plans" tab: Individuell plan, Utvecklingsplaner,
Kompetenskort and the kartläggning's printout, each with its print state; then
the method after the plans: Matchning, Arbetsträning (printed) and Uppföljningar;
the participant's self-ratings and the progress view; Avslut."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from ...i18n import _
from ...models.printed import PrintContent
from .arbetstraning_editor import ArbetstraningEditor
from .avslut_editor import AvslutEditor
from .kompetenskort_editor import KompetenskortEditor
from .matchning_editor import MatchningEditor
from .plan_editor import PlanEditor
from .printing import PrintBar, kartlaggning_content
from .progress_view import ProgressView
from .sjalvskattning_editor import SjalvskattningEditor
from .unit_settings import edit_unit_settings
from .uppfoljning_editor import UppfoljningEditor
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
    closed_changed = Signal()  # "Avsluta deltagaren" on the Avslut tab: the record is read only now

    def __init__(self, repo, participant_id: str, autosaver, parent: QWidget | None = None):
        super().__init__(parent)
        self.repo = repo
        self.participant_id = participant_id
        self.autosaver = autosaver
        self.plan = PlanEditor(repo, participant_id, autosaver)
        self.utvecklingsplaner = UtvecklingsplanEditor(repo, participant_id, autosaver)
        self.kompetenskort = KompetenskortEditor(repo, participant_id, autosaver)
        self.kartlaggning = KartlaggningPrintPanel(repo, participant_id, autosaver)
        self.matchning = MatchningEditor(repo, participant_id, autosaver)
        self.arbetstraning = ArbetstraningEditor(repo, participant_id, autosaver)
        self.uppfoljningar = UppfoljningEditor(repo, participant_id, autosaver)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        # Alt+letters E, C, O, G (the paper forms' names, untranslated): none of them is a
        # menu's (A V I H / F V S H), the participant tabs' (L K P / M K P) or "Tillbaka"'s (B),
        # nor a field's on another sub-tab, except E, which the Kompetenskort form's
        # "Kontaktp&erson arbetsplatsen" also has (each letter of "Individuell plan" is taken).
        self.tabs.addTab(self.plan, "Individu&ell plan")
        self.tabs.addTab(self.utvecklingsplaner, "Utve&cklingsplaner")
        self.tabs.addTab(self.kompetenskort, "K&ompetenskort")
        self.tabs.addTab(self.kartlaggning, _("Kartlä&ggning (printout)"))
        # The method after the plans, letters T, R, J: every letter of "Matchning" and of
        # "Arbetsträning" is taken by a menu, a tab or a field; T is also "Da&tum" on the
        # Utvecklingsplan and "&Telefonnummer" on the Kompetenskort, R "A&rbetsplats" there.
        self.tabs.addTab(self.matchning, "Ma&tchning")
        self.tabs.addTab(self.arbetstraning, "A&rbetsträning")
        self.tabs.addTab(self.uppfoljningar, "Uppföl&jningar")
        # The participant's own rating and the distance travelled (no Alt+letter yet: the
        # Swedish names' letters are for the catalogue to choose, free of the others).
        self.sjalvskattning = SjalvskattningEditor(repo, participant_id, autosaver)
        self.tabs.addTab(self.sjalvskattning, _("Self-ratings"))
        self.progress = ProgressView(repo, participant_id, autosaver)
        self.tabs.addTab(self.progress, _("Progress"))
        self.avslut = AvslutEditor(repo, participant_id, autosaver)  # (no Alt+letter of its own yet)
        self.tabs.addTab(self.avslut, "Avslut")
        self.avslut.kompetenskort_requested.connect(lambda: self.tabs.setCurrentWidget(self.kompetenskort))
        self.avslut.closed_changed.connect(self.closed_changed)
        self.uppfoljningar.utvecklingsplan_started.connect(self._utvecklingsplan_started)
        self.uppfoljningar.open_utvecklingsplan.connect(self.show_utvecklingsplan)
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

    def set_read_only(self, value: bool) -> None:
        """After avslut (until reopened): every sub-tab's document refuses input; printing stays."""
        for i in range(self.tabs.count()):
            editor = self.tabs.widget(i)
            if callable(getattr(editor, "set_read_only", None)):
                editor.set_read_only(value)

    def open_settings(self) -> bool:
        if not edit_unit_settings(self.repo, self.window()):
            return False
        for editor in (self.plan, self.utvecklingsplaner, self.kompetenskort, self.arbetstraning):
            editor.refresh_print_state()
        self.kartlaggning.refresh()  # the handläggare's name is printed on the kartläggning
        return True

    def _utvecklingsplan_started(self, plan_id: str) -> None:
        """A follow-up saved a new Utvecklingsplan: its tab lists it (what it shows is saved already)."""
        current = self.utvecklingsplaner.doc
        self.utvecklingsplaner.reload(current.id if current is not None else plan_id)

    def show_utvecklingsplan(self, plan_id: str) -> None:
        """The Utvecklingsplaner tab with ``plan_id`` shown."""
        self.flush()
        self.utvecklingsplaner.reload(plan_id)
        self.tabs.setCurrentWidget(self.utvecklingsplaner)
