"""Print versions: every printout is matched to the exact content it showed.

A print of a document records (version, content hash, snapshot). Printing the
same content again reuses its version; printing changed content makes the next
version. The snapshot lets ``--version N`` reproduce version N exactly, and the
short hash printed in the footer ties a signed paper to its snapshot.

Each print is an audit event ``participant.printed`` with detail ``kind:vN``
(no names, no text). Snapshots live only in the encrypted vault.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import date, datetime, timezone

from ..models import IndividuellPlan, Kartlaggning, Kompetenskort, Participant, Utvecklingsplan
from ..models.participant import Contact
from ..models.serialize import from_jsonable, to_jsonable
from ..printouts.meta import content_hash  # no reportlab behind this import

PLAN = "plan"
UTVECKLINGSPLAN = "utvecklingsplan"
KOMPETENSKORT = "kompetenskort"
KARTLAGGNING = "kartlaggning"
DOCUMENT_CLASSES = {PLAN: IndividuellPlan, UTVECKLINGSPLAN: Utvecklingsplan,
                    KOMPETENSKORT: Kompetenskort, KARTLAGGNING: Kartlaggning}
KINDS = tuple(DOCUMENT_CLASSES)

# Vault settings used by the printouts (never in the config file).
SETTING_UNIT_HEADER = "unit_header"
SETTING_HANDLAGGARE = "handlaggare"
SETTING_OVERENSKOMMELSE = "overenskommelse"


def printed_participant(p: Participant) -> Participant:
    """Only the participant fields a printout shows (the kartläggning's header page
    and the Utvecklingsplan title); nothing more is copied into a snapshot."""
    return Participant(namn=p.namn, personnummer=p.personnummer, id=p.id, telefon=p.telefon, mobil=p.mobil,
                       epost=p.epost, kontaktpersoner=[Contact(c.namn, c.relation, c.telefon)
                                                       for c in p.kontaktpersoner])


@dataclass
class PrintContent:
    """Everything a printout shows besides the unit's letterhead.

    ``participant`` is set for the Utvecklingsplan and the kartläggning (their
    header comes from the participant); ``handlaggare_namn`` for the kartläggning.
    """
    kind: str
    document: object
    participant: Participant | None = None
    handlaggare_namn: str = ""

    @property
    def document_id(self) -> str:
        return self.document.id

    @property
    def participant_id(self) -> str:
        return self.document.participant_id

    def hashed_value(self):
        """The value the content hash covers: what is printed, nothing else.

        The plan's ``signerad`` date is recorded after signing and is not printed,
        so setting it does not make the signed paper "changed since printing".
        """
        doc = self.document
        if self.kind == PLAN:
            doc = dataclasses.replace(doc, signerad=None)
        if self.kind in (PLAN, KOMPETENSKORT):
            return doc  # the document alone: same hash as printouts.content_hash(doc)
        value = {"document": doc, "participant": self.participant}
        if self.kind == KARTLAGGNING:
            value["handlaggare_namn"] = self.handlaggare_namn
        return value

    def hash(self) -> str:
        return content_hash(self.hashed_value())

    def to_json(self) -> str:
        return json.dumps({"kind": self.kind, "document": to_jsonable(self.document),
                           "participant": to_jsonable(self.participant) if self.participant else None,
                           "handlaggare_namn": self.handlaggare_namn}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "PrintContent":
        data = json.loads(text)
        kind = data["kind"]
        participant = data.get("participant")
        return cls(kind=kind, document=from_jsonable(DOCUMENT_CLASSES[kind], data["document"]),
                   participant=from_jsonable(Participant, participant) if participant else None,
                   handlaggare_namn=data.get("handlaggare_namn", ""))


@dataclass(frozen=True)
class PrintRecord:
    document_id: str
    kind: str
    version: int
    content_hash: str
    printed_at: str  # UTC ISO timestamp of the first print of this version

    @property
    def printed_date(self) -> date:
        """The local calendar date of the first print of this version."""
        return datetime.fromisoformat(self.printed_at).astimezone().date()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class PrintLog:
    """Print versions in the ``prints`` table of an open vault."""

    def __init__(self, vault):
        self.vault = vault

    @property
    def conn(self):
        return self.vault.conn

    def versions(self, document_id: str) -> list[PrintRecord]:
        return [PrintRecord(*row) for row in self.conn.execute(
            "SELECT document_id, document_kind, version, content_hash, printed_at FROM prints"
            " WHERE document_id=? ORDER BY version", (document_id,))]

    def latest(self, document_id: str) -> PrintRecord | None:
        row = self.conn.execute(
            "SELECT document_id, document_kind, version, content_hash, printed_at FROM prints"
            " WHERE document_id=? ORDER BY version DESC LIMIT 1", (document_id,)).fetchone()
        return PrintRecord(*row) if row else None

    def get(self, document_id: str, version: int) -> PrintRecord | None:
        row = self.conn.execute(
            "SELECT document_id, document_kind, version, content_hash, printed_at FROM prints"
            " WHERE document_id=? AND version=?", (document_id, int(version))).fetchone()
        return PrintRecord(*row) if row else None

    def snapshot(self, document_id: str, version: int) -> PrintContent:
        """What version ``version`` showed; KeyError if it was never printed."""
        row = self.conn.execute("SELECT snapshot FROM prints WHERE document_id=? AND version=?",
                                (document_id, int(version))).fetchone()
        if row is None:
            raise KeyError(f"{document_id} v{version}")
        return PrintContent.from_json(row[0])

    def pending(self, content: PrintContent) -> PrintRecord:
        """The version a print of ``content`` would get, without recording anything:
        the latest version if its content is unchanged, else a new one dated now."""
        digest = content.hash()
        latest = self.latest(content.document_id)
        if latest is not None and latest.content_hash == digest:
            return latest
        return PrintRecord(content.document_id, content.kind, (latest.version if latest else 0) + 1,
                           digest, _now())

    def record(self, content: PrintContent, pending: PrintRecord | None = None) -> PrintRecord:
        """Log one print of ``content``: the same version again when unchanged since
        the latest print, else a new version with its snapshot. Always audited.

        ``pending`` (from ``pending()``, e.g. shown in a preview) keeps the date
        that was printed in the footer when it still describes the same version."""
        with self.vault.transaction() as c:
            rec = self.pending(content)
            if pending is not None and (pending.version, pending.content_hash) == (rec.version, rec.content_hash):
                rec = pending
            if self.get(rec.document_id, rec.version) is None:
                c.execute("INSERT INTO prints (participant_id, document_kind, document_id, version, content_hash,"
                          " printed_at, snapshot) VALUES (?,?,?,?,?,?,?)",
                          (content.participant_id, content.kind, rec.document_id, rec.version, rec.content_hash,
                           rec.printed_at, content.to_json()))
            self.vault.audit.append("participant.printed", content.participant_id, f"{content.kind}:v{rec.version}")
        return rec

    def record_reprint(self, participant_id: str, record: PrintRecord) -> None:
        """Audit a print of an already stored version (``--version N``)."""
        self.vault.audit.append("participant.printed", participant_id, f"{record.kind}:v{record.version}")

    def changed_since_print(self, content: PrintContent) -> bool:
        """True when the document was printed and its content differs from the latest print."""
        latest = self.latest(content.document_id)
        return latest is not None and latest.content_hash != content.hash()

    def delete_document_prints(self, document_id: str) -> None:
        """Drop the snapshots of a deleted document (personal data goes with it)."""
        with self.vault.transaction() as c:
            c.execute("DELETE FROM prints WHERE document_id=?", (document_id,))


# ---- print settings kept in the vault -------------------------------------------

@dataclass
class Handlaggare:
    """The handläggare's own name and phone (pre-filled into new plans)."""
    namn: str = ""
    telefon: str = ""


def load_unit_header(repo):
    """The unit's letterhead from the vault settings (defaults when never set)."""
    import base64

    from ..printouts.meta import UnitHeader, is_png
    data = repo.get_setting(SETTING_UNIT_HEADER) or {}
    logo = None
    if data.get("logo_png"):
        try:
            logo = base64.b64decode(data["logo_png"], validate=True)
        except ValueError:
            logo = None
        if not is_png(logo):
            logo = None
    defaults = UnitHeader(kommun="")
    return UnitHeader(kommun=str(data.get("kommun", defaults.kommun)),
                      forvaltning=str(data.get("forvaltning", defaults.forvaltning)),
                      enhet=str(data.get("enhet", defaults.enhet)),
                      adress=str(data.get("adress", defaults.adress)), logo_png=logo)


def save_unit_header(repo, header) -> None:
    import base64
    repo.set_setting(SETTING_UNIT_HEADER, {
        "kommun": header.kommun, "forvaltning": header.forvaltning, "enhet": header.enhet,
        "adress": header.adress,
        "logo_png": base64.b64encode(header.logo_png).decode("ascii") if header.logo_png else None})


def load_handlaggare(repo) -> Handlaggare:
    data = repo.get_setting(SETTING_HANDLAGGARE) or {}
    return Handlaggare(namn=str(data.get("namn", "")), telefon=str(data.get("telefon", "")))


def save_handlaggare(repo, h: Handlaggare) -> None:
    repo.set_setting(SETTING_HANDLAGGARE, {"namn": h.namn, "telefon": h.telefon})


def load_overenskommelse(repo) -> str:
    from ..models.plans import DEFAULT_OVERENSKOMMELSE
    text = repo.get_setting(SETTING_OVERENSKOMMELSE)
    return text if isinstance(text, str) and text.strip() else DEFAULT_OVERENSKOMMELSE


def save_overenskommelse(repo, text: str) -> None:
    repo.set_setting(SETTING_OVERENSKOMMELSE, text)


# ---- what a print of a stored document shows ---------------------------------------

def content_for(repo, kind: str, document) -> PrintContent:
    """The current print content of ``document`` (a plan, utvecklingsplan,
    kompetenskort or Kartlaggning) with the participant header it needs."""
    if kind not in DOCUMENT_CLASSES:
        raise ValueError(kind)
    participant = None
    handlaggare = ""
    if kind in (UTVECKLINGSPLAN, KARTLAGGNING):
        participant = printed_participant(repo.get_participant(document.participant_id))
    if kind == KARTLAGGNING:
        handlaggare = load_handlaggare(repo).namn
    return PrintContent(kind, document, participant, handlaggare)


def latest_document(repo, participant_id: str, kind: str):
    """The participant's latest document of ``kind`` (by date), or None."""
    if kind == KARTLAGGNING:
        return repo.latest_kartlaggning(participant_id)
    docs = repo.documents(participant_id, kind)
    return docs[-1] if docs else None


def render(content: PrintContent, header, info) -> bytes:
    """PDF bytes of ``content`` (in memory; nothing touches the disk)."""
    from .. import printouts
    doc = content.document
    if content.kind == PLAN:
        return printouts.plan_pdf(doc, header, info)
    if content.kind == UTVECKLINGSPLAN:
        return printouts.utvecklingsplan_pdf(doc, content.participant, header, info)
    if content.kind == KOMPETENSKORT:
        return printouts.kompetenskort_pdf(doc, header, info)
    return printouts.kartlaggning_pdf(doc, content.participant, header, info,
                                      handlaggare_namn=content.handlaggare_namn)


def print_info(record: PrintRecord):
    """The footer of a print: version, the date it was first printed, its hash."""
    from ..printouts.meta import PrintInfo
    return PrintInfo(version=record.version, printed=record.printed_date, content_hash=record.content_hash)
