"""What a new Individuell plan takes over from the kartläggning: the åtgärder
(as Ansvarsfördelning rows or as Delmål), the participant's goal from the
motivationskors (into Mål) and the contacts from the referral and the kartläggning.
Nothing already in the plan is replaced or repeated."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..i18n import _
from ..models import Ansvar, IndividuellPlan, Kartlaggning, Participant, PlanContact

_BULLET = re.compile(r"^\s*(?:[-–•*]+|\d+[.)])\s*")


def split_atgarder(text: str) -> list[str]:
    """One åtgärd per line, list markers ("-", "•", "1.") removed."""
    items = []
    for raw in (text or "").splitlines():
        item = _BULLET.sub("", raw).strip()
        if item:
            items.append(item)
    return items


@dataclass
class ContactOffer:
    roll: str  # a PLAN_CONTACT_ROLES key, or "ovrig" for the next free Övrig line
    namn: str
    telefon: str
    source: str  # shown in the dialog (Swedish form words or a translated note)


def contact_offers(participant: Participant) -> list[ContactOffer]:
    r = participant.referral
    offers = []
    if r.af_handlaggare.strip() or r.af_telefon.strip():
        offers.append(ContactOffer("arbetsformedlingen", r.af_handlaggare.strip(), r.af_telefon.strip(),
                                   _("from the referral")))
    if r.socialsekreterare.strip() or r.socialsekreterare_telefon.strip():
        offers.append(ContactOffer("forsorjningsstod", r.socialsekreterare.strip(),
                                   r.socialsekreterare_telefon.strip(), _("from the referral")))
    for c in participant.kontaktpersoner:
        if c.namn.strip() or c.telefon.strip():
            namn = f"{c.namn.strip()} ({c.relation.strip()})" if c.relation.strip() else c.namn.strip()
            offers.append(ContactOffer("ovrig", namn, c.telefon.strip(), _("Kontaktpersoner in the kartläggning")))
    return offers


def goal_offer(k: Kartlaggning | None) -> str:
    """The participant's goal from the motivationskors ("Vad är ditt mål?"), or ""."""
    return k.motivation.mal.strip() if k is not None else ""


def apply_goal(plan: IndividuellPlan, goal: str) -> None:
    """Put ``goal`` into the plan's Mål: as it is when Mål is empty, else on a line
    of its own after what is there (unless it is there already)."""
    goal = goal.strip()
    if not goal or goal in plan.mal:
        return
    plan.mal = f"{plan.mal.rstrip()}\n{goal}" if plan.mal.strip() else goal


def apply_carry_over(plan: IndividuellPlan, atgarder: list[str], as_delmal: bool,
                     contacts: list[ContactOffer], goal: str = "") -> IndividuellPlan:
    """Add the chosen goal (into Mål), åtgärder (as Ansvarsfördelning rows or
    Delmål) and contacts to ``plan`` in place; nothing already in the plan is
    lost or repeated."""
    apply_goal(plan, goal)
    if as_delmal:
        delmal = [d for d in plan.delmal]
        while delmal and not delmal[-1].strip():
            delmal.pop()
        known = {d.strip() for d in delmal}
        delmal += [a for a in atgarder if a.strip() not in known]
        plan.delmal = delmal
    else:
        known = {a.atgard.strip() for a in plan.ansvarsfordelning}
        plan.ansvarsfordelning += [Ansvar(a) for a in atgarder if a.strip() not in known]
    for offer in contacts:
        if offer.roll == "ovrig":
            if any(c.namn == offer.namn and c.telefon == offer.telefon for c in plan.kontakter):
                continue
            target = next((c for c in plan.kontakter if c.roll.startswith("ovrig")
                           and not c.namn.strip() and not c.telefon.strip()), None)
            if target is None:
                n = 1 + sum(1 for c in plan.kontakter if c.roll.startswith("ovrig"))
                target = PlanContact(f"ovrig{n}")
                plan.kontakter.append(target)
            target.namn, target.telefon = offer.namn, offer.telefon
        else:
            target = next((c for c in plan.kontakter if c.roll == offer.roll), None)
            if target is None:
                target = PlanContact(offer.roll)
                plan.kontakter.append(target)
            target.namn = offer.namn or target.namn
            target.telefon = offer.telefon or target.telefon
    return plan


def has_offers(k: Kartlaggning | None, participant: Participant) -> bool:
    """True when the kartläggning or the participant has anything to take over."""
    return bool(goal_offer(k) or (k and split_atgarder(k.atgarder_innan_plan)) or contact_offers(participant))
