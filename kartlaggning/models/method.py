"""The method after the plans: matchning, arbetsträning, uppföljning, avslut.

Each is a document of the participant (stored like the plans, one row per
document); the workplaces the unit uses are a register of their own, shared by
all participants. Swedish names are the handbook's words.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from ..i18n import N_
from .errors import ValidationError
from .fields import MAX_NAME, MAX_SHORT, check_text, new_id

MAX_HOURS_PER_DAY = 12


# ---- the unit's workplaces ------------------------------------------------------------------

@dataclass
class Workplace:
    """A place the unit uses for arbetsträning (its own or an external employer)."""
    id: str = field(default_factory=new_id)
    arbetsplats: str = ""
    adress: str = ""
    handledare: str = ""
    handledare_telefon: str = ""
    arbetsuppgifter: str = ""  # the tasks there
    anpassningar: str = ""  # the adaptations that are possible there
    egen: bool = True  # the unit's own workplace (the step to an external employer is a stegförflyttning)
    i_bruk: bool = True  # still offered; an old one stays for the documents that name it

    def errors(self, prefix: str = "") -> list[ValidationError]:
        errors: list[ValidationError] = []
        check_text(errors, f"{prefix}arbetsplats", self.arbetsplats, MAX_NAME, required=True)
        check_text(errors, f"{prefix}handledare", self.handledare, MAX_NAME)
        for name in ("adress", "handledare_telefon"):
            check_text(errors, f"{prefix}{name}", getattr(self, name), MAX_SHORT)
        for name in ("arbetsuppgifter", "anpassningar"):
            check_text(errors, f"{prefix}{name}", getattr(self, name))
        return errors


# ---- matchning -------------------------------------------------------------------------------

class MatchningBeslut(str, Enum):
    ARBETSTRANING = "arbetstraning"
    UTBILDNING = "utbildning"
    ANNAT_STOD = "annat_stod"  # care, daily activity, other help


MATCHNING_LABELS = {
    MatchningBeslut.ARBETSTRANING: N_("Work-training place"),
    MatchningBeslut.UTBILDNING: N_("Education"),
    MatchningBeslut.ANNAT_STOD: N_("Other support"),
}


@dataclass
class Matchning:
    """The decision, with the kartläggning as basis, of where the participant goes next."""
    participant_id: str = ""
    id: str = field(default_factory=new_id)
    datum: date = field(default_factory=date.today)
    beslut: MatchningBeslut | None = None
    workplace_id: str | None = None  # for an arbetsträningsplats
    utbildning: str = ""  # which education
    annat_stod: str = ""  # which other support
    motivering: str = ""  # why
    grundas_pa: list[str] = field(default_factory=list)  # ids of the hinder and resurser it rests on
    egna_onskemal: str = ""  # the participant's own wishes

    def errors(self) -> list[ValidationError]:
        errors: list[ValidationError] = []
        for name in ("utbildning", "annat_stod"):
            check_text(errors, name, getattr(self, name), MAX_SHORT)
        for name in ("motivering", "egna_onskemal"):
            check_text(errors, name, getattr(self, name))
        return errors


# ---- arbetsträning -----------------------------------------------------------------------------

@dataclass
class SchemaSteg:
    """A step of the arbetsträningsschema: from ``datum``, ``procent`` of full time."""
    datum: date | None = None
    procent: int | None = None
    timmar_per_dag: float | None = None


@dataclass
class Anpassning:
    """An adaptation agreed before the start, and how it worked."""
    beskrivning: str = ""
    hur_det_fungerade: str = ""


@dataclass
class Arbetstraning:
    participant_id: str = ""
    id: str = field(default_factory=new_id)
    datum: date = field(default_factory=date.today)  # start
    till: date | None = None  # end of the period
    workplace_id: str | None = None
    arbetsplats: str = ""  # as printed (the register may change later)
    handledare: str = ""
    handledare_telefon: str = ""
    arbetsuppgifter: str = ""
    af_beslut_datum: date | None = None  # Arbetsförmedlingen's beslut
    af_beslut_referens: str = ""
    schema: list[SchemaSteg] = field(default_factory=list)  # the start and the planned steps to full time
    anpassningar: list[Anpassning] = field(default_factory=list)

    def planned_procent(self, on: date) -> int | None:
        """The extent the schema plans for ``on`` (the last step begun by then)."""
        steps = sorted((s for s in self.schema if s.datum is not None and s.procent is not None),
                       key=lambda s: s.datum)
        current = None
        for s in steps:
            if s.datum <= on:
                current = s.procent
        return current

    def errors(self) -> list[ValidationError]:
        errors: list[ValidationError] = []
        if self.till is not None and self.till < self.datum:
            errors.append(ValidationError("till", "period_order"))
        for name in ("arbetsplats", "handledare"):
            check_text(errors, name, getattr(self, name), MAX_NAME)
        for name in ("handledare_telefon", "af_beslut_referens"):
            check_text(errors, name, getattr(self, name), MAX_SHORT)
        check_text(errors, "arbetsuppgifter", self.arbetsuppgifter)
        for i, s in enumerate(self.schema):
            _check_extent(errors, f"schema[{i}].procent", s.procent, f"schema[{i}].timmar_per_dag", s.timmar_per_dag)
        for i, a in enumerate(self.anpassningar):
            check_text(errors, f"anpassningar[{i}].beskrivning", a.beskrivning)
            check_text(errors, f"anpassningar[{i}].hur_det_fungerade", a.hur_det_fungerade)
        return errors


def _check_extent(errors: list, procent_path: str, procent, timmar_path: str, timmar) -> None:
    if procent is not None and (isinstance(procent, bool) or not isinstance(procent, int) or not 0 <= procent <= 100):
        errors.append(ValidationError(procent_path, "percent"))
    if timmar is not None and (isinstance(timmar, bool) or not isinstance(timmar, (int, float))
                               or not 0 <= timmar <= MAX_HOURS_PER_DAY):
        errors.append(ValidationError(timmar_path, "hours", high=MAX_HOURS_PER_DAY))


# ---- uppföljning ------------------------------------------------------------------------------

@dataclass
class Uppfoljning:
    """A monthly follow-up with the participant and the handledare (and Arbetsförmedlingen)."""
    participant_id: str = ""
    id: str = field(default_factory=new_id)
    datum: date = field(default_factory=date.today)
    arbetstraning_id: str | None = None
    utvecklingsplan_id: str | None = None  # the Utvecklingsplan of this follow-up
    faktisk_procent: int | None = None  # the extent actually worked now
    faktiska_timmar_per_dag: float | None = None
    narvarande: str = ""  # who took part (handledare, arbetsförmedlare)
    hur_det_gar: str = ""  # how it goes now
    anpassningar: str = ""  # whether more adaptations are needed
    deltagarens_syn: str = ""  # how the participant sees the support
    vagen_mot_arbete: str = ""  # the way to the open labour market
    nasta: date | None = None  # the next follow-up

    def errors(self) -> list[ValidationError]:
        errors: list[ValidationError] = []
        _check_extent(errors, "faktisk_procent", self.faktisk_procent, "faktiska_timmar_per_dag",
                      self.faktiska_timmar_per_dag)
        check_text(errors, "narvarande", self.narvarande, MAX_SHORT)
        for name in ("hur_det_gar", "anpassningar", "deltagarens_syn", "vagen_mot_arbete"):
            check_text(errors, name, getattr(self, name))
        if self.nasta is not None and self.nasta < self.datum:
            errors.append(ValidationError("nasta", "period_order"))
        return errors


# ---- avslut -----------------------------------------------------------------------------------

class Utfall(str, Enum):
    ARBETE = "arbete"
    STUDIER = "studier"
    ANNAN_FORSORJNING = "annan_forsorjning"  # e.g. sjukersättning, aktivitetsersättning
    AVBROTT = "avbrott"
    ANNAT = "annat"


UTFALL_LABELS = {
    Utfall.ARBETE: N_("Work"),
    Utfall.STUDIER: N_("Studies"),
    Utfall.ANNAN_FORSORJNING: N_("Other means of support"),
    Utfall.AVBROTT: N_("Discontinued"),
    Utfall.ANNAT: N_("Other outcome"),
}

# The slutdokumentation's sections, in the handbook's order: (section, [(field, heading)]).
SLUT_SECTIONS = (
    ("Bakgrund", (("sjukdomshistorik", "Sjukdomshistorik"), ("utbildningsbakgrund", "Utbildningsbakgrund"),
                  ("arbetslivserfarenhet", "Arbetslivserfarenhet"))),
    ("Nuvarande situation", (("halsotillstand", "Aktuellt hälsotillstånd"), ("skulder", "Skulder"),
                             ("social_situation", "Social situation"))),
    ("Tiden i arbetsträning", (("arbetsplats", "Arbetsplats"), ("arbetsuppgifter", "Arbetsuppgifter"),
                               ("anpassningar", "Anpassningar och hur de fungerade"), ("narvaro", "Närvaro"),
                               ("motivation", "Motivation"), ("samarbetsformaga", "Samarbetsförmåga"),
                               ("behov_av_handledning", "Behov av handledning"),
                               ("starka_sidor", "Starka sidor"), ("utvecklingsomraden", "Utvecklingsområden"),
                               ("ovriga_observationer", "Övriga iakttagelser av betydelse för ett reguljärt arbete"),
                               ("handledarens_beskrivning", "Handledarens beskrivning"),
                               ("deltagarens_beskrivning", "Deltagarens egen beskrivning"))),
    ("Sammanfattning/bedömning", (("sammanfattning", "Sammanfattning/bedömning"),)),
)
SLUT_FIELDS = tuple(name for _section, fields in SLUT_SECTIONS for name, _heading in fields)


@dataclass
class Avslut:
    """The end of the participant's time at the unit: outcome and slutdokumentation."""
    participant_id: str = ""
    id: str = field(default_factory=new_id)
    datum: date = field(default_factory=date.today)
    utfall: Utfall | None = None
    anstallningsform: str = ""  # for arbete: the kind of employment
    subventionerad: bool | None = None  # for arbete: a subsidised employment?
    forsorjning: str = ""  # for annan försörjning: sjukersättning, aktivitetsersättning, …
    avbrott_orsak: str = ""  # for avbrott: why
    kommentar: str = ""
    ateroppnad: date | None = None  # reopened on (the participant can be edited again)
    # Being written ("Påbörja avslut"): saved as it is typed, but not in force — the participant
    # is still active until ``services.method.close`` (which clears this); False for one in force.
    pagaende: bool = False
    slutdokumentation: dict[str, str] = field(default_factory=lambda: {name: "" for name in SLUT_FIELDS})

    def errors(self) -> list[ValidationError]:
        errors: list[ValidationError] = []
        for name in ("anstallningsform", "forsorjning"):
            check_text(errors, name, getattr(self, name), MAX_SHORT)
        for name in ("avbrott_orsak", "kommentar"):
            check_text(errors, name, getattr(self, name))
        for name, text in self.slutdokumentation.items():
            check_text(errors, f"slutdokumentation.{name}", text)
        return errors
