"""``delete --participant PNR [--yes]``: a participant and everything stored about
them, securely (services.records.delete_participant). Asks first, naming the
person, unless ``--yes``; the audit keeps only the id and the event."""
from __future__ import annotations

from ..i18n import _
from ..models.personnummer import format_stored
from . import common
from .errors import EXIT_OK, CliError


def add_parser(subparsers):
    parser = common.add_command(
        subparsers, "delete", _("delete a participant and everything stored about them"),
        _("Delete one participant and everything the vault holds about them: kartläggningar, plans, "
          "Utvecklingsplaner, Kompetenskort, every printed version and every draft. The space they took "
          "in the vault is overwritten. The access log keeps only that a participant (by id) was deleted. "
          "This cannot be undone: make a register extract (extract) first if the person has asked for one."))
    parser.add_argument("--participant", required=True, metavar=_("PERSONNUMMER"),
                        help=_("the participant (any common way of writing the number)"))
    parser.add_argument("--yes", action="store_true", help=_("do not ask for confirmation (for scripts)"))
    return parser


def run(args) -> int:
    from ..services import records
    from .export import participant_id_for

    common.parse_personnummer(args.participant)
    vault = common.open_vault(args.vault)
    try:
        pid = participant_id_for(vault, args.participant)
        p = vault.repo.get_participant(pid)
        pnr = format_stored(p.personnummer)
        if not args.yes and not common.confirm(
                _("Delete {name} ({pnr}) and everything stored about them? This cannot be undone.").format(
                    name=p.namn, pnr=pnr)):
            raise CliError(_("Nothing was deleted."))
        records.delete_participant(vault.repo, pid)
    finally:
        vault.close()
    common.out(_("Deleted the participant with personnummer {pnr} and everything stored about them.").format(pnr=pnr))
    return EXIT_OK
