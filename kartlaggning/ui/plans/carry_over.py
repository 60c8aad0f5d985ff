"""The dialog where the handläggare picks what a new Individuell plan takes over
from the kartläggning (the rules are ``services.carry_over``)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QDialog, QDialogButtonBox, QGroupBox, QLabel, QListWidget,
                               QListWidgetItem, QRadioButton, QVBoxLayout, QWidget)

from ...i18n import _
from ...models import IndividuellPlan, Kartlaggning, Participant
from ...models.plans import PLAN_CONTACT_ROLES
from ...services.carry_over import ContactOffer, apply_carry_over, contact_offers, goal_offer, split_atgarder
from ..widgets import fit_to_screen

ROLE_LABELS = dict(PLAN_CONTACT_ROLES)


class CarryOverDialog(QDialog):
    """Checkable åtgärder (as rows or as delmål) and checkable contacts."""

    def __init__(self, kartlaggning: Kartlaggning | None, participant: Participant, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Take over from the kartläggning"))
        lay = QVBoxLayout(self)
        intro = QLabel(_("Choose what to copy into the plan. Nothing already in the plan is replaced, "
                         "except the name and phone of a contact you tick."), self)
        intro.setWordWrap(True)
        lay.addWidget(intro)

        self.goal = goal_offer(kartlaggning)
        self.take_goal = QCheckBox(_("The participant's goal from the motivationskors into Mål: {goal}").format(
            goal=self.goal), self)
        self.take_goal.setChecked(bool(self.goal))
        self.take_goal.setVisible(bool(self.goal))
        lay.addWidget(self.take_goal)

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
        self.contacts.setWordWrap(True)  # a long "Övrig: namn (relation)" wraps, never clipped
        for offer in self.offers:
            role = "Övrig" if offer.roll == "ovrig" else ROLE_LABELS.get(offer.roll, offer.roll)
            text = f"{role}: {offer.namn}  {offer.telefon}".rstrip() + f"  ({offer.source})"
            item = QListWidgetItem(text, self.contacts)
            item.setToolTip(text)
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
        self.atgarder.setWordWrap(True)
        fit_to_screen(self, 640, 560)

    def chosen_atgarder(self) -> list[str]:
        return [self.atgarder.item(i).text() for i in range(self.atgarder.count())
                if self.atgarder.item(i).checkState() == Qt.CheckState.Checked]

    def chosen_contacts(self) -> list[ContactOffer]:
        return [o for i, o in enumerate(self.offers)
                if self.contacts.item(i).checkState() == Qt.CheckState.Checked]

    def apply_to(self, plan: IndividuellPlan) -> IndividuellPlan:
        goal = self.goal if self.take_goal.isChecked() else ""
        return apply_carry_over(plan, self.chosen_atgarder(), self.as_delmal.isChecked(), self.chosen_contacts(),
                                goal)
