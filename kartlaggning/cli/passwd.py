"""``passwd``: change the passphrase, set a new one with the recovery key, or
(``--rotate``) re-encrypt the vault under new keys."""
from __future__ import annotations

from ..i18n import _
from . import common, secrets
from .errors import EXIT_OK, CliError


def add_parser(subparsers):
    parser = common.add_command(
        subparsers, "passwd", _("change the passphrase (or set a new one with the recovery key)"),
        _("Change the vault's passphrase. With --recovery, or with KARTLAGGNING_RECOVERY_KEY set, "
          "the recovery key is used instead of the old passphrase (when it is forgotten). "
          "The recovery key itself stays the same."))
    parser.add_argument("--recovery", action="store_true",
                        help=_("use the recovery key instead of the current passphrase"))
    parser.add_argument("--rotate", action="store_true",
                        help=_("re-encrypt the vault under a new key and make a new recovery key; old copies of "
                               "the .keys file and the old recovery key stop working (the passphrase stays)"))
    return parser


def rotate(path) -> int:
    """New data key and recovery key (shown before the switch; if it cannot be shown,
    nothing changes). The passphrase stays as it is."""
    common.require_console()
    from ..storage import Vault, WrongPassphrase
    from ..storage.rotation import rotate as rotate_keys
    passphrase = secrets.current_passphrase()
    if not Vault.check_passphrase(path, passphrase):
        raise WrongPassphrase()
    vault = Vault.open(path, passphrase=passphrase)

    def show(recovery_key: str) -> bool:
        try:
            common.print_recovery_key(recovery_key)
            return True
        except (OSError, ValueError):
            return False

    try:
        result = rotate_keys(vault, passphrase, show_recovery=show)
    except BaseException:
        if vault.is_open:
            vault.close()
        raise
    if result is None:
        vault.close()
        raise CliError(_("The new recovery key could not be shown (the output was closed), so the keys were "
                         "not changed. Run the command in a terminal."))
    reopened, _recovery = result
    reopened.close()
    common.out(_("The vault {path} is now encrypted under a new key. The recovery key above replaces the old "
                 "one; old copies of the .keys file no longer open it. Backups made before keep their old "
                 "keys: make a new backup now.").format(path=path))
    return EXIT_OK


def run(args) -> int:
    common.require_vault_file(args.vault)
    if args.rotate:
        if args.recovery:
            raise CliError(_("--rotate needs the current passphrase, not the recovery key."))
        return rotate(args.vault)
    from ..storage import Vault, WrongPassphrase
    from ..storage.keymem import wipe
    from ..storage.keys import KeyFile
    if args.recovery or secrets.from_env(secrets.ENV_RECOVERY_KEY):
        recovery_key = secrets.recovery_key()
        wipe(KeyFile.read(args.vault).recover(recovery_key))  # a wrong key fails before the new passphrase is asked
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
