"""Where things live on disk, per platform. Directories are created 0700.

=========  ==========================================  =====================================
           data (vault, backups, log)                  config (settings.json)
=========  ==========================================  =====================================
Windows    %LOCALAPPDATA%\\Kartlaggning                 %APPDATA%\\Kartlaggning
macOS      ~/Library/Application Support/Kartlaggning  (the same folder)
Linux      $XDG_DATA_HOME/kartlaggning                  $XDG_CONFIG_HOME/kartlaggning
=========  ==========================================  =====================================

On Windows the vault is in the *local* (not roaming) profile: a roaming profile
would copy a database file that is open, and a lost file server copy is a copy
we did not make. The settings hold no personal data and may roam. A missing or
empty variable falls back to its standard place under the profile folder.

Machine-wide defaults that IT may preset (``defaults.json``, see docs/settings.md)
are looked up by ``machine_defaults_candidates()``.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "kartlaggning"
WINDOWS_APP_DIR_NAME = "Kartlaggning"
VAULT_FILE_NAME = "vault.kvault"
DEFAULTS_FILE_NAME = "defaults.json"
DEFAULTS_ENV = "KARTLAGGNING_DEFAULTS"

# Windows' standard places, used when the variable is missing (a service account,
# a stripped environment): relative to the profile folder (%USERPROFILE%).
_WINDOWS_FALLBACK = {"LOCALAPPDATA": ("AppData", "Local"), "APPDATA": ("AppData", "Roaming")}


def _env(name: str) -> str:
    return (os.environ.get(name) or "").strip()


def _windows_folder(variable: str) -> Path:
    value = _env(variable)
    return Path(value) if value else Path.home().joinpath(*_WINDOWS_FALLBACK[variable])


def _base(kind: str) -> Path:
    if sys.platform == "win32":
        return _windows_folder("LOCALAPPDATA" if kind == "data" else "APPDATA") / WINDOWS_APP_DIR_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Kartlaggning"
    env = "XDG_DATA_HOME" if kind == "data" else "XDG_CONFIG_HOME"
    default = Path.home() / (".local/share" if kind == "data" else ".config")
    return Path(_env(env) or default) / APP_DIR_NAME


def data_dir() -> Path:
    return _base("data")


def config_dir() -> Path:
    return _base("config")


def default_vault_path() -> Path:
    override = os.environ.get("KARTLAGGNING_VAULT")
    return Path(override) if override else data_dir() / VAULT_FILE_NAME


def backups_dir() -> Path:
    return data_dir() / "backups"


def log_path() -> Path:
    return data_dir() / "kartlaggning.log"


def machine_defaults_candidates() -> list[Path]:
    """Where the machine-wide ``defaults.json`` may be, most important first; the
    first that exists is used. ``KARTLAGGNING_DEFAULTS`` (a file) replaces the list.

    Windows ``%PROGRAMDATA%\\Kartlaggning\\defaults.json``; macOS
    ``/Library/Application Support/Kartlaggning/defaults.json``; Linux/BSD
    ``<dir>/kartlaggning/defaults.json`` for each dir of ``$XDG_CONFIG_DIRS``
    (default ``/etc/xdg``), as the XDG Base Directory spec orders them.
    """
    override = _env(DEFAULTS_ENV)
    if override:
        return [Path(override)]
    if sys.platform == "win32":
        root = _env("PROGRAMDATA") or _env("ALLUSERSPROFILE") or r"C:\ProgramData"
        return [Path(root) / WINDOWS_APP_DIR_NAME / DEFAULTS_FILE_NAME]
    if sys.platform == "darwin":
        return [Path("/Library/Application Support/Kartlaggning") / DEFAULTS_FILE_NAME]
    dirs = [d for d in _env("XDG_CONFIG_DIRS").split(os.pathsep) if d.strip()] or ["/etc/xdg"]
    # The spec ignores relative entries.
    return [Path(d) / APP_DIR_NAME / DEFAULTS_FILE_NAME for d in dirs if Path(d).is_absolute()]


def ensure_private(path: Path) -> Path:
    """Create ``path`` (0700 on POSIX). On Windows the mode is ignored: folders under
    %LOCALAPPDATA% / %APPDATA% inherit the profile's ACL (the user, SYSTEM and
    Administrators), which is what 0700 means here."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        os.chmod(path, 0o700)
    return path
