"""The participant's kontaktpersoner: rows of Namn, relation and Telefon, with add and remove."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QToolButton, QVBoxLayout, QWidget

from ..i18n import _
from ..models.fields import MAX_NAME, MAX_SHORT
from ..models.participant import Contact


class ContactsEditor(QWidget):
    """Rows of Namn, relation · Telefon, with add and remove."""
    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[tuple[QLineEdit, QLineEdit, QLineEdit, QToolButton]] = []
        self.before: QWidget | None = None  # the widget before us in the tab order
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 2)
        self.grid.setColumnStretch(2, 2)
        for col, text in enumerate(("Namn", "relation", "Telefon")):  # the paper form's column names
            self.grid.addWidget(QLabel(text), 0, col)
        self.header_labels = [self.grid.itemAtPosition(0, c).widget() for c in range(3)]
        layout.addLayout(self.grid)
        self.empty_label = QLabel(_("No contact persons."))
        layout.addWidget(self.empty_label)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("&Add contact person"))
        self.add_button.clicked.connect(self._add_clicked)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._update_empty()

    def raw(self) -> list[tuple[str, str, str]]:
        return [(n.text(), r.text(), t.text()) for n, r, t, _b in self.rows]

    def set_raw(self, rows: list) -> None:
        for widgets in self.rows:
            for w in widgets:
                self.grid.removeWidget(w)
                w.deleteLater()
        self.rows = []
        for values in rows:
            self._append(tuple(values))
        self._update_empty()
        self._fix_tab_order()

    def contacts(self) -> list[Contact]:
        """Rows with anything in them; empty rows are left out."""
        return [Contact(namn=n.strip(), relation=r.strip(), telefon=t.strip())
                for n, r, t in self.raw() if (n + r + t).strip()]

    def set_contacts(self, contacts: list[Contact]) -> None:
        self.set_raw([(c.namn, c.relation, c.telefon) for c in contacts])

    def add_row(self) -> QLineEdit:
        self._append(("", "", ""))
        self._update_empty()
        self._fix_tab_order()
        return self.rows[-1][0]

    def remove_row(self, index: int) -> None:
        rows = self.raw()
        del rows[index]
        self.set_raw(rows)
        self.edited.emit()
        target = self.rows[min(index, len(self.rows) - 1)][0] if self.rows else self.add_button
        target.setFocus()

    def _add_clicked(self) -> None:
        self.add_row().setFocus()

    def _append(self, values: tuple[str, str, str]) -> None:
        n = len(self.rows) + 1
        edits = []
        for value, limit, name in zip(values, (MAX_NAME, MAX_SHORT, MAX_SHORT),
                                      (_("Contact person {n}: name"), _("Contact person {n}: relation"),
                                       _("Contact person {n}: phone"))):
            edit = QLineEdit(value)
            edit.setMaxLength(limit + 100)  # over the limit shows an error instead of cutting text
            edit.setAccessibleName(name.format(n=n))
            edit.textChanged.connect(self.edited)
            edits.append(edit)
        remove = QToolButton()
        remove.setText(_("Remove"))
        remove.setAccessibleName(_("Remove contact person {n}").format(n=n))
        remove.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        index = len(self.rows)
        remove.clicked.connect(lambda _checked=False, i=index: self.remove_row(i))
        grid_row = index + 1
        for col, w in enumerate([*edits, remove]):
            self.grid.addWidget(w, grid_row, col)
        self.rows.append((edits[0], edits[1], edits[2], remove))

    def _update_empty(self) -> None:
        has_rows = bool(self.rows)
        self.empty_label.setVisible(not has_rows)
        for label in self.header_labels:
            label.setVisible(has_rows)

    def _fix_tab_order(self) -> None:
        chain = [w for row in self.rows for w in row] + [self.add_button]
        if self.before is not None:
            chain.insert(0, self.before)
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)
