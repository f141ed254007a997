"""The Goals page: how each goal is going above the table, custom numbers, checklist steps."""

import datetime as dt

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.domain.records import AttendanceRecord, Goal, Milestone, SupportGroup
from app.services.bundle import build_services
from app.services.clock import FixedClock
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.pages.goals_page import ALL_ARCHIVED, GoalsPage, GoalValueDialog

TODAY = dt.date(2026, 3, 18)  # a Wednesday


@pytest.fixture
def services(store):
    return build_services(store, FixedClock(dt.datetime(2026, 3, 18, 10, 0)))


@pytest.fixture
def records(services):
    return services.records


@pytest.fixture
def goals(services):
    return services.goals


@pytest.fixture
def page(qtbot, records, goals):
    p = GoalsPage(records, goals)
    qtbot.addWidget(p)
    p.resize(980, 690)
    yield p
    p.detach()


def settle(qtbot, page):
    """The list is rebuilt once, just after a change."""
    qtbot.waitUntil(lambda: not page.progress.refresh_pending)


def answer(fill):
    seen = []

    def run():
        dialog = QApplication.activeModalWidget()
        seen.append(dialog)
        fill(dialog)

    QTimer.singleShot(0, run)
    return seen


@pytest.fixture
def checklist(records):
    goal = records.add(Goal(title="Tell my manager", kind="custom_checklist", start_date=TODAY - dt.timedelta(days=7)))
    steps = [records.add(Milestone(title="Write it down", goal_id=goal.id, target_date=TODAY - dt.timedelta(days=2))),
             records.add(Milestone(title="Talk to HR", goal_id=goal.id, target_date=TODAY + dt.timedelta(days=3)))]
    return goal, steps


def test_progress_rows_for_goals_not_archived(qtbot, records, goals, page):
    group = records.add(SupportGroup(name="Tuesday Night Hope"))
    records.add(AttendanceRecord(occurred_at=dt.datetime(2026, 3, 17, 19), group_id=group.id))
    meetings = records.add(Goal(title="Three meetings a week", kind="meetings_per_week", target=3,
                                start_date=TODAY - dt.timedelta(days=30)))
    later = records.add(Goal(title="Run a 5k", kind="custom_number", target=5, unit="km",
                             start_date=TODAY + dt.timedelta(days=10)))
    records.add(Goal(title="Old goal", kind="custom_number", target=1, start_date=TODAY, archived=True))
    settle(qtbot, page)
    assert set(page.progress.rows) == {meetings.id, later.id}
    row = page.progress.rows[meetings.id]
    assert row.status.text() == "On track"
    assert row.text.text() == goals.progress(meetings).text == "1 of 3 meetings this week"
    assert row.bar.value() == 33 and row.update_button is None and not row.step_boxes
    assert page.progress.rows[later.id].status.text() == "Not started"
    assert page.progress.rows[later.id].update_button is not None


def test_no_goals_leaves_the_guidance_to_the_table_and_all_archived_says_so(qtbot, records, page):
    assert page.progress_area.isHidden()
    assert page.views["goal"].empty.button.text() == "Add your first goal"
    records.add(Goal(title="Old goal", kind="custom_number", target=1, start_date=TODAY, archived=True))
    settle(qtbot, page)
    assert not page.progress_area.isHidden() and page.progress.empty.text() == ALL_ARCHIVED


def test_update_a_custom_number(qtbot, records, page):
    books = records.add(Goal(title="Read recovery books", kind="custom_number", target=4, unit="books",
                             start_date=TODAY - dt.timedelta(days=3)))
    settle(qtbot, page)
    row = page.progress.rows[books.id]
    assert row.text.text() == "Not updated yet: 0 of 4 books so far"
    said = []
    page.status_message.connect(said.append)

    def fill(dialog):
        dialog.editor.setValue(3)
        dialog.accept()

    seen = answer(fill)
    row.update_button.click()
    assert isinstance(seen[0], GoalValueDialog)
    assert records.get("goal", books.id).current_value == 3
    assert said == ["Updated “Read recovery books”: 3 books."]
    settle(qtbot, page)
    assert page.progress.rows[books.id].text.text() == "3 of 4 books"
    assert page.progress.rows[books.id].bar.value() == 75

    seen = answer(lambda dialog: dialog.reject())
    page.progress.rows[books.id].update_button.click()
    assert seen[0].editor.value() == 3  # starts from the value saved
    assert records.get("goal", books.id).current_value == 3


def test_ticking_checklist_steps_dates_them_and_meeting_the_goal_is_a_milestone(qtbot, records, page, checklist):
    goal, (first, second) = checklist
    settle(qtbot, page)
    row = page.progress.rows[goal.id]
    assert row.status.text() == "Behind"  # the first step was planned for two days ago
    boxes = row.step_boxes
    assert [boxes[m.id].text() for m in (first, second)] == [
        "Write it down (planned for 16 Mar)", "Talk to HR (planned for 21 Mar)"]
    said = []
    page.status_message.connect(said.append)

    boxes[first.id].setChecked(True)
    assert records.get("milestone", first.id).reached_on == TODAY
    settle(qtbot, page)
    row = page.progress.rows[goal.id]
    assert row.status.text() == "On track" and row.text.text() == "1 of 2 steps done"
    assert row.step_boxes[first.id].isChecked() and row.step_boxes[first.id].text() == "Write it down (done today)"

    row.step_boxes[second.id].setChecked(True)
    settle(qtbot, page)
    assert page.progress.rows[goal.id].status.text() == "Met ✓"
    met = [m for m in records.list("milestone") if m.kind == "goal_met"]
    assert [(m.goal_id, m.reached_on) for m in met] == [(goal.id, TODAY)]
    assert said[-1] == "New milestone: Goal met: Tell my manager"
    assert "goal_met" not in {records.get("milestone", b).kind for b in page.progress.rows[goal.id].step_boxes}

    page.progress.rows[goal.id].step_boxes[second.id].setChecked(False)  # ticked by mistake
    assert records.get("milestone", second.id).reached_on is None
    settle(qtbot, page)
    assert page.progress.rows[goal.id].status.text() == "On track"


def test_add_a_step_to_a_checklist(qtbot, records, page, checklist):
    goal, steps = checklist
    settle(qtbot, page)

    def fill(dialog):
        dialog.set_value("title", "Talk to my manager")
        dialog.accept()

    seen = answer(fill)
    page.progress.rows[goal.id].add_step_button.click()
    assert isinstance(seen[0], RecordDialog) and seen[0].kind.name == "milestone"
    added = [m for m in records.list("milestone") if m.title == "Talk to my manager"]
    assert len(added) == 1
    assert (added[0].goal_id, added[0].kind, added[0].target_date, added[0].reached_on) == (
        goal.id, "custom", TODAY + dt.timedelta(days=7), None)
    settle(qtbot, page)
    row = page.progress.rows[goal.id]
    assert row.step_boxes[added[0].id].text() == "Talk to my manager (planned for 25 Mar)"
    assert row.text.text() == "0 of 3 steps done; “Write it down” was planned for 16 Mar 2026"


def test_a_steps_planned_date_defaults_to_the_goals_end_date(qtbot, records, page):
    goal = records.add(Goal(title="Return to work plan", kind="custom_checklist", start_date=TODAY,
                            end_date=TODAY + dt.timedelta(days=30)))
    settle(qtbot, page)
    dialog = page.progress.make_step_dialog(goal)
    qtbot.addWidget(dialog)
    assert dialog.value("target_date") == TODAY + dt.timedelta(days=30)
    assert dialog.value("goal_id") == goal.id


def test_select_goal_shows_its_row_in_the_table_and_its_progress(qtbot, records, page, checklist):
    goal, _ = checklist
    other = records.add(Goal(title="Three meetings a week", kind="meetings_per_week", target=3,
                             start_date=TODAY - dt.timedelta(days=30)))
    settle(qtbot, page)
    page.tabs.setCurrentWidget(page.views["contact"])
    assert page.current_view() is page.views["contact"]
    assert page.select_goal(other.id)
    assert page.tabs.currentWidget() is page.goal_tab
    assert page.current_view() is page.views["goal"]
    assert page.views["goal"].selected_record().id == other.id
    assert page.progress.highlighted == other.id
    assert page.progress.rows[other.id].styleSheet() and not page.progress.rows[goal.id].styleSheet()
    records.update(other.with_changes(title="Four meetings a week", target=4))
    settle(qtbot, page)
    assert page.progress.rows[other.id].styleSheet()  # still marked after the list is rebuilt
    assert not page.select_goal("no-such-goal")


def test_clicking_a_progress_row_selects_the_goal_in_the_table(qtbot, records, page, checklist):
    goal, _ = checklist
    settle(qtbot, page)
    page.show()
    row = page.progress.rows[goal.id]
    from PySide6.QtCore import QPoint, Qt

    qtbot.mouseClick(row.title, Qt.MouseButton.LeftButton, pos=QPoint(3, 3))
    assert page.views["goal"].selected_record().id == goal.id


def test_tabs_are_goals_milestones_support_network(page):
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == ["Goals", "Milestones", "Support network"]
    assert page.views["milestone"].kind.name == "milestone"
