"""``demo [--count N]``: fill a vault with fictional participants (test
personnummer only) for trying the program and for screenshots."""
from __future__ import annotations

from datetime import date

from ..i18n import _
from . import common, init
from .errors import EXIT_OK


def add_parser(subparsers):
    parser = common.add_command(
        subparsers, "demo", _("fill a vault with fictional participants for trying the program"),
        _("Add nine fictional participants at different stages of the method (test personnummer "
          "only) and the workplaces they train at. Creates the vault if it does not exist (then with the "
          "demo's letterhead and handläggare); participants already there are skipped."))
    parser.add_argument("--count", type=int, default=0, metavar="N",
                        help=_("also add N generated participants, for trying a long list"))
    return parser


def run(args) -> int:
    from .. import demo
    created = not init.vault_or_keys_exist(args.vault)
    if created:
        vault = init.create(args.vault)
        common.out()
    else:
        vault = common.open_vault(args.vault)
    try:
        today = date.today()
        with vault.transaction():
            # the hand-written people with their workplaces and avslut; a vault made here also
            # gets the demo's letterhead and handläggare
            added, skipped = demo.save_demo(vault.repo, today, settings=created)
            for record in demo.bulk_records(max(0, args.count), today=today):
                p = record.participant
                if vault.repo.id_for_personnummer(p.personnummer) or vault.repo.owners_of_ids([p.id]):
                    skipped += 1
                    continue
                vault.repo.save_record(record)
                added += 1
    finally:
        vault.close()
    common.out(_("Added {added} fictional participants to {path} ({skipped} were already there).").format(
        added=added, path=args.vault, skipped=skipped))
    return EXIT_OK
