"""app.ui.collector: Python's full garbage collections only while nobody uses the window."""

from __future__ import annotations

import gc
import time

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

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


def test_a_full_collection_waits_for_a_quiet_moment_and_no_background_work(installed, qtbot):
    c, busy = installed
    field = QLineEdit()
    qtbot.addWidget(field)
    c.last_input = time.monotonic() - 10
    young_collections(c.pace)
    QApplication.sendEvent(field, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier))
    assert not c.due(), "someone is typing: no full collection now"
    c.last_input = time.monotonic() - collector.IDLE_MS / 1000 - 0.1
    busy[0] = True
    assert not c.due(), "work is running: no full collection now"
    busy[0] = False
    assert c.due() and c.collect_if_due()
    assert gc.get_count()[2] == 0 and c.collections == 1
    assert not c.collect_if_due(), "nothing is due right after a full collection"


def test_no_full_collection_before_python_would_have_made_one(installed):
    c, _busy = installed
    gc.collect()
    c.last_input = time.monotonic() - 10
    young_collections(c.pace - 1)
    assert not c.due()
    young_collections(1)
    assert c.due()
