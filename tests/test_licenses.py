"""Licence texts and third-party notices shipped inside the package."""
from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from kartlaggning import resources

ROOT = Path(__file__).resolve().parent.parent
NOTICES = "licenses/THIRD-PARTY-NOTICES.md"
# A file name in backticks: `name.txt`, `pypdfium2/LICENSES/x.txt`, `../fonts/y.txt`.
FILE_REF = re.compile(r"`((?:\.\./)?[\w.+-]+(?:/[\w.+-]+)*\.(?:txt|md|ijg))`")
SECTION = re.compile(r"^## (.+)$", re.MULTILINE)


def _notices() -> str:
    return resources.read_text(NOTICES)


def _referenced_files(text: str) -> set[str]:
    # `LICENSE` / `METADATA` / `LICENSE.txt` name files inside other packages' dist-info;
    # only paths that start with a known folder or carry our naming are our files.
    names = set(FILE_REF.findall(text))
    return {n for n in names if n not in {"LICENSE.txt"}}


def _resource(name: str):
    parts = []
    for part in f"licenses/{name}".split("/"):
        if part == "..":
            parts.pop()
        else:
            parts.append(part)
    return resources.file("/".join(parts))


def _dependency_names() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    return [canonicalize_name(Requirement(d).name) for d in project["dependencies"]]


def _section_names(text: str) -> set[str]:
    """Every package-like word of every heading: "PySide6 (pyside6-essentials)" gives
    pyside6 and pyside6-essentials."""
    words = set()
    for heading in SECTION.findall(text):
        words |= {canonicalize_name(w) for w in re.findall(r"[a-z0-9][a-z0-9._-]*", heading.lower())}
    return words


def _runtime_closure() -> set[str]:
    """The runtime dependencies and everything they require, on Linux and on Windows
    (markers evaluated for both; a Windows-only package need not be installed here)."""
    environments = [{"extra": "", "sys_platform": p, "platform_system": s, "os_name": o}
                    for p, s, o in (("linux", "Linux", "posix"), ("win32", "Windows", "nt"))]
    seen: set[str] = set()
    todo = list(_dependency_names())
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.distribution(name).requires or []
        except metadata.PackageNotFoundError:
            continue
        for line in requires:
            req = Requirement(line)
            if req.marker is None or any(req.marker.evaluate(env) for env in environments):
                todo.append(canonicalize_name(req.name))
    return seen


def test_every_file_listed_in_the_notices_exists_and_is_not_empty():
    refs = _referenced_files(_notices())
    assert len(refs) >= 20, refs  # the parser found the references at all
    missing = [n for n in sorted(refs) if not _resource(n).is_file()]
    assert not missing, f"named in the notices but not shipped: {missing}"
    empty = [n for n in sorted(refs) if not _resource(n).read_bytes().strip()]
    assert not empty, f"empty licence files: {empty}"


def test_every_licence_file_in_the_folder_is_named_in_the_notices():
    text = _notices()
    folder = resources.file("licenses")
    shipped = {p.name for p in folder.iterdir() if p.is_file() and p.name != "THIRD-PARTY-NOTICES.md"}
    unnamed = sorted(n for n in shipped if f"`{n}`" not in text)
    assert not unnamed, f"licence files no notice section points to: {unnamed}"


def test_the_eupl_text_is_the_whole_licence():
    text = resources.read_text("licenses/EUPL-1.2.txt")
    assert text.startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    assert "EUPL © the European Union 2007, 2016" in text
    for article in ("Definitions", "Scope of the rights granted by the Licence", "Obligations of the Licensee",
                    "Disclaimer of Warranty", "Disclaimer of Liability", "Jurisdiction", "Applicable Law"):
        assert article in text, article
    appendix = text[text.index("Appendix"):]
    assert "‘Compatible Licences’ according to Article 5 EUPL are:" in appendix
    for licence in ("GNU General Public License (GPL) v. 2, v. 3", "Mozilla Public Licence (MPL) v. 2",
                    "GNU Lesser General Public Licence (LGPL) v. 2.1, v. 3",
                    "European Union Public Licence (EUPL) v. 1.1, v. 1.2"):
        assert licence in appendix, licence
    assert text.rstrip().endswith("All other changes or additions to this Appendix require the production of a new "
                                  "EUPL version.")


@pytest.mark.parametrize("name, marker", [
    ("LGPL-3.0.txt", "GNU LESSER GENERAL PUBLIC LICENSE\n                       Version 3, 29 June 2007"),
    ("GPL-3.0.txt", "GNU GENERAL PUBLIC LICENSE\n                       Version 3, 29 June 2007"),
    ("Apache-2.0.txt", "Apache License\n                           Version 2.0, January 2004"),
    ("PyInstaller-COPYING.txt", "Bootloader Exception"),
    ("Python-PSF-LICENSE.txt", "PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2"),
    ("SQLCipher-LICENSE.txt", "ZETETIC LLC"),
    ("CLDR-Unicode-LICENSE.txt", "UNICODE LICENSE V3"),
])
def test_shared_licence_texts_are_the_real_ones(name, marker):
    text = resources.read_text(f"licenses/{name}")
    assert marker in text
    assert len(text) > 1000


def test_gpl3_text_is_complete():
    text = resources.read_text("licenses/GPL-3.0.txt")
    assert "END OF TERMS AND CONDITIONS" in text and "How to Apply These Terms to Your New Programs" in text


def test_every_runtime_dependency_has_a_section():
    sections = _section_names(_notices())
    missing = [d for d in _dependency_names() if d not in sections]
    assert not missing, f"runtime dependencies without a notice section: {missing}"


def test_every_shipped_package_has_a_section():
    """What the runtime dependencies pull in is shipped too, so each needs its section."""
    closure = _runtime_closure()
    assert {"shiboken6", "pillow", "charset-normalizer"} <= closure  # the walk reached the transitive ones
    missing = sorted(closure - _section_names(_notices()))
    assert not missing, f"shipped packages without a notice section: {missing}"


def test_lgpl_sections_say_how_to_replace_the_libraries():
    text = _notices()
    replace = text[text.index("## Replacing the LGPL components"):text.index("## Kartläggning")]
    assert "one-folder" in replace and "pip install" in replace
    assert "code.qt.io" in replace  # where the source is
    for name in ("PySide6 (pyside6-essentials)", "shiboken6", "Qt"):
        body = text.split(f"## {name}\n", 1)[1].split("\n## ", 1)[0]
        assert "LGPL-3.0" in body and "Replacing the LGPL components" in body, name


def test_dejavu_licence_is_referenced_not_copied():
    text = _notices()
    assert "`../fonts/DejaVu-LICENSE.txt`" in text
    assert resources.file("fonts/DejaVu-LICENSE.txt").is_file()
    assert not resources.file("licenses/DejaVu-LICENSE.txt").is_file()


def test_root_license_points_to_the_shipped_text():
    text = (ROOT / "LICENSE").read_text("utf-8")
    assert "EUPL-1.2" in text and "Licensed under the EUPL" in text
    for path in re.findall(r"kartlaggning/resources/licenses/[\w.-]+", text):
        assert (ROOT / path).is_file(), path
    assert "kartlaggning/resources/licenses/EUPL-1.2.txt" in text
