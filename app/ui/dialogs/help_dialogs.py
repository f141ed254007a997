"""Help: the guide (F1), the keyboard shortcuts and About Steady.

The guide is local HTML shipped in `app/resources/help/` and shown in a QTextBrowser (no web
engine, nothing fetched): its links are anchors inside it. The shortcuts list is made when it
is opened from the window's own QActions, so it can never drift from what the keys do. About's
credits come from app.services.credits, which reads them from the shipped resources.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

import app
from app.domain.errors import SteadyError
from app.services.resources import resource_path
from app.ui.style import heading, style_error_label

if TYPE_CHECKING:
    from collections.abc import Iterator


def guide_path() -> Path:
    return resource_path("help", "guide.html")


class HelpWindow(QDialog):
    """The Steady guide: not modal, so it can stay open beside the page it explains."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Steady guide")
        self.setAccessibleName("Steady guide")
        self.browser = QTextBrowser(self)
        self.browser.setAccessibleName("Guide text")
        self.browser.setOpenExternalLinks(False)  # nothing leaves the computer, not even a link
        self.browser.setOpenLinks(True)
        self.browser.setSearchPaths([str(guide_path().parent)])
        self.browser.setSource(QUrl.fromLocalFile(str(guide_path())))
        self.back_button = QPushButton("&Back")
        self.back_button.setAccessibleName("Back to the last place in the guide")
        self.back_button.setAutoDefault(False)
        self.back_button.setEnabled(False)
        self.back_button.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.home_button = QPushButton("&Contents")
        self.home_button.setAccessibleName("Back to the start of the guide")
        self.home_button.setAutoDefault(False)
        self.home_button.clicked.connect(self.browser.home)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addWidget(self.home_button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(row)
        self.resize(720, 640)


# --- keyboard shortcuts ---------------------------------------------------------------------------


def _menu_paths(window: QMainWindow) -> dict[QAction, str]:
    """Each action in the menu bar → "File ▸ Import ▸ …" (the menu it is found under)."""
    paths: dict[QAction, str] = {}

    def walk(menu: QMenu, trail: str) -> None:
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub, f"{trail} ▸ {_plain(sub.title())}")
            elif not action.isSeparator():
                paths.setdefault(action, trail)

    for top in window.menuBar().actions():
        sub = top.menu()
        if isinstance(sub, QMenu):
            walk(sub, _plain(sub.title()))
    return paths


def _plain(text: str) -> str:
    """A menu text without its mnemonic ampersand and trailing dots."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".…").strip()


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(what it does, where it is, keys) of every QAction of the window that has a shortcut:
    the window's own and those of any widget inside it, read now. In menu order, then the rest."""
    paths = _menu_paths(window)
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()

    def actions() -> Iterator[QAction]:
        yield from paths
        yield from window.actions()
        yield from window.findChildren(QAction)

    for action in actions():
        if id(action) in seen:
            continue
        seen.add(id(action))
        keys = [k for k in action.shortcuts() if not k.isEmpty()]
        if not keys or not action.text():
            continue
        shown = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        rows.append((_plain(action.text()), paths.get(action, ""), shown))
    return rows


class ShortcutsDialog(QDialog):
    """Help ▸ Keyboard shortcuts: a table made from the window's actions when it opens."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Keyboard shortcuts", self, factor=1.3))
        intro = QLabel("Every action in Steady can be reached with the keyboard: Tab moves between controls, "
                       "Alt with an underlined letter opens a menu or presses a button, and these keys work "
                       "from anywhere in the window.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Action", "Menu", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 560)

    def listed(self) -> list[tuple[str, str, str]]:
        return [tuple(self.table.item(r, c).text() for c in range(3))  # type: ignore[misc]
                for r in range(self.table.rowCount())]


# --- About ------------------------------------------------------------------------------------------


def about_html() -> str:
    """Version, licence and credits (the data folder is shown beside it, with its button)."""
    from app.services.credits import LICENCE, credits

    c = credits()
    skills = "; ".join(escape(s) for s in c.skill_sources)
    tests = "".join(f"<li><b>{escape(i.name)}</b>: {escape(i.citation)} <i>{escape(i.licence)}</i></li>"
                    for i in c.instruments)
    software = "".join(f"<li>{escape(name)}: {escape(use)} ({escape(licence)})</li>"
                       for name, use, licence in c.software)
    return (f"<h2>Steady {escape(app.__version__)}</h2>"
            "<p>A private, offline planner for your recovery. Your entries stay on this computer.</p>"
            f"<p>Steady is free software under the {LICENCE} licence.</p>"
            f"<h3>My plan</h3><p>{escape(c.plan)}</p>"
            "<p>Safety planning: Stanley B, Brown GK. Safety Planning Intervention: a brief intervention to "
            "mitigate suicide risk. Cogn Behav Pract. 2012;19(2):256-264. Relapse prevention: Marlatt GA, "
            "Gordon JR, eds. Relapse Prevention: Maintenance Strategies in the Treatment of Addictive "
            "Behaviors. New York: Guilford Press; 1985.</p>"
            f"<h3>The coping-skill library</h3><p>Each skill names the approach it comes from: {skills}. "
            "The descriptions are Steady's own words.</p>"
            f"<h3>Self-checks</h3><ul>{tests}</ul>"
            f"<h3>Built with</h3><ul>{software}</ul>")


class AboutDialog(QDialog):
    """Help ▸ About Steady: version, the data folder with a button to open it, licence, credits."""

    def __init__(self, data_folder: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.data_folder = data_folder
        self.setWindowTitle("About Steady")
        self.setAccessibleName("About Steady")
        layout = QVBoxLayout(self)
        self.text = QTextBrowser(self)
        self.text.setAccessibleName("About Steady")
        self.text.setOpenExternalLinks(False)
        try:
            self.text.setHtml(about_html())
        except SteadyError as exc:  # a damaged install (a resource missing) still shows the version and folder
            self.text.setHtml(f"<h2>Steady {escape(app.__version__)}</h2><p>{escape(exc.message)}</p>")
        layout.addWidget(self.text, 1)
        folder_row = QHBoxLayout()
        self.folder_label = QLabel(f"Your data folder: {data_folder}" if data_folder else "No data folder is open.")
        self.folder_label.setWordWrap(True)
        self.folder_label.setAccessibleName("Your data folder")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton("&Open data folder")
        self.open_button.setAccessibleName("Open the data folder in your file manager")
        self.open_button.setAutoDefault(False)
        self.open_button.setEnabled(data_folder is not None)
        self.open_button.clicked.connect(self.open_folder)
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.open_button)
        layout.addLayout(folder_row)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem opening the folder")
        style_error_label(self.problem)
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 600)

    def open_folder(self) -> None:
        from app.ui.dialogs.backup_dialogs import FolderOpener

        if self.data_folder is None:
            return
        if not FolderOpener.open(self.data_folder):
            self.problem.setText(f"Your file manager could not be opened; the folder is {self.data_folder}.")
            self.problem.show()
