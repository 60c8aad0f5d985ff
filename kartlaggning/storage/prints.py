"""Print versions: every printout is matched to the exact content it showed.

A print of a document records (version, content hash, snapshot). Printing the
same content again reuses its version; printing changed content makes the next
version. The snapshot lets ``--version N`` reproduce version N exactly, and the
short hash printed in the footer ties a signed paper to its snapshot.

Each print is an audit event ``participant.printed`` with detail ``kind:vN``
(no names, no text). Snapshots live only in the encrypted vault.

What is printed (``PrintContent``, the document kinds) is model code in
``kartlaggning.models.printed``; rendering it is ``kartlaggning.printouts.render``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from ..models.printed import (ARBETSTRANING, DOCUMENT_CLASSES, KARTLAGGNING, MEDGIVANDE, PARTICIPANT_KINDS, PLAN, UTVECKLINGSPLAN,
                              PrintContent, printed_identity, printed_participant)
from ..models.printed import PROGRESS_KINDS, SLUTDOKUMENTATION
from ..models.unit import UnitHeader, is_png

# Vault settings used by the printouts (never in the config file).
SETTING_UNIT_HEADER = "unit_header"
SETTING_HANDLAGGARE = "handlaggare"
SETTING_OVERENSKOMMELSE = "overenskommelse"
SETTING_MEDGIVANDE = "medgivande"  # the unit's own wording of the Medgivande om informationsutbyte

# A printout whose document is stored under another kind: the slutdokumentation prints an avslut.
STORED_KINDS = {SLUTDOKUMENTATION: "avslut"}


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

    def pending(self, content: PrintContent, digest: str | None = None) -> PrintRecord:
        """The version a print of ``content`` would get, without recording anything:
        the latest version if its content is unchanged, else a new one dated now.
        ``digest`` is ``content.hash()`` when the caller has it already."""
        digest = digest or content.hash()
        latest = self.latest(content.document_id)
        if latest is not None and latest.content_hash == digest:
            return latest
        return PrintRecord(content.document_id, content.kind, (latest.version if latest else 0) + 1,
                           digest, _now())

    def record(self, content: PrintContent, pending: PrintRecord | None = None) -> PrintRecord:
        """Log one print of ``content``: the same version again when unchanged since
        the latest print, else a new version with its snapshot. Always audited.

        ``pending`` (from ``pending()``, e.g. shown in a preview) keeps the date
        that was printed in the footer when it still describes the same version;
        its hash is taken as the hash of ``content`` (the caller must not have
        changed ``content`` since)."""
        with self.vault.transaction() as c:
            rec = self.pending(content, pending.content_hash if pending is not None else None)
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
        """Drop the snapshots of a deleted document (personal data goes with it);
        joins the caller's transaction."""
        with self.vault.transaction() as c:
            c.execute("DELETE FROM prints WHERE document_id=?", (document_id,))


# ---- print settings kept in the vault -------------------------------------------

@dataclass
class Handlaggare:
    """The handläggare's own name and phone (pre-filled into new plans)."""
    namn: str = ""
    telefon: str = ""


def has_unit_header(repo) -> bool:
    """True once the vault holds the unit's own letterhead (saved in the unit settings)."""
    return repo.get_setting(SETTING_UNIT_HEADER) is not None


def effective_unit_header(repo, template: UnitHeader | None = None) -> UnitHeader:
    """The letterhead to print: the vault's own once saved; until then ``template``
    (the letterhead IT preset in the machine defaults), if any; else the built-in one."""
    if template is not None and not has_unit_header(repo):
        return template
    return load_unit_header(repo)


def load_unit_header(repo) -> UnitHeader:
    """The unit's letterhead from the vault settings (defaults when never set)."""
    import base64

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


def save_unit_header(repo, header: UnitHeader) -> None:
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


def load_medgivande(repo) -> str:
    """The unit's wording of the Medgivande om informationsutbyte (the standard text until edited)."""
    from ..models.participant import DEFAULT_MEDGIVANDE
    text = repo.get_setting(SETTING_MEDGIVANDE)
    return text if isinstance(text, str) and text.strip() else DEFAULT_MEDGIVANDE


def save_medgivande(repo, text: str) -> None:
    repo.set_setting(SETTING_MEDGIVANDE, text)


# ---- what a print of a stored document shows ---------------------------------------

def content_for(repo, kind: str, document) -> PrintContent:
    """The current print content of ``document`` (a plan, utvecklingsplan,
    kompetenskort or Kartlaggning) with the participant header it needs. For the
    referral and the medgivande ``document`` is the ``Participant`` (they print a
    part of its record: ``models.printed.participant_print_id``)."""
    if kind not in DOCUMENT_CLASSES:
        raise ValueError(kind)
    if kind in PARTICIPANT_KINDS:
        part = document.referral if kind != MEDGIVANDE else document.consent
        if kind == MEDGIVANDE:
            return PrintContent(kind, part, printed_identity(document), load_handlaggare(repo).namn,
                                unit_text=load_medgivande(repo))
        return PrintContent(kind, part, printed_identity(document))
    participant = None
    handlaggare = ""
    withdrawn = None
    if kind in (UTVECKLINGSPLAN, KARTLAGGNING):
        participant = printed_participant(repo.get_participant(document.participant_id))
    if kind == KARTLAGGNING:
        handlaggare = load_handlaggare(repo).namn
    if kind == ARBETSTRANING:  # the schema's header and signature lines: name and personnummer, the handläggare
        participant = printed_identity(repo.get_participant(document.participant_id))
        handlaggare = load_handlaggare(repo).namn
    if kind == SLUTDOKUMENTATION:  # an Avslut: name and personnummer, the handläggare who signs
        participant = printed_identity(repo.get_participant(document.participant_id))
        handlaggare = load_handlaggare(repo).namn
    if kind == PLAN:  # its ÖVERENSKOMMELSE shares information: a withdrawn consent is printed by it
        withdrawn = consent_withdrawn(repo, document.participant_id)
    progress = printed_progress(repo, document.participant_id, document.datum) if kind in PROGRESS_KINDS else None
    return PrintContent(kind, document, participant, handlaggare, consent_withdrawn=withdrawn, progress=progress)


def printed_progress(repo, participant_id: str, until: date | None):
    """What the "Utveckling" charts of a printout dated ``until`` draw: the
    självskattningar, the arbetsträning's planned and actual extent and the MI rulers
    by that day (``models.progress``), without the timeline's events; None when there
    is nothing to draw (the document prints as it did before charts)."""
    from ..models.progress import build_progress
    progress = build_progress(_ratings(repo, participant_id), _mi_kartlaggningar(repo, participant_id),
                              repo.documents(participant_id, "arbetstraning"),
                              _extents(repo, participant_id), until=until).without_events()
    return None if progress.is_empty else progress


# A print's content is built again on every save of the document being edited (its
# "ändrat sedan utskrift" state), so the charts' data are read without the parts the
# charts do not draw: no comments, no follow-up texts, no kartläggning grid. The rows
# are the documents' own JSON (``to_jsonable`` of the model: field names as keys).

def _ratings(repo, participant_id: str) -> list:
    """The självskattningar with their ratings only (not the participant's comments)."""
    import json

    from ..models.selfrating import AreaRating, Sjalvskattning
    out = []
    for (data,) in repo.conn.execute("SELECT data FROM documents WHERE participant_id=? AND kind='sjalvskattning'"
                                     " ORDER BY datum, created", (participant_id,)):
        d = json.loads(data)
        out.append(Sjalvskattning(participant_id=participant_id, id=d["id"], datum=date.fromisoformat(d["datum"]),
                                  skala_min=d["skala_min"], skala_max=d["skala_max"],
                                  betyg=[AreaRating(b["area"], b["egen"], "", b["handlaggare"]) for b in d["betyg"]]))
    return out


def _extents(repo, participant_id: str) -> list:
    """The follow-ups with their date and the extent actually worked only."""
    from ..models.method import Uppfoljning
    return [Uppfoljning(participant_id=participant_id, id=fid, datum=date.fromisoformat(datum), faktisk_procent=pct)
            for fid, datum, pct in repo.conn.execute(
                "SELECT id, json_extract(data, '$.datum'), json_extract(data, '$.faktisk_procent') FROM documents"
                " WHERE participant_id=? AND kind='uppfoljning' ORDER BY datum, created", (participant_id,))]


def _mi_kartlaggningar(repo, participant_id: str) -> list:
    """The participant's kartläggningar with only what the MI chart needs: the
    motivationskors and the day of the last samtal (a whole kartläggning's grid can be
    large, and the charts draw none of it)."""
    import json

    from ..models.kartlaggning import Kartlaggning, Motivationskors, Samtal
    from ..models.serialize import from_jsonable
    out = []
    for kid, datum, motivation, last in repo.conn.execute(
            "SELECT k.id, k.datum, k.motivation, (SELECT max(s.datum) FROM samtal s WHERE s.kartlaggning_id = k.id)"
            " FROM kartlaggningar k WHERE k.participant_id=? ORDER BY k.datum, k.created", (participant_id,)):
        samtal = [Samtal(datum=date.fromisoformat(last))] if last else []
        out.append(Kartlaggning(participant_id=participant_id, id=kid, datum=date.fromisoformat(datum),
                                samtal=samtal, motivation=from_jsonable(Motivationskors, json.loads(motivation))))
    return out


def consent_withdrawn(repo, participant_id: str):
    """The date the participant withdrew the Medgivande om informationsutbyte, None if not."""
    try:
        return repo.get_participant(participant_id).consent.withdrawn
    except KeyError:
        return None


def latest_document(repo, participant_id: str, kind: str):
    """The participant's latest document of ``kind`` (by date), or None. For the
    referral and the medgivande: the participant (see ``content_for``)."""
    if kind in PARTICIPANT_KINDS:
        try:
            return repo.get_participant(participant_id)
        except KeyError:
            return None
    if kind == KARTLAGGNING:
        return repo.latest_kartlaggning(participant_id)
    docs = repo.documents(participant_id, STORED_KINDS.get(kind, kind))
    return docs[-1] if docs else None

