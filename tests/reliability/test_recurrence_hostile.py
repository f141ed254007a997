"""Issue 13 items 1–3 end to end: one small calendar file can no longer stop Steady."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from tests.domain.test_recurrence_limits import HOSTILE
from tests.reliability.helpers import cli, run


def _ics(path: Path, rule: str = HOSTILE) -> Path:
    path.write_bytes((
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//hostile//EN\r\nBEGIN:VEVENT\r\n"
        "UID:hostile@example.org\r\nDTSTAMP:20261207T000000Z\r\nDTSTART:20261207T100000\r\n"
        f"DTEND:20261207T110000\r\nSUMMARY:Ticker\r\nRRULE:{rule}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode())
    return path


def test_the_hostile_calendar_is_refused_at_import_with_one_sentence(tmp_path, capsys):
    data = tmp_path / "data"
    code, out, err = cli(capsys, data, "import", str(_ics(tmp_path / "hostile.ics")))
    assert code == 3
    assert "at most 24 times a day" in err and err.count("\n") == 1
    code, out, _ = cli(capsys, data, "list", "schedule", "--format", "json")
    assert out.strip() == "[]"


def _store_with_hostile_rule(tmp_path, capsys, rule: str = HOSTILE) -> tuple[Path, str]:
    """A data file that already holds such a rule (an older Steady let it in): insert it directly."""
    data = tmp_path / "data"
    code, out, _ = cli(capsys, data, "add", "schedule", "--title", "Ticker", "--kind", "work",
                       "--start", "2026-12-07 10:00", "--timezone", "UTC", "--recurrence", "FREQ=DAILY")
    assert code == 0
    item_id = out.strip()
    with sqlite3.connect(data / "steady.db") as conn:
        conn.execute("UPDATE schedule_items SET recurrence = ? WHERE id = ?", [rule, item_id])
    conn.close()
    return data, item_id


def test_a_store_holding_the_hostile_rule_answers_in_normal_time(tmp_path, capsys):
    data, item_id = _store_with_hostile_rule(tmp_path, capsys)
    for args in (("schedule", "week", "--date", "2026-12-08"),
                 ("schedule", "conflicts", "--from", "2026-12-07", "--to", "2027-01-03"),
                 ("export", "--format", "ics", "--output", str(tmp_path / "out.ics"))):
        started = time.perf_counter()
        code, out, err = cli(capsys, data, *args)
        assert code == 0, err
        assert time.perf_counter() - started < 5, args
    # ... and the bad item can be removed without the window.
    code, out, err = cli(capsys, data, "delete", "schedule", item_id[:8])
    assert code == 0 and "Ticker" in out
    code, out, _ = cli(capsys, data, "list", "schedule", "--format", "json")
    assert out.strip() == "[]"


def test_the_window_opens_in_normal_time_over_a_stored_hostile_rule(tmp_path, capsys):
    data, _ = _store_with_hostile_rule(tmp_path, capsys)
    started = time.perf_counter()
    code, out, err = run(data, "--smoke", timeout=90)
    assert code == 0, err
    assert "first-paint-ms" in out
    assert time.perf_counter() - started < 45


def test_a_stored_rule_that_never_occurs_is_cheap_everywhere(tmp_path, capsys):
    data, _ = _store_with_hostile_rule(tmp_path, capsys, "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30")
    started = time.perf_counter()
    code, _, err = cli(capsys, data, "schedule", "week", "--date", "2026-12-08")
    assert code == 0, err
    assert time.perf_counter() - started < 2


def test_delete_names_what_it_cannot_find_and_what_others_use(tmp_path, capsys):
    data = tmp_path / "data"
    code, out, _ = cli(capsys, data, "add", "group", "--name", "Tuesday AA")
    group = out.strip()
    assert cli(capsys, data, "add", "attendance", "--group", group)[0] == 0
    code, _, err = cli(capsys, data, "delete", "group", group)
    assert code == 3 and "used by 1 other record" in err
    code, _, err = cli(capsys, data, "delete", "coping", "0000000000")
    assert code == 3 and "There is no" in err


def test_rules_that_used_to_break_later_are_refused_at_add(tmp_path, capsys):
    data = tmp_path / "data"
    for rule in ("FREQ=DAILY;INTERVAL=99999999999999999999", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
                 "FREQ=MINUTELY", "FREQ=DAILY;COUNT=1000000000"):
        code, _, err = cli(capsys, data, "add", "schedule", "--title", "x", "--start", "2026-12-07 10:00",
                           "--recurrence", rule)
        assert code == 3, rule
        assert "Repeats" in err
