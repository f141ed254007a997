"""The Today dashboard: what is next with a countdown, today's plan, goals, milestones, quick logging."""

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QBoxLayout, QLabel

from app.domain.records import (
    AttendanceRecord,
    Goal,
    Milestone,
    ScheduleItem,
    SobrietyPeriod,
    SupportGroup,
)
from app.services.bundle import build_services
from app.services.clock import FixedClock
from app.services.records import RecordService
from app.services.recovery import RecoveryService
from app.services.schedule import ScheduleService
from app.services.today import TodayService
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.pages.today_page import (
    EMPTY_AGENDA,
    NO_GOALS,
    NO_RUNNING_GOALS,
    NOTHING_NEXT,
    TodayPage,
    countdown,
)
from tests.ui.focus_walk import alt_key

D = dt.datetime
WEDNESDAY = dt.date(2026, 3, 18)
NOW = D(2026, 3, 18, 16, 40)


@pytest.fixture
def clock():
    return FixedClock(NOW)


@pytest.fixture
def services(store, clock):
    return build_services(store, clock)


@pytest.fixture
def records(services):
    return services.records


@pytest.fixture
def goals(services):
    return services.goals


@pytest.fixture
def make_page(qtbot, store, records, clock, goals):
    made = []

    def make(**kwargs):
        kwargs.setdefault("schedule", ScheduleService(store, records))
        kwargs.setdefault("goals", goals)
        kwargs.setdefault("recovery", RecoveryService(store, records))
        page = TodayPage(records, TodayService(store, clock), **kwargs)
        qtbot.addWidget(page)
        made.append(page)
        return page

    yield make
    for page in made:
        page.detach()


@pytest.fixture
def group_session(records):
    return records.add(ScheduleItem(
        title="IOP group", kind="group_therapy", start=D(2026, 3, 2, 18), end=D(2026, 3, 2, 21),
        timezone="America/New_York", recurrence="FREQ=WEEKLY;BYDAY=MO,WE", location="Riverside, room 2"))


@pytest.fixture
def work_shift(records):
    return records.add(ScheduleItem(title="Warehouse shift", kind="work", start=D(2026, 3, 18, 8),
                                    end=D(2026, 3, 18, 16, 30), timezone="UTC"))


def tick(page, clock, when):
    clock.current = when
    page._on_tick()


# --- next up and today's plan --------------------------------------------------------------------------


def test_countdown_words():
    assert countdown(dt.timedelta(minutes=80)) == "1 h 20 min"
    assert countdown(dt.timedelta(minutes=120)) == "2 h"
    assert countdown(dt.timedelta(seconds=30)) == "1 min"  # never "in 0 min"
    assert countdown(dt.timedelta(minutes=59, seconds=1)) == "1 h"  # rounded up


def test_next_session_counts_down_each_minute_then_says_until_when(make_page, clock, group_session, work_shift):
    page = make_page()
    assert page.next_label.text() == "IOP group in 1 h 20 min — Riverside, room 2"
    tick(page, clock, D(2026, 3, 18, 16, 41))
    assert page.next_label.text() == "IOP group in 1 h 19 min — Riverside, room 2"
    tick(page, clock, D(2026, 3, 18, 17, 59, 30))
    assert page.next_label.text() == "IOP group in 1 min — Riverside, room 2"
    tick(page, clock, D(2026, 3, 18, 18, 5))
    assert page.next_label.text() == "IOP group now, until 21:00 — Riverside, room 2"
    assert page._tick_timer.isActive()  # keeps ticking


def test_after_the_last_session_next_up_looks_at_tomorrow(make_page, clock, records, group_session):
    counseling = records.add(ScheduleItem(title="Counseling", kind="individual_counseling",
                                          start=D(2026, 3, 19, 9), end=D(2026, 3, 19, 10), timezone="UTC"))
    page = make_page()
    tick(page, clock, D(2026, 3, 18, 21, 30))
    assert page.next_label.text() == "Counseling tomorrow at 09:00"
    early = records.add(ScheduleItem(title="Early shift", kind="work", start=D(2026, 3, 19, 2),
                                     end=D(2026, 3, 19, 8), timezone="UTC"))
    assert page.next_label.text() == "Early shift in 4 h 30 min"  # within 6 hours: a countdown
    tick(page, clock, D(2026, 3, 18, 23, 30))
    assert page.next_label.text() == "Early shift in 2 h 30 min"  # close enough to count down
    records.delete(early)
    records.delete(counseling)
    assert page.next_label.text() == NOTHING_NEXT


def test_while_one_thing_runs_the_next_is_named_too(make_page, clock, records, group_session):
    records.add(ScheduleItem(title="Evening walk", kind="self_care", start=D(2026, 3, 18, 21, 30),
                             end=D(2026, 3, 18, 22), timezone="UTC"))
    page = make_page()
    tick(page, clock, D(2026, 3, 18, 19, 0))
    assert page.next_label.text().startswith("IOP group now, until 21:00")
    assert page.then_label.text() == "Then Evening walk at 21:30 (in 2 h 30 min)"
    assert not page.then_label.isHidden()


def test_agenda_dims_what_is_over_and_marks_what_is_on(make_page, clock, group_session, work_shift):
    page = make_page()
    assert page.agenda.text() == ("08:00–16:30 – Warehouse shift – Work\n"
                                  "18:00–21:00 – IOP group – Group therapy – Riverside, room 2")
    assert page.agenda.states == ["past", "later"]
    tick(page, clock, D(2026, 3, 18, 18, 30))
    assert page.agenda.states == ["past", "now"]
    markers = [page.agenda.grid.itemAtPosition(r, 0).widget() for r in (1, 2)]
    assert [m.text() for m in markers] == ["", "Now"]  # said in words, not by colour alone
    past_time = page.agenda.grid.itemAtPosition(1, 1).widget()
    now_time = page.agenda.grid.itemAtPosition(2, 1).widget()
    assert past_time.palette().color(past_time.foregroundRole()) != now_time.palette().color(
        now_time.foregroundRole())
    assert now_time.font().bold()
    tick(page, clock, D(2026, 3, 18, 21, 0))  # over on the minute it ends
    assert page.agenda.states == ["past", "past"]
    assert page.agenda.grid.itemAtPosition(2, 0).widget().text() == ""


def test_a_cancelled_session_is_not_on_the_plan(make_page, store, records, clock, group_session):
    schedule = ScheduleService(store, records)
    page = make_page(schedule=schedule)
    schedule.cancel_occurrence(group_session, D(2026, 3, 18, 18))
    assert page.agenda.text() == EMPTY_AGENDA
    assert page.next_label.text() == NOTHING_NEXT
    assert not page.schedule_button.isHidden()  # nothing at all planned: offer the Schedule page
    with_signals = []
    page.page_requested.connect(with_signals.append)
    page.schedule_button.click()
    assert with_signals == ["Schedule"]


# --- goals ----------------------------------------------------------------------------------------------


def test_goal_rows_come_from_real_goals_and_open_the_goals_page(make_page, records, goals, qtbot):
    group = records.add(SupportGroup(name="Tuesday Night Hope"))
    records.add(AttendanceRecord(occurred_at=D(2026, 3, 16, 19), group_id=group.id))
    meetings = records.add(Goal(title="Three meetings a week", kind="meetings_per_week", target=3,
                                start_date=WEDNESDAY - dt.timedelta(days=30)))
    books = records.add(Goal(title="Read recovery books", kind="custom_number", target=4, unit="books",
                             current_value=4, start_date=WEDNESDAY - dt.timedelta(days=3)))
    records.add(Goal(title="Later", kind="custom_number", target=1, start_date=WEDNESDAY + dt.timedelta(days=5)))
    records.add(Goal(title="Old", kind="custom_number", target=1, start_date=WEDNESDAY, archived=True))
    page = make_page()
    expected = {p.goal.id: p for p in goals.all_progress()}
    assert len(expected) == 3
    # Running goals only, in the service's order.
    assert [r.goal_id for r in page.goal_rows] == [g for g in expected if g in (meetings.id, books.id)]
    rows = {r.goal_id: r for r in page.goal_rows}
    first, second = rows[meetings.id], rows[books.id]
    assert first.status.text() == "On track" and first.text.text() == expected[meetings.id].text
    assert first.text.text() == "1 of 3 meetings this week"
    assert first.bar.value() == 33
    assert second.status.text() == "Met ✓" and second.bar.value() == 100
    assert page.goals_empty.isHidden() and page.goals_button.isHidden()

    with qtbot.waitSignal(page.goal_requested) as clicked:
        qtbot.mouseClick(second, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert clicked.args == [books.id]
    with qtbot.waitSignal(page.goal_requested) as pressed:
        qtbot.keyClick(first, Qt.Key.Key_Return)
    assert pressed.args == [meetings.id]

    records.add(AttendanceRecord(occurred_at=D(2026, 3, 17, 19), group_id=group.id))
    records.add(AttendanceRecord(occurred_at=D(2026, 3, 18, 12), group_id=group.id))
    assert {r.goal_id: r for r in page.goal_rows}[meetings.id].status.text() == "Met ✓"  # at once


def test_without_goals_the_page_says_how_to_set_one(make_page, records, qtbot):
    page = make_page()
    assert page.goal_rows == []
    assert page.goals_empty.text() == NO_GOALS and not page.goals_empty.isHidden()
    with qtbot.waitSignal(page.page_requested) as asked:
        page.goals_button.click()
    assert asked.args == ["Goals"]
    records.add(Goal(title="Later", kind="custom_number", target=1, start_date=WEDNESDAY + dt.timedelta(days=5)))
    assert page.goals_empty.text() == NO_RUNNING_GOALS


# --- milestones ----------------------------------------------------------------------------------------


def test_milestone_is_recorded_and_shown_once_sobriety_crosses_30_days(make_page, records, clock, qtbot):
    records.add(SobrietyPeriod(start_date=WEDNESDAY - dt.timedelta(days=29)))
    page = make_page()
    said = []
    page.status_message.connect(said.append)
    qtbot.waitUntil(lambda: said == ["New milestones: 14 days sober and 2 more"])  # said once shown
    assert page.milestone_label.text() == "Milestone: 14 days sober (reached 3 Mar)"

    tick(page, clock, D(2026, 3, 20, 9, 0))  # a new day: day 31
    thirty = [m for m in records.list("milestone") if m.title == "30 days sober"]
    assert len(thirty) == 1 and thirty[0].reached_on == dt.date(2026, 3, 19)
    assert page.milestone_label.text() == "Milestone: 30 days sober (reached 19 Mar)"
    assert said[-1] == "New milestone: 30 days sober"

    page.refresh()
    records.add(Milestone(title="Told my manager", reached_on=dt.date(2026, 3, 20)))
    assert said.count("New milestone: 30 days sober") == 1  # said once, not again
    assert len([m for m in records.list("milestone") if m.title == "30 days sober"]) == 1
    assert page.milestone_label.text() == "Milestone: Told my manager (reached today)"


# --- quick logging ----------------------------------------------------------------------------------


def _answer(fill):
    seen = []

    def run():
        dialog = QApplication.activeModalWidget()
        seen.append(dialog)
        fill(dialog)

    QTimer.singleShot(0, run)
    return seen


def test_log_a_hard_moment_asks_for_the_coping_quick_log(make_page, qtbot):
    page = make_page()
    pages, quick = [], []
    page.page_requested.connect(pages.append)
    page.quick_log_requested.connect(lambda: quick.append(pages[:]))
    page.hard_moment_button.click()
    assert pages == ["Coping skills"] and quick == [["Coping skills"]]  # the page first, then the log


def test_log_a_meeting_and_self_care_open_their_forms(make_page, records, qtbot):
    group = records.add(SupportGroup(name="Tuesday Night Hope"))
    page = make_page()
    said = []
    page.status_message.connect(said.append)

    def meeting(dialog):
        dialog.set_value("group_id", group.id)
        dialog.accept()

    seen = _answer(meeting)
    page.meeting_button.click()
    assert isinstance(seen[0], RecordDialog) and seen[0].kind.name == "attendance"
    assert records.count("attendance") == 1 and page.meetings_card.number.text() == "1"

    def selfcare(dialog):
        dialog.editor("minutes").setValue(25)
        dialog.accept()

    seen = _answer(selfcare)
    page.selfcare_button.click()
    assert seen[0].kind.name == "selfcare"
    assert page.selfcare_card.number.text() == "25"
    assert said == ["Meeting logged. Well done for going.", "Logged 25 minutes of self-care."]

    def missed(dialog):
        dialog.set_value("group_id", group.id)
        dialog.set_value("status", "missed")
        dialog.accept()

    _answer(missed)
    page.meeting_button.click()
    assert said[-1] == "Logged as missed."  # praise for going only when the person went

    seen = _answer(lambda dialog: dialog.reject())
    page.check_in_button.click()
    assert seen[0].kind.name == "checkin" and records.count("checkin") == 0


def test_quick_buttons_have_names_and_mnemonics(make_page):
    page = make_page()
    names = [b.accessibleName() for b in page.quick_buttons]
    assert names == ["Log a hard moment", "Log a meeting", "Log self-care", "Check in now"]
    keys = [alt_key(b.text()) for b in page.quick_buttons]
    assert len(set(keys)) == 4 and not set(keys) & set("fevh")  # not the menus' File, Edit, View, Help
    assert all(b.focusPolicy() & Qt.FocusPolicy.TabFocus for b in page.quick_buttons)


# --- without goals or recovery; layout ---------------------------------------------------------------


def test_works_without_goals_or_recovery(qtbot, store, clock, group_session):
    records = RecordService(store, clock)  # wired by hand: no goals service records milestones
    page = TodayPage(records, TodayService(store, clock))
    qtbot.addWidget(page)
    assert page.goals_frame.isHidden() and page.milestone_label.isHidden()
    assert page.next_label.text() == "IOP group in 1 h 20 min — Riverside, room 2"
    records.add(SobrietyPeriod(start_date=WEDNESDAY - dt.timedelta(days=40)))
    assert page.sober_label.text() == "Day 40 — sober since 6 Feb 2026"
    assert records.count("milestone") == 0  # nothing to record them with
    assert page.sober_detail.isHidden()
    page.detach()


def test_recovery_adds_sober_days_this_year_after_a_lapse_and_the_90_in_90(make_page, store, records):
    records.add(SobrietyPeriod(start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 2, 1)))
    records.add(SobrietyPeriod(start_date=dt.date(2026, 2, 3)))
    RecoveryService(store, records).start_ninety(dt.date(2026, 3, 9))
    page = make_page()
    assert page.sober_label.text() == "Day 43 — sober since 3 Feb 2026"
    assert page.sober_detail.text() == "75 sober days this year · Day 10 of 90: 0 of 90 meetings (10 behind pace)"


def test_sober_date_hint_when_none_is_set(make_page, qtbot):
    page = make_page()
    assert page.sober_label.isHidden() and not page.sober_hint.isHidden()
    with qtbot.waitSignal(page.page_requested) as asked:
        page.sober_hint.click()
    assert asked.args == ["Check-ins"]


def test_columns_stack_when_narrow_and_fit_a_1100_wide_window(make_page, group_session, records):
    records.add(Goal(title="A goal with a rather long title that has to wrap onto a second line somewhere",
                     kind="custom_number", target=3, start_date=WEDNESDAY))
    page = make_page()
    page.resize(970, 650)  # a 1100 × 720 window less the sidebar
    page.show()
    assert page.columns.direction() == QBoxLayout.Direction.LeftToRight
    assert page.content.minimumSizeHint().width() <= page.scroll_area.viewport().width()
    page.resize(620, 500)
    assert page.columns.direction() == QBoxLayout.Direction.TopToBottom
    assert page.cards_grid.itemAtPosition(1, 0) is not None  # two cards a row


def test_dashboard_chart_goes_in_its_place(make_page, qtbot):
    page = make_page()
    assert page.chart_area.isHidden()
    first = QLabel("chart one")
    page.set_dashboard_chart(first)
    assert not page.chart_area.isHidden() and first.parent() is page.chart_area
    second = QLabel("chart two")
    with qtbot.waitSignal(first.destroyed):
        page.set_dashboard_chart(second)
    assert page.chart is second and page.chart_area.layout().count() == 1


def test_a_us_locale_reads_a_12_hour_clock_and_the_month_first(make_page, clock, group_session, work_shift):
    from PySide6.QtCore import QLocale

    from app.domain import formatting
    from app.ui.main_window import use_locale_style

    use_locale_style(QLocale("en_US"))
    page = make_page()
    assert page.date_label.text() == "Wednesday, March 18, 2026"
    assert page.agenda.text() == ("8:00\u00a0AM–4:30\u00a0PM – Warehouse shift – Work\n"
                                  "6:00–9:00\u00a0PM – IOP group – Group therapy – Riverside, room 2")
    tick(page, clock, D(2026, 3, 18, 18, 5))
    assert page.next_label.text() == "IOP group now, until 9:00\u00a0PM — Riverside, room 2"
    use_locale_style(QLocale("en_GB"))
    assert formatting.current() == formatting.DEFAULT


def test_a_refresh_only_reads_milestones_are_recorded_by_writes(make_page, store, records, clock):
    """Milestones are recorded in the services' write path; a page refresh writes nothing."""
    page = make_page()
    store.sobriety.add(SobrietyPeriod(start_date=WEDNESDAY - dt.timedelta(days=40)))  # not through a service
    page.refresh()
    assert records.count("milestone") == 0 and page.milestone_label.isHidden()
    records.add(Milestone(title="Told my manager", reached_on=WEDNESDAY))  # a write: the marks are due
    assert sorted(m.title for m in records.list("milestone") if m.kind == "sober_days") == [
        "1 day sober", "14 days sober", "30 days sober", "7 days sober"]
