"""The record's lifecycle in the window (Deltagare menu, the list's context menu):
delete a participant, give out a register extract (registerutdrag), gallring.

The rules and the audit are the services' (``services.records``,
``services.retention``), as on the command line; this module asks, shows and says
how it went. Every question that deletes something names what goes and defaults
to No; nothing is deleted until the answer is Yes.

* Delete: the participant is named with their personnummer; what was typed on their
  page is saved first (so a failed delete loses nothing), then the whole record goes
  in one transaction, then their page closes. A disk that is full or cannot be written
  to is said in plain words, and the vault is as it was.
* Register extract: PDF (a readable document for the person) or JSON (the same as
  data); a save dialog with a name that names nobody (it ends up in recent-file
  lists); rendered and written in a worker thread, the temporary file noted in the
  vault while it is written (a crash's leftover goes at the next unlock), audited
  with the file's digest only.
* Gallring: the retention time (editable, audited), who is due (read in a worker),
  deletion of the participants the user has marked, after a question that says how many.
"""
from __future__ import annotations

import errno
import hashlib
import threading
from datetime import date
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QButtonGroup, QDialog, QDialogButtonBox,
                               QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton, QRadioButton,
                               QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from .. import log
from ..i18n import _, ngettext
from ..models.personnummer import format_stored
from . import tasks
from .participants import format_day
from .widgets import fit_to_screen

PDF, JSON = "pdf", "json"
JOURNAL_WAIT_S = 30.0  # the worker waits this long for the UI thread to note its temporary file


# ---- shared ---------------------------------------------------------------------------------

class BusyCursor:
    """The busy cursor for a short blocking step (restored however it ends)."""

    def __enter__(self):
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        return self

    def __exit__(self, *exc):
        QApplication.restoreOverrideCursor()
        return False


def tell(parent: QWidget | None, icon, title: str, text: str) -> QMessageBox:
    """An outcome in a box that does not block (a lock closes it: it may name someone)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.open()
    return box


def problem_text(exc: BaseException) -> str:
    """What went wrong with a write, in words a handläggare can act on."""
    from ..storage.faults import describe
    known = describe(exc)  # a storage error or a disk fault of a known kind (storage.faults)
    if known is not None:
        return known
    text = str(exc).lower()
    code = getattr(exc, "errno", None)
    if code == errno.ENOSPC or "disk is full" in text or "no space" in text:
        return _("The disk is full. Make room on it (or choose another place) and try again.")
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in text or "read-only" in text:
        return _("The disk or folder cannot be written to (it is read-only or you lack permission).")
    return _("An error occurred ({error}).").format(error=type(exc).__name__)


def current_participant_id(window) -> str | None:
    """The participant the window is showing: the open page's, else the list's selected row."""
    page = window.participant_page
    if page is not None:
        return page.participant_id
    if window.list_page is not None and window.stack.currentWidget() is window.list_page:
        return window.list_page.selected_id()
    return None


def _participant(window, participant_id: str | None):
    if not window.session.is_unlocked:
        return None
    if participant_id is None:
        tell(window, QMessageBox.Icon.Information, _("No participant chosen"),
             _("Open a participant, or choose one in the list, first."))
        return None
    try:
        return window.session.repo.get_participant(participant_id)
    except KeyError:
        window.list_page.refresh()
        return None


def _documents_dir() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
                or str(Path.home()))


# ---- delete -----------------------------------------------------------------------------------

def confirm_delete(parent: QWidget, namn: str, pnr: str) -> bool:
    answer = QMessageBox.question(
        parent, _("Delete participant"),
        _("Delete {name} ({pnr}) and everything stored about them?\n\n"
          "Kartläggningar, plans, Utvecklingsplaner, Kompetenskort, every printed version and every draft "
          "are deleted and the space they took in the vault is overwritten. This cannot be undone. If the "
          "person has asked for their data, make a register extract first.").format(name=namn, pnr=pnr),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def delete_participant(window, participant_id: str | None = None) -> bool:
    """Ask, naming the person; delete everything about them; close their page. True if deleted."""
    from ..services import records
    if participant_id is None:
        participant_id = current_participant_id(window)
    p = _participant(window, participant_id)
    if p is None:
        return False
    pnr = format_stored(p.personnummer)
    if not confirm_delete(window, p.namn, pnr) or not window.session.is_unlocked:
        return False
    repo = window.session.repo
    page = window.participant_page
    if page is not None and page.participant_id == participant_id:
        page.flush()  # kept if the delete fails; gone with the rest if it succeeds
    try:
        with BusyCursor():
            records.delete_participant(repo, participant_id)
    except Exception as exc:  # noqa: BLE001 (said to the user; the transaction rolled back)
        log.event("participant.delete_failed", error=type(exc).__name__)
        if _still_there(repo, participant_id):
            tell(window, QMessageBox.Icon.Warning, _("Delete participant"),
                 _("{name} could not be deleted: {problem}\n\nNothing was deleted; the vault is as it was.")
                 .format(name=p.namn, problem=problem_text(exc)))
            return False
        # committed; only the WAL checkpoint after it failed (the next one finishes it)
    window.participants_deleted([participant_id])
    window.statusBar().showMessage(_("The participant and everything stored about them were deleted."), 8000)
    return True


def _still_there(repo, participant_id: str) -> bool:
    try:
        repo.get_participant(participant_id)
        return True
    except KeyError:
        return False
    except Exception:  # noqa: BLE001 (cannot even read: assume nothing changed)
        return True


# ---- register extract ---------------------------------------------------------------------

class ExtractFormatDialog(QDialog):
    """PDF for the person, or JSON: the same content as data."""

    def __init__(self, namn: str, pnr: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Register extract"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("Everything the vault holds about {name} ({pnr}): their details, every kartläggning, "
                         "plan and document, every printed version, every draft and the access log entries "
                         "about them.").format(name=namn, pnr=pnr))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(intro)
        self.pdf_button = QRadioButton(_("&PDF: a readable document to give to the person"))
        self.json_button = QRadioButton(_("&JSON: the same content as data"))
        self.pdf_button.setChecked(True)
        self.group = QButtonGroup(self)
        for b in (self.pdf_button, self.json_button):
            self.group.addButton(b)
            layout.addWidget(b)
        note = QLabel(_("The file is not encrypted. Save it only where it is meant to go, and delete it when it "
                        "has been handed over."))
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Save…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.pdf_button.setFocus()

    @property
    def kind(self) -> str:
        return JSON if self.json_button.isChecked() else PDF


def ask_format(window, namn: str, pnr: str) -> str | None:
    dialog = ExtractFormatDialog(namn, pnr, window)
    try:
        return dialog.kind if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


class _RelayJournal:
    """The unfinished-output journal for a file written in a worker thread: the vault's
    own journal (``storage.outputs``) is written on the UI thread, so ``started`` hands
    the temporary file's path over there and waits until it is noted (or gives up, and
    the file is not written)."""

    def __init__(self, task: tasks.Task):
        self.task = task
        self.noted = threading.Event()
        self.error: BaseException | None = None

    def started(self, tmp: Path) -> None:
        self.task.report(("started", tmp))
        if not self.noted.wait(JOURNAL_WAIT_S) or self.task.cancelled:
            raise RuntimeError("the temporary file could not be noted in the vault")
        if self.error is not None:
            raise self.error

    def finished(self, tmp: Path) -> None:
        self.task.report(("finished", tmp))


def _save_name(window, kind: str) -> Path | None:
    from PySide6.QtWidgets import QFileDialog
    suffix = "." + kind
    start = _documents_dir() / f"registerutdrag-{date.today().isoformat()}{suffix}"
    filters = _("PDF files (*.pdf)") if kind == PDF else _("JSON files (*.json)")
    name, _filter = QFileDialog.getSaveFileName(window, _("Save the register extract"), str(start), filters)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def register_extract(window, participant_id: str | None = None) -> Path | None:
    """Ask PDF or JSON and where; write it off the UI thread; audit it; say where it went."""
    from ..config import AppConfig
    from ..services import printing as print_service
    from ..services import records
    from ..storage.files import atomic_file
    from ..storage.outputs import UnfinishedOutputs
    if participant_id is None:
        participant_id = current_participant_id(window)
    p = _participant(window, participant_id)
    if p is None:
        return None
    pnr = format_stored(p.personnummer)
    kind = ask_format(window, p.namn, pnr)
    if kind is None or not window.session.is_unlocked:
        return None
    path = _save_name(window, kind)
    if path is None or not window.session.is_unlocked:
        return None  # cancelled, or locked while the (native) file dialog was open
    repo = window.session.repo
    page = window.participant_page
    if page is not None and page.participant_id == participant_id:
        page.flush()  # the extract holds what was typed a moment ago
    journal = UnfinishedOutputs(repo)
    try:
        with BusyCursor():
            extract = records.register_extract(repo, participant_id)
            header = print_service.letterhead(repo, AppConfig.load().letterhead) if kind == PDF else None
    except Exception as exc:  # noqa: BLE001
        log.event("extract.failed", error=type(exc).__name__)
        tell(window, QMessageBox.Icon.Warning, _("Register extract"),
             _("The register extract could not be made ({error}).").format(error=type(exc).__name__))
        return None
    relay: list[_RelayJournal] = []

    def work(task: tasks.Task) -> str:
        data = (records.extract_pdf(extract, header) if kind == PDF
                else "".join(records.extract_json(extract)).encode("utf-8"))
        relay.append(_RelayJournal(task))
        with atomic_file(path, relay[0]) as f:
            f.write(data)
        return hashlib.sha256(data).hexdigest()

    def progress(message) -> None:  # UI thread: the journal is in the vault
        what, tmp = message
        r = relay[0]
        try:
            if what == "started":
                journal.started(tmp)
            else:
                journal.finished(tmp)
        except Exception as exc:  # noqa: BLE001 (the worker gives up: nothing is written)
            r.error = exc
        finally:
            if what == "started":
                r.noted.set()

    try:
        with tasks.holding_lock():  # a lock waits until the extract is written and audited
            digest = tasks.wait_for(tasks.run_task(work, on_progress=progress, name="extract", busy_cursor=True))
            if digest is None or not repo.vault.is_open:
                return None  # dropped (the window is closing)
            records.record_extract(repo, participant_id, kind, digest)
    except Exception as exc:  # noqa: BLE001
        log.event("extract.save_failed", error=type(exc).__name__)
        tell(window, QMessageBox.Icon.Warning, _("Register extract"),
             _("The register extract could not be saved: {problem}\n\nNothing was written to {path}.").format(
                 problem=problem_text(exc), path=path))
        return None
    tell(window, QMessageBox.Icon.Information, _("Register extract saved"),
         _("The register extract of {name} was saved to:\n{path}\n\nThe file is not encrypted. Hand it over or "
           "move it where it belongs, then delete it.").format(name=p.namn, path=path))
    return path


# ---- gallring -------------------------------------------------------------------------------

class GallringDialog(QDialog):
    """The retention time, who is due for gallring, and deleting those marked."""
    COL_NAME, COL_PNR, COL_LAST, COL_DUE, COL_CLOSED = range(5)

    def __init__(self, repo, parent: QWidget | None = None,
                 on_deleted: Callable[[list[str]], None] | None = None,
                 on_years_changed: Callable[[], None] | None = None):
        from ..services import retention
        super().__init__(parent)
        self.repo = repo
        self.on_deleted = on_deleted
        self.on_years_changed = on_years_changed
        self.due: list = []
        self.day: date = retention.today()
        self.loaded = False
        self._task: tasks.Task | None = None
        self.setWindowTitle(_("Gallring"))
        layout = QVBoxLayout(self)

        years_row = QHBoxLayout()
        label = QLabel(_("&Retention time:"))
        self.years = QSpinBox()
        self.years.setRange(retention.MIN_YEARS, retention.MAX_YEARS)
        self.years.setValue(retention.years(repo))
        self.years.setSuffix(" " + _("years after the last entry"))
        self.years.setAccessibleName(_("Retention time in years"))
        label.setBuddy(self.years)
        self.save_years_button = QPushButton(_("&Save the retention time"))
        self.save_years_button.setEnabled(False)
        self.years.valueChanged.connect(lambda v: self.save_years_button.setEnabled(v != retention.years(repo)))
        self.save_years_button.clicked.connect(self.save_years)
        years_row.addWidget(label)
        years_row.addWidget(self.years)
        years_row.addWidget(self.save_years_button)
        years_row.addStretch(1)
        layout.addLayout(years_row)

        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.rule.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.rule)

        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Namn", "Personnummer", _("Last entry"), _("Due since"), _("Avslut")])
        self.table.setAccessibleName(_("Due for gallring"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.COL_NAME, QHeaderView.ResizeMode.Stretch)
        for col in (self.COL_PNR, self.COL_LAST, self.COL_DUE, self.COL_CLOSED):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemChanged.connect(lambda _item: self._update_buttons())
        layout.addWidget(self.table, 1)

        marks = QHBoxLayout()
        self.all_button = QPushButton(_("Mark &all"))
        self.none_button = QPushButton(_("&Unmark all"))
        self.all_button.clicked.connect(lambda: self.mark_all(True))
        self.none_button.clicked.connect(lambda: self.mark_all(False))
        marks.addWidget(self.all_button)
        marks.addWidget(self.none_button)
        marks.addStretch(1)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete_marked)
        marks.addWidget(self.delete_button)
        layout.addLayout(marks)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)
        note = QLabel(_("Only the participants marked are deleted, after a question. Make a register extract "
                        "first if the person has asked for their data. The access log keeps only how many were "
                        "deleted and the dates."))
        note.setWordWrap(True)
        layout.addWidget(note)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        fm = self.fontMetrics()
        fit_to_screen(self, fm.averageCharWidth() * 100, fm.lineSpacing() * 30)
        self._update_buttons()
        self.load()

    # ---- who is due ---------------------------------------------------------------------

    def load(self) -> None:
        """Read who is due on today's date in a worker (a reader of its own)."""
        from ..services import retention
        from ..storage import caseload as store
        if self._task is not None:
            self._task.cancel()
        self.loaded = False
        self.day = retention.today()
        years = retention.years(self.repo)
        boundary = retention.boundary(self.day, years)
        self.rule.setText(_("Due today ({today}): everyone whose last entry (the latest day anything about them "
                            "was saved) is on {boundary} or earlier.").format(
            today=format_day(self.day), boundary=format_day(boundary)))
        self.status.setText(_("Checking the participants…"))
        reader = store.open_reader(self.repo.vault)
        day = self.day

        def work(_task):
            with store.reading_repository(reader) as repo:
                return retention.due(repo, day, years)

        self._task = tasks.run_task(work, self._show, self._failed, name="gallring.due", busy_cursor=False)

    def _show(self, due: list) -> None:
        import shiboken6
        if not shiboken6.isValid(self):
            return
        self._task = None
        self.due = due
        self.table.blockSignals(True)
        self.table.setRowCount(len(due))
        for row, d in enumerate(due):
            name = QTableWidgetItem(d.namn)
            name.setFlags(name.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            name.setCheckState(Qt.CheckState.Unchecked)  # nothing is deleted unless marked
            name.setData(Qt.ItemDataRole.UserRole, d.participant_id)
            self.table.setItem(row, self.COL_NAME, name)
            for col, text in ((self.COL_PNR, format_stored(d.personnummer)),
                              (self.COL_LAST, format_day(d.last_entry)), (self.COL_DUE, format_day(d.due_since)),
                              (self.COL_CLOSED, _("closed") if d.closed else _("none (still active)"))):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.blockSignals(False)
        self.loaded = True
        self.status.setText(ngettext("{count} participant is due for gallring.",
                                     "{count} participants are due for gallring.", len(due)).format(count=len(due))
                            if due else _("Nobody is due for gallring."))
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        import shiboken6
        if not shiboken6.isValid(self):
            return
        self._task = None
        log.event("gallring.load_failed", error=type(exc).__name__)
        self.status.setText(_("Who is due could not be read ({error}).").format(error=type(exc).__name__))

    def marked_ids(self) -> list[str]:
        out = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, self.COL_NAME)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def mark_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        self.table.blockSignals(True)
        for row in range(self.table.rowCount()):
            self.table.item(row, self.COL_NAME).setCheckState(state)
        self.table.blockSignals(False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        n = len(self.marked_ids())
        self.delete_button.setText(ngettext("&Delete {count} marked…", "&Delete {count} marked…", n).format(count=n)
                                   if n else _("&Delete the marked…"))
        self.delete_button.setEnabled(n > 0 and self.loaded)
        any_rows = self.table.rowCount() > 0
        self.all_button.setEnabled(any_rows)
        self.none_button.setEnabled(any_rows)

    # ---- changes ------------------------------------------------------------------------

    def save_years(self) -> bool:
        from ..models.errors import ValidationError
        from ..services import retention
        try:
            retention.set_years(self.repo, self.years.value())  # validated and audited (old->new)
        except ValidationError as exc:
            self.status.setText(exc.message)
            return False
        except Exception as exc:  # noqa: BLE001
            tell(self, QMessageBox.Icon.Warning, _("Gallring"), _("The retention time could not be saved: {problem}")
                 .format(problem=problem_text(exc)))
            return False
        self.save_years_button.setEnabled(False)
        self.load()
        if self.on_years_changed is not None:
            self.on_years_changed()  # "Att göra" lists who is due by the new time
        return True

    def delete_marked(self) -> list[str]:
        """Ask with the count, then delete the marked participants (``retention.apply``)."""
        from ..services import retention
        ids = self.marked_ids()
        if not ids or not self.repo.vault.is_open:
            return []
        n = len(ids)
        answer = QMessageBox.question(self, _("Gallring"), ngettext(
            "Delete the {count} marked participant and everything stored about them? This cannot be undone. "
            "The access log keeps only how many were deleted and the date.",
            "Delete the {count} marked participants and everything stored about them? This cannot be undone. "
            "The access log keeps only how many were deleted and the date.", n).format(count=n),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes or not self.repo.vault.is_open:
            return []
        try:
            with BusyCursor():
                deleted = retention.apply(self.repo, self.day, ids)  # only those still due, one transaction
        except Exception as exc:  # noqa: BLE001
            log.event("gallring.failed", error=type(exc).__name__)
            tell(self, QMessageBox.Icon.Warning, _("Gallring"),
                 _("Nothing was deleted: {problem}").format(problem=problem_text(exc)))
            return []
        gone = [d.participant_id for d in deleted]
        if self.on_deleted is not None:
            self.on_deleted(gone)
        self.load()
        tell(self, QMessageBox.Icon.Information, _("Gallring"), ngettext(
            "Deleted {count} participant and everything stored about them.",
            "Deleted {count} participants and everything stored about them.", len(gone)).format(count=len(gone)))
        return gone

    def done(self, result: int) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        super().done(result)


def gallring(window) -> GallringDialog | None:
    """Deltagare → Gallring…: leaves the open participant first (saved), then shows the
    dialog (window-modal; a lock closes it)."""
    if not window.session.is_unlocked:
        return None
    if window.participant_page is not None:
        window.show_list()
        if window.participant_page is not None:  # the user kept the page (unsaved input)
            return None
    old = getattr(window, "gallring_dialog", None)
    if old is not None and old.isVisible():
        old.raise_()
        return old
    dialog = GallringDialog(window.session.repo, window, on_deleted=window.participants_deleted,
                            on_years_changed=window.caseload_view.refresh)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.gallring_dialog = dialog
    dialog.finished.connect(lambda _result: setattr(window, "gallring_dialog", None))
    dialog.open()
    return dialog
