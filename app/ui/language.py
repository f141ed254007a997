"""The window's language: the system's, or the one chosen in Preferences (per computer).

One call at start-up, `apply_language(application)`, before any window is built: Steady's own
words (app.domain.i18n, for every layer), Qt's words in its own dialogs and buttons (Qt's
catalogue, `qtbase_<lang>.qm`, which ships with PySide6), and the names Qt gives to months and
days in date editors (the default QLocale) all switch together. A change in Preferences takes
effect at the next start: a window already built keeps its words.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from app.domain import formatting as fmt
from app.domain import i18n
from app.domain.i18n import N_

LANGUAGE_KEY = "window/language"
# "system" follows the desktop's language; the others are Steady's languages, each in its own words
# (never translated). Show a label with _(label): "Same as the system" is marked for translation.
CHOICES: tuple[tuple[str, str], ...] = (("system", N_("Same as the system")),
                                        *((code, name) for code, name in i18n.LANGUAGES.items()))

_qt_translator: QTranslator | None = None
_english_default: QLocale | None = None  # Qt's default locale before Steady chose another


def language_setting() -> str:
    """ "system", "en" or "es", as chosen in Preferences."""
    value = QSettings().value(LANGUAGE_KEY, "system")
    return value if value in {key for key, _name in CHOICES} else "system"


def set_language_setting(choice: str) -> None:
    if choice not in {key for key, _name in CHOICES}:
        raise ValueError(f"unknown language {choice!r}")
    settings = QSettings()
    settings.setValue(LANGUAGE_KEY, choice)
    settings.sync()


def system_language() -> str:
    """The desktop's language if Steady has it (the first of its preferred languages that
    Steady speaks), else English."""
    for name in QLocale.system().uiLanguages():
        found = i18n.language_for_locale_name(name)
        if found:
            return found
    return i18n.language_from_environment()


def chosen_language(choice: str | None = None) -> str:
    choice = language_setting() if choice is None else choice
    return system_language() if choice == "system" else choice


def apply_language(application: QCoreApplication, code: str | None = None) -> str:
    """Speak `code` (default: the Preferences choice) in Steady's words, Qt's dialogs and its
    date editors. Returns the language now in use."""
    global _qt_translator, _english_default
    code = chosen_language() if code is None else code
    if _english_default is None:
        _english_default = QLocale()
    i18n.use_language(code)
    if _qt_translator is not None:
        application.removeTranslator(_qt_translator)
        _qt_translator.deleteLater()
        _qt_translator = None
    system = QLocale.system()
    if i18n.language() == i18n.SOURCE_LANGUAGE:
        locale = _english_default
        if i18n.language_for_locale_name(locale.name()) not in (None, i18n.SOURCE_LANGUAGE):
            # English chosen on a Spanish desktop: English month and day names in the date
            # editors too, with the desktop's country (en_ES).
            locale = QLocale(QLocale.Language.English, locale.territory())
    else:
        if system.name().split("_")[0] == code:
            locale = system
        else:  # Spanish chosen on an English desktop: Spanish names, the desktop's country (es_US)
            locale = QLocale(QLocale(code).language(), system.territory())
        translator = QTranslator(application)
        if translator.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            application.installTranslator(translator)
            _qt_translator = translator
        else:  # no Qt catalogue for it: Qt's own buttons stay in English
            translator.deleteLater()
    QLocale.setDefault(locale)
    # The decimal comma goes with the language (Spanish in Spain); English writes a point again.
    style = fmt.current()
    comma = i18n.language() != i18n.SOURCE_LANGUAGE and fmt.decimal_comma_for(locale.name())
    fmt.use(fmt.Style(style.twelve_hour, style.month_first, comma))
    return i18n.language()


__all__ = ["CHOICES", "LANGUAGE_KEY", "apply_language", "chosen_language", "language_setting",
           "set_language_setting", "system_language"]
