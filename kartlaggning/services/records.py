"""A participant's whole record: exported, given to the person as a register
extract (registerutdrag), deleted.

The register extract holds everything the vault stores about one person: the
record of the JSON export (participant, kartläggningar, plans, Utvecklingsplaner,
Kompetenskort), every other document of theirs the export's record does not hold
(matchning, arbetsträning, uppföljning, avslut), every print version with the
snapshot it printed, every draft (text typed but not saved as a value) and the
audit entries about them.
``register_extract`` gathers it once; the JSON (``extract_json``) and the PDF
(``extract_pdf``) are both made from that one value, so they hold the same.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Callable, Iterable, Iterator

from .. import __version__, exchange
from ..models import ParticipantRecord
from ..models.hashing import content_hash
from ..models.printed import KARTLAGGNING, PrintContent
from ..models.serialize import to_jsonable

# Writes the JSON chunks somewhere and returns (size, sha256 hex digest).
ChunkWriter = Callable[[Iterator[str]], tuple[int, str]]

EXTRACT_FORMAT = "kartlaggning-registerutdrag"
EXTRACT_FORMAT_VERSION = 1


def export(repo, participant_ids: Iterable[str], write: ChunkWriter) -> tuple[int, str]:
    """Every record of ``participant_ids`` as one JSON document through ``write``
    (one record in memory at a time); each export is audited per participant with
    the file's digest. Returns (participants exported, digest)."""
    ids = list(participant_ids)
    records = (repo.load_record(pid) for pid in ids)
    _size, digest = write(exchange.iter_json(records))
    with repo.vault.transaction():
        for pid in ids:
            repo.vault.audit.append("participant.exported", pid, detail=digest[:16])
    return len(ids), digest


def delete_participant(repo, participant_id: str) -> None:
    """The participant, every document, print version and draft of theirs, in one
    transaction; the freed pages are zeroed and the WAL truncated. The audit keeps
    only the id and the event."""
    repo.delete_participant(participant_id)


# ---- the register extract -----------------------------------------------------------


@dataclass(frozen=True)
class PrintedVersion:
    """One stored print version: what it showed and when it was first printed."""
    kind: str
    document_id: str
    version: int
    content_hash: str
    printed_at: str  # UTC ISO timestamp of its first print
    content: PrintContent  # the snapshot, exactly as printed
    same_as_stored: bool  # True: it shows the document exactly as the vault holds it now

    @property
    def printed_date(self) -> date:
        return datetime.fromisoformat(self.printed_at).astimezone().date()


@dataclass(frozen=True)
class ExtractDraft:
    """Text typed into a field that could not be saved as its value."""
    scope: str  # the id of the document, kartläggning or participant the field belongs to
    path: str  # the field (``mal``, ``delmal[2]``, ``areas.arbete.fakta``)
    text: str
    code: str  # why it was not saved (models.errors code) ...
    params: dict
    reason: str  # ... said in Swedish, as on the printout
    updated: str  # UTC ISO timestamp of the last keystroke kept


@dataclass(frozen=True)
class ExtractAuditEntry:
    seq: int
    at: str  # UTC ISO timestamp
    event: str
    detail: str


@dataclass
class RegisterExtract:
    record: ParticipantRecord
    # (kind, document) of every stored document the record does not hold, in storage's kind order
    more_documents: list[tuple[str, object]] = field(default_factory=list)
    printed: list[PrintedVersion] = field(default_factory=list)
    drafts: list[ExtractDraft] = field(default_factory=list)
    audit: list[ExtractAuditEntry] = field(default_factory=list)
    made_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    # (seq, fingerprint) of the whole audit log's last entry when the extract was made: the
    # unit can compare it with ``kartlaggning-cli audit`` later (docs/audit-log.md)
    audit_head: tuple[int, str] | None = None

    @property
    def participant_id(self) -> str:
        return self.record.participant.id

    @property
    def made_date(self) -> date:
        """The local calendar date of the extract (printed on it)."""
        return self.made_at.astimezone().date()

    def to_jsonable(self) -> dict:
        """The extract as plain JSON values (docs/export-format.md, "Registerutdrag")."""
        return {
            "format": EXTRACT_FORMAT,
            "format_version": EXTRACT_FORMAT_VERSION,
            "extracted_at": self.made_at.astimezone(timezone.utc).isoformat(timespec="seconds"),
            "app_version": __version__,
            "record": to_jsonable(self.record),
            "more_documents": [{"kind": kind, "document": to_jsonable(doc)} for kind, doc in self.more_documents],
            "printed_versions": [{
                "document_kind": p.kind, "document_id": p.document_id, "version": p.version,
                "content_hash": p.content_hash, "printed_at": p.printed_at,
                "same_as_stored": p.same_as_stored, "content": json.loads(p.content.to_json()),
            } for p in self.printed],
            "drafts": [{
                "scope": d.scope, "field": d.path, "text": d.text, "reason_code": d.code,
                "reason_params": d.params, "reason": d.reason, "updated": d.updated,
            } for d in self.drafts],
            "audit": [{"seq": a.seq, "at": a.at, "event": a.event, "detail": a.detail} for a in self.audit],
            "audit_head": ({"seq": self.audit_head[0], "fingerprint": self.audit_head[1]}
                           if self.audit_head else None),
        }

    @property
    def fingerprint(self) -> str:
        """8 hex digits of what the extract holds (not when it was made): printed in
        the PDF's footer, the same for the JSON of the same extract."""
        value = self.to_jsonable()
        del value["extracted_at"], value["app_version"]
        return content_hash(value)


def _swedish_reason(code: str, params: dict) -> str:
    """A draft's reason in Swedish whatever the language of the command or window."""
    from .. import i18n
    from ..models.errors import MESSAGES
    message = MESSAGES.get(code, code)
    try:
        message = i18n.load_catalogue("sv").gettext(message)
    except Exception:  # noqa: BLE001 - a missing catalogue stops the program at start anyway
        pass
    try:
        return message.format(**params)
    except (KeyError, IndexError, ValueError):
        return message


def register_extract(repo, participant_id: str, now: datetime | None = None) -> RegisterExtract:
    """Everything the vault stores about ``participant_id`` (KeyError if unknown).

    Reading it is not audited here: ``record_extract`` logs the extract once it
    has been written out."""
    from ..storage import lifecycle
    from ..storage import prints as pr
    from ..storage.repository import DOCUMENT_KINDS
    record = repo.load_record(participant_id)
    documents = {k.id: (KARTLAGGNING, k) for k in record.kartlaggningar}
    for kind, docs in (("plan", record.planer), ("utvecklingsplan", record.utvecklingsplaner),
                       ("kompetenskort", record.kompetenskort)):
        documents.update({d.id: (kind, d) for d in docs})
    in_record = {getattr(item, "id", None) for f in dataclasses.fields(record)
                 if isinstance(getattr(record, f.name), list) for item in getattr(record, f.name)}
    more = [(kind, doc) for kind in DOCUMENT_KINDS for doc in repo.documents(participant_id, kind)
            if doc.id not in in_record]
    documents.update({doc.id: (kind, doc) for kind, doc in more})
    log = pr.PrintLog(repo.vault)
    current_hash: dict[str, str] = {}
    printed = []
    for document_id, version in lifecycle.printed_versions_of_participant(repo.vault, participant_id):
        stored = log.get(document_id, version)
        if document_id in documents and document_id not in current_hash:
            kind, doc = documents[document_id]
            try:
                current_hash[document_id] = pr.content_for(repo, kind, doc).hash()
            except ValueError:  # a kind the print versioning does not know (yet)
                current_hash[document_id] = ""
        printed.append(PrintedVersion(stored.kind, document_id, stored.version, stored.content_hash,
                                      stored.printed_at, log.snapshot(document_id, version),
                                      current_hash.get(document_id) == stored.content_hash))
    drafts = [ExtractDraft(s.draft.scope, s.draft.path, s.draft.text, s.draft.code, dict(s.draft.params),
                           _swedish_reason(s.draft.code, s.draft.params), s.updated)
              for s in lifecycle.drafts_of_participant(repo.vault, participant_id)]
    audit = [ExtractAuditEntry(e.seq, e.at, e.event, e.detail) for e in repo.vault.audit.entries(participant_id)]
    return RegisterExtract(record, more, printed, drafts, audit, now or datetime.now(timezone.utc),
                           repo.vault.audit_head())


def extract_json(extract: RegisterExtract) -> Iterator[str]:
    """The extract as UTF-8 JSON text (chunks, for ``cli.files.write_chunks_atomic``)."""
    yield json.dumps(extract.to_jsonable(), ensure_ascii=False, indent=2) + "\n"


def extract_pdf(extract: RegisterExtract, header) -> bytes:
    """The extract as a readable PDF for the person (``printouts.registerutdrag``)."""
    from ..printouts.registerutdrag import registerutdrag_pdf
    return registerutdrag_pdf(extract, header)


def record_extract(repo, participant_id: str, kind: str, digest: str) -> None:
    """Audit an extract given out: its format and the first 16 hex digits of the
    file's sha256, nothing else."""
    repo.vault.audit.append("participant.extracted", participant_id, detail=f"{kind}:{digest[:16]}")
