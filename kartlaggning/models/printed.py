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

from .hashing import content_hash
from .kartlaggning import Kartlaggning
from .participant import Contact, Participant
from .plans import IndividuellPlan, Kompetenskort, Utvecklingsplan
from .serialize import from_jsonable, to_jsonable

PLAN = "plan"
UTVECKLINGSPLAN = "utvecklingsplan"
KOMPETENSKORT = "kompetenskort"
KARTLAGGNING = "kartlaggning"
DOCUMENT_CLASSES = {PLAN: IndividuellPlan, UTVECKLINGSPLAN: Utvecklingsplan,
                    KOMPETENSKORT: Kompetenskort, KARTLAGGNING: Kartlaggning}
KINDS = tuple(DOCUMENT_CLASSES)


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
            return doc  # the document alone: same hash as content_hash(doc)
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
