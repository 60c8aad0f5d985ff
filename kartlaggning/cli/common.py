"""What every command shares: options, output, exit codes, opening the vault."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import i18n, paths
from ..i18n import _
from . import secrets
from .errors import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, EXIT_WRONG_SECRET, CliError  # noqa: F401


def default_vault_path() -> Path:
    return paths.default_vault_path()


def add_command(subparsers, name: str, summary: str, description: str = "") -> argparse.ArgumentParser:
    """A subcommand parser with the options every command takes."""
    parser = subparsers.add_parser(name, help=summary, description=description or summary)
    parser.add_argument("--vault", type=Path, metavar=_("PATH"),
                        help=_("the vault file (default: {path})").format(path=default_vault_path()))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language of messages: sv or en"))
    return parser


def out(text: str = "") -> None:
    print(text, file=sys.stdout, flush=True)


def err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def tolerant_output() -> None:
    """A console that cannot show a character gets an escape, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass


def refuse_folder(path: Path) -> None:
    """A folder given as the vault: said as such, before anything is asked or made."""
    if path.is_dir():
        raise CliError(_("{path} is a folder, not a vault file. Give the vault file itself with --vault "
                         "(its name ends in .kvault).").format(path=path))


def parse_date(text: str):
    """A date typed as YYYY-MM-DD; anything else said as such."""
    from datetime import date
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(_("Not a date: {value} (write it as YYYY-MM-DD).").format(value=text)) from None


def require_vault_file(path: Path) -> None:
    """Fail before asking for a passphrase when there is nothing to open."""
    refuse_folder(path)
    if not path.is_file():
        raise CliError(_("No vault at {path}. Create one with: kartlaggning-cli init --vault {path}").format(path=path))


def new_output_file(path: Path) -> Path:
    """``--out`` for a file this command creates; an existing file is never overwritten."""
    path = path.expanduser()
    if path.exists():
        raise CliError(_("{path} already exists. Choose a new file name; nothing was written.").format(path=path))
    return path


# What counts as "yes" at a confirmation, in either language.
YES = frozenset({"j", "ja", "y", "yes"})


def confirm(question: str) -> bool:
    """Ask ``question`` on the terminal; True only for yes (j/ja/y/yes). Never read
    from a pipe: with no terminal the command stops (scripts give --yes)."""
    if not secrets.interactive():
        raise CliError(_("Nothing was deleted: there is no terminal to ask for confirmation. "
                         "In a script, add --yes."))
    choices = _("[y/N]")
    try:
        answer = input(f"{question} {choices} ")
    except EOFError:
        return False
    return answer.strip().casefold() in YES


def parse_personnummer(text: str) -> str:
    """The 12 digits of ``--participant``, or CliError (before any passphrase is asked)."""
    from ..models import personnummer
    from ..models.errors import ValidationError
    try:
        return personnummer.parse(text).digits
    except ValidationError as exc:
        raise CliError(_("--participant {value}: {message}").format(value=text, message=exc.message)) from None


def open_vault(path: Path):
    """The vault at ``path``, unlocked with the passphrase or recovery key from the environment or terminal."""
    require_vault_file(path)
    passphrase, recovery_key = secrets.unlock_secret()
    from ..storage import Vault
    from ..storage.wal import set_aside_notice
    from ..storage import AnchorProblem
    try:
        vault = Vault.open(path, passphrase=passphrase, recovery_key=recovery_key)
    except AnchorProblem as exc:  # rolled back, a backup restored: say how to go on
        from .audit import anchor_advice
        raise CliError(exc.message + "\n" + anchor_advice(path)) from None
    if notice := set_aside_notice(path):  # a damaged -wal set aside at an earlier open
        err(notice)
    return vault


def console_available(stream=None) -> bool:
    """True when ``stream`` (standard output) exists and can be written: not None (a
    GUI launcher on Windows), not closed, not a closed file descriptor."""
    import io
    import os
    stream = sys.stdout if stream is None else stream
    if stream is None or getattr(stream, "closed", False):
        return False
    try:
        fd = stream.fileno()
    except (io.UnsupportedOperation, AttributeError):
        return True  # an in-memory stream (a capture): it exists
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def require_console() -> None:
    """Refuse, before anything is created, a command whose output must reach the user."""
    if not console_available():
        raise CliError(_("There is no console to show the recovery key on, so no vault was "
                         "created. Run the command in a terminal (kartlaggning-cli), or create "
                         "the vault in the program window."))


def print_recovery_key(recovery_key: str) -> None:
    out()
    out(_("Recovery key (shown only this once):"))
    out()
    out(f"    {recovery_key}")
    out()
    out(_("Write it down or print it and keep it in a safe place, apart from the laptop. "
          "It sets a new passphrase if the passphrase is forgotten; without either, "
          "nobody can open the vault."))
