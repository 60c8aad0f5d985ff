"""What a printout shows: the document plus the few participant fields and the
handläggare's name that its header and signature lines need.

A ``PrintContent`` is hashed (the version fingerprint in the footer) and kept
as a JSON snapshot with each print version, so an old version can be printed
again exactly. No SQL, no Qt, no PDF here.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import date

from .hashing import content_hash
from .kartlaggning import Kartlaggning
from .method import Arbetstraning, Avslut
from .participant import Consent, Contact, Participant, Referral
from .plans import IndividuellPlan, Kompetenskort, Utvecklingsplan
from .progress import Progress
from .serialize import from_jsonable, to_jsonable

PLAN = "plan"
UTVECKLINGSPLAN = "utvecklingsplan"
KOMPETENSKORT = "kompetenskort"
KARTLAGGNING = "kartlaggning"
REFERRAL = "referral"  # Uppgifter från Arbetsförmedlingen till Arbetsmarknadsenheten (Bilaga 1)
MEDGIVANDE = "medgivande"  # Medgivande om informationsutbyte
ARBETSTRANING = "arbetstraning"  # Arbetsträningsschema, for the participant and the workplace
SLUTDOKUMENTATION = "slutdokumentation"  # the avslut's outcome and slutdokumentation, for the participant
DOCUMENT_CLASSES = {PLAN: IndividuellPlan, UTVECKLINGSPLAN: Utvecklingsplan,
                    KOMPETENSKORT: Kompetenskort, KARTLAGGNING: Kartlaggning,
                    REFERRAL: Referral, MEDGIVANDE: Consent, ARBETSTRANING: Arbetstraning}
DOCUMENT_CLASSES[SLUTDOKUMENTATION] = Avslut  # (its own line: other kinds are added above at the same time)
KINDS = tuple(DOCUMENT_CLASSES)
# Printouts of a part of the participant record itself, not of a row in the documents table.
PARTICIPANT_KINDS = (REFERRAL, MEDGIVANDE)
# Printouts that draw the participant's progress (the "Utveckling" charts).
PROGRESS_KINDS = (UTVECKLINGSPLAN, SLUTDOKUMENTATION)


def participant_print_id(participant_id: str, kind: str) -> str:
    """The print-log id of the participant's referral or medgivande.

    The print log keys versions by document id, but these two are parts of the
    participant record (``Participant.referral`` / ``.consent``), not documents
    with an id of their own. A participant has exactly one of each, so the
    participant's id plus the kind names it for good: stable over every edit (the
    versions and "ändrad sedan utskrift" chain on it), never equal to a document id
    (those are 32 hex digits, without ':'), and its print rows go with the
    participant (``prints.participant_id`` cascades on delete)."""
    return f"{participant_id}:{kind}"


def printed_participant(p: Participant) -> Participant:
    """Only the participant fields a printout shows (the kartläggning's header page
    and the Utvecklingsplan title); nothing more is copied into a snapshot."""
    return Participant(namn=p.namn, personnummer=p.personnummer, id=p.id, telefon=p.telefon, mobil=p.mobil,
                       epost=p.epost, kontaktpersoner=[Contact(c.namn, c.relation, c.telefon)
                                                       for c in p.kontaktpersoner])


def printed_identity(p: Participant) -> Participant:
    """Name and personnummer only: what the referral and the medgivande print of the
    participant (a new phone number does not make them "changed since printing")."""
    return Participant(namn=p.namn, personnummer=p.personnummer, id=p.id)


@dataclass
class PrintContent:
    """Everything a printout shows besides the unit's letterhead.

    ``participant`` is set for the Utvecklingsplan and the kartläggning (their
    header comes from the participant) and for the referral and the medgivande
    (whose ``document`` is the participant's ``Referral`` / ``Consent``);
    ``handlaggare_namn`` for the kartläggning and the medgivande; ``unit_text``
    (the unit's own wording) for the medgivande; ``consent_withdrawn`` for the
    plan, when the participant's consent was withdrawn (printed by the agreement);
    ``progress`` for the Utvecklingsplan and the slutdokumentation (``PROGRESS_KINDS``):
    what their "Utveckling" charts draw, as of the document's date and without the
    timeline's events, None when there is nothing to draw. It is part of the stored
    snapshot, so a reprint draws what was printed, not today's ratings; snapshots
    stored before it existed have none and reprint without charts, as they printed.
    """
    kind: str
    document: object
    participant: Participant | None = None
    handlaggare_namn: str = ""
    unit_text: str = ""
    consent_withdrawn: date | None = None
    progress: Progress | None = None

    @property
    def document_id(self) -> str:
        if self.kind in PARTICIPANT_KINDS:
            return participant_print_id(self.participant.id, self.kind)
        return self.document.id

    @property
    def participant_id(self) -> str:
        if self.kind in PARTICIPANT_KINDS:
            return self.participant.id
        return self.document.participant_id

    def hashed_value(self):
        """The value the content hash covers: what is printed, nothing else.

        The plan's ``signerad`` date is recorded after signing and is not printed,
        so setting it does not make the signed paper "changed since printing".
        """
        doc = self.document
        if self.kind == PLAN:
            doc = dataclasses.replace(doc, signerad=None)
            if self.consent_withdrawn is not None:  # the printout says so by the agreement
                return {"document": doc, "consent_withdrawn": self.consent_withdrawn}
        if self.kind in (PLAN, KOMPETENSKORT):
            return doc  # the document alone: same hash as content_hash(doc)
        if self.kind == SLUTDOKUMENTATION:  # closing or reopening changes nothing on the paper
            doc = dataclasses.replace(doc, pagaende=False, ateroppnad=None)
            return self._with_progress({"document": doc, "participant": self.participant,
                                        "handlaggare_namn": self.handlaggare_namn})
        value = self._with_progress({"document": doc, "participant": self.participant})
        if self.kind in (KARTLAGGNING, MEDGIVANDE, ARBETSTRANING):
            value["handlaggare_namn"] = self.handlaggare_namn
        if self.kind == MEDGIVANDE:
            value["unit_text"] = self.unit_text
        return value

    def _with_progress(self, value: dict) -> dict:
        """``value`` plus the charts' data when there are charts: a document printed
        without any keeps the hash it had before charts were printed."""
        if self.progress is not None and self.kind in PROGRESS_KINDS:
            value["progress"] = self.progress
        return value

    def hash(self) -> str:
        return content_hash(self.hashed_value())

    def to_json(self) -> str:
        data = {"kind": self.kind, "document": to_jsonable(self.document),
                "participant": to_jsonable(self.participant) if self.participant else None,
                "handlaggare_namn": self.handlaggare_namn, "unit_text": self.unit_text,
                "consent_withdrawn": to_jsonable(self.consent_withdrawn)}
        if self.progress is not None:  # (absent, not null, when there is none: as before)
            data["progress"] = to_jsonable(self.progress)
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "PrintContent":
        data = json.loads(text)
        kind = data["kind"]
        participant = data.get("participant")
        return cls(kind=kind, document=from_jsonable(DOCUMENT_CLASSES[kind], data["document"]),
                   participant=from_jsonable(Participant, participant) if participant else None,
                   handlaggare_namn=data.get("handlaggare_namn", ""), unit_text=data.get("unit_text", ""),
                   consent_withdrawn=from_jsonable(date | None, data.get("consent_withdrawn")),
                   progress=from_jsonable(Progress | None, data.get("progress")))
