"""The one refresh policy of ListensForChanges, on a small widget that counts its refreshes."""

import datetime as dt

from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from app.domain.records import CheckIn
from app.ui.widgets.listening import ListensForChanges


class Counter(ListensForChanges, QLabel):
    refresh_kinds = frozenset({"checkin"})

    def __init__(self, records, parent=None):
        super().__init__(parent)
        self.records = records
        self.refreshes = 0
        self.during = None  # called inside refresh(), once
        self.attach()

    def changes_source(self):
        return self.records

    def refresh(self) -> None:
        self.refreshes += 1
        self.setText(f"{self.records.count('checkin')} check-ins")
        if self.during is not None:
            during, self.during = self.during, None
            during()


class LaterCounter(Counter):
    refresh_later = True


def test_a_widget_not_yet_shown_outside_any_window_refreshes_at_once(qtbot, records):
    widget = Counter(records)
    qtbot.addWidget(widget)
    records.add(CheckIn(day=dt.date(2026, 3, 1), mood=5, craving=1))
    assert widget.refreshes == 1 and widget.text() == "1 check-ins"
    records.notify("coping")  # not a kind it shows
    assert widget.refreshes == 1


def test_a_page_the_window_does_not_show_waits_and_refreshes_once_when_shown(qtbot, records):
    window = QStackedWidget()
    qtbot.addWidget(window)
    front, page = QWidget(), Counter(records)
    window.addWidget(front)
    window.addWidget(page)
    window.show()
    qtbot.waitExposed(window)
    for day in (1, 2, 3):
        records.add(CheckIn(day=dt.date(2026, 3, day), mood=5, craving=1))
    assert page.refreshes == 0  # three notices, no work while out of sight
    window.setCurrentWidget(page)
    assert page.refreshes == 1 and page.text() == "3 check-ins"
    records.add(CheckIn(day=dt.date(2026, 3, 4), mood=5, craving=1))
    assert page.refreshes == 2  # on screen: at once
    page.detach()


def test_refresh_later_coalesces_a_burst_into_one_refresh_after_the_event(qtbot, records):
    widget = LaterCounter(records)
    qtbot.addWidget(widget)
    for day in (1, 2, 3):
        records.add(CheckIn(day=dt.date(2026, 3, day), mood=5, craving=1))
    assert widget.refreshes == 0 and widget.refresh_pending
    qtbot.waitUntil(lambda: not widget.refresh_pending)
    assert widget.refreshes == 1 and widget.text() == "3 check-ins"


def test_a_change_made_during_a_refresh_is_not_lost(qtbot, records):
    widget = Counter(records)
    qtbot.addWidget(widget)
    widget.during = lambda: records.add(CheckIn(day=dt.date(2026, 3, 9), mood=5, craving=1))
    records.add(CheckIn(day=dt.date(2026, 3, 1), mood=5, craving=1))
    assert widget.refreshes == 2 and widget.text() == "2 check-ins"


def test_notices_told_together_refresh_each_widget_once_and_a_failing_one_stops_no_other(qtbot, records):
    from app.ui.widgets import listening

    window = QStackedWidget()
    qtbot.addWidget(window)
    holder = QWidget()
    window.addWidget(holder)
    first, second = Counter(records, holder), Counter(records, holder)
    first.move(0, 0)
    second.move(0, 40)
    window.show()
    qtbot.waitExposed(window)

    def fail():
        raise RuntimeError("a refresh that fails")

    first.during = fail
    done = []
    with qtbot.capture_exceptions() as raised:
        with listening.coalesced():
            for day in (1, 2, 3):
                records.add(CheckIn(day=dt.date(2026, 3, day), mood=5, craving=1))
        assert first.refreshes == second.refreshes == 0  # not yet: one per turn, later
        listening.when_refreshed(lambda: done.append((first.refreshes, second.refreshes)))
        qtbot.waitUntil(lambda: bool(done))
    assert done == [(1, 1)]  # once each for three notices, the second despite the first's failure
    assert len(raised) == 1 and "a refresh that fails" in str(raised[0][1])
    assert second.text() == "3 check-ins"
    first.detach()
    second.detach()
