"""Start the GUI: ``run()`` builds the application and shows the main window.

Start-up stays light: storage, reportlab and babel are imported when first
needed (the vault lock is taken right after the window is shown).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Kartläggning"
ORG_NAME = "Kartlaggning"


def vault_path_from(config) -> Path:
    from .. import paths
    if os.environ.get("KARTLAGGNING_VAULT"):
        return paths.default_vault_path()
    return Path(config.vault_path) if config.vault_path else paths.default_vault_path()


def run(vault_path: Path | None = None) -> int:
    os.umask(0o077)  # anything we write (log, config, vault side files) is private
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from .. import log
    from ..config import AppConfig
    from . import translation
    from .main_window import MainWindow
    from .session import Session

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    config = AppConfig.load()
    translation.install(config.language)
    log.setup()
    log.install_crash_hook()
    log.event("app.started")

    session = Session(Path(vault_path) if vault_path else vault_path_from(config))
    window = MainWindow(session, config)
    window.show()
    QTimer.singleShot(0, window.start)  # the vault lock (and the storage import) after the first paint
    app.aboutToQuit.connect(window.shutdown)  # e.g. the session ends without closing the window
    return app.exec()


if __name__ == "__main__":
    sys.exit(run())
