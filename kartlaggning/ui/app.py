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
DESKTOP_FILE_NAME = "kartlaggning"  # packaging/linux/kartlaggning.desktop; Wayland matches the window by it
WINDOWS_APP_ID = "Kartlaggning.Kartlaggning"  # taskbar grouping and icon on Windows
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


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


def app_icon():
    """The program's icon from the PNGs shipped in resources/icons/ (an empty icon if
    they are missing: never a reason not to start)."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon, QPixmap

    from .. import resources
    icon = QIcon()
    for size in ICON_SIZES:
        node = resources.file(f"icons/kartlaggning-{size}.png")
        if isinstance(node, Path):
            icon.addFile(str(node), QSize(size, size))
        elif node.is_file():  # e.g. inside a zip: from the bytes
            pixmap = QPixmap()
            if pixmap.loadFromData(node.read_bytes()):
                icon.addPixmap(pixmap)
    return icon


def _windows_app_id() -> None:
    """Without an explicit AppUserModelID, Windows groups the window under python.exe
    and shows Python's icon on the taskbar."""
    if sys.platform == "win32":
        try:
            import ctypes
            ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID(WINDOWS_APP_ID)
        except Exception:  # noqa: BLE001 (cosmetic only)
            pass


def _application():
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication
    _windows_app_id()
    app = QApplication.instance() or QApplication(sys.argv)
    from . import main_thread_gc
    main_thread_gc.install(app)  # no Qt object is ever freed by a worker thread's collection
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    QGuiApplication.setDesktopFileName(DESKTOP_FILE_NAME)
    app.setWindowIcon(app_icon())
    return app


def _critical(text: str) -> None:
    from PySide6.QtWidgets import QMessageBox
    QMessageBox.critical(None, APP_NAME, text)


def run_without_console(argv: list[str]) -> int:
    """The window launcher without a console: its options, or a message box saying what
    was wrong with them (in the user's language; bilingual if the install is broken)."""
    from .. import i18n, resources
    from ..cli import resolve_language, window_options
    from ..cli.errors import CliError
    _application()
    try:
        resources.check()
        i18n.set_language(resolve_language(argv))
        vault, language = window_options(argv)
    except resources.MissingResource as exc:
        _critical(exc.message)
        return 1
    except CliError as exc:
        _critical(exc.message)
        return exc.code
    return run(vault, language=language)


def run(vault_path: Path | None = None, language: str | None = None) -> int:
    """The program window on ``vault_path`` (else the setting's or the default vault), in
    ``language`` for this start (else the language setting)."""
    os.umask(0o077)  # anything we write (log, config, vault side files) is private
    from .. import hardening, resources
    hardening.protect_process()  # no core dump of the unlocked window, no ptrace (before any vault)
    app = _application()
    try:
        resources.check()
    except resources.MissingResource as exc:  # an incomplete install: say so, never run half-translated
        _critical(exc.message)
        return 1

    from ..config import AppConfig
    from . import single_instance

    config = AppConfig.load()
    vault = Path(vault_path) if vault_path else vault_path_from(config)
    instance = single_instance.claim(vault, app)
    if instance is None:  # the program is already open on this vault: its window came to the front
        return 0

    from .. import log
    from . import translation, window_state
    from .main_window import MainWindow
    from .session import Session

    translation.install(language or config.language)
    log.setup()
    log.install_crash_hook()
    log.event("app.started")
    hardening.log_failures()

    session = Session(vault)
    window = MainWindow(session, config)
    install_fault_hook(window)
    window_state.restore_window(window)
    instance.activation_requested.connect(lambda: single_instance.bring_to_front(window))
    window.show()
    # the vault lock (and the storage import) and the single-instance server once it is on screen
    after_first_paint(window, lambda: _started(window, config, instance))
    app.aboutToQuit.connect(window.shutdown)  # e.g. the session ends without closing the window
    app.aboutToQuit.connect(lambda: _remember(window))
    app.aboutToQuit.connect(instance.close)
    return app.exec()


def _started(window, config, instance) -> None:
    window.start()  # takes the vault's lock
    if window.session.has_lock:
        instance.ensure_listening()
    else:  # open in another instance, which may not listen yet (a double click)
        hand_over_later(instance.name)
    show_config_problem(window, getattr(config, "problem", "") or "")


HAND_OVER_TRIES, HAND_OVER_INTERVAL_MS = 8, 400


def hand_over_later(name: str, tries: int = HAND_OVER_TRIES) -> None:
    """Ask the instance holding the vault to come forward, every HAND_OVER_INTERVAL_MS
    for a few seconds; when it answers, this process quits (it holds nothing). Until
    then, and if it never answers, the unlock page says the vault is already open."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from . import single_instance
    if single_instance.hand_over(name, timeout_ms=300) is single_instance.HandOver.DELIVERED:
        QApplication.instance().quit()
    elif tries > 1:
        QTimer.singleShot(HAND_OVER_INTERVAL_MS, lambda: hand_over_later(name, tries - 1))


def install_fault_hook(window) -> None:
    """A disk or storage fault that no handler caught (say, a full disk when opening a
    participant records the opening) is said in words, in a box that does not block,
    instead of only in the log."""
    previous = sys.excepthook
    boxes: list = []

    def hook(exc_type, exc, tb) -> None:
        text = None
        if "kartlaggning.storage" in sys.modules:  # no storage loaded: it cannot be a storage fault
            from ..storage.faults import describe
            try:
                text = describe(exc)
            except Exception:  # noqa: BLE001 (the hook must never fail)
                text = None
        if text is None:
            previous(exc_type, exc, tb)
            return
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        from .. import log
        log.event("fault.shown", error=exc_type.__name__)
        window.statusBar().showMessage(text)
        if boxes and boxes[0].isVisible():
            boxes[0].setText(text)  # one box at a time, with the latest fault
            return
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, text, QMessageBox.StandardButton.Ok, window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda *_args: boxes.clear())
        boxes[:] = [box]
        box.open()

    sys.excepthook = hook


def show_config_problem(window, problem: str) -> None:
    """A problem reading the settings files (say, a damaged settings.json): in the status
    bar, and in a warning queued after the first paint, so start-up is not held up."""
    if not problem:
        return
    from PySide6.QtCore import QTimer
    window.statusBar().showMessage(problem)

    def warn() -> None:
        from PySide6.QtWidgets import QMessageBox
        QMessageBox.warning(window, APP_NAME, problem)

    QTimer.singleShot(0, warn)


def _remember(window) -> None:
    """Window size and position and splitter positions, for the next start."""
    from . import window_state
    window_state.remember_window(window)
    window_state.save()


if __name__ == "__main__":
    sys.exit(run())
