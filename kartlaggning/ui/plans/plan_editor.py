"""Individuell plan mot arbete: every field of the paper form, autosaved."""
from __future__ import annotations

import copy
import dataclasses

from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from ...i18n import N_, _
from ...models import Ansvar, IndividuellPlan, PlanContact
from ...models.errors import ValidationError
from ...models.fields import MAX_NAME, MAX_SHORT
from ...models.personnummer import format_stored
from ...models.plans import PLAN_CONTACT_ROLES, PLAN_CONTACT_UI_LABELS
from ...models.printed import PLAN
from ...storage import prints as pr
from ...services import documents
from ...services.carry_over import has_offers
from ..widgets import ErrorLabel, OptionalDateEdit, add_field
from .base import ChosenDocumentEditor, left, page
from .carry_over import CarryOverDialog
from .widgets import Column, RowTable, read_date, read_personnummer, section_title, text_box

ROLE_LABELS = dict(PLAN_CONTACT_ROLES)


def role_label(roll: str) -> str:
    """The role as the paper form names it."""
    return ROLE_LABELS.get(roll, "Övrig")


def role_tooltip(roll: str) -> str:
    return _(PLAN_CONTACT_UI_LABELS.get(roll, PLAN_CONTACT_UI_LABELS["ovrig1"]))


class PlanEditor(ChosenDocumentEditor):
    KIND = PLAN
    MESSAGE_TITLE = N_("Plan")

    def __init__(self, repo, participant_id: str, autosaver, parent: QWidget | None = None):
        super().__init__(repo, participant_id, autosaver, parent)

        # empty state
        self.empty = QWidget()
        el = QVBoxLayout(self.empty)
        el.addWidget(QLabel(_("There is no Individuell plan mot arbete for this participant yet."), self.empty))
        self.create_button = QPushButton(_("Create plan"), self.empty)
        self.create_button.clicked.connect(lambda: self.create_plan())  # clicked(bool) is not "offer"
        el.addWidget(self.create_button)
        el.addStretch(1)

        # header fields
        head = QGroupBox("Individuell plan mot arbete")
        form = QFormLayout(head)
        self.namn = QLineEdit()
        self.namn.setMaxLength(MAX_NAME)
        self.personnummer = QLineEdit()
        self.personnummer.setMaxLength(13)
        self.adress = QLineEdit()
        self.adress.setMaxLength(MAX_SHORT)
        self.upprattad = OptionalDateEdit()
        fields = {"namn": add_field(form, "&Namn", self.namn),
                  "personnummer": add_field(form, "&Personnummer", self.personnummer),
                  "adress": add_field(form, "A&dress", self.adress),
                  "upprattad": add_field(form, "Datum för &upprättande", self.upprattad)}
        for name, row in fields.items():
            self.error_target(name, row.set_error)
        self.from_participant = QPushButton(_("Copy name, personnummer and address from the participant"))
        self.from_participant.clicked.connect(self.copy_from_participant)
        form.addRow("", left(self.from_participant))

        # Kontaktlista: one fixed row per role, the role read only, Namn and Telefon typed
        self.contacts_box = QGroupBox("Kontaktlista")
        role_width = max(self.fontMetrics().horizontalAdvance(t) for t in ROLE_LABELS.values()) + 24
        self.kontakter = RowTable([Column("", width=role_width, attr="roll", editable=False, label=role_label,
                                          tooltip=role_tooltip),
                                   Column("Namn", stretch=True, attr="namn"),
                                   Column("Telefon", width=190, attr="telefon")],
                                  new_item=PlanContact, fixed_rows=True)
        QVBoxLayout(self.contacts_box).addWidget(self.kontakter)
        self.error_target("kontakter", self.kontakter.set_error, rows=True)

        # Mål, Delmål, Ansvarsfördelning, Uppföljning, Överenskommelse
        self.mal = text_box(3)
        self.mal_error = ErrorLabel()
        self.error_target("mal", self.mal_error.set_message)
        self.delmal = RowTable([Column("Delmål", stretch=True)], min_rows=6, numbered=True)
        self.error_target("delmal", self.delmal.set_error, rows=True)
        self.ansvar = RowTable([Column("Åtgärd", stretch=True, attr="atgard"),
                                Column("Ansvarig", width=190, attr="ansvarig"),
                                Column("Datum", kind="date", width=170, attr="datum")], new_item=Ansvar)
        self.error_target("ansvarsfordelning", self.ansvar.set_error, rows=True)
        self.uppfoljning = text_box(3)
        self.uppfoljning_error = ErrorLabel()
        self.error_target("uppfoljning", self.uppfoljning_error.set_message)
        self.overenskommelse = text_box(4)
        self.overenskommelse_error = ErrorLabel()
        self.error_target("overenskommelse", self.overenskommelse_error.set_message)
        # the agreement says information is shared: a withdrawn consent is said right there
        self.consent_warning = QLabel()
        self.consent_warning.setObjectName("consentWithdrawn")
        self.consent_warning.setWordWrap(True)
        font = self.consent_warning.font()
        font.setBold(True)
        self.consent_warning.setFont(font)
        self.consent_warning.hide()
        self.reset_agreement = QPushButton(_("Use the unit's agreement text"))
        self.reset_agreement.clicked.connect(self.use_unit_agreement)
        sign_form = QFormLayout()
        self.signerad = OptionalDateEdit()
        self.error_target("signerad", add_field(sign_form, _("Signed by all three on"), self.signerad).set_error)
        for field, widget in (("upprattad", self.upprattad), ("signerad", self.signerad),
                              ("personnummer", self.personnummer)):
            self.raw_field(field, widget)
        self.raw_table("ansvarsfordelning", self.ansvar, ["atgard", "ansvarig", "datum"])

        self.carry_button = QPushButton(_("Take over from the kartläggning…"))
        self.carry_button.clicked.connect(self.offer_carry_over)
        self.new_button = QPushButton(_("New plan…"))
        self.new_button.clicked.connect(self.new_plan_clicked)
        self.chooser = QComboBox()
        self.chooser.setAccessibleName(_("Plan"))
        self.chooser.activated.connect(self._chosen)
        tools = QHBoxLayout()
        tools.addWidget(self.chooser)
        tools.addWidget(self.carry_button)
        tools.addStretch(1)
        tools.addWidget(self.new_button)

        body = page(head, self.contacts_box,
                    section_title("Mål"), self.mal, self.mal_error,
                    section_title("Delmål för att uppnå mitt mål"), self.delmal,
                    section_title("Ansvarsfördelning"), self.ansvar,
                    section_title("Uppföljning"), self.uppfoljning, self.uppfoljning_error,
                    section_title("ÖVERENSKOMMELSE"), self.consent_warning, self.overenskommelse,
                    self.overenskommelse_error,
                    left(self.reset_agreement))
        body.layout().insertLayout(body.layout().count() - 1, sign_form)
        self.lay_out(tools, body)

        for w in (self.namn, self.personnummer, self.adress):
            w.textEdited.connect(self.edited)
        for w in (self.upprattad, self.signerad):
            w.edited.connect(self.edited)
        for w in (self.mal, self.uppfoljning, self.overenskommelse):
            w.textChanged.connect(self.edited)
        self.kontakter.changed.connect(self.edited)
        self.delmal.changed.connect(self.edited)
        self.ansvar.changed.connect(self.edited)
        self.reload()

    # ---- documents -------------------------------------------------------------------

    def plans(self) -> list[IndividuellPlan]:
        return self.series()

    def chooser_text(self, plan: IndividuellPlan) -> str:
        return _("Plan of {date}").format(date=plan.upprattad.isoformat())

    def create_plan(self, offer: bool = True) -> IndividuellPlan:
        if not self.flushed_or_told():
            return self.doc
        plan = documents.new_plan(self.repo, self.participant_id)
        self.repo.save_document(plan)
        self.reload(plan.id)
        if offer and has_offers(self.repo.latest_kartlaggning(self.participant_id),
                                self.repo.get_participant(self.participant_id)):
            self.offer_carry_over()
        return self.doc

    def new_plan_clicked(self) -> None:
        if self.confirm_new(_("New plan"), _("Start a new Individuell plan? The current one is kept and can be "
                                             "chosen in the list.")):
            self.create_plan()

    def offer_carry_over(self) -> bool:
        if self.doc is None:
            return False
        k = self.repo.latest_kartlaggning(self.participant_id)
        dialog = CarryOverDialog(k, self.repo.get_participant(self.participant_id), self.window())
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            plan, _errors = self.collect()
            self.apply_plan(dialog.apply_to(plan))
            return True
        finally:
            dialog.deleteLater()

    def apply_plan(self, plan: IndividuellPlan) -> None:
        """Show ``plan`` as if typed in (and save it like any edit)."""
        self._loading = True
        try:
            self.load(plan)
        finally:
            self._loading = False
        self.edited()

    def copy_from_participant(self) -> None:
        p = self.repo.get_participant(self.participant_id)
        self.namn.setText(p.namn)
        self.personnummer.setText(format_stored(p.personnummer))
        self.adress.setText(p.adress)
        self.edited()

    def use_unit_agreement(self) -> None:
        self.overenskommelse.setPlainText(pr.load_overenskommelse(self.repo))

    # ---- the consent the ÖVERENSKOMMELSE relies on -----------------------------------------

    _consent_withdrawn = None  # the date the participant withdrew the Medgivande om informationsutbyte

    def _refresh_print_context(self) -> None:
        super()._refresh_print_context()  # on every document shown, on showing the tab, before a print
        self._consent_withdrawn = pr.consent_withdrawn(self.repo, self.participant_id)
        from ..feedback import ERROR, paint_attention
        from ..participants import format_day
        withdrawn = self._consent_withdrawn
        self.consent_warning.setVisible(withdrawn is not None)
        self.consent_warning.setText("" if withdrawn is None else _(
            "⚠ The participant WITHDREW the consent to exchange information on {date}. Information about "
            "the planning may not be shared between the authorities; the printed plan says so by the "
            "agreement.").format(date=format_day(withdrawn)))
        paint_attention(self.consent_warning, ERROR if withdrawn is not None else None)

    def content(self, doc):
        """The print content as ``pr.content_for`` makes it: with the consent's withdrawal."""
        content = super().content(doc)
        if content is not None:
            content.consent_withdrawn = self._consent_withdrawn
        return content

    # ---- widgets <-> model -----------------------------------------------------------------------

    def load(self, plan: IndividuellPlan) -> None:
        self.namn.setText(plan.namn)
        self.personnummer.setText(format_stored(plan.personnummer))
        self.adress.setText(plan.adress)
        self.upprattad.set_date(plan.upprattad)
        self.kontakter.bind(copy.deepcopy(plan.kontakter))  # the tables edit copies of the document's lists
        self.mal.setPlainText(plan.mal)
        self.delmal.bind(list(plan.delmal))
        self.ansvar.bind(copy.deepcopy(plan.ansvarsfordelning))
        self.uppfoljning.setPlainText(plan.uppfoljning)
        self.overenskommelse.setPlainText(plan.overenskommelse)
        self.signerad.set_date(plan.signerad)

    def collect(self) -> tuple[IndividuellPlan, list[ValidationError]]:
        old = self.doc
        errors: list[ValidationError] = []
        pnr = read_personnummer(self.personnummer.text(), errors, fallback=old.personnummer)
        errors += self.ansvar.errors("ansvarsfordelning")
        plan = dataclasses.replace(
            old,
            namn=self.namn.text(), personnummer=pnr, adress=self.adress.text(),
            upprattad=read_date(self.upprattad, "upprattad", errors, required=True, fallback=old.upprattad),
            kontakter=self.kontakter.items(),
            mal=self.mal.toPlainText(),
            delmal=self.delmal.items(),
            ansvarsfordelning=self.ansvar.items(),
            uppfoljning=self.uppfoljning.toPlainText(),
            overenskommelse=self.overenskommelse.toPlainText(),
            signerad=read_date(self.signerad, "signerad", errors, fallback=old.signerad))
        return plan, errors + plan.errors()
