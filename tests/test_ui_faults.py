"""Faults in the window, as a person meets them: a full disk or read-only media at
unlock and while typing, a damaged page found after a fast unlock (nothing written
meanwhile), a folder given as the vault, a vault with a second name, malformed
settings files at start, and a storage fault no handler caught."""
from __future__ import annotations

import errno
import os
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from kartlaggning.config import AppConfig
from kartlaggning.models import Participant
from kartlaggning.storage import DiskFull, Vault, VaultDamaged, files
from kartlaggning.ui.autosave import FAILED, SAVED
from kartlaggning.ui.main_window import MainWindow
from kartlaggning.ui.session import Session

from conftest import PASSPHRASE, finish_unlock, make_pnr
from helpers.damage import damage_a_page_only_the_checks_read
from helpers.util import sha256
from test_fault_matrix import FULL, READ_ONLY, faults  # noqa: F401 (the fixture)
from test_ui_shell import fake_wizard_factory
from tests.helpers.typing_keys import type_text  # noqa: E402

KEPT = "Det du skrivit finns kvar."


@pytest.fixture
def people_vault(vault_path):
    v, _recovery = Vault.create(vault_path, PASSPHRASE)
    for i, namn in enumerate(("Åsa Öberg", "Ali Hassan", "Maria Andersson")):
        v.repo.save_participant(Participant(namn=namn, personnummer=make_pnr(i + 1, 1970 + i)))
    v.close()
    return vault_path


@pytest.fixture
def make_window(qtbot, vault_path, monkeypatch):
    windows = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))

    def make(path=vault_path, config: AppConfig | None = None) -> MainWindow:
        w = MainWindow(Session(path), config or AppConfig(), wizard_factory=fake_wizard_factory)
        w.show()
        w.activateWindow()
        qtbot.waitUntil(w.isActiveWindow, timeout=3000)
        w.start()
        windows.append(w)
        return w

    yield make
    for w in windows:
        w.close()
        w.session.quit()
        w.deleteLater()




def type_and_unlock(qtbot, w: MainWindow, passphrase: str = PASSPHRASE):
    form = w.unlock_page.unlock_form
    assert w.unlock_page.current_form() is form
    form.passphrase.field.clear()
    type_text(form.passphrase.field, passphrase)
    qtbot.mouseClick(form.unlock_button, Qt.MouseButton.LeftButton)
    finish_unlock(form)
    return form


# ---- at unlock ------------------------------------------------------------------------------

def test_a_full_disk_at_unlock_is_said_in_the_form_and_the_passphrase_stays(make_window, people_vault, qtbot,
                                                                          faults):
    faults.fail(13, "database or disk is full", "PRAGMA journal_mode")  # the -wal cannot be made
    w = make_window(people_vault)
    form = type_and_unlock(qtbot, w)
    assert form.passphrase.error() == FULL
    assert form.passphrase.field.text() == PASSPHRASE  # typed once, not again
    assert not w.session.is_unlocked and w.session.has_lock
    faults.clear()
    qtbot.mouseClick(form.unlock_button, Qt.MouseButton.LeftButton)  # room made: the same text opens it
    finish_unlock(form)
    assert w.session.is_unlocked


def test_an_unlock_that_cannot_be_recorded_locks_again_and_says_why(make_window, people_vault, qtbot, faults):
    faults.fail(13, "database or disk is full", "INSERT INTO audit", "vault.unlocked")
    w = make_window(people_vault)
    type_and_unlock(qtbot, w)
    qtbot.waitUntil(lambda: not w.session.is_unlocked, timeout=10000)
    assert w.stack.currentWidget() is w.unlock_page
    notice = w.unlock_page.unlock_form.notice
    assert notice.isVisible() and notice.text() == FULL
    assert w.session.has_lock  # the window keeps its hold on the vault
    faults.clear()  # room made: the next unlock goes through, and is recorded
    type_and_unlock(qtbot, w)
    qtbot.waitUntil(lambda: w.session.is_unlocked and w.session.vault.checked, timeout=10000)
    assert [e.event for e in w.session.vault.audit.entries()][-1] == "vault.unlocked"


def test_read_only_media_at_start_says_so_and_try_again_works(make_window, people_vault, monkeypatch):
    real_open = os.open

    class ReadOnlyMedia:
        broken = True

        def __getattr__(self, name):
            return getattr(os, name)

        def open(self, path, *args, **kwargs):
            if self.broken and str(path).endswith(".lock"):
                raise OSError(errno.EROFS, "Read-only file system", str(path))
            return real_open(path, *args, **kwargs)

    media = ReadOnlyMedia()
    monkeypatch.setattr(files, "os", media)
    w = make_window(people_vault)
    page = w.unlock_page
    form = page.already_open_form
    assert page.current_form() is form
    assert form.message.text() == READ_ONLY
    assert form.detail.text().startswith("Ingenting ändrades.")
    assert not w.session.already_open  # not "open in another window"
    media.broken = False
    form.retry_button.click()
    assert page.current_form() is page.unlock_form


def test_a_damaged_page_found_after_a_fast_unlock_leaves_the_file_as_it_was(make_window, people_vault, qtbot,
                                                                          tmp_path):
    damaged = damage_a_page_only_the_checks_read(people_vault, PASSPHRASE, tmp_path)
    before = sha256(damaged)
    w = make_window(damaged)
    type_and_unlock(qtbot, w)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.unlock_page and not w.session.is_unlocked, timeout=15000)
    notice = w.unlock_page.unlock_form.notice
    assert notice.isVisible() and notice.text() == VaultDamaged().message
    assert sha256(damaged) == before  # not one page written: no unlock record, no place, no checkpoint
    w.close()
    w.session.quit()
    assert sha256(damaged) == before


# ---- while typing ---------------------------------------------------------------------------------

def open_ali(w: MainWindow):
    pid = w.session.repo.search("Ali")[0].id
    w.open_participant(pid)
    return pid, w.participant_page.form


def test_autosave_on_a_full_disk_says_so_and_keeps_what_was_typed(make_window, people_vault, qtbot, faults):
    w = make_window(people_vault)
    type_and_unlock(qtbot, w)
    pid, form = open_ali(w)
    faults.fail(13, "database or disk is full", "UPDATE participants")
    qtbot.keyClicks(form._line("mobil"), "070-123 45 67")
    qtbot.waitUntil(lambda: w.autosaver.state == FAILED, timeout=5000)
    assert w.indicator.text() == f"Inte sparat: {FULL} {KEPT}"
    assert form._line("mobil").text() == "070-123 45 67"
    faults.clear()  # room made: the next save writes what is in the field
    qtbot.keyClicks(form._line("sprak"), "somaliska")
    qtbot.waitUntil(lambda: w.autosaver.state == SAVED, timeout=5000)
    w.close()
    with Vault.open(people_vault, PASSPHRASE) as v:
        p = v.repo.get_participant(pid)
    assert (p.mobil, p.sprak) == ("070-123 45 67", "somaliska")


def test_autosave_on_read_only_media_says_so(make_window, people_vault, qtbot):
    w = make_window(people_vault)
    type_and_unlock(qtbot, w)
    _pid, form = open_ali(w)
    qtbot.waitUntil(lambda: w.session.vault.checked, timeout=10000)
    w.session.vault.conn.execute("PRAGMA query_only = ON")  # SQLITE_READONLY for real, also as root
    qtbot.keyClicks(form._line("mobil"), "070-765 43 21")
    qtbot.waitUntil(lambda: w.autosaver.state == FAILED, timeout=5000)
    assert w.indicator.text() == f"Inte sparat: {READ_ONLY} {KEPT}"
    assert form._line("mobil").text() == "070-765 43 21"
    w.session.vault.conn.execute("PRAGMA query_only = OFF")


# ---- the path ----------------------------------------------------------------------------------------

def test_a_folder_as_the_vault_path_is_said_and_nothing_is_made(make_window, tmp_path):
    place = tmp_path / "place"
    folder = place / "vault.kvault"
    folder.mkdir(parents=True)
    w = make_window(folder)
    page = w.unlock_page
    assert page.current_form() is page.already_open_form
    assert page.already_open_form.message.text() == f"{folder} är en mapp, inte en databasfil."
    assert "Ingenting öppnades eller skapades" in page.already_open_form.detail.text()
    assert page.create_form is not page.current_form()
    page.already_open_form.retry_button.click()  # still a folder: still said
    assert page.current_form() is page.already_open_form
    assert sorted(p.name for p in place.iterdir()) == ["vault.kvault"]  # no .lock, no .keys beside it


def test_a_vault_with_a_second_name_is_refused_in_the_form(make_window, people_vault, qtbot, tmp_path):
    os.link(people_vault, tmp_path / "second.kvault")
    w = make_window(people_vault)
    form = type_and_unlock(qtbot, w)
    assert form.passphrase.error().startswith("Databasfilen har mer än ett namn på disken (en hård länk)")
    assert form.passphrase.field.text() == PASSPHRASE
    assert not w.session.is_unlocked


def test_a_second_window_through_a_symlink_finds_the_vault_open(make_window, people_vault, tmp_path):
    link = tmp_path / "link.kvault"
    link.symlink_to(people_vault)
    first = make_window(people_vault)
    assert first.session.has_lock
    second = make_window(link)
    assert second.session.already_open
    assert second.unlock_page.current_form() is second.unlock_page.already_open_form


# ---- start-up and the last line of defence --------------------------------------------------------

def test_malformed_settings_files_never_stop_the_start(make_window, people_vault, tmp_path, monkeypatch, qtbot):
    from kartlaggning.ui import app, window_state
    settings = AppConfig.path()
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_bytes(b'{"language": "en",')
    (settings.parent / "window-state.json").write_bytes(b"\x00\xff not json")
    defaults = tmp_path / "defaults.json"
    defaults.write_bytes(b"[1, 2")
    monkeypatch.setenv("KARTLAGGNING_DEFAULTS", str(defaults))
    warned: list[str] = []  # the warning box after the first paint, answered at once
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _parent, _title, text, *a: warned.append(text)))
    config = AppConfig.load()
    assert window_state.current().blobs == {}  # a broken window state is the standard window
    w = make_window(people_vault, config)
    app.show_config_problem(w, config.problem)
    shown = w.statusBar().currentMessage()
    assert f"Inställningsfilen {settings} kunde inte läsas (ogiltig JSON, rad 1); standardvärden används." in shown
    assert str(defaults) in shown
    qtbot.waitUntil(lambda: warned == [shown], timeout=3000)
    assert w.unlock_page.current_form() is w.unlock_page.unlock_form  # the start went on


def test_a_storage_fault_no_handler_caught_is_shown_in_words(make_window, people_vault, monkeypatch):
    from kartlaggning.storage.faults import raisable
    from kartlaggning.ui import app
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back afterwards
    w = make_window(people_vault)
    app.install_fault_hook(w)
    error = raisable(DiskFull, OSError)("write")
    sys.excepthook(type(error), error, None)
    boxes = [b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox) and b.isVisible()]
    assert [b.text() for b in boxes] == [FULL]
    assert w.statusBar().currentMessage() == FULL
    sys.excepthook(type(error), error, None)  # again: the same box, not a second one
    assert len([b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox) and b.isVisible()]) == 1
    boxes[0].close()
