"""Translation catalogue (gettext) shared by the GUI, the CLI and validation messages.

Message ids are English; ``translations/<lang>/LC_MESSAGES/kartlaggning.mo`` holds
the catalogue. Swedish is the default language.
"""
from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "kartlaggning"
LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
if not TRANSLATIONS_DIR.is_dir():  # installed as a wheel: shipped inside the package
    TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def set_language(language: str) -> None:
    global _current, _language
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    _language = language
    if language == "en":
        _current = gettext.NullTranslations()
    else:
        _current = gettext.translation(DOMAIN, TRANSLATIONS_DIR, languages=[language], fallback=True)


def language() -> str:
    return _language


def babel_locale() -> str:
    return "sv_SE" if _language == "sv" else "en_GB"


def _(message: str) -> str:
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


set_language(DEFAULT_LANGUAGE)
