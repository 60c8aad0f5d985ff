"""One area of the grid, laid out like the paper form: Hinder | Område | Resurser,
with the area's short explanation and a few open questions above (can be hidden)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...i18n import _
from ...models.areas import Area
from ...models.kartlaggning import HINDER, RESURS
from .common import TextField, WizardContext, heading
from .entry_list import EntryList


class AreaEditor(QWidget):
    changed = Signal(str)  # area key
    questions_toggled = Signal(bool)  # True = show

    def __init__(self, ctx: WizardContext, area: Area, show_questions: bool = True,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.area = area
        title = _(area.title)
        self.setObjectName(f"area:{area.key}")

        self.title = heading(title, self, 1.15)
        self.explanation = QLabel(_(area.explanation), self)
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.PlainText)
        self.questions = QLabel("\n".join(f"\u2022 {_(q)}" for q in area.questions), self)
        self.questions.setObjectName("openQuestions")
        self.questions.setWordWrap(True)
        self.questions.setTextFormat(Qt.PlainText)
        self.questions.setAccessibleName(_("Open questions"))
        self.questions_button = QPushButton(self)
        self.questions_button.setObjectName(f"questionsToggle:{area.key}")
        self.questions_button.setCheckable(True)
        self.questions_button.toggled.connect(self._on_questions_button)

        self.hinder = EntryList(ctx, area, HINDER, self)
        self.resurser = EntryList(ctx, area, RESURS, self)
        self.fakta = TextField(_("Fa&cts"), f"fakta:{area.key}", self, lines=8,
                               accessible_name=_("Facts, {area}").format(area=title),
                               description=_("What is documented and what came up in the conversation"))
        self.fakta.set_text(ctx.k.area(area.key).fakta)
        self.fakta.label.setFont(self.hinder.header.font())
        self.fakta.edited.connect(self._on_fakta_edited)
        for column in (self.hinder, self.resurser):
            column.changed.connect(lambda: self.changed.emit(self.area.key))
            column.structure_changed.connect(self.fix_tab_order)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.questions_button, 0, Qt.AlignTop)
        columns = QHBoxLayout()
        columns.setSpacing(10)
        columns.addWidget(self.hinder, 1)
        columns.addWidget(self.fakta, 1)
        columns.addWidget(self.resurser, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.explanation)
        layout.addWidget(self.questions)
        layout.addLayout(columns, 1)
        self.set_questions_visible(show_questions)
        self.fix_tab_order()

    # ---- questions -------------------------------------------------------------

    def set_questions_visible(self, show: bool) -> None:
        self.questions_button.blockSignals(True)
        self.questions_button.setChecked(not show)
        self.questions_button.blockSignals(False)
        self._apply_questions(show)

    def _apply_questions(self, show: bool) -> None:
        self.questions.setVisible(show)
        self.questions_button.setText(_("Hide &questions") if show else _("Show &questions"))

    def _on_questions_button(self, checked: bool) -> None:
        self._apply_questions(not checked)
        self.questions_toggled.emit(not checked)

    # ---- fakta -------------------------------------------------------------------

    def _on_fakta_edited(self) -> None:
        self.ctx.k.area(self.area.key).fakta = self.fakta.valid_text
        self.ctx.schedule(("fakta", self.area.key), self._save_fakta)
        self.changed.emit(self.area.key)

    def _save_fakta(self) -> None:
        self.ctx.k.area(self.area.key).fakta = self.fakta.valid_text
        self.ctx.save_part(("fakta", self.area.key), self.fakta)

    # ---- keyboard --------------------------------------------------------------

    def focus_chain(self) -> list[QWidget]:
        return [self.questions_button, *self.hinder.focus_chain(), self.fakta.editor, *self.resurser.focus_chain()]

    def fix_tab_order(self) -> None:
        chain = self.focus_chain()
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)

    def add_entry(self, kind: str) -> None:
        (self.hinder if kind == HINDER else self.resurser).add_entry()

    def refresh_samtal_choices(self) -> None:
        self.hinder.refresh_samtal_choices()
        self.resurser.refresh_samtal_choices()
