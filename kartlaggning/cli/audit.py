"""``audit [--participant PNR]``: print the access log (ids and event codes only)
and exit 1 if its hash chain is broken."""
from __future__ import annotations

import re

from ..i18n import _
from . import common
from .errors import EXIT_FAILED, EXIT_OK

_ID = re.compile(r"^[0-9a-f]{32}$")


def add_parser(subparsers):
    parser = common.add_command(
        subparsers, "audit", _("print the access log and check that it is unaltered"),
        _("Print the vault's access log: number, time (UTC), event and participant id; never names. "
          "Exit code 1 if the log has been altered."))
    parser.add_argument("--participant", metavar=_("PERSONNUMMER"),
                        help=_("only entries about this participant (personnummer, or the id of a deleted one)"))
    return parser


def run(args) -> int:
    from .export import participant_id_for
    vault = common.open_vault(args.vault)
    try:
        pid = None
        if args.participant:
            text = args.participant.strip()
            pid = text if _ID.match(text) else participant_id_for(vault, text)
        entries = vault.audit.entries(pid)
        broken = vault.audit.broken_at()
    finally:
        vault.close()
    no, at, event, participant, detail = (_("No."), _("Time (UTC)"), _("Event"), _("Participant"), _("Detail"))
    common.out(f"{no:>6}  {at:<25}  {event:<26}  {participant:<32}  {detail}")
    for e in entries:
        common.out(f"{e.seq:>6}  {e.at:<25}  {e.event:<26}  {e.participant_id or '-':<32}  {e.detail}".rstrip())
    if broken is not None:
        common.err(_("The audit log has been altered: the chain breaks at entry {seq}. Keep the vault file "
                     "as it is and tell the person responsible for information security.").format(seq=broken))
        return EXIT_FAILED
    return EXIT_OK
