"""The first page: create a vault, unlock it, or set a new passphrase with the
recovery key. Storage is imported only when a button is pressed."""
from __future__ import annotations

import shiboken6
from PySide6 import QtCore
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QApplication, QCheckBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QStackedWidget, QVBoxLayout, QWidget)

from .. import log, paths
from ..i18n import _
from .. import passphrase_rule
from ..passphrase_rule import MIN_PASSPHRASE
from .session import Session
from .widgets import ErrorLabel, FieldWithError, PlainLabel, add_field, scaled_font



def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(1024)
    return edit


class _WaitCursor:
    def __enter__(self):
        QApplication.setOverrideCursor(QtCore.Qt.CursorShape.WaitCursor)

    def __exit__(self, *exc):
        QApplication.restoreOverrideCursor()


def _intro(text: str = "") -> QLabel:
    """Our own static text (no markup in it), or a PlainLabel for text set later."""
    label = QLabel(text) if text else PlainLabel()
    label.setWordWrap(True)
    return label


class _ShowPassphrases(QCheckBox):
    """Lets the user see what was typed (helps with 'the passphrases differ')."""

    def __init__(self, *edits: QLineEdit):
        super().__init__(_("Sho&w passphrase"))
        self._edits = edits
        self.toggled.connect(self._apply)

    def _apply(self, show: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if show else QLineEdit.EchoMode.Password
        for edit in self._edits:
            edit.setEchoMode(mode)


def check_new_passphrase(first: FieldWithError, second: FieldWithError) -> bool:
    """Inline checks for a new passphrase typed twice; True when fine."""
    a, b = first.field.text(), second.field.text()
    first.set_error("")
    second.set_error("")
    reason = passphrase_rule.problem(a)
    if reason is not None:  # said why; what was typed stays
        first.set_error(passphrase_rule.explain(reason, a))
        first.field.setFocus()
        return False
    if a != b:
        second.set_error(_("The two passphrases are not the same."))
        second.field.setFocus()
        return False
    return True


def _passphrase_hint() -> QLabel:
    return _intro(_("At least {n} characters. A few unrelated words are easier to remember and harder to guess "
                    "than a short password. Common passwords, one character or word repeated and sequences "
                    "like 123456 or qwerty are refused.").format(n=MIN_PASSPHRASE))


class CreateForm(QWidget):
    def __init__(self, page: "UnlockPage"):
        super().__init__()
        self.page = page
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_intro(_("There is no vault yet. Choose a passphrase to create a new encrypted vault. "
                                  "Everything about participants is stored only there.")))
        self.path_label = QLabel()  # our own path, no markup: a PlainLabel would cost start-up time
        self.path_label.setWordWrap(True)
        layout.addWidget(self.path_label)
        form = QFormLayout()
        self.passphrase = add_field(form, _("&Passphrase:"), _password_edit())
        self.repeat = add_field(form, _("&Repeat passphrase:"), _password_edit())
        form.addRow("", _ShowPassphrases(self.passphrase.field, self.repeat.field))
        layout.addLayout(form)
        layout.addWidget(_passphrase_hint())
        self.message = ErrorLabel(self)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        self.create_button = QPushButton(_("&Create vault"))
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.submit)
        row.addWidget(self.create_button)
        layout.addLayout(row)
        self.passphrase.field.returnPressed.connect(self.repeat.field.setFocus)
        self.repeat.field.returnPressed.connect(self.submit)

    def submit(self) -> None:
        self.message.set_message("")
        if not check_new_passphrase(self.passphrase, self.repeat):
            return
        from ..storage import VaultError, WeakPassphrase
        try:
            with _WaitCursor():
                key = self.page.session.create(self.passphrase.field.text())
        except WeakPassphrase as exc:
            self.passphrase.set_error(exc.message)
            return
        except VaultError as exc:
            self.message.set_message(exc.message)
            return
        self.passphrase.field.clear()
        self.repeat.field.clear()
        self.page.created.emit(key)


class UnlockForm(QWidget):
    def __init__(self, page: "UnlockPage"):
        super().__init__()
        self.page = page
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.notice = _intro()
        self.notice.setFont(scaled_font(self, 1.0, bold=True))
        self.notice.hide()
        layout.addWidget(self.notice)
        layout.addWidget(_intro(_("Enter the passphrase to open the vault.")))
        form = QFormLayout()
        self.passphrase = add_field(form, _("&Passphrase:"), _password_edit())
        layout.addLayout(form)
        self.hint = _intro()
        self.hint.hide()
        layout.addWidget(self.hint)
        # A vault behind its anchor (storage.anchor): opened only when the user says so.
        self.accept_button = QPushButton(_("I restored a &backup on purpose: open it"))
        self.accept_button.clicked.connect(lambda: self.submit(accept_restore=True))
        self.accept_button.hide()
        layout.addWidget(self.accept_button, 0, QtCore.Qt.AlignmentFlag.AlignLeft)
        row = QHBoxLayout()
        self.forgot_button = QPushButton(_("F&orgot the passphrase?"))
        self.forgot_button.setFlat(True)
        self.forgot_button.clicked.connect(lambda: self.page.show_recover())
        row.addWidget(self.forgot_button)
        row.addStretch(1)
        self.unlock_button = QPushButton(_("&Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(lambda: self.submit())
        row.addWidget(self.unlock_button)
        layout.addLayout(row)
        self.working = _intro(_("Opening the vault…"))
        self.working.hide()
        layout.addWidget(self.working)
        self._task = None
        self.passphrase.field.returnPressed.connect(lambda: self.submit())

    @property
    def busy(self) -> bool:
        """True while the vault is being opened (in a worker thread)."""
        return self._task is not None

    def submit(self, accept_restore: bool = False) -> None:
        """Open the vault off the UI thread: the key derivation takes a moment and
        the window keeps painting; the form waits, showing that it works.
        ``accept_restore``: the user restored a backup on purpose (audited)."""
        if self.busy:
            return
        field = self.passphrase.field
        self.passphrase.set_error("")
        self.hint.hide()
        self.accept_button.hide()
        self._set_working(True)
        self._task = self.page.session.unlock_in_background(self._unlocked, self._failed, passphrase=field.text(),
                                                            accept_restore=accept_restore)

    def _set_working(self, working: bool) -> None:
        self.passphrase.field.setReadOnly(working)
        self.unlock_button.setEnabled(not working)
        self.forgot_button.setEnabled(not working)
        self.working.setVisible(working)

    def _unlocked(self) -> None:
        if not shiboken6.isValid(self):
            return  # the page was rebuilt meanwhile (a language change): the window shows the list
        self._task = None
        self._set_working(False)
        self.passphrase.field.clear()
        self.notice.hide()
        self.page.unlocked.emit()

    def _failed(self, exc: BaseException) -> None:
        from ..storage import VaultDamaged, VaultError
        from ..storage.errors import KeyFileMismatch
        if not shiboken6.isValid(self):
            return
        self._task = None
        self._set_working(False)
        field = self.passphrase.field
        from ..storage.faults import describe
        message = describe(exc)  # a storage error, or a disk fault of a known kind
        if message is None:  # below them: said as plainly as it can be, typed text kept
            log.event("unlock.failed", error=type(exc).__name__)
            message = _("The vault could not be opened ({error}).").format(
                error=getattr(exc, "strerror", None) or type(exc).__name__)
        self.passphrase.set_error(message)
        if isinstance(exc, (VaultDamaged, KeyFileMismatch)):
            self.hint.setText(_("Backups made with File → Back up are kept in {folder} unless you chose "
                                "another place. Ask your IT support for help to restore one.")
                              .format(folder=paths.backups_dir()))
            self.hint.show()
        from ..storage import AnchorProblem
        if isinstance(exc, AnchorProblem):
            log.event("unlock.anchor_problem", error=type(exc).__name__)
            self.hint.setText(_("If you restored a backup on purpose, open it with the button below; this is "
                                "recorded in the audit log. Otherwise leave the vault files as they are and tell "
                                "the person responsible for information security."))
            self.hint.show()
            self.accept_button.show()
        field.setFocus()
        field.selectAll()


class RecoverForm(QWidget):
    def __init__(self, page: "UnlockPage"):
        super().__init__()
        self.page = page
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_intro(_("Type the recovery key you wrote down or printed when the vault was created, "
                                  "then choose a new passphrase.")))
        form = QFormLayout()
        key_edit = QLineEdit()
        key_edit.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XX")
        self.key = add_field(form, _("Recovery &key:"), key_edit)
        self.passphrase = add_field(form, _("&New passphrase:"), _password_edit())
        self.repeat = add_field(form, _("&Repeat new passphrase:"), _password_edit())
        form.addRow("", _ShowPassphrases(self.passphrase.field, self.repeat.field))
        layout.addLayout(form)
        layout.addWidget(_passphrase_hint())
        self.message = ErrorLabel(self)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.back_button = QPushButton(_("&Back"))
        self.back_button.clicked.connect(lambda: self.page.show_unlock())
        row.addWidget(self.back_button)
        row.addStretch(1)
        self.submit_button = QPushButton(_("Set new passphrase and &unlock"))
        self.submit_button.setDefault(True)
        self.submit_button.clicked.connect(self.submit)
        row.addWidget(self.submit_button)
        layout.addLayout(row)
        self.repeat.field.returnPressed.connect(self.submit)

    def submit(self) -> None:
        from ..storage import VaultError, WeakPassphrase, WrongRecoveryKey
        self.key.set_error("")
        self.message.set_message("")
        if not self.key.field.text().strip():
            self.key.set_error(_("Type the recovery key."))
            self.key.field.setFocus()
            return
        if not check_new_passphrase(self.passphrase, self.repeat):
            return
        try:
            with _WaitCursor():
                self.page.session.reset_passphrase(self.key.field.text(), self.passphrase.field.text())
        except WrongRecoveryKey as exc:
            self.key.set_error(exc.message)
            self.key.field.setFocus()
            self.key.field.selectAll()
            return
        except WeakPassphrase as exc:
            self.passphrase.set_error(exc.message)
            return
        except VaultError as exc:
            self.message.set_message(exc.message)
            return
        for edit in (self.key.field, self.passphrase.field, self.repeat.field):
            edit.clear()
        self.page.unlocked.emit()


class AlreadyOpenForm(QWidget):
    """The vault cannot be reached: open elsewhere, a folder given as the vault, a
    folder that cannot be written (the lock file cannot be made). What to do below."""

    def __init__(self, page: "UnlockPage"):
        super().__init__()
        self.page = page
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.message = _intro()
        self.message.setFont(scaled_font(self, 1.0, bold=True))
        layout.addWidget(self.message)
        self.detail = _intro()
        layout.addWidget(self.detail)
        row = QHBoxLayout()
        row.addStretch(1)
        self.retry_button = QPushButton(_("&Try again"))
        self.retry_button.clicked.connect(lambda: self.page.show_mode())
        row.addWidget(self.retry_button)
        layout.addLayout(row)


class UnlockPage(QWidget):
    """Create / unlock / recover / already-open, centred in a narrow column."""
    unlocked = Signal()
    created = Signal(str)  # the recovery key, to show once

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        middle = QHBoxLayout()
        middle.addStretch(1)
        column = QWidget()
        column.setMaximumWidth(self.fontMetrics().averageCharWidth() * 80)
        column.setMinimumWidth(self.fontMetrics().averageCharWidth() * 50)
        col_layout = QVBoxLayout(column)
        self.title = QLabel("Kartläggning")  # the program's name
        self.title.setFont(scaled_font(self, 1.8, bold=True))
        col_layout.addWidget(self.title)
        self.stack = QStackedWidget()
        self._forms: dict[type, QWidget] = {}
        col_layout.addWidget(self.stack)
        middle.addWidget(column, 3)
        middle.addStretch(1)
        outer.addLayout(middle)
        outer.addStretch(2)

    # The forms are built when first needed (start-up time).

    def _form(self, cls: type) -> QWidget:
        if cls not in self._forms:
            self._forms[cls] = form = cls(self)
            self.stack.addWidget(form)
        return self._forms[cls]

    @property
    def create_form(self) -> CreateForm:
        return self._form(CreateForm)

    @property
    def unlock_form(self) -> UnlockForm:
        return self._form(UnlockForm)

    @property
    def recover_form(self) -> RecoverForm:
        return self._form(RecoverForm)

    @property
    def already_open_form(self) -> AlreadyOpenForm:
        return self._form(AlreadyOpenForm)

    def show_initial(self) -> None:
        """Create or unlock, by whether the file exists; no lock taken, no storage import."""
        if self.session.is_folder:
            self._show_folder()
        elif self.session.exists:
            self.show_unlock()
        else:
            self._show_create()

    def _show_problem(self, message: str, detail: str) -> None:
        form = self.already_open_form
        form.message.setText(message)
        form.detail.setText(detail)
        self._show(form, form.retry_button)

    def _show_folder(self) -> None:
        """A folder was given as the vault: never the create form (it would fail, or make a
        vault where none was meant)."""
        self._show_problem(
            _("{path} is a folder, not a vault file.").format(path=self.session.vault_path),
            _("Nothing was opened or created. Start the program with the vault file itself (its name "
              "ends in .kvault); if the folder is set as vault_path in settings.json, correct it there."))

    def _show_create(self) -> None:
        self.create_form.path_label.setText(_("The vault file will be: {path}").format(path=self.session.vault_path))
        self._show(self.create_form, self.create_form.passphrase.field)

    def show_mode(self, notice: str = "") -> None:
        """Pick the right form: a folder, already open elsewhere, cannot be written, create, or unlock."""
        if self.session.is_folder and not self.session.has_lock:
            self._show_folder()
        elif not self.session.has_lock and not self.session.acquire_lock():
            self._show_problem(self.session.lock_error, _(
                "This window leaves the vault alone. Switch to the other window, or close it there and "
                "try again.") if self.session.held_elsewhere else _(
                "Nothing was changed. Put this right (or ask IT for help), then press Try again."))
        elif not self.session.exists:
            self._show_create()
        else:
            self.show_unlock(notice)

    def show_unlock(self, notice: str = "") -> None:
        self.unlock_form.notice.setText(notice)
        self.unlock_form.notice.setVisible(bool(notice))
        self._show(self.unlock_form, self.unlock_form.passphrase.field)

    def show_recover(self) -> None:
        self._show(self.recover_form, self.recover_form.key.field)

    def current_form(self) -> QWidget:
        return self.stack.currentWidget()

    def _show(self, form: QWidget, focus: QWidget) -> None:
        self.stack.setCurrentWidget(form)
        focus.setFocus()
