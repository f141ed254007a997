"""The attendance record's time in and out: out after in, or a late meeting past midnight."""

import datetime as dt

import pytest

from app.domain.errors import ValidationError
from app.domain.records import AttendanceRecord

WHEN = dt.datetime(2026, 11, 3, 19)


def record(**kw):
    return AttendanceRecord(occurred_at=WHEN, group_id="g1", **kw)


def test_times_in_and_out_are_optional_and_kept():
    assert record().time_in is None and record().time_out is None
    r = record(time_in=dt.time(19, 5), time_out=dt.time(20, 10), chair_name="Pat R.", chair_phone="555-0142")
    assert (r.time_in, r.time_out) == (dt.time(19, 5), dt.time(20, 10))
    assert AttendanceRecord.from_plain(r.to_plain()) == r


@pytest.mark.parametrize("time_in,time_out", [(dt.time(19), dt.time(17)), (dt.time(19), dt.time(19)),
                                              (dt.time(9), dt.time(2))])
def test_time_out_before_time_in_is_one_sentence(time_in, time_out):
    with pytest.raises(ValidationError) as caught:
        record(time_in=time_in, time_out=time_out)
    assert caught.value.field == "time_out"
    assert caught.value.message == "Time out must be after time in."


def test_a_late_meeting_may_end_after_midnight():
    r = record(time_in=dt.time(23), time_out=dt.time(0, 30))
    assert r.time_out == dt.time(0, 30)
