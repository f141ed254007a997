"""A tour of the whole window: every page (and each of its tabs) and every dialog a person can
open from the menus and the pages without changing anything.

`every_page(window, look)` and `every_dialog(qtbot, window, look)` call `look(widget, where)`
on each page or dialog once it has painted and return what `look` returned. The keyboard walk
(test_accessibility_walk.py) looks with the Tab key; the Spanish check (test_spanish_window.py)
looks at the words.

Left out: the native file dialogs behind File ▸ Import and File ▸ Export (Qt's own or the
desktop's QFileDialog, not Steady's widgets, and choosing a file there imports or writes one),
Back up now (writes a backup at once, no dialog) and Lock (it is the unlock screen's tests).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QFileDialog, QWidget

from app.services.demo import generate_demo
from app.ui.main_window import PAGE_TITLES, MainWindow

from .helpers import settle

T = TypeVar("T")
TODAY = dt.date(2026, 6, 15)


def open_demo_window(qtbot, store, services) -> MainWindow:
    """The window over a year of demo data (ending TODAY), 1200×800, shown and active; the
    caller detaches it (`window.detach()`) when done."""
    generate_demo(store, years=1, today=TODAY)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitActive(window)
    return window


def every_setup_step(qtbot, services, look: Callable[[QWidget, str], T]) -> list[T]:
    """Help ▸ Set up Steady… on a window over `services` (an empty folder: it is refused over
    demo data): `look` at each step of the wizard in turn, then leave it without saving."""
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitActive(window)
    wizard = window.show_setup()
    assert wizard is not None
    qtbot.waitActive(wizard)
    seen: list[T] = []
    while True:
        settle()
        seen.append(look(wizard, f"setup step {wizard.currentPage().title() or wizard.currentId()}"))
        if wizard.nextId() == -1:
            break
        wizard.next()
    wizard.reject()
    window.detach()
    return seen


def each_page_and_tab(window: MainWindow, *, tabs: bool = True) -> Iterator[tuple[str, object, int]]:
    """Show each page (and, with `tabs`, each of its tabs) in turn: (page title, its tab
    widget or None, the tab's index)."""
    for index, title in enumerate(PAGE_TITLES):
        window.show_page(index)
        settle()
        page_tabs = getattr(window.current_page(), "tabs", None) if tabs else None
        for tab in range(page_tabs.count() if page_tabs is not None else 1):
            if page_tabs is not None:
                page_tabs.setCurrentIndex(tab)
                settle()
            yield title, page_tabs, tab


def front_window() -> QWidget | None:
    """The window in front: a modal dialog, else the active window. (Not a look through every
    top-level widget: one of an earlier test's, half deleted, can crash a call on it.)"""
    return QApplication.activeModalWidget() or QApplication.activeWindow()


def opening_buttons(root: QWidget) -> list[QAbstractButton]:
    """The buttons on screen in `root` that open a dialog (their text ends in "…")."""
    return [b for b in root.findChildren(QAbstractButton)
            if b.window() is root and b.isVisible() and b.isEnabled() and b.text().rstrip().endswith("…")]


@dataclass
class Tour(Generic[T]):
    """What `look` returned for each window, the file choosers closed unseen, and the pages
    where Edit ▸ New entry edits in place (no window)."""

    seen: list[T] = field(default_factory=list)
    file_choosers: list[str] = field(default_factory=list)
    in_place: list[str] = field(default_factory=list)


def open_window(qtbot, trigger: Callable[[], object], where: str, look: Callable[[QWidget, str], T],
                tour: Tour[T], *, deeper: bool = False) -> bool:
    """Run `trigger` (an action, a button), `look` at the window it opens (whether it opens it
    with exec() or show()), then close it without saving. False when it opens no window (a
    page that edits in place). A file chooser is closed unseen. With `deeper`, the dialogs the
    new window's own "…" buttons open are looked at too."""
    before = front_window()
    done: list[bool] = []
    polls = [0]

    def poll() -> None:
        window = front_window()
        if window is None or window is before or isinstance(window, MainWindow):
            polls[0] += 1
            if polls[0] < 100:
                QTimer.singleShot(20, poll)
            return
        if isinstance(window, QFileDialog):
            tour.file_choosers.append(where)
            done.append(True)
            window.reject()
            return
        settle()
        window.activateWindow()
        qtbot.waitActive(window)
        tour.seen.append(look(window, where))
        done.append(True)
        if deeper:
            for button in opening_buttons(window):
                if not (shiboken6.isValid(window) and shiboken6.isValid(button)):
                    break  # what the button opened took the window's place
                open_window(qtbot, button.click, f"{where} ▸ {button.text().replace('&', '')}", look, tour)
                if shiboken6.isValid(window):
                    window.activateWindow()
                    qtbot.waitActive(window)
        if not shiboken6.isValid(window):
            return
        if isinstance(window, QDialog):
            window.reject()
        else:
            window.close()

    QTimer.singleShot(0, poll)
    trigger()
    qtbot.waitUntil(lambda: bool(done) or polls[0] >= 100, timeout=20_000)
    if before is not None and shiboken6.isValid(before):  # back to where it was opened from
        before.activateWindow()
        qtbot.waitActive(before)
    return bool(done)


def every_page(window: MainWindow, look: Callable[[QWidget, str], T], *, tabs: bool = False) -> list[T]:
    """`look` at the window on each of its pages (and, with `tabs`, on each tab of a page)."""
    return [look(window, f"page {title}" + (f" ▸ {page_tabs.tabText(tab)}" if page_tabs is not None else ""))
            for title, page_tabs, tab in each_page_and_tab(window, tabs=tabs)]


def every_dialog(qtbot, w: MainWindow, look: Callable[[QWidget, str], T]) -> Tour[T]:
    """The menus' dialogs (Reports, Backups, Preferences, Self-check, Get help now, the guide,
    the shortcuts, About, and the dialogs their "…" buttons open), Edit ▸ New entry… on every
    page and tab (every record form), and each page's (and tab's) "…" buttons."""
    tour: Tour[T] = Tour()
    menu = {
        "Reports": w.reports_action, "Backups and restore": w.backups_action,
        "Preferences": w.preferences_action, "Self-check": w.self_check_action,
        "Get help now": w.help_now_action, "Steady guide": w.guide_action,
        "Keyboard shortcuts": w.shortcuts_action, "About": w.about_action,
    }
    for name, action in menu.items():
        assert open_window(qtbot, action.trigger, name, look, tour, deeper=True), f"{name} opened no window"
    for title, tabs, tab in each_page_and_tab(w):
        if not w.new_action.isEnabled():
            continue
        where = f"new entry on {title}" + (f" ▸ {tabs.tabText(tab)}" if tabs is not None else "")
        if not open_window(qtbot, w.new_action.trigger, where, look, tour):
            tour.in_place.append(where)
    for title, _tabs, _tab in each_page_and_tab(w):
        for button in opening_buttons(w):
            open_window(qtbot, button.click, f"{title} ▸ {button.text().replace('&', '')}", look, tour, deeper=True)
    return tour
