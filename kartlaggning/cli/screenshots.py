"""``screenshots [--out DIR] [--scale 1.0|1.5] [--lang sv|en] [--only 01,05]``:
PNGs of every screen of the real program window, for the documentation.

A throw-away vault in a temporary directory is filled with the fictional
participants of ``kartlaggning.demo`` (``save_demo``: the workplace register, the
whole method, one participant closed with an avslut) and the real ``MainWindow``
(with the real wizard and Plans tab) is driven through create, unlock, list,
"Att göra", search, the participant form, every wizard step, the participant view,
the plan and method editors, the workplace register, a closed participant, the
register extract, Gallring, the print previews and the lock, each grabbed with
``QWidget.grab()``.

Rendering is offscreen (unless ``QT_QPA_PLATFORM`` is set), in the Fusion style
with DejaVu Sans, and the clocks are fixed, so two runs on the same day give the
same pictures. At 100 % the window is 1280×800 pixels; at 150 %
(``QT_SCALE_FACTOR=1.5``, as Windows' "150 %" display setting) it fills a
1920×1080 laptop screen: 1280×720 logical pixels.

Nothing here imports Qt at import time (the command line must stay light).
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time as _time
from datetime import date, datetime, time
from pathlib import Path

from ..i18n import _
from . import common
from .errors import EXIT_FAILED, EXIT_OK, CliError

SCALES = (1.0, 1.5)
LOGICAL_SIZE = {1.0: (1280, 800), 1.5: (1280, 720)}  # window size in logical pixels
FONT_FAMILY, FONT_POINTS, MONO_FAMILY = "DejaVu Sans", 9, "DejaVu Sans Mono"
PASSPHRASE = "demo lösenord för skärmbilder"  # a throw-away vault of made-up people
# The dialog shows a fixed sample key in the real format: the throw-away vault's
# own key changes every run and would make every run's picture differ.
SAMPLE_RECOVERY_KEY = "7K3D-QX9M-2HTV-8RBN-C4WZ-J6PE-5Y"
WALL_TIME = time(9, 47, 12)  # "now" for the wizard: Sara's samtal started 09:00 today
MONOTONIC = 10_000.0  # the samtal timer's clock stands still
PNG_LIMIT_BYTES = 250_000
SETTLE_MS = 250  # before a grab: Qt's short fade animations (e.g. a line edit's clear button) are over

# number -> file name (without the number). The numbers stay what they were when a screen
# is added (the README links them), so the run's order is not the numbers' order.
SCREENS = {
    "01": "create-vault", "02": "recovery-key", "03": "unlock", "04": "participant-list", "05": "search",
    "06": "participant-form", "07": "samtal-timer", "08": "individfaktorer", "09": "omgivningsfaktorer",
    "10": "motivationskors", "11": "atgarder", "12": "sammanstallning", "13": "overview",
    "14": "participant-view", "15": "individuell-plan", "16": "utvecklingsplan", "17": "kompetenskort",
    "18": "print-preview", "19": "locked", "20": "en-participant-list", "21": "en-individfaktorer",
    "22": "about", "23": "user-guide", "24": "att-gora", "25": "matchning", "26": "arbetstraning",
    "27": "uppfoljningar", "28": "avslut", "29": "closed-participant", "30": "workplaces", "31": "gallring",
    "32": "registerutdrag", "33": "arbetstraning-print", "34": "sjalvskattning", "35": "utveckling",
}
SECOND_LANGUAGE_SCREENS = ("20", "21")  # the English UI (skipped when the whole run is in English)


def add_parser(subparsers):
    parser = common.add_command(
        subparsers, "screenshots", _("save pictures of every screen of the program (for the documentation)"),
        _("Build a throw-away vault of fictional participants in a temporary folder, open it in the real "
          "program window offscreen and save every screen as NN-name.png. Your own vault and settings are "
          "not touched (--vault is ignored)."))
    parser.add_argument("--out", type=Path, default=None, metavar=_("FOLDER"),
                        help=_("where the PNG files go (default: docs/screenshots, docs/screenshots/150 at 1.5)"))
    parser.add_argument("--scale", type=float, choices=SCALES, default=1.0,
                        help=_("display scaling: 1.0 (100 %%) or 1.5 (150 %%)"))
    parser.add_argument("--only", default="", metavar="NN,NN",
                        help=_("save only these screens, by number or name (e.g. 01,05)"))
    return parser


def wanted_screens(only: str) -> set[str]:
    """Screen numbers selected by ``--only`` (numbers or names, comma-separated); all when empty."""
    if not only.strip():
        return set(SCREENS)
    chosen = set()
    for item in (part.strip() for part in only.split(",")):
        if not item:
            continue
        match = [n for n, name in SCREENS.items() if item in (n, name, f"{n}-{name}") or item.zfill(2) == n]
        if not match:
            raise CliError(_("Unknown screen {name}. Screens: {names}").format(
                name=item, names=", ".join(f"{n}-{s}" for n, s in SCREENS.items())))
        chosen.update(match)
    return chosen


def run(args) -> int:
    out = (args.out or Path("docs/screenshots" if args.scale == 1.0 else "docs/screenshots/150")).expanduser()
    language = args.lang or "sv"  # Swedish unless asked: not the user's own setting
    screens = wanted_screens(args.only)
    out.mkdir(parents=True, exist_ok=True)
    t0 = _time.perf_counter()
    if "PySide6.QtWidgets" in sys.modules and _app_exists():
        written = _run_in_child(out, args.scale, language, args.only)  # the scale needs a fresh process
    else:
        with tempfile.TemporaryDirectory(prefix="kartlaggning-screens-") as tmp:
            # The vault, config and log of this run live here and are deleted at the end.
            # The people in it are made up (kartlaggning.demo), so a temp folder is fine.
            written = render_all(out, Path(tmp), args.scale, language, screens)
    from .. import i18n
    i18n.set_language(language)  # the tour ends on the English screens
    for path in written:
        common.out(str(path))
    common.out(_("Saved {n} screenshots in {path} ({seconds:.0f} s).").format(
        n=len(written), path=out, seconds=_time.perf_counter() - t0))
    too_big = [p for p in written if p.stat().st_size > PNG_LIMIT_BYTES]
    for path in too_big:
        common.err(_("{path} is larger than {kb} kB.").format(path=path, kb=PNG_LIMIT_BYTES // 1000))
    return EXIT_OK if not too_big else EXIT_FAILED


def _app_exists() -> bool:
    from PySide6.QtWidgets import QApplication
    return QApplication.instance() is not None


def _run_in_child(out: Path, scale: float, language: str, only: str) -> list[Path]:
    cmd = [sys.executable, "-m", "kartlaggning", "screenshots", "--out", str(out), "--scale", str(scale),
           "--lang", language] + (["--only", only] if only else [])
    done = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", errors="replace")
    if done.returncode != 0:
        raise CliError(done.stderr.strip() or done.stdout.strip())
    return [Path(line) for line in done.stdout.splitlines() if line.endswith(".png")]


# ---- the process -----------------------------------------------------------------------

def _private_environment(tmp: Path, scale: float) -> None:
    """Config, data and log of this process in ``tmp``; offscreen; the scale."""
    # The machine's IT defaults stay out too (XDG_CONFIG_DIRS, PROGRAMDATA): the same pictures everywhere.
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("APPDATA", "config"),
                     ("LOCALAPPDATA", "data"), ("XDG_CONFIG_DIRS", "no-defaults"), ("PROGRAMDATA", "no-defaults")):
        (tmp / sub).mkdir(exist_ok=True)
        os.environ[var] = str(tmp / sub)
    if sys.platform == "darwin":
        os.environ["HOME"] = str(tmp)
    for var in ("KARTLAGGNING_VAULT", "KARTLAGGNING_PASSPHRASE", "KARTLAGGNING_RECOVERY_KEY", "KARTLAGGNING_DEFAULTS"):
        os.environ.pop(var, None)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # same pictures on every machine, no windows shown
    if scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = f"{scale:g}"
    else:
        os.environ.pop("QT_SCALE_FACTOR", None)
    os.environ["QT_ENABLE_HIGHDPI_SCALING"] = "1"


def _application():
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication

    from PySide6.QtCore import qInstallMessageHandler

    default_handler = None

    def quiet(mode, context, message):  # offscreen has no window manager to pass size hints to
        if "propagateSizeHints" not in message and default_handler is not None:
            default_handler(mode, context, message)
        elif "propagateSizeHints" not in message:
            sys.stderr.write(message + "\n")

    default_handler = qInstallMessageHandler(quiet)
    app = QApplication(["kartlaggning-screenshots"])
    app.setApplicationName("Kartläggning")
    app.setOrganizationName("Kartlaggning")
    app.setStyle("Fusion")
    families = set(QFontDatabase.families())
    if FONT_FAMILY in families:
        app.setFont(QFont(FONT_FAMILY, FONT_POINTS))
    if MONO_FAMILY in families:
        QFont.insertSubstitution("monospace", MONO_FAMILY)
    return app


class Camera:
    """Grabs widgets into ``out/NN-name.png`` (only the wanted numbers).

    ``before`` runs before each grab (the tour flushes the autosave, so the
    pictures show the settled "Saved" / "Not saved: why" state, not "Saving…").
    """

    def __init__(self, out: Path, wanted: set[str]):
        self.out = out
        self.wanted = wanted
        self.written: list[Path] = []
        self.before = lambda: None

    def want(self, number: str) -> bool:
        return number in self.wanted

    def save(self, number: str, pixmap) -> None:
        if number not in self.wanted:
            return
        from PySide6.QtGui import QImage
        image = pixmap.toImage().convertToFormat(QImage.Format.Format_RGB32)
        path = self.out / f"{number}-{SCREENS[number]}.png"
        if not image.save(str(path), "PNG", 0):  # 0: smallest file
            raise CliError(_("Could not write {path}.").format(path=path))
        self.written.append(path)

    def window(self, number: str, window) -> None:
        if number in self.wanted:
            self.before()
            settle(SETTLE_MS)
            self.save(number, window.grab())

    def dialog_over(self, number: str, window, dialog) -> None:
        """The window, dimmed, with the dialog centred over it (as the user sees it)."""
        if number not in self.wanted:
            return
        self.before()
        settle(SETTLE_MS)
        self.save(number, compose(window.grab(), with_title_bar(dialog.grab(), dialog.windowTitle())))


def settle_until(done, timeout_ms: int = 15000) -> None:
    """Run the event loop until ``done()`` (work in a worker thread came back)."""
    waited = 0
    while not done() and waited < timeout_ms:
        settle(20)
        waited += 20


def settle(ms: int = 80) -> None:
    """Run the event loop for a moment: layouts, deferred renders, timers."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication
    QApplication.processEvents()
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    QApplication.processEvents()


def with_title_bar(pixmap, title: str):
    """A plain title bar above a grabbed dialog (offscreen windows have no frame)."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPixmap
    from PySide6.QtWidgets import QApplication

    ratio = pixmap.devicePixelRatio()
    width, height = round(pixmap.width() / ratio), round(pixmap.height() / ratio)
    font = QFont(QApplication.font())
    font.setBold(True)
    bar = QFontMetrics(font).height() + 12
    result = QPixmap(round(width * ratio), round((height + bar) * ratio))
    result.setDevicePixelRatio(ratio)
    result.fill(QColor(214, 219, 226))
    painter = QPainter(result)
    painter.setFont(font)
    painter.setPen(QColor(30, 30, 30))
    painter.drawText(QRect(10, 0, width - 20, bar), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                     title)
    painter.drawPixmap(0, bar, pixmap)
    painter.end()
    return result


def compose(base, overlay):
    """``overlay`` centred on a dimmed ``base`` with a thin frame (both grabbed pixmaps)."""
    from PySide6.QtCore import QPoint, QRect, Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap

    ratio = base.devicePixelRatio()
    width, height = round(base.width() / ratio), round(base.height() / ratio)
    o_ratio = overlay.devicePixelRatio()
    o_width, o_height = round(overlay.width() / o_ratio), round(overlay.height() / o_ratio)
    dimmed = base.copy()
    painter = QPainter(dimmed)
    painter.fillRect(QRect(0, 0, width, height), QColor(0, 0, 0, 90))
    painter.end()
    # The dimmed window in 5 bits a channel: nobody reads it, the picture looks the same, and its
    # text's shades of grey no longer make a 150 % PNG twice the size (PNG_LIMIT_BYTES).
    flat = dimmed.toImage().convertToFormat(QImage.Format.Format_RGB555, Qt.ImageConversionFlag.ThresholdDither)
    result = QPixmap.fromImage(flat.convertToFormat(QImage.Format.Format_RGB32))
    result.setDevicePixelRatio(ratio)
    painter = QPainter(result)
    top_left = QPoint(max(0, (width - o_width) // 2), max(0, (height - o_height) // 2))
    painter.drawPixmap(top_left, overlay)
    painter.setPen(QPen(QColor(60, 60, 60), 1))
    painter.drawRect(QRect(top_left, overlay.size() / o_ratio).adjusted(-1, -1, 0, 0))
    painter.end()
    return result


def _type(widget, text: str) -> None:
    """Type like a user: key events, also for å, ä, ö (QTest.keyClicks knows ASCII only)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    widget.setFocus()
    for ch in text:
        if ch.isascii():
            QTest.keyClick(widget, ch)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier,
                                                         ch))


def _replace_text(edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    _type(edit, text)


def _click(button) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


# ---- the run -------------------------------------------------------------------------------

def render_all(out: Path, tmp: Path, scale: float, language: str, wanted: set[str]) -> list[Path]:
    _private_environment(tmp, scale)
    app = _application()
    from ..ui import translation
    translation.install(language)
    if language != "sv":
        wanted = wanted - set(SECOND_LANGUAGE_SCREENS)
    camera = Camera(out, wanted)
    today = date.today()
    wall_now = datetime.combine(today, WALL_TIME)
    try:
        _Tour(app, camera, tmp / "vault" / "demo.kvault", today, wall_now, LOGICAL_SIZE[scale], language).run()
    finally:
        app.processEvents()
    return camera.written


class _Tour:
    """Drives the real window from the first start to the lock, grabbing on the way."""

    def __init__(self, app, camera: Camera, vault_path: Path, today: date, wall_now: datetime,
                 size: tuple[int, int], language: str):
        self.app = app
        self.camera = camera
        self.vault_path = vault_path
        self.today = today
        self.wall_now = wall_now
        self.size = size
        self.language = language
        self.window = None
        camera.before = self._settle_saves

    # ---- window -------------------------------------------------------------------------

    def _wizard_factory(self, repo, participant_id, autosaver, clock, parent):
        from ..ui.wizard import KartlaggningWizard
        return KartlaggningWizard(repo, participant_id, autosaver, clock=clock, parent=parent,
                                  wall_clock=lambda: self.wall_now)

    def _settle_saves(self) -> None:
        if self.window is not None and self.window.autosaver is not None:
            self.window.autosaver.flush()

    def open_window(self):
        from ..config import AppConfig
        from ..ui.main_window import MainWindow
        from ..ui.session import Session
        window = MainWindow(Session(self.vault_path), AppConfig(language=self.language),
                            clock=lambda: MONOTONIC, wizard_factory=self._wizard_factory)
        window.resize(*self.size)
        window.show()
        window.activateWindow()
        window.start()  # app.run() does this right after the first paint
        settle()
        self.window = window
        return window

    def close_window(self) -> None:
        self.window.close()
        self.window.deleteLater()
        self.window = None
        settle(20)

    def _id_of(self, name_prefix: str) -> str:
        return self.window.session.repo.search(name_prefix)[0].id

    def open(self, name_prefix: str, tab: str | None = None):
        page = self.window.open_participant(self._id_of(name_prefix))
        if tab is not None:
            page.set_current_tab(tab)
        settle()
        return page

    # ---- the tour ------------------------------------------------------------------------

    def run(self) -> None:
        self.first_start()
        self.fill_demo_data()
        self.close_window()
        self.unlock_and_list()
        self.caseload_and_lifecycle()
        self.participant_form()
        self.wizard()
        self.plans()
        self.method()
        self.lock()
        self.help_screens()
        if self.camera.want("20") or self.camera.want("21"):
            self.english()
        self.close_window()

    def first_start(self) -> None:
        w = self.open_window()
        form = w.unlock_page.create_form
        form.path_label.setText(_("The vault file will be: {path}").format(
            path=Path("C:/Users/handlaggare/AppData/Local/Kartlaggning/vault.kvault")))  # not our temp path
        _type(form.passphrase.field, PASSPHRASE)
        _type(form.repeat.field, PASSPHRASE)
        self.camera.window("01", w)
        w.unlock_page.created.disconnect(w.show_recovery_key)
        w.unlock_page.created.connect(lambda _key: w.show_recovery_key(SAMPLE_RECOVERY_KEY))
        _click(form.create_button)
        dialog = w.recovery_dialog
        settle()
        self.camera.dialog_over("02", w, dialog)
        _click(dialog.confirm)
        _click(dialog.continue_button)

    def fill_demo_data(self) -> None:
        """What ``kartlaggning-cli demo`` puts into a new vault: the workplace register, the
        participants with the whole method, Amina closed with her avslut, the letterhead and
        the handläggare."""
        from .. import demo
        demo.save_demo(self.window.session.repo, self.today, settings=True)

    def unlock_and_list(self) -> None:
        w = self.open_window()  # the program started again: the unlock screen
        form = w.unlock_page.unlock_form
        _type(form.passphrase.field, PASSPHRASE)
        self.camera.window("03", w)
        _click(form.unlock_button)
        settle_until(lambda: not form.busy)
        settle_until(lambda: not w.caseload_view.busy)  # "Att göra" is computed in a worker
        settle(150)
        self.camera.window("04", w)
        _type(w.list_page.search, "jo")
        self.camera.window("05", w)
        w.list_page.search.clear()

    # ---- "Att göra", gallring and the register extract, from the list ------------------------

    def caseload_and_lifecycle(self) -> None:
        """Att göra with room for its texts (the splitter dragged), Gallring with records due,
        the register extract's choice. Gallring needs records whose last entry lies beyond the
        retention time: two made-up participants closed years ago are added for these screens
        and then removed through gallring itself, so the other screens show the demo alone."""
        if not any(self.camera.want(n) for n in ("24", "31", "32")):
            return
        w = self.window
        old = self._add_long_closed()
        w.list_page.refresh()
        w.list_page.participants_changed(old)
        settle_until(lambda: not w.caseload_view.busy)
        splitter = w.list_page.splitter
        total = sum(splitter.sizes())
        fm = w.fontMetrics()
        side = min(total - fm.averageCharWidth() * 75, fm.averageCharWidth() * 105)
        splitter.setSizes([total - side, side])
        jonas = self._id_of("Jonas")
        w.list_page.select_id(jonas)
        w.focus_caseload()
        w.caseload_view.select(jonas, "follow_up")
        settle(150)
        self.camera.window("24", w)
        if self.camera.want("31"):
            from PySide6.QtCore import Qt
            dialog = w.gallring()
            settle_until(lambda: dialog.loaded)
            # widened as a user would: at its opening width the names wrap at 150 %
            dialog.resize(max(dialog.width(), dialog.fontMetrics().averageCharWidth() * 125), dialog.height())
            dialog.table.item(0, dialog.COL_NAME).setCheckState(Qt.CheckState.Checked)
            dialog.table.setCurrentCell(0, dialog.COL_NAME)
            self.camera.dialog_over("31", w, dialog)
            dialog.reject()
            settle()
        if self.camera.want("32"):
            from ..ui.lifecycle_actions import ExtractFormatDialog
            p = w.session.repo.get_participant(jonas, audit=False)
            dialog = ExtractFormatDialog(p.namn, p.personnummer_formatted, w)
            dialog.show()
            settle()
            self.camera.dialog_over("32", w, dialog)
            dialog.reject()
            dialog.deleteLater()
        from ..services import retention
        repo = w.session.repo
        retention.apply(repo, retention.today(), old)  # as the dialog's "Radera markerade…" does
        w.participants_deleted(old)
        settle_until(lambda: not w.caseload_view.busy)

    def _add_long_closed(self) -> list[str]:
        """Two fictional participants (test personnummer) closed six and seven years ago, last
        saved then: due for gallring under the default five years."""
        import uuid
        from datetime import timedelta
        from ..models import Participant
        from ..models.method import Avslut, Utfall
        from ..models.personnummer import make_test_number
        from ..services import method
        repo = self.window.session.repo
        people = (("Bengt Forslund", date(1962, 4, 2), 990, Utfall.ANNAN_FORSORJNING, 7),
                  ("Leila Haddad", date(1969, 11, 20), 991, Utfall.ARBETE, 6))
        ids = []
        with repo.vault.transaction():
            for namn, birth, serial, outcome, years_ago in people:
                pid = uuid.uuid5(uuid.NAMESPACE_URL, f"kartlaggning-screenshots/{namn}").hex
                repo.save_participant(Participant(namn=namn, personnummer=make_test_number(birth, serial), id=pid,
                                                  adress="Exempelgatan 1, 123 45 Exempelstad"))
                closed = self.today - timedelta(days=365 * years_ago + 30)
                method.close(repo, Avslut(participant_id=pid, datum=closed, utfall=outcome))
                at = f"{closed.isoformat()}T12:00:00+00:00"  # everything about them last saved that day
                repo.vault.conn.execute("UPDATE participants SET created=?, updated=? WHERE id=?", (at, at, pid))
                repo.vault.conn.execute("UPDATE documents SET updated=? WHERE participant_id=?", (at, pid))
                ids.append(pid)
        return ids

    def participant_form(self) -> None:
        page = self.open("Łukasz")
        pnr = page.form._line("personnummer")
        good = pnr.text()
        bad = good[:-1] + str((int(good[-1]) + 1) % 10)  # one digit off: a wrong check digit
        _replace_text(pnr, bad)
        self.camera.window("06", self.window)
        _replace_text(pnr, good)
        page.flush()

    def wizard(self) -> None:
        from ..ui.wizard.wizard import PAGE_ATGARDER, PAGE_MOTIVATION, PAGE_OVERVIEW, PAGE_SUMMARY
        page = self.open("Sara", "kartlaggning")
        self.camera.window("07", self.window)
        page = self.open("Mehmet", "kartlaggning")
        wizard = page.wizard
        for number, step in (("08", "kroppsfunktioner"), ("09", "arbete")):
            wizard.go_to_area(step)
            self.camera.window(number, self.window)
        for number, step in (("10", PAGE_MOTIVATION), ("11", PAGE_ATGARDER), ("12", PAGE_SUMMARY),
                             ("13", PAGE_OVERVIEW)):
            wizard.go_to(step)
            self.camera.window(number, self.window)
        if self.camera.want("14"):
            view = wizard.show_participant_view()
            view.showNormal()
            view.resize(*self.size)
            settle(150)
            self.camera.save("14", view.grab())
            view.close()
        wizard.go_to(0)

    def plans(self) -> None:
        page = self.open("Åsa", "plans")
        documents = page.tab_widget("plans")
        documents.tabs.setCurrentWidget(documents.plan)
        self.camera.window("15", self.window)
        if self.camera.want("18"):
            self.print_preview("18", documents.plan.print_bar.print_button)
        page = self.open("Jonas", "plans")
        documents = page.tab_widget("plans")
        documents.tabs.setCurrentWidget(documents.utvecklingsplaner)
        self.camera.window("16", self.window)
        page = self.open("Amina", "plans")
        documents = page.tab_widget("plans")
        documents.tabs.setCurrentWidget(documents.kompetenskort)
        self.camera.window("17", self.window)

    def method(self) -> None:
        """The method after the plans (Jonas, in arbetsträning), the workplace register, and
        Amina, closed with her avslut: the slutdokumentation and the read-only record's banner."""
        page = self.open("Jonas", "plans")
        documents = page.tab_widget("plans")
        documents.tabs.setCurrentWidget(documents.matchning)
        settle()
        self._scroll_to(documents.matchning.basis, top=documents.matchning.datum)
        self.camera.window("25", self.window)
        documents.tabs.setCurrentWidget(documents.arbetstraning)
        settle()
        self._scroll_to(documents.arbetstraning.schema)
        self.camera.window("26", self.window)
        if self.camera.want("30"):
            from ..ui.plans.workplaces_dialog import WorkplacesDialog
            from PySide6.QtWidgets import QSplitter
            dialog = WorkplacesDialog(self.window.session.repo, self.window,
                                      select_id=documents.arbetstraning.doc.workplace_id)
            dialog.resize(1060, 600)  # widened, the list's longest name shown whole (820 cuts it)
            dialog.findChild(QSplitter).setSizes([380, 680])
            dialog.show()
            settle()
            self.camera.dialog_over("30", self.window, dialog)
            dialog.reject()
            dialog.deleteLater()
        if self.camera.want("33"):
            # scrolled to show the title, the workplace, the tasks and the schema
            self.print_preview("33", documents.arbetstraning.print_bar.print_button, scroll=150)
        documents.tabs.setCurrentWidget(documents.uppfoljningar)
        settle()
        self.camera.window("27", self.window)
        documents.tabs.setCurrentWidget(documents.sjalvskattning)
        settle()
        self.camera.window("34", self.window)
        documents.tabs.setCurrentWidget(documents.progress)
        settle(300)
        self.camera.window("35", self.window)
        page = self.open("Amina", "plans")
        documents = page.tab_widget("plans")
        documents.tabs.setCurrentWidget(documents.avslut)
        settle()
        from PySide6.QtWidgets import QLabel
        heading = next((w for w in documents.avslut.findChildren(QLabel) if w.text() == "Slutdokumentation"),
                       documents.avslut.datum)
        self._scroll_to(heading, top=documents.avslut.datum)  # the outcome, then the slutdokumentation
        self.camera.window("28", self.window)
        page.set_current_tab(page.TAB_PARTICIPANT)
        settle()
        self._scroll_to(page.form.print_bars["medgivande"], bottom=True)
        self.camera.window("29", self.window)

    @staticmethod
    def _scroll_to(widget, top=None, bottom: bool = False) -> None:
        """Scroll the editor's scroll area so ``widget`` starts at the top (``bottom``: ends at
        the bottom); with ``top``, only as far as keeps ``top`` in view too."""
        from PySide6.QtCore import QPoint
        from PySide6.QtWidgets import QScrollArea
        area = widget.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is None:
            return
        settle(20)
        y = widget.mapTo(area.widget(), QPoint(0, 0)).y()
        if bottom:
            y += widget.height() - area.viewport().height() + 12
        else:
            y -= 8
        if top is not None:
            y = min(y, top.mapTo(area.widget(), QPoint(0, 0)).y() - 8)
        area.verticalScrollBar().setValue(max(0, y))
        settle(20)

    def print_preview(self, number: str, print_button, scroll: int = 0) -> None:
        """Click "Print…": the preview runs modally, so a timer grabs it and closes it (nothing
        printed); ``scroll``: logical pixels down the first page (to what the printout is for)."""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        width, height = self.size
        seen = []

        def grab_preview():
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                QTimer.singleShot(50, grab_preview)
                return
            seen.append(dialog)
            dialog.resize(min(900, width - 80), height - 60)
            settle_until(lambda: getattr(dialog, "complete", True))  # the whole PDF, rendered in a worker
            settle(400)  # fit to width, then render the pages in view
            if scroll:
                from ..ui.plans.pdf_view import PdfPageView
                dialog.findChild(PdfPageView).verticalScrollBar().setValue(scroll)
                settle(400)  # the pages now in view are rendered
            self.camera.dialog_over(number, self.window, dialog)
            dialog.reject()

        QTimer.singleShot(0, grab_preview)
        _click(print_button)
        if not seen:
            raise CliError(_("The print preview did not open."))

    def lock(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        w = self.window
        w.activateWindow()
        settle(20)
        QTest.keyClick(w, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        if w.session.is_unlocked:  # the shortcut needs an active window; not every platform gives one
            w.lock()
        self.camera.window("19", w)
        form = w.unlock_page.unlock_form
        _type(form.passphrase.field, PASSPHRASE)
        _click(form.unlock_button)  # back to Amina's Kompetenskort
        settle_until(lambda: not form.busy)
        settle()

    def help_screens(self) -> None:
        """Hjälp → Om Kartläggning (version, licences) and the user guide (F1)."""
        w = self.window
        for number, show in (("22", w.about), ("23", w.show_guide)):
            if self.camera.want(number):
                show()
                dialog = w.about_dialog if number == "22" else w.help_window
                shrink = 1.0 / w.devicePixelRatioF() if w.devicePixelRatioF() > 1 else 1.0
                dialog.resize(int(760 * shrink), int(480 * shrink))  # text-dense: keep the PNG small
                self.camera.dialog_over(number, w, dialog)
                dialog.close()
                settle()

    def english(self) -> None:
        w = self.window
        w.set_language("en")
        w.show_list()
        self.camera.window("20", w)
        page = self.open("Mehmet", "kartlaggning")
        page.wizard.go_to_area("kroppsfunktioner")
        self.camera.window("21", w)
