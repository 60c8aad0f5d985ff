"""Step 5: Åtgärder innan "Individuell plan mot arbete" kan upprättas."""
from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...i18n import _
from .common import TextField, WizardContext, heading, hint


class AtgarderPage(QWidget):
    def __init__(self, ctx: WizardContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        # Translators: paper form text 'Åtgärder innan "Individuell plan mot arbete" kan upprättas'
        self.title = _("Actions before the \u201cIndividual plan toward work\u201d can be drawn up")
        self.heading = heading(self.title, self)
        self.field = TextField(_("&Actions"), "atgarder", self, lines=12,
                               accessible_name=self.title)
        self.field.set_text(ctx.k.atgarder_innan_plan)
        self.field.edited.connect(self._on_edited)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(hint(_("What has to happen first, for example contact with healthcare, "
                                "a language course or study and career guidance."), self))
        layout.addWidget(self.field, 1)

    def _on_edited(self) -> None:
        self.ctx.k.atgarder_innan_plan = self.field.valid_text
        self.ctx.schedule(("atgarder",), self._save)

    def _save(self) -> None:
        self.ctx.k.atgarder_innan_plan = self.field.valid_text
        self.ctx.save_part(("atgarder",), self.field)

    def first_field(self) -> QWidget:
        return self.field.editor

    def focus_chain(self) -> list[QWidget]:
        return [self.field.editor]

    def set_read_only(self, value: bool) -> None:
        """A closed participant (avslut): every field of this step refuses input."""
        from .. import read_only
        read_only.apply(self, value)
