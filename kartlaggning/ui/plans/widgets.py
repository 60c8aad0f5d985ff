"""Small building blocks shared by the plan editors: text boxes, date and
personnummer fields read without losing what was typed, section titles.
The form tables are ``row_table``."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QSizePolicy, QWidget

from ...models.errors import ValidationError
from ...models.personnummer import parse
from ..widgets import OptionalDateEdit
from .row_table import Column, RowTable  # noqa: F401 (the editors take them from here)


def text_box(min_lines: int = 3, parent: QWidget | None = None) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * min_lines + 14)
    box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return box


def line(parent: QWidget | None = None, max_length: int = 0) -> QLineEdit:
    edit = QLineEdit(parent)
    if max_length:
        edit.setMaxLength(max_length)
    return edit


def date_field(parent: QWidget | None = None) -> OptionalDateEdit:
    return OptionalDateEdit(parent)


def read_date(edit: OptionalDateEdit, field: str, errors: list, required: bool = False,
              fallback: date | None = None) -> date | None:
    """The date in ``edit``; a bad or missing required date adds a ValidationError
    and gives ``fallback`` (the text stays as typed)."""
    try:
        value = edit.date_value(field)
    except ValidationError as exc:
        errors.append(exc)
        return fallback
    if value is None and required:
        errors.append(ValidationError(field, "empty"))
        return fallback
    return value


def read_personnummer(text: str, errors: list, fallback: str) -> str:
    """The 12 stored digits of ``text`` ('' when empty); a bad number adds its
    ValidationError and gives ``fallback`` (the text stays as typed)."""
    text = text.strip()
    if not text:
        return ""
    try:
        return parse(text, field="personnummer").digits
    except ValidationError as exc:
        errors.append(exc)
        return fallback



def section_title(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label
