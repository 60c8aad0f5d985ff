"""``verify``: check a vault or backup file without changing it.

0 intact, 1 damaged (or missing), 2 wrong passphrase or recovery key.
"""
from __future__ import annotations

from ..i18n import _
from . import common, secrets
from .errors import EXIT_FAILED, EXIT_OK, CliError


def add_parser(subparsers):
    return common.add_command(
        subparsers, "verify", _("check that a vault or backup file is intact"),
        _("Check that a vault or backup file is intact and opens with the passphrase. "
          "The file is only read: this also works on a backup, and while the program is open. "
          "Exit code 0 intact, 1 damaged, 2 wrong passphrase or recovery key."))


def run(args) -> int:
    path = args.vault
    common.refuse_folder(path)
    if not path.is_file():
        raise CliError(_("No file at {path}; nothing was checked.").format(path=path))
    from ..storage.keys import keys_path
    if not keys_path(path).is_file():
        raise CliError(_("The key file {keys} that belongs to {path} is missing, so the vault cannot be "
                         "opened. Restore both files from the same backup.").format(keys=keys_path(path), path=path))
    passphrase, recovery_key = secrets.unlock_secret()
    from ..storage import VaultError, verify_file
    try:
        problems = verify_file(path, passphrase=passphrase, recovery_key=recovery_key)
    except VaultError:
        raise
    except Exception as exc:  # noqa: BLE001 - a file the checks themselves choke on is damaged
        problems = [_("The file could not be read as a vault ({error}).").format(error=type(exc).__name__)]
    if not problems:
        common.out(_("The vault {path} is intact.").format(path=path))
        return EXIT_OK
    from ..storage.anchor import AnchorFinding
    anchor_only = all(isinstance(p, AnchorFinding) for p in problems)
    if anchor_only:  # intact, but not the state last recorded for it (rolled back, a backup restored)
        common.err(_("The vault {path} does not match its last recorded state:").format(path=path))
    else:
        common.err(_("The vault {path} is damaged:").format(path=path))
    for problem in problems[:20]:
        common.err("  - " + " ".join(str(problem).split()))
    if anchor_only:
        from .audit import anchor_advice
        common.err(anchor_advice(path))
    else:
        common.err(_("Restore it from your latest backup: copy the backup file and its .keys file in "
                     "place of the vault, then run verify again."))
    return EXIT_FAILED
