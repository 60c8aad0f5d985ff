"""What the three document editors share: autosave of the edited document,
error messages next to fields, and the print bar with the print state."""
from __future__ import annotations

import re
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QMessageBox, QScrollArea, QVBoxLayout, QWidget

from ...i18n import _
from ...models.errors import ValidationError
from ...models.printed import KARTLAGGNING, UTVECKLINGSPLAN, PrintContent, printed_participant
from ...storage import prints as pr
from .printing import PrintBar

_INDEX = re.compile(r"^\[(\d+)\]")


class DocumentEditor(QWidget):
    """Base: subclasses build the form, ``collect()`` and ``load()``."""
    KIND = ""

    def __init__(self, repo, participant_id: str, autosaver, parent: QWidget | None = None):
        super().__init__(parent)
        self.repo = repo
        self.participant_id = participant_id
        self.autosaver = autosaver
        self.doc = None  # the document as last edited
        self._loading = False
        self._errors: list[ValidationError] = []
        self._error_targets: list[tuple[str, Callable[[str | None], None], bool]] = []
        self._print_participant = None
        self._handlaggare_namn = ""
        self.print_bar = PrintBar(repo, self.content_for_print, self)
        self.print_bar.printed.connect(self.refresh_print_state)

    # ---- layout helpers -------------------------------------------------------------

    @staticmethod
    def scrolling(body: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(body)
        return area

    def error_target(self, field: str, setter: Callable[[str | None], None], rows: bool = False) -> None:
        """Messages for ``field`` (and ``field[i]...`` / ``field.x``) go to ``setter``;
        with ``rows`` the message says which row."""
        self._error_targets.append((field, setter, rows))

    # ---- subclass API -------------------------------------------------------------------

    def collect(self) -> tuple[object, list[ValidationError]]:
        """The document as the widgets show it and the problems found (parse
        errors and the model's own checks). Bad fields keep their last good value."""
        raise NotImplementedError

    def load(self, doc) -> None:
        """Fill the widgets from ``doc`` (signals are ignored meanwhile)."""
        raise NotImplementedError

    # ---- state -----------------------------------------------------------------------------

    def set_document(self, doc) -> None:
        self.doc = doc
        self._refresh_print_context()
        self._loading = True
        try:
            if doc is not None:
                self.load(doc)
        finally:
            self._loading = False
        self._errors = []
        self._show_errors([])
        self.refresh_print_state()

    def edited(self, *_args) -> None:
        """Connected to every input: validate, queue the save, update the print state."""
        if self._loading or self.doc is None:
            return
        doc, errors = self.collect()
        self.doc = doc
        self._errors = errors
        self._show_errors(errors)
        self.autosaver.schedule(("document", doc.id), lambda d=doc, e=list(errors): self._save(d, e))
        self.print_bar.refresh(self.content(doc))

    def _save(self, doc, errors: list[ValidationError]) -> None:
        """Save what is valid: a field that could not be read (a bad date or
        personnummer) carries its last good value in ``doc``, so one bad field never
        keeps the others from being saved. The error still marks the save as failed:
        the text typed into the bad field itself is not stored."""
        if not doc.errors():
            self.repo.save_document(doc)
        if errors:
            raise errors[0]

    def _show_errors(self, errors: list[ValidationError]) -> None:
        for field, setter, rows in self._error_targets:
            message = None
            for e in errors:
                if e.field == field or e.field.startswith(field + "[") or e.field.startswith(field + "."):
                    message = e.message
                    m = _INDEX.match(e.field[len(field):])
                    if rows and m:
                        message = _("Row {row}: {message}").format(row=int(m.group(1)) + 1, message=e.message)
                    break
            setter(message)

    def flush(self) -> bool:
        return self.autosaver.flush()

    # ---- printing ----------------------------------------------------------------------------

    def _refresh_print_context(self) -> None:
        if self.KIND in (UTVECKLINGSPLAN, KARTLAGGNING):
            self._print_participant = printed_participant(self.repo.get_participant(self.participant_id))
        if self.KIND == KARTLAGGNING:
            self._handlaggare_namn = pr.load_handlaggare(self.repo).namn

    def content(self, doc) -> PrintContent | None:
        if doc is None:
            return None
        return PrintContent(self.KIND, doc, self._print_participant, self._handlaggare_namn)

    def refresh_print_state(self) -> None:
        self.print_bar.refresh(self.content(self.doc))

    def content_for_print(self) -> PrintContent | None:
        """Save first, then print exactly what is stored."""
        if self.doc is None:
            return None
        if self._errors or not self.autosaver.flush():
            QMessageBox.warning(self.window(), _("Print"),
                                _("Correct the marked fields first; what is printed must be what is saved."))
            return None
        self._refresh_print_context()
        return pr.content_for(self.repo, self.KIND, self.repo.get_document(self.doc.id))

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        if self.doc is not None and not self.autosaver.has_pending:
            self._refresh_print_context()  # the participant may have been edited elsewhere
            self.refresh_print_state()


def left(*widgets: QWidget) -> QWidget:
    """Widgets side by side at their natural width, aligned left."""
    from PySide6.QtWidgets import QHBoxLayout
    box = QWidget()
    lay = QHBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        lay.addWidget(w)
    lay.addStretch(1)
    return box


def page(*widgets: QWidget, stretch: bool = True) -> QWidget:
    body = QWidget()
    lay = QVBoxLayout(body)
    for w in widgets:
        lay.addWidget(w)
    if stretch:
        lay.addStretch(1)
    lay.setAlignment(Qt.AlignmentFlag.AlignTop)
    return body
