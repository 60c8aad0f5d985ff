"""``kartlaggning`` / ``python -m kartlaggning``: the program window without a
command, the command line with one (see ``kartlaggning --help``)."""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from .cli import main as cli_main
    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
