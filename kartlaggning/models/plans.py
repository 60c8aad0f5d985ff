"""The signed documents: Individuell plan mot arbete, Utvecklingsplan, Kompetenskort."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..i18n import N_
from .errors import ValidationError
from .fields import MAX_NAME, MAX_SHORT, check_rating, check_text, new_id

DEFAULT_OVERENSKOMMELSE = (
    "Den här planen är en överenskommelse mellan mig och de myndigheter som har "
    "skrivit under. Vi har gjort planen tillsammans och förbinder oss att följa den "
    "så gott vi kan. Jag samtycker till att uppgifter om planeringen får lämnas mellan "
    "de myndigheter som deltar i planeringen."
)

# Kontaktlista roles, in the form's order: (key, form label)
PLAN_CONTACT_ROLES = (
    ("arbetsmarknadshandlaggare", "Arbetsmarknadshandläggare"),
    ("forsorjningsstod", "Handläggare försörjningsstöd"),
    ("arbetsformedlingen", "Handläggare Arbetsförmedlingen"),
    ("syv", "Studie- och yrkesvägledare"),
    ("ovrig1", "Övrig"),
    ("ovrig2", "Övrig"),
)
PLAN_CONTACT_UI_LABELS = {
    "arbetsmarknadshandlaggare": N_("Labour-market case worker"),
    "forsorjningsstod": N_("Case worker, income support"),
    "arbetsformedlingen": N_("Case worker, Arbetsförmedlingen"),
    "syv": N_("Study and career counsellor"),
    "ovrig1": N_("Other contact"),
    "ovrig2": N_("Other contact"),
}


@dataclass
class PlanContact:
    roll: str
    namn: str = ""
    telefon: str = ""


def _default_contacts() -> list[PlanContact]:
    return [PlanContact(key) for key, _label in PLAN_CONTACT_ROLES]


@dataclass
class Ansvar:
    """A row of the Ansvarsfördelning table: Åtgärd | Ansvarig | Datum."""
    atgard: str = ""
    ansvarig: str = ""
    datum: date | None = None


@dataclass
class IndividuellPlan:
    participant_id: str = ""
    id: str = field(default_factory=new_id)
    namn: str = ""
    personnummer: str = ""
    adress: str = ""
    upprattad: date = field(default_factory=date.today)  # Datum för upprättande
    kontakter: list[PlanContact] = field(default_factory=_default_contacts)
    mal: str = ""
    delmal: list[str] = field(default_factory=list)
    ansvarsfordelning: list[Ansvar] = field(default_factory=list)
    uppfoljning: str = ""
    overenskommelse: str = DEFAULT_OVERENSKOMMELSE
    signerad: date | None = None  # the date all three parties signed

    def contact(self, roll: str) -> PlanContact:
        return next(c for c in self.kontakter if c.roll == roll)

    def errors(self) -> list[ValidationError]:
        errors: list[ValidationError] = []
        check_text(errors, "namn", self.namn, MAX_NAME)
        check_text(errors, "adress", self.adress, MAX_SHORT)
        for i, c in enumerate(self.kontakter):
            check_text(errors, f"kontakter[{i}].namn", c.namn, MAX_NAME)
            check_text(errors, f"kontakter[{i}].telefon", c.telefon, MAX_SHORT)
        check_text(errors, "mal", self.mal)
        for i, d in enumerate(self.delmal):
            check_text(errors, f"delmal[{i}]", d)
        for i, a in enumerate(self.ansvarsfordelning):
            check_text(errors, f"ansvarsfordelning[{i}].atgard", a.atgard)
            check_text(errors, f"ansvarsfordelning[{i}].ansvarig", a.ansvarig, MAX_NAME)
        check_text(errors, "uppfoljning", self.uppfoljning)
        check_text(errors, "overenskommelse", self.overenskommelse)
        return errors


@dataclass
class UppfoljningRad:
    """A row of the table Datum för uppföljning | Utvecklingsområde."""
    datum: date | None = None
    omrade: str = ""


@dataclass
class Utvecklingsplan:
    participant_id: str = ""
    id: str = field(default_factory=new_id)
    datum: date = field(default_factory=date.today)  # the follow-up this plan belongs to
    utvecklingsomraden: str = ""
    rader: list[UppfoljningRad] = field(default_factory=list)
    ansvar_datum: date | None = None  # Datum (when responsibilities were agreed)
    mitt_ansvar: str = ""
    ame_ansvar: str = ""
    avstamning_datum: date | None = None  # Datum (of the avstämning)
    avstamning: str = ""

    def continued(self, new_date: date) -> "Utvecklingsplan":
        """A new plan for the next follow-up, starting from this one."""
        return Utvecklingsplan(
            participant_id=self.participant_id, datum=new_date,
            utvecklingsomraden=self.utvecklingsomraden,
            rader=[UppfoljningRad(r.datum, r.omrade) for r in self.rader],
            mitt_ansvar=self.mitt_ansvar, ame_ansvar=self.ame_ansvar)

    def errors(self) -> list[ValidationError]:
        errors: list[ValidationError] = []
        for name in ("utvecklingsomraden", "mitt_ansvar", "ame_ansvar", "avstamning"):
            check_text(errors, name, getattr(self, name))
        for i, r in enumerate(self.rader):
            check_text(errors, f"rader[{i}].omrade", r.omrade)
        return errors


# The Kompetenskort's five steps: (stored value, form label, English UI label).
RATING_SCALE = (
    (1, "mycket bristfällig", N_("very poor")),
    (2, "bristfällig", N_("poor")),
    (3, "varken god eller bristfällig", N_("neither good nor poor")),
    (4, "god", N_("good")),
    (5, "mycket god", N_("very good")),
)
# The same steps in the plural, as the form has them for "Förstå instruktioner"
# (the instructions are understood "goda"). Same values, same English.
RATING_SCALE_PLURAL = (
    (1, "mycket bristfälliga", N_("very poor")),
    (2, "bristfälliga", N_("poor")),
    (3, "varken goda eller bristfälliga", N_("neither good nor poor")),
    (4, "goda", N_("good")),
    (5, "mycket goda", N_("very good")),
)
# The six rated properties: (key stored in Rating.egenskap, form label, English UI label).
COMPETENCE_PROPERTIES = (
    ("narvaro", "Närvaro/punktlighet", N_("Attendance/punctuality")),
    ("motivation", "Motivation/intresse", N_("Motivation/interest")),
    ("samarbete", "Samarbetsförmåga", N_("Ability to cooperate")),
    ("noggrannhet", "Noggrannhet", N_("Accuracy")),
    ("ansvar", "Ansvarsfullhet", N_("Responsibility")),
    ("instruktioner", "Förstå instruktioner", N_("Understanding instructions")),
)
# Properties whose steps the form words in the plural.
PLURAL_PROPERTIES = frozenset({"instruktioner"})
# The form's heading over the ratings, the line under it, and the note under
# "Kompetenser individen uppvisat" (in our words).
EGENSKAPER_HEADING = "Egenskaper"
EGENSKAPER_QUESTION = "Hur bedömer du personen utifrån följande:"
KOMPETENSER_NOTE = ("Både tidigare inlärda kompetenser som har uppmärksammats på arbetsplatsen "
                    "och nya som individen har fått där.")


def rating_scale(egenskap: str) -> tuple[tuple[int, str, str], ...]:
    """The five steps as the form words them for the property ``egenskap``
    (plural for "Förstå instruktioner", singular for the others and for keys
    this version does not know)."""
    return RATING_SCALE_PLURAL if egenskap in PLURAL_PROPERTIES else RATING_SCALE


def rating_label(egenskap: str, betyg: int | None) -> str:
    """The chosen step of ``egenskap`` in the form's words ("god", "goda"), or ""
    when there is no rating (or a value outside the scale)."""
    return next((sv for n, sv, _en in rating_scale(egenskap) if n == betyg), "")


@dataclass
class Rating:
    egenskap: str
    betyg: int | None = None  # 1-5, see RATING_SCALE (rating_scale() for its words)
    kommentar: str = ""


def _default_ratings() -> list[Rating]:
    return [Rating(key) for key, _sv, _en in COMPETENCE_PROPERTIES]


@dataclass
class Kompetenskort:
    participant_id: str = ""
    id: str = field(default_factory=new_id)
    namn: str = ""
    personnummer: str = ""
    adress: str = ""
    arbetsplats: str = ""
    kontaktperson: str = ""  # Kontaktperson på arbetsplatsen
    telefon: str = ""
    beskrivning: str = ""  # Beskrivning av arbetsplatsen och arbetsuppgifter
    betyg: list[Rating] = field(default_factory=_default_ratings)
    kompetenser: str = ""  # Kompetenser individen uppvisat
    utvecklingsomrade: str = ""
    datum: date = field(default_factory=date.today)
    kontaktperson_underskrift: str = ""  # Kontaktperson arbetsplatsen (signing)

    def errors(self) -> list[ValidationError]:
        errors: list[ValidationError] = []
        check_text(errors, "namn", self.namn, MAX_NAME)
        for name in ("adress", "arbetsplats", "telefon"):
            check_text(errors, name, getattr(self, name), MAX_SHORT)
        check_text(errors, "kontaktperson", self.kontaktperson, MAX_NAME)
        check_text(errors, "kontaktperson_underskrift", self.kontaktperson_underskrift, MAX_NAME)
        for name in ("beskrivning", "kompetenser", "utvecklingsomrade"):
            check_text(errors, name, getattr(self, name))
        for i, r in enumerate(self.betyg):
            check_rating(errors, f"betyg[{i}].betyg", r.betyg, 1, 5)
            check_text(errors, f"betyg[{i}].kommentar", r.kommentar)
        return errors
