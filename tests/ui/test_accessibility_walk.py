"""Keyboard and screen readers: every page and every dialog, walked by Tab alone.

A year of demo data in a real data folder; the main window on each of its pages, then each
dialog the menus and the pages' buttons open without changing anything (record forms,
Preferences, Reports, Backups, Self-check, Get help now, the guide, shortcuts, About).
Each is walked by Tab (tests/ui/focus_walk.py): no control without an accessible name, no
focus trap, no control that looks reachable and that Tab never reaches.

Also: every step of the setup wizard (on an empty folder: it is refused over demo data), and
the walk itself on a dialog made wrong on purpose.

Left out: the native file dialogs behind File ▸ Import and File ▸ Export (Qt's own or the
desktop's QFileDialog, not Steady's widgets, and choosing a file there imports or writes one),
Back up now (writes a backup at once, no dialog) and Lock (it is the unlock screen's test).
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QFileDialog, QWidget

from app.services.demo import generate_demo
from app.ui.main_window import PAGE_TITLES, MainWindow

from .focus_walk import Walk, walk
from .helpers import settle

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def demo_window(qtbot, store, services):
    generate_demo(store, years=1, today=TODAY)
    w = MainWindow(services)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitActive(w)
    yield w
    w.detach()


def front_window() -> QWidget | None:
    """The window in front: a modal dialog, else the active window. (Not a look through every
    top-level widget: one of an earlier test's, half deleted, can crash a call on it.)"""
    return QApplication.activeModalWidget() or QApplication.activeWindow()


def opening_buttons(root: QWidget) -> list[QAbstractButton]:
    """The buttons on screen in `root` that open a dialog (their text ends in "…")."""
    return [b for b in root.findChildren(QAbstractButton)
            if b.window() is root and b.isVisible() and b.isEnabled() and b.text().rstrip().endswith("…")]


def walk_new_window(qtbot, trigger, where: str, *, skipped: list[str] | None = None,
                    deeper: list[Walk] | None = None) -> Walk | None:
    """Run `trigger` (an action, a button), walk the window it opens (whether it opens it with
    exec() or show()), then close it without saving; None when it opens no window (a page
    that edits in place). A file chooser is closed unwalked (named in `skipped`). With
    `deeper`, the dialogs the new window's own "…" buttons open are walked into it too."""
    before = front_window()
    walks: list[Walk] = []
    polls = [0]

    def poll() -> None:
        window = front_window()
        if window is None or window is before or isinstance(window, MainWindow):
            polls[0] += 1
            if polls[0] < 100:
                QTimer.singleShot(20, poll)
            return
        if isinstance(window, QFileDialog):
            if skipped is not None:
                skipped.append(where)
            walks.append(Walk(where))
            window.reject()
            return
        settle()
        window.activateWindow()
        qtbot.waitActive(window)
        walks.append(walk(window, where))
        if deeper is not None:
            for button in opening_buttons(window):
                inner = walk_new_window(qtbot, button.click, f"{where} ▸ {button.text().replace('&', '')}",
                                        skipped=skipped)
                if inner is not None:
                    deeper.append(inner)
                window.activateWindow()
                qtbot.waitActive(window)
        if isinstance(window, QDialog):
            window.reject()
        else:
            window.close()

    QTimer.singleShot(0, poll)
    trigger()
    qtbot.waitUntil(lambda: bool(walks) or polls[0] >= 100, timeout=20_000)
    if before is not None:  # back to where it was opened from, for the next one
        before.activateWindow()
        qtbot.waitActive(before)
    return walks[0] if walks else None


def test_every_page_walks_by_tab(demo_window, qtbot):
    problems: list[str] = []
    controls = 0
    for index, title in enumerate(PAGE_TITLES):
        demo_window.show_page(index)
        settle()
        qtbot.wait(50)
        result = walk(demo_window, f"page {title}")
        controls += len(result.visited)
        problems += result.problems
    print(f"\n{len(PAGE_TITLES)} pages, {controls} controls walked")
    assert not problems, "\n".join(problems)


def test_every_dialog_walks_by_tab(demo_window, qtbot):
    w = demo_window
    problems: list[str] = []
    walked: list[Walk] = []
    in_place: list[str] = []
    menu = {
        "Reports": w.reports_action, "Backups and restore": w.backups_action,
        "Preferences": w.preferences_action, "Self-check": w.self_check_action,
        "Get help now": w.help_now_action, "Steady guide": w.guide_action,
        "Keyboard shortcuts": w.shortcuts_action, "About": w.about_action,
    }
    skipped: list[str] = []
    for name, action in menu.items():
        result = walk_new_window(qtbot, action.trigger, name, skipped=skipped, deeper=walked)
        assert result is not None, f"{name} opened no window"
        walked.append(result)
    # Edit ▸ New entry… on every page of records, on each of its tabs: every record form.
    for index, title in enumerate(PAGE_TITLES):
        w.show_page(index)
        settle()
        page = w.current_page()
        tabs = getattr(page, "tabs", None)
        for tab in range(tabs.count() if tabs is not None else 1):
            if tabs is not None:
                tabs.setCurrentIndex(tab)
            if not w.new_action.isEnabled():
                continue
            where = f"new entry on {title}" + (f" ▸ {tabs.tabText(tab)}" if tabs is not None else "")
            result = walk_new_window(qtbot, w.new_action.trigger, where)
            if result is None:
                in_place.append(where)
            else:
                walked.append(result)
    # The buttons on each page (and each of its tabs) that open a dialog ("…").
    for index, title in enumerate(PAGE_TITLES):
        w.show_page(index)
        settle()
        page = w.current_page()
        tabs = getattr(page, "tabs", None)
        for tab in range(tabs.count() if tabs is not None else 1):
            if tabs is not None:
                tabs.setCurrentIndex(tab)
                settle()
            for button in opening_buttons(w):
                where = f"{title} ▸ {button.text().replace('&', '')}"
                result = walk_new_window(qtbot, button.click, where, skipped=skipped, deeper=walked)
                if result is not None:
                    walked.append(result)
    walked = [r for r in walked if r.visited or r.where not in skipped]
    for result in walked:
        problems += result.problems
    print(f"\n{len(walked)} dialogs, {sum(len(r.visited) for r in walked)} controls walked; "
          f"no window from: {in_place}; file choosers not walked: {skipped}")
    assert not problems, "\n".join(problems)
    assert not in_place, f"Edit ▸ New entry is on but opens nothing on: {in_place}"


def test_every_step_of_the_setup_wizard_walks_by_tab(qtbot, store, services):
    """Help ▸ Set up Steady… (refused over demo data, so on an empty folder): each step."""
    w = MainWindow(services)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitActive(w)
    wizard = w.show_setup()
    assert wizard is not None
    qtbot.waitActive(wizard)
    problems: list[str] = []
    steps = controls = 0
    while True:
        settle()
        result = walk(wizard, f"setup step {wizard.currentPage().title() or wizard.currentId()}")
        problems += result.problems
        steps += 1
        controls += len(result.visited)
        if wizard.nextId() == -1:
            break
        wizard.next()
    wizard.reject()
    w.detach()
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
