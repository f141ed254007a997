"""The kinder lapse dialog: the day after as the new start, "not yet", next steps and the
overdose-risk note, Get help now in place, never a silently disabled "Record a lapse…", and
the "days without use" wording."""

import datetime as dt

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.domain.records import SobrietyPeriod
from app.services.clock import FixedClock
from app.services.records import RecordService
from app.services.recovery import RecoveryService
from app.ui.pages.checkins_page import NEXT_STEPS, OVERDOSE_NOTE, CheckInsPage, LapseDialog
from app.ui.widgets.editors import to_qdate

NOW = dt.datetime(2026, 11, 18, 20, 0)
TODAY = NOW.date()


@pytest.fixture
def recovery(store):
    return RecoveryService(store, RecordService(store, FixedClock(NOW)))


@pytest.fixture(autouse=True)
def _us_locale(monkeypatch):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


def test_the_dialog_lists_next_steps_and_the_overdose_risk_note(qtbot, recovery):
    recovery.records.add(SobrietyPeriod(start_date=dt.date(2026, 6, 1)))
    dialog = LapseDialog(recovery)
    qtbot.addWidget(dialog)
    texts = "\n".join(label.text() for label in dialog.findChildren(type(dialog.error)))
    for step in NEXT_STEPS:
        assert step.replace("'", "&#x27;") in texts or step in texts
    assert "sponsor or counselor" in texts and "led up to it" in texts and "your plan" in texts
    note = dialog.overdose.text()
    assert note == OVERDOSE_NOTE
    for words in ("tolerance drops", "Don't use alone", "naloxone", "emergency number"):
        assert words in note
    assert dialog.again_date.date() == to_qdate(TODAY + dt.timedelta(days=1))  # a lapse today: tomorrow
    dialog.lapse_date.setDate(to_qdate(dt.date(2026, 11, 2)))
    assert dialog.again_date.date() == to_qdate(dt.date(2026, 11, 3))


def test_get_help_now_shows_in_place_in_the_lapse_dialog(qtbot, recovery):
    recovery.records.add(SobrietyPeriod(start_date=dt.date(2026, 6, 1)))
    dialog = LapseDialog(recovery)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.help_area.isHidden()
    dialog.help_toggle.click()
    assert dialog.help_area.isVisible() and dialog.help_panel is not None
    assert "988" in [b.number for b in dialog.help_panel.copy_buttons]
    dialog.reject()


def test_not_yet_then_record_a_lapse_explains_and_offers_a_new_start(qtbot, recovery):
    records = recovery.records
    records.add(SobrietyPeriod(start_date=dt.date(2026, 6, 1)))
    page = CheckInsPage(records, recovery=recovery)
    qtbot.addWidget(page)
    panel = page.sobriety
    messages = []
    panel.status_message.connect(messages.append)

    def not_yet():
        dialog = QApplication.activeModalWidget()
        dialog.lapse_date.setDate(to_qdate(dt.date(2026, 11, 15)))
        dialog.not_yet.setChecked(True)
        assert not dialog.again_date.isEnabled()
        dialog.accept()

    QTimer.singleShot(0, not_yet)
    assert panel.record_lapse() is True
    assert panel.label.text() == ("Your last sober period ended on 15 Nov 2026. When you are ready, set the day "
                                  "you start again.")
    assert "set the day you start again whenever you are ready" in messages[-1]
    assert [p.end_date for p in records.list("sobriety")] == [dt.date(2026, 11, 15)]
    # Never silently disabled: the button still works, and says what it will do.
    assert panel.lapse_button.isEnabled() and "No sober period is running" in panel.lapse_button.toolTip()

    def start_again():
        dialog = QApplication.activeModalWidget()
        assert dialog.windowTitle() == "Start again"
        assert "no period to end" in dialog.findChildren(type(dialog.error))[0].text()
        assert dialog.again_date.date() == to_qdate(TODAY)
        dialog.accept()

    QTimer.singleShot(0, start_again)
    assert panel.record_lapse() is True
    assert panel.label.text() == "Day 0 — sober since 18 Nov 2026"


def test_without_any_sober_date_the_lapse_button_explains_instead_of_being_disabled(qtbot, recovery):
    page = CheckInsPage(recovery.records, recovery=recovery)
    qtbot.addWidget(page)
    panel = page.sobriety
    assert panel.lapse_button.isEnabled()

    def look():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, LapseDialog) and dialog.current is None
        dialog.again_date.setDate(to_qdate(TODAY + dt.timedelta(days=1)))
        dialog.accept()

    QTimer.singleShot(0, look)
    assert panel.record_lapse() is True
    assert panel.label.text() == "Starting again tomorrow: your new sober count begins then."


def test_days_without_use_wording_replaces_sober_in_the_panel_and_dialog(qtbot, recovery):
    recovery.records.add(SobrietyPeriod(start_date=dt.date(2026, 11, 1)))
    recovery.set_wording("without_use")
    page = CheckInsPage(recovery.records, recovery=recovery)
    qtbot.addWidget(page)
    panel = page.sobriety
    assert panel.label.text() == "Day 17 — without use since 1 Nov 2026"
    assert "sober" not in panel.history.text().lower() and "days without use this year" in panel.history.text()
    assert panel.button.text() == "Change date you stopped using…"
    dialog = LapseDialog(recovery)
    qtbot.addWidget(dialog)
    assert dialog.again_date.accessibleName() == "Without use again from"
    recovery.set_wording("sober")
    assert panel.label.text() == "Day 17 — sober since 1 Nov 2026"


def test_the_sobriety_form_and_goal_kinds_use_the_chosen_wording(qtbot, recovery):
    from app.ui.dialogs.record_dialog import RecordDialog

    recovery.set_wording("without_use")
    dialog = RecordDialog(recovery.records, "sobriety")
    qtbot.addWidget(dialog)
    assert dialog.editor("start_date").accessibleName() == "Without use since"
    goal = RecordDialog(recovery.records, "goal")
    qtbot.addWidget(goal)
    kinds = goal.editor("kind")
    assert "Days without use" in [kinds.itemText(i) for i in range(kinds.count())]
    meeting = RecordDialog(recovery.records, "group")  # elsewhere (a meeting named Living Sober) unchanged
    qtbot.addWidget(meeting)
