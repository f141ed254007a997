"""The Insights page: worked out on the background runner, a sentence, an interval picture
and "not a cause" per insight, the empty state's guidance, and a refresh after a change."""

import datetime as dt
import random
import threading

from app.domain.records import CheckIn
from app.ui.main_window import PAGE_TITLES
from tests.ui.helpers import settle


def _checkins(store, days=120):
    rng = random.Random(4)
    today = dt.date.today()
    rows, short = [], False
    for i in range(days):
        day = today - dt.timedelta(days=days - i)
        craving = rng.randint(1, 4) + (3 if short else 0)
        short = rng.random() < 0.4
        rows.append(CheckIn(day=day, mood=3, craving=craving, sleep_hours=5.0 if short else 8.0))
    store.checkins.add_many(rows)


def test_the_page_works_insights_out_in_the_background_and_shows_each_in_plain_words(qtbot, window, services):
    _checkins(services.store)
    threads = []
    real = services.insights.report.__func__

    def spy(self, *args):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(self, *args)

    type(services.insights).report = spy
    try:
        window.show()
        window.show_page(PAGE_TITLES.index("Insights"))
        page = window.page("Insights")
        assert page.status.text() == "Working out your insights…" and page.cards == []
        settle()
    finally:
        type(services.insights).report = real
    assert threads == [False]  # on the runner's worker, never on the window's thread
    sleep = next(c for c in page.cards if c.insight.key == "sleep_craving")
    assert sleep.sentence.text().startswith("On days after less than 6 hours of sleep, craving averaged ")
    assert sleep.bar is not None and sleep.bar.accessibleName().startswith("Difference ")
    assert any(label.text() == "A pattern in your own data, not a cause." for label in sleep.findChildren(type(page.status)))
    phq = next(c for c in page.cards if c.insight.key == "attendance_phq9")
    assert phq.bar is None and phq.sentence.text().startswith("Not enough data yet")
    assert not page.empty.isVisible()
    assert page.status.text() == f"{sum(c.insight.enough_data for c in page.cards)} of {len(page.cards)} comparisons have enough data."

    # A new check-in marks the page stale and it works the insights out again.
    before = sleep.insight.a.n + sleep.insight.b.n
    services.records.add(CheckIn(day=dt.date.today(), mood=3, craving=2, sleep_hours=7.5))
    settle()
    again = next(c for c in page.cards if c.insight.key == "sleep_craving")
    assert again.insight.a.n + again.insight.b.n == before + 1


def test_a_range_button_compares_only_that_range(qtbot, window, services):
    _checkins(services.store)
    window.show()
    window.show_page(PAGE_TITLES.index("Insights"))
    page = window.page("Insights")
    settle()
    page.set_range("12w")
    settle()
    weekend = next(c for c in page.cards if c.insight.key == "weekend_craving")
    assert weekend.insight.a.n + weekend.insight.b.n == 83  # 12 weeks ending today, today not logged


def test_with_nothing_logged_the_page_says_where_insights_come_from(qtbot, window):
    window.show()
    window.show_page(PAGE_TITLES.index("Insights"))
    page = window.page("Insights")
    settle()
    assert page.empty.isVisible() and "once your records span four weeks" in page.empty.text()
    assert page.cards == [] and page.status.text() == "Nothing to compare in this range yet."


def test_the_tenth_page_has_ctrl_0(window):
    assert window.page_actions[PAGE_TITLES.index("Insights")].shortcut().toString() == "Ctrl+0"
