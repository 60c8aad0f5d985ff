"""``import FILE.json``: all or nothing. Every record is checked before anything
is written, then all are saved in one transaction; one bad record means a
message naming the record and field, and nothing imported.

A participant already in the vault (same id or same personnummer) is refused
unless ``--replace`` is given; then everything stored about that person is
replaced by the file's content. A personnummer that belongs to a different
participant (another id) in the vault, or any id used by another participant's
rows, is always refused.
"""
from __future__ import annotations

import json
from pathlib import Path

from .. import exchange
from ..i18n import _, ngettext
from ..models.personnummer import format_stored
from . import common
from .errors import EXIT_FAILED, EXIT_OK, CliError

MAX_SHOWN = 20


def add_parser(subparsers):
    parser = common.add_command(
        subparsers, "import", _("read participants from an export file (all or nothing)"),
        _("Read participants from a file written by export. Everything is checked first; "
          "if one record is wrong, nothing is imported and the record and field are named."))
    parser.add_argument("file", type=Path, metavar=_("FILE.json"), help=_("the export file to read"))
    parser.add_argument("--replace", action="store_true",
                        help=_("replace participants that are already in the vault with the file's content"))
    return parser


def read_document(path: Path):
    try:
        data = path.expanduser().read_bytes()
    except FileNotFoundError:
        raise CliError(_("No file at {path}; nothing was imported.").format(path=path)) from None
    try:
        return json.loads(data.decode("utf-8-sig"))
    except RecursionError:
        raise too_deep(path) from None
    except UnicodeDecodeError:
        raise CliError(_("{path} is not UTF-8 text; nothing was imported.").format(path=path)) from None
    except json.JSONDecodeError as exc:
        raise CliError(_("{path} is not valid JSON (line {line}, column {column}: {reason}); "
                         "nothing was imported.").format(path=path, line=exc.lineno, column=exc.colno,
                                                         reason=exc.msg)) from None


def too_deep(path: Path) -> CliError:
    """An export is a few levels deep; a file nested past Python's limit is not one."""
    return CliError(_("{path} is not a valid export file: its JSON is nested too deeply; "
                      "nothing was imported.").format(path=path))


def vault_conflicts(vault, records, replace: bool) -> list[exchange.ImportProblem]:
    """Records that clash with what the vault already holds."""
    problems = []
    all_ids = [value for r in records for _path, value in exchange.record_ids(r)]
    owners = vault.repo.owners_of_ids(all_ids)
    for index, record in enumerate(records):
        p = record.participant
        who = format_stored(p.personnummer)

        def add(field: str, message: str) -> None:
            problems.append(exchange.ImportProblem(index, who, field, message))

        holder = vault.repo.id_for_personnummer(p.personnummer)
        exists = p.id in owners or holder == p.id
        if holder is not None and holder != p.id:
            add("participant.personnummer", _("Another participant in the vault has this personnummer."))
        elif exists and not replace:
            add("", _("Already in the vault. Use --replace to replace what is stored about this participant."))
        for path, value in exchange.record_ids(record):
            owner = owners.get(value)
            if owner is not None and owner != p.id:
                add(path, _("The id {id} is already used by another participant in the vault.").format(id=value))
    return problems


def fail(problems: list[exchange.ImportProblem]) -> int:
    for problem in problems[:MAX_SHOWN]:
        common.err(problem.describe())
    if len(problems) > MAX_SHOWN:
        common.err(_("… and {count} more problems.").format(count=len(problems) - MAX_SHOWN))
    common.err(_("Nothing was imported."))
    return EXIT_FAILED


def save_all(vault, records) -> None:
    """Every record in one transaction; the first failure rolls all of it back."""
    with vault.transaction():
        for index, record in enumerate(records):
            who = format_stored(record.participant.personnummer)
            try:
                vault.repo.save_record(record)
            except Exception as exc:  # noqa: BLE001 - reported with the record, then rolled back
                field = getattr(exc, "field", "")
                message = getattr(exc, "message", None) or _("Could not be saved ({error}).").format(
                    error=type(exc).__name__)
                raise exchange.ImportProblem(index, who, field, message) from None
            vault.audit.append("participant.imported", record.participant.id)


def run(args) -> int:
    doc = read_document(args.file)
    try:
        records = exchange.load(doc)
    except exchange.ImportProblem as problem:
        return fail(problem.all)
    except RecursionError:
        raise too_deep(args.file) from None
    del doc
    vault = common.open_vault(args.vault)
    try:
        problems = vault_conflicts(vault, records, args.replace)
        if problems:
            return fail(problems)
        try:
            save_all(vault, records)
        except exchange.ImportProblem as problem:
            return fail([problem])
    finally:
        vault.close()
    common.out(ngettext("Imported {count} participant from {path}.", "Imported {count} participants from {path}.",
                        len(records)).format(count=len(records), path=args.file))
    return EXIT_OK
