"""The participant (deltagare) and how the case reached the unit."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from ..i18n import N_
from . import personnummer
from .errors import ValidationError
from .fields import MAX_NAME, MAX_SHORT, check_text, new_id

DEFAULT_CONSENT_PARTIES = (
    "Arbetsförmedlingen",
    "Försäkringskassan",
    "Hälso- och sjukvården",
    "Socialtjänsten",
    "Arbetsmarknadsenheten",
)


class CaseSource(str, Enum):
    ARBETSFORMEDLINGEN = "arbetsformedlingen"
    SOCIALTJANSTEN = "socialtjansten"
    ANNAN = "annan"


CASE_SOURCE_LABELS = {
    CaseSource.ARBETSFORMEDLINGEN: N_("Arbetsförmedlingen"),
    CaseSource.SOCIALTJANSTEN: N_("Social services"),
    CaseSource.ANNAN: N_("Other referrer"),
}


class ReferralForm(str, Enum):
    """Form av anvisning, in the order of the paper form (Bilaga 1). Stored by value:
    the order of the members is only the order they are offered and printed in."""
    SYSSELSATTNINGSPLATS = "sysselsattningsplats"
    ARBETSPRAKTIK = "arbetspraktik"
    ARBETSLIVSINRIKTAD_REHABILITERING = "arbetslivsinriktad_rehabilitering"
    ARBETSTRANING = "arbetstraning"
    FORSTARKT_ARBETSTRANING = "forstarkt_arbetstraning"
    FORSTARKT_FORDJUPAD = "forstarkt_arbetstraning_fordjupad"
    KARTLAGGNING = "kartlaggning"
    ANNAT = "annat"


REFERRAL_FORM_LABELS = {  # the paper form's words (Swedish in every language)
    ReferralForm.SYSSELSATTNINGSPLATS: "Sysselsättningsplats",
    ReferralForm.ARBETSPRAKTIK: "Arbetspraktik",
    ReferralForm.ARBETSLIVSINRIKTAD_REHABILITERING: "Arbetslivsinriktad rehabilitering",
    ReferralForm.ARBETSTRANING: "Arbetsträning",
    ReferralForm.FORSTARKT_ARBETSTRANING: "Förstärkt arbetsträning",
    ReferralForm.FORSTARKT_FORDJUPAD: "Förstärkt arbetsträning med fördjupad bedömning",
    ReferralForm.KARTLAGGNING: "Kartläggning",
    ReferralForm.ANNAT: "Annat",
}

# The unit's own wording of the Medgivande om informationsutbyte (editable in the unit
# settings). What the printout always adds itself: the parties chosen, how long the
# consent holds, that it is voluntary and can be withdrawn at any time, the signatures.
DEFAULT_MEDGIVANDE = (
    "Jag samtycker till att de parter som står nedan får lämna uppgifter om mig till varandra "
    "när uppgifterna behövs för att kartlägga min arbetsförmåga och mitt eventuella behov av "
    "rehabilitering, och för att planera och följa upp de insatser jag deltar i hos "
    "Arbetsmarknadsenheten.\n\n"
    "Det kan till exempel gälla uppgifter om min hälsa, min försörjning, mina tidigare arbeten "
    "och utbildningar och de insatser jag har fått eller får. Uppgifter som inte behövs för "
    "detta syfte lämnas inte ut. Medgivandet gör att parterna kan samarbeta kring mitt stöd "
    "utan att sekretessen hindrar dem."
)


@dataclass
class Contact:
    """Kontaktperson: Namn, relation · Telefon."""
    namn: str = ""
    relation: str = ""
    telefon: str = ""

    def validate(self, prefix: str, errors: list) -> None:
        check_text(errors, f"{prefix}.namn", self.namn, MAX_NAME)
        check_text(errors, f"{prefix}.relation", self.relation, MAX_SHORT)
        check_text(errors, f"{prefix}.telefon", self.telefon, MAX_SHORT)


@dataclass
class Referral:
    """Aktualisering: where the case came from, with Arbetsförmedlingen's referral fields."""
    source: CaseSource | None = None
    received: date | None = None
    datum: date | None = None  # "Datum" on Arbetsförmedlingen's form (Bilaga 1)
    source_other: str = ""  # who referred, when source is ANNAN
    af_handlaggare: str = ""
    af_telefon: str = ""
    form: ReferralForm | None = None
    form_other: str = ""
    period_from: date | None = None
    period_to: date | None = None
    omfattning_procent: int | None = None
    yrkesomrade: str = ""
    ersattning: str = ""  # Ersättning till anordnaren: the compensation, as the form gives it
    ersattning_from: date | None = None  # ... and its period
    ersattning_to: date | None = None
    tolkbehov: bool | None = None
    forsorjningsstod: bool | None = None
    socialsekreterare: str = ""
    socialsekreterare_telefon: str = ""
    note: str = ""

    def validate(self, errors: list) -> None:
        check_text(errors, "referral.source_other", self.source_other, MAX_SHORT)
        check_text(errors, "referral.af_handlaggare", self.af_handlaggare, MAX_NAME)
        check_text(errors, "referral.af_telefon", self.af_telefon, MAX_SHORT)
        check_text(errors, "referral.form_other", self.form_other, MAX_SHORT)
        check_text(errors, "referral.yrkesomrade", self.yrkesomrade, MAX_SHORT)
        check_text(errors, "referral.ersattning", self.ersattning, MAX_SHORT)
        check_text(errors, "referral.socialsekreterare", self.socialsekreterare, MAX_NAME)
        check_text(errors, "referral.socialsekreterare_telefon", self.socialsekreterare_telefon, MAX_SHORT)
        check_text(errors, "referral.note", self.note)
        if self.omfattning_procent is not None and not 0 <= self.omfattning_procent <= 100:
            errors.append(ValidationError("referral.omfattning_procent", "percent"))
        if self.period_from and self.period_to and self.period_to < self.period_from:
            errors.append(ValidationError("referral.period_to", "end_before_start"))
        if self.ersattning_from and self.ersattning_to and self.ersattning_to < self.ersattning_from:
            errors.append(ValidationError("referral.ersattning_to", "end_before_start"))


@dataclass
class Consent:
    """Medgivande om informationsutbyte.

    ``giltig_till`` is the last day it holds; None: until the participant's insats at
    the unit ends. A withdrawal has its date and, optionally, who was told of it."""
    signed: date | None = None
    parties: list[str] = field(default_factory=lambda: list(DEFAULT_CONSENT_PARTIES))
    withdrawn: date | None = None
    giltig_till: date | None = None
    withdrawn_note: str = ""  # who was told of the withdrawal (and how)

    @property
    def active(self) -> bool:
        return self.signed is not None and self.withdrawn is None

    def expired(self, today: date) -> bool:
        """True when it had a last day and that day has passed."""
        return self.giltig_till is not None and today > self.giltig_till

    def validate(self, errors: list) -> None:
        for i, party in enumerate(self.parties):
            check_text(errors, f"consent.parties[{i}]", party, MAX_SHORT)
        check_text(errors, "consent.withdrawn_note", self.withdrawn_note, MAX_SHORT)
        if self.signed and self.withdrawn and self.withdrawn < self.signed:
            errors.append(ValidationError("consent.withdrawn", "end_before_start"))
        if self.signed and self.giltig_till and self.giltig_till < self.signed:
            errors.append(ValidationError("consent.giltig_till", "end_before_start"))


@dataclass
class Participant:
    namn: str = ""
    personnummer: str = ""  # 12 digits, see models.personnummer
    id: str = field(default_factory=new_id)
    adress: str = ""
    telefon: str = ""
    mobil: str = ""
    epost: str = ""
    kontaktpersoner: list[Contact] = field(default_factory=list)
    tolkbehov: bool = False
    sprak: str = ""
    forsorjningsstod: bool = False
    referral: Referral = field(default_factory=Referral)
    consent: Consent = field(default_factory=Consent)

    @property
    def personnummer_formatted(self) -> str:
        return personnummer.format_stored(self.personnummer)

    def errors(self) -> list[ValidationError]:
        errors: list[ValidationError] = []
        check_text(errors, "namn", self.namn, MAX_NAME, required=True)
        try:
            parsed = personnummer.parse(self.personnummer)
            if parsed.digits != self.personnummer:
                errors.append(ValidationError("personnummer", "bad_value", value=self.personnummer))
        except ValidationError as exc:
            errors.append(exc)
        check_text(errors, "adress", self.adress, MAX_SHORT)
        check_text(errors, "telefon", self.telefon, MAX_SHORT)
        check_text(errors, "mobil", self.mobil, MAX_SHORT)
        check_text(errors, "epost", self.epost, MAX_SHORT)
        check_text(errors, "sprak", self.sprak, MAX_SHORT)
        for i, c in enumerate(self.kontaktpersoner):
            c.validate(f"kontaktpersoner[{i}]", errors)
        self.referral.validate(errors)
        self.consent.validate(errors)
        return errors

    def validate(self) -> None:
        errors = self.errors()
        if errors:
            raise errors[0]
