"""The window's own words in Spanish: menus, sidebar, tray, lock screen, undo, and Qt's buttons.

The language is chosen before the window is built, as app.main does (apply_app_identity →
apply_language); each test goes back to English afterwards, Qt's catalogue included, so the
tests after it see the English window.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox

from app.domain import formatting as fmt
from app.domain import i18n
from app.domain import records as D
from app.ui.language import apply_language
from app.ui.main_window import PAGE_TITLES, PLAN_PAGE, MainWindow
from tests.ui.focus_walk import alt_key

SIDEBAR_ES = ["Hoy", "Agenda", "Habilidades de afrontamiento", "Reuniones", "Autocuidado", "Chequeos", "Metas",
              "Progreso", "Mi plan", "Patrones", "Tratamiento"]


@pytest.fixture
def spanish(qapp):
    assert apply_language(qapp, "es") == "es"
    yield
    apply_language(qapp, "en")


@pytest.fixture
def spanish_window(qtbot, services, spanish):
    window = MainWindow(services)
    qtbot.addWidget(window)
    yield window
    window.detach()


def _menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def _menu_texts(window: MainWindow, title: str) -> list[str]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == title)
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_the_sidebar_and_menus_speak_spanish_and_keep_english_names_for_the_code(spanish_window):
    window = spanish_window
    assert [window.sidebar.item(i).text() for i in range(window.sidebar.count())] == SIDEBAR_ES
    assert PAGE_TITLES[0] == "Today" and PLAN_PAGE == "My plan"  # identifiers stay English
    assert window.page("Today") is window.current_page()
    assert _menu_titles(window) == ["&Archivo", "&Editar", "&Ver", "A&yuda"]
    assert _menu_texts(window, "&Archivo")[:3] == ["&Importar", "&Exportar", "I&nformes…"]
    assert "&Salir" in _menu_texts(window, "&Archivo")
    assert _menu_texts(window, "&Ver") == SIDEBAR_ES
    edit = _menu_texts(window, "&Editar")
    assert edit[0].startswith("&Deshacer") and edit[1].startswith("&Rehacer")
    assert "&Nueva anotación…" in edit and "&Preferencias…" in edit
    assert _menu_texts(window, "A&yuda")[0] == "Ayuda a&hora"
    assert window.help_button.text() == "Ayuda ahora"
    assert window.lock_action.toolTip() == "Oculta todo detrás de la pantalla de desbloqueo (Ctrl+L)"
    assert window.data_label.text().startswith("Datos: ")
    assert window.sidebar.toolTip() == "Elige una página (Ctrl+1 a Ctrl+9, Ctrl+0)"


def test_each_menu_has_one_mnemonic_per_letter_in_spanish(spanish_window):
    def letter(text: str) -> str:
        return alt_key(text) or ""

    bar = [letter(t) for t in _menu_titles(spanish_window)]
    assert len(set(bar)) == len(bar)
    for title in _menu_titles(spanish_window):
        letters = [letter(t) for t in _menu_texts(spanish_window, title) if letter(t)]
        assert len(set(letters)) == len(letters), (title, letters)


def test_the_sidebar_is_wide_enough_for_the_longest_spanish_title(spanish_window):
    metrics = spanish_window.sidebar.fontMetrics()
    longest = max(metrics.horizontalAdvance(t) for t in SIDEBAR_ES)
    assert spanish_window.sidebar.width() >= longest + spanish_window.sidebar.iconSize().width()


def test_the_support_network_link_finds_its_tab_in_spanish(spanish_window):
    window = spanish_window
    window.show_support_network()
    assert window.sidebar.currentItem().text() == "Metas"
    page = window.page("Goals")
    assert page.tabs.currentWidget() is page.views["contact"]


def test_qt_own_buttons_and_context_menus_are_spanish(spanish):
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancelar"
    assert box.button(QDialogButtonBox.StandardButton.Ok).text().replace("&", "") == "Aceptar"
    question = QMessageBox(QMessageBox.Icon.Question, "t", "x",
                           QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert question.button(QMessageBox.StandardButton.Yes).text().replace("&", "") == "Sí"
    field = QLineEdit("texto")
    menu = field.createStandardContextMenu()
    assert "&Deshacer" in [a.text().split("\t")[0] for a in menu.actions()]
    menu.deleteLater()
    assert QLocale().language() == QLocale.Language.Spanish
    assert QLocale().monthName(12) == "diciembre"


def test_going_back_to_english_takes_qt_and_the_decimal_comma_back(qapp):
    apply_language(qapp, "es")
    assert fmt.current().decimal_comma and fmt.number(2.5) == "2,5"
    apply_language(qapp, "en")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"
    assert i18n.language() == "en" and i18n._("Get help now") == "Get help now"
    assert not fmt.current().decimal_comma and fmt.number(2.5) == "2.5"
    assert QLocale().language() != QLocale.Language.Spanish


def test_the_lock_screen_and_the_tray_menu_in_spanish(qtbot, spanish_window):
    from app.ui.lock import UnlockScreen
    from app.ui.tray import TrayController

    screen = UnlockScreen(encrypted=True)
    qtbot.addWidget(screen)
    assert screen.title.text() == "Steady está bloqueado"
    assert screen.field_label.text() == "&Frase de contraseña:"
    assert screen.switch_button.text() == "Usar el código de recuperación"
    screen.submit()
    assert screen.problem.text() == "Primero escribe tu frase de contraseña."
    screen.switch_way()
    assert screen.field_label.text() == "Código de &recuperación:"
    # "Desbloquear" is wider than "Unlock": the code's hint still fits beside it.
    hint = screen.field.placeholderText()
    assert screen.field.minimumWidth() > screen.field.fontMetrics().horizontalAdvance(hint)
    private = UnlockScreen(encrypted=False)
    qtbot.addWidget(private)
    assert private.unlock_button.text() == "&Desbloquear"
    assert private.note.text().startswith("Esta es una pantalla de privacidad")

    tray = TrayController(spanish_window, spanish_window.reminders, tray_available=True, start=False)
    try:
        texts = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
        assert "&Mostrar Steady" in texts and "&Salir de Steady" in texts and "&Bloquear ahora" in texts
        tray.set_locked(True)
        assert tray.show_action.text() == "&Mostrar Steady (bloqueado)"
    finally:
        tray.shutdown()


def test_undo_says_what_it_undid_in_spanish(spanish_window, records):
    window = spanish_window
    heard: list[str] = []
    window.undo.message.connect(heard.append)
    entry = records.add(D.CheckIn(day=records.clock.now().date() - dt.timedelta(days=1), mood=3, craving=2))
    window.undo.record_added(records, entry)
    assert window.undo_action.text().startswith("&Deshacer añadir ")
    window.undo.undo()
    assert heard and heard[0].startswith("Deshecho: añadir ")
    assert records.get("checkin", entry.id) is None


def test_quick_log_and_filters_in_spanish(qtbot, records, spanish):
    from app.ui.widgets.filter_bar import FilterBar
    from app.services.kinds import KINDS
    from app.ui.widgets.quick_log import QuickLogPanel

    panel = QuickLogPanel(records)
    qtbot.addWidget(panel)
    assert panel.save_button.text() == "Guardar"
    assert panel.triggers.accessibleName() == "Detonantes"
    assert panel.save() is None
    assert panel.error_text("urge_before") == "Escribe qué tan fuerte es el impulso ahora, de 0 a 10."
    panel.urge_now.setValue(6)
    entry = panel.save()
    assert entry is not None and panel.confirmation.text() == "Anotado. Impulso 6."

    bar = FilterBar(KINDS["checkin"], lambda: dt.date(2026, 12, 7))
    qtbot.addWidget(bar)
    assert [bar.period.itemText(i) for i in range(bar.period.count())][:2] == ["Todo el tiempo", "Últimos 7 días"]
    bar.set_period("30")
    assert bar.describe_range() == "en los últimos 30 días"
    bar.set_period("custom", dt.date(2026, 12, 1), dt.date(2026, 12, 7))
    assert bar.describe_range() == "del 1 dic 2026 al 7 dic 2026"


def test_the_repeat_editor_in_spanish(qtbot, spanish):
    from app.ui.widgets.recurrence_editor import RecurrenceEditor

    editor = RecurrenceEditor()
    qtbot.addWidget(editor)
    editor.set_start(dt.datetime(2026, 12, 7, 18, 0))
    editor.set_value("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO")
    assert editor.freq.currentText() == "Cada semana"
    assert editor.interval.text() == "cada 2 semanas"
    assert [box.text() for box in editor.day_boxes.values()][0] == fmt.weekday_name(0, long=False) != "Mon"
    assert "Primeras fechas: " in editor.preview_text()
    editor.setAccessibleName("Se repite")
    assert editor.interval.accessibleName() == "Se repite: cada cuánto"


def _window_po_english() -> set[str]:
    """The English of every window-area string whose Spanish differs (what must not be seen)."""
    import polib

    po = polib.pofile(str(Path(__file__).resolve().parents[2] / "resources" / "locale" / "es" / "window.po"))
    english: set[str] = set()
    for entry in po:
        forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        english.update(m for m in (entry.msgid, entry.msgid_plural) if m and m not in forms)
    return english


def _texts(root) -> set[str]:
    """What a person reads or a screen reader says in `root` and its children: texts, tooltips,
    accessible names and descriptions, placeholders, list items, and every action's words."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QListWidget, QMenu, QWidget

    found: set[str] = set()
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        found.update((widget.toolTip(), widget.accessibleName(), widget.accessibleDescription(),
                      widget.windowTitle()))
        if isinstance(widget, (QLabel, QAbstractButton)):
            found.add(widget.text())
        if isinstance(widget, QLineEdit):
            found.add(widget.placeholderText())
        if isinstance(widget, QListWidget):
            found.update(widget.item(i).text() for i in range(widget.count()))
        if isinstance(widget, QMenu):
            found.add(widget.title())
        for action in widget.actions():
            found.update((action.text(), action.toolTip(), action.statusTip()))
    return {t.split("\t")[0] for t in found if t}


def test_nothing_of_the_window_area_is_left_in_english(qtbot, spanish_window):
    """The shell around the pages (menus, sidebar, Get help now, the note after a risky entry,
    the status bar), the Get help now window, both unlock screens and the tray menu: no text
    of the window area's catalogue is shown in English."""
    from app.ui.lock import UnlockScreen
    from app.ui.tray import TrayController

    window = spanish_window
    window.show()
    window.show_help_now()
    qtbot.waitUntil(lambda: window.help_dialog is not None and window.help_dialog.isVisible())
    seen = _texts(window) | _texts(window.help_dialog)
    window.help_dialog.close()
    for encrypted in (False, True):
        screen = UnlockScreen(encrypted=encrypted)
        qtbot.addWidget(screen)
        screen.show_help()
        seen |= _texts(screen)
        if encrypted:
            screen.switch_way()
            seen |= _texts(screen)
    tray = TrayController(window, window.reminders, tray_available=True, start=False)
    try:
        seen |= _texts(tray.menu)
        tray.set_locked(True)
        seen |= _texts(tray.menu)
    finally:
        tray.shutdown()
    assert "Ayuda ahora" in seen and "Hoy" in seen and "Steady está bloqueado" in seen
    english = sorted(seen & _window_po_english())
    assert not english, f"still in English: {english}"


def test_english_chosen_on_a_spanish_desktop_is_english_in_qt_too(qapp, monkeypatch):
    from app.ui import language

    apply_language(qapp, "en")  # Steady has noted Qt's locale before it chose one
    monkeypatch.setattr(language, "_english_default", QLocale("es_ES"))
    try:
        apply_language(qapp, "en")
        assert QLocale().language() == QLocale.Language.English and QLocale().monthName(12) == "December"
        assert QLocale().name() == "en_ES"
    finally:
        monkeypatch.undo()
        apply_language(qapp, "en")
    assert QLocale().language() != QLocale.Language.Spanish


def test_spanish_chosen_on_a_us_desktop_keeps_the_us_decimal_point():
    """Spanish on an en_US desktop is the US's Spanish (es_US: 2.5), not Spain's (2,5)."""
    import subprocess
    import sys

    code = ("from PySide6.QtWidgets import QApplication\n"
            "from PySide6.QtCore import QLocale\n"
            "a = QApplication([])\n"
            "from app.ui.language import apply_language\n"
            "from app.domain import formatting as fmt\n"
            "apply_language(a, 'es')\n"
            "print(QLocale().name(), fmt.number(2.5))\n")
    env = {**os.environ, "LC_ALL": "en_US.UTF-8", "LANG": "en_US.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60,
                         check=True).stdout.split()
    assert out == ["es_US", "2.5"]
