"""The quick log: a hard moment logged by keyboard alone, with the skill's how-to in view."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.domain.records import CopingEntry, CopingSkill
from app.services.clock import FixedClock
from app.services.skill_library import library_skill_id, seed_library
from app.ui.widgets.quick_log import NO_SKILL_TEXT, TOP_SKILLS, QuickLogPanel, confirmation

NOW = dt.datetime(2026, 3, 14, 21, 30)


@pytest.fixture
def records(services):
    records = services.records
    records.clock = FixedClock(NOW)
    return records


@pytest.fixture
def panel(qtbot, records):
    seed_library(records)
    panel = QuickLogPanel(records)
    qtbot.addWidget(panel)
    panel.resize(1000, 360)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    panel.urge_now.setFocus()
    qtbot.waitUntil(panel.urge_now.hasFocus)
    yield panel
    panel.detach()


def focused():
    return QApplication.focusWidget()


def press(key, modifier=Qt.KeyboardModifier.NoModifier):
    QTest.keyClick(focused(), key, modifier)


def type_text(text: str):
    QTest.keyClicks(focused(), text)


def test_a_moment_logged_with_only_the_keyboard(panel, records):
    started = time.perf_counter()
    type_text("7")
    press(Qt.Key.Key_Tab)  # triggers: the first chip has focus
    assert focused() is panel.triggers.chip("people")
    type_text("l")  # L jumps to Lonely
    press(Qt.Key.Key_Space)
    press(Qt.Key.Key_Tab)  # what happened
    assert focused() is panel.situation
    type_text("Home alone, friday")
    press(Qt.Key.Key_Tab)  # skills: the top suggestion is current
    assert focused() is panel.skill_list
    press(Qt.Key.Key_Space)
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Space)
    press(Qt.Key.Key_Tab)  # more skills
    assert focused() is panel.more
    press(Qt.Key.Key_Tab)  # urge after
    assert focused() is panel.urge_after
    type_text("3")
    press(Qt.Key.Key_Tab)  # outcome, already suggested from 7 → 3
    assert focused() is panel.outcome
    assert panel.outcome.currentData() == "eased"
    press(Qt.Key.Key_Return)
    took = time.perf_counter() - started

    [entry] = records.list("coping")
    box, delay = library_skill_id("box_breathing"), library_skill_id("delay_15_minutes")
    assert entry.urge_before == 7 and entry.urge_after == 3
    assert entry.triggers == ("lonely",)
    assert entry.situation == "Home alone, friday"
    assert entry.skill_ids == (box, delay)  # the library's first suggestions, with no history yet
    assert entry.outcome == "eased"
    assert entry.occurred_at == NOW
    assert panel.confirmation.text() == "Logged. Urge 7 → 3 with Box breathing and Delay 15 minutes."
    # Cleared, and ready for the next one.
    assert focused() is panel.urge_now
    assert panel.urge_now.value_or_none() is None and panel.urge_after.value_or_none() is None
    assert panel.triggers.value() == () and panel.situation.text() == "" and panel.chosen_skill_ids() == ()
    assert panel.outcome.currentData() == ""
    assert took < 5  # the person's 15 seconds are spent thinking, not waiting for the form


def test_ctrl_enter_saves_from_the_what_happened_field_and_only_the_urge_is_needed(panel, records):
    type_text("4")
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [entry] = records.list("coping")
    assert (entry.urge_before, entry.urge_after, entry.skill_ids, entry.outcome) == (4, None, (), "")
    assert panel.confirmation.text() == "Logged. Urge 4."


def test_digit_keys_set_the_urge_and_one_zero_makes_ten(panel):
    type_text("5")
    assert panel.urge_now.value_or_none() == 5
    type_text("2")
    assert panel.urge_now.value_or_none() == 2
    type_text("10")
    assert panel.urge_now.value_or_none() == 10
    press(Qt.Key.Key_Backspace)
    assert panel.urge_now.value_or_none() is None
    assert panel.urge_words.text() == ""


def test_arrows_move_between_triggers_and_tab_leaves_them(panel):
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Right)
    assert focused() is panel.triggers.chip("places")
    type_text("p")  # P moves on to the next trigger starting with P…
    assert focused() is panel.triggers.chip("pain_withdrawal")
    type_text("p")  # …and round to People
    assert focused() is panel.triggers.chip("people")
    press(Qt.Key.Key_Left)
    assert focused() is panel.triggers.chip("other")
    press(Qt.Key.Key_Space)
    press(Qt.Key.Key_Tab)
    assert focused() is panel.situation
    assert panel.triggers.value() == ("other",)
    assert panel.triggers.chip("other").text().startswith("✓")


def test_missing_urge_is_explained_next_to_it_and_nothing_is_written(panel, records):
    panel.situation.setText("Payday")
    panel.tick_skill("Box breathing")
    assert panel.save() is None
    assert "from 0 to 10" in panel.error_text("urge_before")
    assert panel.errors["urge_before"].isVisible()
    assert panel.urge_now.hasFocus()
    assert records.count("coping") == 0
    assert panel.situation.text() == "Payday"  # nothing the person typed is lost


def test_a_time_in_the_future_is_refused_next_to_when(panel, records):
    panel.urge_now.set_value(6)
    panel.when.setDateTime(panel.when.dateTime().addDays(1))
    assert panel.save() is None
    assert "cannot be in the future" in panel.error_text("occurred_at")
    assert records.count("coping") == 0
    panel.when.setDateTime(panel.when.dateTime().addDays(-2))
    saved = panel.save()
    assert saved is not None and saved.occurred_at == NOW.replace(second=0) - dt.timedelta(days=1)


def test_an_unknown_skill_typed_in_more_is_refused(panel, records):
    panel.urge_now.set_value(6)
    panel.more.setText("Juggling")
    assert panel.save() is None
    assert "No skill is called “Juggling”" in panel.error_text("skill_ids")
    assert records.count("coping") == 0


def test_more_adds_any_active_skill_by_name_and_shows_its_how_to(panel, records):
    assert "Serenity Prayer" not in panel.shown_skill_names()
    panel.more.setFocus()
    type_text("serenity prayer")
    press(Qt.Key.Key_Return)  # adds the skill; does not save
    assert records.count("coping") == 0
    assert panel.shown_skill_names()[-1] == "Serenity Prayer"
    assert panel.chosen_skill_ids() == (library_skill_id("serenity_prayer"),)
    assert panel.how_to.title.text() == "Serenity Prayer"
    assert "serenity to accept" in panel.how_to.text.text()
    assert panel.more.completer().model().stringList().count("Serenity Prayer") == 1


def test_more_takes_part_of_a_name_when_only_one_skill_fits(panel, records):
    panel.more.setFocus()
    type_text("seren")
    press(Qt.Key.Key_Tab)  # leaving the field takes the one skill that fits
    assert panel.chosen_skill_ids() == (library_skill_id("serenity_prayer"),)
    assert focused() is panel.urge_after
    panel.more.setText("the")  # Play the tape forward, Challenge the thought, …
    panel.urge_now.set_value(5)
    assert panel.save() is None
    assert "could be" in panel.error_text("skill_ids") and "Type a little more" in panel.error_text("skill_ids")
    assert records.count("coping") == 0


def test_choosing_a_skill_shows_its_how_to_right_there(panel, records):
    assert panel.how_to.text.text() == NO_SKILL_TEXT
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Tab)
    assert focused() is panel.skill_list
    first = panel.shown_skill_names()[0]
    assert panel.how_to.title.text() == first
    assert panel.how_to.text.text() == records.get("skill", library_skill_id("box_breathing")).how_to
    press(Qt.Key.Key_Down)
    assert panel.how_to.title.text() == panel.shown_skill_names()[1]


def test_suggestions_put_the_most_effective_and_most_recent_first(panel, records):
    walk, tipp, stop = (library_skill_id(k) for k in ("go_for_a_walk", "tipp", "stop"))
    for days in (3, 4, 5):
        records.add(CopingEntry(occurred_at=NOW - dt.timedelta(days=days), urge_before=8, urge_after=2,
                                skill_ids=(walk,)))
    records.add(CopingEntry(occurred_at=NOW - dt.timedelta(hours=2), urge_before=5, skill_ids=(tipp,)))
    records.add(CopingEntry(occurred_at=NOW - dt.timedelta(days=200), urge_before=9, urge_after=0,
                            skill_ids=(stop,)))
    names = panel.shown_skill_names()  # the panel listens, so it has re-ranked already
    assert len(names) == TOP_SKILLS
    assert names[:3] == ["Go for a walk", "TIPP", "Box breathing"]
    assert "STOP" not in names  # 200 days ago is outside the 90-day window
    row = panel.skill_list.item(0)
    assert "urge −6.0" in row.toolTip()


def test_archived_skills_are_not_offered(panel, records):
    box = records.get("skill", library_skill_id("box_breathing"))
    records.update(box.with_changes(archived=True))
    assert "Box breathing" not in panel.shown_skill_names()
    assert "Box breathing" not in panel.more.completer().model().stringList()
    panel.urge_now.set_value(5)
    panel.more.setText("Box breathing")
    assert panel.save() is None
    assert records.count("coping") == 0


def test_ticked_skills_survive_a_change_elsewhere(panel, records):
    panel.tick_skill("Urge surfing")
    records.add(CopingSkill(name="Pet the dog", category="distraction"))
    assert panel.chosen_skill_ids() == (library_skill_id("urge_surfing"),)
    assert "Pet the dog" in panel.more.completer().model().stringList()


def test_outcome_follows_the_urges_until_the_person_chooses_one(panel):
    panel.urge_now.set_value(8)
    panel.urge_after.set_value(1)
    assert panel.outcome.currentData() == "passed"
    panel.outcome.setFocus()
    type_text("l")  # Lapsed
    assert panel.outcome.currentData() == "lapsed"
    panel.urge_after.set_value(7)
    assert panel.outcome.currentData() == "lapsed"


def test_confirmation_names_the_skills():
    entry = CopingEntry(occurred_at=NOW, urge_before=7, urge_after=3, skill_ids=("a",))
    assert confirmation(entry, {"a": "Box breathing"}) == "Logged. Urge 7 → 3 with Box breathing."
    entry = CopingEntry(occurred_at=NOW, urge_before=9, skill_ids=("a", "b", "c"))
    assert confirmation(entry, {"a": "A", "b": "B", "c": "C"}) == "Logged. Urge 9 with A, B and C."


def test_an_empty_library_still_lets_a_moment_be_logged(qtbot, records):
    panel = QuickLogPanel(records)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.shown_skill_names() == []
    panel.urge_now.set_value(3)
    assert panel.save() is not None
    panel.detach()
