"""Carry the kartläggning's åtgärder and the participant's contacts over into an
Individuell plan: the pure part (what can be carried, how it lands in the plan)
and the dialog where the handläggare picks what to take."""
from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QButtonGroup, QDialog, QDialogButtonBox, QGroupBox, QLabel, QListWidget,
                               QListWidgetItem, QRadioButton, QVBoxLayout, QWidget)

from ...i18n import _
from ...models import Ansvar, IndividuellPlan, Kartlaggning, Participant, PlanContact
from ...models.plans import PLAN_CONTACT_ROLES

_BULLET = re.compile(r"^\s*(?:[-–•*]+|\d+[.)])\s*")
OVRIG_ROLES = ("ovrig1", "ovrig2")
ROLE_LABELS = dict(PLAN_CONTACT_ROLES)


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


def apply_carry_over(plan: IndividuellPlan, atgarder: list[str], as_delmal: bool,
                     contacts: list[ContactOffer]) -> IndividuellPlan:
    """Add the chosen åtgärder (as Ansvarsfördelning rows or Delmål) and contacts
    to ``plan`` in place; nothing already in the plan is lost or repeated."""
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
    return bool((k and split_atgarder(k.atgarder_innan_plan)) or contact_offers(participant))


class CarryOverDialog(QDialog):
    """Checkable åtgärder (as rows or as delmål) and checkable contacts."""

    def __init__(self, kartlaggning: Kartlaggning | None, participant: Participant, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Take over from the kartläggning"))
        self.resize(560, 520)
        lay = QVBoxLayout(self)
        intro = QLabel(_("Choose what to copy into the plan. Nothing already in the plan is replaced, "
                         "except the name and phone of a contact you tick."), self)
        intro.setWordWrap(True)
        lay.addWidget(intro)

        box = QGroupBox('Åtgärder innan "Individuell plan mot arbete" kan upprättas', self)
        inner = QVBoxLayout(box)
        self.atgarder = QListWidget(box)
        for text in split_atgarder(kartlaggning.atgarder_innan_plan if kartlaggning else ""):
            item = QListWidgetItem(text, self.atgarder)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        if self.atgarder.count() == 0:
            inner.addWidget(QLabel(_("The kartläggning lists no åtgärder."), box))
        inner.addWidget(self.atgarder)
        self.as_rows = QRadioButton(_("as rows of the Ansvarsfördelning"), box)
        self.as_delmal = QRadioButton(_("as Delmål"), box)
        self.as_rows.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.as_rows)
        group.addButton(self.as_delmal)
        inner.addWidget(self.as_rows)
        inner.addWidget(self.as_delmal)
        lay.addWidget(box)

        cbox = QGroupBox("Kontaktlista", self)
        cinner = QVBoxLayout(cbox)
        self.offers = contact_offers(participant)
        self.contacts = QListWidget(cbox)
        for offer in self.offers:
            role = "Övrig" if offer.roll == "ovrig" else ROLE_LABELS.get(offer.roll, offer.roll)
            text = f"{role}: {offer.namn}  {offer.telefon}".rstrip() + f"  ({offer.source})"
            item = QListWidgetItem(text, self.contacts)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if offer.roll != "ovrig" else Qt.CheckState.Unchecked)
        if not self.offers:
            cinner.addWidget(QLabel(_("No contacts to take over."), cbox))
        cinner.addWidget(self.contacts)
        lay.addWidget(cbox)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Take over"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def chosen_atgarder(self) -> list[str]:
        return [self.atgarder.item(i).text() for i in range(self.atgarder.count())
                if self.atgarder.item(i).checkState() == Qt.CheckState.Checked]

    def chosen_contacts(self) -> list[ContactOffer]:
        return [o for i, o in enumerate(self.offers)
                if self.contacts.item(i).checkState() == Qt.CheckState.Checked]

    def apply_to(self, plan: IndividuellPlan) -> IndividuellPlan:
        return apply_carry_over(plan, self.chosen_atgarder(), self.as_delmal.isChecked(), self.chosen_contacts())
