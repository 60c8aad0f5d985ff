"""Steps 2 and 3: the six individ- or omgivningsfaktorer areas, one editor each
(the navigator on the left of the wizard lists them with filled-state marks)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from ...models.areas import Area
from .area_editor import AreaEditor
from .common import WizardContext, heading


class GridPage(QWidget):
    area_shown = Signal(str)
    changed = Signal(str)  # area key
    questions_toggled = Signal(bool)

    def __init__(self, ctx: WizardContext, title: str, areas: tuple[Area, ...], show_questions: bool,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.areas = areas
        self.heading = heading(title, self)
        self.stack = QStackedWidget(self)
        self.editors: dict[str, AreaEditor] = {}
        for area in areas:
            editor = AreaEditor(ctx, area, show_questions, self.stack)
            editor.changed.connect(self.changed)
            editor.questions_toggled.connect(self.questions_toggled)
            self.stack.addWidget(editor)
            self.editors[area.key] = editor
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.stack, 1)

    @property
    def current_area(self) -> str:
        return self.current_editor.area.key

    @property
    def current_editor(self) -> AreaEditor:
        return self.stack.currentWidget()

    def show_area(self, key: str) -> None:
        self.stack.setCurrentWidget(self.editors[key])
        self.area_shown.emit(key)

    def set_questions_visible(self, show: bool) -> None:
        for editor in self.editors.values():
            editor.set_questions_visible(show)

    def first_field(self) -> QWidget:
        return self.current_editor.fakta.editor

    def focus_chain(self) -> list[QWidget]:
        return self.current_editor.focus_chain()

    def set_read_only(self, value: bool) -> None:
        """A closed participant (avslut): fakta, hinder and resurser refuse input, nothing
        is added, moved or removed; the areas' questions can still be shown or hidden."""
        from .. import read_only
        for editor in self.editors.values():
            read_only.keep(editor.questions_button)
            editor.hinder.set_read_only(value)
            editor.resurser.set_read_only(value)
        read_only.apply(self, value)
