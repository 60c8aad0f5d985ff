"""The participant's kontaktpersoner: a table of Namn, relation and Telefon over the
list of Contacts itself (``ItemsModel``), with add, remove and move.

A cell's text reaches the list at every keystroke (a lock or a quit from inside the
open cell keeps it). Text over its field's limit is kept as typed; the participant
form says what is wrong (``ContactsField`` adds which row) and saves the rest.
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..i18n import _
from ..models.errors import ValidationError
from ..models.participant import Contact
from .plans.row_table import Column, RowTable
from .widgets import FieldWithError


def _contact(values) -> Contact:
    namn, relation, telefon = (list(values) + ["", "", ""])[:3]
    return Contact(namn=str(namn or ""), relation=str(relation or ""), telefon=str(telefon or ""))


class ContactsEditor(QWidget):
    """Rows of Namn, relation · Telefon, with add and remove."""
    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.before: QWidget | None = None  # the widget before us in the tab order
        # The paper form's column names; the limits are Contact.validate's (MAX_NAME, MAX_SHORT).
        self.table = RowTable([Column("Namn", stretch=True, attr="namn", name=_("Contact person {n}: name")),
                               Column("relation", width=150, attr="relation",
                                      name=_("Contact person {n}: relation")),
                               Column("Telefon", width=150, attr="telefon", name=_("Contact person {n}: phone"))],
                              new_item=Contact, add_text=_("&Add contact person"), parent=self)
        self.model = self.table.model
        self.view = self.table.table
        self.add_button = self.table.add_button
        self.remove_button = self.table.remove_button
        self.empty_label = QLabel(_("No contact persons."), self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table)
        self.table.changed.connect(self.edited)
        for sig in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            sig.connect(self._update_empty)
        self.setFocusProxy(self.view)
        self._update_empty()

    # ---- the field's value ---------------------------------------------------------------

    def raw(self) -> list[tuple[str, str, str]]:
        """Every row as typed (empty ones too): kept over a lock, put back with ``set_raw``."""
        return [(c.namn, c.relation, c.telefon) for c in self.model.items]

    def set_raw(self, rows: list) -> None:
        self.table.bind([_contact(values) for values in rows])
        self._fix_tab_order()

    def contacts(self) -> list[Contact]:
        """Rows with anything in them; empty rows are left out."""
        return [Contact(namn=n.strip(), relation=r.strip(), telefon=t.strip())
                for n, r, t in self.raw() if (n + r + t).strip()]

    def set_contacts(self, contacts: list[Contact]) -> None:
        self.set_raw([(c.namn, c.relation, c.telefon) for c in contacts])

    def errors(self) -> list[ValidationError]:
        """What is wrong in the rows as typed (too long, control characters), named by the
        table's row: ``[row].namn``."""
        errors: list[ValidationError] = []
        for row, (n, r, t) in enumerate(self.raw()):
            if (n + r + t).strip():
                Contact(n.strip(), r.strip(), t.strip()).validate(f"[{row}]", errors)
        return errors

    # ---- rows ---------------------------------------------------------------------------------

    def add_row(self) -> None:
        """A new row (or the empty one at the end), the cursor in its Namn."""
        self.table.add_row()

    def remove_row(self, index: int) -> None:
        self.view.setCurrentIndex(self.model.index(index, 0))
        self.table.remove_current()

    def _update_empty(self, *_args) -> None:
        has_rows = self.model.rowCount() > 0
        self.empty_label.setVisible(not has_rows)
        self.view.setVisible(has_rows)

    def _fix_tab_order(self) -> None:
        """The field before, then the table's cells (Tab goes over them), then its buttons."""
        chain = [self.view, *self.table.buttons]
        if self.before is not None and self.before.window() is self.window():
            chain.insert(0, self.before)
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)


class ContactsField(FieldWithError):
    """The contacts table with its error line; the message says which row it is about."""

    def __init__(self, editor: ContactsEditor, parent: QWidget | None = None):
        super().__init__(editor, parent)
        self.editor = editor

    def set_error(self, message: str | None) -> None:
        if message:
            problem = next((e for e in self.editor.errors() if e.message == message), None)
            if problem is not None:
                row = int(problem.field[1:problem.field.index("]")]) + 1
                message = _("Row {row}: {message}").format(row=row, message=message)
        super().set_error(message)
