"""Believable records for UI tests, added through the same service the app uses."""

from __future__ import annotations

import datetime as dt

from app.domain import records as D
from app.services.records import RecordService


def seed(records: RecordService) -> dict[str, D.Record]:
    """A few records of every kind that has a page, including blanks and references."""
    now = records.clock.now().replace(second=0)
    today = now.date()
    ago = now - dt.timedelta(days=2)
    out: dict[str, D.Record] = {}
    add = records.add
    out["skill"] = add(D.CopingSkill(name="Box breathing", category="mindfulness", how_to="In 4, hold 4, out 4."))
    out["skill2"] = add(D.CopingSkill(name="Call my sponsor", category="support", archived=True))
    out["group"] = add(D.SupportGroup(name="Tuesday Night Hope", fellowship="na", weekday=1,
                                      start_time=dt.time(19, 0), location="St. Mark's"))
    out["group2"] = add(D.SupportGroup(name="SMART Online", fellowship="smart", meeting_format="online"))
    start = now.replace(minute=0) - dt.timedelta(days=1)
    out["schedule"] = add(D.ScheduleItem(title="IOP group", kind="group_therapy", start=start,
                                         end=start + dt.timedelta(hours=3), timezone="UTC",
                                         recurrence="FREQ=WEEKLY;BYDAY=MO,WE,TH", location="Clinic room 2"))
    out["schedule2"] = add(D.ScheduleItem(title="Warehouse shift", kind="work", start=start - dt.timedelta(hours=9),
                                          end=start - dt.timedelta(hours=1), timezone="UTC"))
    out["coping"] = add(D.CopingEntry(occurred_at=ago, situation="Payday, walked past the bar",
                                      triggers=("places", "stress"), urge_before=7, urge_after=3,
                                      skill_ids=(out["skill"].id,), outcome="passed"))
    out["coping2"] = add(D.CopingEntry(occurred_at=ago - dt.timedelta(days=1), urge_before=4))
    out["attendance"] = add(D.AttendanceRecord(occurred_at=ago, group_id=out["group"].id, shared=True))
    out["attendance2"] = add(D.AttendanceRecord(occurred_at=ago - dt.timedelta(days=3),
                                                schedule_item_id=out["schedule"].id, status="excused",
                                                reason="Sick child"))
    out["selfcare"] = add(D.SelfCareEntry(occurred_at=ago, category="exercise", minutes=30, mood_before=2, mood_after=4))
    out["selfcare2"] = add(D.SelfCareEntry(occurred_at=ago, category="sleep", minutes=480))
    out["checkin"] = add(D.CheckIn(day=today - dt.timedelta(days=1), mood=4, craving=2, sleep_hours=7.5,
                                   medication_taken=True))
    out["checkin2"] = add(D.CheckIn(day=today - dt.timedelta(days=2), mood=2, craving=6))
    out["sobriety"] = add(D.SobrietyPeriod(start_date=today - dt.timedelta(days=82)))
    out["goal"] = add(D.Goal(title="Three meetings a week", kind="meetings_per_week", target=3,
                             start_date=today - dt.timedelta(days=30)))
    out["goal2"] = add(D.Goal(title="Tell my manager", kind="custom_checklist", start_date=today))
    out["milestone"] = add(D.Milestone(title="30 days", kind="sober_days", goal_id=out["goal"].id,
                                       reached_on=today - dt.timedelta(days=52)))
    out["milestone2"] = add(D.Milestone(title="90 in 90", kind="meetings_90"))
    out["contact"] = add(D.SupportContact(name="Dana (sponsor)", role="sponsor", phone="555-0101", emergency=True))
    out["contact2"] = add(D.SupportContact(name="Crisis line", role="crisis_line", phone="988"))
    return out


def settle(timeout_ms: int = 30_000) -> None:
    """Wait, turning the event loop, until the work handed to the background runner (reading,
    importing, exporting, backing up, restoring) has finished and its result has arrived."""
    from app.ui.background import Runner

    assert Runner.wait_for_all(timeout_ms), "the background work did not finish in time"
