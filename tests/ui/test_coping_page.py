"""The Coping skills page: quick log above the log, and a readable, editable skill library."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.domain.records import SKILL_CATEGORIES, CopingEntry
from app.services.skill_library import library_skill_id, load_library, seed_library
from app.ui import messages
from app.ui.pages.coping_page import ALL_ARCHIVED, NOTHING_SELECTED, CopingPage
from app.ui.pages.records_page import RecordsPage, RecordsView

CATEGORY_LABELS = [label for _, label in SKILL_CATEGORIES]


@pytest.fixture
def make_page(qtbot, records):
    pages = []

    def make(seed: bool = True) -> CopingPage:
        if seed:
            seed_library(records)
        page = CopingPage(records)
        qtbot.addWidget(page)
        page.resize(1000, 720)
        page.show()
        qtbot.waitExposed(page)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.detach()


@pytest.fixture
def page(make_page):
    return make_page()


@pytest.fixture
def library_view(page):
    page.show_kind("skill")
    return page.library


@pytest.fixture
def answer_yes(monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)


# --- the log tab -----------------------------------------------------------------------------


def test_quick_log_sits_above_the_coping_log(page):
    assert isinstance(page, RecordsPage)
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == ["Coping log", "Skill library"]
    log = page.views["coping"]
    assert isinstance(log, RecordsView) and log.isVisible()
    assert page.quick_log.isVisible()
    assert page.quick_log.geometry().bottom() < log.geometry().top()
    assert page.current_view() is log


def test_an_entry_saved_in_the_quick_log_appears_in_the_table(page, records):
    page.quick_log.urge_now.set_value(6)
    page.quick_log.tick_skill("Box breathing")
    page.quick_log.urge_after.set_value(2)
    messages = []
    page.status_message.connect(messages.append)
    page.quick_log.save()
    log = page.views["coping"]
    assert log.model.rowCount() == 1
    assert messages == ["Logged. Urge 6 → 2 with Box breathing."]


def test_quick_log_folds_away_and_stays_folded(make_page):
    page = make_page()
    page.quick_log_toggle.click()
    assert not page.quick_log.isVisible()
    assert page.views["coping"].isVisible()
    assert page.quick_log_toggle.accessibleName() == "Show the quick log"
    again = make_page(seed=False)
    assert not again.is_quick_log_open()
    again.quick_log_toggle.click()
    assert again.quick_log.isVisible()


def test_ctrl_shift_l_opens_the_quick_log_and_puts_the_cursor_on_the_urge(qtbot, page):
    # (Ctrl+L alone locks Steady.)
    page.set_quick_log_open(False)
    page.show_kind("skill")
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    page.library.tree.setFocus()
    QTest.keyClick(page.library.tree, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert page.tabs.currentWidget() is page.log_tab
    assert page.quick_log.isVisible()
    qtbot.waitUntil(page.quick_log.urge_now.hasFocus)


def test_every_view_has_accessible_buttons(page):
    for view in page.views.values():
        for button in (view.add_button, view.edit_button, view.delete_button, view.empty.button):
            assert button.accessibleName()
        assert "Ctrl+N" in view.add_button.toolTip()
    assert page.show_kind("skill") is page.library
    assert page.current_view() is page.library


# --- the skill library tab ------------------------------------------------------------------


def test_library_lists_skills_grouped_by_category_with_a_readable_how_to(library_view, records):
    shown = library_view.shown_names()
    assert list(shown) == CATEGORY_LABELS
    assert sum(len(v) for v in shown.values()) == len(load_library().skills)
    assert "Box breathing" in shown["Mindfulness"] and "TIPP" in shown["DBT"]
    assert library_view.select_record(library_skill_id("tipp"))
    assert library_view.title.text() == "TIPP"
    assert "heart condition" in library_view.how_to.text()
    assert library_view.meta.text() == "DBT · From the Steady library · Source: DBT — Linehan"
    assert library_view.how_to.isVisible()


def test_library_shows_how_a_skill_has_helped(library_view, records):
    box = library_skill_id("box_breathing")
    now = records.clock.now()
    for hours in (0, 30, 60):  # the latest at this moment: "today" even just after midnight
        records.add(CopingEntry(occurred_at=now - dt.timedelta(hours=hours), urge_before=7, urge_after=4,
                                skill_ids=(box,)))
    library_view.select_record(box)
    assert library_view.stats.text() == ("Used 3 times in the last 90 days, last today. "
                                         "Your urge went down by 3.0 on average.")


def test_archive_hides_a_skill_from_the_library_and_the_quick_log(page, library_view, records):
    tipp = library_skill_id("tipp")
    library_view.select_record(tipp)
    library_view.archive_button.click()
    assert records.get("skill", tipp).archived
    assert "TIPP" not in library_view.shown_names()["DBT"]
    assert library_view.show_archived.text() == "Show archived (1)"
    page.show_kind("coping")  # the hidden quick log catches up when shown
    assert "TIPP" not in page.quick_log.more.completer().model().stringList()
    page.show_kind("skill")

    library_view.show_archived.setChecked(True)
    assert "TIPP  (archived)" in library_view.shown_names()["DBT"]
    assert library_view.select_record(tipp)
    assert library_view.archive_button.text() == "Restore"
    assert "Archived" in library_view.meta.text()
    library_view.archive_button.click()
    assert not records.get("skill", tipp).archived
    assert "TIPP" in library_view.shown_names()["DBT"]


def test_when_every_skill_is_archived_the_library_says_how_to_see_them(make_page, records):
    page = make_page()
    for skill in records.list("skill"):
        records.update(skill.with_changes(archived=True))
    view = page.show_kind("skill")
    assert view.shown_names() == {}
    assert view.tree_hint.text() == ALL_ARCHIVED and view.tree_hint.isVisible()
    assert not view.edit_button.isEnabled()


def test_a_library_with_no_skills_offers_to_add_the_first(make_page):
    page = make_page(seed=False)
    view = page.show_kind("skill")
    assert view.stack.currentWidget() is view.empty
    assert view.empty.button.text() == "Add your first coping skill"


def test_search_narrows_the_library(library_view):
    library_view.search.setText("breath")
    names = [n for group in library_view.shown_names().values() for n in group]
    assert "Box breathing" in names and "TIPP" in names  # TIPP's how-to mentions breathing
    library_view.search.setText("zzzz")
    assert library_view.shown_names() == {}
    assert "zzzz" in library_view.tree_hint.text()
    library_view.search.clear()
    assert library_view.title.text()
    assert library_view.how_to.text() != NOTHING_SELECTED


def test_add_a_skill_of_your_own(qtbot, library_view, records):
    library_view.select_record(library_skill_id("go_for_a_walk"))

    def fill_in():
        dialog = QApplication.activeModalWidget()
        dialog.editor("name").setText("Pet the dog")
        dialog.set_value("how_to", "Sit with the dog for five minutes. Notice its breathing.")
        dialog.accept()

    QTimer.singleShot(0, fill_in)
    saved = library_view.add_record()
    assert saved is not None and not saved.builtin
    assert saved.category == "distraction"  # the group of the skill that was selected
    assert "Pet the dog" in library_view.shown_names()["Healthy distraction"]
    assert library_view.title.text() == "Pet the dog"
    assert library_view.meta.text() == "Healthy distraction · Your own skill"


def test_edit_a_library_skill(qtbot, library_view, records):
    library_view.select_record(library_skill_id("box_breathing"))

    def change():
        dialog = QApplication.activeModalWidget()
        dialog.editor("name").setText("Square breathing")
        dialog.accept()

    QTimer.singleShot(0, change)
    library_view.edit_selected()
    skill = records.get("skill", library_skill_id("box_breathing"))
    assert skill.name == "Square breathing" and skill.builtin
    assert library_view.title.text() == "Square breathing"
    seed_library(records)
    assert records.get("skill", skill.id).name == "Square breathing"


def test_deleting_a_skill_the_log_uses_suggests_archiving_instead(library_view, records, answer_yes):
    box = library_skill_id("box_breathing")
    records.add(CopingEntry(occurred_at=records.clock.now() - dt.timedelta(hours=1), urge_before=5,
                            skill_ids=(box,)))
    library_view.select_record(box)
    assert library_view.delete_selected() is False
    assert "Archive it instead" in library_view.problem.text()
    assert library_view.problem.isVisible()
    assert records.get("skill", box) is not None


def test_a_deleted_library_skill_stays_deleted(library_view, records, answer_yes):
    stop = library_skill_id("stop")
    library_view.select_record(stop)
    assert library_view.delete_selected() is True
    assert "STOP" not in library_view.shown_names()["DBT"]
    seed_library(records)
    assert records.get("skill", stop) is None
