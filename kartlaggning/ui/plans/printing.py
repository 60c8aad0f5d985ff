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
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QRect, QSize, QStandardPaths, Qt, Signal
from PySide6.QtGui import QIcon, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QMessageBox,
                               QPushButton, QToolButton, QVBoxLayout, QWidget)

from ... import log
from ...i18n import _, ngettext
from ...models.printed import KARTLAGGNING, KOMPETENSKORT, PLAN, UTVECKLINGSPLAN, PrintContent
from ...models.unit import UnitHeader
from ...printouts.render import print_info, render
from ...storage import prints as pr
from .pdf_pages import PdfPages
from .pdf_view import PdfPageView

MAX_RENDER_DPI = 300
JOB_TITLES = {PLAN: "individuell-plan", UTVECKLINGSPLAN: "utvecklingsplan",
              KOMPETENSKORT: "kompetenskort", KARTLAGGNING: "kartlaggning"}


def _babel_date(d: date) -> str:
    from babel.dates import format_date

    from ...i18n import babel_locale
    return format_date(d, "long", locale=babel_locale())


def suggested_file_name(content: PrintContent, version: int) -> str:
    """A file name with no personal data (it ends up in recent-file lists)."""
    stem = JOB_TITLES[content.kind]
    if content.kind == UTVECKLINGSPLAN:
        stem += f"-{content.document.datum.isoformat()}"
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

def unit_header(repo) -> UnitHeader:
    """The letterhead to print: the vault's own, else the machine default (IT's
    ``defaults.json``), else the built-in one."""
    from ...config import AppConfig
    return pr.effective_unit_header(repo, AppConfig.load().letterhead)


class PreparedPrint:
    """The PDF of one print, in memory, and the version it will be recorded as."""

    def __init__(self, repo, content: PrintContent):
        self.repo = repo
        self.content = content
        self.log = pr.PrintLog(repo.vault)
        self.pending = self.log.pending(content)
        info = print_info(self.pending.version, self.pending.printed_date, self.pending.content_hash)
        self.pdf = render(content, unit_header(repo), info)

    def record(self) -> pr.PrintRecord:
        return self.log.record(self.content, pending=self.pending)


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


def send_to_cups(pdf: bytes, args: list[str]) -> None:
    """Pipe the PDF to ``lp`` (no file of ours anywhere). Raises OSError."""
    lp = shutil.which("lp")
    if lp is None:
        raise FileNotFoundError("lp")
    # no file argument: lp reads the job from stdin (every CUPS version)
    done = subprocess.run([lp, *args], input=pdf, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, timeout=120, check=False)
    if done.returncode != 0:
        raise OSError(f"lp exit {done.returncode}")


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


def send_to_printer(pages: PdfPages, printer: QPrinter, job_title: str, backend: str | None = None) -> None:
    """Deliver the job the user set up in the print dialog with ``backend``
    (default: ``print_backend()``). Raises OSError / SubprocessError."""
    backend = backend or print_backend()
    if is_print_to_pdf_file(printer):
        from ...storage.files import write_atomic
        write_atomic(Path(printer.outputFileName()), pages.data())
    elif backend == LP:
        send_to_cups(pages.data(), lp_arguments(printer, job_title))
    else:
        # Windows printers, "Microsoft Print to PDF" included: drawn straight into
        # the printer's device context; Windows spools the job, we write nothing.
        render_to_printer(pages, printer)


class PdfPreviewDialog(QDialog):
    """Shows the PDF from memory; "Skriv ut…" opens the system print dialog."""

    def __init__(self, pdf: bytes, title: str, job_title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(820, 960)
        self.job_title = job_title
        self.printed = False
        self.pages = PdfPages(pdf)
        self.view = PdfPageView(self.pages, self)
        self.zoom_out_button = self._tool_button("zoom-out", "−", _("Zoom out (Ctrl+−)"), self.view.zoom_out)
        self.zoom_label = QLabel(self)
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("000 %") + 8)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in_button = self._tool_button("zoom-in", "+", _("Zoom in (Ctrl++)"), self.view.zoom_in)
        self.fit_button = QPushButton(_("Fit to width"), self)
        self.fit_button.setCheckable(True)
        self.fit_button.setToolTip(_("Fit the page to the window width (Ctrl+0)"))
        self.fit_button.clicked.connect(self.view.set_fit_width)
        count = self.pages.page_count()
        self.page_count_label = QLabel(ngettext("{count} page", "{count} pages", count).format(count=count), self)
        self.view.zoom_changed.connect(self._show_zoom)
        self._show_zoom(self.view.zoom)
        tools = QHBoxLayout()
        for w in (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button):
            tools.addWidget(w)
        tools.addStretch(1)
        tools.addWidget(self.page_count_label)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.print_button = buttons.addButton(_("Print…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.print_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.print_button.clicked.connect(self._print_clicked)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(tools)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.info)
        lay.addWidget(buttons)
        self.view.setFocus()

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

    def _show_zoom(self, zoom: float) -> None:
        from babel.numbers import format_percent

        from ...i18n import babel_locale
        self.zoom_label.setText(format_percent(round(zoom, 2), locale=babel_locale()))
        self.fit_button.setChecked(self.view.fit_width)

    def _print_clicked(self) -> None:
        if self.print_now():
            self.accept()

    def print_now(self) -> bool:
        """The system print dialog, then the pages to the printer. True if printed."""
        pages = max(1, self.pages.page_count())
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.job_title)  # the queue shows this: no personal data
        printer.setFromTo(1, pages)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, pages)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        try:
            send_to_printer(self.pages, printer, self.job_title)
        except (OSError, subprocess.SubprocessError) as exc:
            log.event("print.failed", error=type(exc).__name__)
            if isinstance(exc, FileNotFoundError) and str(exc) == "lp":
                message = _("Printing needs the CUPS command lp, which was not found. "
                            "Use Save as PDF instead.")
            else:
                message = _("Printing failed ({error}).").format(error=type(exc).__name__)
            QMessageBox.warning(self, _("Print"), message)
            return False
        self.printed = True
        return True

    def done(self, result: int) -> None:
        try:
            self.view.clear()
            self.pages.close()  # blanks the PDF bytes: not left in freed memory longer than needed
        finally:
            super().done(result)


# ---- the two actions --------------------------------------------------------------------------

def print_with_preview(parent: QWidget | None, repo, content: PrintContent) -> pr.PrintRecord | None:
    """Preview, then the system print dialog. The print is recorded once printed."""
    job = PreparedPrint(repo, content)
    title = _("Print preview – version {version}").format(version=job.pending.version)
    dialog = PdfPreviewDialog(job.pdf, title, f"{JOB_TITLES[content.kind]}-v{job.pending.version}", parent)
    dialog.info.setText(_("Version {version} · {hash}").format(version=job.pending.version,
                                                              hash=job.pending.content_hash))
    try:
        dialog.exec()
        if not dialog.printed:
            return None
        return job.record()
    finally:
        dialog.deleteLater()


def _documents_dir() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())


def save_as_pdf(parent: QWidget | None, repo, content: PrintContent) -> Path | None:
    """Ask for a file, write the PDF there (tmp -> fsync -> replace in that
    directory only), record the print. None if cancelled or failed."""
    from ...storage.files import write_atomic
    log_ = pr.PrintLog(repo.vault)
    version = log_.pending(content).version
    start = str(Path(_documents_dir()) / suggested_file_name(content, version))
    name, _filter = QFileDialog.getSaveFileName(parent, _("Save as PDF"), start, _("PDF files (*.pdf)"))
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    job = PreparedPrint(repo, content)
    try:
        write_atomic(path, job.pdf)
    except OSError as exc:
        log.event("print.save_failed", error=type(exc).__name__)
        QMessageBox.warning(parent, _("Save as PDF"),
                            _("The PDF could not be saved ({error}). Choose another folder.").format(
                                error=exc.strerror or type(exc).__name__))
        return None
    job.record()
    return path


# ---- the print bar shown in every editor -------------------------------------------------------

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
        self.print_button.clicked.connect(self.print_document)
        self.pdf_button.clicked.connect(self.save_pdf)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.state_label, 1)
        lay.addWidget(self.print_button)
        lay.addWidget(self.pdf_button)
        self.changed = False

    def set_enabled(self, enabled: bool) -> None:
        self.print_button.setEnabled(enabled)
        self.pdf_button.setEnabled(enabled)

    def refresh(self, content: PrintContent | None) -> None:
        """Show the state of ``content`` (the document as currently edited)."""
        if content is None:
            self.state_label.clear()
            self.changed = False
            self.set_enabled(False)
            return
        self.set_enabled(True)
        text, self.changed = print_state(pr.PrintLog(self.repo.vault), content)
        self.state_label.setText(text)
        self.state_label.setStyleSheet("color: #8a4b00; font-weight: bold;" if self.changed else "")

    def print_document(self) -> pr.PrintRecord | None:
        content = self.content_source()
        if content is None:
            return None
        rec = print_with_preview(self.window(), self.repo, content)
        self.refresh(content)
        if rec is not None:
            self.printed.emit()
        return rec

    def save_pdf(self) -> Path | None:
        content = self.content_source()
        if content is None:
            return None
        path = save_as_pdf(self.window(), self.repo, content)
        self.refresh(content)
        if path is not None:
            self.printed.emit()
        return path


# ---- the kartläggning (for the wizard and the documents tab) ----------------------------------------

def kartlaggning_content(repo, participant_id: str, kartlaggning_id: str | None = None) -> PrintContent | None:
    """Print content of a kartläggning (the latest when no id), None if there is none."""
    k = repo.get_kartlaggning(kartlaggning_id) if kartlaggning_id else repo.latest_kartlaggning(participant_id)
    return pr.content_for(repo, KARTLAGGNING, k) if k is not None else None


def print_kartlaggning(parent: QWidget | None, repo, participant_id: str, kartlaggning_id: str | None = None,
                       autosaver=None, to_pdf: bool = False):
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
        return save_as_pdf(parent, repo, content)
    return print_with_preview(parent, repo, content)
