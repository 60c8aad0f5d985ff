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
    """A new open vault at ``path`` (passphrase from the environment or typed twice),
    its recovery key already shown. Refused without a console; if the key cannot be
    written out, the new, still empty vault is removed again: a vault whose only
    recovery key went nowhere must not exist."""
    common.require_console()
    passphrase = secrets.new_passphrase(secrets.ENV_PASSPHRASE)
    from ..storage import Vault
    vault, recovery_key = Vault.create(path, passphrase)
    try:
        common.out(_("Created the vault {path}.").format(path=path))
        common.print_recovery_key(recovery_key)
    except (OSError, ValueError):
        vault.close()
        discard_new_vault(path)
        raise CliError(_("The recovery key could not be shown (the output was closed), so the new "
                         "vault was removed again. Run the command in a terminal.")) from None
    return vault


def discard_new_vault(path) -> None:
    """Remove a vault this command has just created (closed, never used) with its side files."""
    from pathlib import Path

    from ..storage.anchor import anchor_path
    from ..storage.keys import keys_path
    from ..storage.vault import SIDE_FILES
    for name in [path, keys_path(path), anchor_path(path), Path(str(path) + ".lock")] + \
            [Path(str(path) + s) for s in SIDE_FILES]:
        try:
            name.unlink()
        except FileNotFoundError:
            pass


def run(args) -> int:
    common.refuse_folder(args.vault)
    if vault_or_keys_exist(args.vault):
        raise CliError(_("A vault already exists at {path}. Nothing was changed.").format(path=args.vault))
    create(args.vault).close()
    return EXIT_OK
