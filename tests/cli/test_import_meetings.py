"""`steady import FILE` with Meeting Guide feeds, run in process through cli.main against a
real data folder; the kind of file comes from its content."""

import hashlib
import json
from pathlib import Path

import pytest

from app.storage import DB_FILE_NAME

from .helpers import run

FEED = [
    {"name": "Sunday Serenity", "slug": "sunday-serenity", "day": 0, "time": "18:00", "end_time": "19:30",
     "types": ["O", "D"], "location": "Alano Club", "formatted_address": "123 Main St, Anytown, CA 98765, USA",
     "entity": "District 123"},
    {"name": "Early Birds 🙂", "slug": "early-birds", "day": [1, 3, 5], "time": "06:30",
     "conference_url": "https://zoom.us/j/1", "types": ["C", "ST"]},
    {"name": "By appointment", "slug": "appt"},
    {"name": "Broken day", "slug": "broken", "day": "Thursday", "time": "19:00"},
]




def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def groups(data_dir):
    code, out, _ = run(data_dir, "list", "group", "--format", "json")
    assert code == 0
    return {g["slug"]: g for g in json.loads(out)}


@pytest.fixture
def data(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def feed(tmp_path):
    path = tmp_path / "meetings.json"
    path.write_text(json.dumps(FEED, ensure_ascii=False), encoding="utf-8")
    return path


def test_dry_run_previews_and_writes_nothing_then_import_and_reimport_update_by_slug(data, feed):
    run(data, "add", "group", "--name", "Home group")
    before = sha(data / DB_FILE_NAME)
    code, out, err = run(data, "import", str(feed), "--dry-run", "--fellowship", "NA")
    assert code == 0
    assert "add     Sunday 18:00–19:30     Sunday Serenity  [Open, Discussion]" in out
    assert "add     Monday 06:30           Early Birds 🙂  [Closed, Step Study]  (online)" in out
    assert "add     By appointment         By appointment" in out
    assert out.strip().endswith("Dry run: 5 to add, 0 to update, 0 unchanged, 1 skipped; nothing written.")
    assert err.strip() == ("warning: Meeting “Broken day” (broken) was skipped: its day “Thursday” is not "
                           "0 (Sunday) to 6 (Saturday).")
    assert sha(data / DB_FILE_NAME) == before

    code, out, _ = run(data, "import", str(feed), "--fellowship", "na")
    assert code == 0 and out.strip().endswith(
        f"Imported meetings from {feed}: 5 added, 0 updated, 0 unchanged, 1 skipped with a warning.")
    stored = groups(data)
    assert set(stored) == {"", "sunday-serenity", "early-birds#1", "early-birds#3", "early-birds#5", "appt"}
    assert stored["sunday-serenity"]["weekday"] == 6 and stored["sunday-serenity"]["fellowship"] == "na"
    assert stored["early-birds#3"]["weekday"] == 2 and stored["early-birds#3"]["meeting_format"] == "online"

    FEED[0]["time"] = "18:15"
    try:
        feed.write_text(json.dumps(FEED), encoding="utf-8")
    finally:
        FEED[0]["time"] = "18:00"
    code, out, _ = run(data, "import", str(feed))
    assert code == 0 and "0 added, 1 updated, 4 unchanged" in out
    assert "update  Sunday 18:15–19:30" in out and "same    Monday 06:30" in out
    again = groups(data)
    assert len(again) == 6 and again["sunday-serenity"]["start_time"] == "18:15"
    assert again["sunday-serenity"]["id"] == stored["sunday-serenity"]["id"]


@pytest.mark.parametrize("content", [
    b'{"meetings": []}', b"[]", b"[1, 2, 3]", b"[{\"name\": \"x\"", b"[" * 100_000, b"\xff\xfe\x00garbage",
])
def test_bad_feed_exits_3_with_one_sentence_and_writes_nothing(data, tmp_path, content):
    run(data, "add", "group", "--name", "Home group", "--slug", "home")
    before = sha(data / DB_FILE_NAME)
    bad = tmp_path / "feed.json"
    bad.write_bytes(content)
    code, out, err = run(data, "import", str(bad))
    assert code == 3 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("steady: error: ")
    assert sha(data / DB_FILE_NAME) == before


def test_format_is_detected_from_content_and_misplaced_options_are_usage_errors(data, tmp_path, feed):
    renamed = tmp_path / "meetings.txt"
    renamed.write_bytes(feed.read_bytes())
    code, out, _ = run(data, "import", str(renamed), "--dry-run")
    assert code == 0 and "5 to add" in out

    code, _, err = run(data, "import", str(feed), "--kind", "work")
    assert code == 2 and "--kind is for calendar files" in err
    calendar = tmp_path / "work.json"  # a calendar, whatever its name says
    calendar.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//T//EN\r\nBEGIN:VEVENT\r\nUID:a@b\r\n"
                        "SUMMARY:Shift\r\nDTSTART:20300506T080000Z\r\nDTEND:20300506T160000Z\r\nEND:VEVENT\r\n"
                        "END:VCALENDAR\r\n")
    code, _, err = run(data, "import", str(calendar), "--fellowship", "aa")
    assert code == 2 and "--fellowship is for meeting lists" in err
    code, out, _ = run(data, "import", str(calendar), "--dry-run")
    assert code == 0 and "Shift" in out and "1 to add" in out

    other = tmp_path / "notes.txt"
    other.write_text("Call Dana after group.")
    code, _, err = run(data, "import", str(other))
    assert code == 3 and "neither an iCalendar (.ics) file nor a Meeting Guide meeting list" in err
    code, _, err = run(data, "import", str(feed), "--fellowship", "cult")
    assert code == 3 and "Fellowship must be one of" in err
    code, _, err = run(data, "import", str(tmp_path / "missing.json"))
    assert code == 3 and "cannot be read" in err


def test_help_documents_format_detection(data):
    code, out, _ = run(data, "import", "--help")
    assert code == 0
    text = " ".join(out.split())
    assert "Meeting Guide" in text and "from its content" in text and "--fellowship" in text
    assert "updates meetings by slug" in text and "updates events by UID" in text


def test_an_intergroup_feed_with_12_hour_times_imports_and_names_what_it_skipped(data, tmp_path):
    from tests.services.test_meeting_guide import INTERGROUP_FEED

    path = tmp_path / "intergroup.json"
    path.write_text(json.dumps(INTERGROUP_FEED), encoding="utf-8")
    code, out, err = run(data, "import", str(path))
    assert code == 0, err
    assert out.strip().endswith(f"Imported meetings from {path}: 7 added, 0 updated, 0 unchanged, "
                                "1 skipped with a warning.")
    assert "Meeting “Typo Time” (typo-time) was skipped: its time “7:30 PX” is not a time like 19:30 or 7:30 PM." \
        in err
    assert "Meeting “Midnight Hour” (midnight-hour): Steady shortened or left out its updated date" in err
    stored = groups(data)
    assert stored["noon-serenity"]["start_time"] == "12:00" and stored["late-night-hope"]["start_time"] == "23:00"
    assert stored["early-risers#2"]["meeting_format"] == "online"
    assert stored["park-bench"]["address"] == "San Jose, CA, USA (location approximate)"
