"""The participant being edited in the Deltagare form (no Qt, no SQL).

The form reads each of its fields into a value (or the ValidationError of what
was typed) and hands them over by field path (``namn``, ``consent.signed``,
``kontaktpersoner``). ``update`` builds the participant to save: every bad field
keeps its stored value, so one bad field never keeps the others from being saved;
``save`` writes it and the drafts of the bad text fields in one transaction.
"""
from __future__ import annotations

import copy
import json
import re
from typing import Any

from ..models import field_paths
from ..models.errors import ValidationError
from ..models.participant import Participant
from .editing import Draft, FieldDrafts

# The personnummer is who the participant is: a bad or taken one is never kept as a
# draft behind the stored one; it stays in its field and quitting asks.
NOT_DRAFTED = ("personnummer",)


def _rows_of_text(value) -> bool:
    return isinstance(value, (list, tuple)) and all(
        isinstance(row, (list, tuple)) and all(isinstance(cell, str) for cell in row) for row in value)


def typed_from_draft(text: str, like: Any) -> Any:
    """A draft's text back as what its field holds (``like``: the field's value now)."""
    if isinstance(like, str):
        return text
    try:
        value = json.loads(text)
    except ValueError:
        return like
    return value if _rows_of_text(value) else like


def field_of_error(error_field: str) -> str:
    """'kontaktpersoner[2].namn' -> 'kontaktpersoner'; 'consent.parties[1]' -> 'consent.parties'."""
    return re.sub(r"\[\d+\].*$", "", error_field)


class ParticipantSession:
    def __init__(self, repo, participant_id: str, stored: Participant | None):
        self.repo = repo
        self.participant_id = participant_id
        self.stored = copy.deepcopy(stored)  # as in the vault; None until the participant is created
        self.errors: dict[str, ValidationError] = {}  # form field path -> why its input is not the value
        self.duplicate_of: str | None = None  # the participant who has the personnummer typed
        self.drafts = FieldDrafts(repo, participant_id, participant_id)

    @property
    def is_new(self) -> bool:
        return self.stored is None

    def update(self, values: dict[str, Any]) -> Participant | None:
        """``values``: form field path -> value, or the ValidationError of its input.
        Returns the participant to save (bad fields at their stored value) and sets
        ``errors``; None when even that cannot be saved (a new one without name or
        personnummer)."""
        base = self.stored if self.stored is not None else Participant(id=self.participant_id)
        candidate = copy.deepcopy(base)
        errors: dict[str, ValidationError] = {}
        for path, value in values.items():
            if isinstance(value, ValidationError):
                errors[path] = value
            else:
                field_paths.put(candidate, path, copy.deepcopy(value))
        self.duplicate_of = None
        pnr = candidate.personnummer
        if "personnummer" not in errors and pnr and pnr != (self.stored.personnummer if self.stored else None):
            other = self.repo.id_for_personnummer(pnr)
            if other and other != self.participant_id:
                errors["personnummer"] = ValidationError("personnummer", "pnr_duplicate")
                self.duplicate_of = other
        for path in errors:
            field_paths.put(candidate, path, copy.deepcopy(field_paths.get(base, path)))
        for _round in range(len(values) + 1):  # a field put back can only remove problems
            problems = candidate.errors()
            if not problems:
                break
            progress = False
            for exc in problems:
                path = field_of_error(exc.field)
                errors.setdefault(path, exc)
                if path in values and field_paths.get(candidate, path) != field_paths.get(base, path):
                    field_paths.put(candidate, path, copy.deepcopy(field_paths.get(base, path)))
                    progress = True
            if not progress:
                break
        self.errors = errors
        return None if candidate.errors() else candidate

    def drafts_for(self, typed: dict[str, Any]) -> dict[str, Draft]:
        """The drafts to keep: what was typed into each bad field (``typed``: path -> what
        the field holds — a text, or rows of texts such as the kontaktpersoner, kept as
        JSON), the personnummer never. A bad choice (a combo box) holds no draft."""
        out = {}
        for path, error in self.errors.items():
            value = typed.get(path)
            if path in NOT_DRAFTED:
                continue
            if isinstance(value, str):
                out[path] = (value, error)
            elif _rows_of_text(value):
                out[path] = (json.dumps(value, ensure_ascii=False), error)
        return out

    def save(self, candidate: Participant, drafts: dict[str, Draft]) -> bool:
        """The participant (when it changed) and exactly ``drafts`` in one transaction;
        True when the participant changed."""
        changed = candidate != self.stored
        if not changed and not drafts and not self.drafts.paths:
            return False
        with self.repo.vault.transaction():
            if changed:
                self.repo.save_participant(candidate)
            if drafts or self.drafts.paths:
                self.drafts.replace(drafts)
        if changed:
            self.stored = copy.deepcopy(candidate)
        return changed

    def restore_drafts(self, known_paths) -> dict[str, str]:
        """The stored drafts of the form's fields (path -> text as typed)."""
        return self.drafts.restore(known_paths) if self.stored is not None else {}
