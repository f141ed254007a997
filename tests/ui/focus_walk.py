"""Walking a window by Tab alone, as someone using the keyboard or a screen reader does.

`walk(root)` presses Tab from the first control and follows `QApplication.focusWidget()`
until focus comes back to where it started, and reports what a keyboard user would meet:
a control without an accessible name, a control Tab never leaves (or a loop of controls
that never comes back to the start), and a control that looks reachable (shown, enabled,
taking focus by Tab) that Tab never reaches. And one Alt+letter given to two controls (a
button, a labelled field, a tab, a group box, a menu of the menu bar), where Alt+that letter
reaches only one of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QGroupBox,
    QLabel,
    QMainWindow,
    QTabBar,
    QTextBrowser,
    QWidget,
)

MAX_STEPS = 600


def place_inside(widget: QWidget) -> object:
    """Where Tab is inside a control that Tab moves through before leaving it (Qt's way: a
    date's day, month and year; a guide's links), or None for a control Tab should leave at
    once. A control that keeps focus and moves nowhere new (a table going cell by cell keeps
    moving, but is not one of these) is a trap."""
    if isinstance(widget, QDateTimeEdit):
        return widget.currentSectionIndex()
    if isinstance(widget, QTextBrowser):
        cursor = widget.textCursor()
        return (cursor.anchor(), cursor.position())
    return None


def control_of(widget: QWidget) -> QWidget:
    """The control a focused widget belongs to: a spin box's or an editable combo box's line
    edit is the spin box or combo box (it is their focus proxy)."""
    parent = widget.parentWidget()
    if isinstance(parent, (QAbstractSpinBox, QComboBox)) and parent.focusProxy() is widget:
        return parent
    return widget


def accessible_name(widget: QWidget) -> str:
    """The name a screen reader reads: the widget's own, or what Qt's accessibility gives
    (a button's text, a field's buddy label)."""
    name = widget.accessibleName().strip()
    if name:
        return name
    interface = QAccessible.queryAccessibleInterface(widget)
    return (interface.text(QAccessible.Text.Name) or "").strip() if interface is not None else ""


def describe(widget: QWidget) -> str:
    parts = [type(widget).__name__]
    if widget.objectName():
        parts.append(f"#{widget.objectName()}")
    text = getattr(widget, "text", None)
    if callable(text):
        try:
            value = text()
        except TypeError:
            value = ""
        if isinstance(value, str) and value:
            parts.append(repr(value[:40]))
    tip = widget.toolTip()
    if tip:
        parts.append(f"tip={tip[:40]!r}")
    chain = []
    parent = widget.parentWidget()
    while parent is not None and len(chain) < 4:
        chain.append(type(parent).__name__)
        parent = parent.parentWidget()
    return " ".join(parts) + " in " + "/".join(chain)


def reachable_looking(root: QWidget) -> list[QWidget]:
    """Every control in `root`'s window that is on screen, enabled and takes focus by Tab."""
    found = []
    for widget in root.findChildren(QWidget):
        if widget.window() is not root or not widget.isVisible() or not widget.isEnabled():
            continue
        if widget.focusProxy() is not None:
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        found.append(control_of(widget))
    return list(dict.fromkeys(found))


def exclusive_group(widget: QWidget) -> list[QWidget]:
    """The buttons of `widget`'s exclusive group (radio buttons, a range selector), whose
    checked one Tab reaches and the arrow keys move between (Qt's way, like radio buttons)."""
    if not isinstance(widget, QAbstractButton) or not widget.isCheckable():
        return []
    group = widget.group()
    if group is not None and group.exclusive():
        return [b for b in group.buttons() if b.isVisible() and b.isEnabled()]
    if widget.autoExclusive() and widget.parentWidget() is not None:
        return [b for b in widget.parentWidget().findChildren(QAbstractButton)
                if b.parentWidget() is widget.parentWidget() and b.autoExclusive() and b.isCheckable()
                and b.isVisible() and b.isEnabled()]
    return []


def arrow_reach(button: QWidget) -> set[QWidget]:
    """The buttons of `button`'s exclusive group that the arrow keys reach from it."""
    members = exclusive_group(button)
    reached = {button}
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Up):
        button.setFocus(Qt.FocusReason.TabFocusReason)
        for _ in members:
            focus = QApplication.focusWidget()
            if focus is None:
                break
            QTest.keyClick(focus, key)
            QApplication.processEvents()
            if QApplication.focusWidget() in members:
                reached.add(QApplication.focusWidget())
    return reached


@dataclass
class Walk:
    where: str
    visited: list[QWidget] = field(default_factory=list)
    nameless: list[str] = field(default_factory=list)
    traps: list[str] = field(default_factory=list)
    unreached: list[str] = field(default_factory=list)
    shared_keys: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return ([f"{self.where}: no accessible name: {p}" for p in self.nameless]
                + [f"{self.where}: focus trap: {p}" for p in self.traps]
                + [f"{self.where}: Tab never reaches: {p}" for p in self.unreached]
                + [f"{self.where}: one Alt key for two controls: {p}" for p in self.shared_keys])


def alt_key(text: str) -> str | None:
    """The letter after a single & ("&&" is a plain ampersand), lower-cased."""
    plain = text.replace("&&", "")
    at = plain.find("&")
    return plain[at + 1].lower() if 0 <= at < len(plain) - 1 else None


def shared_alt_keys(root: QWidget) -> list[str]:
    """Alt+letters that two controls shown in `root` both claim, e.g. "s: 'Search:', 'Tick all shown'"."""
    texts: list[str] = []
    for widget in root.findChildren(QWidget):
        if widget.window() is not root or not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count()) if widget.isTabVisible(i)]
    if isinstance(root, QMainWindow) and root.menuBar().isVisible():
        texts += [action.text() for action in root.menuBar().actions() if action.isVisible()]
    claimed: dict[str, list[str]] = {}
    for text in texts:
        key = alt_key(text)
        if key is not None:
            claimed.setdefault(key, []).append(text.replace("&", ""))
    return [f"{key}: " + ", ".join(repr(t) for t in owners) for key, owners in sorted(claimed.items())
            if len(owners) > 1]


def walk(root: QWidget, where: str) -> Walk:
    """Tab through `root` (a shown, active window) once round; see the module's docstring."""
    result = Walk(where)
    root.activateWindow()
    QApplication.processEvents()
    controls = reachable_looking(root)
    assert controls, f"{where}: nothing takes focus"
    start = QApplication.focusWidget()
    if start is None or start.window() is not root:
        controls[0].setFocus(Qt.FocusReason.TabFocusReason)
        QApplication.processEvents()
        start = QApplication.focusWidget()
    assert start is not None and start.window() is root, f"{where}: focus did not go into the window"
    seen: list[QWidget] = [start]
    current = start
    places: list[object] = [place_inside(start)]
    for _ in range(MAX_STEPS):
        QTest.keyClick(current, Qt.Key.Key_Tab)
        QApplication.processEvents()
        following = QApplication.focusWidget()
        if following is None or following.window() is not root:
            result.traps.append(f"Tab from {describe(control_of(current))} left the window")
            break
        if following is current:
            place = place_inside(current)
            if place is None or place in places:
                result.traps.append(f"Tab does not leave {describe(control_of(current))}")
                break
            places.append(place)
            continue
        places = [place_inside(following)]
        if following is start:
            break
        if following in seen:
            result.traps.append(f"Tab goes round from {describe(control_of(current))} back to "
                                f"{describe(control_of(following))}, never back to the start")
            break
        seen.append(following)
        current = following
    else:
        result.traps.append(f"Tab did not come round in {MAX_STEPS} presses")
    visited = list(dict.fromkeys(control_of(w) for w in seen))
    result.visited = visited
    for widget in visited:
        if not accessible_name(widget):
            result.nameless.append(describe(widget))
    if not result.traps:
        reached = set(visited)
        for widget in visited:
            if exclusive_group(widget):
                reached |= arrow_reach(widget)
        for widget in reached - set(visited):
            if not accessible_name(widget):
                result.nameless.append(describe(widget))
        result.visited = visited + [w for w in reached if w not in visited]
        result.unreached = [describe(w) for w in controls if w not in reached]
    result.shared_keys = shared_alt_keys(root)
    return result
