"""The pages in Spanish: built after switching the language, every word the pages' own code
writes (titles, buttons, tabs, labels, tooltips, accessible names, placeholders, status lines)
comes out of the pages catalogue in Spanish, and no English string of that catalogue is left on
any page. Widgets made by other areas (the quick log, the tables' empty states and filters, the
week grid, the charts) are translated by their own areas and not walked here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polib
import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QTabWidget, QTreeWidget, QWidget

from app.domain import i18n
from app.domain import records as D
from tests.ui.helpers import seed

ROOT = Path(__file__).resolve().parents[2]
# Subtrees that belong to other areas' catalogues (window, dialogs, reports).
FOREIGN = frozenset({"QuickLogPanel", "EmptyState", "NoMatchState", "FilterBar", "WeekGrid", "WeekHeader",
                     "ChartView", "DashboardSlot", "IntervalBar", "HelpNowPanel", "QTableView"})


def _english_of_pages() -> set[str]:
    """The pages catalogue's English strings whose Spanish differs (without mnemonics)."""
    po = polib.pofile(str(ROOT / "resources" / "locale" / "es" / "pages.po"))
    out, spanish = set(), set()
    for entry in po:
        forms = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        spanish |= {s.replace("&", "") for s in (entry.msgstr_plural.values() if entry.msgid_plural
                                                  else [entry.msgstr])}
        out |= {form.replace("&", "") for form in forms if form and "{" not in form}
    return out - spanish  # "Agenda": the list view in both languages, and the Schedule page in Spanish


def _texts(widget: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every word the widget shows or tells a screen reader."""
    name = type(widget).__name__
    out = [(f"{name} accessible name", widget.accessibleName()), (f"{name} tooltip", widget.toolTip())]
    if isinstance(widget, QLabel):
        out.append((f"{name} text", widget.text()))
    if isinstance(widget, QAbstractButton):
        out.append((f"{name} text", widget.text()))
    if isinstance(widget, QLineEdit):
        out.append((f"{name} placeholder", widget.placeholderText()))
    if isinstance(widget, QTabWidget):
        out += [(f"{name} tab", widget.tabText(i)) for i in range(widget.count())]
    if isinstance(widget, QTreeWidget):
        header = widget.headerItem()
        out += [(f"{name} header", header.text(i)) for i in range(header.columnCount())]
    return [(where, text.replace("&", "")) for where, text in out if text]


def _walk(widget: QWidget):
    if any(cls.__name__ in FOREIGN for cls in type(widget).__mro__):
        return
    yield widget
    for child in widget.findChildren(QWidget):
        if child.parentWidget() is widget:
            yield from _walk(child)


@pytest.fixture
def spanish_window(qtbot, services):
    seed(services.records)
    today = services.records.clock.now().date()
    services.records.add(D.Medication(name="Sertralina", dose="50 mg", times_per_day=2,
                                      start_date=today - dt.timedelta(days=10)))
    services.records.add(D.Homework(title="Hoja de detonantes", due=today))
    services.treatment.set_callin_enabled(True)
    i18n.use_language("es")  # before anything is built; tests/conftest.py goes back to English
    from app.ui.main_window import MainWindow

    window = MainWindow(services)
    qtbot.addWidget(window)
    yield window
    window.detach()


PAGES = ("Today", "Schedule", "Coping skills", "Meetings", "Self-care", "Check-ins", "Goals", "Progress",
         "My plan", "Insights", "Treatment")


def test_every_page_speaks_spanish(spanish_window):
    english = _english_of_pages()
    assert "Good morning" in english and "Delete" in english  # the check has something to find
    left = []
    for title in PAGES:
        page = spanish_window.page(title)
        for widget in _walk(page):
            left += [f"{title}: {where}: {text!r}" for where, text in _texts(widget) if text in english]
    assert not left, "English left on the pages:\n" + "\n".join(left)


def test_the_pages_say_real_spanish(spanish_window, qtbot):
    today = spanish_window.page("Today")
    assert today.hard_moment_button.text() == "Registrar un momento &difícil"
    assert today.greeting.text() in ("Buenos días", "Buenas tardes", "Buenas noches")
    assert today.coping_card.caption.text() == "registros de afrontamiento"
    assert today.sober_label.text().startswith("Día 82 de sobriedad — desde el ")
    from app.ui.pages.today_page import AgendaEntry

    start = dt.datetime(2026, 12, 7, 8, 0)
    shift = AgendaEntry(start, start + dt.timedelta(hours=8), "Turno", "work", "", False)
    assert shift.kind_label == "Trabajo"  # the domain's choice label, translated where shown

    checkins = spanish_window.page("Check-ins")
    view = checkins.current_view()
    view.refresh()
    assert view.edit_button.text() == "Editar…" and view.delete_button.text() == "Eliminar"
    assert view.add_button.text() == "Añadir chequeo…"  # the kind's noun comes from the services, in Spanish
    assert view.count_label.text() == "2 registros"
    assert checkins.sobriety.lapse_button.text() == "Registrar un tropiezo…"

    schedule = spanish_window.page("Schedule")
    assert [schedule.tab_widget.tabText(i) for i in range(schedule.tab_widget.count())] == [
        "Semana", "Todas las actividades", "Programa", "Fases del programa", "Asistencia a sesiones"]
    planner = schedule.planner
    assert planner.agenda.headerItem().text(0) == "Cuándo"
    assert planner.agenda_button.text() == "Agenda"  # the list view, as calendars call it in Spanish too

    goals = spanish_window.page("Goals")
    assert [goals.tab_widget.tabText(i) for i in range(3)] == ["Metas", "Logros", "Red de apoyo"]
    row = next(iter(goals.progress.rows.values()))
    assert row.status.text() in ("Vas bien", "Con retraso", "Cumplida ✓", "Sin empezar", "Empezando de nuevo")

    plan = spanish_window.page("My plan")
    offers = [plan.box("ask_for_help").picker.itemText(i) for i in range(plan.box("ask_for_help").picker.count())]
    assert "Dana (sponsor) (Padrino o madrina), 555-0101" in offers  # the role in Spanish, from the domain

    selfcare = spanish_window.page("Self-care")
    assert "30 min de ejercicio" in [b.text() for b in selfcare.panel.buttons]

    meetings = spanish_window.page("Meetings")
    assert meetings.panel.detail_label.text().startswith("1 reunión en los últimos 30 días · ")

    treatment = spanish_window.page("Treatment")
    assert treatment.doses.summary.text() == "0 de 2 dosis anotadas hoy."
    assert treatment.callin.question.text() == "¿Llamaste hoy a la línea de pruebas?"


def test_the_lapse_dialog_is_in_spanish(qtbot, services):
    seed(services.records)
    i18n.use_language("es")
    from app.ui.pages.checkins_page import LapseDialog

    dialog = LapseDialog(services.recovery)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Registrar un tropiezo"
    assert dialog.overdose.text().startswith("Si consumiste opioides u otras drogas")
    assert dialog.help_toggle.text() == "Ayuda ahora"


def test_the_without_use_wording_reads_well_in_spanish(spanish_window, services, qtbot):
    """The Spanish sentences are written so the days-without-use wording swaps whole phrases
    ("Día 82 de sobriedad" → "Día 82 sin consumir"), never leaving "en sin consumir"."""
    services.recovery.set_wording("without_use")
    today = spanish_window.page("Today")
    today.refresh()
    assert today.sober_label.text().startswith("Día 82 sin consumir — desde el ")
    panel = spanish_window.page("Check-ins").sobriety
    panel.refresh()
    assert panel.label.text().startswith("Día 82 sin consumir — desde el ")
    assert panel.button.text() == "Cambiar la fecha en que dejaste de consumir…"
    from app.ui.pages.checkins_page import LapseDialog

    dialog = LapseDialog(services.recovery)
    qtbot.addWidget(dialog)
    form = dialog.layout().itemAt(1).layout()
    assert form.labelForField(dialog.lapse_date).text() == "Día del &tropiezo"
    assert form.labelForField(dialog.again_date).text() == "Nuevo periodo sin consumir &desde"
    assert "sin consumir anteriores" in dialog.findChild(QLabel).text()


def test_a_goals_value_takes_the_readers_decimal_mark():
    """A custom goal's value (money saved, books read) with a decimal comma in Spain, a point in
    English and in Latin American Spanish; tests/conftest.py puts the default style back."""
    from app.domain import formatting as fmt
    from app.ui.pages.goals_page import _number

    assert _number(1234.5) == "1,234.5" and _number(12.0) == "12"
    i18n.use_language("es")
    assert _number(1234.5) == "1,234.5"  # Mexico, the US: a decimal point
    fmt.use(fmt.Style(decimal_comma=True))
    assert _number(1234.5) == "1.234,5" and _number(12.25) == "12,25"
