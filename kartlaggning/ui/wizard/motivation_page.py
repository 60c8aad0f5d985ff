"""Step 4: Motivation till förändring. "Vad är ditt mål?", the four fields as a
cross exactly like the paper form, the stage of change, the participant's own
words for why change, and importance and confidence 0-10 (or not set)."""
from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QFormLayout, QFrame, QGridLayout, QLabel, QSpinBox, QVBoxLayout,
                               QWidget)

from ...i18n import _
from ...models.kartlaggning import STAGE_LABELS, Stage
from .common import TextField, WizardContext, heading, hint, scroll_page

NOT_SET = -1


def cross_labels() -> dict[str, str]:
    """The four fields of the cross, in the form's positions (Swedish form text in comments)."""
    return {
        # Translators: paper form text "Mindre bra med förändring för mig"
        "mindre_bra_for_mig": _("&Less good about change, for me"),
        # Translators: paper form text "Bra med förändring för mig"
        "bra_for_mig": _("Good abou&t change, for me"),
        # Translators: paper form text "Mindre bra för min omgivning med förändring för mig"
        "mindre_bra_for_omgivningen": _("Less good for the people a&round me if I change"),
        # Translators: paper form text "Bra för min omgivning med förändring för mig"
        "bra_for_omgivningen": _("Good for the people aro&und me if I change"),
    }


CROSS_POSITIONS = {"mindre_bra_for_mig": (0, 0), "bra_for_mig": (0, 1),
                   "mindre_bra_for_omgivningen": (1, 0), "bra_for_omgivningen": (1, 1)}


def rating_box(object_name: str, accessible: str, parent: QWidget) -> QSpinBox:
    box = QSpinBox(parent)
    box.setObjectName(object_name)
    box.setRange(NOT_SET, 10)
    box.setSpecialValueText(_("Not set"))
    box.setAccessibleName(accessible)
    box.setValue(NOT_SET)
    return box


class MotivationPage(QWidget):
    def __init__(self, ctx: WizardContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        m = ctx.k.motivation
        # Translators: paper form title "Motivation till förändring"
        self.title = _("Motivation for change")
        content = QWidget()
        self.heading = heading(self.title, content)
        # Translators: paper form text "Vad är ditt mål?"
        self.mal = TextField(_("What is your &goal?"), "motivation:mal", content, lines=3)
        self.fields: dict[str, TextField] = {"mal": self.mal}

        cross = QFrame(content)
        cross.setObjectName("motivationCross")
        cross.setStyleSheet("QFrame#crossCell { border: 0px solid palette(dark); }"
                            " QFrame#crossCell[cell='00'] { border-right-width: 2px; border-bottom-width: 2px; }"
                            " QFrame#crossCell[cell='01'] { border-bottom-width: 2px; }"
                            " QFrame#crossCell[cell='10'] { border-right-width: 2px; }")
        grid = QGridLayout(cross)
        grid.setSpacing(0)
        grid.setContentsMargins(0, 0, 0, 0)
        for name, label in cross_labels().items():
            row, col = CROSS_POSITIONS[name]
            cell = QFrame(cross)
            cell.setObjectName("crossCell")
            cell.setProperty("cell", f"{row}{col}")
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(8, 8, 8, 8)
            field = TextField(label, f"motivation:{name}", cell, lines=5)
            cell_layout.addWidget(field)
            grid.addWidget(cell, row, col)
            self.fields[name] = field
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        self.stage = QComboBox(content)
        self.stage.setObjectName("motivation:stage")
        self.stage.setAccessibleName(_("Stage of change"))
        self.stage.addItem(_("Not set"), None)
        for stage in Stage:
            self.stage.addItem(_(STAGE_LABELS[stage]), stage.value)
        self.egna_ord = TextField(_("In the participant's &own words: why change?"), "motivation:egna_ord",
                                  content, lines=3)
        self.fields["egna_ord"] = self.egna_ord
        self.viktighet = rating_box("motivation:viktighet", _("Importance of change, 0 to 10"), content)
        self.tilltro = rating_box("motivation:tilltro", _("Confidence in being able to change, 0 to 10"), content)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldsStayAtSizeHint)
        for text, widget in ((_("Stag&e of change:"), self.stage),
                             (_("&Importance of change (0–10):"), self.viktighet),
                             (_("&Confidence in being able to change (0–10):"), self.tilltro)):
            label = QLabel(text, content)
            label.setBuddy(widget)
            form.addRow(label, widget)

        layout = QVBoxLayout(content)
        layout.addWidget(self.heading)
        layout.addWidget(self.mal)
        layout.addWidget(cross, 1)
        layout.addLayout(form)
        layout.addWidget(hint(_("0 = not at all, 10 = very."), content))
        layout.addWidget(self.egna_ord)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll_page(content))

        for name, field in self.fields.items():
            field.set_text(getattr(m, name))
            field.edited.connect(self._on_edited)
        self.stage.setCurrentIndex(max(0, self.stage.findData(m.stage.value if m.stage else None)))
        self.viktighet.setValue(NOT_SET if m.viktighet is None else m.viktighet)
        self.tilltro.setValue(NOT_SET if m.tilltro is None else m.tilltro)
        self.stage.currentIndexChanged.connect(self._on_edited)
        self.viktighet.valueChanged.connect(self._on_edited)
        self.tilltro.valueChanged.connect(self._on_edited)

    def _on_edited(self, *_args) -> None:
        m = self.ctx.k.motivation
        for name, field in self.fields.items():
            setattr(m, name, field.valid_text)
        value = self.stage.currentData()
        m.stage = Stage(value) if value else None
        m.viktighet = None if self.viktighet.value() == NOT_SET else self.viktighet.value()
        m.tilltro = None if self.tilltro.value() == NOT_SET else self.tilltro.value()
        self.ctx.schedule(("motivation",), self._save)

    def _save(self) -> None:
        self.ctx.save_part(("motivation",), *self.fields.values())

    def first_field(self) -> QWidget:
        return self.mal.editor

    def focus_chain(self) -> list[QWidget]:
        return [self.mal.editor, *(self.fields[n].editor for n in CROSS_POSITIONS), self.stage, self.viktighet,
                self.tilltro, self.egna_ord.editor]

    def set_read_only(self, value: bool) -> None:
        """A closed participant (avslut): every field of this step refuses input."""
        from .. import read_only
        read_only.apply(self, value)
