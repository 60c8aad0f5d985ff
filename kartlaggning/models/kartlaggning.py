"""The kartläggning: its samtal, the twelve-area grid, the motivationskors and
the sammanställning."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import Enum

from ..i18n import N_
from .areas import AREA_KEYS
from .errors import ValidationError
from .fields import MAX_SHORT, check_rating, check_text, new_id

DEFAULT_SYFTE = "Kartläggning av hinder och resurser för matchning mot arbetsmarknaden."
MAX_SAMTAL_MINUTES = 60

HINDER = "hinder"
RESURS = "resurs"


@dataclass
class Samtal:
    datum: date = field(default_factory=date.today)
    id: str = field(default_factory=new_id)
    start: time | None = None
    slut: time | None = None
    tidsram_minuter: int = MAX_SAMTAL_MINUTES
    tolk_narvarande: bool = False
    tolk_sprak: str = ""  # the language interpreted (when an interpreter took part)
    anteckning: str = ""

    @property
    def ended(self) -> bool:
        return self.slut is not None

    def duration_minutes(self) -> int | None:
        if self.start is None or self.slut is None:
            return None
        a = datetime.combine(self.datum, self.start)
        b = datetime.combine(self.datum, self.slut)
        return max(0, int((b - a).total_seconds() // 60))

    def validate(self, prefix: str, errors: list) -> None:
        if self.tidsram_minuter > MAX_SAMTAL_MINUTES:
            errors.append(ValidationError(f"{prefix}.tidsram_minuter", "timeframe", minutes=self.tidsram_minuter))
        elif self.tidsram_minuter < 1:
            errors.append(ValidationError(f"{prefix}.tidsram_minuter", "timeframe_min"))
        if self.start and self.slut and self.slut < self.start:
            errors.append(ValidationError(f"{prefix}.slut", "end_before_start"))
        check_text(errors, f"{prefix}.tolk_sprak", self.tolk_sprak, MAX_SHORT)
        check_text(errors, f"{prefix}.anteckning", self.anteckning)


@dataclass
class GridEntry:
    """One hinder or resurs; remembers the samtal it came from. A hinder that is no
    longer one (a stegförflyttning) keeps its text and history: ``lost_datum`` says
    when it was resolved and ``lost_orsak`` how (None and "" while it stands)."""
    text: str = ""
    id: str = field(default_factory=new_id)
    samtal_id: str | None = None
    lost_datum: date | None = None  # resolved on
    lost_orsak: str = ""  # why / how it was resolved

    @property
    def resolved(self) -> bool:
        return self.lost_datum is not None


@dataclass
class AreaRecord:
    """One row of the grid: Hinder | Område (fakta) | Resurser."""
    area: str
    fakta: str = ""
    hinder: list[GridEntry] = field(default_factory=list)
    resurser: list[GridEntry] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.fakta.strip() and not self.hinder and not self.resurser

    def validate(self, errors: list) -> None:
        if self.area not in AREA_KEYS:
            errors.append(ValidationError("area", "bad_value", value=self.area))
        check_text(errors, f"areas.{self.area}.fakta", self.fakta)
        for kind, entries in (("hinder", self.hinder), ("resurser", self.resurser)):
            for i, e in enumerate(entries):
                check_text(errors, f"areas.{self.area}.{kind}[{i}]", e.text)
                check_text(errors, f"areas.{self.area}.{kind}[{i}].lost_orsak", e.lost_orsak)


class Stage(str, Enum):
    """Where in the change process the participant is (stages of change)."""
    INTE_AKTUELLT = "inte_aktuellt"
    BEGRUNDAN = "begrundan"
    FORBEREDELSE = "forberedelse"
    HANDLING = "handling"
    VIDMAKTHALLANDE = "vidmakthallande"
    ATERFALL = "aterfall"


STAGE_LABELS = {
    Stage.INTE_AKTUELLT: N_("Not considering change"),
    Stage.BEGRUNDAN: N_("Contemplating"),
    Stage.FORBEREDELSE: N_("Preparing"),
    Stage.HANDLING: N_("Taking action"),
    Stage.VIDMAKTHALLANDE: N_("Maintaining"),
    Stage.ATERFALL: N_("Relapse"),
}
STAGE_FORM_LABELS = {
    Stage.INTE_AKTUELLT: "Inte aktuellt",
    Stage.BEGRUNDAN: "Begrundan",
    Stage.FORBEREDELSE: "Förberedelse",
    Stage.HANDLING: "Handling",
    Stage.VIDMAKTHALLANDE: "Vidmakthållande",
    Stage.ATERFALL: "Återfall",
}


@dataclass
class Motivationskors:
    mal: str = ""  # Vad är ditt mål?
    mindre_bra_for_mig: str = ""
    bra_for_mig: str = ""
    mindre_bra_for_omgivningen: str = ""
    bra_for_omgivningen: str = ""
    stage: Stage | None = None
    egna_ord: str = ""  # the participant's own words for why change
    viktighet: int | None = None  # importance 0-10
    tilltro: int | None = None  # confidence 0-10

    TEXT_FIELDS = ("mal", "mindre_bra_for_mig", "bra_for_mig",
                   "mindre_bra_for_omgivningen", "bra_for_omgivningen", "egna_ord")

    def validate(self, errors: list) -> None:
        for name in self.TEXT_FIELDS:
            check_text(errors, f"motivation.{name}", getattr(self, name))
        check_rating(errors, "motivation.viktighet", self.viktighet, 0, 10)
        check_rating(errors, "motivation.tilltro", self.tilltro, 0, 10)


@dataclass
class Sammanstallning:
    text: str = ""
    bedomning: str = ""  # sammanfattning/bedömning
    rehabiliteringsforslag: str = ""
    ovriga_atgarder: str = ""  # förslag på övriga åtgärder
    deltagarens_kommentar: str = ""
    genomgangen: date | None = None  # read through with the participant
    signerad: date | None = None  # signed by the participant

    TEXT_FIELDS = ("text", "bedomning", "rehabiliteringsforslag", "ovriga_atgarder", "deltagarens_kommentar")

    def validate(self, errors: list) -> None:
        for name in self.TEXT_FIELDS:
            check_text(errors, f"sammanstallning.{name}", getattr(self, name))


def _all_areas() -> dict[str, AreaRecord]:
    return {key: AreaRecord(key) for key in AREA_KEYS}


@dataclass
class Kartlaggning:
    participant_id: str = ""
    id: str = field(default_factory=new_id)
    syfte: str = DEFAULT_SYFTE
    datum: date = field(default_factory=date.today)
    samtal: list[Samtal] = field(default_factory=list)
    areas: dict[str, AreaRecord] = field(default_factory=_all_areas)
    motivation: Motivationskors = field(default_factory=Motivationskors)
    atgarder_innan_plan: str = ""
    sammanstallning: Sammanstallning = field(default_factory=Sammanstallning)

    def __post_init__(self):
        for key in AREA_KEYS:  # always all twelve, in the form's order
            self.areas.setdefault(key, AreaRecord(key))
        self.areas = {key: self.areas[key] for key in AREA_KEYS} | {
            k: v for k, v in self.areas.items() if k not in AREA_KEYS}

    def area(self, key: str) -> AreaRecord:
        return self.areas[key]

    def samtal_by_id(self, samtal_id: str | None) -> Samtal | None:
        return next((s for s in self.samtal if s.id == samtal_id), None)

    def samtal_number(self, samtal_id: str | None) -> int | None:
        for i, s in enumerate(self.samtal, 1):
            if s.id == samtal_id:
                return i
        return None

    @property
    def current_samtal(self) -> Samtal | None:
        """The samtal still running, if any."""
        return next((s for s in reversed(self.samtal) if not s.ended), None)

    def errors(self) -> list[ValidationError]:
        errors: list[ValidationError] = []
        check_text(errors, "syfte", self.syfte)
        for i, s in enumerate(self.samtal):
            s.validate(f"samtal[{i}]", errors)
        for rec in self.areas.values():
            rec.validate(errors)
        self.motivation.validate(errors)
        check_text(errors, "atgarder_innan_plan", self.atgarder_innan_plan)
        self.sammanstallning.validate(errors)
        return errors

    def validate(self) -> None:
        errors = self.errors()
        if errors:
            raise errors[0]
