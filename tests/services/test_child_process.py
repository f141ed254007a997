"""Long reading in a child process (app.services.child_process), and the calendar and
meeting-list imports that use it for large files: the same plan as reading in the thread,
errors and Cancel carried over, the parent's language kept."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import os
import time
from pathlib import Path

import pytest

from app.domain import formatting, i18n
from app.domain.errors import ValidationError
from app.services import child_process
from app.services.child_process import Cancelled, ChildFailed, run_in_child
from app.services.child_process import APART_BYTES
from app.services.ics import CalendarFiles
from app.services.ics_import import read_calendar
from app.services.records import RecordService


def test_the_answer_comes_back():
    assert run_in_child(math.sqrt, 16.0) == 4.0
    assert run_in_child(divmod, 17, 5) == (3, 2)


def test_a_validation_error_is_raised_again_with_its_field_and_sentence():
    with pytest.raises(ValidationError) as caught:
        run_in_child(read_calendar, b"this is not a calendar", kind="work")
    assert caught.value.field == "file"
    assert "calendar" in caught.value.message


def test_any_other_exception_is_named_by_its_type_only():
    with pytest.raises(ChildFailed) as caught:
        run_in_child(math.sqrt, -1.0)  # ValueError("math domain error")
    assert str(caught.value) == "ValueError in the child process"


def test_a_child_that_dies_without_an_answer_is_a_failure_not_a_hang():
    started = time.perf_counter()
    with pytest.raises(ChildFailed, match="without an answer"):
        run_in_child(os._exit, 3)
    assert time.perf_counter() - started < 30


def test_cancel_stops_the_child_at_once():
    asked = []

    def cancelled() -> bool:
        asked.append(time.perf_counter())
        return len(asked) > 2

    started = time.perf_counter()
    with pytest.raises(Cancelled):
        run_in_child(time.sleep, 60, cancelled=cancelled)
    assert time.perf_counter() - started < 20  # not the minute the child would have slept
    assert len(asked) == 3


def test_the_child_speaks_the_parents_language_and_style():
    try:
        i18n.use_language("es")
        formatting.use(formatting.US)
        assert run_in_child(i18n.language) == "es"
        assert run_in_child(formatting.current) == formatting.US
        assert run_in_child(i18n._, "Working…") == i18n._("Working…") != "Working…"
    finally:
        i18n.use_language("en")
        formatting.use(formatting.DEFAULT)


@pytest.fixture
def children(monkeypatch):
    """The functions run in a child process during the test, in order (each still runs there)."""
    started = []
    real = child_process.run_in_child

    def counted(*args, **kwargs):
        started.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(child_process, "run_in_child", counted)
    return started


# --- the calendar import -----------------------------------------------------------------------


def large_calendar(path: Path, events: int) -> Path:
    """Weekly series with exceptions and moved occurrences, one-offs, two zones, folded lines."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//Large//EN"]
    start = dt.datetime(2030, 1, 7, 8, 0)
    for i in range(events):
        day = start + dt.timedelta(days=i // 8, hours=i % 8)
        zone = "America/New_York" if i % 3 else "Europe/Berlin"
        at = f"{day:%Y%m%dT%H%M%S}"
        lines += ["BEGIN:VEVENT", f"UID:event-{i}@test", "DTSTAMP:20300101T000000Z",
                  f"DTSTART;TZID={zone}:{at}", f"DTEND;TZID={zone}:{day + dt.timedelta(minutes=50):%Y%m%dT%H%M%S}",
                  f"SUMMARY:Shift {i}", f"LOCATION:Room {i % 40}",
                  "DESCRIPTION:Bring the badge and the keys to the front desk before the shift sta",
                  " rts, and sign the sheet."]
        if i % 10 == 0:
            lines += ["RRULE:FREQ=WEEKLY;COUNT=20", f"EXDATE;TZID={zone}:{day + dt.timedelta(weeks=2):%Y%m%dT%H%M%S}"]
        if i % 97 == 0:
            lines.append("RRULE:FREQ=SECONDLY")  # not one Steady can use: a warning
        lines.append("END:VEVENT")
        if i % 10 == 0:
            moved = day + dt.timedelta(weeks=3)
            lines += ["BEGIN:VEVENT", f"UID:event-{i}@test", "DTSTAMP:20300101T000000Z",
                      f"RECURRENCE-ID;TZID={zone}:{moved:%Y%m%dT%H%M%S}",
                      f"DTSTART;TZID={zone}:{moved + dt.timedelta(hours=1):%Y%m%dT%H%M%S}",
                      f"DTEND;TZID={zone}:{moved + dt.timedelta(hours=2):%Y%m%dT%H%M%S}",
                      f"SUMMARY:Shift {i} (moved)", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def comparable(plan):
    """The plan without the random ids new items get."""
    ids = {item.id: n for n, item in enumerate(plan.to_add)}

    def without_id(record, **more):
        return tuple(sorted({**dataclasses.asdict(record), "id": "", **more}.items(), key=lambda kv: kv[0]))

    return (tuple(without_id(item) for item in plan.to_add), plan.to_update,
            tuple(without_id(c, item_id=ids[c.item_id]) for c in plan.changes),
            tuple((ids[item_id], uid) for item_id, uid in plan.links), plan.warnings, plan.events_read,
            plan.skipped, plan.kind, frozenset(ids[i] for i in plan.chosen_kind_ids))


def test_a_large_calendar_read_apart_plans_exactly_as_read_in_the_thread(store, tmp_path, children):
    path = large_calendar(tmp_path / "work.ics", 1200)
    assert path.stat().st_size >= APART_BYTES
    calendar = CalendarFiles(store, RecordService(store))
    here = calendar.plan(path, kind="school")
    assert children == []
    apart = calendar.plan(path, kind="school", apart=True)
    assert children == [read_calendar]
    assert here.events_read == apart.events_read == 1320
    assert len(here.to_add) > 1100 and here.changes and here.warnings
    assert comparable(apart) == comparable(here)


def test_apart_matches_what_an_earlier_import_brought_in(store, tmp_path):
    path = large_calendar(tmp_path / "work.ics", 1200)
    calendar = CalendarFiles(store, RecordService(store))
    calendar.apply(calendar.plan(path, apart=True))
    again = calendar.plan(path, apart=True)
    assert not again.to_add and len(again.to_update) > 1100  # matched through the links, in this process


def test_a_small_calendar_is_read_in_the_thread(store, tmp_path, monkeypatch):
    def no_child(*args, **kwargs):
        raise AssertionError("a small file started a child process")

    monkeypatch.setattr(child_process, "run_in_child", no_child)
    path = large_calendar(tmp_path / "small.ics", 20)
    assert path.stat().st_size < APART_BYTES
    plan = CalendarFiles(store, RecordService(store)).plan(path, apart=True)
    assert len(plan.to_add) >= 15


def test_a_large_file_that_is_no_calendar_gets_the_same_sentence_apart(store, tmp_path):
    path = tmp_path / "notes.ics"
    path.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + b"X-NOTE:nothing here\r\n" * 20_000 + b"END:VCALENDAR\r\n")
    calendar = CalendarFiles(store, RecordService(store))
    with pytest.raises(ValidationError) as here:
        calendar.plan(path)
    with pytest.raises(ValidationError) as apart:
        calendar.plan(path, apart=True)
    assert apart.value.field == here.value.field == "file"
    assert apart.value.message == here.value.message


def test_when_no_child_can_start_the_calendar_is_read_here_and_the_log_says_why(store, tmp_path, monkeypatch):
    import multiprocessing

    spawn = multiprocessing.get_context("spawn")

    class NoStart:
        """A context whose children end at once, as a bundle that cannot start itself would."""

        def Pipe(self, duplex):  # noqa: N802 - multiprocessing's name
            return spawn.Pipe(duplex)

        def Process(self, *args, **kwargs):  # noqa: N802
            return spawn.Process(target=os._exit, args=(70,), daemon=True)

    monkeypatch.setattr(multiprocessing, "get_context", lambda method: NoStart())
    path = large_calendar(tmp_path / "work.ics", 1200)
    plan = CalendarFiles(store, RecordService(store)).plan(path, apart=True)
    assert len(plan.to_add) > 1100
    log = (store.data_dir / "logs" / "steady-error.log").read_text(encoding="utf-8")
    assert "A calendar file was read in the window's process: the child process ended (exit code 70)" in log
    assert "Shift" not in log  # nothing of the file's contents


def test_a_child_that_cannot_start_is_a_failure(monkeypatch):
    import multiprocessing

    spawn = multiprocessing.get_context("spawn")

    class NoProcesses:
        def Pipe(self, duplex):  # noqa: N802 - multiprocessing's name
            return spawn.Pipe(duplex)

        def Process(self, *args, **kwargs):  # noqa: N802
            process = spawn.Process(target=math.sqrt, args=(1.0,))

            def start():
                raise BlockingIOError("Resource temporarily unavailable")

            process.start = start
            return process

    monkeypatch.setattr(multiprocessing, "get_context", lambda method: NoProcesses())
    with pytest.raises(ChildFailed, match=r"could not start \(BlockingIOError\)"):
        run_in_child(math.sqrt, 4.0)


# --- the meeting-list import ---------------------------------------------------------------------


def large_meeting_list(path: Path, meetings: int) -> Path:
    import json

    rows = [{"name": f"Meeting {i}", "slug": f"meeting-{i}", "day": [i % 7, (i + 3) % 7] if i % 11 == 0 else i % 7,
             "time": f"{6 + i % 15:02d}:30", "types": ["O", "D"] if i % 2 else ["C", "ST"],
             "location": f"Hall {i % 90}", "formatted_address": f"{i} Main St, Anytown, CA 98765, USA",
             "region": "Anytown", "notes": "Side door."} for i in range(meetings)]
    rows[7]["time"] = "25:99"  # one a warning names
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


def meeting_comparable(plan):
    return (tuple((tuple(sorted({**dataclasses.asdict(c.group), "id": ""}.items())), c.changed) for c in plan.candidates),
            tuple(c.existing.id if c.existing else None for c in plan.candidates),
            plan.warnings, plan.source, plan.fellowship, plan.skipped)


def test_a_large_meeting_list_read_apart_plans_exactly_as_read_in_the_thread(store, tmp_path, children):
    from app.services.meeting_feeds import MeetingFeeds
    from app.services.meeting_guide import plan_against

    path = large_meeting_list(tmp_path / "region.json", 1500)
    assert path.stat().st_size >= APART_BYTES
    feeds = MeetingFeeds(store, RecordService(store))
    feeds.apply(feeds.plan(path), [f"meeting-{i}" for i in range(0, 1500, 3)])  # some are Steady's already
    here = feeds.plan(path, fellowship="na")
    assert children == []
    apart = feeds.plan(path, fellowship="na", apart=True)
    assert children == [plan_against]
    assert sum(1 for c in apart.candidates if c.existing is not None) >= 450 and apart.warnings
    assert meeting_comparable(apart) == meeting_comparable(here)


def test_a_meeting_list_whose_child_dies_is_read_here_and_the_log_says_why(store, tmp_path, monkeypatch):
    import multiprocessing

    from app.services.meeting_feeds import MeetingFeeds

    spawn = multiprocessing.get_context("spawn")

    class Dies:
        def Pipe(self, duplex):  # noqa: N802 - multiprocessing's name
            return spawn.Pipe(duplex)

        def Process(self, *args, **kwargs):  # noqa: N802
            return spawn.Process(target=os._exit, args=(9,), daemon=True)

    monkeypatch.setattr(multiprocessing, "get_context", lambda method: Dies())
    path = large_meeting_list(tmp_path / "region.json", 1500)
    plan = MeetingFeeds(store, RecordService(store)).plan(path, apart=True)
    assert len(plan.candidates) > 1500  # the meetings on two days are two
    log = (store.data_dir / "logs" / "steady-error.log").read_text(encoding="utf-8")
    assert "A meeting list was read in the window's process: the child process ended (exit code 9)" in log
    assert "Hall" not in log and "Meeting 1" not in log
