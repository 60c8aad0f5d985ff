"""Everything the vault holds about one participant (the register extract)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .kartlaggning import Kartlaggning
from .method import Arbetstraning, Avslut, Matchning, Uppfoljning
from .participant import Participant
from .plans import IndividuellPlan, Kompetenskort, Utvecklingsplan
from .selfrating import Sjalvskattning


@dataclass
class ParticipantRecord:
    participant: Participant
    kartlaggningar: list[Kartlaggning] = field(default_factory=list)
    planer: list[IndividuellPlan] = field(default_factory=list)
    utvecklingsplaner: list[Utvecklingsplan] = field(default_factory=list)
    kompetenskort: list[Kompetenskort] = field(default_factory=list)
    # the method after the plans (export format version 2)
    matchningar: list[Matchning] = field(default_factory=list)
    arbetstraningar: list[Arbetstraning] = field(default_factory=list)
    uppfoljningar: list[Uppfoljning] = field(default_factory=list)
    avslut: list[Avslut] = field(default_factory=list)
    # the participant's own ratings (export format version 3)
    sjalvskattningar: list[Sjalvskattning] = field(default_factory=list)

    DOCUMENT_GROUPS = ("planer", "utvecklingsplaner", "kompetenskort", "matchningar", "arbetstraningar",
                       "uppfoljningar", "avslut", "sjalvskattningar")

    def errors(self) -> list:
        errs = list(self.participant.errors())
        for group in ("kartlaggningar", *self.DOCUMENT_GROUPS):
            for i, doc in enumerate(getattr(self, group)):
                for e in doc.errors():
                    e.field = f"{group}[{i}].{e.field}"
                    errs.append(e)
        return errs
