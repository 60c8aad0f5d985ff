"""Translation catalogue (gettext) shared by the GUI, the CLI and validation messages.

Message ids are English; ``kartlaggning/resources/locale/<lang>/LC_MESSAGES/kartlaggning.mo``
holds the catalogue, read as package data. Swedish is the default language. A
missing catalogue raises ``resources.MissingResource``: never a silent English UI.
"""
from __future__ import annotations

import gettext
import io

from . import resources

DOMAIN = "kartlaggning"
LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"


def catalogue_name(language: str) -> str:
    return f"locale/{language}/LC_MESSAGES/{DOMAIN}.mo"


def load_catalogue(language: str) -> gettext.GNUTranslations:
    return gettext.GNUTranslations(io.BytesIO(resources.read_bytes(catalogue_name(language))))

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
        _current = load_catalogue(language)


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


try:
    set_language(DEFAULT_LANGUAGE)
except resources.MissingResource:  # reported by the start-up check with its bilingual message
    _current, _language = gettext.NullTranslations(), "en"
