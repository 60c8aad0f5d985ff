"""Launchers.

- ``kartlaggning`` (a GUI launcher: no console window on Windows) opens the program
  window; ``--vault`` and ``--lang`` are its only options.
- ``kartlaggning-cli`` (a console launcher) runs the commands for IT support and
  scripts; see ``kartlaggning-cli --help``.
- ``python -m kartlaggning`` behaves like ``kartlaggning-cli``, and opens the window
  when no command is given.
"""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """``python -m kartlaggning``: a command, or the window without one."""
    from .cli import main as cli_main
    return cli_main(argv)


def main_cli(argv: list[str] | None = None) -> int:
    """``kartlaggning-cli``: the command line; never opens the window by accident."""
    from .cli import main as cli_main
    return cli_main(argv, window_without_command=False)


def main_gui(argv: list[str] | None = None) -> int:
    """``kartlaggning``: the window. A command given here runs only where there is a
    console to answer on; without one (Windows' GUI launcher) it is refused in a
    message box, so nothing (a recovery key) is ever printed to nowhere."""
    from .cli import main as cli_main
    from .cli.common import console_available
    argv = list(sys.argv[1:] if argv is None else argv)
    if console_available() or not _names_a_command(argv):
        return cli_main(argv)
    from .ui.app import show_message_without_console
    return show_message_without_console()


def _names_a_command(argv: list[str]) -> bool:
    from .cli import COMMAND_NAMES
    return any(arg in COMMAND_NAMES for arg in argv) or any(a in ("-h", "--help", "--version") for a in argv)


if __name__ == "__main__":
    sys.exit(main())
