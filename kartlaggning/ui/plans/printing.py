"""Printing without leaking: the PDF is built in memory, shown from memory and
sent to the printer from memory. Nothing is written anywhere but the file the
user chose in "Spara som PDF" (or "print to file" in the print dialog).

* Preview: pdfium (``pypdfium2``) opens the PDF bytes in memory; pages are
  rendered into QImages shown in a scroll area with zoom (``pdf_view``).
* ``print_backend()`` picks how a job reaches the printer, by platform:

  - ``lp`` (Linux/BSD, CUPS): Qt's own CUPS engine spools into a temp PDF in
    /tmp readable by others, so the PDF is piped to ``lp`` on stdin instead
    (CUPS streams it into its own root-only spool).
  - ``qprinter`` (Windows, macOS): there is no ``lp``; the pages are rendered
    from the same in-memory document at the printer's resolution and drawn onto
    the ``QPrinter`` with ``QPainter`` (``render_to_printer``). The OS print
    system spools the job itself (Windows: %SystemRoot%\\System32\\spool\\PRINTERS,
    whose access depends on the machine's policy, and which keeps the job when the
    printer's "Keep printed documents" is on: not proven here); this app writes no file.
* Every print is recorded (version, hash, snapshot, audit event) in the vault.
"""
from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Callable

import shiboken6
from PySide6.QtCore import QEventLoop, QProcess, QRect, QSize, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QApplication, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel,
                               QMessageBox, QPushButton, QToolButton, QVBoxLayout, QWidget)

from ... import log
from ...i18n import _, ngettext
from ...models.printed import (ARBETSTRANING, KARTLAGGNING, KOMPETENSKORT, MEDGIVANDE, PLAN, REFERRAL,
                               UTVECKLINGSPLAN, PrintContent)
from ...models.printed import SLUTDOKUMENTATION
from ...services import printing as print_service
from ...storage import prints as pr
from ...storage.outputs import UnfinishedOutputs
from .. import tasks
from ..widgets import fit_to_screen
from .pdf_pages import PdfPages
from .pdf_view import PdfPageView

MAX_RENDER_DPI = 300
JOB_TITLES = {PLAN: "individuell-plan", UTVECKLINGSPLAN: "utvecklingsplan",
              KOMPETENSKORT: "kompetenskort", KARTLAGGNING: "kartlaggning",
              REFERRAL: "anvisning", MEDGIVANDE: "medgivande",
              ARBETSTRANING: "arbetstraningsschema"}
JOB_TITLES[SLUTDOKUMENTATION] = "slutdokumentation"  # (own line: other kinds are added above meanwhile)


def _babel_date(d: date) -> str:
    from babel.dates import format_date

    from ...i18n import babel_locale
    return format_date(d, "long", locale=babel_locale())


def suggested_file_name(content: PrintContent, version: int, variant: str = print_service.STANDARD) -> str:
    """A file name with no personal data (it ends up in recent-file lists)."""
    stem = JOB_TITLES[content.kind]
    if content.kind == UTVECKLINGSPLAN:
        stem += f"-{content.document.datum.isoformat()}"
    if variant != print_service.STANDARD:
        stem += f"-{variant}"
    return f"{stem}-v{version}.pdf"


# ---- state text ----------------------------------------------------------------------

def print_state(log_: pr.PrintLog, content: PrintContent) -> tuple[str, bool]:
    """(text for the print-state label, changed since printing?)."""
    latest = log_.latest(content.document_id)
    if latest is None:
        return _("Not printed yet"), False
    when = _babel_date(latest.printed_date)
    if latest.content_hash != content.hash():
        return (_("Changed since printing (version {version} was printed {date}); "
                  "the next print will be version {next}").format(
                      version=latest.version, date=when, next=latest.version + 1), True)
    return _("Printed as version {version} ({date})").format(version=latest.version, date=when), False


# ---- building the PDF ----------------------------------------------------------------------

def prepare(repo, content: PrintContent, variant: str = print_service.STANDARD) -> print_service.PrintJob:
    """A print of ``content`` laid out as ``variant``, with the letterhead the window uses
    (the vault's own, else IT's preset in ``defaults.json``, else the built-in one)."""
    from ...config import AppConfig
    return print_service.prepare(repo, content, AppConfig.load().letterhead).with_variant(variant)


# ---- sending to a printer -------------------------------------------------------------------

LP = "lp"
QPRINTER = "qprinter"


def print_backend(platform: str | None = None) -> str:
    """How a print job reaches the printer on ``platform`` (a ``sys.platform`` value,
    default: this one): ``LP`` on Linux/BSD (CUPS), ``QPRINTER`` (render the pages
    with QPainter) on Windows and macOS."""
    platform = sys.platform if platform is None else platform
    if platform.startswith(("win", "cygwin", "msys")) or platform == "darwin":
        return QPRINTER
    return LP


def uses_cups() -> bool:
    return print_backend() == LP


def lp_arguments(printer: QPrinter, title: str) -> list[str]:
    """``lp`` options that carry what the user chose in the print dialog."""
    args = ["-t", title]
    if printer.printerName():
        args += ["-d", printer.printerName()]
    if printer.copyCount() > 1:
        args += ["-n", str(printer.copyCount())]
        if printer.collateCopies():
            args += ["-o", "collate=true"]
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        args += ["-P", f"{printer.fromPage()}-{max(printer.toPage(), printer.fromPage())}"]
    sides = {QPrinter.DuplexMode.DuplexNone: "one-sided",
             QPrinter.DuplexMode.DuplexLongSide: "two-sided-long-edge",
             QPrinter.DuplexMode.DuplexShortSide: "two-sided-short-edge"}.get(printer.duplex())
    if sides:
        args += ["-o", f"sides={sides}"]
    if printer.colorMode() == QPrinter.ColorMode.GrayScale:
        args += ["-o", "print-color-mode=monochrome"]
    return args


LP_TIMEOUT_MS = 120_000


def send_to_cups(pdf: bytes, args: list[str], timeout_ms: int = LP_TIMEOUT_MS) -> None:
    """Pipe the PDF to ``lp`` (no file of ours anywhere) through ``QProcess``: the
    window keeps painting while CUPS takes the job. Raises OSError (TimeoutError
    when ``lp`` has not finished within ``timeout_ms``)."""
    lp = shutil.which("lp")
    if lp is None:
        raise FileNotFoundError("lp")
    process = QProcess()
    process.setProgram(lp)
    process.setArguments(args)  # no file argument: lp reads the job from stdin (every CUPS version)
    process.setStandardOutputFile(QProcess.nullDevice())
    loop = QEventLoop()
    process.finished.connect(loop.quit)
    process.errorOccurred.connect(lambda _error: loop.quit())
    QTimer.singleShot(timeout_ms, loop, loop.quit)
    process.start()
    if not process.waitForStarted(5000):
        raise OSError("lp did not start")
    process.write(pdf)
    process.closeWriteChannel()
    if process.state() != QProcess.ProcessState.NotRunning:
        loop.exec()
    if process.state() != QProcess.ProcessState.NotRunning:
        process.kill()
        process.waitForFinished(1000)
        raise TimeoutError("lp")
    if process.exitStatus() != QProcess.ExitStatus.NormalExit or process.exitCode() != 0:
        raise OSError(f"lp exit {process.exitCode()}")


def printed_page_indexes(printer: QPrinter, count: int) -> list[int]:
    """0-based page indexes in printing order: the chosen range and page order, and
    copies when the printer cannot make them itself (``supportsMultipleCopies``)."""
    first, last = 0, count - 1
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(0, printer.fromPage() - 1)
        last = min(count - 1, max(printer.toPage(), printer.fromPage()) - 1)
    pages = list(range(first, last + 1))
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        pages.reverse()
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    if copies == 1:
        return pages
    if printer.collateCopies():
        return pages * copies
    return [p for p in pages for _copy in range(copies)]


def render_to_printer(pages: PdfPages, printer: QPrinter) -> int:
    """Draw every (chosen) page onto ``printer`` at its resolution (at most
    ``MAX_RENDER_DPI``), scaled to fit the printable area. One page image is in
    memory at a time; nothing is written to disk. Returns the sheets drawn."""
    order = printed_page_indexes(printer, pages.page_count())
    dpi = min(printer.resolution(), MAX_RENDER_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("printer")
    try:
        area = painter.viewport()
        for n, index in enumerate(order):
            if n and not printer.newPage():
                raise OSError("printer")
            image = pages.render(index, dpi)
            target = QSize(image.size())
            target.scale(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(area.topLeft(), target), image)
    finally:
        painter.end()
    return len(order)


def is_print_to_pdf_file(printer: QPrinter) -> bool:
    """"Print to file (PDF)" in Qt's dialog (Linux) or "Save as PDF" (macOS): the
    file the user chose gets the original PDF (vector text, not page images)."""
    return printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and bool(printer.outputFileName())


def send_to_printer(pages: PdfPages, printer: QPrinter, job_title: str, backend: str | None = None,
                    journal=None) -> None:
    """Deliver the job the user set up in the print dialog with ``backend``
    (default: ``print_backend()``). Raises OSError. ``journal`` notes the temporary
    file of "print to file" (``storage.outputs``)."""
    backend = backend or print_backend()
    if is_print_to_pdf_file(printer):
        from ...storage.files import write_atomic
        write_atomic(Path(printer.outputFileName()), pages.data(), journal=journal)
    elif backend == LP:
        send_to_cups(pages.data(), lp_arguments(printer, job_title))
    else:
        # Windows printers, "Microsoft Print to PDF" included: drawn straight into
        # the printer's device context; Windows spools the job, we write nothing.
        render_to_printer(pages, printer)


class PdfPreviewDialog(QDialog):
    """Shows the PDF from memory; "Skriv ut…" opens the system print dialog.

    Opened before the PDF exists (``pdf=None``), it says so; ``set_pdf`` shows the
    first pages while the rest renders (``complete=False``) and then the whole
    document, which alone can be printed. ``on_printed`` runs the moment a job
    reached the printer (the print is recorded there, before anything can lock).
    """

    def __init__(self, pdf: bytes | None, title: str, job_title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        fit_to_screen(self, 820, 960)
        self.job_title = job_title
        self.printed = False
        self.complete = False
        self.on_printed: Callable[[], None] | None = None
        self.output_journal = None  # notes the temporary file of "print to file" in the vault
        self.pages: PdfPages | None = None
        self.view: PdfPageView | None = None
        self.zoom_out_button = self._tool_button("zoom-out", "−", _("Zoom out (Ctrl+−)"), self._zoom_out)
        self.zoom_label = QLabel(self)
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("000 %") + 8)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in_button = self._tool_button("zoom-in", "+", _("Zoom in (Ctrl++)"), self._zoom_in)
        self.fit_button = QPushButton(_("Fit to width"), self)
        self.fit_button.setCheckable(True)
        self.fit_button.setToolTip(_("Fit the page to the window width (Ctrl+0)"))
        self.fit_button.clicked.connect(self._fit_width)
        self.page_count_label = QLabel(self)
        tools = QHBoxLayout()
        for w in (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button):
            tools.addWidget(w)
        tools.addStretch(1)
        tools.addWidget(self.page_count_label)
        self.waiting = QLabel(_("Preparing the preview…"), self)
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.missing_label = QLabel(self)  # characters no font has, said before printing
        self.missing_label.setObjectName("missingCharacters")
        self.missing_label.setWordWrap(True)
        self.missing_label.setTextFormat(Qt.TextFormat.PlainText)
        self.missing_label.hide()
        buttons = QDialogButtonBox(self)
        self.print_button = buttons.addButton(_("Print…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.print_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.print_button.clicked.connect(self._print_clicked)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        self._layout = QVBoxLayout(self)
        self._layout.addLayout(tools)
        self._layout.addWidget(self.waiting, 1)
        self._layout.addWidget(self.info)
        self._layout.addWidget(self.missing_label)
        self._layout.addWidget(buttons)
        self._set_ready(False)
        if pdf is not None:
            self.set_pdf(pdf)

    def _tool_button(self, icon_name: str, fallback: str, tip: str, slot) -> QToolButton:
        button = QToolButton(self)
        icon = QIcon.fromTheme(icon_name)
        if icon.isNull():
            button.setText(fallback)
        else:
            button.setIcon(icon)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.clicked.connect(slot)
        return button

    def _zoom_in(self) -> None:
        if self.view is not None:
            self.view.zoom_in()

    def _zoom_out(self) -> None:
        if self.view is not None:
            self.view.zoom_out()

    def _fit_width(self) -> None:
        if self.view is not None:
            self.view.set_fit_width()

    def _set_ready(self, complete: bool) -> None:
        self.complete = complete
        self.print_button.setEnabled(complete)
        for w in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            w.setEnabled(self.view is not None)

    def set_pdf(self, pdf: bytes, complete: bool = True) -> None:
        """Show ``pdf``; keeps the zoom and the place of what was shown before."""
        old_view, old_pages = self.view, self.pages
        self.pages = PdfPages(pdf)
        self.view = PdfPageView(self.pages, self)
        if old_view is not None and not old_view.fit_width:
            self.view.set_zoom(old_view.zoom)
        self.view.zoom_changed.connect(self._show_zoom)
        self._show_zoom(self.view.zoom)
        if old_view is not None:
            self._layout.replaceWidget(old_view, self.view)
            old_view.clear()
            old_view.deleteLater()
            old_pages.close()
        else:
            self._layout.replaceWidget(self.waiting, self.view)
            self.waiting.hide()
        had_focus = old_view is None or old_view.hasFocus()
        if had_focus:
            self.view.setFocus()
        count = self.pages.page_count()
        self.page_count_label.setText(
            ngettext("{count} page", "{count} pages", count).format(count=count) if complete
            else _("Preparing the whole document…"))
        self._set_ready(complete)

    def show_missing(self, characters: list[str]) -> None:
        """Warn, before printing, of characters that print as the placeholder."""
        self.missing_label.setVisible(bool(characters))
        if characters:
            from ..feedback import WARNING, paint_attention
            self.missing_label.setText(missing_characters_text(characters))
            paint_attention(self.missing_label, WARNING)

    def show_failure(self, exc: BaseException) -> None:
        """The PDF could not be made: say so in the dialog (nothing is printed)."""
        log.event("print.render_failed", error=type(exc).__name__)
        message = _("The printout could not be made ({error}).").format(error=type(exc).__name__)
        self.info.setText(message)  # shown whether or not a first page is already on screen
        self.waiting.setText(message)
        self.page_count_label.clear()
        self._set_ready(False)
        from ..feedback import ERROR, announce, paint_attention
        paint_attention(self.info, ERROR)
        announce(self.info, message, assertive=True)

    def _show_zoom(self, zoom: float) -> None:
        from babel.numbers import format_percent

        from ...i18n import babel_locale
        self.zoom_label.setText(format_percent(round(zoom, 2), locale=babel_locale()))
        self.fit_button.setChecked(self.view is not None and self.view.fit_width)

    def _print_clicked(self) -> None:
        if self.print_now():
            self.accept()

    def print_now(self) -> bool:
        """The system print dialog, then the pages to the printer. True if printed."""
        if self.pages is None or not self.complete:
            return False
        pages = max(1, self.pages.page_count())
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.job_title)  # the queue shows this: no personal data
        printer.setFromTo(1, pages)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, pages)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        if not shiboken6.isValid(self) or self.pages is None or not self.pages.page_count():
            return False  # locked while the (native) print dialog was open: nothing goes out
        self.print_button.setEnabled(False)
        self.page_count_label.setText(_("Sending to the printer…"))
        try:
            with tasks.holding_lock(), BusyCursor():  # a lock now waits until the job is handed over
                send_to_printer(self.pages, printer, self.job_title, journal=self.output_journal)
                self.printed = True
                self._record_print()
        except OSError as exc:
            log.event("print.failed", error=type(exc).__name__)
            if isinstance(exc, FileNotFoundError) and str(exc) == "lp":
                message = _("Printing needs the CUPS command lp, which was not found. "
                            "Use Save as PDF instead.")
            elif isinstance(exc, TimeoutError):
                message = _("The printer did not take the job within two minutes. Check the printer and "
                            "try again, or use Save as PDF.")
            else:
                message = _("Printing failed ({error}).").format(error=type(exc).__name__)
            if shiboken6.isValid(self):
                self.print_button.setEnabled(self.complete)
                self.page_count_label.clear()
                QMessageBox.warning(self, _("Print"), message)
            return False
        return True

    def release(self) -> None:
        """Drop the rendered pages and blank the PDF bytes (not left in freed memory)."""
        if self.view is not None:
            self.view.clear()
        if self.pages is not None:
            self.pages.close()

    def _record_print(self) -> None:
        """Record the print that reached the printer; a failure there is said, not raised
        (the paper is out: it must not be sent twice)."""
        if self.on_printed is None:
            return
        try:
            self.on_printed()
        except Exception as exc:  # noqa: BLE001 (the storage said no: disk full, read-only)
            log.event("print.record_failed", error=type(exc).__name__)
            QMessageBox.warning(self, _("Print"), _(
                "The document was printed, but the print could not be recorded ({error}). "
                "Print it again later to record it.").format(error=type(exc).__name__))
        finally:
            self.on_printed = None

    def done(self, result: int) -> None:
        try:
            self.release()
        finally:
            super().done(result)


class BusyCursor:
    """The busy cursor for a short blocking step (restored however it ends)."""

    def __enter__(self):
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        return self

    def __exit__(self, *exc):
        QApplication.restoreOverrideCursor()
        return False


# ---- the two actions --------------------------------------------------------------------------

FIRST_LOOK_PAGES = 1


def missing_characters_text(characters: list[str]) -> str:
    shown = " ".join(f"{ch} (U+{ord(ch):04X})" for ch in characters[:12]) + (" …" if len(characters) > 12 else "")
    return ngettext("One character is in none of the printout's fonts and prints as {mark}: {characters}. "
                    "Check the spelling, or write it in other letters.",
                    "{count} characters are in none of the printout's fonts and print as {mark}: {characters}. "
                    "Check the spelling, or write them in other letters.", len(characters)).format(
        count=len(characters), mark="\ufffd", characters=shown)


class _Missing(list):
    """The characters no font has, reported by the worker before the first page."""


def render_in_steps(job: print_service.PrintJob, task: tasks.Task) -> bytes | None:
    """(Worker thread.) What no font has, the first page at once for the preview, then
    the whole PDF."""
    task.report(_Missing(print_service.missing_characters(job)))
    task.report(job.render(first_pages=FIRST_LOOK_PAGES))
    if task.cancelled:
        return None
    return job.render()


def print_with_preview(parent: QWidget | None, repo, content: PrintContent,
                       variant: str = print_service.STANDARD) -> pr.PrintRecord | None:
    """Preview (rendered off the UI thread), then the system print dialog. The
    print is recorded the moment the job reached the printer."""
    job = prepare(repo, content, variant)
    title = _("Print preview – version {version}").format(version=job.version)
    if variant != print_service.STANDARD:
        title += f" ({_(print_service.VARIANT_LABELS[variant])})"
    dialog = PdfPreviewDialog(None, title, f"{JOB_TITLES[content.kind]}-v{job.version}", parent)
    dialog.info.setText(_("Version {version} · {hash}").format(version=job.version,
                                                              hash=job.record.content_hash))
    recorded: list[pr.PrintRecord] = []
    handed_over = []

    def record_it() -> None:
        handed_over.append(True)
        recorded.append(print_service.record(repo, job))
    dialog.on_printed = record_it
    dialog.output_journal = UnfinishedOutputs(repo)
    task = tasks.run_task(lambda t: render_in_steps(job, t), name="print.preview",
                          on_progress=lambda value: (dialog.show_missing(value) if isinstance(value, _Missing)
                                                     else dialog.set_pdf(value, complete=False)),
                          on_done=lambda pdf: dialog.set_pdf(pdf) if pdf is not None else None,
                          on_failed=dialog.show_failure)
    try:
        dialog.exec()
        if dialog.printed and not handed_over and repo.vault.is_open:
            recorded.append(print_service.record(repo, job))  # printed without the callback
        return recorded[0] if recorded else None
    finally:
        task.cancel()
        dialog.release()
        dialog.deleteLater()


def _documents_dir() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())


def save_as_pdf(parent: QWidget | None, repo, content: PrintContent,
                variant: str = print_service.STANDARD) -> Path | None:
    """Ask for a file, render off the UI thread, write the PDF there (tmp -> fsync
    -> replace in that directory only), record the print. None if cancelled or failed."""
    from ...storage.files import write_atomic
    job = prepare(repo, content, variant)
    missing = tasks.wait_for(tasks.run_task(lambda t: print_service.missing_characters(job), name="print.fonts"))
    if missing and QMessageBox.warning(
            parent, _("Save as PDF"), missing_characters_text(missing),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel) != QMessageBox.StandardButton.Save:
        return None
    start = str(Path(_documents_dir()) / suggested_file_name(content, job.version, variant))
    name, _filter = QFileDialog.getSaveFileName(parent, _("Save as PDF"), start, _("PDF files (*.pdf)"))
    if not name or not repo.vault.is_open:
        return None  # cancelled, or locked while the (native) file dialog was open
    path = Path(name)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    try:
        with tasks.holding_lock():  # the vault stays open until the print is recorded
            pdf = tasks.wait_for(tasks.run_task(lambda t: job.render(), name="print.save_pdf"))
            write_atomic(path, pdf, journal=UnfinishedOutputs(repo))  # a crash's leftover goes at next unlock
            print_service.record(repo, job)
    except OSError as exc:
        log.event("print.save_failed", error=type(exc).__name__)
        QMessageBox.warning(parent, _("Save as PDF"),
                            _("The PDF could not be saved ({error}). Choose another folder.").format(
                                error=exc.strerror or type(exc).__name__))
        return None
    except Exception as exc:  # noqa: BLE001 (a layout error must not lose the window)
        log.event("print.render_failed", error=type(exc).__name__)
        QMessageBox.warning(parent, _("Save as PDF"), _("The printout could not be made ({error}).").format(
            error=type(exc).__name__))
        return None
    return path


# ---- the print bar shown in every editor -------------------------------------------------------

class LayoutChoice(QWidget):
    """"Layout: [Standard | Large print | Easy-to-read]": how the next print is laid out.
    The same content and version whichever is chosen."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.box = QComboBox(self)
        self.box.setAccessibleName(_("Layout of the printout"))
        self.box.setToolTip(_("How the document is laid out: the same content and version in each"))
        self.label = QLabel(_("Layout:"), self)  # no letter: a form may hold several print bars
        self.label.setBuddy(self.box)
        self._kind: str | None = None
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label)
        lay.addWidget(self.box)

    @property
    def variant(self) -> str:
        return self.box.currentData() or print_service.STANDARD

    def offer(self, kind: str) -> None:
        """The layouts ``kind`` has; the one chosen stays chosen when the next has it too."""
        if kind == self._kind:
            return
        self._kind, chosen = kind, self.variant
        self.box.clear()
        for variant in print_service.variants_for(kind):
            self.box.addItem(_(print_service.VARIANT_LABELS[variant]), variant)
        self.box.setCurrentIndex(max(0, self.box.findData(chosen)))


class PrintBar(QWidget):
    """"Printed as version N" / "Changed since printing" plus the two buttons.

    ``content_source`` flushes pending edits and returns the saved document's
    print content, or None when the document cannot be printed now (it shows
    its own message then).
    """
    printed = Signal()

    def __init__(self, repo, content_source: Callable[[], PrintContent | None], parent: QWidget | None = None):
        super().__init__(parent)
        self.repo = repo
        self.content_source = content_source
        self.state_label = QLabel(self)
        self.state_label.setObjectName("printState")
        self.state_label.setWordWrap(True)
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)
        self.print_button = QPushButton(_("Print…"), self)
        self.print_button.setToolTip(_("Preview and print (Ctrl+P)"))
        self.print_button.setShortcut("Ctrl+P")
        self.pdf_button = QPushButton(_("Save as PDF…"), self)
        self.layout_choice = LayoutChoice(self)
        self.variant_box, self.variant_label = self.layout_choice.box, self.layout_choice.label
        self.print_button.clicked.connect(self.print_document)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.drafts_label = QLabel(self)
        self.drafts_label.setObjectName("draftsState")
        self.drafts_label.setWordWrap(True)
        self.drafts_label.setTextFormat(Qt.TextFormat.PlainText)
        self.discard_drafts_button = QPushButton(_("Discard the drafts"), self)
        self.discard_drafts_button.setToolTip(_("Put the saved values back into the marked fields"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        lay = QHBoxLayout()
        lay.addWidget(self.state_label, 1)
        lay.addWidget(self.layout_choice)
        lay.addWidget(self.print_button)
        lay.addWidget(self.pdf_button)
        drafts_row = QHBoxLayout()
        drafts_row.addWidget(self.drafts_label, 1)
        drafts_row.addWidget(self.discard_drafts_button)
        outer.addLayout(lay)
        outer.addLayout(drafts_row)
        self.changed = False
        self.show_drafts(0)

    def show_drafts(self, count: int) -> None:
        """Say how many fields hold text kept as a draft (not saved as their value)."""
        from ..feedback import drafts_count
        self.drafts_label.setText(drafts_count(count))
        self.drafts_label.setVisible(count > 0)
        self.discard_drafts_button.setVisible(count > 0)

    def set_enabled(self, enabled: bool) -> None:
        self.print_button.setEnabled(enabled)
        self.pdf_button.setEnabled(enabled)
        self.variant_box.setEnabled(enabled)

    @property
    def variant(self) -> str:
        return self.layout_choice.variant

    def refresh(self, content: PrintContent | None) -> None:
        """Show the state of ``content`` (the document as currently edited)."""
        if content is None:
            self.state_label.clear()
            self.changed = False
            self.set_enabled(False)
            return
        self.layout_choice.offer(content.kind)
        self.set_enabled(True)
        text, self.changed = print_state(pr.PrintLog(self.repo.vault), content)
        self.state_label.setText(text)
        from ..feedback import WARNING, paint_attention
        paint_attention(self.state_label, WARNING if self.changed else None)

    def print_document(self) -> pr.PrintRecord | None:
        content = self.content_source()
        if content is None:
            return None
        rec = print_with_preview(self.window(), self.repo, content, self.variant)
        self._after_print(content, rec is not None)
        return rec

    def save_pdf(self) -> Path | None:
        content = self.content_source()
        if content is None:
            return None
        path = save_as_pdf(self.window(), self.repo, content, self.variant)
        self._after_print(content, path is not None)
        return path

    def _after_print(self, content: PrintContent, printed: bool) -> None:
        if not shiboken6.isValid(self) or not self.repo.vault.is_open:
            return  # locked meanwhile: the page is gone (the print was recorded before)
        self.refresh(content)
        if printed:
            self.printed.emit()


# ---- the kartläggning (for the wizard and the documents tab) ----------------------------------------

kartlaggning_content = print_service.kartlaggning_content


def print_kartlaggning(parent: QWidget | None, repo, participant_id: str, kartlaggning_id: str | None = None,
                       autosaver=None, to_pdf: bool = False, variant: str = print_service.STANDARD):
    """Print (preview + dialog) or save as PDF the kartläggning; flushes the
    autosaver first so what is printed is what is stored. Returns the
    PrintRecord / Path, or None."""
    if autosaver is not None and not autosaver.flush():
        QMessageBox.warning(parent, _("Print"), _("Some changes could not be saved: {reason}").format(
            reason=autosaver.message))
        return None
    content = kartlaggning_content(repo, participant_id, kartlaggning_id)
    if content is None:
        return None
    if to_pdf:
        return save_as_pdf(parent, repo, content, variant)
    return print_with_preview(parent, repo, content, variant)
