"""Domain model: plain dataclasses and validation. No Qt, no SQL."""
from .areas import AREA_KEYS, AREAS, AREAS_BY_KEY, INDIVID_AREAS, OMGIVNING_AREAS, Area
from .errors import ValidationError
from .kartlaggning import (DEFAULT_SYFTE, HINDER, MAX_SAMTAL_MINUTES, RESURS, AreaRecord, GridEntry,
                           Kartlaggning, Motivationskors, Samtal, Sammanstallning, Stage)
from .participant import CaseSource, Consent, Contact, Participant, Referral, ReferralForm
from .plans import (Ansvar, IndividuellPlan, Kompetenskort, PlanContact, Rating, UppfoljningRad,
                    Utvecklingsplan)
from .record import ParticipantRecord

__all__ = [name for name in dir() if not name.startswith("_")]
