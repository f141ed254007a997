"""`steady import` of producer-shaped calendars names every narrowed or skipped event, and the
computer's zone (TZ, what app.services.clock.local_zone_name reads first) decides only what
it should: a UTC series stays in UTC on a New York computer (issue 15)."""

import json

import pytest

from .helpers import run

CALENDAR = "\r\n".join([
    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
    "BEGIN:VEVENT", "UID:utc@example.org", "SUMMARY:Night shift handover", "DTSTART:20261005T230000Z",
    "DTEND:20261006T000000Z", "RRULE:FREQ=WEEKLY;COUNT=8", "END:VEVENT",
    "BEGIN:VEVENT", "UID:rdate@example.org", "SUMMARY:Outpatient check-up", "DTSTART:20261005T090000",
    "RDATE:20261012T090000,20261019T090000", "END:VEVENT",
    "BEGIN:VEVENT", "UID:back@example.org", "SUMMARY:Backwards meeting", "DTSTART:20261006T100000",
    "DTEND:20261006T090000", "END:VEVENT",
    "BEGIN:VEVENT", "UID:zone@example.org", "SUMMARY:Company time shift",
    "DTSTART;TZID=Company Time:20261007T090000", "END:VEVENT",
    "BEGIN:VEVENT", "UID:hourly@example.org", "SUMMARY:Hourly pill", "DTSTART:20261007T080000",
    "RRULE:FREQ=HOURLY;COUNT=3", "END:VEVENT",
    "BEGIN:VEVENT", "UID:long@example.org", "SUMMARY:Residential stay", "DTSTART:20261101T150000Z",
    "DTEND:20261121T090000Z", "END:VEVENT",
    "END:VCALENDAR", ""])


@pytest.mark.parametrize("zone", ["America/New_York", "UTC"])
def test_steady_import_names_every_narrowed_or_skipped_event(tmp_path, monkeypatch, zone):
    monkeypatch.setenv("TZ", zone)
    path = tmp_path / "outlook.ics"
    path.write_text(CALENDAR, encoding="utf-8")
    data = tmp_path / "data"
    code, out, err = run(data, "import", str(path))
    assert code == 0, err
    assert out.strip().endswith("7 added, 0 updated, 1 skipped with a warning.")
    for name in ("Backwards meeting", "Company time shift", "Hourly pill", "Residential stay"):
        assert name in err, name
    assert "Night shift handover" not in err and "Outpatient check-up" not in err
    rows = {r["title"]: r for r in json.loads(run(data, "list", "schedule", "--format", "json")[1])}
    # Over New York's fall-back night a UTC series keeps its moments only in UTC.
    assert rows["Night shift handover"]["timezone"] == "UTC"
    assert rows["Company time shift"]["timezone"] == zone
