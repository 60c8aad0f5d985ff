"""Where things live on disk, per platform. Directories are created 0700."""
from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "kartlaggning"
VAULT_FILE_NAME = "vault.kvault"


def _base(kind: str) -> Path:
    if sys.platform == "win32":
        root = os.environ.get("LOCALAPPDATA" if kind == "data" else "APPDATA") or Path.home()
        return Path(root) / "Kartlaggning"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Kartlaggning"
    env = "XDG_DATA_HOME" if kind == "data" else "XDG_CONFIG_HOME"
    default = Path.home() / (".local/share" if kind == "data" else ".config")
    return Path(os.environ.get(env) or default) / APP_DIR_NAME


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


def ensure_private(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        os.chmod(path, 0o700)
    return path
