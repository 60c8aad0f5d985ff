"""The unit's register of workplaces for arbetsträning (kept in the vault, shared by
every participant): list, add, edit. Reached from the Matchning and the Arbetsträning.

One workplace is edited at a time and saved with "Spara"; moving to another one,
starting a new one or closing with changes not saved asks first (save, discard, or go
on editing), so a slip of the hand never throws away what was typed. When the
window locks (the dialog is closed from outside) a workplace that can be saved is
saved; one that cannot (no name yet) is dropped — the register holds no drafts.
"""
from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPushButton, QRadioButton,
                               QSplitter, QVBoxLayout, QWidget)

from ...i18n import _
from ...models.errors import ValidationError
from ...models.fields import MAX_NAME, MAX_SHORT
from ...models.method import Workplace
from ..widgets import ErrorLabel, add_field
from .widgets import text_box

ID_ROLE = Qt.ItemDataRole.UserRole


def workplace_label(w: Workplace) -> str:
    """How a workplace is named in lists: its name, external or not, not in use."""
    text = w.arbetsplats or _("(no name)")
    if not w.egen:
        text += " · " + _("external")
    if not w.i_bruk:
        text += " · " + _("not in use")
    return text


class WorkplacesDialog(QDialog):
    """The register. ``current_id`` is the workplace shown when the dialog closed."""

    LINES = (("arbetsplats", MAX_NAME), ("adress", MAX_SHORT), ("handledare", MAX_NAME),
             ("handledare_telefon", MAX_SHORT))

    def __init__(self, repo, parent: QWidget | None = None, select_id: str | None = None):
        super().__init__(parent)
        self.repo = repo
        self.setWindowTitle(_("Workplaces"))
        self.resize(820, 600)
        self.current: Workplace | None = None  # the workplace in the form (new ones are not in the vault yet)
        self.is_new = False
        self.saved_ids: list[str] = []  # saved while the dialog was open, in order
        self.added_ids: list[str] = []  # of those, the ones added (new to the register)

        self.list = QListWidget()
        self.list.setAccessibleName(_("Workplaces of the unit"))
        self.list.currentItemChanged.connect(self._selected)
        self.new_button = QPushButton(_("&New workplace"))
        self.new_button.clicked.connect(self.new_workplace)
        side = QWidget()
        sl = QVBoxLayout(side)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(QLabel(_("Workplaces")))
        sl.addWidget(self.list, 1)
        sl.addWidget(self.new_button)

        form_box = QWidget()
        form = QFormLayout(form_box)
        self.lines: dict[str, QLineEdit] = {}
        self.rows = {}
        for (name, limit), label in zip(self.LINES, (_("&Workplace"), _("A&ddress"), _("&Supervisor (handledare)"),
                                                     _("Supervisor's &phone"))):
            edit = QLineEdit()
            edit.setMaxLength(limit)
            self.lines[name] = edit
            self.rows[name] = add_field(form, label, edit)
        self.lines["arbetsplats"].setPlaceholderText(_("required"))
        self.egen = QRadioButton(_("The unit's own workplace"))
        self.extern = QRadioButton(_("External employer"))
        kind = QButtonGroup(self)
        kind.addButton(self.egen)
        kind.addButton(self.extern)
        kind_row = QWidget()
        kl = QHBoxLayout(kind_row)
        kl.setContentsMargins(0, 0, 0, 0)
        kl.addWidget(self.egen)
        kl.addWidget(self.extern)
        kl.addStretch(1)
        form.addRow(_("Kind"), kind_row)
        self.i_bruk = QCheckBox(_("In use (offered in new matchningar)"))
        form.addRow("", self.i_bruk)
        self.texts = {"arbetsuppgifter": text_box(3), "anpassningar": text_box(3)}
        self.text_errors = {name: ErrorLabel(field=box) for name, box in self.texts.items()}
        for name, label in (("arbetsuppgifter", _("&Tasks (arbetsuppgifter)")),
                            ("anpassningar", _("Possible &adaptations (anpassningar)"))):
            title = QLabel(label)
            title.setBuddy(self.texts[name])
            self.texts[name].setAccessibleName(label.replace("&", ""))
            form.addRow(title)
            form.addRow(self.texts[name])
            form.addRow(self.text_errors[name])

        self.form_box = form_box
        self.empty_note = QLabel(_("The register is empty. Press “New workplace” to add the first one."))
        self.empty_note.setWordWrap(True)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.empty_note)
        rl.addWidget(form_box, 1)
        self.save_button = QPushButton(_("Sa&ve workplace"))
        self.save_button.clicked.connect(self.save)
        rl.addWidget(self.save_button, alignment=Qt.AlignmentFlag.AlignRight)

        splitter = QSplitter()
        splitter.addWidget(side)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 560])
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.close_asking)
        lay = QVBoxLayout(self)
        lay.addWidget(splitter, 1)
        lay.addWidget(self.buttons)

        for edit in self.lines.values():
            edit.textEdited.connect(self._changed)
        for box in self.texts.values():
            box.textChanged.connect(self._changed)
        self.egen.toggled.connect(self._changed)
        self.i_bruk.toggled.connect(self._changed)
        self._loading = False
        self.reload(select_id)

    # ---- the list ----------------------------------------------------------------------------

    def workplaces(self) -> list[Workplace]:
        return self.repo.workplaces()

    def reload(self, select_id: str | None = None) -> None:
        """Fill the list (Swedish order) and show ``select_id`` (else the first)."""
        items = self.workplaces()
        self.list.blockSignals(True)
        self.list.clear()
        for w in items:
            item = QListWidgetItem(workplace_label(w), self.list)
            item.setData(ID_ROLE, w.id)
        chosen = next((w for w in items if w.id == select_id), items[0] if items else None)
        if chosen is not None:
            self.list.setCurrentRow(items.index(chosen))
        self.list.blockSignals(False)
        self.show_workplace(chosen, new=False)

    def _selected(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if current is None:
            return
        target = current.data(ID_ROLE)
        if self.current is not None and target == self.current.id and not self.is_new:
            return
        if not self.settle():
            self.list.blockSignals(True)
            self.list.setCurrentItem(previous if not self.is_new else None)
            self.list.blockSignals(False)
            return
        self.reload(target)

    @property
    def current_id(self) -> str | None:
        return None if self.current is None or self.is_new else self.current.id

    # ---- the form ------------------------------------------------------------------------------

    def show_workplace(self, w: Workplace | None, new: bool) -> None:
        self.current, self.is_new = w, new
        self.empty_note.setVisible(w is None)
        self.form_box.setEnabled(w is not None)
        self.save_button.setEnabled(w is not None)
        self._loading = True
        try:
            shown = w or Workplace()
            for name, edit in self.lines.items():
                edit.setText(getattr(shown, name))
            for name, box in self.texts.items():
                box.setPlainText(getattr(shown, name))
            (self.egen if shown.egen else self.extern).setChecked(True)
            self.i_bruk.setChecked(shown.i_bruk)
        finally:
            self._loading = False
        self._show_errors([])

    def typed(self) -> Workplace | None:
        """The workplace as the form shows it (None when the form is empty)."""
        if self.current is None:
            return None
        return dataclasses.replace(
            self.current, **{name: edit.text() for name, edit in self.lines.items()},
            **{name: box.toPlainText() for name, box in self.texts.items()},
            egen=self.egen.isChecked(), i_bruk=self.i_bruk.isChecked())

    def is_dirty(self) -> bool:
        """True when the form holds something not in the vault."""
        typed = self.typed()
        if typed is None:
            return False
        if self.is_new:
            blank = dataclasses.replace(Workplace(), id=typed.id)
            return typed != blank
        return typed != self.repo.workplace(typed.id)

    def _changed(self, *_args) -> None:
        if self._loading:
            return
        typed = self.typed()
        if typed is not None:
            # a problem shows while typing only once it is there (not "required" before anything is typed)
            self._show_errors([e for e in typed.errors() if e.code != "empty"])

    def _show_errors(self, errors: list[ValidationError]) -> None:
        def message(name):
            return next((e.message for e in errors if e.field == name), None)
        for name, row in self.rows.items():
            row.set_error(message(name))
        for name, label in self.text_errors.items():
            label.set_message(message(name))

    def save(self) -> bool:
        """Save the workplace in the form; False (the problems shown at their fields) if it cannot be."""
        typed = self.typed()
        if typed is None:
            return True
        errors = typed.errors()
        self._show_errors(errors)
        if errors:
            field = errors[0].field
            (self.lines.get(field) or self.texts.get(field) or self.lines["arbetsplats"]).setFocus()
            return False
        self._store(typed)
        self.reload(typed.id)
        return True

    def new_workplace(self) -> Workplace | None:
        if not self.settle():
            return None
        w = Workplace()
        self.list.blockSignals(True)
        self.list.clearSelection()
        self.list.setCurrentItem(None)
        self.list.blockSignals(False)
        self.show_workplace(w, new=True)
        self.lines["arbetsplats"].setFocus()
        return w

    # ---- never lose what was typed ---------------------------------------------------------------

    def settle(self) -> bool:
        """Before the form shows something else: nothing to keep, or saved, or discarded
        on purpose (asked). False: go on editing this one."""
        if not self.is_dirty():
            return True
        answer = QMessageBox.question(
            self, _("Workplaces"), _("The changes to this workplace are not saved. Save them?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def close_asking(self) -> bool:
        """Close (the button, Esc, the window's close box): asks first when something is not saved."""
        if not self.settle():
            return False
        super().reject()
        return True

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt)
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            event.accept()
            self.close_asking()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt)
        if self.isVisible() and not self.settle():
            event.ignore()
            return
        event.accept()
        QDialog.reject(self)  # not our reject(): that one saves, and a discard was asked for

    def reject(self) -> None:
        """Closed from outside (the window locks): what can be saved is saved, nothing asked."""
        typed = self.typed()
        if typed is not None and self.is_dirty() and not typed.errors():
            self._store(typed)
        super().reject()

    def _store(self, w: Workplace) -> None:
        self.repo.save_workplace(w)
        self.saved_ids.append(w.id)
        if self.is_new:
            self.added_ids.append(w.id)
            self.is_new = False


def edit_workplaces(repo, parent: QWidget | None = None, select_id: str | None = None) -> WorkplacesDialog:
    """Open the register (modal); returns the closed dialog (``saved_ids``, ``current_id``)."""
    dialog = WorkplacesDialog(repo, parent, select_id)
    try:
        dialog.exec()
        return dialog
    finally:
        dialog.deleteLater()


def fill_workplace_combo(combo, repo, chosen_id: str | None) -> None:
    """The register's workplaces in use (and ``chosen_id`` even if it is not any more),
    after a first "none chosen" item; ``chosen_id`` is selected. No signal is sent."""
    combo.blockSignals(True)
    try:
        combo.clear()
        combo.addItem(_("— no workplace chosen —"), None)
        for w in repo.workplaces():
            if w.i_bruk or w.id == chosen_id:
                combo.addItem(workplace_label(w), w.id)
        index = combo.findData(chosen_id) if chosen_id else 0
        if chosen_id and index < 0:  # gone from the register: still named
            combo.addItem(_("(not in the register)"), chosen_id)
            index = combo.count() - 1
        combo.setCurrentIndex(max(index, 0))
    finally:
        combo.blockSignals(False)


def workplace_summary(w: Workplace | None) -> str:
    """One short paragraph about a workplace of the register (for beside the choice)."""
    if w is None:
        return ""
    parts = [w.adress.strip()]
    if w.handledare.strip():
        parts.append(_("Supervisor: {name}").format(name=w.handledare.strip())
                     + (f", {w.handledare_telefon.strip()}" if w.handledare_telefon.strip() else ""))
    parts.append(_("The unit's own workplace") if w.egen else _("External employer"))
    if w.anpassningar.strip():
        parts.append(_("Possible adaptations: {text}").format(text=w.anpassningar.strip()))
    return "\n".join(p for p in parts if p)


def hide_printing(editor) -> None:
    """For an editor whose document is not printed: its print bar keeps only the drafts row."""
    bar = editor.print_bar
    for w in (bar.state_label, bar.print_button, bar.pdf_button, bar.layout_choice):
        w.hide()
        w.setEnabled(False)
