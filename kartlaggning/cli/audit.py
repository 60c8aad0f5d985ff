"""``audit [--participant PNR] [--accept-restore]``: print the access log (ids and event
codes only) with each entry's fingerprint, and exit 1 if it has been altered: its
keyed chain broken, its append-only triggers gone, or the vault not matching its
anchor (rolled back, a backup restored, the anchor missing). Such a vault is read
without changing it; ``--accept-restore`` accepts a backup restored on purpose."""
from __future__ import annotations

import re

from ..i18n import _
from . import common, secrets
from .errors import EXIT_FAILED, EXIT_OK

_ID = re.compile(r"^[0-9a-f]{32}$")


def add_parser(subparsers):
    parser = common.add_command(
        subparsers, "audit", _("print the access log and check that it is unaltered"),
        _("Print the vault's access log: number, time (UTC), event, participant id and the entry's "
          "fingerprint; never names. Exit code 1 if the log has been altered or the vault is older "
          "than its last recorded state."))
    parser.add_argument("--participant", metavar=_("PERSONNUMMER"),
                        help=_("only entries about this participant (personnummer, or the id of a deleted one)"))
    parser.add_argument("--accept-restore", action="store_true",
                        help=_("open a vault that is older than its last recorded state because you restored "
                               "a backup on purpose (recorded in the audit log)"))
    return parser


def anchor_advice(path) -> str:
    return _("If you restored a backup on purpose, accept it with: kartlaggning-cli audit --vault {path} "
             "--accept-restore (this is recorded in the audit log). Otherwise keep the vault files as they "
             "are and tell the person responsible for information security.").format(path=path)


def run(args) -> int:
    common.require_vault_file(args.vault)
    text = (args.participant or "").strip()
    digits = common.parse_personnummer(text) if text and not _ID.match(text) else None
    passphrase, recovery_key = secrets.unlock_secret()
    from ..storage import AnchorProblem, Vault
    try:
        vault = Vault.open(args.vault, passphrase=passphrase, recovery_key=recovery_key,
                           accept_restore=args.accept_restore)
    except AnchorProblem:
        from ..storage.logread import read_log  # the log as it is, nothing written
        report = read_log(args.vault, passphrase, recovery_key, participant_id=text if _ID.match(text) else None,
                          personnummer=digits)
        entries, broken, missing, problem, head = (report.entries, report.broken_at, report.missing_triggers,
                                                   report.anchor_problem, report.head)
        accepted = False
    else:
        try:
            pid = None
            if text:
                from .export import participant_id_for
                pid = text if _ID.match(text) else participant_id_for(vault, text)
            entries = vault.audit.entries(pid)
            broken, missing, problem = vault.audit.broken_at(), vault.audit.missing_triggers(), None
            head, accepted = vault.audit_head(), vault.restore_accepted
        finally:
            vault.close()
    _print(entries)
    common.out()
    common.out(_("Last entry of the whole log: {seq}, fingerprint {fingerprint}. A printout or backup report "
                 "that shows an entry's fingerprint can be compared with this list later.").format(
        seq=head[0], fingerprint=head[1]))
    if accepted:
        common.out(_("The vault was accepted as it is (a backup restored on purpose); the audit log records it."))
    failed = False
    if problem is not None:
        common.err(problem.message)
        common.err(anchor_advice(args.vault))
        failed = True
    if broken is not None:
        common.err(_("The audit log has been altered: the chain breaks at entry {seq}. Keep the vault file "
                     "as it is and tell the person responsible for information security.").format(seq=broken))
        failed = True
    if missing:
        common.err(_("The audit log's protection against changes (its append-only triggers) has been removed. "
                     "Keep the vault file as it is and tell the person responsible for information security."))
        failed = True
    return EXIT_FAILED if failed else EXIT_OK


def _print(entries) -> None:
    from ..storage.anchor import fingerprint
    no, at, event, participant, check, detail = (_("No."), _("Time (UTC)"), _("Event"), _("Participant"),
                                                 _("Fingerprint"), _("Detail"))
    common.out(f"{no:>6}  {at:<25}  {event:<26}  {participant:<32}  {check:<19}  {detail}")
    for e in entries:
        common.out(f"{e.seq:>6}  {e.at:<25}  {e.event:<26}  {e.participant_id or '-':<32}  "
                   f"{fingerprint(e.hash):<19}  {e.detail}".rstrip())
