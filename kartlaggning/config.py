"""App preferences that are not personal data (language, idle minutes, last vault path), in three layers:

1. built-in defaults (the field defaults of ``AppConfig``);
2. machine defaults that IT presets in ``defaults.json`` (``paths.machine_defaults_candidates()``:
   %PROGRAMDATA%\\Kartlaggning, $XDG_CONFIG_DIRS/kartlaggning, /Library/Application Support/Kartlaggning,
   or the file named by ``KARTLAGGNING_DEFAULTS``), which may also carry the unit's letterhead;
3. the user's own ``settings.json`` in the config directory.

Later layers win. The format is documented in docs/settings.md. Everything about
participants lives only in the vault. No Qt here.

Which values the user's file holds: only those the user set. ``save()`` writes a
value when it differs from the value loaded (the user changed it), keeps what the
file already holds for everything else (also values another part of the app saved
since), and never copies in a value the user did not choose. So a user who never
touched the idle minutes follows a later change of IT's default, while a value the
user chose, even one equal to IT's, stays theirs (delete its line to follow IT again).
Opening Settings and pressing OK without a change pins nothing.

**UI state is not a preference.** Whether the wizard shows its guiding questions
(``show_questions``, ``UI_STATE``) is toggled in the wizard itself and kept with the
window geometry in ``window-state.json`` (``UI_STATE_FILE``; ``ui/window_state.py``
owns and writes it, at once on each toggle). ``settings.json`` never gets it, so
nothing the Settings dialog saves can bring the questions back. IT may still preset
it in ``defaults.json``: that gives the initial value on a machine where the user
never toggled it (``ui_presets``; a ``show_questions`` line that an older version
wrote into ``settings.json`` counts as such a starting value, read and never
written). ``show_questions`` here is read-only: the user's choice if there is one,
else the preset, as loaded.

A file that cannot be used never stops the start: a file that cannot be read,
is not JSON or not a JSON object is ignored as a whole; a value of the wrong
type or out of range is ignored alone. Each case adds a translated sentence
naming the file to ``problem`` (empty when all is well) for the UI or the CLI to show.
A broken ``window-state.json`` is ignored silently (it is a convenience). When the
user next changes a setting, a ``settings.json`` that could not be used as a whole is
kept aside as ``settings.json.bad-<time>`` (``keep_aside``) and a new one is written.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from . import paths
from .i18n import LANGUAGES, N_, _

if TYPE_CHECKING:  # the models load only when a letterhead is read: start-up time (~45 ms)
    from .models.unit import UnitHeader

IDLE_MIN, IDLE_MAX = 1, 240
MAX_FILE_BYTES = 1024 * 1024  # a settings file is a few hundred bytes; the letterhead logo is a separate file
MAX_LOGO_BYTES = 5 * 1024 * 1024
USER_FILE, MACHINE_FILE = "user", "machine"
# Settings IT may preset; the rest (vault_path) are the user's own.
MACHINE_SETTINGS = ("language", "idle_lock_minutes", "show_questions")
# The preferences: what settings.json holds and the Settings dialog changes.
PREFERENCES = ("language", "idle_lock_minutes", "vault_path")
# UI state IT may preset (the initial value); the user's own choice is in UI_STATE_FILE.
UI_STATE = ("show_questions",)
UI_STATE_BUILTIN = {"show_questions": True}
UI_STATE_FILE = "window-state.json"  # beside the window geometry; written by ui/window_state.py
UI_STATE_VERSION = 1
UI_STATE_KEY = "values"
LETTERHEAD_KEY = "letterhead"
LETTERHEAD_TEXTS = ("kommun", "forvaltning", "enhet", "adress")
LETTERHEAD_LOGO = "logo"  # a path to a PNG file (relative: to the defaults file's folder)


# ---- problems, translated when shown ------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """One thing wrong with a settings file. ``text()`` translates it in the
    language current when it is shown (the config is read before the UI language
    is set)."""
    message: str  # an English msgid with {placeholders}
    values: tuple[tuple[str, Any], ...] = ()
    reason: "Problem | None" = None  # a translated part, e.g. "invalid JSON, line 3"

    def text(self) -> str:
        values = dict(self.values)
        if self.reason is not None:
            values["reason"] = self.reason.text()
        return _(self.message).format(**values)


class _Literal(Problem):
    def text(self) -> str:
        return self.message


def _problem(message: str, reason: Problem | None = None, **values) -> Problem:
    return Problem(message, tuple(values.items()), reason)


_FILE_UNUSABLE = {
    USER_FILE: N_("The settings file {path} could not be read ({reason}); standard values are used."),
    MACHINE_FILE: N_("The defaults file {path} set up by IT could not be read ({reason}); the program's own "
                     "standard values are used."),
}


def _shown(value) -> str:
    """A value as written in the file, short."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


class _Bad(Exception):
    def __init__(self, message: str, **values):
        super().__init__(message)
        self.message, self.values = message, values


# ---- validating single values ---------------------------------------------------------------------

def _language(value) -> str:
    if not isinstance(value, str) or value not in LANGUAGES:
        raise _Bad(N_("In {path}, {name} must be one of {choices} (found {value}); {default} is used."),
                   choices=", ".join(f'"{c}"' for c in LANGUAGES))
    return value


def _idle_minutes(value) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 10.0 from a generator that writes every number as float
    if not isinstance(value, int) or isinstance(value, bool) or not IDLE_MIN <= value <= IDLE_MAX:
        raise _Bad(N_("In {path}, {name} must be a whole number from {low} to {high} (found {value}); "
                      "{default} is used."), low=IDLE_MIN, high=IDLE_MAX)
    return value


def _boolean(value) -> bool:
    if not isinstance(value, bool):
        raise _Bad(N_("In {path}, {name} must be true or false (found {value}); {default} is used."))
    return value


def _text(value) -> str:
    if not isinstance(value, str):
        raise _Bad(N_("In {path}, {name} must be text (found {value}); {default} is used."))
    return value


VALIDATORS: dict[str, Callable[[Any], Any]] = {
    "language": _language, "idle_lock_minutes": _idle_minutes, "show_questions": _boolean, "vault_path": _text}


# ---- reading a file --------------------------------------------------------------------------------

def _read_object(path: Path, kind: str, problems: list[Problem]) -> dict | None:
    """The JSON object in ``path``; None (and a problem unless simply absent) otherwise."""
    unusable = _FILE_UNUSABLE[kind]
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return None
    except PermissionError:
        problems.append(_problem(unusable, _problem(N_("no permission to read it")), path=str(path)))
        return None
    except IsADirectoryError:
        problems.append(_problem(unusable, _problem(N_("it is a folder")), path=str(path)))
        return None
    except OSError as exc:
        problems.append(_problem(unusable, _problem(N_("error: {error}"), error=exc.strerror or type(exc).__name__),
                                 path=str(path)))
        return None
    if len(raw) > MAX_FILE_BYTES:
        problems.append(_problem(unusable, _problem(N_("larger than {size} kB"), size=MAX_FILE_BYTES // 1024),
                                 path=str(path)))
        return None
    try:
        # bytes: json detects UTF-8 (with or without BOM, as Notepad writes it) and
        # UTF-16 (PowerShell 5's Out-File) by itself
        data = json.loads(raw)
    except UnicodeDecodeError:
        problems.append(_problem(unusable, _problem(N_("not UTF-8 text")), path=str(path)))
        return None
    except json.JSONDecodeError as exc:
        problems.append(_problem(unusable, _problem(N_("invalid JSON, line {line}"), line=exc.lineno),
                                 path=str(path)))
        return None
    except (ValueError, RecursionError):  # a number too long to convert; nesting too deep
        problems.append(_problem(unusable, _problem(N_("invalid JSON")), path=str(path)))
        return None
    if not isinstance(data, dict):
        problems.append(_problem(unusable, _problem(N_("not a JSON object")), path=str(path)))
        return None
    return data


def _apply_values(data: dict, names, base: dict, path: Path, problems: list[Problem]) -> dict:
    """The valid values among ``names`` in ``data`` (others ignored with a problem)."""
    values = {}
    for name in names:
        if name not in data:
            continue
        try:
            values[name] = VALIDATORS[name](data[name])
        except _Bad as bad:
            problems.append(_problem(bad.message, path=str(path), name=name, value=_shown(data[name]),
                                     default=_shown(base[name]), **bad.values))
    return values


def machine_defaults_file() -> Path | None:
    """The machine defaults file in use (the first candidate that exists), or None."""
    for candidate in paths.machine_defaults_candidates():
        try:
            if candidate.exists():
                return candidate
        except OSError:  # a folder we may not look into: reading it will say so
            return candidate
    return None


def letterhead_fields() -> dict[str, int]:
    """letterhead field -> longest text (the limits of the unit settings dialog)."""
    from .models.fields import MAX_NAME, MAX_SHORT
    return dict(zip(LETTERHEAD_TEXTS, (MAX_NAME, MAX_NAME, MAX_NAME, MAX_SHORT), strict=True))


def _letterhead(value, path: Path, problems: list[Problem]) -> UnitHeader | None:
    from .models.errors import ValidationError
    from .models.fields import check_text
    from .models.unit import UnitHeader
    if not isinstance(value, dict):
        problems.append(_problem(N_("In {path}, {name} must be a JSON object with the letterhead's "
                                    "fields; it is ignored."), path=str(path), name=LETTERHEAD_KEY))
        return None
    defaults = UnitHeader(kommun="")
    texts = {}
    for name, limit in letterhead_fields().items():
        if name not in value:
            texts[name] = getattr(defaults, name)
            continue
        errors: list[ValidationError] = []
        text = value[name]
        if isinstance(text, str):
            check_text(errors, name, text.strip(), limit)
        if not isinstance(text, str) or errors:
            problems.append(_problem(N_("In {path}, {name} must be text of at most {limit} characters; "
                                        "{default} is used."), path=str(path), name=f"{LETTERHEAD_KEY}.{name}",
                                     limit=limit, default=_shown(getattr(defaults, name))))
            texts[name] = getattr(defaults, name)
        else:
            texts[name] = text.strip()
    for name in value:
        if name not in LETTERHEAD_TEXTS and name != LETTERHEAD_LOGO and not name.startswith("_"):
            problems.append(_problem(N_("In {path}, {name} is not a known setting; it is ignored."),
                                     path=str(path), name=f"{LETTERHEAD_KEY}.{name}"))
    return UnitHeader(logo_png=_logo(value.get(LETTERHEAD_LOGO), path, problems), **texts)


def _logo(value, path: Path, problems: list[Problem]) -> bytes | None:
    """The PNG bytes of the letterhead logo (a PNG file; relative to ``path``'s folder)."""
    from .models.unit import is_png
    if value in (None, ""):
        return None
    data = None
    if isinstance(value, str):
        try:  # a NUL in the name (ValueError), "~nobody/..." (RuntimeError): no logo, never a crash
            logo = Path(value).expanduser()
            logo = logo if logo.is_absolute() else path.parent / logo
            with open(logo, "rb") as f:
                data = f.read(MAX_LOGO_BYTES + 1)
        except (OSError, ValueError, RuntimeError):
            data = None
    if data is None or len(data) > MAX_LOGO_BYTES or not is_png(data):
        problems.append(_problem(N_("In {path}, the logo {logo} is not a PNG file of at most {size} MB that "
                                    "can be read; the letterhead has no logo."), path=str(path),
                                 logo=_shown(value), size=MAX_LOGO_BYTES // (1024 * 1024)))
        return None
    return data


# ---- UI state the user toggles (kept in window-state.json) ----------------------------------------

def ui_state_path() -> Path:
    return paths.config_dir() / UI_STATE_FILE


def clean_ui_state(values: object) -> dict:
    """The well-formed UI-state values in ``values`` (the file's ``"values"`` object)."""
    if not isinstance(values, dict):
        return {}
    clean = {}
    for name in UI_STATE:
        if name in values:
            try:
                clean[name] = VALIDATORS[name](values[name])
            except _Bad:
                pass
    return clean


def read_ui_state(path: Path | None = None) -> dict:
    """The user's own UI-state choices in ``window-state.json``; {} when there are none
    or the file cannot be used (silently: it is a convenience, never an error)."""
    path = path or ui_state_path()
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
        data = json.loads(raw) if len(raw) <= MAX_FILE_BYTES else None
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("version") != UI_STATE_VERSION:
        return {}
    return clean_ui_state(data.get(UI_STATE_KEY))


# ---- the settings -------------------------------------------------------------------------------------

@dataclass
class AppConfig:
    language: str = "sv"
    idle_lock_minutes: int = 5
    vault_path: str = ""
    # From the machine defaults only: the unit's letterhead until a vault saves its own.
    letterhead: UnitHeader | None = field(default=None, compare=False, repr=False)
    # The initial value of each UI_STATE name (built-in < defaults.json < an older settings.json line).
    ui_presets: dict = field(default_factory=lambda: dict(UI_STATE_BUILTIN), compare=False, repr=False)
    # The value of each setting when loaded (or built-in): save() writes what differs.
    _loaded: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _problems: list = field(default_factory=list, init=False, repr=False, compare=False)
    # The user's UI-state choices in window-state.json when loaded.
    _ui_choices: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._loaded = builtin_values()

    @classmethod
    def path(cls) -> Path:
        return paths.config_dir() / "settings.json"

    @property
    def show_questions(self) -> bool:
        """The wizard's questions shown (UI state, read-only here; see the module docstring).
        At run time ask ``ui.window_state.ui_state()``, which owns it."""
        return self.ui_state("show_questions")

    def ui_state(self, name: str):
        """A UI_STATE value as loaded: the user's own choice, else its preset."""
        return self._ui_choices.get(name, self.ui_presets[name])

    @property
    def problem(self) -> str:
        """What was wrong with the settings files, translated now; empty when all is well."""
        return "\n".join(p.text() for p in self._problems)

    @problem.setter
    def problem(self, text: str) -> None:
        """Replace the problems with an already translated ``text`` ("" clears them)."""
        self._problems = [_Literal(text)] if text else []

    @property
    def problems(self) -> list[Problem]:
        return list(self._problems)

    @classmethod
    def load(cls) -> "AppConfig":
        """Built-in < machine defaults < the user's settings.json; the UI state from
        window-state.json. Never raises for a bad file: see ``problem``."""
        problems: list[Problem] = []
        values = {**builtin_values(), **UI_STATE_BUILTIN}
        letterhead = None
        machine = machine_defaults_file()
        if machine is None and (os.environ.get(paths.DEFAULTS_ENV) or "").strip():
            problems.append(_problem(N_("The defaults file {path} named by {variable} does not exist; the "
                                        "program's own standard values are used."),
                                     path=str(paths.machine_defaults_candidates()[0]), variable=paths.DEFAULTS_ENV))
        elif machine is not None:
            data = _read_object(machine, MACHINE_FILE, problems)
            if data is not None:
                values.update(_apply_values(data, MACHINE_SETTINGS, values, machine, problems))
                if LETTERHEAD_KEY in data:
                    letterhead = _letterhead(data[LETTERHEAD_KEY], machine, problems)
                for key in data:
                    if key not in MACHINE_SETTINGS and key != LETTERHEAD_KEY and not key.startswith("_"):
                        problems.append(_problem(N_("In {path}, {name} is not a known setting; it is ignored."),
                                                 path=str(machine), name=key))
        user = cls.path()
        data = _read_object(user, USER_FILE, problems)
        if data is not None:  # a show_questions line there is an older version's: a starting value
            values.update(_apply_values(data, VALIDATORS, values, user, problems))
        preferences = {name: values[name] for name in PREFERENCES}
        cfg = cls(letterhead=letterhead, ui_presets={name: values[name] for name in UI_STATE}, **preferences)
        cfg._loaded = dict(preferences)
        cfg._problems = problems
        cfg._ui_choices = read_ui_state()
        return cfg

    def values(self) -> dict:
        """The preferences (what settings.json may hold; UI state is not among them)."""
        return {name: getattr(self, name) for name in PREFERENCES}

    def save(self) -> None:
        """Write the preferences changed since loading into settings.json, on top of what
        the file holds now (see the module docstring). UI state is never written here."""
        from .storage.files import write_atomic  # no personal data, but the same safe write
        current = self.values()
        unusable: list[Problem] = []
        stored = _read_object(self.path(), USER_FILE, unusable) or {}
        if unusable:  # reported at load: what the user (or a tool) wrote there is kept, never overwritten
            keep_aside(self.path())
        # Drop what could not be used (it was reported at load); keep unknown keys
        # (a newer version's settings) and an older version's show_questions line.
        for name in VALIDATORS:
            if name in stored:
                try:
                    VALIDATORS[name](stored[name])
                except _Bad:
                    del stored[name]
        for name, value in current.items():
            if value != self._loaded.get(name):
                stored[name] = value
        paths.ensure_private(self.path().parent)
        write_atomic(self.path(), json.dumps(stored, indent=1, ensure_ascii=False).encode("utf-8"))
        self._loaded = current


def keep_aside(path: Path) -> Path | None:
    """Rename a settings file that could not be used to ``<name>.bad-<time>`` beside it, so a
    new one can be written and the old one can still be looked at. None if it cannot be moved."""
    from datetime import datetime
    if not path.is_file():
        return None
    aside = path.with_name(f"{path.name}.bad-{datetime.now():%Y%m%d-%H%M%S}")
    try:
        os.replace(path, aside)
    except OSError:
        return None
    return aside


def builtin_values() -> dict:
    """The built-in preferences."""
    return {f.name: f.default for f in fields(AppConfig) if f.name in PREFERENCES}
