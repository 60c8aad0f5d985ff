"""Desktop behaviour: icon, desktop entry, remembered window and splitter state,
single instance, About, the user guide (F1), settings problems at start."""
from __future__ import annotations

import configparser
import hashlib
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QSplitter

from kartlaggning import __version__, paths, resources
from kartlaggning.ui import about_dialog, help_window, single_instance, window_state

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "kartlaggning" / "resources" / "icons"
DESKTOP = ROOT / "packaging" / "linux" / "kartlaggning.desktop"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


@pytest.fixture(autouse=True)
def english_ui():
    from kartlaggning import i18n
    i18n.set_language("en")


def child_env() -> dict:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))


# ---- icon -----------------------------------------------------------------------------------

@pytest.mark.parametrize("size", PNG_SIZES)
def test_icon_png_has_its_size_and_a_transparent_corner(size):
    image = QImage(str(ICONS / f"kartlaggning-{size}.png"))
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel() and image.pixelColor(0, 0).alpha() == 0  # rounded tile
    centre = image.pixelColor(size // 2, size // 2)
    assert centre.alpha() == 255


def test_ico_holds_every_size_from_16_to_256():
    data = (ICONS / "kartlaggning.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind) == (0, 1)
    sizes = set()
    for i in range(count):
        w, h = struct.unpack_from("<BB", data, 6 + 16 * i)
        length, offset = struct.unpack_from("<II", data, 6 + 16 * i + 8)
        assert offset + length <= len(data)
        sizes.add((w or 256, h or 256))
    assert sizes == {(s, s) for s in (16, 24, 32, 48, 64, 128, 256)}


def _rgba(path: Path) -> bytes:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGBA8888)
    return bytes(image.constBits())


def test_committed_icons_are_the_svg_rendered_by_the_script(tmp_path):
    """Whoever changes the SVG also runs scripts/make-icons.py."""
    pytest.importorskip("PIL")
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "make-icons.py"), "--out", str(tmp_path)],
                          env=child_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    for size in PNG_SIZES:
        fresh, committed = _rgba(tmp_path / f"kartlaggning-{size}.png"), _rgba(ICONS / f"kartlaggning-{size}.png")
        assert len(fresh) == len(committed)
        if fresh != committed:  # another Qt may round a few pixels differently
            assert max(abs(a - b) for a, b in zip(fresh, committed)) <= 8, size
    assert (tmp_path / "kartlaggning.ico").stat().st_size > 0


def test_svg_is_valid_and_the_app_icon_has_the_sizes(qapp):
    from PySide6.QtSvg import QSvgRenderer
    assert QSvgRenderer(str(ICONS / "kartlaggning.svg")).isValid()
    from kartlaggning.ui.app import app_icon
    icon = app_icon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} >= {16, 32, 48, 256}


def test_application_sets_icon_and_desktop_file_name(qapp):
    from kartlaggning.ui.app import _application
    app = _application()
    assert QGuiApplication.desktopFileName() == "kartlaggning"
    assert not app.windowIcon().isNull()


# ---- desktop entry ------------------------------------------------------------------------------

def test_desktop_entry_has_the_keys():
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read_string(DESKTOP.read_text("utf-8"))
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Kartläggning"
    assert entry["Exec"] == "kartlaggning"
    assert entry["Icon"] == "kartlaggning"
    assert entry["Terminal"] == "false"
    assert entry["Categories"] == "Office;"
    assert entry["Comment"] and entry["Comment[sv]"] and entry["Comment"] != entry["Comment[sv]"]
    from kartlaggning.ui.app import DESKTOP_FILE_NAME
    assert DESKTOP.stem == DESKTOP_FILE_NAME  # Wayland finds the entry (and icon) by this name


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_desktop_entry_validates():
    done = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


# ---- window and splitter state -----------------------------------------------------------------------

def test_state_file_round_trip_and_broken_files_are_ignored(qapp):
    path = paths.config_dir() / "window-state.json"
    state = window_state.WindowState(path)
    state.set("splitter:x", b"\x00\x01abc")
    assert state.save()
    data = json.loads(path.read_text("utf-8"))
    assert data == {"version": 1, "blobs": {"splitter:x": "AAFhYmM="}}
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
    assert bytes(window_state.WindowState.load(path).get("splitter:x")) == b"\x00\x01abc"
    for broken in ("{", "[]", '{"version": 99, "blobs": {"a": "AA=="}}', '{"version": 1, "blobs": {"a": "%%"}}'):
        path.write_text(broken, "utf-8")
        assert window_state.WindowState.load(path).get("a") is None


def _window(qtbot) -> QMainWindow:
    w = QMainWindow()
    w.setCentralWidget(QLabel("x"))
    qtbot.addWidget(w)
    return w


def test_main_window_size_and_position_come_back(qtbot):
    screen = QGuiApplication.primaryScreen().availableGeometry()
    first = _window(qtbot)
    first.resize(520, 380)
    first.move(screen.left() + 40, screen.top() + 30)
    first.show()
    qtbot.waitExposed(first)
    window_state.remember_window(first)
    assert window_state.save()
    window_state._states.clear()  # as a new start: read from the file

    second = _window(qtbot)
    assert window_state.restore_window(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.size() == first.size()
    assert second.pos() == first.pos()


def test_a_window_saved_off_screen_comes_back_on_screen(qtbot):
    screen = QGuiApplication.primaryScreen().availableGeometry()
    first = _window(qtbot)
    first.resize(500, 350)
    first.move(screen.right() + 3000, screen.bottom() + 2000)  # e.g. a second monitor, now gone
    window_state.remember_window(first)

    second = _window(qtbot)
    assert window_state.restore_window(second)
    second.show()
    qtbot.waitExposed(second)
    title_bar = QRect(second.frameGeometry().topLeft(), QPoint(second.frameGeometry().right(),
                                                                second.frameGeometry().top() + 40))
    assert screen.intersects(title_bar)
    assert second.width() <= screen.width() and second.height() <= screen.height()


def test_ensure_on_screen_shrinks_a_window_larger_than_the_screen(qtbot):
    screen = QGuiApplication.primaryScreen().availableGeometry()
    w = _window(qtbot)
    w.resize(screen.width() + 900, screen.height() + 700)
    w.move(-20000, -20000)
    window_state.ensure_on_screen(w)
    assert w.width() <= screen.width() and w.height() <= screen.height()
    assert screen.contains(w.geometry().center())


def _drag_handle(qtbot, splitter: QSplitter, dx: int) -> None:
    handle = splitter.handle(1)
    start = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(handle, start + QPoint(dx * step // 5, 0))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=start + QPoint(dx, 0))


def _splitter(qtbot) -> QSplitter:
    s = QSplitter()
    s.addWidget(QLabel("left"))
    s.addWidget(QLabel("right"))
    s.resize(800, 300)
    s.setSizes([200, 600])
    qtbot.addWidget(s)
    s.show()
    qtbot.waitExposed(s)
    return s


def test_a_dragged_splitter_is_remembered_and_restored(qtbot):
    first = _splitter(qtbot)
    window_state.track_splitter(first, "test")
    before = first.sizes()[0]
    _drag_handle(qtbot, first, 150)
    moved = first.sizes()[0]
    assert moved > before + 100  # the user's drag
    assert window_state.save()
    window_state._states.clear()

    second = _splitter(qtbot)
    assert second.sizes()[0] == before
    window_state.track_splitter(second, "test")
    assert second.sizes()[0] == moved


def test_wizard_and_utvecklingsplan_splitters_are_tracked(qtbot, vault, participant):
    from kartlaggning.ui.autosave import Autosaver
    from kartlaggning.ui.plans.utvecklingsplan_editor import UtvecklingsplanEditor
    from kartlaggning.ui.wizard import KartlaggningWizard
    vault.repo.save_participant(participant)
    autosaver = Autosaver()
    wizard = KartlaggningWizard(vault.repo, participant.id, autosaver)
    qtbot.addWidget(wizard)
    wizard.resize(1200, 800)
    wizard.show()
    qtbot.waitExposed(wizard)
    _drag_handle(qtbot, wizard.splitter, 120)
    wizard_left = wizard.splitter.sizes()[0]

    editor = UtvecklingsplanEditor(vault.repo, participant.id, autosaver)
    qtbot.addWidget(editor)
    editor.resize(1200, 800)
    editor.show()
    qtbot.waitExposed(editor)
    editor_splitter = editor.findChild(QSplitter)
    _drag_handle(qtbot, editor_splitter, 90)
    editor_left = editor_splitter.sizes()[0]
    assert window_state.save()
    blobs = json.loads((paths.config_dir() / "window-state.json").read_text("utf-8"))["blobs"]
    assert set(blobs) == {"splitter:wizard", "splitter:utvecklingsplan"}
    wizard.shutdown()
    window_state._states.clear()

    again = KartlaggningWizard(vault.repo, participant.id, autosaver)
    qtbot.addWidget(again)
    again.resize(1200, 800)
    again.show()
    qtbot.waitExposed(again)
    assert abs(again.splitter.sizes()[0] - wizard_left) <= 2
    editor2 = UtvecklingsplanEditor(vault.repo, participant.id, autosaver)
    qtbot.addWidget(editor2)
    editor2.resize(1200, 800)
    editor2.show()
    qtbot.waitExposed(editor2)
    assert abs(editor2.findChild(QSplitter).sizes()[0] - editor_left) <= 2
    again.shutdown()


# ---- single instance ----------------------------------------------------------------------------------

def test_server_name_is_per_user_and_vault_and_names_neither(tmp_path):
    vault = tmp_path / "Anna Andersson" / "vault.kvault"
    name = single_instance.server_name(vault, user="anna.andersson")
    assert name == single_instance.server_name(vault, user="anna.andersson")
    assert name != single_instance.server_name(vault, user="bo.berg")
    assert name != single_instance.server_name(tmp_path / "other.kvault", user="anna.andersson")
    who_and_where = f"kartlaggning\0anna.andersson\0{os.path.normcase(os.path.abspath(vault))}".encode()
    assert name == "kartlaggning-" + hashlib.sha256(who_and_where).hexdigest()[:32]  # a digest: names neither
    assert len(name) < 60  # short: Unix socket paths are limited


HAND_OVER_CHILD = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QCoreApplication
    from kartlaggning.ui.single_instance import hand_over
    app = QCoreApplication(sys.argv)
    print(hand_over(sys.argv[1]).value, flush=True)
""")


def _unique_name(tmp_path) -> str:
    return single_instance.server_name(tmp_path / "vault.kvault")


def test_a_second_process_asks_the_first_to_come_forward(qtbot, tmp_path):
    name = _unique_name(tmp_path)
    server = single_instance.InstanceServer(name)
    assert server.listen()
    with qtbot.waitSignal(server.activation_requested, timeout=10000):
        child = subprocess.Popen([sys.executable, "-c", HAND_OVER_CHILD, name], env=child_env(),
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    qtbot.waitUntil(lambda: child.poll() is not None, timeout=10000)
    out, err = child.communicate()
    assert (child.returncode, out.strip()) == (0, "delivered"), err
    server.close()


def test_nobody_listening_and_an_unanswering_server(qtbot, tmp_path):
    name = _unique_name(tmp_path)
    assert single_instance.hand_over(name, timeout_ms=300) is single_instance.HandOver.NO_SERVER
    # A peer that accepts but never answers (a hung instance): the newcomer does not exit.
    from PySide6.QtNetwork import QLocalServer
    mute = QLocalServer()
    assert mute.listen(name)
    child = subprocess.run([sys.executable, "-c", HAND_OVER_CHILD, name], env=child_env(), capture_output=True,
                           text=True, timeout=30)
    assert child.stdout.strip() in ("unresponsive", "no_server"), child.stderr
    assert child.stdout.strip() != "delivered"
    mute.close()


def test_the_name_of_a_crashed_instance_is_taken_over(qtbot, tmp_path):
    vault = tmp_path / "vault.kvault"
    name = single_instance.server_name(vault)
    script = textwrap.dedent("""
        import sys, time
        from PySide6.QtCore import QCoreApplication
        from kartlaggning.ui.single_instance import InstanceServer
        app = QCoreApplication(sys.argv)
        server = InstanceServer(sys.argv[1])
        print(server.listen(), flush=True)
        time.sleep(60)
    """)
    crashed = subprocess.Popen([sys.executable, "-c", script, name], env=child_env(), stdout=subprocess.PIPE,
                               text=True)
    try:
        assert crashed.stdout.readline().strip() == "True"
    finally:
        crashed.send_signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
        crashed.wait(10)
    server = single_instance.claim(vault)
    assert server is not None and not server.listening  # listens once it holds the vault's lock
    assert server.ensure_listening() and server.listening
    # and it works: a later start is handed over to this process
    with qtbot.waitSignal(server.activation_requested, timeout=10000):
        child = subprocess.Popen([sys.executable, "-c", HAND_OVER_CHILD, name], env=child_env(),
                                 stdout=subprocess.PIPE, text=True)
    qtbot.waitUntil(lambda: child.poll() is not None, timeout=10000)
    assert child.communicate()[0].strip() == "delivered"
    server.close()


def test_a_first_start_loads_no_qtnetwork_before_it_listens(tmp_path):
    """Start-up time: with nobody listening, QtNetwork waits for ensure_listening()."""
    script = textwrap.dedent("""
        import sys
        from PySide6.QtCore import QCoreApplication
        from kartlaggning.ui import single_instance
        app = QCoreApplication(sys.argv)
        server = single_instance.claim(sys.argv[1], app)
        before = "PySide6.QtNetwork" in sys.modules
        print(before, server.listening, server.ensure_listening(), server.listening,
              single_instance.server_may_exist(server.name))
        server.close()
        print(single_instance.server_may_exist(server.name))
    """)
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "v.kvault")], env=child_env(),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False", "True", "True", "True", "False"]


def test_bring_to_front_restores_a_minimised_window(qtbot):
    w = _window(qtbot)
    w.show()
    qtbot.waitExposed(w)
    w.showMinimized()
    qtbot.waitUntil(w.isMinimized)
    single_instance.bring_to_front(w)
    qtbot.waitUntil(lambda: not w.isMinimized())
    assert w.isVisible()


FIRST_APP = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from kartlaggning.ui import app as app_module, main_window, single_instance

    original_start, original_bring = main_window.MainWindow.start, single_instance.bring_to_front

    def start(self):
        original_start(self)
        self.showMinimized()
        print("READY", flush=True)

    def bring(window):
        was_minimised = window.isMinimized()
        original_bring(window)
        print("ACTIVATED", was_minimised, window.isMinimized(), window.isVisible(), flush=True)
        QTimer.singleShot(0, window.close)

    main_window.MainWindow.start = start
    single_instance.bring_to_front = bring
    sys.exit(app_module.run(Path(sys.argv[1])))
""")


def _second_start_beside(first_script: str, ready: str, vault: Path):
    """Start ``first_script`` on ``vault``, wait for its ``ready`` line, then run the real
    program on the same vault. (the second process, seconds it took, the first's output
    and errors, the first's exit code)."""
    env = child_env()
    first = subprocess.Popen([sys.executable, "-c", first_script, str(vault)], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        assert first.stdout.readline().strip() == ready
        t0 = time.monotonic()
        second = subprocess.run([sys.executable, "-m", "kartlaggning", "--vault", str(vault)], env=env,
                                capture_output=True, text=True, timeout=60)
        elapsed = time.monotonic() - t0
        assert second.returncode == 0, second.stderr
        out, err = first.communicate(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait(10)
    return second, elapsed, out, err, first.returncode


def test_second_start_of_the_program_raises_the_first_and_exits_quietly(tmp_path):
    """Two real program processes on one vault."""
    vault = tmp_path / "v" / "x.kvault"
    second, elapsed, out, err, first_code = _second_start_beside(FIRST_APP, "READY", vault)
    assert second.stdout == "" and "already" not in second.stderr.lower()
    assert out.split() == ["ACTIVATED", "True", "False", "True"], err
    assert first_code == 0, err
    assert elapsed < 20
    # a third start, with the first gone, opens normally: the name is free again
    assert single_instance.hand_over(single_instance.server_name(vault), 300) is single_instance.HandOver.NO_SERVER


SLOW_FIRST = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication, QTimer
    from kartlaggning.storage import FileLock
    from kartlaggning.ui.single_instance import InstanceServer, server_name
    app = QCoreApplication(sys.argv)
    vault = Path(sys.argv[1])
    vault.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(vault)
    lock.acquire()
    server = InstanceServer(server_name(vault))

    def activated():
        print("ACTIVATED", flush=True)
        QTimer.singleShot(200, app.quit)

    server.activation_requested.connect(activated)
    print("LOCKED", flush=True)
    QTimer.singleShot(1500, server.listen)  # still starting: not listening for 1.5 s
    QTimer.singleShot(30000, app.quit)
    app.exec()
""")


def test_a_double_click_start_finds_the_first_instance_once_it_listens(tmp_path):
    """The second start comes while the first holds the vault but does not listen yet:
    it asks again until the first answers, and goes without opening anything."""
    _second, _elapsed, out, err, _code = _second_start_beside(SLOW_FIRST, "LOCKED", tmp_path / "v" / "x.kvault")
    assert out.split() == ["ACTIVATED"], err


# ---- About ---------------------------------------------------------------------------------------------

@pytest.fixture
def fake_resources(tmp_path, monkeypatch):
    """A resources folder of our own (licences, guide), read through kartlaggning.resources."""
    root = tmp_path / "resources"
    (root / "licenses" / "sub").mkdir(parents=True)
    (root / "help").mkdir()
    (root / "licenses" / "zlib-LICENSE.txt").write_text("zlib licence text\n", "utf-8")
    (root / "licenses" / "EUPL-1.2.txt").write_text("EUROPEAN UNION PUBLIC LICENCE v. 1.2\n", "utf-8")
    (root / "licenses" / "THIRD-PARTY-NOTICES.md").write_text("# Notices\n\n**Qt** is LGPL-3.0.\n", "utf-8")
    (root / "licenses" / "sub" / "Apache-2.0.txt").write_text("Apache License\n", "utf-8")
    _serve_from(monkeypatch, root)
    return root


def _serve_from(monkeypatch, root: Path) -> None:
    """licenses/ and help/ from ``root``; everything else (the catalogue) as shipped."""
    shipped = resources.file
    monkeypatch.setattr(resources, "file", lambda name: root / name if name.split("/")[0] in ("licenses", "help")
                        else shipped(name))


def test_about_lists_the_licence_files_and_shows_the_chosen_one(qtbot, fake_resources):
    dialog = about_dialog.AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    names = [dialog.files.item(i).text() for i in range(dialog.files.count())]
    assert names == ["EUPL-1.2.txt", "THIRD-PARTY-NOTICES.md", "sub/Apache-2.0.txt", "zlib-LICENSE.txt"]
    assert dialog.text.toPlainText().startswith("EUROPEAN UNION PUBLIC LICENCE")
    assert dialog.text.isReadOnly()
    rect = dialog.files.visualItemRect(dialog.files.item(1))
    qtbot.mouseClick(dialog.files.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert "Qt is LGPL-3.0." in dialog.text.toPlainText()  # markdown rendered, not shown raw
    qtbot.keyClick(dialog.files, Qt.Key.Key_End)
    assert dialog.text.toPlainText() == "zlib licence text\n"


def test_about_names_version_licence_and_qt(qtbot):
    import PySide6
    from PySide6.QtCore import qVersion
    dialog = about_dialog.AboutDialog()
    qtbot.addWidget(dialog)
    assert __version__ in dialog.version_label.text()
    assert "EUPL-1.2" in dialog.licence_label.text()
    assert qVersion() in dialog.versions_label.text() and PySide6.__version__ in dialog.versions_label.text()
    shipped = sorted(p.relative_to(ROOT / "kartlaggning/resources/licenses").as_posix()
                     for p in (ROOT / "kartlaggning/resources/licenses").rglob("*") if p.is_file()
                     and not p.name.startswith("."))
    assert sorted(dialog.files.item(i).text() for i in range(dialog.files.count())) == shipped


def test_about_without_licence_files_says_so(qtbot, tmp_path, monkeypatch):
    _serve_from(monkeypatch, tmp_path)
    dialog = about_dialog.AboutDialog()
    qtbot.addWidget(dialog)
    assert dialog.files.count() == 0
    assert "No licence texts" in dialog.text.toPlainText()


# ---- the window: Help menu, F1, lock, settings problems ---------------------------------------------------

@pytest.fixture
def window(qtbot, vault_path, monkeypatch):
    from kartlaggning.config import AppConfig
    from kartlaggning.ui.main_window import MainWindow
    from kartlaggning.ui.session import Session
    from kartlaggning.storage import Vault
    from conftest import PASSPHRASE
    Vault.create(vault_path, PASSPHRASE)[0].close()
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    w = MainWindow(Session(vault_path), AppConfig())
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=3000)
    w.start()
    yield w
    w.close()
    w.session.quit()
    w.deleteLater()


def _unlock(w) -> None:
    from conftest import PASSPHRASE, finish_unlock
    form = w.unlock_page.unlock_form
    form.passphrase.field.setText(PASSPHRASE)
    form.unlock_button.click()
    finish_unlock(form)
    assert w.session.is_unlocked


def test_help_menu_has_the_guide_on_f1_and_about(window):
    assert window.guide_action.shortcut().toString() == "F1"
    help_menu = [a for a in window.menuBar().actions() if a.text() == "&Help"][0]
    assert [a.text() for a in help_menu.menu().actions()] == ["&User guide", "&About Kartläggning"]


def test_f1_opens_the_guide_beside_the_window_even_when_locked(qtbot, window, fake_resources):
    (fake_resources / "help" / "anvandarhandbok.md").write_text(
        "# Användarhandbok\n\nTryck **Ctrl+L** för att låsa.\n", "utf-8")
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.help_window
    qtbot.waitUntil(guide.isVisible)
    assert not guide.isModal()
    assert guide.browser.toPlainText().startswith("Användarhandbok\nTryck Ctrl+L för att låsa.")
    assert guide.browser.isReadOnly()
    # F1 again: the same window, not a second one
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.help_window is guide
    assert [w for w in QApplication.topLevelWidgets() if isinstance(w, help_window.HelpWindow) and w.isVisible()] \
        == [guide]


def test_lock_closes_the_guide_and_about_and_f1_opens_it_again(qtbot, window, fake_resources):
    (fake_resources / "help" / "anvandarhandbok.md").write_text("# Guide\n", "utf-8")
    _unlock(window)
    window.show_guide()
    window.about_action.trigger()  # not modal: returns at once
    about = window.about_dialog
    assert about.isVisible() and window.help_window.isVisible()
    window.lock()
    assert not window.help_window.isVisible() and not about.isVisible()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.help_window.isVisible())
    assert window.help_window.browser.toPlainText() == "Guide"


def test_a_missing_guide_is_a_message_not_a_crash(qtbot, window, fake_resources):
    window.show_guide()
    text = window.help_window.browser.toPlainText()
    assert "user guide is not included" in text


def test_a_settings_problem_is_shown_after_start_without_blocking(qtbot, window, monkeypatch):
    from kartlaggning.ui.app import show_config_problem
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text, *a: warned.append(text)))
    show_config_problem(window, "The settings file could not be read; defaults are used.")
    assert warned == []  # deferred: the caller (start-up) goes on first
    assert window.statusBar().currentMessage() == "The settings file could not be read; defaults are used."
    qtbot.waitUntil(lambda: warned == ["The settings file could not be read; defaults are used."])
    show_config_problem(window, "")
    qtbot.wait(20)
    assert len(warned) == 1


def test_run_shows_the_settings_problem_and_remembers_the_window(tmp_path):
    """app.run() in a child: a config with ``problem`` set is shown; the window's geometry
    is written at quit and restored at the next start."""
    vault = tmp_path / "v" / "x.kvault"
    script = textwrap.dedent("""
        import json, sys
        from pathlib import Path
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QMessageBox
        from kartlaggning.ui import app as app_module, main_window
        warned = []
        QMessageBox.warning = staticmethod(lambda parent, title, text, *a: warned.append(text))
        original_start = main_window.MainWindow.start
        def start(self):
            original_start(self)
            def report():
                print(json.dumps({"warned": warned, "status": self.statusBar().currentMessage(),
                                  "size": [self.width(), self.height()]}), flush=True)
                if sys.argv[2] == "problem":
                    self.resize(640, 430)
                self.close()
            QTimer.singleShot(100, report)
        main_window.MainWindow.start = start
        sys.exit(app_module.run(Path(sys.argv[1])))
    """)
    settings = paths.config_dir() / "settings.json"
    runs = []
    for mode in ("problem", "fine"):
        if mode == "problem":
            paths.ensure_private(settings.parent)
            settings.write_text("{ not json", "utf-8")  # a damaged settings file
        else:
            settings.unlink()
        done = subprocess.run([sys.executable, "-c", script, str(vault), mode], env=child_env(), capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    assert len(runs[0]["warned"]) == 1 and str(settings) in runs[0]["warned"][0]
    assert runs[0]["status"] == runs[0]["warned"][0]
    assert runs[1]["warned"] == [] and runs[1]["status"] == ""
    assert runs[1]["size"] == [640, 430]  # remembered from the first run
    assert json.loads((paths.config_dir() / "window-state.json").read_text("utf-8"))["blobs"]["main_window"]
