"""The recovery key, shown once after the vault is created: print it or save it
as PDF, and confirm it is written down before going on."""
from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QFontDatabase, QTextDocument
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from ..i18n import _
from .widgets import ErrorLabel, scaled_font


def key_document(recovery_key: str) -> QTextDocument:
    """The printable key page (built in memory; no temp files)."""
    doc = QTextDocument()
    mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
    doc.setHtml(
        "<h1>{title}</h1>"
        "<p>{intro}</p>"
        "<p style='font-family:\"{mono}\"; font-size:24pt; font-weight:bold; margin:24pt 0'>{key}</p>"
        "<p>{keep}</p><p>{created}</p>".format(
            title=html.escape(_("Kartläggning: recovery key")),
            intro=html.escape(_("Use this key to set a new passphrase if the passphrase is forgotten "
                                "(Forgot the passphrase? on the unlock screen).")),
            mono=html.escape(mono), key=html.escape(recovery_key),
            keep=html.escape(_("Keep this page locked away, apart from the computer. "
                               "Anyone with the key and the vault file can read the vault.")),
            created=html.escape(_("Created {date}").format(date=date.today().isoformat()))))
    return doc


class RecoveryKeyDialog(QDialog):
    """Cannot be dismissed before the confirmation box is ticked."""

    def __init__(self, recovery_key: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.recovery_key = recovery_key
        self.setWindowTitle(_("Your recovery key"))
        layout = QVBoxLayout(self)

        intro = QLabel(_("This recovery key is the only way back into the vault if the passphrase is "
                         "forgotten. Write it down or print it now and keep it locked away, apart from "
                         "the computer. It is not shown again."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.key_label = QLabel(recovery_key)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(scaled_font(self, 1.8).pointSizeF())
        font.setBold(True)
        self.key_label.setFont(font)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextFormat(Qt.TextFormat.PlainText)
        self.key_label.setAccessibleName(_("Recovery key"))
        self.key_label.setContentsMargins(0, 12, 0, 12)
        layout.addWidget(self.key_label)

        buttons = QHBoxLayout()
        self.print_button = QPushButton(_("&Print…"))
        self.print_button.clicked.connect(self.print_key)
        self.pdf_button = QPushButton(_("Save as P&DF…"))
        self.pdf_button.clicked.connect(self.save_pdf)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message = ErrorLabel(self)
        layout.addWidget(self.message)

        self.confirm = QCheckBox(_("I have &written down or printed the key"))
        layout.addWidget(self.confirm)

        box = QDialogButtonBox()
        self.continue_button = box.addButton(_("&Continue"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.continue_button.setEnabled(False)
        self.confirm.toggled.connect(self.continue_button.setEnabled)
        box.accepted.connect(self.accept)
        layout.addWidget(box)

    # ---- output ---------------------------------------------------------------

    def print_key(self) -> bool:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print the recovery key"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        key_document(self.recovery_key).print_(printer)
        return True

    def save_pdf(self) -> Path | None:
        start = Path.home() / _("kartlaggning-recovery-key.pdf")
        name, _filter = QFileDialog.getSaveFileName(self, _("Save the recovery key as PDF"), str(start),
                                                    _("PDF files (*.pdf)"))
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        from PySide6.QtPrintSupport import QPrinter
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        key_document(self.recovery_key).print_(printer)
        if not path.is_file():
            self.message.set_message(_("The PDF could not be written to {path}.").format(path=path))
            return None
        self.message.set_message("")
        return path

    # ---- no way out before the box is ticked -----------------------------------

    def reject(self) -> None:
        if self.confirm.isChecked():
            self.accept()

    def accept(self) -> None:
        super().accept()
        self.release()

    def release(self) -> None:
        """Forget the key once written down: the label and our reference to the string
        (Python strings cannot be wiped; the copy is freed, not overwritten)."""
        self.key_label.clear()
        self.recovery_key = ""

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.confirm.isChecked():
            event.accept()
        else:
            event.ignore()
