"""The samtal a hinder or resurs came from, shown on the entry and changeable there:
"No session" or one of the samtal held in this kartläggning."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QComboBox, QWidget

SHORT_LABEL_ROLE = Qt.UserRole + 1


class SamtalChoice(QComboBox):
    """A small combo box on each entry.

    Not in the Tab chain (Tab goes from entry to entry, as before): the entry's
    shortcut opens it, a click opens it, and the entry's accessible name says
    which samtal it is. A mouse wheel over it scrolls the list of entries
    instead of changing the samtal by accident.
    """
    picked = Signal()  # the user chose a samtal (perhaps the same one)
    popup_closed = Signal()

    def __init__(self, choices: list[tuple[str | None, str, str]], samtal_id: str | None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.ClickFocus)
        self.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        italic = self.font()
        italic.setItalic(True)
        self.setFont(italic)
        self.set_choices(choices, samtal_id)
        self.activated.connect(lambda _index: self.picked.emit())

    def set_choices(self, choices: list[tuple[str | None, str, str]], samtal_id: str | None) -> None:
        """Fill the list ((id or None, short label, label with date) each) and show ``samtal_id``;
        an id not among them shows as the first choice ("No session")."""
        self.blockSignals(True)
        try:
            self.clear()
            current = 0
            for i, (sid, short, label) in enumerate(choices):
                self.addItem(label, sid)
                self.setItemData(i, short, SHORT_LABEL_ROLE)
                if sid == samtal_id:
                    current = i
            self.setCurrentIndex(current)
        finally:
            self.blockSignals(False)

    def samtal_id(self) -> str | None:
        return self.currentData()

    def text(self) -> str:
        """The short label ("Session 2"), as the entry's accessible name and the printout say it."""
        return self.currentData(SHORT_LABEL_ROLE) or self.currentText()

    def open(self) -> None:
        """From the keyboard: focus and show the list (arrows and Enter choose, Esc keeps)."""
        self.setFocus(Qt.ShortcutFocusReason)
        self.showPopup()

    def showPopup(self) -> None:  # noqa: N802 (Qt)
        super().showPopup()
        popup = self.view().window()  # the list's own top-level window, made on first show
        if popup is not self.window() and not popup.property("samtalChoiceWatched"):
            popup.setProperty("samtalChoiceWatched", True)
            popup.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt)
        # The list also closes without hidePopup() (Esc, a click elsewhere): its Hide says it all.
        if event.type() == QEvent.Hide and watched is self.view().window():
            self.popup_closed.emit()
        return super().eventFilter(watched, event)

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt)
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()
