"""``init``: create a new vault and show its recovery key once."""
from __future__ import annotations

from ..i18n import _
from . import common, secrets
from .errors import EXIT_OK, CliError


def add_parser(subparsers):
    return common.add_command(subparsers, "init", _("create a new, empty vault"),
                              _("Create a new, empty vault and show its recovery key once."))


def vault_or_keys_exist(path) -> bool:
    from ..storage.keys import keys_path
    return path.exists() or keys_path(path).exists()


def create(path):
    """A new open vault at ``path`` (passphrase from the environment or typed twice) and its recovery key."""
    passphrase = secrets.new_passphrase(secrets.ENV_PASSPHRASE)
    from ..storage import Vault
    return Vault.create(path, passphrase)


def run(args) -> int:
    if vault_or_keys_exist(args.vault):
        raise CliError(_("A vault already exists at {path}. Nothing was changed.").format(path=args.vault))
    vault, recovery_key = create(args.vault)
    vault.close()
    common.out(_("Created the vault {path}.").format(path=args.vault))
    common.print_recovery_key(recovery_key)
    return EXIT_OK
