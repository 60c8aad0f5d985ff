"""The unit's letterhead, the handläggare's own name and phone, the agreement
text of the Individuell plan and the unit's wording of the Medgivande om
informationsutbyte. Kept in the vault, never in the config file (the logo too:
not personal data, but it stays with the rest).

Until a vault has saved its own letterhead, the dialog starts from the
letterhead IT preset in the machine defaults (``prints.effective_unit_header``)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QFrame, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QSpinBox, QTabWidget, QVBoxLayout, QWidget)

from ...config import AppConfig
from ...i18n import _
from ...models.errors import ValidationError
from ...models.fields import MAX_NAME, MAX_SHORT, MAX_TEXT, check_text
from ...models.participant import DEFAULT_MEDGIVANDE
from ...models.plans import DEFAULT_OVERENSKOMMELSE
from ...models.unit import UnitHeader
from ...storage import prints as pr
from ..widgets import ErrorLabel, add_field
from .widgets import text_box

MAX_LOGO_FILE = 5 * 1024 * 1024
MAX_LOGO_PIXELS = 600  # longest side stored; plenty for a 30 mm letterhead logo


def logo_png_from_file(path: Path) -> bytes:
    """A PNG (scaled down if large) from a PNG or JPEG file; ValidationError if unusable."""
    try:
        size = path.stat().st_size
    except OSError:
        raise ValidationError("logo", "bad_value", value=path.name) from None
    if size > MAX_LOGO_FILE:
        raise ValidationError("logo", "too_long", length=size, limit=MAX_LOGO_FILE)
    image = QImage(str(path))
    if image.isNull():
        raise ValidationError("logo", "bad_value", value=path.name)
    if max(image.width(), image.height()) > MAX_LOGO_PIXELS:
        image = image.scaled(MAX_LOGO_PIXELS, MAX_LOGO_PIXELS, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


class UnitSettingsDialog(QDialog):
    """Edits the settings; OK writes them to the vault."""

    def __init__(self, repo, parent: QWidget | None = None):
        super().__init__(parent)
        self.repo = repo
        self.setWindowTitle(_("Unit and print settings"))
        self.resize(640, 720)
        template = None if pr.has_unit_header(repo) else AppConfig.load().letterhead
        # True when the fields show IT's preset letterhead (nothing saved in this vault yet)
        self.prefilled_from_defaults = template is not None
        header = template or pr.load_unit_header(repo)
        me = pr.load_handlaggare(repo)
        self.logo_png: bytes | None = header.logo_png

        unit = QGroupBox(_("Letterhead on every printout"))
        form = QFormLayout(unit)
        self.kommun = QLineEdit(header.kommun)
        self.forvaltning = QLineEdit(header.forvaltning)
        self.enhet = QLineEdit(header.enhet)
        for edit in (self.kommun, self.forvaltning, self.enhet):
            edit.setMaxLength(MAX_NAME)
        self.adress = text_box(2)
        self.adress.setPlainText(header.adress)
        self.fields = {
            "kommun": add_field(form, _("&Municipality"), self.kommun),
            "forvaltning": add_field(form, _("&Administration"), self.forvaltning),
            "enhet": add_field(form, _("&Unit"), self.enhet),
            "adress": add_field(form, _("Address and &phone (printed in the footer)"), self.adress),
        }
        self.kommun.setPlaceholderText(_("e.g. Exempelstads kommun"))
        self.logo_view = QLabel()
        self.logo_view.setFixedSize(160, 80)
        self.logo_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_view.setFrameShape(QFrame.Shape.StyledPanel)
        self.logo_button = QPushButton(_("Choose logo…"))
        self.logo_button.clicked.connect(self.choose_logo)
        self.remove_logo_button = QPushButton(_("Remove logo"))
        self.remove_logo_button.clicked.connect(lambda: self.set_logo(None))
        logo_row = QWidget()
        lr = QHBoxLayout(logo_row)
        lr.setContentsMargins(0, 0, 0, 0)
        lr.addWidget(self.logo_view)
        lr.addWidget(self.logo_button)
        lr.addWidget(self.remove_logo_button)
        lr.addStretch(1)
        self.fields["logo"] = add_field(form, _("&Logo (PNG or JPEG, optional)"), logo_row, buddy=self.logo_button)
        self.prefill_note = QLabel(_("Pre-filled with the letterhead your IT department set up for this computer. "
                                     "Save to use it in this vault; change it if your unit's differs."))
        self.prefill_note.setWordWrap(True)
        self.prefill_note.setVisible(self.prefilled_from_defaults)
        form.addRow(self.prefill_note)

        mine = QGroupBox(_("You (pre-filled as Arbetsmarknadshandläggare in new plans)"))
        mform = QFormLayout(mine)
        self.my_name = QLineEdit(me.namn)
        self.my_name.setMaxLength(MAX_NAME)
        self.my_phone = QLineEdit(me.telefon)
        self.my_phone.setMaxLength(MAX_SHORT)
        self.fields["namn"] = add_field(mform, _("Your &name"), self.my_name)
        self.fields["telefon"] = add_field(mform, _("Your p&hone"), self.my_phone)

        agreement = QGroupBox(_("ÖVERENSKOMMELSE in new plans"))
        al = QVBoxLayout(agreement)
        self.overenskommelse = text_box(5)
        self.overenskommelse.setAccessibleName("ÖVERENSKOMMELSE")
        self.overenskommelse.setPlainText(pr.load_overenskommelse(repo))
        self.overenskommelse_error = ErrorLabel()
        self.reset_button = QPushButton(_("Restore the standard text"))
        self.reset_button.clicked.connect(lambda: self.overenskommelse.setPlainText(DEFAULT_OVERENSKOMMELSE))
        al.addWidget(self.overenskommelse)
        al.addWidget(self.overenskommelse_error)
        al.addWidget(self.reset_button, alignment=Qt.AlignmentFlag.AlignLeft)
        note = QLabel(_("Plans already written keep their own text; it can be changed in each plan."))
        note.setWordWrap(True)
        al.addWidget(note)

        # the Medgivande om informationsutbyte in the unit's own words (beside the agreement)
        consent = QWidget()
        cl = QVBoxLayout(consent)
        self.medgivande = text_box(5)
        self.medgivande.setAccessibleName("Medgivande om informationsutbyte")
        self.medgivande.setPlainText(pr.load_medgivande(repo))
        self.medgivande_error = ErrorLabel()
        self.reset_medgivande_button = QPushButton(_("Restore the standard text"))
        self.reset_medgivande_button.clicked.connect(lambda: self.medgivande.setPlainText(DEFAULT_MEDGIVANDE))
        consent_note = QLabel(_("What the consent covers, in the unit's own words. The printout always adds "
                                "the parties chosen, how long the consent holds, that it is voluntary and "
                                "can be withdrawn at any time, and the signatures."))
        consent_note.setWordWrap(True)
        cl.addWidget(self.medgivande)
        cl.addWidget(self.medgivande_error)
        cl.addWidget(self.reset_medgivande_button, alignment=Qt.AlignmentFlag.AlignLeft)
        cl.addWidget(consent_note)
        texts = QTabWidget()
        texts.addTab(agreement, _("Individuell plan"))
        texts.addTab(consent, "Medgivande om informationsutbyte")
        self.self_rating_page = self._self_rating_page()
        texts.addTab(self.self_rating_page, _("Self-rating"))
        self.texts = texts

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(unit)
        lay.addWidget(mine)
        lay.addWidget(texts, 1)
        lay.addWidget(buttons)
        self.set_logo(self.logo_png)

    def _self_rating_page(self) -> QWidget:
        """The unit's scale for the självskattning and how often it is repeated."""
        from ...models.selfrating import MAX_INTERVAL_MONTHS, MAX_SCALE
        from ...services import selfrating
        current = selfrating.load_settings(self.repo)
        page = QWidget()
        form = QFormLayout(page)
        self.scale_low, self.scale_high, self.interval = QSpinBox(), QSpinBox(), QSpinBox()
        for box, low, high, value in ((self.scale_low, 0, MAX_SCALE, current.skala_min),
                                      (self.scale_high, 0, MAX_SCALE, current.skala_max),
                                      (self.interval, 1, MAX_INTERVAL_MONTHS, current.intervall_manader)):
            box.setRange(low, high)
            box.setValue(value)
        self.interval.setSuffix(_(" months"))
        self.self_rating_fields = {
            "skala_min": add_field(form, _("Lo&west value of the scale"), self.scale_low),
            "skala_max": add_field(form, _("Highest value of the scal&e"), self.scale_high),
            "intervall_manader": add_field(form, _("Repeated every"), self.interval),
        }
        note = QLabel(_("New self-ratings use this scale; those made before keep theirs (the charts put every "
                        "scale on one)."))
        note.setWordWrap(True)
        form.addRow(note)
        return page

    def self_rating_settings(self):
        from ...models.selfrating import SelfRatingSettings
        return SelfRatingSettings(self.scale_low.value(), self.scale_high.value(), self.interval.value())

    def set_logo(self, png: bytes | None) -> None:
        self.logo_png = png
        self.fields["logo"].set_error(None)
        self.remove_logo_button.setEnabled(png is not None)
        if png:
            pixmap = QPixmap()
            pixmap.loadFromData(png, "PNG")
            self.logo_view.setPixmap(pixmap.scaled(self.logo_view.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                                   Qt.TransformationMode.SmoothTransformation))
        else:
            self.logo_view.clear()
            self.logo_view.setText(_("No logo"))

    def choose_logo(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Choose logo"), "",
                                                    _("Images (*.png *.jpg *.jpeg)"))
        if not name:
            return
        try:
            self.set_logo(logo_png_from_file(Path(name)))
        except ValidationError as exc:
            self.fields["logo"].set_error(_("Not a PNG or JPEG image that can be used: {name}").format(
                name=Path(name).name) if exc.code == "bad_value" else exc.message)

    def values(self) -> tuple[UnitHeader, pr.Handlaggare, str, list[ValidationError]]:
        header = UnitHeader(kommun=self.kommun.text().strip(), forvaltning=self.forvaltning.text().strip(),
                            enhet=self.enhet.text().strip(), adress=self.adress.toPlainText().strip(),
                            logo_png=self.logo_png)
        me = pr.Handlaggare(self.my_name.text().strip(), self.my_phone.text().strip())
        text = self.overenskommelse.toPlainText().strip()
        errors: list[ValidationError] = []
        for name, value, limit in (("kommun", header.kommun, MAX_NAME), ("forvaltning", header.forvaltning, MAX_NAME),
                                   ("enhet", header.enhet, MAX_NAME), ("adress", header.adress, MAX_SHORT),
                                   ("namn", me.namn, MAX_NAME), ("telefon", me.telefon, MAX_SHORT),
                                   ("overenskommelse", text, MAX_TEXT)):
            check_text(errors, name, value, limit)
        return header, me, text, errors

    def save(self) -> bool:
        header, me, text, errors = self.values()
        medgivande = self.medgivande.toPlainText().strip()
        check_text(errors, "medgivande", medgivande, MAX_TEXT)
        for name, row in self.fields.items():
            if name != "logo":
                row.set_error(next((e.message for e in errors if e.field == name), None))
        self.overenskommelse_error.set_message(next((e.message for e in errors if e.field == "overenskommelse"),
                                                    None))
        self.medgivande_error.set_message(next((e.message for e in errors if e.field == "medgivande"), None))
        rating = self.self_rating_settings()
        rating_errors = rating.errors()
        for name, row in self.self_rating_fields.items():
            row.set_error(next((e.message for e in rating_errors if e.field == name), None))
        if rating_errors and not errors:
            self.texts.setCurrentWidget(self.self_rating_page)  # show where the problem is
        if errors or rating_errors:
            return False
        with self.repo.vault.transaction():
            pr.save_unit_header(self.repo, header)
            pr.save_handlaggare(self.repo, me)
            pr.save_overenskommelse(self.repo, text or DEFAULT_OVERENSKOMMELSE)
            pr.save_medgivande(self.repo, medgivande or DEFAULT_MEDGIVANDE)
            from ...services import selfrating
            selfrating.save_settings(self.repo, rating)
        self.accept()
        return True


def edit_unit_settings(repo, parent: QWidget | None = None) -> bool:
    """Open the settings dialog; True when saved."""
    dialog = UnitSettingsDialog(repo, parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
