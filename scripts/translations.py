#!/usr/bin/env python3
"""Keep the translation catalogue in step with the code.

    python scripts/translations.py extract   # source -> kartlaggning/resources/locale/kartlaggning.pot
    python scripts/translations.py update    # merge into .../locale/sv/LC_MESSAGES/kartlaggning.po
    python scripts/translations.py compile   # .po -> .mo (committed, shipped as package data)
    python scripts/translations.py check     # exit 1 if a msgid lacks a Swedish text or the .mo is stale

"Stale" compares meaning, not bytes: the messages the .mo holds against those of the
.po. Headers written by whichever babel compiled it do not count.
"""
from __future__ import annotations

import gettext
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "kartlaggning" / "resources" / "locale"
POT = LOCALE / "kartlaggning.pot"
PO = LOCALE / "sv" / "LC_MESSAGES" / "kartlaggning.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    catalog = Catalog(project="kartlaggning", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / "kartlaggning", method_map=[("**.py", "python")], keywords=KEYWORDS,
            comment_tags=("Translators:",), strip_comment_tags=True):
        catalog.add(message, locations=[(f"kartlaggning/{filename}", lineno)], auto_comments=comments)
    return catalog


def load_po() -> Catalog:
    with open(PO, "rb") as f:
        return read_po(f, locale="sv")


def mo_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog)
    return buf.getvalue()


def problems() -> list[str]:
    template = extract()
    po = load_po()
    out = []
    for message in template:
        if not message.id:
            continue
        found = po.get(message.id)
        if found is None or not found.string or (isinstance(found.string, tuple) and not all(found.string)):
            out.append(f"untranslated: {message.id!r}")
        elif found.fuzzy:
            out.append(f"fuzzy: {message.id!r}")
    if not MO.exists() or mo_messages(MO.read_bytes()) != mo_messages(mo_bytes(po)):
        out.append("translations .mo is stale: run scripts/translations.py compile")
    return out


def mo_messages(data: bytes) -> dict:
    """The messages of a compiled catalogue, without its header (msgid "")."""
    catalog = gettext.GNUTranslations(io.BytesIO(data))
    return {k: v for k, v in catalog._catalog.items() if k not in ("", ("", 0))}


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "extract":
        POT.parent.mkdir(parents=True, exist_ok=True)
        with open(POT, "wb") as f:
            write_po(f, extract(), omit_header=False, sort_output=True)
    elif command == "update":
        template = extract()
        po = load_po() if PO.exists() else Catalog(locale="sv", project="kartlaggning")
        po.update(template, no_fuzzy_matching=True)
        po.fuzzy = False
        po.project, po.version = "kartlaggning", "1"
        PO.parent.mkdir(parents=True, exist_ok=True)
        with open(PO, "wb") as f:
            write_po(f, po, sort_output=True, ignore_obsolete=True, width=100)
    elif command == "compile":
        MO.write_bytes(mo_bytes(load_po()))
    elif command == "check":
        found = problems()
        for p in found:
            print(p)
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
