"""Issue 16's done-when lines, read back from the PDFs with pdftotext: the counselor summary shows
craving by week, medication, triggers, self-checks and step-down readiness and no use or lapse
unless ticked; the attendance record shows the provider, times in and out, the chair and phone,
and with generic titles no fellowship, meeting, session kind or place; the session prep shows
the person's own words."""

import datetime as dt
import shutil

import pytest

from app.reports import render_pdf
from tests.services.test_reports import FIRST, LAST, NOW, fixed_services, records, reports, world  # noqa: F401
from tests.services.test_reports_upgrade import more  # noqa: F401 - fixture
from tests.ui.test_reports_pdf import text_of

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")

USE_WORDS = ("Days of use", "Lapse", "lapse", "without use", "sober", "Sober", "60 days")


def _text(report, tmp_path, name="Alex R."):
    path = tmp_path / "report.pdf"
    render_pdf(report, path, "A4", name)
    return " ".join(text_of(path).replace("\ufb01", "fi").replace("\ufb02", "fl").split())  # ligatures


def test_counselor_summary_shows_the_new_sections_and_no_use_unless_ticked(qapp, tmp_path, reports, more):
    text = _text(reports.counselor(FIRST, LAST), tmp_path)
    for expected in ("Craving by week", "2 Nov 2026 3 3.0", "9 Nov 2026 1 6.0",
                     "Medication taken on 2 of 3 check-ins that answered (67%)",
                     "Trigger Times named", "Lonely 1", "HALT (hungry, angry, lonely, tired): Hungry 0, Angry 0, "
                     "Lonely 1, Tired 1.", "Go for a walk 2 1 too few to tell",
                     "Missed sessions", "Wed 4 Nov 2026 Evening group missed none given",
                     "Wed 11 Nov 2026 Evening group excused Court date",
                     "Self-checks", "3 Nov 2026 PHQ-9 11 moderate", "14 Nov 2026 PHQ-9 6 mild",
                     "PHQ-9: 11 (moderate) at the start of the period, 6 (mild) at the latest: down 5 over 2.",
                     "Step-down readiness", "What your team may look at", "This phase Phase 2, since 1 Oct 2026",
                     "Attendance rate 67% (2 of 3 sessions)", "Next phase Phase 3, from 4 Jan 2027"):
        assert expected in text, expected
    for word in USE_WORDS:
        assert word not in text, word
    shared = _text(reports.counselor(FIRST, LAST, include_use=True), tmp_path)
    for expected in ("Use and time without use (shared by choice)", "Days of use 1 of 4 check-ins said so: 9 Nov 2026",
                     "Lapses 9 Nov 2026", "Days without use 5 (since 10 Nov 2026)", "60 days without use"):
        assert expected in shared, expected


def test_attendance_record_shows_provider_times_and_who_can_verify(qapp, tmp_path, reports, more, records):
    meeting = next(r for r in records.list("attendance") if r.occurred_at == dt.datetime(2026, 11, 3, 19, 30))
    records.update(meeting.with_changes(time_in=dt.time(19, 40), time_out=dt.time(20, 35), chair_name="Pat R.",
                                        chair_phone="555-0142", signed_by="P. Rivera", mode="online"))
    records.update(records.list("group")[0].with_changes(meeting_types=("C",)))
    text = _text(reports.attendance(FIRST, LAST, case_number="CR-2026-0412"), tmp_path)
    for expected in ("Participant: Alex R.", "Case number: CR-2026-0412", "Program: Evening IOP",
                     "Provider: Riverside Behavioral Health", "Time in–out", "19:40–20:35", "18:00–21:00 *",
                     "Tuesday Night Big", "AA · Closed", "Pat R.", "555-0142", "Signed by: P. Rivera",
                     "Signature", "Online attendance verified by:", "the scheduled times are shown"):
        assert expected in text, expected


def test_generic_titles_name_no_fellowship_meeting_session_kind_or_place(qapp, tmp_path, reports, more, records):
    records.update(records.list("group")[0].with_changes(meeting_types=("C",)))
    text = _text(reports.attendance(FIRST, LAST, generic=True), tmp_path)
    assert "Treatment session" in text and "Support meeting" in text and "In person" in text
    assert "Provider: Riverside Behavioral Health" in text
    for secret in ("AA", "Alcoholics", "Big Book", "Tuesday Night", "Evening group", "Group therapy", "group",
                   "Closed", "Open", "St. Mark", "Riverside Recovery", "Mill Road", "Evening IOP", "IOP",
                   "Phase 2"):
        assert secret not in text, secret


def test_session_prep_is_one_page_with_the_typed_words(qapp, tmp_path, reports, more):
    path = tmp_path / "prep.pdf"
    saved = render_pdf(reports.session_prep("Went to every group", "Payday was hard", "Stepping down to 3 days",
                                            ), path, "Letter", "Alex R.")
    assert saved > 0
    text = " ".join(text_of(path).replace("\ufb01", "fi").split())
    for expected in ("Session prep", "This week in five lines", "Treatment: 1 session attended",
                     "What went well Went to every group", "What was hard Payday was hard",
                     "What I want to talk about Stepping down to 3 days", "Page 1 of 1"):
        assert expected in text, expected
    long_words = "word " * 139
    text = " ".join(text_of(path).split()) if render_pdf(
        reports.session_prep(long_words, long_words, long_words), path, "A4") else ""
    assert "Page 1 of 1" in text  # the longest allowed text still fits on the one page
    assert NOW.year == 2026
