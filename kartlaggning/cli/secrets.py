"""Passphrases and recovery keys: from the environment (scripts) or asked on the
terminal. Never from the command line, never from a pipe: with no terminal and
no variable set the command fails at once instead of waiting on stdin."""
from __future__ import annotations

import getpass
import os
import sys

from ..i18n import N_, _
from .. import passphrase_rule  # checked before any file is touched
from ..passphrase_rule import MIN_PASSPHRASE
from .errors import CliError

ENV_PASSPHRASE = "KARTLAGGNING_PASSPHRASE"
ENV_NEW_PASSPHRASE = "KARTLAGGNING_NEW_PASSPHRASE"
ENV_RECOVERY_KEY = "KARTLAGGNING_RECOVERY_KEY"

_NO_TERMINAL = {
    ENV_PASSPHRASE: N_("No passphrase: there is no terminal to ask for it. Run the command in a terminal, "
                       "or set KARTLAGGNING_PASSPHRASE in the environment of a script."),
    ENV_NEW_PASSPHRASE: N_("No new passphrase: there is no terminal to ask for it. Run the command in a "
                           "terminal, or set KARTLAGGNING_NEW_PASSPHRASE in the environment of a script."),
    ENV_RECOVERY_KEY: N_("No recovery key: there is no terminal to ask for it. Run the command in a terminal, "
                         "or set KARTLAGGNING_RECOVERY_KEY in the environment of a script."),
}


def from_env(name: str) -> str | None:
    value = os.environ.get(name)
    return value if value else None


def interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def ask(prompt: str, env_name: str) -> str:
    if not interactive():
        raise CliError(_(_NO_TERMINAL[env_name]))
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise CliError(_("Nothing was entered.")) from None


def unlock_secret() -> tuple[str | None, str | None]:
    """(passphrase, recovery key) to open a vault: one of them is set."""
    passphrase = from_env(ENV_PASSPHRASE)
    if passphrase is not None:
        return passphrase, None
    recovery_key = from_env(ENV_RECOVERY_KEY)
    if recovery_key is not None:
        return None, recovery_key
    return ask(_("Passphrase: "), ENV_PASSPHRASE), None


def current_passphrase() -> str:
    return from_env(ENV_PASSPHRASE) or ask(_("Current passphrase: "), ENV_PASSPHRASE)


def recovery_key() -> str:
    return from_env(ENV_RECOVERY_KEY) or ask(_("Recovery key: "), ENV_RECOVERY_KEY)


def new_passphrase(env_name: str) -> str:
    """A new passphrase from ``env_name``, or typed twice; it must pass the passphrase rule
    (passphrase_rule: length, not common, not repeated, not a sequence), checked at once."""
    value = from_env(env_name)
    typed = value is None
    if typed:
        value = ask(_("New passphrase (at least {n} characters): ").format(n=MIN_PASSPHRASE), env_name)
    reason = passphrase_rule.problem(value)
    if reason is not None:
        raise CliError(passphrase_rule.explain(reason, value) + " " + _("Nothing was changed."))
    if typed and ask(_("The same passphrase again: "), env_name) != value:
        raise CliError(_("The two passphrases differ. Nothing was changed."))
    return value
