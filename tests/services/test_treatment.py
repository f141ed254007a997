"""Treatment details (issue 16 item 6): the dose rules, the check-in link, homework and the
call-in check on a day, the aftercare plan, exports that stay byte-identical without them,
merge-by-id import, migration 0006 and the new session kinds."""

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from app.domain.errors import ValidationError
from app.domain.medications import doses_due, medication_answer
from app.domain.records import (
    AttendanceRecord,
    CheckIn,
    DoseLog,
    DrugScreen,
    Homework,
    Medication,
    ScheduleItem,
)
from app.domain.schedule import balance_group
from app.services import transfer as T
from app.services.bundle import build_services
from app.services.clock import FixedClock
from app.services.spreadsheet import xlsx_bytes
from app.storage import open_store

DAY = dt.date(2026, 3, 2)
NOW = dt.datetime(2026, 3, 2, 21, 0)
FIXTURES = Path(__file__).parents[1] / "reliability" / "fixtures"


@pytest.fixture
def svc(store):
    return build_services(store, FixedClock(NOW))


def _med(**kw):
    return Medication(**{"name": "Sertraline", "start_date": dt.date(2026, 1, 1), **kw})


# --- the rules -------------------------------------------------------------------------------


def test_doses_due_follow_each_medication_s_days_and_times():
    a = _med(times_per_day=2, dose_times="20:00, 8:00")
    b = _med(name="Buprenorphine", dosing="clinic", moud=True)
    stopped = _med(name="Old", stop_date=dt.date(2026, 3, 1))
    later = _med(name="Later", start_date=dt.date(2026, 3, 3))
    due = doses_due([a, b, stopped, later], [], DAY)
    assert [(d.medication.name, d.slot, d.label) for d in due] == [
        ("Buprenorphine", 1, "Today's dose"), ("Sertraline", 1, "08:00"), ("Sertraline", 2, "20:00")]
    assert a.dose_times == "08:00, 20:00"


def test_the_day_answer_is_no_at_the_first_dose_not_taken_and_yes_only_when_all_are_taken():
    med = _med(times_per_day=2)
    taken = DoseLog(medication_id=med.id, day=DAY, slot=1, status="taken")
    missed = DoseLog(medication_id=med.id, day=DAY, slot=2, status="missed")
    assert medication_answer(doses_due([med], [], DAY)) is None
    assert medication_answer(doses_due([med], [taken], DAY)) is None
    assert medication_answer(doses_due([med], [missed], DAY)) is False
    assert medication_answer(doses_due([med], [taken, missed.with_changes(status="taken")], DAY)) is True
    assert medication_answer(doses_due([], [], DAY)) is None


@pytest.mark.parametrize("times, words", [("8:00, 8:00", "the same time twice"), ("8h", "not a time like 08:00"),
                                          ("25:00", "not a time like 08:00")])
def test_bad_times_of_day_are_one_sentence(times, words):
    with pytest.raises(ValidationError) as caught:
        _med(times_per_day=2, dose_times=times)
    assert caught.value.field == "dose_times" and words in caught.value.message


# --- the service --------------------------------------------------------------------------------


def test_logging_doses_fills_the_check_in_once_the_day_is_known(svc):
    med = svc.records.add(_med(times_per_day=2))
    checkin = svc.records.add(CheckIn(day=DAY, mood=3, craving=2))
    first = svc.treatment.log_dose(med.id, DAY, 1, "taken")
    assert first.before is None and first.checkin is None
    second = svc.treatment.log_dose(med.id, DAY, 2, "taken")
    assert second.checkin == (checkin, checkin.with_changes(medication_taken=True))
    # Changing a dose later changes the log, not the person's check-in (it has an answer now).
    again = svc.treatment.log_dose(med.id, DAY, 2, "missed")
    assert again.before == second.after and again.after.status == "missed" and again.checkin is None
    assert svc.store.checkins.for_day(DAY).medication_taken is True
    assert svc.treatment.medication_answer(DAY) is False


def test_homework_due_is_what_is_not_done_by_the_day(svc):
    r = svc.records
    soon = r.add(Homework(title="Worksheet", due=DAY))
    r.add(Homework(title="Reading", due=DAY - dt.timedelta(days=2)))
    r.add(Homework(title="Next week", due=DAY + dt.timedelta(days=7)))
    r.add(Homework(title="Done already", due=DAY, done=True))
    r.add(Homework(title="Someday"))
    assert [h.title for h in svc.treatment.homework_due(DAY)] == ["Reading", "Worksheet"]
    old, new = svc.treatment.mark_done(soon.id)
    assert (old.done, new.done) == (False, True)
    assert [h.title for h in svc.treatment.homework_due(DAY)] == ["Reading"]


def test_the_call_in_check_is_off_until_turned_on_and_asks_until_answered(svc):
    t = svc.treatment
    assert not t.callin_enabled() and not t.callin_pending(DAY)
    t.set_callin_enabled(True)
    assert t.callin_pending(DAY)
    answer = t.answer_callin(True, False, day=DAY)
    assert not t.callin_pending(DAY) and t.callin_answer(DAY) == answer
    assert t.callin_pending(DAY + dt.timedelta(days=1))  # a new day asks again
    with pytest.raises(ValidationError, match="only after calling"):
        t.answer_callin(False, True, day=DAY - dt.timedelta(days=1))


def test_a_positive_screen_is_one_record_and_changes_nothing_else(svc):
    from app.domain.records import SobrietyPeriod

    period = svc.records.add(SobrietyPeriod(start_date=dt.date(2026, 1, 1)))
    svc.records.add(DrugScreen(day=DAY, result="positive", substances="alcohol"))
    assert svc.store.sobriety.list() == [period]
    assert svc.store.checkins.list() == []


def test_aftercare_lines_keep_their_order_and_print(svc):
    plan = svc.treatment.aftercare
    a = plan.add("meetings", "Tuesday home group")
    b = plan.add("meetings", "Saturday SMART")
    plan.move(b.id, -1)
    assert [i.text for i in plan.items("meetings")] == ["Saturday SMART", "Tuesday home group"]
    svc.records.add(_med(name="Naltrexone", dose="50 mg", prescriber="Dr. Lee"))
    printable = svc.treatment.printable_aftercare()
    meetings = next(s for s in printable.sections if s.key == "meetings")
    assert meetings.lines == ("Saturday SMART", "Tuesday home group") and not printable.is_empty
    assert printable.medications == ("Naltrexone 50 mg: once a day — prescribed by Dr. Lee",)
    plan.remove(a.id)
    assert [i.text for i in plan.items("meetings")] == ["Saturday SMART"]


def test_a_medication_s_doses_are_its_dependents_so_undo_can_put_them_back(svc):
    med = svc.records.add(_med())
    dose = svc.treatment.log_dose(med.id, DAY, 1, "taken").after
    dependents = svc.records.dependents(med)
    assert dependents == [dose]
    svc.records.delete(med)
    assert svc.store.doses.list() == []
    svc.records.restore_all([med, *dependents])
    assert svc.store.doses.list() == [dose]


# --- exports ---------------------------------------------------------------------------------------


def _digests(store):
    j = T.export_json(store, now=dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc))
    c = b"".join(name.encode() + data for name, data in sorted(T.csv_files(store).items()))
    return [hashlib.sha256(x).hexdigest() for x in (j, c, xlsx_bytes(store))], j


def test_exports_without_treatment_details_are_what_they_were(tmp_path):
    """A data file without the new kinds exports exactly as before they existed: no new JSON
    key, CSV file or sheet, and adding and then deleting a drug screen gives the same bytes."""
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    shutil.copyfile(FIXTURES / "schema-0006.db", data / "steady.db")
    with open_store(data) as store:
        before, text = _digests(store)
        assert not set(json.loads(text)["records"]) & set(T.OPTIONAL_SECTIONS)
        assert not set(T.csv_files(store)) & {f"{n}.csv" for n in T.OPTIONAL_SECTIONS}
        services = build_services(store, FixedClock(NOW))
        screen = services.records.add(DrugScreen(day=DAY, result="negative"))
        during, text = _digests(store)
        assert [r["id"] for r in json.loads(text)["records"]["drug_screen"]] == [screen.id]
        assert "drug_screen.csv" in T.csv_files(store) and during != before
        services.records.delete(screen)
        assert _digests(store)[0] == before


def test_a_dose_already_logged_under_another_id_is_skipped_on_import_with_a_warning(svc, tmp_path):
    med = svc.records.add(_med())
    svc.treatment.log_dose(med.id, DAY, 1, "taken")
    data = T.export_json(svc.store)
    doc = json.loads(data)
    doc["records"]["dose"][0]["id"] = "another-id"
    plan = T.plan_json_import(svc.store, json.dumps(doc).encode())
    assert plan.added == 0
    assert plan.warnings == ("Dose 1 of 2 Mar 2026 was skipped: Steady already has that dose of that "
                             "medication logged.",)


# --- migration 0006 ------------------------------------------------------------------------------


def test_the_previous_schema_gains_the_tables_and_takes_the_new_kinds(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    shutil.copyfile(FIXTURES / "schema-0006.db", data / "steady.db")
    with open_store(data) as store:
        applied = {r[0] for r in store.db.execute("SELECT name FROM _sqlite_migrations")}
        assert "0007_treatment_details" in applied
        assert len(store.assessments.list()) == 3  # the fixture's self-checks are still there
        services = build_services(store, FixedClock(NOW))
        med = services.records.add(_med())
        services.treatment.log_dose(med.id, DAY, 1, "taken")
        services.treatment.aftercare.add("people", "Sam")
        assert [len(getattr(store, r).list()) for r in ("medications", "doses", "aftercare")] == [1, 1, 1]


# --- session kinds ---------------------------------------------------------------------------------


def test_peer_support_and_case_management_are_treatment_and_court_is_not(svc):
    start = dt.datetime(2026, 3, 2, 10)
    kinds = {}
    for kind in ("peer_support", "case_management", "court"):
        item = svc.records.add(ScheduleItem(title=kind, kind=kind, start=start, end=start + dt.timedelta(hours=1),
                                            timezone="America/New_York"))
        kinds[kind] = item
        svc.records.add(AttendanceRecord(occurred_at=start, schedule_item_id=item.id))
    assert [balance_group(k) for k in kinds] == ["treatment", "treatment", "other"]
    assert kinds["peer_support"].is_treatment and not kinds["court"].is_treatment
    # Attended: peer support and case management count as sessions; the court date does not.
    assert svc.store.attendance.sessions_between(DAY, DAY) == (2, 2)


def test_the_new_session_kinds_travel_as_ics_categories(svc, tmp_path):
    from app.services.ics_export import export_ics
    from app.services.ics_import import plan_import

    start = dt.datetime(2026, 3, 3, 9)
    for kind in ("peer_support", "case_management", "court"):
        svc.records.add(ScheduleItem(title=f"A {kind}", kind=kind, start=start, end=start + dt.timedelta(hours=1),
                                     timezone="America/New_York"))
    data = export_ics(svc.store)
    text = data.decode("utf-8")
    for label in ("Peer support", "Case management", "Court or probation"):
        assert f"CATEGORIES:{label}" in text
    with open_store(tmp_path / "other") as other:
        plan = plan_import(other, data, kind="work", source="mine.ics")
        assert sorted(i.kind for i in plan.to_add) == ["case_management", "court", "peer_support"]


def test_a_court_date_is_not_a_treatment_session_in_the_reports(svc):
    start = dt.datetime(2026, 3, 2, 10)
    court = svc.records.add(ScheduleItem(title="Hearing", kind="court", start=start, end=start + dt.timedelta(hours=1),
                                         timezone="America/New_York"))
    group = svc.records.add(ScheduleItem(title="Peer group", kind="peer_support", start=start + dt.timedelta(hours=2),
                                         end=start + dt.timedelta(hours=3), timezone="America/New_York"))
    svc.records.add(AttendanceRecord(occurred_at=start, schedule_item_id=court.id))
    svc.records.add(AttendanceRecord(occurred_at=start + dt.timedelta(hours=2), schedule_item_id=group.id))
    svc.records.add(AttendanceRecord(occurred_at=start - dt.timedelta(days=1), schedule_item_id=court.id,
                                     status="missed"))
    report = svc.reports.attendance(DAY - dt.timedelta(days=3), DAY)
    assert [(r.what, r.title) for r in report.rows] == [("Treatment session", "Peer group")]
    summary = svc.reports.counselor(DAY - dt.timedelta(days=3), DAY, charts=False)
    assert summary.missed_sessions == ()


def test_the_daily_backup_holds_the_treatment_details_by_their_names(svc):
    from app.services.backups import table_label

    med = svc.records.add(_med())
    svc.treatment.log_dose(med.id, DAY, 1, "taken")
    svc.records.add(DrugScreen(day=DAY, result="negative"))
    info = svc.backups.back_up_now()
    assert (info.counts["medications"], info.counts["doses"], info.counts["drug_screens"]) == (1, 1, 1)
    plan = svc.backups.restore_plan(info.path)
    assert {"Medications", "Doses", "Drug screens"} <= {label for label, _, _ in plan.labelled_rows()}
    assert table_label("aftercare_items") == "Aftercare plan lines"


def test_a_csv_export_again_into_the_same_folder_leaves_no_stale_treatment_rows(svc, tmp_path):
    screen = svc.records.add(DrugScreen(day=DAY, result="dilute"))
    out = tmp_path / "csv"
    T.export_csv(svc.store, out)
    assert (out / "drug_screen.csv").read_text(encoding="utf-8-sig").count("\n") == 2
    svc.records.delete(screen)
    written = T.export_csv(svc.store, out)
    assert out / "drug_screen.csv" in written  # header only now, rather than yesterday's rows
    assert (out / "drug_screen.csv").read_text(encoding="utf-8-sig").splitlines() == [
        "id,day,result,substances,observed,notes"]
    assert not (out / "homework.csv").exists()
