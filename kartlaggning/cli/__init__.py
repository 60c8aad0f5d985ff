"""Command line: ``kartlaggning <command> --vault PATH ...``.

Each command is one module in this package listed in ``COMMAND_MODULES``; it
exposes ``add_parser(subparsers) -> ArgumentParser`` (build it with
``common.add_command`` so it gets ``--vault`` and ``--lang``) and
``run(args) -> int``. To add a command, add a module and one list entry.

Nothing here imports Qt; storage is imported by the commands when they run.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
import textwrap
from pathlib import Path

from .. import __version__, i18n
from ..i18n import _
from . import common
from .common import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, EXIT_WRONG_SECRET, CliError

COMMAND_MODULES = ["init", "verify", "backup", "export", "import_", "demo", "passwd", "audit", "print_cmd",
                   "extract", "delete", "gallring", "progress", "screenshots"]
# The names typed on the command line (a test keeps them equal to the parser's).
COMMAND_NAMES = ("init", "verify", "backup", "export", "import", "demo", "passwd", "audit", "print",
                 "extract", "delete", "gallring", "progress", "screenshots")

__all__ = ["COMMAND_MODULES", "build_parser", "dispatch", "main", "parse_args", "resolve_language",
           "EXIT_OK", "EXIT_FAILED", "EXIT_WRONG_SECRET", "EXIT_USAGE", "EXIT_INTERRUPTED"]


class Parser(argparse.ArgumentParser):
    """Usage errors exit with 64, so they are never mistaken for 'wrong passphrase' (2)."""

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


class Formatter(argparse.HelpFormatter):
    """Wraps each paragraph (separated by a blank line) of descriptions and epilogs on its own."""

    def _fill_text(self, text, width, indent):
        return "\n\n".join(textwrap.fill(" ".join(p.split()), width, initial_indent=indent,
                                         subsequent_indent=indent) for p in text.split("\n\n"))


def resolve_language(argv: list[str]) -> str:
    """--lang, else KARTLAGGNING_LANG, else the app setting, else Swedish."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang")
    known, _rest = pre.parse_known_args(argv)
    for choice in (known.lang, os.environ.get("KARTLAGGNING_LANG")):
        if choice in i18n.LANGUAGES:
            return choice
    from ..config import AppConfig
    config = AppConfig.load()
    language = config.language if config.language in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE
    if config.problem:  # a bad settings file: say so once, in the language the command will speak
        i18n.set_language(language)
        common.err(config.problem)
    return language


def _epilog() -> str:
    return "\n\n".join([
        _("Exit codes: 0 done; 1 failed (damaged vault, invalid file, broken audit log, ...); "
          "2 wrong passphrase or recovery key; 64 wrong use of the command line; 130 interrupted."),
        _("The passphrase is asked in the terminal. Scripts set KARTLAGGNING_PASSPHRASE "
          "(the new one for passwd in KARTLAGGNING_NEW_PASSPHRASE, the recovery key in "
          "KARTLAGGNING_RECOVERY_KEY). It is never given on the command line."),
    ])


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="kartlaggning-cli", formatter_class=Formatter,
                    description=_("Kartläggning: hinder and resurser after the SASSAM method. "
                                  "kartlaggning-cli runs the commands below; the program window "
                                  "opens with kartlaggning (or the Start menu)."),
                    epilog=_epilog())
    parser.add_argument("--version", action="version", version=f"kartlaggning {__version__}")
    parser.add_argument("--vault", dest="gui_vault", type=Path, metavar=_("PATH"),
                        help=_("the vault to open (default: the vault in your data folder)"))
    parser.add_argument("--lang", dest="gui_lang", choices=i18n.LANGUAGES, help=_("language: sv or en"))
    subparsers = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=Parser)
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        sub = module.add_parser(subparsers)
        sub.set_defaults(run=module.run)
        sub.epilog = sub.epilog or _epilog()
        sub.formatter_class = Formatter
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace | int:
    """The parsed arguments, or an exit code (after --help, --version or a usage error)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    from .. import resources
    try:
        resources.check()
        i18n.set_language(resolve_language(argv))
    except resources.MissingResource as exc:
        common.err(exc.message)
        return EXIT_FAILED
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else EXIT_USAGE)
    if args.command is not None:
        args.vault = Path(args.vault or args.gui_vault or common.default_vault_path()).expanduser()
    return args


def dispatch(args: argparse.Namespace) -> int:
    """Run a parsed command; errors become a short message and an exit code, never a traceback."""
    common.tolerant_output()
    try:
        return int(args.run(args) or EXIT_OK)
    except CliError as exc:
        common.err(exc.message)
        return exc.code
    except KeyboardInterrupt:
        common.err("\n" + _("Interrupted."))
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        return _report(exc)


def _report(exc: Exception) -> int:
    storage_errors = sys.modules.get("kartlaggning.storage.errors")
    if storage_errors and isinstance(exc, storage_errors.VaultError):
        common.err(exc.message)
        wrong = (storage_errors.WrongPassphrase, storage_errors.WrongRecoveryKey)
        return EXIT_WRONG_SECRET if isinstance(exc, wrong) else EXIT_FAILED
    from ..models.errors import ValidationError
    if isinstance(exc, ValidationError):
        common.err(_("{field}: {message}").format(field=exc.field, message=exc.message))
        return EXIT_FAILED
    if isinstance(exc, OSError):
        reason = None
        if storage_errors:  # a full disk, read-only media: in the words the storage errors use
            from ..storage.faults import describe
            reason = describe(exc)
        if reason and not exc.filename:  # a write() with no file name to it (the disk filled up)
            common.err(reason)
        else:
            common.err(_("Could not read or write {file}: {reason}").format(
                file=exc.filename or "", reason=reason or exc.strerror or type(exc).__name__))
        return EXIT_FAILED
    # Unexpected: the message may quote personal data, so only the type goes out.
    from .. import log
    try:
        log.setup()
        log.log.error("cli crash %s", log.safe_traceback(type(exc), exc, exc.__traceback__))
    except OSError:
        pass
    common.err(_("Internal error ({kind}); details are in the log file.").format(kind=type(exc).__name__))
    return EXIT_FAILED


def vault_to_open(argv: list[str]) -> Path | None:
    """A vault file given alone (dragged onto the program, "Öppna med"): the window opens it."""
    if len(argv) == 1 and argv[0].lower().endswith(".kvault") and not argv[0].startswith("-"):
        return Path(argv[0])
    return None


def window_options(argv: list[str]) -> tuple[Path | None, str | None]:
    """The window launcher's arguments where no console exists to print on: the vault to
    open (None: the default) and the language of this start (None: the setting).
    Raises ``CliError`` with a message to show in a box."""
    if (vault := vault_to_open(argv)) is not None:
        return vault, None
    vault, language, rest = None, None, list(argv)
    while rest:
        arg = rest.pop(0)
        name, has_value, value = arg.partition("=")
        if name in ("--vault", "--lang"):
            if not has_value:
                if not rest or rest[0].startswith("--"):
                    raise CliError(_("{option} needs a value.").format(option=name), EXIT_USAGE)
                value = rest.pop(0)
            if name == "--vault":
                vault = Path(value)
            elif value not in i18n.LANGUAGES:
                raise CliError(_("--lang takes sv or en, not {value}.").format(value=value), EXIT_USAGE)
            else:
                language = value
        elif arg in COMMAND_NAMES or arg in ("-h", "--help", "--version"):
            raise CliError(_("Commands run in a terminal with kartlaggning-cli (for example "
                             "\"kartlaggning-cli init\"). This launcher opens the program window only."),
                           EXIT_USAGE)
        else:
            raise CliError(_("The program was started with an argument it does not know: {argument}. "
                             "It takes --vault PATH and --lang sv|en; check the shortcut.").format(argument=arg),
                           EXIT_USAGE)
    return vault, language


def main(argv: list[str] | None = None, window_without_command: bool = True) -> int:
    """Parse and run a command; without one, open the program window (or, for the
    console launcher, show the help)."""
    from .. import hardening
    hardening.protect_process()  # no core dump, no ptrace, before any vault is opened
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv and window_without_command:
        return run_gui(None)
    if window_without_command and (vault := vault_to_open(argv)) is not None:
        return run_gui(vault)
    parsed = parse_args(argv)
    if isinstance(parsed, int):
        return parsed
    if parsed.command is None:
        if window_without_command:
            return run_gui(parsed.gui_vault, parsed.gui_lang)
        build_parser().print_help(sys.stderr)
        return EXIT_USAGE
    return dispatch(parsed)


def run_gui(vault_path: Path | None = None, language: str | None = None) -> int:
    """The window; ``language`` (--lang) for this start only, else the setting."""
    from ..ui.app import run  # Qt only when the window is wanted
    return int(run(Path(vault_path).expanduser() if vault_path else None, language=language) or 0)
