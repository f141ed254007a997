"""Keyboard and screen readers: every page and every dialog, walked by Tab alone.

A year of demo data in a real data folder; the main window on each of its pages, then each
dialog the menus and the pages' buttons open without changing anything (record forms,
Preferences, Reports, Backups, Self-check, Get help now, the guide, shortcuts, About).
Each is walked by Tab (tests/ui/focus_walk.py): no control without an accessible name, no
focus trap, no control that looks reachable and that Tab never reaches. tests/ui/tour.py
opens them (and says what it leaves out).

Also: every step of the setup wizard (on an empty folder: it is refused over demo data), and
the walk itself on a dialog made wrong on purpose.
"""

from __future__ import annotations


import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget


from .focus_walk import walk
from .helpers import settle
from .tour import every_dialog, every_page, every_setup_step, open_demo_window



@pytest.fixture
def demo_window(qtbot, store, services):
    w = open_demo_window(qtbot, store, services)
    yield w
    w.detach()


def test_every_page_walks_by_tab(demo_window, qtbot):
    def look(window, where):
        qtbot.wait(50)
        return walk(window, where)

    walks = every_page(demo_window, look)
    print(f"\n{len(walks)} pages, {sum(len(r.visited) for r in walks)} controls walked")
    problems = [p for r in walks for p in r.problems]
    assert not problems, "\n".join(problems)


def test_every_dialog_walks_by_tab(demo_window, qtbot):
    tour = every_dialog(qtbot, demo_window, walk)
    problems = [p for r in tour.seen for p in r.problems]
    print(f"\n{len(tour.seen)} dialogs, {sum(len(r.visited) for r in tour.seen)} controls walked; "
          f"no window from: {tour.in_place}; file choosers not walked: {tour.file_choosers}")
    assert not problems, "\n".join(problems)
    assert not tour.in_place, f"Edit ▸ New entry is on but opens nothing on: {tour.in_place}"


def test_the_lock_screen_walks_by_tab(demo_window, qtbot):
    """Locked (plain data: the privacy screen): the window is the screen, Get help now and all."""
    assert demo_window.locker.lock()
    settle()
    screen = demo_window.locker.screen
    assert screen is not None and screen.isVisible()
    result = walk(demo_window, "lock screen")
    assert len(result.visited) >= 2 and not result.problems, "\n".join(result.problems)
    demo_window.locker.unlock()


def test_the_unlock_screen_of_an_encrypted_file_walks_by_tab(qtbot, data_dir):
    """The first thing an encrypted file shows: the passphrase field, the recovery code, help."""
    from app.services import encryption
    from app.storage import open_store

    from .test_unlock_screen import PASSPHRASE, run_window

    open_store(data_dir).close()
    encryption.turn_on(data_dir, PASSPHRASE)
    results = []

    def steps(window):
        settle()
        window.activateWindow()
        qtbot.waitActive(window)
        results.append(walk(window, "unlock screen"))

    assert run_window(data_dir, steps) == 0
    assert len(results[0].visited) >= 3 and not results[0].problems, "\n".join(results[0].problems)


def test_every_step_of_the_setup_wizard_walks_by_tab(qtbot, store, services):
    """Help ▸ Set up Steady… (refused over demo data, so on an empty folder): each step."""
    walks = every_setup_step(qtbot, services, walk)
    problems = [p for r in walks for p in r.problems]
    steps, controls = len(walks), sum(len(r.visited) for r in walks)
    print(f"\n{steps} setup steps, {controls} controls walked")
    assert steps >= 6
    assert not problems, "\n".join(problems)


def test_the_walk_finds_a_nameless_control_a_trap_and_a_control_tab_never_reaches(qtbot):
    """The walk itself, on a dialog made wrong on purpose."""
    from PySide6.QtWidgets import QFormLayout, QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout

    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    named = QLineEdit(dialog)
    form = QFormLayout()
    form.addRow("Name:", named)  # a buddy label names it
    layout.addLayout(form)
    nameless = QLineEdit(dialog)
    layout.addWidget(nameless)
    layout.addWidget(QPushButton("Save", dialog))
    dialog.show()
    qtbot.waitActive(dialog)
    named.setFocus()
    result = walk(dialog, "test")
    assert not result.traps and not result.unreached
    assert len(result.nameless) == 1 and result.nameless[0].startswith("QLineEdit")

    notes = QPlainTextEdit(dialog)  # Tab types a tab here: it never leaves
    notes.setAccessibleName("Notes")
    layout.addWidget(notes)
    notes.show()
    named.setFocus()
    assert any("does not leave QPlainTextEdit" in t for t in walk(dialog, "test").traps)

    notes.setTabChangesFocus(True)
    later = QPushButton("Later", dialog)
    layout.addWidget(later)
    later.show()
    # A focus proxy that Tab reaches first and that sends focus elsewhere (the attendance
    # form's old mistake) leaves a round that never comes back to the start.
    holder = QWidget(dialog)
    layout.insertWidget(0, holder)
    holder.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    holder.setFocusProxy(notes)
    holder.show()
    named.setFocus()
    second = walk(dialog, "test")
    assert second.traps or second.unreached, second.problems
