"""The one calm line after a risky entry, and the sober / without-use wording."""

import datetime as dt

import pytest

from app.domain.crisis import CRAVING_REPLY, USE_REPLY, reply_for
from app.domain.records import CheckIn, CopingEntry, SelfCareEntry
from app.domain.wording import SOBER, WITHOUT_USE, reword

DAY = dt.date(2026, 3, 2)
AT = dt.datetime(2026, 3, 2, 9, 0)


@pytest.mark.parametrize("record, expected", [
    (CheckIn(day=DAY, mood=3, craving=7), None),
    (CheckIn(day=DAY, mood=3, craving=8), CRAVING_REPLY),
    (CheckIn(day=DAY, mood=3, craving=2, used_substances=True), USE_REPLY),
    (CheckIn(day=DAY, mood=3, craving=10, used_substances=True), USE_REPLY),  # use comes first
    (CopingEntry(occurred_at=AT, urge_before=9), CRAVING_REPLY),
    (CopingEntry(occurred_at=AT, urge_before=5, urge_after=3), None),
    (CopingEntry(occurred_at=AT, urge_before=4, outcome="lapsed"), USE_REPLY),
    (SelfCareEntry(occurred_at=AT, minutes=10), None),
])
def test_reply_for(record, expected):
    reply = reply_for(record)
    assert (reply.text if reply else None) == expected
    if reply is not None:
        assert reply.offers_lapse == (expected == USE_REPLY)
        assert "steady help-now" in reply.cli_line()


def test_the_replies_say_exactly_the_agreed_words():
    assert CRAVING_REPLY == "That's a strong craving. Log what is happening, or reach someone on your list?"
    assert USE_REPLY == "Thank you for writing that down honestly. One day doesn't undo your progress."


@pytest.mark.parametrize("text, expected", [
    ("Day 3 — sober since 2026-01-01", "Day 3 — without use since 2026-01-01"),
    ("12 sober days this year", "12 days without use this year"),
    ("30 days sober", "30 days without use"),
    ("1 year sober", "1 year without use"),
    ("Sober days", "Days without use"),
    ("Checked in, sober", "Checked in, no use"),
])
def test_reword(text, expected):
    assert reword(text, WITHOUT_USE) == expected
    assert reword(text, SOBER) == text
