"""Keyboard and screen readers: every page and every dialog, walked by Tab alone.

A year of demo data in a real data folder; the main window on each of its pages, then each
dialog the menus and the pages' buttons open without changing anything (record forms,
Preferences, Reports, Backups, Self-check, Get help now, the guide, shortcuts, About).
Each is walked by Tab (tests/ui/focus_walk.py): no control without an accessible name, no
focus trap, no control that looks reachable and that Tab never reaches.

Left out: the native file dialogs behind File ▸ Import and File ▸ Export (Qt's own or the
desktop's QFileDialog, not Steady's widgets, and choosing a file there imports or writes one),
Back up now (writes a backup at once, no dialog) and Lock (it is the unlock screen's test).
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QTimer
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
