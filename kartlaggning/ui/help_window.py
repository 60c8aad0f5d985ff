"""Hjälp → Användarhandbok (F1): the user guide, resources/help/anvandarhandbok.md,
in a window of its own beside the program (not modal). It shows only the guide,
never anything from the vault. A missing guide is a message in the window."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from .. import resources
from ..i18n import _

GUIDE = "help/anvandarhandbok.md"


def guide_markdown() -> str | None:
    """The guide's text, or None when this installation has none."""
    try:
        return resources.read_text(GUIDE)
    except (resources.MissingResource, OSError, UnicodeDecodeError):
        return None


class HelpWindow(QDialog):
    """Not modal; closed with the other dialogs when the program locks (see
    MainWindow._close_dialogs), reopened with F1."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("helpWindow")
        self.setWindowTitle(_("Kartläggning – user guide"))
        self.setModal(False)
        self.setWindowFlags(Qt.WindowType.Window | Qt.WindowType.WindowMinMaxButtonsHint
                            | Qt.WindowType.WindowCloseButtonHint)  # a window to keep beside the program
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setObjectName("guideText")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._follow)
        self.browser.document().setDocumentMargin(self.fontMetrics().averageCharWidth() * 2)
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.load()
        fm = self.fontMetrics()
        self.resize(fm.averageCharWidth() * 95, fm.lineSpacing() * 40)

    def load(self) -> bool:
        """Show the guide; True if there was one."""
        text = guide_markdown()
        if text is None:
            self.browser.setPlainText(_("The user guide is not included in this installation. "
                                        "Reinstall the program or contact IT support."))
            return False
        folder = resources.file("help")
        if isinstance(folder, Path):  # pictures next to the guide, in a checkout or an installed wheel
            self.browser.setSearchPaths([str(folder)])
        self.browser.setMarkdown(text)
        return True

    def _follow(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
        elif url.hasFragment():
            self.browser.scrollToAnchor(url.fragment())
