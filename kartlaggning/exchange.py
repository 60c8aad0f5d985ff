"""The export/import file: everything about one or more participants as JSON.

This is the register extract (registerutdrag) a person may ask for, and the way
to move participants between vaults. Format and versioning: docs/export-format.md,
docs/export.schema.json. Models and serialize only: no Qt, no SQL, no files.

A document is ``{"format": "kartlaggning-export", "format_version": 1,
"exported_at": ISO date-time, "app_version": str, "participants": [record, ...]}``
where each record is ``to_jsonable(ParticipantRecord)``.
"""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone

from . import __version__
from .i18n import N_, _
from .models import ParticipantRecord
from .models.areas import AREA_KEYS
from .models.errors import ValidationError
from .models import personnummer
from .models.personnummer import format_stored
from .models.plans import COMPETENCE_PROPERTIES, PLAN_CONTACT_ROLES
from .models.serialize import FormatError, from_jsonable, to_jsonable

FORMAT = "kartlaggning-export"
FORMAT_VERSION = 3  # 3: självskattningar, a hinder's resolution; 2: the method after the plans; older files still import
TOP_LEVEL_KEYS = ("format", "format_version", "exported_at", "app_version", "participants")

# Ids are opaque strings (32 hex digits when made by the program, docs/export-format.md);
# what an import accepts: at most MAX_ID_LENGTH printable characters, no space at either end.
MAX_ID_LENGTH = 64
_SHOWN_ID_LENGTH = 40  # an id quoted in a message is cut to this

_CONTACT_ROLES = {key for key, _label in PLAN_CONTACT_ROLES}
_PROPERTIES = {key for key, _sv, _en in COMPETENCE_PROPERTIES}

# FormatError problems with a fixed text, so they can be translated.
_SHAPE_MESSAGES = {
    "unknown field": N_("unknown field"),
    "expected an object": N_("expected an object"),
    "expected a list": N_("expected a list"),
    "expected true or false": N_("expected true or false"),
    "expected a whole number": N_("expected a whole number"),
    "expected a string": N_("expected a string"),
}


class ImportProblem(ValueError):
    """What is wrong in an import file, and where.

    ``record_index`` is 0-based (None for the file as a whole); ``who`` is the
    record's personnummer (YYYYMMDD-NNNN) or id when it could be read;
    ``field`` is a path inside the record such as
    ``kartlaggningar[0].samtal[1].tidsram_minuter``; ``message`` is translated.
    ``all`` holds every problem found (this one first).
    """

    def __init__(self, record_index: int | None, who: str, field: str, message: str):
        self.record_index = record_index
        self.who = who
        self.field = field
        self.message = message
        self.all: list[ImportProblem] = [self]
        super().__init__(self.describe())

    @property
    def record_number(self) -> int | None:
        return None if self.record_index is None else self.record_index + 1

    def describe(self) -> str:
        if self.record_index is None:
            if self.field:
                return _("The file, field {field}: {message}").format(field=self.field, message=self.message)
            return _("The file: {message}").format(message=self.message)
        who = self.who or "?"
        if self.field:
            return _("Record {number} ({who}), field {field}: {message}").format(
                number=self.record_number, who=who, field=self.field, message=self.message)
        return _("Record {number} ({who}): {message}").format(number=self.record_number, who=who,
                                                               message=self.message)


# ---- writing ---------------------------------------------------------------------

def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def header(exported_at: str | None = None) -> dict:
    return {"format": FORMAT, "format_version": FORMAT_VERSION,
            "exported_at": exported_at or now_iso(), "app_version": __version__}


def dump(records: Iterable[ParticipantRecord], exported_at: str | None = None) -> dict:
    """The whole document as plain JSON values."""
    return header(exported_at) | {"participants": [to_jsonable(r) for r in records]}


def iter_json(records: Iterable[ParticipantRecord], exported_at: str | None = None) -> Iterator[str]:
    """The document as JSON text, one record at a time (memory stays flat).

    ``json.loads("".join(iter_json(rs, t))) == dump(rs, t)``.
    """
    head = json.dumps(header(exported_at), ensure_ascii=False, indent=2)
    yield head[:-2] + ',\n  "participants": ['  # reopen the header object
    first = True
    for record in records:
        text = json.dumps(to_jsonable(record), ensure_ascii=False, indent=2)
        # A JSON text has no raw newline inside strings, so indenting lines is safe.
        yield ("\n    " if first else ",\n    ") + text.replace("\n", "\n    ")
        first = False
    yield "\n  ]\n}\n" if not first else "]\n}\n"


# ---- reading ---------------------------------------------------------------------

def load(doc) -> list[ParticipantRecord]:
    """Every record of ``doc``, or ImportProblem naming the first bad record and field.

    Everything is checked before anything is returned: the format and its
    version, the shape of every field, the content rules of the models, links
    between a record's parts, and duplicates within the file.
    """
    records, found = check(doc)
    if found:
        first = found[0]
        first.all = found
        raise first
    return records


def check(doc) -> tuple[list[ParticipantRecord], list[ImportProblem]]:
    """The records that could be read and every problem found."""
    problems: list[ImportProblem] = []
    items = _check_top_level(doc, problems)
    if problems:
        return [], problems
    records: list[ParticipantRecord] = []
    seen_ids: dict[str, int] = {}
    seen_pnr: dict[str, int] = {}
    for index, item in enumerate(items):
        record = _read_record(index, item, problems)
        if record is None:
            continue  # its shape is wrong: nothing more to check
        records.append(record)
        _check_unique(index, record, seen_ids, seen_pnr, problems)
    return records, problems


def _check_top_level(doc, problems: list) -> list:
    def fail(field: str, message: str) -> list:
        problems.append(ImportProblem(None, "", field, message))
        return []

    if not isinstance(doc, dict):
        return fail("", _("This is not a Kartläggning export file."))
    if doc.get("format") != FORMAT:
        return fail("format", _("This is not a Kartläggning export file."))
    version = doc.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return fail("format_version", _("Missing or not a whole number."))
    if version > FORMAT_VERSION:
        return fail("format_version", _("The file was made by a newer version of Kartläggning "
                                        "(format version {version}). Update the program.").format(version=version))
    unknown = sorted(set(doc) - set(TOP_LEVEL_KEYS))
    if unknown:
        return fail(unknown[0], _(_SHAPE_MESSAGES["unknown field"]))
    for key in ("exported_at", "app_version"):
        if key in doc and not isinstance(doc[key], str):
            return fail(key, _(_SHAPE_MESSAGES["expected a string"]))
    items = doc.get("participants")
    if not isinstance(items, list):
        return fail("participants", _(_SHAPE_MESSAGES["expected a list"]))
    return items


def _who(item) -> str:
    """Personnummer (formatted) or id of a raw record, for messages."""
    p = item.get("participant") if isinstance(item, dict) else None
    if isinstance(p, dict):
        pnr = p.get("personnummer")
        if isinstance(pnr, str) and pnr.strip():
            return _shown(format_stored(pnr.strip()))
        pid = p.get("id")
        if isinstance(pid, str) and pid:
            return _shown(pid)
    return ""


def _shown(value: str) -> str:
    """``value`` fit to quote in a message: control characters escaped, cut if long."""
    if value.isprintable() and len(value) <= _SHOWN_ID_LENGTH:
        return value
    text = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in value[:_SHOWN_ID_LENGTH])
    return text + "…" if len(value) > _SHOWN_ID_LENGTH else text


def id_error(field: str, value: str) -> ValidationError | None:
    """Why ``value`` cannot be an id (too long, control characters, space at an end), or None."""
    if len(value) > MAX_ID_LENGTH:
        return ValidationError(field, "too_long", length=len(value), limit=MAX_ID_LENGTH)
    if not value.isprintable():
        return ValidationError(field, "control_chars")
    if value != value.strip():
        return ValidationError(field, "id_spaces")
    return None


def _id_fields(value, path: str) -> Iterator[tuple[str, str]]:
    """(field path, value) of every ``id`` and ``…_id`` string anywhere in a record."""
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            inner = getattr(value, f.name)
            sub = f"{path}.{f.name}" if path else f.name
            if (f.name == "id" or f.name.endswith("_id")) and isinstance(inner, str):
                yield sub, inner
            else:
                yield from _id_fields(inner, sub)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _id_fields(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _id_fields(item, f"{path}.{key}")


def _read_record(index: int, item, problems: list) -> ParticipantRecord | None:
    """The record (its content problems added to ``problems``), or None if its shape is wrong."""
    who = _who(item)

    def add(field: str, message: str) -> None:
        problems.append(ImportProblem(index, who, field, message))

    if not isinstance(item, dict) or not isinstance(item.get("participant"), dict):
        add("participant", _("Every record needs a participant object."))
        return None
    try:
        record = from_jsonable(ParticipantRecord, item, "$")
    except FormatError as exc:
        path = exc.path[2:] if exc.path.startswith("$.") else exc.path.lstrip("$")
        add(path, _(_SHAPE_MESSAGES[exc.problem]) if exc.problem in _SHAPE_MESSAGES else exc.problem)
        return None
    _normalize_personnummer(record)
    for error in record.participant.errors():
        add(f"participant.{error.field}", error.message)
    for group in ("kartlaggningar", "planer", "utvecklingsplaner", "kompetenskort"):
        for i, part in enumerate(getattr(record, group)):
            for error in part.errors():
                add(f"{group}[{i}].{error.field}", error.message)
    _check_links(record, add)
    return record


def _normalize_personnummer(record: ParticipantRecord) -> None:
    """Accept any common way of writing a valid number; store the 12 digits."""
    try:
        record.participant.personnummer = personnummer.normalize(record.participant.personnummer)
    except ValidationError:
        pass  # reported by Participant.errors() with the precise reason


def _check_ids(record: ParticipantRecord, add) -> bool:
    """Every id and reference to one is a sane string; False if one is not."""
    ok = True
    for path, value in _id_fields(record, ""):
        error = id_error(path.rsplit(".", 1)[-1], value)
        if error is not None:
            add(path, error.message)
            ok = False
    return ok


def _check_links(record: ParticipantRecord, add) -> None:
    """What the models do not check: ids that are sane strings, parts that belong together."""
    pid = record.participant.id
    if not pid:
        add("participant.id", ValidationError("id", "empty").message)
    if not _check_ids(record, add):
        return  # the links between bad ids say nothing more
    for group in ("kartlaggningar", *record.DOCUMENT_GROUPS):
        for i, doc in enumerate(getattr(record, group)):
            if doc.participant_id not in ("", pid):
                add(f"{group}[{i}].participant_id", _("Belongs to another participant ({id}).").format(
                    id=doc.participant_id))
    for i, k in enumerate(record.kartlaggningar):
        samtal_ids = {s.id for s in k.samtal}
        for key, rec in k.areas.items():
            if key not in AREA_KEYS:
                add(f"kartlaggningar[{i}].areas.{key}",
                    ValidationError("area", "bad_value", value=_shown(key)).message)
            elif rec.area != key:
                add(f"kartlaggningar[{i}].areas.{key}.area",
                    ValidationError("area", "bad_value", value=rec.area).message)
            for kind, entries in (("hinder", rec.hinder), ("resurser", rec.resurser)):
                for j, entry in enumerate(entries):
                    if entry.samtal_id is not None and entry.samtal_id not in samtal_ids:
                        add(f"kartlaggningar[{i}].areas.{key}.{kind}[{j}].samtal_id",
                            _("No samtal with this id in the same kartläggning: {id}").format(id=entry.samtal_id))
    for i, plan in enumerate(record.planer):
        for j, contact in enumerate(plan.kontakter):
            if contact.roll not in _CONTACT_ROLES:
                add(f"planer[{i}].kontakter[{j}].roll",
                    ValidationError("roll", "bad_value", value=contact.roll).message)
    for i, card in enumerate(record.kompetenskort):
        for j, rating in enumerate(card.betyg):
            if rating.egenskap not in _PROPERTIES:
                add(f"kompetenskort[{i}].betyg[{j}].egenskap",
                    ValidationError("egenskap", "bad_value", value=rating.egenskap).message)


def record_ids(record: ParticipantRecord) -> Iterator[tuple[str, str]]:
    """(field path, id) of every stored row in a record; ids are unique vault-wide."""
    yield "participant.id", record.participant.id
    for i, k in enumerate(record.kartlaggningar):
        yield f"kartlaggningar[{i}].id", k.id
        for j, s in enumerate(k.samtal):
            yield f"kartlaggningar[{i}].samtal[{j}].id", s.id
        for key, rec in k.areas.items():
            for kind, entries in (("hinder", rec.hinder), ("resurser", rec.resurser)):
                for j, entry in enumerate(entries):
                    yield f"kartlaggningar[{i}].areas.{key}.{kind}[{j}].id", entry.id
    for group in record.DOCUMENT_GROUPS:
        for i, doc in enumerate(getattr(record, group)):
            yield f"{group}[{i}].id", doc.id


def _check_unique(index: int, record: ParticipantRecord, seen_ids: dict, seen_pnr: dict, problems: list) -> None:
    who = _shown(format_stored(record.participant.personnummer))
    pnr = record.participant.personnummer
    if pnr in seen_pnr:
        problems.append(ImportProblem(index, who, "participant.personnummer", _(
            "The same personnummer as record {number}.").format(number=seen_pnr[pnr] + 1)))
    else:
        seen_pnr[pnr] = index
    for path, value in record_ids(record):
        if value in seen_ids:
            problems.append(ImportProblem(index, who, path, _(
                "The id {id} is used twice (also in record {number}).").format(id=_shown(value), number=seen_ids[value] + 1)))
        else:
            seen_ids[value] = index
