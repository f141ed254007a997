"""app.ui.collector: Python's full garbage collections only while nobody uses the window."""

from __future__ import annotations

import gc
import time

import pytest
from PySide6.QtWidgets import QApplication

from app.ui import collector


@pytest.fixture
def installed(qtbot):
    busy = [False]
    before = gc.get_threshold()
    c = collector.install(QApplication.instance(), lambda: busy[0])
    yield c, busy
    collector.uninstall()
    assert gc.get_threshold() == before


def young_collections(n: int) -> None:
    for _i in range(n):
        gc.collect(1)  # each one counts towards the next full collection, as Python's own do


def test_python_starts_no_full_collection_of_its_own_once_installed(installed):
    assert gc.get_threshold()[2] == collector.NO_FULL_COLLECTION and gc.isenabled()


def test_it_watches_no_event_of_the_window(installed):
    """An application-wide event filter in Python would make every event wait for the
    interpreter lock; the collector works from its timer alone."""
    c, _busy = installed
    assert type(c).eventFilter is collector.QObject.eventFilter


def test_a_full_collection_waits_until_background_work_has_ended_and_been_shown(installed):
    c, busy = installed
    young_collections(c.pace)
    busy[0] = True
    assert not c.due(), "work is running: no full collection now"
    busy[0] = False
    assert not c.due(), "its result has just been shown: not yet"
    c.last_busy = time.monotonic() - collector.QUIET_MS / 1000 - 0.1
    assert c.due() and c.collect_if_due()
    assert gc.get_count()[2] == 0 and c.collections == 1
    assert not c.collect_if_due(), "nothing is due right after a full collection"


def test_no_full_collection_before_python_would_have_made_one(installed):
    c, _busy = installed
    gc.collect()
    c.last_busy = time.monotonic() - 10
    young_collections(c.pace - 1)
    assert not c.due()
    young_collections(1)
    assert c.due()
