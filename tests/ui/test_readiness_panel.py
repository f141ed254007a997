"""The step-down readiness panel on the Progress page: the same rows as the counselor summary,
days without use in the person's own wording, kept up to date, calm when there is no phase."""

import datetime as dt

from app.domain.records import AttendanceRecord, ProgramPhase, SobrietyPeriod
from app.ui.pages.readiness_panel import EMPTY, StepDownPanel
from tests.services.test_reports import FIRST, LAST, NOW, fixed_services, records, reports, world  # noqa: F401


def test_the_panel_describes_the_phase_the_last_four_weeks_and_the_next(qtbot, fixed_services, world):
    records = fixed_services.records
    program = records.list("program")[0]
    records.add(ProgramPhase(program_id=program.id, name="Phase 3", start_date=dt.date(2027, 1, 4),
                             target_sessions_per_week=1, target_treatment_hours=3.0))
    records.add(SobrietyPeriod(start_date=dt.date(2026, 10, 19)))
    panel = StepDownPanel(fixed_services.progress)
    qtbot.addWidget(panel)
    text = panel.text()
    assert "This phase: Phase 2, since" in text and "6 whole weeks so far" in text
    assert "Treatment sessions attended: 2 (0, 0, 1, 1 by week); target 2 sessions a week; 0 of 4 weeks" in text
    assert "Attendance rate: 67% (2 of 3 sessions); 1 excused absence not counted either way" in text
    assert "Days without use: 30" in text  # 19 Oct to 18 Nov
    assert "Next phase: Phase 3" in text
    for verdict in ("ready", "Ready", "fail", "should"):
        assert verdict not in text
    item, _group = world
    records.add(AttendanceRecord(occurred_at=dt.datetime(2026, 11, 16, 18), schedule_item_id=item.id))
    assert "Treatment sessions attended: 2 (0, 0, 1, 1 by week)" in panel.text()  # this week waits: not over
    records.add(AttendanceRecord(occurred_at=dt.datetime(2026, 10, 26, 18), schedule_item_id=item.id))
    assert "Treatment sessions attended: 3 (0, 1, 1, 1 by week)" in panel.text()  # refreshed on the notice
    panel.detach()


def test_without_a_phase_it_says_how_to_add_one(qtbot, fixed_services):
    panel = StepDownPanel(fixed_services.progress)
    qtbot.addWidget(panel)
    assert f"This phase: {EMPTY}" in panel.text()
    assert "Next phase: none set after this one" in panel.text()
    assert NOW.year == 2026 and FIRST < LAST
    panel.detach()
