"""``passwd``: change the passphrase, or set a new one with the recovery key."""
from __future__ import annotations

from ..i18n import _
from . import common, secrets
from .errors import EXIT_OK


def add_parser(subparsers):
    parser = common.add_command(
        subparsers, "passwd", _("change the passphrase (or set a new one with the recovery key)"),
        _("Change the vault's passphrase. With --recovery, or with KARTLAGGNING_RECOVERY_KEY set, "
          "the recovery key is used instead of the old passphrase (when it is forgotten). "
          "The recovery key itself stays the same."))
    parser.add_argument("--recovery", action="store_true",
                        help=_("use the recovery key instead of the current passphrase"))
    return parser


def run(args) -> int:
    common.require_vault_file(args.vault)
    from ..storage import Vault, WrongPassphrase
    from ..storage.keys import KeyFile
    if args.recovery or secrets.from_env(secrets.ENV_RECOVERY_KEY):
        recovery_key = secrets.recovery_key()
        KeyFile.read(args.vault).recover(recovery_key)  # a wrong key fails before the new passphrase is asked
        Vault.reset_passphrase(args.vault, recovery_key, secrets.new_passphrase(secrets.ENV_NEW_PASSPHRASE))
    else:
        old = secrets.current_passphrase()
        if not Vault.check_passphrase(args.vault, old):
            raise WrongPassphrase()
        new = secrets.new_passphrase(secrets.ENV_NEW_PASSPHRASE)
        vault = Vault.open(args.vault, passphrase=old)
        try:
            vault.change_passphrase(new)
        finally:
            vault.close()
    common.out(_("The passphrase of {path} has been changed. The recovery key is the same as before.").format(
        path=args.vault))
    return EXIT_OK
