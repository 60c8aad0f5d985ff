"""App preferences that are not personal data (language, idle minutes, scale,
last vault path). Kept as JSON in the config directory; everything about
participants lives only in the vault."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from . import paths


@dataclass
class AppConfig:
    language: str = "sv"
    idle_lock_minutes: int = 5
    show_questions: bool = True
    vault_path: str = ""

    @classmethod
    def path(cls) -> Path:
        return paths.config_dir() / "settings.json"

    @classmethod
    def load(cls) -> "AppConfig":
        try:
            data = json.loads(cls.path().read_text("utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {f.name for f in fields(cls)}
        cfg = cls(**{k: v for k, v in data.items() if k in known})
        if not isinstance(cfg.idle_lock_minutes, int) or not 1 <= cfg.idle_lock_minutes <= 240:
            cfg.idle_lock_minutes = 5
        return cfg

    def save(self) -> None:
        from .storage.files import write_atomic  # no personal data, but the same safe write
        paths.ensure_private(self.path().parent)
        write_atomic(self.path(), json.dumps(asdict(self), indent=1).encode("utf-8"))
