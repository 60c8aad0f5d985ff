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


def after_first_paint(window, callback, fallback_ms: int = 1000) -> None:
    """Call ``callback`` once, right after ``window`` is first painted (a zero timer set
    after show() fires before the paint); ``fallback_ms`` covers a window never painted."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watcher(QObject):
        done = False

        def fire(self) -> None:
            if not self.done:
                self.done = True
                window.removeEventFilter(self)
                callback()

        def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
            if event.type() == QEvent.Type.Paint and not self.done:
                QTimer.singleShot(0, self.fire)
            return False

    watcher = Watcher(window)
    window.installEventFilter(watcher)
    QTimer.singleShot(fallback_ms, watcher.fire)


def _application():
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    return app


def _critical(text: str) -> None:
    from PySide6.QtWidgets import QMessageBox
    QMessageBox.critical(None, APP_NAME, text)


def show_message_without_console() -> int:
    """A command given to the GUI launcher where no console exists to answer on."""
    from .. import i18n, resources
    from ..i18n import _
    _application()
    try:
        resources.check()
        i18n.set_language(i18n.DEFAULT_LANGUAGE)
        _critical(_("Commands run in a terminal with kartlaggning-cli (for example "
                    "\"kartlaggning-cli init\"). This launcher opens the program window only."))
    except resources.MissingResource as exc:
        _critical(exc.message)
    return 64


def run(vault_path: Path | None = None) -> int:
    os.umask(0o077)  # anything we write (log, config, vault side files) is private
    from .. import resources
    app = _application()
    try:
        resources.check()
    except resources.MissingResource as exc:  # an incomplete install: say so, never run half-translated
        _critical(exc.message)
        return 1

    from .. import log
    from ..config import AppConfig
    from . import translation
    from .main_window import MainWindow
    from .session import Session

    config = AppConfig.load()
    translation.install(config.language)
    log.setup()
    log.install_crash_hook()
    log.event("app.started")

    session = Session(Path(vault_path) if vault_path else vault_path_from(config))
    window = MainWindow(session, config)
    window.show()
    after_first_paint(window, window.start)  # the vault lock (and the storage import) once it is on screen
    app.aboutToQuit.connect(window.shutdown)  # e.g. the session ends without closing the window
    return app.exec()


if __name__ == "__main__":
    sys.exit(run())
