"""Small building blocks shared by the wizard pages: text fields that show
their own error, headings, and the shared wizard context."""
from __future__ import annotations

from datetime import date, datetime
from typing import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont, QTextOption
from PySide6.QtWidgets import (QFrame, QLabel, QPlainTextEdit, QScrollArea, QSizePolicy, QTextEdit,
                               QVBoxLayout, QWidget)

from ... import i18n
from ...i18n import _
from ...models.errors import ValidationError
from ...models.fields import MAX_TEXT, check_text
from ...models.kartlaggning import Kartlaggning
from ..widgets import ErrorLabel, scaled_font  # noqa: F401 (the wizard's pages import them from here)

DATE_FORMAT = "yyyy-MM-dd"  # ISO, as on the Swedish forms; unambiguous in English too


def text_error(text: str, field: str = "", limit: int = MAX_TEXT) -> ValidationError | None:
    errors: list = []
    check_text(errors, field, text, limit)
    return errors[0] if errors else None


def medium_date(d: date) -> str:
    """A date nobody can misread in either language ("2 mars 2026", "2 Mar 2026"), not
    the short form, which in English is 02/03/2026."""
    from babel.dates import format_date  # babel is heavy: only when a date is shown
    return format_date(d, "medium", locale=i18n.babel_locale())


def draft_message(err: ValidationError | None) -> str:
    """The message at a field whose text is kept as a draft ("" when it is fine)."""
    from ..feedback import draft_note
    return draft_note(err.message) if err is not None else ""


def heading(text: str, parent: QWidget | None = None, factor: float = 1.3) -> QLabel:
    label = QLabel(text, parent)
    label.setFont(scaled_font(label, factor, bold=True))
    label.setWordWrap(True)
    label.setAccessibleName(text)
    label.setTextFormat(Qt.PlainText)
    return label


def hint(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.PlainText)
    return label


class PlainEdit(QPlainTextEdit):
    """A plain-text editor where Tab moves focus and the height follows ``lines``."""

    def __init__(self, lines: int = 4, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self._lines = lines
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)

    def sizeHint(self):
        hint = super().sizeHint()
        margins = self.contentsMargins()
        hint.setHeight(self.fontMetrics().lineSpacing() * self._lines + margins.top() + margins.bottom()
                       + 2 * self.frameWidth() + 8)
        return hint

    def minimumSizeHint(self):
        hint = super().minimumSizeHint()
        hint.setHeight(self.fontMetrics().lineSpacing() * min(self._lines, 2) + 2 * self.frameWidth() + 8)
        return hint


class GrowingEdit(QTextEdit):
    """Plain text that grows with its content, up to ``max_lines`` (then scrolls)."""
    focused = Signal()

    def __init__(self, parent: QWidget | None = None, min_lines: int = 2, max_lines: int = 8):
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setWordWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self._min_lines, self._max_lines = min_lines, max_lines
        self.document().documentLayout().documentSizeChanged.connect(lambda _size: self.updateGeometry())

    def _height_for(self, lines: float) -> int:
        return int(self.fontMetrics().lineSpacing() * lines + 2 * self.frameWidth()
                   + 2 * self.document().documentMargin())

    def sizeHint(self):
        hint = super().sizeHint()
        content = self.document().size().height() + 2 * self.frameWidth()
        hint.setHeight(int(max(self._height_for(self._min_lines), min(content, self._height_for(self._max_lines)))))
        return hint

    def minimumSizeHint(self):
        hint = super().minimumSizeHint()
        hint.setHeight(self._height_for(self._min_lines))
        return hint

    def focusInEvent(self, event):
        super().focusInEvent(event)
        self.focused.emit()


class TextField(QWidget):
    """Label (with mnemonic) + plain-text editor + its own error line.

    ``valid_text`` is the last text that passed the checks; saves write that and
    then report ``error()``, so a too-long text never blocks the other fields and
    what was typed stays in the editor.
    """
    edited = Signal()

    def __init__(self, label: str, object_name: str, parent: QWidget | None = None, lines: int = 4,
                 accessible_name: str | None = None, description: str = "", limit: int = MAX_TEXT):
        super().__init__(parent)
        self._limit = limit
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.label = QLabel(label, self)
        self.label.setWordWrap(True)
        self.editor = PlainEdit(lines, self)
        self.editor.setObjectName(object_name)
        self.editor.setAccessibleName(accessible_name or label.replace("&", ""))
        if description:
            self.editor.setAccessibleDescription(description)
        self.label.setBuddy(self.editor)
        self.error_label = ErrorLabel(self, field=self.editor)
        layout.addWidget(self.label)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.error_label)
        self.valid_text = ""
        self._loading = False
        self.editor.textChanged.connect(self._on_changed)

    def text(self) -> str:
        return self.editor.toPlainText()

    def set_text(self, text: str) -> None:
        """Load a stored value (no save is scheduled)."""
        self._loading = True
        try:
            self.editor.setPlainText(text)
            self.valid_text = text
            self.error_label.show_error("")
        finally:
            self._loading = False

    def error(self) -> ValidationError | None:
        return text_error(self.text(), self.editor.objectName(), self._limit)

    draft_scope: Callable[[], str] | None = None  # e.g. the running samtal's id, for its note

    @property
    def draft_path(self) -> str:
        name = self.editor.objectName()
        return f"{name}:{self.draft_scope()}" if self.draft_scope is not None else name

    def show_draft(self, text: str) -> None:
        """What was typed but could not be saved, back in the editor (as if typed: its
        reason shows and it is kept as a draft until corrected)."""
        self.editor.setPlainText(text)

    def _on_changed(self) -> None:
        if self._loading:
            return
        err = self.error()
        self.error_label.show_error(draft_message(err))
        if err is None:
            self.valid_text = self.text()
        self.edited.emit()


def _drafts_of(fields) -> tuple[dict, list[str]]:
    """(draft path -> (text, error) of the fields that cannot be saved, paths of those that can)."""
    bad, fine = {}, []
    for f in fields:
        error = f.error()
        if error is None:
            fine.append(f.draft_path)
        else:
            bad[f.draft_path] = (f.text(), error)
    return bad, fine


def scroll_page(content: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.NoFrame)
    area.setWidget(content)
    return area


class WizardContext(QObject):
    """What every page shares: the editing session of the kartläggning (the model the
    pages edit, its saves and drafts: ``services.kartlaggning_session``), the
    autosaver and the clocks."""
    drafts_changed = Signal(int)  # how many fields now hold text kept as a draft

    def __init__(self, repo, kartlaggning: Kartlaggning, autosaver, clock: Callable[[], float],
                 wall_clock: Callable[[], datetime]):
        super().__init__()
        from ...services.kartlaggning_session import KartlaggningSession
        self.repo = repo
        self.session = KartlaggningSession(repo, kartlaggning)
        self.autosaver = autosaver
        self.clock = clock
        self.wall_clock = wall_clock

    @property
    def k(self) -> Kartlaggning:
        return self.session.k

    @property
    def kid(self) -> str:
        return self.k.id

    def schedule(self, key: tuple, save: Callable[[], None]) -> None:
        """Queue ``save``; it runs in one transaction (a value and its draft commit together)."""
        def in_one_transaction() -> None:
            with self.repo.vault.transaction():
                save()
        self.autosaver.schedule((self.kid, *key), in_one_transaction)

    def save_part(self, part: tuple, *fields, gone=()) -> None:
        """(In a scheduled save.) Write ``part`` of the kartläggning as the model holds it,
        with the drafts of ``fields`` (see ``keep_drafts``), in one transaction."""
        bad, fine = _drafts_of(fields)
        if self.session.save(part, bad, fine, gone):
            self.drafts_changed.emit(len(self.session.drafts.paths))

    # ---- drafts: text that cannot be saved as its value ------------------------------

    def keep_drafts(self, *fields, gone=()) -> None:
        """(At the end of a save.) The text of each field that cannot be saved as its
        value (too long, a NUL) is kept as its draft in the vault; the draft of a field
        that is fine again, or ``gone`` (an entry removed), goes. ``fields`` have
        ``draft_path``, ``text()`` and ``error()``."""
        bad, fine = _drafts_of(fields)
        if self.session.drafts.sync(bad, fine, gone):
            self.drafts_changed.emit(len(self.session.drafts.paths))

    def restore_drafts(self, fields) -> int:
        """Put each stored draft back into its field (shown with its reason); drafts whose
        field is gone (an entry removed) are dropped. Returns how many were put back."""
        by_path = {f.draft_path: f for f in fields}
        texts = self.session.drafts.restore(by_path)
        for path, text in texts.items():
            by_path[path].show_draft(text)
        self.drafts_changed.emit(len(texts))
        return len(texts)

    def samtal_for_new_entries(self) -> str | None:
        """The samtal a new hinder or resurs is put down to (see the session)."""
        return self.session.samtal_for_new_entries(self.wall_clock().date())

    def samtal_choices(self) -> list[tuple[str | None, str, str]]:
        """(samtal id or None, short label, label with the date) for "no samtal" and each samtal held."""
        choices: list[tuple[str | None, str, str]] = [(None, _("No session"), _("No session"))]
        for number, s in enumerate(self.k.samtal, 1):
            short = _("Session {number}").format(number=number)
            choices.append((s.id, short, _("Session {number}, {date}").format(number=number,
                                                                             date=medium_date(s.datum))))
        return choices
