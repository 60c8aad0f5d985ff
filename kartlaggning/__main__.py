"""Launchers.

- ``kartlaggning`` (a GUI launcher: no console window on Windows) opens the program
  window; it takes ``--vault PATH``, ``--lang sv|en`` or a ``.kvault`` file alone (and,
  in a terminal, the commands too).
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
    """``kartlaggning``: the window. In a terminal it takes the commands too; without a
    console (Windows' GUI launcher) anything it cannot use, a command included, is
    said in a message box: never printed to a stream that does not exist."""
    from .cli.common import console_available
    argv = list(sys.argv[1:] if argv is None else argv)
    if console_available():
        from .cli import main as cli_main
        return cli_main(argv)
    from .ui.app import run_without_console
    return run_without_console(argv)


if __name__ == "__main__":
    sys.exit(main())
