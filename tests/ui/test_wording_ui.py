"""Issue 12 item 6 in the window: scale anchors beside the fields, a muted colour for days
with use on the year calendar."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel

from app.ui.charts.palette import VERMILLION, theme_for
from app.ui.dialogs.record_dialog import RecordDialog


def test_check_in_form_shows_what_the_ends_of_each_scale_mean(qtbot, records):
    dialog = RecordDialog(records, "checkin")
    qtbot.addWidget(dialog)
    dialog.show()
    mood = dialog.findChild(QLabel, "mood_anchors")
    craving = dialog.findChild(QLabel, "craving_anchors")
    assert mood.text() == "1 = very low … 5 = very good" and mood.isVisible()
    assert craving.text() == "0 = none … 10 = strongest" and craving.isVisible()
    assert dialog.editor("mood").accessibleDescription() == mood.text()
    assert dialog.is_shown("mood") and dialog.is_shown("notes")


def test_days_with_use_are_a_muted_colour_not_alarm_red(qapp):
    for dark in (False, True):
        palette = QPalette(QColor("#202124")) if dark else QPalette(QColor("#f0f0f0"))
        used = QColor(theme_for(palette=palette).fill["used"])
        alarm = QColor(VERMILLION)
        assert used.hsvSaturation() < alarm.hsvSaturation() * 0.6, dark
        assert not (used.hsvHue() < 30 or used.hsvHue() > 340), dark  # not in the red family


def test_quick_log_says_too_few_to_tell_for_a_skill_used_once_and_ignores_practice(qtbot, records):
    import datetime as dt

    from app.domain.records import CopingEntry
    from app.services.skill_library import library_skill_id, seed_library
    from app.ui.widgets.quick_log import QuickLogPanel

    seed_library(records)
    box = library_skill_id("box_breathing")
    now = records.clock.now()
    records.add(CopingEntry(occurred_at=now - dt.timedelta(hours=3), urge_before=8, urge_after=2, skill_ids=(box,)))
    for n in range(3):  # practice while calm: never evidence that a skill works
        records.add(CopingEntry(occurred_at=now - dt.timedelta(days=n + 1), urge_before=3, urge_after=0,
                                skill_ids=(box,), practice=True))
    panel = QuickLogPanel(records)
    qtbot.addWidget(panel)
    ids = [panel.skill_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(panel.skill_list.count())]
    panel.skill_list.setCurrentRow(ids.index(box))
    assert "too few to tell" in panel.how_to.meta.text()
