"""``backup --out FILE``: a verified, encrypted copy with its key file."""
from __future__ import annotations

from pathlib import Path

from ..i18n import _
from . import common
from .errors import EXIT_OK


def add_parser(subparsers):
    parser = common.add_command(
        subparsers, "backup", _("write a verified, encrypted copy of the vault"),
        _("Write an encrypted copy of the vault to FILE and its key file to FILE.keys, "
          "and check the copy by opening it. Keep both files together."))
    parser.add_argument("--out", type=Path, required=True, metavar=_("FILE"), help=_("the backup file to write"))
    return parser


def run(args) -> int:
    out = common.new_output_file(args.out)
    vault = common.open_vault(args.vault)
    try:
        info = vault.backup(out)
    finally:
        vault.close()
    common.out(_("Backup written and verified: {path}").format(path=info.path))
    common.out(_("Size: {size} bytes, SHA-256: {digest}…").format(size=info.size, digest=info.sha256[:16]))
    if info.audit_seq:
        common.out(_("Audit log of the copy: last entry {seq}, fingerprint {fingerprint}.").format(
            seq=info.audit_seq, fingerprint=info.audit_fingerprint))
    common.out(_("Keep {keys} together with it: the backup cannot be opened without it.").format(
        keys=Path(str(info.path) + ".keys").name))
    return EXIT_OK
