"""Install the UI language: our gettext catalogue plus Qt's own strings
(standard buttons, context menus, file dialogs) from ``qtbase_<lang>.qm``."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from .. import i18n

_qt_translator: QTranslator | None = None


def qt_translations_dir() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def install(language: str) -> str:
    """Switch gettext and Qt to ``language`` (falls back to Swedish). Returns the language used.

    Widgets built afterwards use the new language; the main window rebuilds
    its pages to apply a change at once.
    """
    global _qt_translator
    i18n.set_language(language)
    language = i18n.language()
    app = QCoreApplication.instance()
    if app is not None and _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    QLocale.setDefault(QLocale(QLocale.Language.Swedish if language == "sv" else QLocale.Language.English,
                               QLocale.Country.Sweden if language == "sv" else QLocale.Country.UnitedKingdom))
    if app is not None and language != "en":
        translator = QTranslator(app)
        if translator.load(f"qtbase_{language}", qt_translations_dir()):
            app.installTranslator(translator)
            _qt_translator = translator
    return language
