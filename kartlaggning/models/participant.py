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
    ARBETSTRANING = "arbetstraning"
    FORSTARKT_ARBETSTRANING = "forstarkt_arbetstraning"
    FORSTARKT_FORDJUPAD = "forstarkt_arbetstraning_fordjupad"
    ARBETSPRAKTIK = "arbetspraktik"
    KARTLAGGNING = "kartlaggning"
    ANNAT = "annat"


REFERRAL_FORM_LABELS = {
    ReferralForm.ARBETSTRANING: "Arbetsträning",
    ReferralForm.FORSTARKT_ARBETSTRANING: "Förstärkt arbetsträning",
    ReferralForm.FORSTARKT_FORDJUPAD: "Förstärkt arbetsträning med fördjupad bedömning",
    ReferralForm.ARBETSPRAKTIK: "Arbetspraktik",
    ReferralForm.KARTLAGGNING: "Kartläggning",
    ReferralForm.ANNAT: "Annat",
}


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
    source_other: str = ""  # who referred, when source is ANNAN
    af_handlaggare: str = ""
    af_telefon: str = ""
    form: ReferralForm | None = None
    form_other: str = ""
    period_from: date | None = None
    period_to: date | None = None
    omfattning_procent: int | None = None
    yrkesomrade: str = ""
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
        check_text(errors, "referral.socialsekreterare", self.socialsekreterare, MAX_NAME)
        check_text(errors, "referral.socialsekreterare_telefon", self.socialsekreterare_telefon, MAX_SHORT)
        check_text(errors, "referral.note", self.note)
        if self.omfattning_procent is not None and not 0 <= self.omfattning_procent <= 100:
            errors.append(ValidationError("referral.omfattning_procent", "percent"))
        if self.period_from and self.period_to and self.period_to < self.period_from:
            errors.append(ValidationError("referral.period_to", "end_before_start"))


@dataclass
class Consent:
    """Medgivande om informationsutbyte."""
    signed: date | None = None
    parties: list[str] = field(default_factory=lambda: list(DEFAULT_CONSENT_PARTIES))
    withdrawn: date | None = None

    @property
    def active(self) -> bool:
        return self.signed is not None and self.withdrawn is None

    def validate(self, errors: list) -> None:
        for i, party in enumerate(self.parties):
            check_text(errors, f"consent.parties[{i}]", party, MAX_SHORT)
        if self.signed and self.withdrawn and self.withdrawn < self.signed:
            errors.append(ValidationError("consent.withdrawn", "end_before_start"))


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
