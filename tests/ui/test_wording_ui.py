"""Issue 12 item 6 in the window: scale anchors beside the fields, a muted colour for days
with use on the year calendar."""

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
