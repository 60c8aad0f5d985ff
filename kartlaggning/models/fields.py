"""Field limits and checks shared by all model classes."""
from __future__ import annotations

import re
import uuid

from .errors import ValidationError

_NUL_OR_SURROGATE = re.compile("[\x00\ud800-\udfff]")  # one C-speed scan; autosave checks every edit

MAX_TEXT = 20_000
MAX_NAME = 200
MAX_SHORT = 500  # phone numbers, e-mail, relation, language, roles


def new_id() -> str:
    return uuid.uuid4().hex


def check_text(errors: list, field: str, value: str, limit: int = MAX_TEXT, required: bool = False) -> None:
    """Append a ValidationError to ``errors`` if ``value`` breaks a rule."""
    if value is None:
        value = ""
    if required and not value.strip():
        errors.append(ValidationError(field, "empty"))
        return
    if len(value) > limit:
        errors.append(ValidationError(field, "too_long", length=len(value), limit=limit))
        return
    if _NUL_OR_SURROGATE.search(value):
        errors.append(ValidationError(field, "control_chars"))


def check_rating(errors: list, field: str, value, low: int, high: int) -> None:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        errors.append(ValidationError(field, "rating", low=low, high=high))


def first_error(errors: list) -> None:
    if errors:
        raise errors[0]
