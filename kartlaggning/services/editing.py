"""Editing (no Qt, no SQL): the state that is saved, the problems by field path,
and what was typed into the fields that could not take it.

* ``FieldDrafts`` – the drafts of one record's fields (a document, a kartläggning,
  a participant): kept, dropped and put back by field path.
* ``DocumentSession`` – a plan, Utvecklingsplan or Kompetenskort being edited.
* ``ParticipantSession`` (``participant_session``) and ``KartlaggningSession``
  (``kartlaggning_session``) – the participant form and the wizard.

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


class FieldDrafts:
    """The drafts of one record: ``scope`` is its id (document, kartläggning or
    participant), each draft keyed by its field path. Every call joins the caller's
    transaction, so a value and its draft commit together."""

    def __init__(self, repo, participant_id: str, scope: str):
        self.repo = repo
        self.participant_id = participant_id
        self.scope = scope
        self.paths: set[str] = set()  # the fields that hold a draft now

    def _store(self) -> Drafts:
        return Drafts(self.repo.vault)

    def stored(self) -> dict[str, str]:
        """Field path -> the text as typed, as kept in the vault."""
        return {path: d.text for path, d in self._store().of(self.scope).items()}

    def sync(self, bad: dict[str, Draft], fine=(), gone=()) -> bool:
        """Keep a draft for each of ``bad``; drop the drafts of the ``fine`` fields (fixed)
        and of the ``gone`` ones (an entry removed). The other fields' drafts stay.
        True when the set of fields with a draft changed or any is kept."""
        before = set(self.paths)
        store = self._store()
        with self.repo.vault.transaction():
            for path in (set(fine) | set(gone)) & self.paths - bad.keys():
                store.drop(self.scope, path)
                self.paths.discard(path)
            for path, (text, error) in bad.items():
                store.keep(self.participant_id, self.scope, path, text, error)
                self.paths.add(path)
        return self.paths != before or bool(bad)

    def replace(self, drafts: dict[str, Draft]) -> None:
        """Exactly these drafts for the record (what the whole form says now)."""
        store = self._store()
        with self.repo.vault.transaction():
            for path in store.of(self.scope).keys() - drafts.keys():
                store.drop(self.scope, path)
            for path, (text, error) in drafts.items():
                store.keep(self.participant_id, self.scope, path, text, error)
        self.paths = set(drafts)

    def restore(self, known_paths) -> dict[str, str]:
        """The stored drafts of fields that still exist (path -> text); the drafts of
        fields that are gone (an entry removed elsewhere) are dropped."""
        known = set(known_paths)
        store = self._store()
        out = {}
        for path, draft in store.of(self.scope).items():
            if path in known:
                out[path] = draft.text
            else:
                store.drop(self.scope, path)
        self.paths = set(out)
        return out

    def discard(self) -> None:
        self._store().drop(self.scope)
        self.paths = set()


class DocumentSession:
    """A plan, Utvecklingsplan or Kompetenskort being edited."""

    def __init__(self, repo, participant_id: str, document):
        self.repo = repo
        self.participant_id = participant_id
        self.valid = document  # what is (or is about to be) saved
        self.errors: list[ValidationError] = []
        self.drafts: dict[str, Draft] = {}
        self._field_drafts = FieldDrafts(repo, participant_id, document.id)

    @property
    def id(self) -> str:
        return self.valid.id

    def stored_drafts(self) -> dict[str, str]:
        """The drafts kept in the vault for this document: field path -> text as typed."""
        return self._field_drafts.stored()

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
        with self.repo.vault.transaction():
            problems = valid.errors()
            if not problems:
                self.repo.save_document(valid)
            self._field_drafts.replace(drafts)
        if problems:
            raise problems[0]

    def discard_drafts(self):
        """Forget what could not be saved; returns the document as stored."""
        self._field_drafts.discard()
        self.errors, self.drafts = [], {}
        self.valid = self.repo.get_document(self.valid.id)
        return self.valid

    def is_draft(self, path: str) -> bool:
        return path in self.drafts
