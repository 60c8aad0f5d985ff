"""Drafts: text typed into a field that cannot be saved as its value (too long,
a NUL, a date that is no date), kept encrypted in the vault with the field it
belongs to and the reason, until the user fixes or discards it.

A draft is keyed by its scope (the id of the document, kartläggning or
participant the field belongs to) and the field path (``mal``, ``delmal[2]``,
``areas.arbete.fakta``). The text is stored exactly as typed (JSON, so a lone
surrogate or a NUL survives). Drafts go with their participant (ON DELETE CASCADE).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone

from ..models.errors import ValidationError

MAX_DRAFT_CHARS = 2_000_000  # a paste bigger than this is kept up to here (and says so)


@dataclass(frozen=True)
class Draft:
    scope: str
    path: str
    text: str
    code: str
    params: dict = field(default_factory=dict)

    @property
    def error(self) -> ValidationError:
        """The reason, in the current language."""
        return ValidationError(self.path, self.code, **self.params)


class Drafts:
    """The ``drafts`` table of an open vault."""

    def __init__(self, vault):
        self.vault = vault

    def keep(self, participant_id: str, scope: str, path: str, text: str, error: ValidationError) -> None:
        """Store (or replace) the draft of one field; joins the caller's transaction."""
        params = {k: v for k, v in error.params.items() if isinstance(v, (str, int, float, bool))}
        with self.vault.transaction() as c:
            c.execute("INSERT INTO drafts (scope, path, participant_id, text, reason, updated) VALUES (?,?,?,?,?,?)"
                      " ON CONFLICT (scope, path) DO UPDATE SET text=excluded.text, reason=excluded.reason,"
                      " updated=excluded.updated",
                      (scope, path, participant_id, json.dumps(text[:MAX_DRAFT_CHARS]),
                       json.dumps({"code": error.code, "params": params}),
                       datetime.now(timezone.utc).isoformat(timespec="seconds")))

    def drop(self, scope: str, path: str | None = None) -> None:
        """Forget one field's draft (fixed or discarded), or every draft of ``scope``."""
        with self.vault.transaction() as c:
            if path is None:
                c.execute("DELETE FROM drafts WHERE scope=?", (scope,))
            else:
                c.execute("DELETE FROM drafts WHERE scope=? AND path=?", (scope, path))

    def of(self, scope: str) -> dict[str, Draft]:
        """The drafts of one document, by field path."""
        out = {}
        for path, text, reason in self.vault.conn.execute(
                "SELECT path, text, reason FROM drafts WHERE scope=? ORDER BY path", (scope,)):
            r = json.loads(reason)
            out[path] = Draft(scope, path, json.loads(text), r.get("code", ""), r.get("params", {}))
        return out

