"""The dialogs in Spanish, and the language choice in Preferences.

Preferences ▸ Window ▸ Language is saved on OK like Appearance (Cancel keeps what was saved)
and takes effect at the next start, which a note under it says when the choice is not the
language in use. The guide opens its Spanish translation (guide.es.html beside guide.html)
when there is one and the English guide until then.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialog, QLabel

from app.domain import i18n
from app.services import resources
from app.ui import language
from app.ui.dialogs import help_dialogs as H
from app.ui.dialogs.backup_dialogs import contents_text, size_text, when_phrase, when_text
from app.ui.dialogs.preferences_dialog import PreferencesDialog
from tests.ui.focus_walk import alt_key


def _preferences(qtbot, services) -> PreferencesDialog:
    services.crisis.set_country("US")
    dialog = PreferencesDialog(services.reminders, tray_available=False, crisis=services.crisis,
                               recovery=services.recovery)
    qtbot.addWidget(dialog)
    return dialog


def _buddy_text(dialog: QDialog, widget) -> str:
    labels = [label for label in dialog.findChildren(QLabel) if label.buddy() is widget]
    assert len(labels) == 1, "the field has one label that names it (and Alt+letter reaches it)"
    return labels[0].text()


def test_the_language_is_chosen_in_preferences_and_saved_on_ok(qtbot, services):
    dialog = _preferences(qtbot, services)
    assert language.language_setting() == "system"
    assert dialog.language.accessibleName() == "Language"
    assert _buddy_text(dialog, dialog.language) == "&Language:"
    assert [dialog.language.itemData(i) for i in range(dialog.language.count())] == ["system", "en", "es"]
    # Each language named in its own words, whatever the window speaks.
    assert [dialog.language.itemText(i) for i in range(3)] == ["Same as the system", "English", "Español"]
    assert dialog.language.currentData() == "system"
    dialog.language.setCurrentIndex(dialog.language.findData("es"))
    assert language.language_setting() == "system", "nothing is saved before OK"
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert language.language_setting() == "es"
    assert i18n.language() == "en", "the window keeps its words until the next start"

    again = _preferences(qtbot, services)
    assert again.language.currentData() == "es"


def test_cancel_does_not_save_the_language(qtbot, services):
    language.set_language_setting("en")
    dialog = _preferences(qtbot, services)
    assert dialog.language.currentData() == "en"
    dialog.language.setCurrentIndex(dialog.language.findData("es"))
    dialog.reject()
    assert language.language_setting() == "en"
    assert _preferences(qtbot, services).language.currentData() == "en"


def test_a_note_says_a_new_language_comes_at_the_next_start(qtbot, services):
    dialog = _preferences(qtbot, services)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert dialog.language_note.isHidden(), "English is the language in use: nothing to say"
    dialog.language.setCurrentIndex(dialog.language.findData("es"))
    assert dialog.language_note.isVisible()
    assert dialog.language_note.text() == "Steady will be in Español the next time it starts."
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert dialog.language_note.isHidden()


def test_preferences_in_spanish(qtbot, services):
    i18n.use_language("es")
    dialog = _preferences(qtbot, services)
    assert dialog.windowTitle() == "Preferencias"
    assert _buddy_text(dialog, dialog.language) == "&Idioma:"
    assert dialog.language.accessibleName() == "Idioma"
    assert [dialog.language.itemText(i) for i in range(3)] == ["Igual que el sistema", "English", "Español"]
    assert dialog.enabled_box.text() == "&Recordarme antes de las sesiones mientras Steady está abierto"
    assert dialog.minutes.specialValueText() == "Sin recordatorio predeterminado"
    assert dialog.tray_note.text().startswith("Tu escritorio no tiene bandeja del sistema")
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert dialog.language_note.isVisible()
    assert dialog.language_note.text() == "Steady estará en English la próxima vez que se abra."
    dialog.language.setCurrentIndex(dialog.language.findData("es"))
    assert dialog.language_note.isHidden()


@pytest.fixture
def help_folder(tmp_path, monkeypatch):
    """A resources folder holding the shipped English guide (and, per test, a Spanish one)."""
    folder = tmp_path / "resources"
    (folder / "help").mkdir(parents=True)
    (folder / "help" / "guide.html").write_text(H.guide_path().read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(resources, "RESOURCES", folder)
    return folder / "help"


def test_the_guide_opens_in_spanish_when_it_has_been_translated(qtbot, help_folder):
    (help_folder / "guide.es.html").write_text(
        "<html><body><h1>Guía de Steady</h1><h2><a name='help-now'></a>Ayuda ahora</h2>"
        "<p>Un momento difícil se anota en segundos.</p></body></html>", encoding="utf-8")
    i18n.use_language("es")
    guide = H.HelpWindow()
    qtbot.addWidget(guide)
    assert guide.windowTitle() == "Guía de Steady"
    assert guide.browser.source().toLocalFile() == str(help_folder / "guide.es.html")
    assert "Un momento difícil se anota en segundos." in guide.browser.toPlainText()
    assert guide.back_button.text() == "A&trás" and guide.home_button.text() == "Co&ntenido"

    i18n.use_language("en")
    english = H.HelpWindow()
    qtbot.addWidget(english)
    assert english.browser.source().toLocalFile() == str(help_folder / "guide.html")
    assert "Log a hard moment in seconds" in english.browser.toPlainText()


def test_the_guide_stays_english_until_its_translation_exists(qtbot, help_folder):
    i18n.use_language("es")
    guide = H.HelpWindow()
    qtbot.addWidget(guide)
    assert guide.browser.source().toLocalFile() == str(help_folder / "guide.html")
    assert "Log a hard moment in seconds" in guide.browser.toPlainText()
    assert guide.windowTitle() == "Guía de Steady"


def test_the_shortcuts_list_is_made_from_the_actions_in_spanish(qtbot, window):
    i18n.use_language("es")
    dialog = H.ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Atajos de teclado"
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(3)]
    assert headers == ["Acción", "Menú", "Teclas"]
    assert dialog.listed() == H.shortcut_rows(window)
    assert any(keys == "F1" for _what, _where, keys in dialog.listed())


def test_about_in_spanish(qtbot, tmp_path):
    i18n.use_language("es")
    about = H.AboutDialog(tmp_path)
    qtbot.addWidget(about)
    assert about.windowTitle() == "Acerca de Steady"
    text = about.text.toPlainText()
    assert "Un planificador privado y sin conexión para tu recuperación." in text
    assert "Steady es software libre bajo la licencia MIT." in text
    assert "Autoevaluaciones" in text and "Stanley B, Brown GK." in text  # citations stay as published
    assert about.folder_label.text() == f"Tu carpeta de datos: {tmp_path}"


def test_backup_words_in_spanish():
    i18n.use_language("es")
    today = dt.date(2026, 11, 22)
    assert when_text(dt.datetime(2026, 11, 22, 9, 5), today) == "Hoy, 09:05"
    assert when_text(dt.datetime(2026, 11, 21, 21, 0), today) == "Ayer, 21:00"
    assert when_phrase(dt.datetime(2026, 11, 21, 21, 0), today) == "ayer a las 21:00"
    assert contents_text({}) == "Sin registros"
    assert size_text(1) == "1 byte" and size_text(200) == "200 bytes"


def test_the_setup_wizard_speaks_spanish_at_every_step(qtbot, window):
    from app.ui.dialogs.setup_wizard import SetupWizard

    i18n.use_language("es")
    wizard = SetupWizard(window)
    qtbot.addWidget(wizard)
    assert wizard.windowTitle() == "Configurar Steady"
    titles = [wizard.page(i).title() for i in wizard.pageIds()]
    assert titles == ["Te damos la bienvenida a Steady", "Una frase de contraseña, si quieres", "Tu programa",
                      "Tu cuenta de días", "Cuando un momento se pone difícil", "Algunas metas para empezar"]
    assert [box.text() for box in wizard.program.group.days] == ["Lun", "Mar", "Mié", "Jue", "Vie", "Sáb", "Dom"]
    assert wizard.program.group.days[0].accessibleName() == "Sesiones de grupo el lunes"
    assert wizard.program.preview_list.item(0).text() == ("Nada todavía. Marca los días de arriba y tu semana "
                                                          "aparece aquí.")
    wizard.program.group.days[0].setChecked(True)
    assert all("Sesiones de grupo" in wizard.program.preview_list.item(i).text()
               for i in range(wizard.program.preview_list.count()))
    assert wizard.sober.say_without.text() == "Decir “días sin &consumir”"
    assert [wizard.people.contacts[0][2].itemText(i) for i in range(2)] == ["Padrino o madrina", "Familia"]


def test_the_shipped_spanish_guide_is_shown_in_spanish(qtbot):
    i18n.use_language("es")
    guide = H.HelpWindow()
    qtbot.addWidget(guide)
    assert guide.browser.source().toLocalFile() == str(H.guide_path().with_name("guide.es.html"))
    text = guide.browser.toPlainText()
    assert "Registra un momento difícil en segundos" in text and "Log a hard moment" not in text


def test_a_problem_under_a_passphrase_makes_the_form_taller_not_clipped(qtbot):
    """Spanish sentences are longer: the wrapped introduction keeps its lines when a problem
    appears under a field (it was squeezed into a clipped strip, in English too)."""
    from app.ui.dialogs.privacy_dialogs import TurnOnDialog

    i18n.use_language("es")
    form = TurnOnDialog()
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    before = form.height()
    form.show_problem("repeated", "Las dos frases de contraseña no coinciden.")
    assert form.error_text("repeated") == "Las dos frases de contraseña no coinciden."
    assert form.height() > before
    assert form.height() >= form.heightForWidth(form.width())
    assert form.intro.height() >= form.intro.heightForWidth(form.intro.width())


def _alt_keys(dialog) -> list[str]:
    """The Alt+letter keys of the buttons and field labels on screen in `dialog`."""
    from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

    QApplication.processEvents()
    texts = [w.text() for w in dialog.findChildren(QWidget) if isinstance(w, (QAbstractButton, QLabel))
             and w.isVisible() and w.window() is dialog and "&" in w.text().replace("&&", "")]
    return [alt_key(text) for text in texts]


def test_in_spanish_each_dialog_and_setup_step_has_one_alt_key_per_letter(qtbot, window, services):
    """Chosen for the Spanish words, with Qt's own Spanish buttons (Aceptar, Cancelar, Atrás…)."""
    from PySide6.QtWidgets import QApplication

    from app.ui.dialogs.crisis_lines_dialog import CrisisLinesDialog
    from app.ui.dialogs.privacy_dialogs import CurrentSecretDialog, TurnOnDialog
    from app.ui.dialogs.self_check_dialog import SelfCheckDialog
    from app.ui.dialogs.setup_wizard import SetupWizard

    application = QApplication.instance()
    language.apply_language(application, "es")
    try:
        services.crisis.set_country("US")
        dialogs = [PreferencesDialog(services.reminders, window, crisis=services.crisis, recovery=services.recovery,
                                     app_lock=services.app_lock, encrypted=encrypted, can_encrypt=True)
                   for encrypted in (False, True)]
        dialogs += [TurnOnDialog(window), CurrentSecretDialog("Cambiar", "…", window, new_passphrase=True),
                    SelfCheckDialog(services.assessments, services.crisis, dt.date(2026, 11, 22), window),
                    CrisisLinesDialog(services.crisis, "US", window)]
        for dialog in dialogs:
            qtbot.addWidget(dialog)
            dialog.show()
            keys = _alt_keys(dialog)
            assert keys and len(keys) == len(set(keys)), (dialog.windowTitle(), keys)
            dialog.close()
        wizard = SetupWizard(window)
        qtbot.addWidget(wizard)
        wizard.show()
        while True:
            keys = _alt_keys(wizard)
            assert len(keys) == len(set(keys)), (wizard.currentPage().title(), keys)
            if wizard.nextId() == -1:
                break
            wizard.next()
        wizard.done(0)
    finally:
        language.apply_language(application, "en")
