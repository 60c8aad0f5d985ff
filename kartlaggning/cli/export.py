"""``export [--participant PNR] --out FILE.json``: the register extract, in the
documented format (docs/export-format.md)."""
from __future__ import annotations

from pathlib import Path

from ..services import records
from ..i18n import _, ngettext
from . import common
from .errors import EXIT_OK, CliError
from ..storage.outputs import UnfinishedOutputs
from .files import write_chunks_atomic


def add_parser(subparsers):
    parser = common.add_command(
        subparsers, "export", _("write everything about one or all participants to a JSON file"),
        _("Write everything the vault holds about one participant (the register extract a person "
          "may ask for) or about all participants to a JSON file. The file is NOT encrypted: "
          "write it only where it is meant to go, and delete it when it has been handed over."))
    parser.add_argument("--participant", metavar=_("PERSONNUMMER"),
                        help=_("only this participant (any common way of writing the number)"))
    parser.add_argument("--out", type=Path, required=True, metavar=_("FILE.json"), help=_("the file to write"))
    return parser


def participant_id_for(vault, text: str) -> str:
    """The id of the participant with personnummer ``text``, or CliError."""
    from ..models import personnummer
    from ..models.errors import ValidationError
    try:
        digits = personnummer.parse(text).digits
    except ValidationError as exc:
        raise CliError(_("--participant {value}: {message}").format(value=text, message=exc.message)) from None
    pid = vault.repo.id_for_personnummer(digits)
    if pid is None:
        raise CliError(_("No participant with personnummer {pnr} in the vault.").format(
            pnr=personnummer.format_stored(digits)))
    return pid


def run(args) -> int:
    out = common.new_output_file(args.out)
    vault = common.open_vault(args.vault)
    try:
        if args.participant:
            ids = [participant_id_for(vault, args.participant)]
        else:
            ids = [s.id for s in vault.repo.search()]
        journal = UnfinishedOutputs(vault.repo)  # a crash's leftover goes at the next unlock
        records.export(vault.repo, ids, lambda chunks: write_chunks_atomic(out, chunks, journal))
    finally:
        vault.close()
    common.out(ngettext("Exported {count} participant to {path}.", "Exported {count} participants to {path}.",
                        len(ids)).format(count=len(ids), path=out))
    common.out(_("The file is not encrypted. Hand it over or move it where it belongs, then delete it."))
    return EXIT_OK
