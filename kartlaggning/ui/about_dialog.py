"""Hjälp → Om Kartläggning: name, version, licence, the versions of Qt and PySide6,
and the licence texts and third-party notices shipped in resources/licenses/
(whatever files are there at run time, listed by name)."""
from __future__ import annotations

import platform

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QSplitter, QTextBrowser, QVBoxLayout, QWidget)

from .. import __version__, resources
from ..i18n import _
from .widgets import scaled_font

LICENSES_DIR = "licenses"
LICENCE = "EUPL-1.2"
# Shown first, in this order; the rest follow alphabetically.
FIRST = ("EUPL-1.2.txt", "THIRD-PARTY-NOTICES.md")
ICON = "icons/kartlaggning-64.png"


def licence_files() -> list[str]:
    """Paths relative to resources/licenses/ of every file there (sub-folders too)."""
    root = resources.file(LICENSES_DIR)
    if not root.is_dir():
        return []
    found: list[str] = []

    def walk(node, prefix: str) -> None:
        for child in node.iterdir():
            name = prefix + child.name
            if child.is_dir():
                walk(child, name + "/")
            elif child.is_file() and not child.name.startswith("."):
                found.append(name)

    walk(root, "")
    first = [n for n in FIRST if n in found]
    return first + sorted((n for n in found if n not in first), key=str.casefold)


def licence_text(name: str) -> str:
    data = resources.read_bytes(f"{LICENSES_DIR}/{name}")
    return data.decode("utf-8", errors="replace")


def versions() -> dict[str, str]:
    import PySide6
    from PySide6.QtCore import qVersion
    return {"Kartläggning": __version__, "Qt": qVersion(), "PySide6": PySide6.__version__,
            "Python": platform.python_version()}


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(_("About Kartläggning"))
        layout = QVBoxLayout(self)

        header = QHBoxLayout()
        icon = QLabel()
        pixmap = QPixmap()
        if resources.file(ICON).is_file() and pixmap.loadFromData(resources.read_bytes(ICON)):
            icon.setPixmap(pixmap)
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        header.addWidget(icon)
        text = QVBoxLayout()
        name = QLabel("Kartläggning")
        name.setFont(scaled_font(name, 1.6, bold=True))
        text.addWidget(name)
        v = versions()
        self.version_label = QLabel(_("Version {version}").format(version=v["Kartläggning"]))
        text.addWidget(self.version_label)
        description = QLabel(_("Structured kartläggning of hinder and resurser (SASSAM) for labour-market "
                               "units. Works offline; everything about participants is kept in one "
                               "encrypted vault file."))
        description.setWordWrap(True)
        text.addWidget(description)
        self.licence_label = QLabel(_("Licence: {licence} (European Union Public Licence)").format(
            licence=LICENCE))
        text.addWidget(self.licence_label)
        self.versions_label = QLabel(_("Built with Qt {qt} and PySide6 {pyside}, Python {python}").format(
            qt=v["Qt"], pyside=v["PySide6"], python=v["Python"]))
        self.versions_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.addWidget(self.versions_label)
        for label in (name, self.version_label, description, self.licence_label, self.versions_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
        header.addLayout(text, 1)
        layout.addLayout(header)

        notices = QLabel(_("&Licences and third-party notices:"))
        layout.addWidget(notices)
        self.files = QListWidget()
        self.files.setObjectName("licenceFiles")
        notices.setBuddy(self.files)
        self.text = QTextBrowser()
        self.text.setObjectName("licenceText")
        self.text.setOpenLinks(False)  # a notice's links are text to read, not pages to open here
        self.text.setLineWrapMode(QTextBrowser.LineWrapMode.WidgetWidth)
        splitter = QSplitter()
        splitter.addWidget(self.files)
        splitter.addWidget(self.text)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)

        names = licence_files()
        for file_name in names:
            QListWidgetItem(file_name, self.files)
        self.files.currentTextChanged.connect(self.show_file)
        if names:
            self.files.setCurrentRow(0)
        else:
            self.text.setPlainText(_("No licence texts were found in this installation."))
        fm = self.fontMetrics()
        splitter.setSizes([fm.averageCharWidth() * 38, fm.averageCharWidth() * 80])

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(fm.averageCharWidth() * 125, fm.lineSpacing() * 36)

    def show_file(self, name: str) -> None:
        if not name:
            return
        try:
            content = licence_text(name)
        except (resources.MissingResource, OSError):
            self.text.setPlainText(_("The file {name} could not be read.").format(name=name))
            return
        if name.lower().endswith(".md"):
            self.text.setMarkdown(content)
        else:
            self.text.setPlainText(content)
