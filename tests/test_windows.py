"""The Windows branches, simulated on Linux.

What a simulation proves: on ``sys.platform == "win32"`` / ``os.name == "nt"`` the
code takes the Windows branch, calls ``msvcrt.locking`` with the right arguments
and in the right order, imports nothing POSIX-only, never calls chmod, reads the
Windows folders from the right variables, and prints through QPrinter instead of
``lp``. What it cannot prove: that a real ``LockFile`` refuses a second process
(the fake models its documented semantics), that the NTFS ACL under
%LOCALAPPDATA% really keeps other users out, that a Windows printer driver
prints the pages, or that the Windows spooler's files are private. Those need a
run on Windows (CI ``windows-latest``, or the municipal laptop image).
"""
from __future__ import annotations

import ast
import errno
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from kartlaggning import paths
from kartlaggning.storage import files
from kartlaggning.storage.errors import VaultLocked

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "kartlaggning"
POSIX_ONLY_MODULES = ("fcntl", "termios", "tty", "pty", "pwd", "grp", "resource", "posix", "crypt", "syslog",
                      "readline")
POSIX_ONLY_OS = ("getuid", "geteuid", "getgid", "getegid", "fchmod", "fchown", "chown", "lchown", "O_NOFOLLOW",
                 "O_DIRECTORY", "fork", "killpg", "setsid", "getpwuid", "sync", "statvfs")
POSIX_ONLY_SIGNALS = ("SIGKILL", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGCHLD", "SIGPIPE")


# ---- a fake msvcrt with LockFile semantics ------------------------------------------------

class FakeMsvcrt(types.ModuleType):
    """``msvcrt.locking`` as documented: lock/unlock ``nbytes`` from the file's
    current position; a byte locked through one handle is refused to every other
    handle (also in the same process); unlocking needs the handle that locked;
    closing a handle drops its locks (modelled by forgetting locks whose handle
    is closed or now names another file)."""
    LK_UNLCK, LK_LOCK, LK_NBLCK, LK_RLCK, LK_NBRLCK = 0, 1, 2, 3, 4

    def __init__(self):
        super().__init__("msvcrt")
        self.held: dict[tuple, tuple[int, tuple]] = {}  # (dev, inode, offset) -> (fd, identity of fd)
        self.calls: list[tuple[int, int, int]] = []  # (mode, offset, nbytes)

    @staticmethod
    def _identity(fd: int):
        try:
            st = os.fstat(fd)
        except OSError:
            return None
        return st.st_dev, st.st_ino

    def handle_closed(self, fd: int) -> None:
        """CloseHandle: the handle's locks go with it."""
        for key, (holder, _ident) in list(self.held.items()):
            if holder == fd:
                del self.held[key]

    def _forget_closed_handles(self) -> None:
        for key, (fd, ident) in list(self.held.items()):
            if self._identity(fd) != ident:
                del self.held[key]

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        ident = self._identity(fd)
        if ident is None:
            raise OSError(errno.EBADF, "Bad file descriptor")
        offset = os.lseek(fd, 0, os.SEEK_CUR)
        self.calls.append((mode, offset, nbytes))
        self._forget_closed_handles()
        keys = [(*ident, offset + i) for i in range(nbytes)]
        if mode == self.LK_UNLCK:
            if any(self.held.get(k, (None,))[0] != fd for k in keys):
                raise PermissionError(errno.EACCES, "Permission denied")
            for k in keys:
                del self.held[k]
            return
        if mode not in (self.LK_LOCK, self.LK_NBLCK, self.LK_RLCK, self.LK_NBRLCK):
            raise ValueError(mode)
        if any(k in self.held for k in keys):
            raise PermissionError(errno.EACCES, "Permission denied")
        for k in keys:
            self.held[k] = (fd, ident)


class WindowsOs(types.ModuleType):
    """The ``os`` module as a module sees it on Windows: ``name == "nt"``, no
    POSIX-only functions, and chmod recorded (it exists on Windows but only sets
    the read-only bit: our code must not rely on it)."""

    def __init__(self, real=os):
        super().__init__("os")
        self._real = real
        self.name = "nt"
        self.chmod_calls: list = []
        self.O_BINARY = 0  # 0x8000 on Windows; a no-op flag here

    def chmod(self, *args, **kwargs):
        self.chmod_calls.append(args)

    def close(self, fd: int) -> None:
        self.on_close(fd)
        self._real.close(fd)

    def on_close(self, fd: int) -> None:
        pass

    def __getattr__(self, attr):
        if attr in POSIX_ONLY_OS:
            raise AttributeError(f"module 'os' has no attribute {attr!r} (on Windows)")
        return getattr(self._real, attr)


@pytest.fixture
def fake_msvcrt(monkeypatch):
    fake = FakeMsvcrt()
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    return fake


@pytest.fixture
def windows(monkeypatch, fake_msvcrt):
    """sys.platform win32, fcntl unimportable, and a Windows-like ``os`` inside our
    modules that touch files (patched per module: pathlib must keep the real
    ``os.name`` or it would try to build WindowsPath objects on Linux)."""
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setitem(sys.modules, "fcntl", None)  # `import fcntl` raises ImportError
    fake_os = WindowsOs()
    fake_os.on_close = fake_msvcrt.handle_closed
    import kartlaggning.config
    import kartlaggning.storage.vault
    for module in (files, paths, kartlaggning.config, kartlaggning.storage.vault):
        monkeypatch.setattr(module, "os", fake_os)
    return types.SimpleNamespace(msvcrt=fake_msvcrt, os=fake_os)


# ---- the single-writer lock ------------------------------------------------------------------

def test_windows_lock_refuses_a_second_holder_and_releases(windows, tmp_path):
    vault = tmp_path / "v.kvault"
    first, second = files.FileLock(vault), files.FileLock(vault)
    first.acquire()
    first.acquire()  # already held: nothing more
    assert first.held and list(windows.msvcrt.held) and len(windows.msvcrt.held) == 1
    with pytest.raises(VaultLocked):
        second.acquire()
    assert not second.held
    first.release()
    assert windows.msvcrt.held == {}
    second.acquire()
    assert second.held
    second.release()
    assert windows.msvcrt.held == {} and not second.held
    # always byte 0, non-blocking: a blocking LK_LOCK would hang the start for 10 s
    modes = {(m, off, n) for m, off, n in windows.msvcrt.calls}
    assert modes <= {(FakeMsvcrt.LK_NBLCK, 0, 1), (FakeMsvcrt.LK_UNLCK, 0, 1)}
    assert vault.with_name("v.kvault.lock").exists()  # the lock file stays; never unlinked


def test_windows_lock_is_released_when_the_handle_closes(windows, tmp_path):
    """A crashed process: Windows drops the lock with the handle (modelled by the fake)."""
    held = files.FileLock(tmp_path / "v.kvault")
    held.acquire()
    windows.os.close(held._fd)  # the process died without unlocking
    held._fd = None
    again = files.FileLock(tmp_path / "v.kvault")
    again.acquire()
    again.release()


def test_windows_lock_release_tolerates_a_failed_unlock(windows, tmp_path, monkeypatch):
    lock = files.FileLock(tmp_path / "v.kvault")
    lock.acquire()
    fd = lock._fd

    def refuse(*_a):
        raise PermissionError(errno.EACCES, "denied")
    monkeypatch.setattr(windows.msvcrt, "locking", refuse)
    lock.release()  # closing the handle releases it anyway
    assert not lock.held
    with pytest.raises(OSError):
        os.fstat(fd)


def test_a_whole_vault_life_on_simulated_windows(windows, tmp_path, passphrase):
    """create, a second opener refused, backup, reopen: the lock and private-file
    code of the real vault, with Windows' os and msvcrt."""
    from kartlaggning.storage import Vault
    path = tmp_path / "Kartlaggning" / "vault.kvault"
    vault, _recovery = Vault.create(path, passphrase)
    try:
        with pytest.raises(VaultLocked):
            Vault.open(path, passphrase)
        vault.backup(tmp_path / "usb" / "copy.kvault")
    finally:
        vault.close()
    assert windows.msvcrt.held == {}
    Vault.open(path, passphrase).close()
    assert windows.os.chmod_calls == []  # nothing relied on POSIX modes
    lock, unlock = FakeMsvcrt.LK_NBLCK, FakeMsvcrt.LK_UNLCK
    assert [mode for mode, _offset, _n in windows.msvcrt.calls] == [lock, lock, unlock, lock, unlock]


def test_posix_lock_still_uses_flock(tmp_path):
    first, second = files.FileLock(tmp_path / "v.kvault"), files.FileLock(tmp_path / "v.kvault")
    first.acquire()
    with pytest.raises(VaultLocked):
        second.acquire()
    first.release()
    second.acquire()
    second.release()


def test_replace_retries_a_briefly_held_target_on_windows(windows, tmp_path, monkeypatch):
    """A virus scanner holding the target for a moment must not lose a save."""
    target = tmp_path / "settings.json"
    attempts = []
    real_replace = os.replace

    def busy_twice(src, dst):
        attempts.append(dst)
        if len(attempts) <= 2:
            raise PermissionError(errno.EACCES, "in use")
        real_replace(src, dst)
    monkeypatch.setattr(windows.os, "replace", busy_twice, raising=False)
    monkeypatch.setattr(files.time, "sleep", lambda _s: None)
    files.write_atomic(target, b"{}")
    assert target.read_bytes() == b"{}" and len(attempts) == 3


def test_replace_does_not_retry_on_posix(tmp_path, monkeypatch):
    calls = []

    def busy(src, dst):
        calls.append(dst)
        raise PermissionError(errno.EACCES, "denied")
    monkeypatch.setattr(files.os, "replace", busy)
    with pytest.raises(PermissionError):
        files.write_atomic(tmp_path / "x", b"1")
    assert len(calls) == 1


# ---- nothing POSIX-only at import --------------------------------------------------------------

def _module_level_imports(tree: ast.AST):
    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import) and not in_function:
                yield from ((a.name, child.lineno) for a in child.names)
            elif isinstance(child, ast.ImportFrom) and not in_function and not child.level:
                yield child.module, child.lineno
            yield from visit(child, nested)
    yield from visit(tree, False)


def test_no_module_imports_posix_only_modules_at_top_level():
    bad = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bad += [f"{path.relative_to(PACKAGE_DIR)}:{line} {name}" for name, line in _module_level_imports(tree)
                if name and name.split(".")[0] in POSIX_ONLY_MODULES]
    assert bad == []


def _caught(handler: ast.ExceptHandler) -> set[str]:
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return {k.id for k in kinds if isinstance(k, ast.Name)}


def _guarded_by_hasattr(node: ast.AST, parents: dict, module: str, attr: str) -> bool:
    """True inside ``if hasattr(module, "attr")`` / ``x if hasattr(...) else y``, or in a
    ``try`` that catches AttributeError, or that catches ImportError after importing a
    POSIX-only module earlier in the same block (that import fails first on Windows)."""
    def names_it(test: ast.AST) -> bool:
        return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "hasattr"
                   and len(n.args) == 2 and isinstance(n.args[0], ast.Name) and n.args[0].id == module
                   and isinstance(n.args[1], ast.Constant) and n.args[1].value == attr for n in ast.walk(test))
    child, node = node, parents.get(node)
    while node is not None:
        if isinstance(node, (ast.If, ast.IfExp)) and child is not node.test and names_it(node.test):
            return True
        if isinstance(node, ast.Try) and child in node.body:
            caught = set().union(*(_caught(h) for h in node.handlers if h.type is not None))
            posix_import_before = any(
                isinstance(stmt, ast.Import) and any(a.name.split(".")[0] in POSIX_ONLY_MODULES for a in stmt.names)
                for stmt in node.body[:node.body.index(child)])
            if "AttributeError" in caught or ("ImportError" in caught and posix_import_before):
                return True
        child, node = node, parents.get(node)
    return False


def test_no_posix_only_os_or_signal_names_in_the_app():
    """os.getuid, os.O_NOFOLLOW, signal.SIGKILL ... do not exist on Windows: only
    behind ``hasattr`` (or as ``getattr(os, name, default)``)."""
    bad = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and (
                    (node.value.id == "os" and node.attr in POSIX_ONLY_OS)
                    or (node.value.id == "signal" and node.attr in POSIX_ONLY_SIGNALS)) \
                    and not _guarded_by_hasattr(node, parents, node.value.id, node.attr):
                bad.append(f"{path.relative_to(PACKAGE_DIR)}:{node.lineno} {node.value.id}.{node.attr}")
    assert bad == []


def test_the_posix_name_check_sees_unguarded_uses():
    tree = ast.parse("import os\n"
                     "x = os.getuid() if hasattr(os, 'getuid') else 0\n"
                     "y = os.getuid()\n"
                     "try:\n    import pwd\n    z = os.getuid()\nexcept ImportError:\n    pass\n"
                     "try:\n    z = os.getuid()\nexcept ImportError:\n    pass\n"
                     "try:\n    z = os.getuid()\nexcept (OSError, AttributeError):\n    pass\n")
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    uses = [n for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "getuid"]
    assert [_guarded_by_hasattr(n, parents, "os", "getuid") for n in sorted(uses, key=lambda n: n.lineno)] == \
        [True, False, True, False, True]


def test_every_module_imports_without_posix_only_modules(tmp_path):
    """Import the whole package with fcntl, termios, pwd, ... made unimportable."""
    script = (
        "import sys, pkgutil, importlib\n"
        f"for name in {tuple(m for m in POSIX_ONLY_MODULES if m != 'posix')!r}:  # os itself needs posix here\n"
        "    sys.modules[name] = None\n"
        "import kartlaggning\n"
        "names = [m.name for m in pkgutil.walk_packages(kartlaggning.__path__, 'kartlaggning.')]\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "print(len(names))\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.split()[-1]) > 40


# ---- folders ---------------------------------------------------------------------------------------

def test_windows_folders_come_from_localappdata_and_appdata(windows, tmp_path, monkeypatch):
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    from kartlaggning.config import AppConfig
    assert paths.data_dir() == tmp_path / "Local" / "Kartlaggning"
    assert paths.config_dir() == tmp_path / "Roaming" / "Kartlaggning"
    assert paths.default_vault_path() == tmp_path / "Local" / "Kartlaggning" / "vault.kvault"
    assert paths.backups_dir().parent == paths.log_path().parent == tmp_path / "Local" / "Kartlaggning"
    assert AppConfig.path() == tmp_path / "Roaming" / "Kartlaggning" / "settings.json"


@pytest.mark.parametrize("value", [None, "", "   "])
def test_windows_folders_fall_back_to_the_profile(windows, tmp_path, monkeypatch, value):
    for var in ("LOCALAPPDATA", "APPDATA"):
        if value is None:
            monkeypatch.delenv(var, raising=False)
        else:
            monkeypatch.setenv(var, value)
    home = Path.home()  # conftest: HOME in tmp_path; on Windows Path.home() is %USERPROFILE%
    assert paths.data_dir() == home / "AppData" / "Local" / "Kartlaggning"
    assert paths.config_dir() == home / "AppData" / "Roaming" / "Kartlaggning"


def test_windows_machine_defaults_in_programdata(windows, tmp_path, monkeypatch):
    monkeypatch.delenv(paths.DEFAULTS_ENV, raising=False)
    monkeypatch.setenv("PROGRAMDATA", str(tmp_path / "ProgramData"))
    assert paths.machine_defaults_candidates() == [tmp_path / "ProgramData" / "Kartlaggning" / "defaults.json"]
    monkeypatch.delenv("PROGRAMDATA")
    monkeypatch.delenv("ALLUSERSPROFILE", raising=False)
    assert [str(p) for p in paths.machine_defaults_candidates()] == [
        str(Path(r"C:\ProgramData") / "Kartlaggning" / "defaults.json")]


def test_machine_defaults_on_linux_and_macos(tmp_path, monkeypatch):
    monkeypatch.delenv(paths.DEFAULTS_ENV, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("XDG_CONFIG_DIRS", raising=False)
    assert paths.machine_defaults_candidates() == [Path("/etc/xdg/kartlaggning/defaults.json")]
    monkeypatch.setenv("XDG_CONFIG_DIRS", f"{tmp_path}/a:relative/b::{tmp_path}/c")
    assert paths.machine_defaults_candidates() == [tmp_path / "a" / "kartlaggning" / "defaults.json",
                                                   tmp_path / "c" / "kartlaggning" / "defaults.json"]
    monkeypatch.setattr(sys, "platform", "darwin")
    assert paths.machine_defaults_candidates() == [
        Path("/Library/Application Support/Kartlaggning/defaults.json")]
    monkeypatch.setenv(paths.DEFAULTS_ENV, str(tmp_path / "it.json"))
    assert paths.machine_defaults_candidates() == [tmp_path / "it.json"]


# ---- private files --------------------------------------------------------------------------------

def test_private_file_helpers_work_without_posix_modes(windows, tmp_path, monkeypatch):
    """On Windows the per-user ACL of %LOCALAPPDATA% protects the files; the helpers
    must not fail, and must not rely on chmod."""
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    from kartlaggning.cli.files import write_chunks_atomic
    from kartlaggning.config import AppConfig
    data = paths.ensure_private(paths.data_dir())
    assert data.is_dir()
    files.ensure_private_dir(tmp_path / "Local" / "Kartlaggning" / "backups")
    files.ensure_private_dir(tmp_path / "usb", tighten_existing=False)
    files.write_atomic(data / "x.bin", b"abc")
    files.make_private(data / "x.bin")
    files.make_private(data / "missing")
    files.fsync_dir(data)  # Windows cannot open a directory: a no-op
    size, _digest = write_chunks_atomic(tmp_path / "export.json", ["{", "}"])
    cfg = AppConfig.load()
    cfg.idle_lock_minutes = 9
    cfg.save()
    assert (data / "x.bin").read_bytes() == b"abc" and size == 2
    assert AppConfig.load().idle_lock_minutes == 9
    assert AppConfig.path().is_file() and AppConfig.path().is_relative_to(tmp_path / "Roaming")
    assert windows.os.chmod_calls == []


def test_log_keeps_only_file_names_of_windows_paths():
    """A Windows traceback path carries the profile folder (the user's name)."""
    from kartlaggning import log
    where = r"C:\Users\anna.andersson\AppData\Local\Programs\Kartlaggning\storage\vault.py"
    try:
        exec(compile("raise ValueError('secret text')", where, "exec"))
    except ValueError as exc:
        text = log.safe_traceback(ValueError, exc, exc.__traceback__)
    assert "vault.py:1:" in text
    assert "anna" not in text and "Users" not in text and "secret" not in text


# ---- printing -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("platform, backend", [("win32", "qprinter"), ("cygwin", "qprinter"), ("darwin", "qprinter"),
                                               ("linux", "lp"), ("freebsd14", "lp")])
def test_print_backend_per_platform(platform, backend):
    from kartlaggning.ui.plans import printing
    assert printing.print_backend(platform) == backend


def test_print_backend_follows_the_running_platform(monkeypatch):
    from kartlaggning.ui.plans import printing
    monkeypatch.setattr(sys, "platform", "win32")
    assert printing.print_backend() == printing.QPRINTER and not printing.uses_cups()
    monkeypatch.setattr(sys, "platform", "linux")
    assert printing.print_backend() == printing.LP and printing.uses_cups()


def _sample_pdf() -> bytes:
    from kartlaggning.models.printed import PLAN, PrintContent
    from kartlaggning.printouts import samples
    from kartlaggning.printouts.render import render
    return render(PrintContent(PLAN, samples.sample_plan()), samples.sample_header(), samples.sample_info(1))


def _accepting_dialog(monkeypatch, printing, configure=lambda printer: None):
    from PySide6.QtWidgets import QDialog

    class AcceptingPrintDialog:  # the user picks a printer and presses Print
        def __init__(self, printer, parent=None):
            self.printer = printer

        def setMinMax(self, *_a):
            pass

        def exec(self):
            configure(self.printer)
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(printing, "QPrintDialog", AcceptingPrintDialog)


def test_simulated_windows_prints_through_qprinter_without_lp_or_temp_files(qtbot, tmp_path, monkeypatch):
    """On win32 the preview's Print paints every page onto the QPrinter. There is
    no Windows printer here, so the test points that QPrinter at a PDF file just
    before painting (standing in for the device context a driver would give) and
    counts the painted pages with pypdf."""
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    from kartlaggning.ui.plans import printing
    pdf = _sample_pdf()
    printing.PdfPages(pdf).close()  # pypdfium2 finds its library by sys.platform: load it first
    spool = tmp_path / "tmpdir"
    spool.mkdir()
    monkeypatch.setenv("TMPDIR", str(spool))  # Qt's and Python's temp folder: must stay empty
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(printing, "send_to_cups", lambda *a: pytest.fail("lp used on Windows"))
    _accepting_dialog(monkeypatch, printing)
    device = tmp_path / "printer-device.pdf"
    painted = []
    real_render = printing.render_to_printer

    def render_onto_stand_in_device(pages, printer):
        assert not printing.is_print_to_pdf_file(printer)  # a printer, not "print to file"
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(device))
        printer.setResolution(100)
        painted.append(real_render(pages, printer))
        return painted[-1]

    monkeypatch.setattr(printing, "render_to_printer", render_onto_stand_in_device)
    before = set(tmp_path.rglob("*"))
    dialog = printing.PdfPreviewDialog(pdf, "preview", "individuell-plan-v1")
    qtbot.addWidget(dialog)
    pages = dialog.pages.page_count()
    assert pages >= 2
    assert dialog.print_now() and dialog.printed
    printed = PdfReader(str(device)).pages
    assert painted == [pages] and len(printed) == pages
    for page in printed:  # a page image each, not the original text
        images = [x.get_object() for x in page["/Resources"]["/XObject"].values()]
        assert [im["/Subtype"] for im in images] == ["/Image"]
    assert list(spool.iterdir()) == []
    assert set(tmp_path.rglob("*")) - before == {device}  # nothing else written


def test_simulated_linux_prints_through_lp(qtbot, monkeypatch):
    from kartlaggning.ui.plans import printing
    pdf = _sample_pdf()
    monkeypatch.setattr(sys, "platform", "linux")
    sent = []
    monkeypatch.setattr(printing, "send_to_cups", lambda data, args: sent.append((data, args)))
    monkeypatch.setattr(printing, "render_to_printer", lambda *a: pytest.fail("QPainter path used with CUPS"))
    _accepting_dialog(monkeypatch, printing)
    dialog = printing.PdfPreviewDialog(pdf, "preview", "individuell-plan-v1")
    qtbot.addWidget(dialog)
    assert dialog.print_now()
    (data, args), = sent
    assert data == pdf and args[:2] == ["-t", "individuell-plan-v1"]


def test_print_to_pdf_file_keeps_the_original_pdf_on_every_backend(qtbot, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from kartlaggning.ui.plans import printing
    pdf = _sample_pdf()
    dialog = printing.PdfPreviewDialog(pdf, "preview", "plan-v1")
    qtbot.addWidget(dialog)
    for backend in (printing.LP, printing.QPRINTER):
        printer = QPrinter()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / f"{backend}.pdf"))
        printing.send_to_printer(dialog.pages, printer, "plan-v1", backend=backend)
        assert (tmp_path / f"{backend}.pdf").read_bytes() == pdf


def test_qpainter_path_page_order_and_copies(qtbot, tmp_path):
    """Range, last page first, and copies the printer cannot make itself."""
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    from kartlaggning.ui.plans import printing
    pages = printing.PdfPages(_sample_pdf())
    count = pages.page_count()
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(50)
    assert printing.printed_page_indexes(printer, count) == list(range(count))
    printer.setPageOrder(QPrinter.PageOrder.LastPageFirst)
    assert printing.printed_page_indexes(printer, count) == list(reversed(range(count)))
    printer.setPageOrder(QPrinter.PageOrder.FirstPageFirst)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(1, 2)
    printer.setCopyCount(2)
    if printer.supportsMultipleCopies():  # a driver that copies itself gets each page once
        expected = [0, 1]
    else:
        printer.setCollateCopies(True)
        assert printing.printed_page_indexes(printer, count) == [0, 1, 0, 1]
        printer.setCollateCopies(False)
        expected = [0, 0, 1, 1]
    assert printing.printed_page_indexes(printer, count) == expected
    printer.setOutputFileName(str(tmp_path / "copies.pdf"))
    assert printing.render_to_printer(pages, printer) == len(expected)
    assert len(PdfReader(str(tmp_path / "copies.pdf")).pages) == len(expected)
    pages.close()
