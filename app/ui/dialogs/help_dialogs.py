"""Help: the guide (F1), the keyboard shortcuts and About Steady.

The guide is local HTML shipped in `app/resources/help/` and shown in a QTextBrowser (no web
engine, nothing fetched): its links are anchors inside it. It is translated whole, as
`guide.<lang>.html` beside `guide.html` (i18n.localized_resource picks it; English until it exists). The shortcuts list is made when it
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
from app.domain import i18n
from app.domain.errors import SteadyError
from app.domain.i18n import _
from app.services.resources import resource_path
from app.ui.style import cell_item, heading, style_error_label

if TYPE_CHECKING:
    from collections.abc import Iterator


def guide_path() -> Path:
    """The English guide (the source the translations are made from)."""
    return resource_path("help", "guide.html")


def shown_guide_path() -> Path:
    """The guide in the reader's language (guide.es.html in Spanish), the English one until it exists."""
    return i18n.localized_resource(guide_path())


class HelpWindow(QDialog):
    """The Steady guide: not modal, so it can stay open beside the page it explains."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Steady guide"))
        self.setAccessibleName(_("Steady guide"))
        guide = shown_guide_path()
        self.browser = QTextBrowser(self)
        self.browser.setAccessibleName(_("Guide text"))
        self.browser.setOpenExternalLinks(False)  # nothing leaves the computer, not even a link
        self.browser.setOpenLinks(True)
        self.browser.setSearchPaths([str(guide.parent)])
        self.browser.setSource(QUrl.fromLocalFile(str(guide)))
        self.back_button = QPushButton(_("&Back"))
        self.back_button.setAccessibleName(_("Back to the last place in the guide"))
        self.back_button.setAutoDefault(False)
        self.back_button.setEnabled(False)
        self.back_button.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.home_button = QPushButton(_("&Contents"))
        self.home_button.setAccessibleName(_("Back to the start of the guide"))
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
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.setAccessibleName(_("Keyboard shortcuts"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Keyboard shortcuts"), self, factor=1.3))
        intro = QLabel(_("Every action in Steady can be reached with the keyboard: Tab moves between controls, "
                         "Alt with an underlined letter opens a menu or presses a button, and these keys work "
                         "from anywhere in the window."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setAccessibleName(_("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([_("Action"), _("Menu"), _("Keys")])
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
        return [(cell_item(self.table, r, 0).text(), cell_item(self.table, r, 1).text(),
                 cell_item(self.table, r, 2).text()) for r in range(self.table.rowCount())]


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
    # The citations stay as published (in English); the sentences around them are translated.
    safety = ("Stanley B, Brown GK. Safety Planning Intervention: a brief intervention to mitigate suicide risk. "
              "Cogn Behav Pract. 2012;19(2):256-264.")
    relapse = ("Marlatt GA, Gordon JR, eds. Relapse Prevention: Maintenance Strategies in the Treatment of "
               "Addictive Behaviors. New York: Guilford Press; 1985.")
    words = {key: escape(text) for key, text in (
        ("what", _("A private, offline planner for your recovery. Your entries stay on this computer.")),
        ("licence", _("Steady is free software under the {licence} licence.").format(licence=LICENCE)),
        ("plan", _("My plan")), ("safety", _("Safety planning:")), ("relapse", _("Relapse prevention:")),
        ("library", _("The coping-skill library")),
        ("sources", _("Each skill names the approach it comes from: {sources}.")),
        ("own", _("The descriptions are Steady's own words.")),
        ("checks", _("Self-checks")), ("built", _("Built with")))}
    return (f"<h2>Steady {escape(app.__version__)}</h2>"
            f"<p>{words['what']}</p><p>{words['licence']}</p>"
            f"<h3>{words['plan']}</h3><p>{escape(c.plan)}</p>"
            f"<p>{words['safety']} {safety} {words['relapse']} {relapse}</p>"
            f"<h3>{words['library']}</h3><p>{words['sources'].format(sources=skills)} {words['own']}</p>"
            f"<h3>{words['checks']}</h3><ul>{tests}</ul>"
            f"<h3>{words['built']}</h3><ul>{software}</ul>")


class AboutDialog(QDialog):
    """Help ▸ About Steady: version, the data folder with a button to open it, licence, credits."""

    def __init__(self, data_folder: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.data_folder = data_folder
        self.setWindowTitle(_("About Steady"))
        self.setAccessibleName(_("About Steady"))
        layout = QVBoxLayout(self)
        self.text = QTextBrowser(self)
        self.text.setAccessibleName(_("About Steady"))
        self.text.setOpenExternalLinks(False)
        try:
            self.text.setHtml(about_html())
        except SteadyError as exc:  # a damaged install (a resource missing) still shows the version and folder
            self.text.setHtml(f"<h2>Steady {escape(app.__version__)}</h2><p>{escape(exc.message)}</p>")
        layout.addWidget(self.text, 1)
        folder_row = QHBoxLayout()
        self.folder_label = QLabel(_("Your data folder: {folder}").format(folder=data_folder) if data_folder
                                   else _("No data folder is open."))
        self.folder_label.setWordWrap(True)
        self.folder_label.setAccessibleName(_("Your data folder"))
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(_("&Open data folder"))
        self.open_button.setAccessibleName(_("Open the data folder in your file manager"))
        self.open_button.setAutoDefault(False)
        self.open_button.setEnabled(data_folder is not None)
        self.open_button.clicked.connect(self.open_folder)
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.open_button)
        layout.addLayout(folder_row)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(_("Problem opening the folder"))
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
            self.problem.setText(_("Your file manager could not be opened; the folder is {folder}.").format(
                folder=self.data_folder))
            self.problem.show()
