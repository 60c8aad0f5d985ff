"""Files shipped inside the package (fonts, the compiled catalogue, icons, help,
licences), read through ``importlib.resources`` so a checkout, an installed wheel
and a frozen bundle find them the same way. Where the package lies on disk (a
checkout, a wheel, the PyInstaller bundle), ``files()`` is this folder anyway, so
it is used directly: importing ``importlib.resources`` costs ~10 ms of start-up.

``check()`` runs at every start: a missing file is a clear error, never a silent
fallback (an app without its catalogue would quietly speak English).
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.abc import Traversable

# Everything the app cannot run without, relative to this package.
REQUIRED = (
    "fonts/DejaVuSans.ttf",
    "fonts/DejaVuSans-Bold.ttf",
    "fonts/DejaVu-LICENSE.txt",
    "fonts/NotoSansEthiopic-Regular.ttf",  # Tigrinya, Amharic (printouts.scripts)
    "fonts/NotoSansEthiopic-Bold.ttf",
    "fonts/Noto-LICENSE.txt",
    "licenses/HarfBuzz-LICENSE.txt",
    "locale/sv/LC_MESSAGES/kartlaggning.mo",
    "color/sRGB.icc",  # every printout embeds it (PDF/A output intent)
    "passwords/common.txt",  # the passphrase rule's deny list: without it the rule would be weaker unseen
)


class MissingResource(RuntimeError):
    """A file of the installation is missing. The message is bilingual on purpose:
    the catalogue that would translate it may be the missing file."""

    def __init__(self, names: list[str]):
        self.names = names
        listed = ", ".join(names)
        super().__init__(
            f"Installationen av Kartläggning är ofullständig: {listed} saknas. "
            f"Installera om programmet eller kontakta IT-supporten.\n"
            f"The Kartläggning installation is incomplete: {listed} is missing. "
            f"Reinstall the program or contact IT support.")
        self.message = str(self)


@functools.cache
def root() -> "Traversable":
    here = Path(__file__).parent
    if (here / "__init__.py").is_file() or (here / "fonts").is_dir():
        return here
    from importlib import resources  # a package in a zip file or another loader
    return resources.files(__name__)


def file(name: str) -> "Traversable":
    node = root()
    for part in name.split("/"):
        node = node.joinpath(part)
    return node


def read_bytes(name: str) -> bytes:
    node = file(name)
    if not node.is_file():
        raise MissingResource([name])
    return node.read_bytes()


def read_text(name: str) -> str:
    return read_bytes(name).decode("utf-8")


def missing(names=REQUIRED) -> list[str]:
    return [n for n in names if not file(n).is_file()]


def check(names=REQUIRED) -> None:
    """Raise ``MissingResource`` naming every required file that is not there."""
    absent = missing(names)
    if absent:
        raise MissingResource(absent)
