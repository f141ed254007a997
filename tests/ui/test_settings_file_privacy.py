"""The per-computer settings file (QSettings) holds window state only: after a session with
records that carry a marker, its text holds no marker."""

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSettings

from app.domain.records import CheckIn, CopingEntry, SupportContact
from app.ui.dialogs.report_dialog import ReportDialog
from tests.ui.helpers import seed

MARKER = "SetMkr-91b2-only-in-the-data-file"


def test_after_a_session_the_settings_file_holds_no_marker(qtbot, window, records):
    seed(records)
    records.add(CopingEntry(occurred_at=dt.datetime(2026, 6, 9, 18, 0), situation=MARKER, urge_before=5, notes=MARKER))
    records.add(CheckIn(day=dt.date(2026, 6, 9), mood=3, craving=2, notes=MARKER))
    records.add(SupportContact(name=f"Dana {MARKER}", phone="555-0101"))
    window.show()
    qtbot.waitExposed(window)
    for page in range(len(window.pages)):
        window.show_page(page)
        qtbot.wait(10)
    window.locker.set_idle_ms(60_000)
    window.lock_app()
    window.locker.unlock()
    report = ReportDialog(window.reports)
    qtbot.addWidget(report)
    report.name_edit.setText(MARKER)  # the person's name, typed here, belongs to the data file
    report._remember()
    window.save_settings()
    QSettings().sync()
    path = Path(QSettings().fileName())
    text = path.read_text(encoding="utf-8", errors="replace")
    assert "main_window" in text  # the window state is there
    assert MARKER not in text
    assert window.services.store.get_setting("reports.name") == MARKER
