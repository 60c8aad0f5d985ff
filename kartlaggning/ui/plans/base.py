"""What the three document editors share: autosave of the edited document,
error messages next to fields, and the print bar with the print state."""
from __future__ import annotations

import re
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QMessageBox, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from ...i18n import _
from ...models import field_paths
from ...models.errors import ValidationError
from ...models.printed import KARTLAGGNING, UTVECKLINGSPLAN, PrintContent, printed_participant
from ...storage import prints as pr
from ...services.editing import DocumentSession
from .. import read_only
from ..feedback import draft_note
from .printing import PrintBar

_INDEX = re.compile(r"^\[(\d+)\]")
_CELL = re.compile(r"^(?P<prefix>[A-Za-z_]+)\[(?P<row>\d+)\]\.(?P<name>[A-Za-z_]+)$")


class DocumentEditor(QWidget):
    """Base: subclasses build the form, ``collect()`` and ``load()``."""
    KIND = ""
    # What stays usable in a read-only record (after avslut): printing, and choosing which
    # document of a series is shown (the Utvecklingsplaner's list, the plan chooser).
    READ_ONLY_KEEP = ("print_bar", "series", "chooser")

    def __init__(self, repo, participant_id: str, autosaver, parent: QWidget | None = None):
        super().__init__(parent)
        self.repo = repo
        self.participant_id = participant_id
        self.autosaver = autosaver
        self.session: DocumentSession | None = None  # the document being edited
        self._loading = False
        self._error_targets: list[tuple[str, Callable[[str | None], None], bool]] = []
        self._print_participant = None
        self._handlaggare_namn = ""
        self._raw_widgets: dict[str, QWidget] = {}  # field path -> a widget whose text() is what was typed
        self._raw_tables: dict[str, tuple[object, list[str]]] = {}  # list field -> (RowTable, column names)
        self.read_only = False  # the participant is closed (avslut): nothing is edited or saved
        self.print_bar = PrintBar(repo, self.content_for_print, self)
        self.print_bar.printed.connect(self.refresh_print_state)
        self.print_bar.discard_drafts_button.clicked.connect(self.discard_drafts)

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

    def raw_field(self, field: str, widget: QWidget) -> None:
        """``widget.text()`` is what was typed into ``field`` (a date, a personnummer):
        kept as a draft when it cannot be read, put back with ``setText``."""
        self._raw_widgets[field] = widget

    def raw_table(self, field: str, table, names: list[str]) -> None:
        """The cells of ``table`` are ``field[row].name`` (a date cell that is no date)."""
        self._raw_tables[field] = (table, names)

    # ---- subclass API -------------------------------------------------------------------

    def collect(self) -> tuple[object, list[ValidationError]]:
        """The document as the widgets show it and the problems found (parse
        errors and the model's own checks). Bad fields keep their last good value."""
        raise NotImplementedError

    def load(self, doc) -> None:
        """Fill the widgets from ``doc`` (signals are ignored meanwhile)."""
        raise NotImplementedError

    # ---- state -----------------------------------------------------------------------------

    @property
    def doc(self):
        """The document being edited, in its valid state (what is saved)."""
        return self.session.valid if self.session is not None else None

    @property
    def _errors(self) -> list[ValidationError]:
        return self.session.errors if self.session is not None else []

    @property
    def _drafts(self) -> dict:
        return self.session.drafts if self.session is not None else {}

    def set_document(self, doc) -> None:
        """Show ``doc`` as stored, with the drafts of its fields put back where they were typed."""
        self.session = DocumentSession(self.repo, self.participant_id, doc) if doc is not None else None
        self._refresh_print_context()
        drafts = {}
        self._loading = True
        try:
            if doc is not None:
                self.load(doc)
                drafts = self.session.stored_drafts()
                if drafts:
                    self._put_back(doc, drafts)
        finally:
            self._loading = False
        if drafts:
            _typed, errors, kept = self._validated()
            self.session.show(errors, kept)
        self._show_errors(self._errors)
        self.refresh_print_state()
        if self.read_only:
            read_only.apply(self, True)  # widgets made for this document (a table's date cells) too

    def _put_back(self, doc, texts: dict[str, str]) -> None:
        """Fill the widgets with ``texts`` (field path -> text as typed) over ``doc``."""
        typed = field_paths.valid_version(doc, doc, [])  # a copy to write the texts into
        in_widgets = {}
        for path, text in texts.items():
            if path in self._raw_widgets or _CELL.match(path) and _CELL.match(path)["prefix"] in self._raw_tables:
                in_widgets[path] = text
            elif isinstance(field_paths.get(typed, path) if field_paths.has(typed, path) else None, str):
                field_paths.put(typed, path, text)
        self.load(typed)
        for path, text in in_widgets.items():
            if path in self._raw_widgets:
                self._raw_widgets[path].setText(text)
            else:
                m = _CELL.match(path)
                table, names = self._raw_tables[m["prefix"]]
                if m["name"] in names and int(m["row"]) < table.model.rowCount():
                    table.set_cell(int(m["row"]), names.index(m["name"]), text)

    def _raw_text(self, typed, error: ValidationError) -> str | None:
        """What was typed into the field ``error`` is about, None if it is not one field's text."""
        path = error.field
        if path in self._raw_widgets:
            return self._raw_widgets[path].text()
        m = _CELL.match(path)
        if m and m["prefix"] in self._raw_tables:
            table, names = self._raw_tables[m["prefix"]]
            if m["name"] in names and int(m["row"]) < table.model.rowCount():
                return table.model.text(int(m["row"]), names.index(m["name"]))
        value = field_paths.get(typed, path) if field_paths.has(typed, path) else None
        return value if isinstance(value, str) else None

    def _validated(self):
        """(the document as typed, its problems, the drafts: field path -> (text, problem))."""
        typed, errors = self.collect()
        drafts = {}
        for e in errors:
            text = self._raw_text(typed, e)
            if text is not None and e.field not in drafts:
                drafts[e.field] = (text, e)
        return typed, errors, drafts

    def edited(self, *_args) -> None:
        """Connected to every input: validate once, queue the valid state and the
        drafts as one save, update the print state."""
        if self._loading or self.session is None or self.read_only:
            return
        typed, errors, drafts = self._validated()
        save = self.session.update(typed, errors, drafts)  # the valid state and the drafts, as a snapshot
        self._show_errors(errors)
        self.autosaver.schedule(("document", self.session.id), save)
        self.print_bar.refresh(self.content(self.session.valid))

    def discard_drafts(self) -> None:
        """Forget what could not be saved; the fields show their saved values again."""
        if self.session is None or self.read_only:
            return
        self.autosaver.discard(("document", self.session.id))
        self.set_document(self.session.discard_drafts())

    def _show_errors(self, errors: list[ValidationError]) -> None:
        for field, setter, rows in self._error_targets:
            message = None
            for e in errors:
                if e.field == field or e.field.startswith(field + "[") or e.field.startswith(field + "."):
                    message = e.message
                    m = _INDEX.match(e.field[len(field):])
                    if rows and m:
                        message = _("Row {row}: {message}").format(row=int(m.group(1)) + 1, message=e.message)
                    if e.field in self._drafts:
                        message = draft_note(message)
                    break
            setter(message)
        self.print_bar.show_drafts(len(self._drafts))

    def flush(self) -> bool:
        return self.autosaver.flush()

    def set_read_only(self, value: bool) -> None:
        """A closed participant (avslut): every field refuses input and nothing is saved;
        printing the document and choosing another of the series still work."""
        self.read_only = value
        read_only.keep(*(getattr(self, name, None) for name in self.READ_ONLY_KEEP))
        read_only.apply(self, value)
        self.print_bar.discard_drafts_button.setEnabled(not value)  # (in the print bar, which is kept)

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


class ChosenDocumentEditor(DocumentEditor):
    """A document of which a participant may have several (plans, matchningar,
    arbetsträningar), one shown at a time and chosen in ``self.chooser`` (a combo box
    shown when there are more than one). Subclasses build ``chooser``, ``stack``,
    ``editor`` (the form) and ``empty`` (shown while there is none), and give
    ``series()`` (oldest first), ``chooser_text(doc)`` and ``MESSAGE_TITLE``."""
    MESSAGE_TITLE = ""

    def series(self) -> list:
        return self.repo.documents(self.participant_id, self.KIND)

    def chooser_text(self, doc) -> str:
        raise NotImplementedError

    def reload(self, select_id: str | None = None) -> None:
        """Show ``select_id`` (else the latest) and list the series in the chooser."""
        docs = self.series()
        self.chooser.clear()
        for doc in docs:
            self.chooser.addItem(self.chooser_text(doc), doc.id)
        self.chooser.setVisible(len(docs) > 1)
        doc = next((d for d in docs if d.id == select_id), docs[-1] if docs else None)
        if doc is not None:
            self.chooser.setCurrentIndex(self.chooser.findData(doc.id))
        self.stack.setCurrentWidget(self.editor if doc else self.empty)
        self.set_document(doc)

    def _chosen(self, index: int) -> None:
        doc_id = self.chooser.itemData(index)
        if self.doc is not None and doc_id == self.doc.id:
            return
        if not self.flushed_or_told():
            self.chooser.setCurrentIndex(self.chooser.findData(self.doc.id))
            return
        self.reload(doc_id)

    def lay_out(self, tools, body: QWidget) -> None:
        """The print bar, then either ``self.empty`` or the chooser's ``tools`` over the
        scrolling ``body`` (``self.editor``), in ``self.stack``."""
        self.editor = QWidget()
        ed = QVBoxLayout(self.editor)
        ed.setContentsMargins(0, 0, 0, 0)
        ed.addLayout(tools)
        ed.addWidget(self.scrolling(body), 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.editor)
        lay = QVBoxLayout(self)
        lay.addWidget(self.print_bar)
        lay.addWidget(self.stack, 1)

    def start_new(self, make):
        """Save what is typed, then ``make()`` the next document of the series, save it and
        show it; None (said why) when what is typed cannot be saved first."""
        if not self.flushed_or_told():
            return None
        doc = make()
        self.repo.save_document(doc)
        self.reload(doc.id)
        return self.doc

    def confirm_new(self, title: str, question: str) -> bool:
        """"Start a new one?": the current one is kept and can be chosen in the list."""
        return QMessageBox.question(self.window(), title, question) == QMessageBox.StandardButton.Yes

    def flushed_or_told(self) -> bool:
        """Save what is typed; when something cannot be saved, say so (nothing new starts)."""
        if self.flush():
            return True
        QMessageBox.warning(self.window(), _(self.MESSAGE_TITLE), _("Correct the marked fields first."))
        return False
