"""Editing one document (no Qt): the state that is saved, the problems by field
path, and what was typed into the fields that could not take it.

The window's editors turn what is on screen into the document *as typed* and the
problems found in it; ``DocumentSession.update`` keeps from it the **valid** state
(every bad field with its last saved value, so one bad field never keeps the others
from being saved) and the **drafts** (field path -> the text as typed, and why). A save
writes both in one transaction; a field that is fine again loses its draft.
"""
from __future__ import annotations

from typing import Callable

from ..models import field_paths
from ..models.errors import ValidationError
from ..storage.drafts import Drafts

Draft = tuple[str, ValidationError]  # the text as typed, why it is not the value


class DocumentSession:
    """A plan, Utvecklingsplan or Kompetenskort being edited."""

    def __init__(self, repo, participant_id: str, document):
        self.repo = repo
        self.participant_id = participant_id
        self.valid = document  # what is (or is about to be) saved
        self.errors: list[ValidationError] = []
        self.drafts: dict[str, Draft] = {}

    @property
    def id(self) -> str:
        return self.valid.id

    def stored_drafts(self) -> dict[str, str]:
        """The drafts kept in the vault for this document: field path -> text as typed."""
        return {path: d.text for path, d in Drafts(self.repo.vault).of(self.valid.id).items()}

    def update(self, typed, errors: list[ValidationError], drafts: dict[str, Draft]) -> Callable[[], None]:
        """Take the document as typed; returns the save of this state (a snapshot, for the autosaver)."""
        self.valid = field_paths.valid_version(typed, self.valid, [e.field for e in errors])
        self.errors, self.drafts = list(errors), dict(drafts)
        valid, kept = self.valid, dict(drafts)
        return lambda: self.save(valid, kept)

    def show(self, errors: list[ValidationError], drafts: dict[str, Draft]) -> None:
        """The problems of the state on screen, without a new valid state (after loading)."""
        self.errors, self.drafts = list(errors), dict(drafts)

    def save(self, valid, drafts: dict[str, Draft]) -> None:
        """The valid state and the drafts in one transaction; raises the first problem
        no draft can hold (then the save stays queued and its message shows)."""
        store = Drafts(self.repo.vault)
        with self.repo.vault.transaction():
            problems = valid.errors()
            if not problems:
                self.repo.save_document(valid)
            for path in store.of(valid.id).keys() - drafts.keys():
                store.drop(valid.id, path)
            for path, (text, error) in drafts.items():
                store.keep(self.participant_id, valid.id, path, text, error)
        if problems:
            raise problems[0]

    def discard_drafts(self):
        """Forget what could not be saved; returns the document as stored."""
        Drafts(self.repo.vault).drop(self.valid.id)
        self.errors, self.drafts = [], {}
        self.valid = self.repo.get_document(self.valid.id)
        return self.valid

    def is_draft(self, path: str) -> bool:
        return path in self.drafts
