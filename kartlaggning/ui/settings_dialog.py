"""Preferences that are not personal data: language and the idle-lock time.

UI state is not offered here: whether the wizard shows its questions is toggled in the
wizard and owned by ``window_state.ui_state()``, so OK here can never bring them back."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from ..config import AppConfig
from ..i18n import _

LANGUAGE_NAMES = {"sv": "Svenska", "en": "English"}  # each in its own language
MIN_IDLE, MAX_IDLE = 1, 240


class SettingsDialog(QDialog):
    def __init__(self, config: AppConfig, parent: QWidget | None = None):
        super().__init__(parent)
        self.config = config
        self.setWindowTitle(_("Settings"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(config.language)))
        label = QLabel(_("&Language:"))
        label.setBuddy(self.language)
        self.language.setAccessibleName(_("Language"))
        form.addRow(label, self.language)

        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(MIN_IDLE, MAX_IDLE)
        self.idle_minutes.setValue(min(MAX_IDLE, max(MIN_IDLE, config.idle_lock_minutes)))
        self.idle_minutes.setSuffix(_(" min"))
        label = QLabel(_("Lock after &inactivity:"))
        label.setBuddy(self.idle_minutes)
        self.idle_minutes.setAccessibleName(_("Lock after inactivity, minutes"))
        form.addRow(label, self.idle_minutes)
        layout.addLayout(form)

        note = QLabel(_("Both changes take effect at once. The vault locks itself after this many minutes "
                        "without keyboard or mouse use."))
        note.setWordWrap(True)
        layout.addWidget(note)

        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    def choices(self) -> dict:
        """The preferences as chosen in the dialog (for ``Preferences.set``)."""
        return {"language": self.language.currentData(), "idle_lock_minutes": self.idle_minutes.value()}

    def apply_to(self, config: AppConfig) -> bool:
        """Copy the choices into ``config``; True if the language changed."""
        choices = self.choices()
        changed = choices["language"] != config.language
        config.language = choices["language"]
        config.idle_lock_minutes = choices["idle_lock_minutes"]
        return changed
