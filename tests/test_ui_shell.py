"""The application shell: create/unlock/recover, the participant list and search,
the participant form with autosave, single instance, language, backup."""
from __future__ import annotations

import gettext
import io
import os
import stat
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QMessageBox

from kartlaggning import i18n, paths
from kartlaggning.config import AppConfig
from kartlaggning.models import Participant
from kartlaggning.models.errors import ValidationError
from kartlaggning.ui.autosave import FAILED, SAVED
from kartlaggning.ui.main_window import MainWindow, ParticipantPage
from kartlaggning.ui.participants import STATUS_LABELS, ParticipantTableModel, format_day
from kartlaggning.ui.session import Session
from conftest import PASSPHRASE, finish_unlock, make_pnr


class FakeWizard(QLabel):
    """Stands in for KartlaggningWizard with the same contract, and records calls."""

    def __init__(self, repo, participant_id, autosaver, clock=None, parent=None):
        super().__init__("wizard", parent)
        self.participant_id = participant_id
        self.pos = {"page": 0}
        self.calls: list = []

    def flush(self) -> bool:
        self.calls.append("flush")
        return True

    def position(self) -> dict:
        return dict(self.pos)

    def restore_position(self, pos: dict) -> None:
        self.calls.append(("restore", pos))
        self.pos = dict(pos)

    def shutdown(self) -> None:
        self.calls.append("shutdown")


def fake_wizard_factory(repo, participant_id, autosaver, clock, parent):
    return FakeWizard(repo, participant_id, autosaver, clock, parent)


def make_vault(path: Path, people: list[Participant] = ()) -> None:
    from kartlaggning.storage import Vault
    vault, _key = Vault.create(path, PASSPHRASE)
    for p in people:
        vault.repo.save_participant(p)
    vault.close()


def open_vault(path: Path):
    from kartlaggning.storage import Vault
    return Vault.open(path, PASSPHRASE)


@pytest.fixture
def make_window(qtbot, vault_path, monkeypatch):
    windows = []
    # Closing with unsaved input asks first. Never block on a modal box in a test:
    # answer "discard" unless a test patches its own answer.
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))

    def make(path: Path = vault_path, config: AppConfig | None = None, clock=None,
             wizard_factory=fake_wizard_factory) -> MainWindow:
        kwargs = {"clock": clock} if clock else {}
        w = MainWindow(Session(path), config or AppConfig(), wizard_factory=wizard_factory, **kwargs)
        w.show()
        w.activateWindow()
        qtbot.waitUntil(w.isActiveWindow, timeout=3000)  # shortcuts need an active window
        w.start()
        windows.append(w)
        return w

    yield make
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    for w in windows:
        w.close()
        w.session.quit()
        w.deleteLater()


def unlock(w: MainWindow, passphrase: str = PASSPHRASE) -> None:
    form = w.unlock_page.unlock_form
    form.passphrase.field.setText(passphrase)
    form.unlock_button.click()
    finish_unlock(form)


PEOPLE = [
    Participant(namn="Åsa Öberg", personnummer=make_pnr(1, 1970)),
    Participant(namn="Ali Hassan", personnummer=make_pnr(2, 1981)),
    Participant(namn="Maria Andersson", personnummer=make_pnr(3, 1992)),
    Participant(namn="Olle Åström", personnummer=make_pnr(4, 1965)),
]


@pytest.fixture
def people_vault(vault_path):
    make_vault(vault_path, [Participant(namn=p.namn, personnummer=p.personnummer) for p in PEOPLE])
    return vault_path


def list_names(w: MainWindow) -> list[str]:
    m = w.list_page.model
    return [m.index(r, ParticipantTableModel.COL_NAME).data() for r in range(m.rowCount())]


# ---- first run, unlock, recovery ------------------------------------------------------

def test_first_run_creates_private_vault_and_shows_recovery_key(make_window, vault_path):
    w = make_window()
    page = w.unlock_page
    assert page.current_form() is page.create_form
    form = page.create_form
    form.passphrase.field.setText(PASSPHRASE)
    form.repeat.field.setText(PASSPHRASE)
    form.create_button.click()

    assert vault_path.is_file()
    assert stat.S_IMODE(os.stat(vault_path).st_mode) == 0o600
    dialog = w.recovery_dialog
    assert dialog is not None and dialog.isVisible()
    assert w.session.is_unlocked
    assert not dialog.continue_button.isEnabled()
    dialog.reject()  # Escape / window close: refused before the box is ticked
    assert dialog.isVisible()
    key = dialog.key_label.text()
    dialog.confirm.setChecked(True)
    assert dialog.continue_button.isEnabled()
    dialog.continue_button.click()
    assert not dialog.isVisible()
    assert w.stack.currentWidget() is w.list_page
    assert form.passphrase.field.text() == ""  # the secret does not linger in a widget
    assert dialog.key_label.text() == "" and dialog.recovery_key == ""  # nor the recovery key

    w.close()
    from kartlaggning.storage import Vault
    Vault.open(vault_path, recovery_key=key).close()  # the key shown really opens the vault


def test_create_form_explains_bad_passphrases_and_keeps_them(make_window, vault_path):
    w = make_window()
    form = w.unlock_page.create_form
    form.passphrase.field.setText("kort")
    form.repeat.field.setText("kort")
    form.create_button.click()
    assert "12" in form.passphrase.error()
    assert form.passphrase.field.text() == "kort"
    form.passphrase.field.setText("långt nog lösenord")
    form.repeat.field.setText("långt nog lösenordX")
    form.create_button.click()
    assert form.repeat.error() == i18n._("The two passphrases are not the same.")
    assert form.repeat.field.text() == "långt nog lösenordX"
    assert not vault_path.exists()
    assert not w.session.is_unlocked


def test_recovery_key_pdf_and_print_render_the_key(qtbot, tmp_path, monkeypatch):
    from pypdf import PdfReader
    from PySide6 import QtPrintSupport
    from PySide6.QtWidgets import QFileDialog

    from kartlaggning.ui.recovery import RecoveryKeyDialog
    key = "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-23"
    dialog = RecoveryKeyDialog(key)
    qtbot.addWidget(dialog)
    out = tmp_path / "nyckel"  # no suffix: .pdf is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    saved = dialog.save_pdf()
    assert saved == out.with_name("nyckel.pdf") and saved.is_file()
    text = "".join(page.extract_text() for page in PdfReader(saved).pages)
    assert key in text

    printed = tmp_path / "printed.pdf"

    class FakePrintDialog:
        def __init__(self, printer, parent=None):
            printer.setOutputFormat(QtPrintSupport.QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(printed))

        def setWindowTitle(self, title):
            pass

        def exec(self):
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QtPrintSupport, "QPrintDialog", FakePrintDialog)
    assert dialog.print_key()
    assert key in "".join(page.extract_text() for page in PdfReader(printed).pages)


def test_wrong_passphrase_shows_message_and_keeps_text_selected(make_window, people_vault):
    from kartlaggning.storage import WrongPassphrase
    w = make_window(people_vault)
    form = w.unlock_page.unlock_form
    assert w.unlock_page.current_form() is form
    unlock(w, "inte rätt lösenord")
    assert form.passphrase.error() == WrongPassphrase().message
    assert form.passphrase.field.text() == "inte rätt lösenord"
    assert form.passphrase.field.selectedText() == "inte rätt lösenord"
    assert not w.session.is_unlocked
    assert w.stack.currentWidget() is w.unlock_page


def test_right_passphrase_shows_the_list(make_window, people_vault):
    w = make_window(people_vault)
    unlock(w)
    assert w.session.is_unlocked
    assert w.stack.currentWidget() is w.list_page
    assert sorted(list_names(w)) == sorted(p.namn for p in PEOPLE)
    assert w.unlock_page.unlock_form.passphrase.field.text() == ""
    m = w.list_page.model
    row = list_names(w).index("Ali Hassan")
    assert m.index(row, ParticipantTableModel.COL_PERSONNUMMER).data() == PEOPLE[1].personnummer_formatted
    assert m.index(row, ParticipantTableModel.COL_STATUS).data() == i18n._(STATUS_LABELS["new"])
    assert m.index(row, ParticipantTableModel.COL_UPDATED).data()  # a formatted date


def test_damaged_vault_says_so_and_points_to_backups(make_window, people_vault):
    from kartlaggning.storage import VaultDamaged
    with open(people_vault, "r+b") as f:
        f.seek(0)
        f.write(os.urandom(4096))
    w = make_window(people_vault)
    unlock(w)
    form = w.unlock_page.unlock_form
    assert form.passphrase.error() == VaultDamaged().message
    assert form.hint.isVisible() and str(paths.backups_dir()) in form.hint.text()
    assert not w.session.is_unlocked
    assert w.session.has_lock  # still ours after the failed open


def test_forgotten_passphrase_with_recovery_key(make_window, vault_path):
    from kartlaggning.storage import Vault, WrongRecoveryKey
    vault, key = Vault.create(vault_path, PASSPHRASE)
    vault.close()
    w = make_window()
    w.unlock_page.unlock_form.forgot_button.click()
    form = w.unlock_page.recover_form
    assert w.unlock_page.current_form() is form
    form.key.field.setText("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GG")
    form.passphrase.field.setText("ett nytt lösenord")
    form.repeat.field.setText("ett nytt lösenord")
    form.submit_button.click()
    assert form.key.error() == WrongRecoveryKey().message
    assert not w.session.is_unlocked
    form.key.field.setText(key.lower())
    form.submit_button.click()
    assert w.session.is_unlocked
    assert w.stack.currentWidget() is w.list_page
    w.close()
    Vault.open(vault_path, "ett nytt lösenord").close()


def test_second_session_reports_already_open_and_leaves_the_vault_alone(make_window, people_vault):
    from kartlaggning.storage import VaultLocked
    first = Session(people_vault)
    assert first.acquire_lock()
    before = people_vault.stat().st_mtime_ns, people_vault.read_bytes()
    second = Session(people_vault)
    assert not second.acquire_lock()
    assert second.already_open
    assert second.lock_error == VaultLocked().message
    with pytest.raises(VaultLocked):
        second.unlock(PASSPHRASE)

    w = make_window(people_vault)  # a second window on the same vault
    page = w.unlock_page
    assert page.current_form() is page.already_open_form
    assert page.already_open_form.message.text() == VaultLocked().message
    assert (people_vault.stat().st_mtime_ns, people_vault.read_bytes()) == before
    first.quit()
    page.already_open_form.retry_button.click()  # the other one closed: now it works
    assert page.current_form() is page.unlock_form
    unlock(w)
    assert w.session.is_unlocked


def test_lock_keeps_the_file_lock(make_window, people_vault):
    w = make_window(people_vault)
    unlock(w)
    vault = w.session.vault
    w.lock()
    assert not w.session.is_unlocked and vault.conn is None
    assert w.session.has_lock
    assert not Session(people_vault).acquire_lock()  # still single writer while locked
    w.close()
    other = Session(people_vault)
    assert other.acquire_lock()  # released on quit
    other.quit()


# ---- list and search -------------------------------------------------------------------

def test_search_filters_by_name_prefix_and_personnummer(make_window, people_vault):
    w = make_window(people_vault)
    unlock(w)
    search = w.list_page.search
    search.setText("asa")
    assert list_names(w) == ["Åsa Öberg"]
    search.setText("ÖBE")
    assert list_names(w) == ["Åsa Öberg"]
    search.setText("a")  # any word's prefix: Ali, Andersson, Åsa, Åström
    assert sorted(list_names(w)) == sorted(p.namn for p in PEOPLE)
    search.setText("ha")
    assert list_names(w) == ["Ali Hassan"]
    pnr = PEOPLE[2].personnummer
    search.setText(pnr[:6])
    assert list_names(w) == ["Maria Andersson"]
    search.setText(pnr[2:8] + "-" + pnr[8:])  # ÅÅMMDD-NNNN
    assert list_names(w) == ["Maria Andersson"]
    search.setText("zzz")
    assert list_names(w) == []
    assert w.list_page.status.text() == i18n._("No participant matches the search.")


def test_selection_follows_the_search_sensibly(make_window, people_vault):
    w = make_window(people_vault)
    unlock(w)
    page = w.list_page
    page.select_id(page.model.participant_id(list_names(w).index("Maria Andersson")))
    page.search.setText("ma")
    assert page.model.summary(page.table.currentIndex().row()).namn == "Maria Andersson"
    page.search.setText("al")  # Maria is gone: the first row is selected
    assert page.selected_id() == page.model.participant_id(0)


def test_enter_opens_the_participant_and_audits(make_window, people_vault, qtbot):
    w = make_window(people_vault)
    unlock(w)
    w.list_page.search.setText("ali")
    qtbot.keyClick(w.list_page.search, Qt.Key.Key_Return)
    page = w.participant_page
    assert isinstance(page, ParticipantPage)
    assert w.stack.currentWidget() is page
    assert page.name_label.text() == "Ali Hassan"
    assert page.pnr_label.text() == PEOPLE[1].personnummer_formatted
    assert "Ali" not in w.windowTitle()
    events = [(e.event, e.participant_id) for e in w.session.vault.audit.entries()]
    assert ("participant.opened", page.participant_id) in events
    page.back_button.click()
    assert w.stack.currentWidget() is w.list_page and w.participant_page is None


def test_ctrl_f_focuses_search_and_down_enter_open(make_window, people_vault, qtbot):
    w = make_window(people_vault)
    unlock(w)
    w.list_page.table.setFocus()
    qtbot.keyClick(w.list_page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert w.list_page.search.hasFocus()
    qtbot.keyClicks(w.list_page.search, "maria")
    qtbot.keyClick(w.list_page.search, Qt.Key.Key_Down)
    qtbot.keyClick(w.list_page.table, Qt.Key.Key_Return)
    assert w.participant_page is not None and w.participant_page.name_label.text() == "Maria Andersson"


# ---- the participant form -------------------------------------------------------------------

def test_new_participant_invalid_personnummer_explained_then_saved(make_window, vault_path, qtbot):
    make_vault(vault_path)
    w = make_window()
    unlock(w)
    w.new_action.trigger()
    page = w.participant_page
    form = page.form
    assert form.is_new and form.banner.isVisible()
    assert not page.tabs.isTabEnabled(page._index(ParticipantPage.TAB_KARTLAGGNING))
    qtbot.keyClicks(form._line("namn"), "Testa Testsson")
    pnr = make_pnr(7)
    bad = pnr[:8] + "-" + pnr[8:11] + str((int(pnr[11]) + 1) % 10)  # wrong check digit
    qtbot.keyClicks(form._line("personnummer"), bad)
    error = form.fields["personnummer"].row.error()
    assert error == i18n._("The check digit (last digit) is wrong; check for a typo.")
    assert form._line("personnummer").text() == bad
    assert not w.autosaver.flush()
    assert w.session.repo.count() == 0
    assert form.is_new and form.banner.isVisible()

    form._line("personnummer").clear()
    qtbot.keyClicks(form._line("personnummer"), pnr[:8] + "-" + pnr[8:10])  # incomplete: no error yet
    assert form.fields["personnummer"].row.error() == ""
    form._line("personnummer").editingFinished.emit()  # focus left: now say what is wrong
    assert form.fields["personnummer"].row.error() == ValidationError("personnummer", "pnr_length", count=10).message
    qtbot.keyClicks(form._line("personnummer"), pnr[10:])
    assert form.fields["personnummer"].row.error() == ""
    assert w.autosaver.flush()
    assert not form.is_new and not form.banner.isVisible()
    assert page.tabs.isTabEnabled(page._index(ParticipantPage.TAB_KARTLAGGNING))
    assert page.name_label.text() == "Testa Testsson"
    stored = w.session.repo.get_participant(form.participant_id)
    assert (stored.namn, stored.personnummer) == ("Testa Testsson", pnr)
    page.back_button.click()
    assert list_names(w) == ["Testa Testsson"]


def test_duplicate_personnummer_is_refused_with_a_reason(make_window, people_vault, qtbot):
    w = make_window(people_vault)
    unlock(w)
    w.new_participant()
    form = w.participant_page.form
    qtbot.keyClicks(form._line("namn"), "Dubbel Dubbelsson")
    qtbot.keyClicks(form._line("personnummer"), PEOPLE[0].personnummer_formatted)
    assert form.fields["personnummer"].row.error() == i18n._("Another participant already has this personnummer.")
    assert not w.autosaver.flush()
    assert w.session.repo.count() == len(PEOPLE)


def test_edits_autosave_and_survive_a_restart(make_window, people_vault, qtbot):
    w = make_window(people_vault)
    unlock(w)
    pid = w.session.repo.search("Ali")[0].id
    w.open_participant(pid)
    form = w.participant_page.form
    qtbot.keyClicks(form._line("mobil"), "070-123 45 67")
    form.contacts.add_button.click()  # a row, the cursor in its Namn cell
    qtbot.keyClicks(QApplication.focusWidget(), "Ayaan Hassan")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # on to its relation cell
    qtbot.keyClicks(QApplication.focusWidget(), "bror")
    form.fields["tolkbehov"].row.field.setChecked(True)
    qtbot.keyClicks(form._line("sprak"), "somaliska")
    form.fields["referral.source"].row.field.setCurrentIndex(1)
    qtbot.keyClicks(form.fields["referral.period_from"].row.field.line_edit, "2026-01-05")
    qtbot.keyClicks(form.fields["consent.signed"].row.field.line_edit, "2026-01-05")
    form.parties.boxes[1].setChecked(False)
    qtbot.keyClicks(form.parties.other, "Vårdcentralen Exempelby")
    assert w.autosaver.state != SAVED
    qtbot.waitUntil(lambda: w.autosaver.state == SAVED, timeout=5000)  # the real timer
    w.close()

    from kartlaggning.models.participant import CaseSource
    with open_vault(people_vault) as v:
        p = v.repo.get_participant(pid)
    assert p.mobil == "070-123 45 67"
    assert [(c.namn, c.relation) for c in p.kontaktpersoner] == [("Ayaan Hassan", "bror")]
    assert p.tolkbehov and p.sprak == "somaliska"
    assert p.referral.source == CaseSource.ARBETSFORMEDLINGEN
    assert p.referral.period_from == date(2026, 1, 5)
    assert p.consent.signed == date(2026, 1, 5)
    assert "Försäkringskassan" not in p.consent.parties and "Vårdcentralen Exempelby" in p.consent.parties


def test_bad_field_is_not_saved_but_the_others_are(make_window, people_vault, qtbot):
    w = make_window(people_vault)
    unlock(w)
    pid = w.session.repo.search("Maria")[0].id
    w.open_participant(pid)
    form = w.participant_page.form
    qtbot.keyClicks(form.fields["referral.period_from"].row.field.line_edit, "2026-03-01")
    qtbot.keyClicks(form.fields["referral.period_to"].row.field.line_edit, "2026-02-01")
    qtbot.keyClicks(form.fields["referral.received"].row.field.line_edit, "2026-02-31")
    qtbot.keyClicks(form._line("epost"), "maria@example.invalid")
    assert w.autosaver.flush()  # the valid rest saved, the two bad dates kept as drafts
    from kartlaggning.storage.drafts import Drafts
    drafts = Drafts(w.session.vault).of(pid)
    assert (drafts["referral.period_to"].text, drafts["referral.received"].text) == ("2026-02-01", "2026-02-31")
    assert form.fields["referral.period_to"].row.error() == i18n._("The end time is before the start time.")
    assert "2026-02-31" in form.fields["referral.received"].row.error()
    assert form.fields["referral.period_to"].row.field.text() == "2026-02-01"  # kept
    p = w.session.repo.get_participant(pid)
    assert p.epost == "maria@example.invalid"
    assert p.referral.period_to is None and p.referral.received is None
    assert str(p.referral.period_from) == "2026-03-01"

    edit = form.fields["referral.period_to"].row.field.line_edit
    edit.clear()
    qtbot.keyClicks(edit, "2026-04-30")
    form.fields["referral.received"].row.field.line_edit.clear()
    assert w.autosaver.flush()
    assert form.fields["referral.period_to"].row.error() == ""
    assert str(w.session.repo.get_participant(pid).referral.period_to) == "2026-04-30"
    assert Drafts(w.session.vault).of(pid) == {}  # corrected and cleared: no drafts left


def test_too_long_text_is_kept_and_explained(make_window, people_vault):
    w = make_window(people_vault)
    unlock(w)
    pid = w.session.repo.search("Olle")[0].id
    w.open_participant(pid)
    form = w.participant_page.form
    form._line("telefon").setText("1" * 550)
    assert w.autosaver.flush()  # kept as the field's draft
    assert "550" in form.fields["telefon"].row.error()
    assert len(form._line("telefon").text()) == 550
    assert w.session.repo.get_participant(pid).telefon == ""
    from kartlaggning.storage.drafts import Drafts
    assert Drafts(w.session.vault).of(pid)["telefon"].text == "1" * 550  # in the vault: survives a restart
    w.lock()
    unlock(w)  # and after a lock the draft is back in its field
    w.open_participant(pid)
    form = w.participant_page.form
    assert form._line("telefon").text() == "1" * 550 and "550" in form.fields["telefon"].row.error()


def test_withdrawn_consent_is_marked(make_window, people_vault, qtbot):
    w = make_window(people_vault)
    unlock(w)
    w.open_participant(w.session.repo.search("Olle")[0].id)
    form = w.participant_page.form
    assert form.consent_status.text() == i18n._("No signed consent recorded.")
    qtbot.keyClicks(form.fields["consent.signed"].row.field.line_edit, "2026-01-10")
    assert form.consent_status.text() == i18n._("Consent given on {date}.").format(date=format_day(date(2026, 1, 10)))
    qtbot.keyClicks(form.fields["consent.withdrawn"].row.field.line_edit, "2026-02-01")
    assert form.consent_status.text() == i18n._("⚠ Consent WITHDRAWN on {date}. Do not exchange information.").format(
        date=format_day(date(2026, 2, 1)))


def test_form_inputs_have_accessible_names_and_labelled_buddies(make_window, people_vault):
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox
    w = make_window(people_vault)
    unlock(w)
    w.open_participant(w.session.repo.search("Olle")[0].id)
    form = w.participant_page.form
    inputs = [x for cls in (QLineEdit, QComboBox, QSpinBox, QPlainTextEdit, QAbstractButton)
              for x in form.findChildren(cls)]
    unnamed = [x for x in inputs if not x.accessibleName() and not getattr(x, "text", lambda: "")()
               and x.focusPolicy() != Qt.FocusPolicy.NoFocus and x.parent().metaObject().className() != "QSpinBox"]
    assert unnamed == []
    buddies = [label.buddy() for label in form.findChildren(QLabel) if label.buddy() is not None]
    assert form._line("namn") in buddies and form._line("personnummer") in buddies


def test_contact_rows_are_in_tab_order(make_window, people_vault, qtbot):
    """Tab from Adress goes into the contacts' cells, over every cell once, then on to the
    table's buttons and the next group; Shift+Tab comes back the same way."""
    w = make_window(people_vault)
    unlock(w)
    w.open_participant(w.session.repo.search("Olle")[0].id)
    form = w.participant_page.form
    contacts = form.contacts
    for name in ("Kim Testsson", "Lo Testsson"):
        contacts.add_button.click()
        qtbot.keyClicks(QApplication.focusWidget(), name)
    qtbot.waitUntil(contacts.view.isVisible)
    adress = form._line("adress")
    adress.setFocus()
    qtbot.waitUntil(adress.hasFocus)

    def where():
        focus = QApplication.focusWidget()
        if contacts.view.isAncestorOf(focus):
            index = contacts.view.currentIndex()
            return (index.row(), index.column())
        return focus

    chain = []
    for _i in range(10):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        chain.append(where())
    cells = [(r, c) for r in range(2) for c in range(3)]
    table = contacts.table
    assert not table.down_button.isEnabled()  # the last row is current: it cannot move down
    assert chain[:9] == [*cells, table.add_button, table.remove_button, table.up_button]
    assert chain[9] is form.fields["tolkbehov"].row.field  # and on, to the next group
    back = []
    for _i in range(10):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        back.append(where())
    assert back == [*chain[:9][::-1], adress]  # the same way backwards, then Adress


# ---- participant page and wizard tab ---------------------------------------------------------------

def test_wizard_tab_is_built_when_shown_beside_the_plans_tab(make_window, people_vault):
    w = make_window(people_vault)
    unlock(w)
    pid = w.session.repo.search("Olle")[0].id
    page = w.open_participant(pid)
    assert page.tab_widget(ParticipantPage.TAB_PLANS) is not None  # the Plans tab
    assert page.wizard is None
    assert page.set_current_tab(ParticipantPage.TAB_KARTLAGGNING)
    assert isinstance(page.wizard, FakeWizard) and page.wizard.participant_id == pid
    assert page.position()["tab"] == ParticipantPage.TAB_KARTLAGGNING


def test_default_wizard_factory_embeds_the_wizard(make_window, people_vault):
    from kartlaggning.ui.main_window import default_wizard_factory
    w = make_window(people_vault, wizard_factory=default_wizard_factory)
    unlock(w)
    page = w.open_participant(w.session.repo.search("Olle")[0].id)
    page.set_current_tab(ParticipantPage.TAB_KARTLAGGNING)
    wizard = page.wizard
    assert type(wizard).__name__ == "KartlaggningWizard"
    assert isinstance(wizard.position(), dict) and wizard.flush() is True
    w.close()


# ---- menus: backup, settings, language ------------------------------------------------------------

def test_backup_goes_to_the_chosen_file(qtbot, make_window, people_vault, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog
    w = make_window(people_vault)
    unlock(w)
    target = tmp_path / "usb" / "kopia"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    w.backup_action.trigger()
    qtbot.waitUntil(lambda: bool(message_boxes()), timeout=20000)  # copied and checked in a worker thread
    out = target.with_name("kopia.kvault")
    assert out.is_file() and Path(str(out) + ".keys").is_file()
    assert str(out) in message_boxes()[0].text()
    assert "backup.created" in [e.event for e in w.session.vault.audit.entries()]
    with open_vault_copy(out) as copy:
        assert copy.repo.count() == len(PEOPLE)


def test_a_lock_during_a_backup_waits_for_it(qtbot, make_window, people_vault, tmp_path, monkeypatch):
    import threading

    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QFileDialog

    from kartlaggning.storage import Vault
    w = make_window(people_vault)
    unlock(w)
    release = threading.Event()
    real_backup = Vault.backup

    def slow_backup(vault, out, audit=True):
        release.wait(10)
        return real_backup(vault, out, audit)
    monkeypatch.setattr(Vault, "backup", slow_backup)
    target = tmp_path / "kopia.kvault"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    w.backup_action.trigger()
    QTest.keyClick(w, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # Ctrl+L while it copies
    qtbot.wait(100)
    assert w.session.is_unlocked  # the vault is not closed under the backup
    release.set()
    qtbot.waitUntil(lambda: not w.session.is_unlocked, timeout=20000)  # locked the moment it is done
    qtbot.wait(50)
    assert target.is_file()
    boxes = message_boxes()  # the outcome stays on screen over the lock (a path, nothing personal)
    assert boxes and str(target) in boxes[0].text()
    with open_vault_copy(target) as copy:
        assert copy.repo.count() == len(PEOPLE)


def message_boxes() -> list[QMessageBox]:
    return [b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox) and b.isVisible()]


def open_vault_copy(path):
    from kartlaggning.storage import Vault
    return Vault.open(path, PASSPHRASE)


def test_settings_change_idle_minutes_and_language(make_window, people_vault, monkeypatch):
    from kartlaggning.ui.settings_dialog import SettingsDialog
    w = make_window(people_vault)

    def fake_exec(dialog):
        dialog.idle_minutes.setValue(12)
        dialog.language.setCurrentIndex(dialog.language.findData("en"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SettingsDialog, "exec", fake_exec)
    w.settings_action.trigger()
    assert w.idle.minutes == 12
    assert i18n.language() == "en"
    saved = AppConfig.load()
    assert (saved.idle_lock_minutes, saved.language) == (12, "en")


@pytest.fixture
def swedish_catalogue(tmp_path, monkeypatch):
    """A tiny Swedish catalogue, so the language switch is visible in tests."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    catalog = Catalog(locale="sv", domain="kartlaggning")
    for msgid, msgstr in (("&File", "&Arkiv"), ("&New participant", "&Ny deltagare"),
                          ("&Back to the list", "&Tillbaka till listan"), ("Saved", "Sparat")):
        catalog.add(msgid, msgstr)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    monkeypatch.setattr(i18n, "load_catalogue", lambda language: gettext.GNUTranslations(io.BytesIO(buf.getvalue())))
    yield


def test_english_ui_after_set_language(make_window, people_vault, swedish_catalogue):
    from kartlaggning.ui import translation
    translation.install("sv")
    w = make_window(people_vault)
    unlock(w)
    pid = w.session.repo.search("Ali")[0].id
    w.open_participant(pid)
    w.participant_page.set_current_tab(ParticipantPage.TAB_KARTLAGGNING)
    assert w.menuBar().actions()[0].text() == "&Arkiv"
    assert w.new_action.text() == "&Ny deltagare"
    assert w.participant_page.back_button.text() == "&Tillbaka till listan"
    assert w.indicator.text() == "Sparat"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)  # Qt's own strings: qtbase_sv.qm
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Avbryt"

    w.set_language("en")
    assert w.menuBar().actions()[0].text() == "&File"
    assert w.new_action.text() == "&New participant"
    page = w.participant_page
    assert page.back_button.text() == "&Back to the list"
    assert page.participant_id == pid  # still on the same participant and tab
    assert page.current_tab_key() == ParticipantPage.TAB_KARTLAGGNING
    assert w.indicator.text() == "Saved"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Cancel"


def test_english_labels_on_a_window_built_in_english(make_window, vault_path):
    i18n.set_language("en")
    w = make_window()
    assert w.unlock_page.create_form.create_button.text() == "&Create vault"
    assert [a.text() for a in w.menuBar().actions()] == ["&File", "&View", "&Settings", "&Help"]


def test_quit_with_unsaved_errors_asks_first(make_window, people_vault, monkeypatch):
    w = make_window(people_vault)
    unlock(w)
    w.open_participant(w.session.repo.search("Olle")[0].id)
    w.participant_page.form._line("personnummer").setText("123")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Cancel))
    assert not w.close()
    assert asked and w.session.is_unlocked
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    assert w.close()
    assert not w.session.is_unlocked and not w.session.has_lock


def test_status_keys_match_the_repository():
    from kartlaggning.storage import repository
    assert set(STATUS_LABELS) == {value for name, value in vars(repository).items() if name.startswith("STATUS_")}


def test_run_shows_the_window_with_private_umask_and_releases_the_lock(tmp_path):
    """app.run() end to end, in a child process (it owns the QApplication and the umask)."""
    import json
    import subprocess
    import sys
    import textwrap
    path = tmp_path / "v" / "x.kvault"
    script = textwrap.dedent(f"""
        import json, os, sys
        from pathlib import Path
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from kartlaggning.ui import app as app_module
        from kartlaggning.ui.main_window import MainWindow
        seen = {{}}
        def probe():
            w = next(x for x in QApplication.topLevelWidgets() if isinstance(x, MainWindow) and x.isVisible())
            seen.update(title=w.windowTitle(), app=QApplication.applicationName(), has_lock=w.session.has_lock,
                        create=w.unlock_page.current_form() is w.unlock_page.create_form,
                        heavy=[m for m in ("reportlab", "kartlaggning.printouts") if m in sys.modules])
            seen["umask"] = os.umask(0o077)
            w.close()
            QApplication.quit()
        qapp = QApplication(sys.argv)  # run() takes the running instance; the timer needs one now
        QTimer.singleShot(300, probe)
        rc = app_module.run(Path({str(path)!r}))
        print(json.dumps(dict(seen, rc=rc)))
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen == {"title": "Kartläggning", "app": "Kartläggning", "has_lock": True, "create": True,
                    "heavy": [], "umask": 0o077, "rc": 0}
    assert paths.log_path().is_file()
    again = Session(path)
    assert again.acquire_lock()  # released when the window closed
    again.quit()
    assert not path.exists()  # nothing was created without a passphrase


def test_ctrl_n_and_back_with_unsaved_input_asks_first(make_window, people_vault, qtbot, monkeypatch):
    w = make_window(people_vault)
    unlock(w)
    qtbot.keyClick(w.list_page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    page = w.participant_page
    assert page is not None and page.form.is_new
    assert page.form._line("namn").hasFocus()
    qtbot.keyClicks(page.form._line("namn"), "Bara Namn")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Cancel))
    page.back_button.click()
    assert asked and w.participant_page is page  # stayed: nothing lost
    assert page.form._line("namn").text() == "Bara Namn"
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    page.back_button.click()
    assert w.participant_page is None and w.stack.currentWidget() is w.list_page
    assert w.session.repo.count() == len(PEOPLE)
    assert w.autosaver.flush() and w.indicator.text() == i18n._("Saved")  # nothing stale left queued


def test_back_without_edits_does_not_ask(make_window, people_vault, monkeypatch):
    w = make_window(people_vault)
    unlock(w)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: pytest.fail("asked")))
    w.new_participant()
    w.participant_page.back_button.click()
    page = w.open_participant(w.session.repo.search("Olle")[0].id)
    page.back_button.click()
    assert w.participant_page is None
