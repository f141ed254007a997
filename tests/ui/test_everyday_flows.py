"""The everyday flows a new person meets in their first ten minutes (issue 11, defects 1–9).

Each test drives the window the way a person would (clicks, typing, the wheel) on a fresh,
empty data folder unless it says otherwise."""

import ast
import datetime as dt
import inspect
import importlib
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.services.clock import FixedClock
from app.services.records import RecordService
from app.services.schedule import ScheduleService

NOW = dt.datetime(2026, 12, 7, 10, 15)  # a Monday
APP_UI = Path(__file__).resolve().parents[2] / "app" / "ui"


@pytest.fixture
def clock():
    return FixedClock(NOW)


@pytest.fixture
def schedule(store, clock):
    return ScheduleService(store, RecordService(store, clock))


# --- 1. Schedule ▸ Week "Add item…" ------------------------------------------------------------------


def test_add_item_button_in_the_week_planner_opens_the_form_and_saves(qtbot, schedule):
    from app.ui.pages.schedule_page import WeekPlanner

    planner = WeekPlanner(schedule.records, schedule)
    qtbot.addWidget(planner)
    planner.resize(1100, 700)
    planner.show()
    qtbot.waitExposed(planner)
    seen = {}

    def fill_in():
        dialog = QApplication.activeModalWidget()
        seen["start"] = dialog.value("start")
        dialog.set_value("title", "Counselor")
        dialog.accept()

    QTimer.singleShot(0, fill_in)
    qtbot.mouseClick(planner.add_button, Qt.MouseButton.LeftButton)
    assert seen["start"] == dt.datetime(2026, 12, 7, 11, 0)
    assert [i.title for i in schedule.records.list("schedule")] == ["Counselor"]
    planner.detach()


def _connected_slots():
    """(file, line, class, method) for every `<x>.clicked/triggered.connect(self.<method>)` in app/ui."""
    for path in sorted(APP_UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            for node in ast.walk(cls):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr == "connect" and isinstance(node.func.value, ast.Attribute)
                        and node.func.value.attr in ("clicked", "triggered") and node.args
                        and isinstance(node.args[0], ast.Attribute)
                        and isinstance(node.args[0].value, ast.Name) and node.args[0].value.id == "self"):
                    yield path, node.lineno, cls.name, node.args[0].attr


def test_no_button_passes_its_checked_flag_into_an_optional_argument():
    """`clicked(bool)` and `triggered(bool)` hand `checked` to a slot that takes an argument: a
    method like `add_record(start=None)` then receives False as its start. Such slots must
    take no argument (or a `checked: bool`)."""
    problems = []
    for path, line, class_name, method in _connected_slots():
        module = importlib.import_module(".".join(path.relative_to(APP_UI.parents[1]).with_suffix("").parts))
        cls = getattr(module, class_name, None)
        func = getattr(cls, method, None)
        if func is None or not inspect.isfunction(func):
            continue  # Qt's own slots (reject, close…) take no argument
        params = [p for p in inspect.signature(func).parameters.values()
                  if p.name != "self" and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        if params and params[0].default is not inspect.Parameter.empty and params[0].annotation not in ("bool", bool):
            problems.append(f"{path.name}:{line} {class_name}.{method}({params[0].name})")
    assert problems == []


# --- 5. a blank number field ("—") takes typing after a mouse click ------------------------------------


@pytest.mark.parametrize(("kind", "field", "typed", "expected"), [
    ("checkin", "mood", "4", 4),
    ("checkin", "craving", "7", 7),
    ("coping", "urge_before", "6", 6),
    ("checkin", "sleep_hours", "7.5", 7.5),
])
def test_a_blank_number_field_takes_typing_after_a_mouse_click(qtbot, schedule, kind, field, typed, expected):
    from app.ui.dialogs.record_dialog import RecordDialog

    dialog = RecordDialog(schedule.records, kind)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    editor = dialog.editor(field)
    assert editor.value_or_none() is None and editor.text() == "—"
    line = editor.lineEdit()
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton, pos=line.rect().center())
    qtbot.wait(10)
    assert QApplication.focusWidget() in (editor, line)
    qtbot.keyClicks(QApplication.focusWidget(), typed)
    assert dialog.value(field) == expected


# --- 3. no page forces the window wider ------------------------------------------------------------------


@pytest.fixture
def font_14pt(qapp):
    # Widgets closed by earlier tests are deleted first, so the font change reaches only ours.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    normal = qapp.font()
    bigger = qapp.font()
    bigger.setPointSizeF(14)
    qapp.setFont(bigger)
    yield bigger
    qapp.setFont(normal)


def _add_repeatable_selfcare(records):
    from app.domain.records import SelfCareEntry

    now = records.clock.now().replace(second=0, microsecond=0)
    for i, (category, minutes, note) in enumerate((("exercise", 45, "Walk along the river bank"[:24]),
                                                  ("mindfulness", 20, "Body scan before bed"),
                                                  ("social", 90, "Coffee with my sister Ana"[:24]),
                                                  ("hobby", 30, "Sketching the park trees"))):
        records.add(SelfCareEntry(occurred_at=now - dt.timedelta(hours=i + 1), category=category,
                                  minutes=minutes, notes=note))


def test_the_self_care_repeat_buttons_wrap_instead_of_widening_the_window(qtbot, window, records, font_14pt):
    from app.ui.main_window import PAGE_TITLES

    _add_repeatable_selfcare(records)
    window.resize(1100, 720)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(PAGE_TITLES.index("Self-care"))
    qtbot.wait(50)
    page = window.page("Self-care")
    assert len(page.panel.buttons) == 4
    assert window.width() == 1100
    assert window.minimumSizeHint().width() <= 1100
    # The buttons went onto more than one line, each whole and inside the panel.
    tops = {b.geometry().top() for b in page.panel.buttons}
    assert len(tops) > 1
    for b in page.panel.buttons:
        assert page.panel.rect().contains(b.geometry())


def test_no_page_asks_for_more_width_than_the_window_has_at_a_14pt_font(qtbot, window, records, font_14pt):
    from app.ui.main_window import PAGE_TITLES

    _add_repeatable_selfcare(records)
    window.resize(1100, 720)
    window.show()
    qtbot.waitExposed(window)
    too_wide = {}
    for index, title in enumerate(PAGE_TITLES):
        window.show_page(index)
        qtbot.wait(20)
        if window.minimumSizeHint().width() > 1100 or window.width() != 1100:
            too_wide[title] = (window.minimumSizeHint().width(), window.width())
            window.resize(1100, 720)
    widths = {t: window.page(t).minimumSizeHint().width() for t in PAGE_TITLES}
    assert too_wide == {}, widths


# --- 7. the goal form shows what a kind uses --------------------------------------------------------------


def _shown(dialog) -> set[str]:
    return {spec.name for spec in dialog.specs if dialog.is_shown(spec.name)}


def _choices(combo) -> list:
    return [combo.itemData(i) for i in range(combo.count())]


def test_a_new_goal_starts_as_meetings_per_week_and_shows_only_its_fields(qtbot, schedule):
    from app.ui.dialogs.record_dialog import RecordDialog

    dialog = RecordDialog(schedule.records, "goal")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.value("kind") == "meetings_per_week"
    assert _shown(dialog) == {"title", "kind", "target", "period", "start_date", "end_date", "notes"}
    assert _choices(dialog.editor("period")) == ["week", "total"]

    dialog.set_value("kind", "selfcare_minutes")
    assert _shown(dialog) == {"title", "kind", "target", "period", "category", "start_date", "end_date", "notes"}

    dialog.set_value("kind", "treatment_attendance")
    period = dialog.editor("period")
    assert [period.itemText(i) for i in range(period.count())] == ["Over the last 4 weeks", "Since the start date"]

    dialog.set_value("kind", "custom_number")
    assert _shown(dialog) == {"title", "kind", "target", "unit", "current_value", "start_date", "end_date", "notes"}

    dialog.set_value("kind", "sober_days")
    assert _shown(dialog) == {"title", "kind", "target", "start_date", "end_date", "notes"}

    dialog.set_value("kind", "custom_checklist")
    assert _shown(dialog) == {"title", "kind", "start_date", "end_date", "notes"}

    dialog.set_value("kind", "meetings_per_week")
    dialog.set_value("title", "Three meetings a week")
    dialog.set_value("target", 3)
    dialog.accept()
    saved = schedule.records.list("goal")[0]
    assert (saved.kind, saved.target, saved.period) == ("meetings_per_week", 3, "week")


def test_editing_an_old_goal_keeps_a_period_the_kind_no_longer_offers(qtbot, schedule):
    from app.domain.records import Goal
    from app.ui.dialogs.record_dialog import RecordDialog

    old = schedule.records.add(Goal(title="Exercise daily", kind="selfcare_minutes", target=30, period="day",
                                    category="exercise", start_date=dt.date(2026, 11, 2)))
    dialog = RecordDialog(schedule.records, "goal", old)
    qtbot.addWidget(dialog)
    assert "archived" in _shown(dialog)
    assert _choices(dialog.editor("period")) == ["week", "day", "total"]
    assert dialog.value("period") == "day"
    dialog.accept()
    assert schedule.records.get("goal", old.id).period == "day"


# --- 2. the meeting directory form -------------------------------------------------------------------------


def test_a_new_meeting_asks_for_name_day_time_and_place_or_link_only(qtbot, schedule):
    from app.ui.dialogs.record_dialog import RecordDialog

    dialog = RecordDialog(schedule.records, "group")
    qtbot.addWidget(dialog)
    assert _shown(dialog) == {"name", "fellowship", "meeting_format", "weekday", "start_time", "end_time",
                              "location", "address", "notes"}
    dialog.set_value("meeting_format", "online")
    assert _shown(dialog) == {"name", "fellowship", "meeting_format", "weekday", "start_time", "end_time",
                              "url", "phone", "notes"}
    dialog.set_value("meeting_format", "hybrid")
    assert {"location", "address", "url", "phone"} <= _shown(dialog)


def test_an_imported_meeting_shows_its_feed_fields_and_keeps_them(qtbot, schedule):
    from app.domain.records import SupportGroup
    from app.ui.dialogs.record_dialog import RecordDialog

    imported = schedule.records.add(SupportGroup(name="Tuesday Step Study", slug="tuesday-step-study",
                                                 meeting_types=("O", "ST"), region="Downtown",
                                                 timezone="America/New_York", weekday=1))
    dialog = RecordDialog(schedule.records, "group", imported)
    qtbot.addWidget(dialog)
    assert {"meeting_types", "slug", "region", "timezone", "archived"} <= _shown(dialog)
    dialog.set_value("notes", "Bring the book")
    dialog.accept()
    saved = schedule.records.get("group", imported.id)
    assert (saved.slug, saved.meeting_types, saved.region, saved.notes) == (
        "tuesday-step-study", ("O", "ST"), "Downtown", "Bring the book")


# --- 6 and 2. Log a meeting: the day's sessions, and adding a meeting from there ----------------------------


@pytest.fixture
def today_page(qtbot, store, clock, schedule):
    from app.services.today import TodayService
    from app.ui.pages.today_page import TodayPage

    page = TodayPage(schedule.records, TodayService(store, clock), schedule=schedule)
    qtbot.addWidget(page)
    yield page
    page.detach()


def _add_item(records, title, kind, start, hours=1.0, **kw):
    from app.domain.records import ScheduleItem

    return records.add(ScheduleItem(title=title, kind=kind, start=start, end=start + dt.timedelta(hours=hours),
                                    timezone="America/New_York", **kw))


def test_scheduled_session_offers_the_days_treatment_sessions_and_meetings_only(qtbot, today_page, schedule):
    records = schedule.records
    monday = NOW.date()
    at = lambda day, hour: dt.datetime.combine(monday + dt.timedelta(days=day), dt.time(hour))  # noqa: E731
    group = _add_item(records, "Evening group", "group_therapy", at(-7, 18), 3, recurrence="FREQ=WEEKLY;BYDAY=MO")
    _add_item(records, "Dentist", "other", at(0, 14))
    _add_item(records, "Work shift", "work", at(0, 8), 8)
    _add_item(records, "School play", "family_social", at(0, 17))
    home = _add_item(records, "Home group", "support_meeting", at(0, 19))
    thursday = _add_item(records, "Thursday step study", "support_meeting", at(3, 19))

    dialog = today_page.make_meeting_dialog()
    qtbot.addWidget(dialog)
    sessions = dialog.editor("schedule_item_id")
    offered = [sessions.itemData(i) for i in range(sessions.count()) if sessions.itemData(i)]
    assert offered == [group.id, home.id]
    assert "18:00" in sessions.itemText(1) and "Evening group" in sessions.itemText(1)

    dialog.set_value("occurred_at", at(3, 20))
    offered = [sessions.itemData(i) for i in range(sessions.count()) if sessions.itemData(i)]
    assert offered == [thursday.id]


def test_log_a_meeting_on_a_fresh_install_adds_the_meeting_inline_and_logs_it(qtbot, today_page, schedule):
    records = schedule.records
    assert records.list("group") == []
    dialog = today_page.make_meeting_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    adder = dialog.new_meeting
    assert adder.isVisible()  # nothing to choose yet, so the way to add one is open
    adder.name_edit.setText("Thursday Night Big Book")
    adder.day_edit.set_value(3)
    adder.time_edit.set_value(dt.time(19, 30))
    qtbot.mouseClick(adder.online, Qt.MouseButton.LeftButton)
    assert adder.place_label.text() == "Online link:"
    adder.place_edit.setText("https://meet.example.org/bigbook")
    qtbot.mouseClick(adder.add_button, Qt.MouseButton.LeftButton)

    [group] = records.list("group")
    assert (group.name, group.weekday, group.start_time, group.meeting_format, group.url, group.location) == (
        "Thursday Night Big Book", 3, dt.time(19, 30), "online", "https://meet.example.org/bigbook", "")
    assert dialog.value("group_id") == group.id
    assert not adder.isVisible()
    dialog.accept()
    [attended] = records.list("attendance")
    assert attended.group_id == group.id and attended.status == "attended"


def test_adding_a_meeting_inline_without_a_name_says_so_next_to_it(qtbot, today_page, schedule):
    dialog = today_page.make_meeting_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    adder = dialog.new_meeting
    qtbot.mouseClick(adder.add_button, Qt.MouseButton.LeftButton)
    assert adder.error.isVisible() and "Name" in adder.error.text()
    assert schedule.records.list("group") == []


def test_the_meetings_page_logs_attendance_with_the_same_form(qtbot, window):
    from app.ui.dialogs.attendance_dialog import LogMeetingDialog

    page = window.page("Meetings")
    dialog = page.views["attendance"].make_dialog()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, LogMeetingDialog) and dialog.schedule is window.schedule


def test_log_a_meeting_asks_for_a_reason_only_for_a_missed_or_excused_session(qtbot, today_page):
    dialog = today_page.make_meeting_dialog()
    qtbot.addWidget(dialog)
    assert not dialog.is_shown("reason")
    dialog.set_value("status", "excused")
    assert dialog.is_shown("reason")


# --- 8. one palette ---------------------------------------------------------------------------------------------


def _palette(dark: bool):
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    window, text = ("#2b2b2b", "#e6e6e6") if dark else ("#efefef", "#111111")
    for role, colour in ((QPalette.ColorRole.Window, window), (QPalette.ColorRole.WindowText, text),
                         (QPalette.ColorRole.Base, "#1f1f1f" if dark else "#ffffff"),
                         (QPalette.ColorRole.Text, text)):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_planner_and_the_charts_give_each_part_of_life_the_same_colour(qtbot, schedule, dark):
    from app.services.progress import BALANCE_SERIES
    from app.ui.charts.palette import contrast, theme_for
    from app.ui.pages.schedule_page import WeekPlanner
    from app.ui.widgets.week_grid import group_colours

    planner = WeekPlanner(schedule.records, schedule)
    qtbot.addWidget(planner)
    planner.setPalette(_palette(dark))
    planner_colours = {key: c.name() for key, c in group_colours(planner.grid).items()}
    chart_fill = theme_for(palette=_palette(dark)).fill
    # The charts merge work and school into one series, in work's colour.
    of_series = {"work_school": "work"}
    for key, _label in BALANCE_SERIES:
        assert chart_fill[key].lower() == planner_colours[of_series.get(key, key)].lower(), key
    # The legend above the planner shows the same colours.
    for key, swatch in planner.balance.swatches.items():
        image = swatch.pixmap().toImage()
        centre = image.pixelColor(image.width() // 2, image.height() // 2).name()
        assert centre == planner_colours[key], key
    # Every part of life has its own colour, and on a dark background each stands out from it.
    assert len(set(planner_colours.values())) == len(planner_colours)
    if dark:
        for key, colour in planner_colours.items():
            assert contrast(colour, "#2b2b2b") >= 3.0, key
    planner.detach()


# --- 9. smaller things ---------------------------------------------------------------------------------------------


def test_a_planner_block_cut_short_shows_its_whole_title_on_hover(qtbot, schedule):
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    from app.ui.pages.schedule_page import WeekPlanner

    title = "Continuing care group with the Tuesday counselor"
    start = dt.datetime.combine(NOW.date(), dt.time(18))
    _add_item(schedule.records, title, "group_therapy", start, 2)
    _add_item(schedule.records, "Family reunion weekend at the lake", "family_social",
              dt.datetime.combine(NOW.date() + dt.timedelta(days=2), dt.time()), 24, all_day=True)
    planner = WeekPlanner(schedule.records, schedule)
    qtbot.addWidget(planner)
    planner.resize(1000, 700)
    planner.show()
    qtbot.waitExposed(planner)
    [piece] = planner.grid.placed
    centre = planner.grid.piece_rect(piece).center().toPoint()
    QApplication.sendEvent(planner.grid, QHelpEvent(QEvent.Type.ToolTip, centre, planner.grid.mapToGlobal(centre)))
    assert QToolTip.isVisible() and title in QToolTip.text()
    QToolTip.hideText()

    header = planner.header
    # The all-day chip sits in Wednesday's column, under the day names.
    chip = next(QPoint(x, y) for x in range(0, header.width(), 4) for y in range(0, header.height(), 3)
                if header._chip_at(QPoint(x, y)) is not None)
    QApplication.sendEvent(header, QHelpEvent(QEvent.Type.ToolTip, chip, header.mapToGlobal(chip)))
    assert QToolTip.isVisible() and "Family reunion weekend at the lake" in QToolTip.text()
    QToolTip.hideText()
    planner.detach()


def test_the_meetings_directory_marks_archived_meetings(qtbot, window, records):
    from app.domain.records import SupportGroup

    records.add(SupportGroup(name="Old Friday group", archived=True))
    records.add(SupportGroup(name="Home group"))
    view = window.page("Meetings").views["group"]
    view.refresh()
    model = view.model
    labels = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    archived, name = labels.index("Archived"), labels.index("Name")
    shown = {model.index(r, name).data(): model.index(r, archived).data() for r in range(model.rowCount())}
    assert shown == {"Old Friday group": "Yes", "Home group": "No"}


def test_meetings_list_meeting_attendance_and_the_schedule_page_session_attendance(qtbot, window, records):
    from app.domain.records import AttendanceRecord, SupportGroup

    group = records.add(SupportGroup(name="Home group"))
    session = _add_item(records, "Evening group", "group_therapy", dt.datetime(2026, 11, 30, 18), 3)
    records.add(AttendanceRecord(occurred_at=dt.datetime(2026, 12, 1, 19), group_id=group.id))
    records.add(AttendanceRecord(occurred_at=dt.datetime(2026, 11, 30, 18), schedule_item_id=session.id))

    def listed(view):
        view.refresh()
        column = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(view.model.columnCount())]
        meeting, scheduled = column.index("Meeting"), column.index("Scheduled session")
        return [(view.model.index(r, meeting).data(), view.model.index(r, scheduled).data())
                for r in range(view.model.rowCount())]

    assert listed(window.page("Meetings").views["attendance"]) == [("Home group", "")]
    assert listed(window.page("Schedule").views["attendance"]) == [("", "Evening group")]
    assert window.page("Meetings").views["attendance"].count_label.text() == "1 attendance record"


def test_preferences_default_reminder_takes_typing_after_a_mouse_click(qtbot, store, schedule):
    from app.services.reminders import ReminderService
    from app.ui.dialogs.preferences_dialog import PreferencesDialog

    dialog = PreferencesDialog(ReminderService(schedule, store), tray_available=False)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    box = dialog.minutes
    box.setValue(box.minimum())
    assert box.text() == "No default reminder"
    line = box.lineEdit()
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton, pos=line.rect().center())
    qtbot.keyClicks(box, "15")  # where a focused spin box's keys go
    assert box.value() == 15
