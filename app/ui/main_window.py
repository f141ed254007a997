"""The main window: a sidebar of pages, menus, and a quiet status bar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QLocale, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)


from app.domain import formatting as fmt
from app.domain.errors import SteadyError
from app.domain.i18n import N_, _
from app.ui.background import Job, Runner, failure_sentence
from app.ui.page_icons import icon_size_for, page_icon
from app.ui.style import install_style, style_subtle_label
from app.ui.undo import UndoHistory

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.services.bundle import Services
    from app.ui.pages.records_page import RecordsView
    from app.ui.dialogs.help_dialogs import HelpWindow
    from app.ui.tray import TrayController
    from app.ui.widgets.help_now import GentleReplyBar, HelpNowDialog

# The pages' English titles name them in the code and the tests; the sidebar shows `_(title)`.
PAGE_TITLES = (N_("Today"), N_("Schedule"), N_("Coping skills"), N_("Meetings"), N_("Self-care"), N_("Check-ins"),
               N_("Goals"), N_("Progress"), N_("My plan"), N_("Insights"), N_("Treatment"))
PLAN_PAGE = N_("My plan")
# The sidebar: rows with room around the icon and text, the current page a rounded band.
SIDEBAR_STYLE = ("#sidebar { background: transparent; }"
                 "#sidebar::item { padding: 0 6px; border-radius: 5px; }"
                 "#sidebar::item:selected { background: palette(highlight); color: palette(highlighted-text); }"
                 "#sidebar::item:hover:!selected { background: palette(alternate-base); }")
HELP_NOW_SHORTCUT = "Ctrl+Shift+H"
LOCK_SHORTCUT = "Ctrl+L"
SETTINGS_GEOMETRY = "main_window/geometry"
SETTINGS_PAGE = "main_window/page"
# Steady may stay open (in the tray) for days: the daily backup is looked for every hour.
AUTO_BACKUP_CHECK_MS = 60 * 60 * 1000


class _Service:
    """`window.records`, `window.today`, …: that service of the attached bundle, or None while
    no data file is open (before attach() and after release_data())."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, window: MainWindow | None, owner: type | None = None) -> Any:
        if window is None:
            return self
        services = window.services
        return None if services is None else getattr(services, self.name)


class MainWindow(QMainWindow):
    """The window paints first as a light shell; `attach()` then gives it the data.

    Pages are built the first time they are shown, so opening Steady costs one page, not
    seven, and no page module (nor the database layer) is imported before the first paint.
    """

    # The attached bundle's services; each is None while no data file is open.
    records = _Service()
    today = _Service()
    schedule = _Service()
    calendar = _Service()
    recovery = _Service()
    reminders = _Service()
    meetings = _Service()
    goals = _Service()
    progress = _Service()
    backups = _Service()
    transfer = _Service()
    reports = _Service()
    crisis = _Service()
    assessments = _Service()
    treatment = _Service()
    insights = _Service()

    def __init__(self, services: Services | None = None, data_path: Path | None = None,
                 parent: QWidget | None = None, *, reopen: Callable[[bool], object] | None = None):
        """With `services`, attach at once (see attach())."""
        super().__init__(parent)
        self.services: Services | None = None
        self.reopen: Callable[[bool], object] | None = None
        # app.main's DataSession: opens, closes and (encrypted) unlocks the data file.
        self.data_session: Any = None
        self.help_dialog: HelpNowDialog | None = None
        self.guide: HelpWindow | None = None
        self._reply_day: dt.date | None = None  # the day of the entry the calm note answers
        self.tray: TrayController | None = None
        self.close_interceptors: list[Any] = []  # asked before the window closes (app.ui.tray)
        self.data_path = Path(data_path) if data_path is not None else None
        self.setWindowTitle("Steady")
        self.setAccessibleName("Steady")
        self._pages: list[QWidget | None] = [None] * len(PAGE_TITLES)

        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName(_("Pages"))
        self.sidebar.setToolTip(_("Choose a page (Ctrl+1 to Ctrl+{last})").format(
            last=f"{min(9, len(PAGE_TITLES))}, Ctrl+0" if len(PAGE_TITLES) >= 10 else min(9, len(PAGE_TITLES))))
        self.sidebar.setUniformItemSizes(True)
        self.sidebar.setSpacing(2)
        icon_side = icon_size_for(self.sidebar.fontMetrics().height())
        self.sidebar.setIconSize(QSize(icon_side, icon_side))
        self.sidebar.setFrameShape(QFrame.Shape.NoFrame)
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setStyleSheet(SIDEBAR_STYLE)
        self.stack = QStackedWidget()
        for title in PAGE_TITLES:
            item = QListWidgetItem(_(title), self.sidebar)
            item.setSizeHint(QSize(0, max(self.sidebar.fontMetrics().height(), icon_side) + 14))
            self.stack.addWidget(_placeholder())
        self._paint_page_icons()
        width = max(self.sidebar.fontMetrics().horizontalAdvance(_(t)) for t in PAGE_TITLES) + 64 + icon_side
        self.sidebar.setFixedWidth(width)

        # Get help now sits under the pages, in sight on every page (and Ctrl+Shift+H).
        self.help_button = QPushButton(_("Get help now"))
        self.help_button.setAccessibleName(_("Get help now"))
        self.help_button.setToolTip(_("Your people and crisis lines ({shortcut})").format(shortcut=HELP_NOW_SHORTCUT))
        self.help_button.setAutoDefault(False)
        self.help_button.clicked.connect(self.show_help_now)
        width = max(width, self.help_button.sizeHint().width() + 12)
        self.sidebar.setFixedWidth(width)
        side = QWidget()
        side.setFixedWidth(width + 12)
        side_column = QVBoxLayout(side)
        side.setObjectName("sideColumn")
        side.setAutoFillBackground(True)
        side.setBackgroundRole(QPalette.ColorRole.Base)
        side_column.setContentsMargins(6, 6, 6, 8)
        side_column.setSpacing(8)
        side_column.addWidget(self.sidebar, 1)
        side_column.addWidget(self.help_button)
        # Above the pages, the calm note after a risky entry (reply_bar, built when first needed).
        self._reply_bar: GentleReplyBar | None = None
        right = self._right_column = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        right.addWidget(self.stack, 1)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(side)
        row.addLayout(right, 1)
        # The pages, or (locked, or an encrypted file not yet opened) the unlock screen instead.
        self.screens = QStackedWidget()
        self.screens.addWidget(central)
        self.setCentralWidget(self.screens)
        from app.ui.lock import LockController

        self.locker = LockController(self)
        self.locker.locked_changed.connect(self._on_locked_changed)

        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(AUTO_BACKUP_CHECK_MS)
        self._backup_timer.timeout.connect(self.auto_backup)
        self._auto_backups = False  # set by the first auto_backup() (app.main, after opening)
        self._page_later = False  # attach() leaves building the page to a restore's next turn
        # Slow work (imports, exports, reports, backups, restore) runs here, off this thread.
        self.runner = Runner(self)
        self.runner.busy_changed.connect(self._on_runner_busy)
        self.undo = UndoHistory(self)
        self.undo.message.connect(self.show_status)
        self._build_menus()
        self._enable_data_actions()
        self.data_label = QLabel(_("Data: {path}").format(path=self.data_path) if self.data_path else "")
        self.data_label.setAccessibleName(_("Data file location"))
        self.data_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        style_subtle_label(self.data_label)
        self.statusBar().addPermanentWidget(self.data_label)

        self.sidebar.currentRowChanged.connect(self.show_page)
        self.setTabOrder(self.sidebar, self.stack)
        self._restore_settings()
        if services is not None:
            self.attach(services, data_path, reopen=reopen)

    @property
    def reply_bar(self) -> GentleReplyBar:
        """The note above the pages after a check-in or coping entry with a strong craving or
        with use (hidden until then). Built the first time it is needed: the first paint does
        not wait for the help module."""
        if self._reply_bar is None:
            from app.ui.widgets.help_now import GentleReplyBar

            bar = self._reply_bar = GentleReplyBar()
            bar.quick_log_requested.connect(self.focus_quick_log)
            bar.lapse_requested.connect(self.record_lapse)
            bar.people_requested.connect(self.show_support_network)
            bar.help_requested.connect(self.show_help_now)
            self._right_column.insertWidget(0, bar)
        return self._reply_bar

    def attach(self, services: Services, data_path: Path | None = None, *,
               reopen: Callable[[bool], object] | None = None) -> None:
        """Give the window its data (app.services.bundle): builds the page on show, the rest
        when first visited. `data_path` defaults to the store's file. `reopen(before)` closes
        (True) and reopens (False) the data file around a restore."""
        self.services = services
        self.reopen = reopen
        self.locker.set_idle_minutes(services.app_lock.idle_minutes)
        self.data_path = Path(data_path if data_path is not None else services.store.path)
        self.data_label.setText(_("Data: {path}").format(path=self.data_path))
        services.records.subscribe_saved(self._on_saved)
        self._enable_data_actions()
        if self._auto_backups:
            self._backup_timer.start()  # reattached after a restore: keep looking every hour
        if self.tray is None:
            from app.ui.tray import TrayController

            self.tray = TrayController(self, services.reminders)
        elif self.tray.reminders is not services.reminders:
            self.tray.adopt(services.reminders)  # kept while an encrypted file was closed
        if not self._page_later:  # a restore builds the page on the next turn
            self.show_page(max(0, self.stack.currentIndex()))

    def _enable_data_actions(self) -> None:
        if self.locker.locked:
            return  # put back on unlocking
        busy = self.runner.busy
        for action in (self.preferences_action, self.import_meetings_action, self.import_calendar_action,
                       self.export_calendar_action, self.import_steady_action, self.export_json_action,
                       self.export_csv_action, self.export_xlsx_action, self.reports_action, self.back_up_action,
                       self.backups_action, self.help_now_action, self.self_check_action, self.setup_action):
            # One file job at a time: those wait while the background runner is busy.
            waits = busy and action not in (self.preferences_action, self.help_now_action, self.self_check_action,
                                            self.setup_action)
            action.setEnabled(self.services is not None and not waits)
        self.help_button.setEnabled(self.services is not None)

    def _on_runner_busy(self, _busy: bool) -> None:
        self._enable_data_actions()

    def release_data(self, *, keep_tray: bool = False) -> None:
        """Let go of everything that uses the open data file (before it is replaced by a
        restore, or closed while an encrypted Steady is locked): pages go back to
        placeholders, the undo history (which refers to the old records) is cleared, and the
        data actions are disabled until `attach()`. `keep_tray`: the tray icon stays (locked)."""
        self.detach(keep_tray=keep_tray)
        current = max(0, self.stack.currentIndex())
        for index, page in enumerate(self._pages):
            if page is None:
                continue
            self.stack.insertWidget(index, _placeholder())
            self.stack.removeWidget(page)
            page.deleteLater()
            self._pages[index] = None
        self.stack.setCurrentIndex(current)
        self.undo.clear()
        self.services = None
        self._enable_data_actions()
        for action in (self.new_action, self.edit_action, self.delete_action):
            action.setEnabled(False)

    def _build_page(self, index: int) -> QWidget:
        # Each page's module is imported when that page is first built: the Today page, built
        # right after the first paint, does not wait for the table pages' (record_table, …).
        records = self.records
        title = PAGE_TITLES[index]
        if title == "Today":
            from app.ui.pages.today_page import TodayPage

            page = TodayPage(records, self.today, schedule=self.schedule, goals=self.goals, recovery=self.recovery,
                             treatment=self.treatment)
            page.page_requested.connect(self.show_page_titled)
            page.goal_requested.connect(self.show_goal)
            page.quick_log_requested.connect(self.focus_quick_log)
            if self.progress is not None:
                from app.ui.charts import DashboardSlot  # Qt only: matplotlib loads after the data paints

                page.set_dashboard_chart(DashboardSlot(self.progress))
            return page
        if title == "Progress":
            if self.progress is None:
                return _Unavailable(_("Progress charts need the data file to be open."))
            from app.ui.pages.progress_page import ProgressPage

            return ProgressPage(self.progress, records)
        if title == "Goals" and self.goals is not None:
            from app.ui.pages.goals_page import GoalsPage

            return GoalsPage(records, self.goals)
        if title == "Check-ins":
            from app.ui.pages.checkins_page import CheckInsPage

            checkins = CheckInsPage(records, recovery=self.recovery)
            checkins.self_check_requested.connect(self.show_self_check)
            return checkins
        if title in ("Meetings", "Self-care") and self.recovery is not None:
            from app.ui.pages.progress_panels import MeetingsPage, SelfCarePage

            if title == "Meetings":
                return MeetingsPage(records, self.recovery, schedule=self.schedule)
            return SelfCarePage(records, self.recovery)
        if title == "My plan":
            from app.ui.pages.plan_page import MyPlanPage

            plan = MyPlanPage(records, crisis=self.crisis)
            plan.print_requested.connect(self.show_report_kind)
            return plan
        if title == "Treatment" and self.treatment is not None:
            from app.ui.pages.treatment_page import TreatmentPage

            return TreatmentPage(records, self.treatment)
        if title == "Insights":
            from app.ui.pages.insights_page import InsightsPage

            return InsightsPage(self.insights, records)
        if title == "Coping skills":
            from app.ui.pages.coping_page import CopingPage

            return CopingPage(records)
        if title == "Schedule" and self.schedule is not None:
            from app.ui.pages.schedule_page import SchedulePage

            return SchedulePage(records, self.schedule)
        from app.ui.pages.records_page import RecordsPage

        tabs = {
            "Schedule": [(_("Schedule"), "schedule")],
            "Coping skills": [(_("Coping log"), "coping"), (_("Skill library"), "skill")],
            "Meetings": [(_("Attendance"), "attendance"), (_("Meetings directory"), "group")],
            "Self-care": [(_("Self-care"), "selfcare")],
            "Goals": [(_("Goals"), "goal"), (_("Milestones"), "milestone"), (_("Support network"), "contact")],
        }[title]
        return RecordsPage(records, _(title), tabs)

    def _ensure_page(self, index: int) -> QWidget | None:
        page = self._pages[index]
        if page is None and self.records is not None:
            page = self._pages[index] = self._build_page(index)
            setter = getattr(page, "set_undo", None)
            if callable(setter):
                setter(self.undo)
            page.status_message.connect(self.show_status)
            tabs = getattr(page, "tabs", None)
            if isinstance(tabs, QTabWidget):  # a tab of records, or not (Aftercare plan, Week)
                tabs.currentChanged.connect(self._sync_record_actions)
            placeholder = self.stack.widget(index)  # there is one for every page not built yet
            current = self.stack.currentIndex()
            self.stack.insertWidget(index, page)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self.stack.setCurrentIndex(current)
        return page

    @property
    def today_page(self) -> QWidget | None:
        return self.page("Today")

    @property
    def pages(self) -> list[QWidget | None]:
        """Every page, building any not shown yet (None with no data file open)."""
        return [self._ensure_page(i) for i in range(len(PAGE_TITLES))]

    # --- menus ------------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(_("&File"))
        import_menu = file_menu.addMenu(_("&Import"))
        self.import_meetings_action = QAction(_("&Meetings list (Meeting Guide)…"), self)
        self.import_meetings_action.setToolTip(_("Add support meetings from a Meeting Guide list (.json)"))
        self.import_meetings_action.triggered.connect(self.import_meetings)
        self.import_calendar_action = QAction(_("&Calendar file (.ics)…"), self)
        self.import_calendar_action.setToolTip(_("Add events from another calendar's .ics file, after a preview"))
        self.import_calendar_action.triggered.connect(self.import_calendar)
        self.import_steady_action = QAction(_("&Steady export (.json)…"), self)
        self.import_steady_action.setToolTip(_("Bring in data exported from Steady, merged without duplicates"))
        self.import_steady_action.triggered.connect(self.import_steady_export)
        for action in (self.import_meetings_action, self.import_calendar_action, self.import_steady_action):
            import_menu.addAction(action)
        export_menu = file_menu.addMenu(_("&Export"))
        self.export_json_action = QAction(_("All data as &JSON…"), self)
        self.export_json_action.setToolTip(_("Everything in one file that Steady can import again"))
        self.export_json_action.triggered.connect(self.export_json)
        self.export_csv_action = QAction(_("All data as CSV (&spreadsheets)…"), self)
        self.export_csv_action.setToolTip(_("One CSV file per kind of record, for a spreadsheet"))
        self.export_csv_action.triggered.connect(self.export_csv)
        self.export_xlsx_action = QAction(_("All data as a spreadsheet (.&xlsx)…"), self)
        self.export_xlsx_action.setToolTip(_("One spreadsheet workbook with a sheet per kind of record"))
        self.export_xlsx_action.triggered.connect(self.export_xlsx)
        self.export_calendar_action = QAction(_("Schedule as a &calendar (.ics)…"), self)
        self.export_calendar_action.setToolTip(_("Save your schedule as an .ics file for other calendar apps"))
        self.export_calendar_action.triggered.connect(self.export_calendar)
        for action in (self.export_json_action, self.export_csv_action, self.export_xlsx_action,
                       self.export_calendar_action):
            export_menu.addAction(action)
        file_menu.addSeparator()
        self.reports_action = QAction(_("&Reports…"), self)
        self.reports_action.setShortcut(QKeySequence.StandardKey.Print)
        if self.reports_action.shortcut().isEmpty():
            self.reports_action.setShortcut(QKeySequence("Ctrl+P"))
        self.reports_action.setToolTip(_("A PDF summary for your counselor, or an attendance record"))
        self.reports_action.triggered.connect(self.show_reports)
        file_menu.addAction(self.reports_action)
        file_menu.addSeparator()
        self.back_up_action = QAction(_("&Back up now"), self)
        self.back_up_action.setToolTip(_("Save a checked copy of your data in the backups folder"))
        self.back_up_action.triggered.connect(self.back_up_now)
        self.backups_action = QAction(_("Backups and &restore…"), self)
        self.backups_action.setToolTip(_("See your backups and bring one back"))
        self.backups_action.triggered.connect(self.show_backups)
        file_menu.addAction(self.back_up_action)
        file_menu.addAction(self.backups_action)
        file_menu.addSeparator()
        self.lock_action = QAction(_("&Lock Steady"), self)
        self.lock_action.setShortcut(QKeySequence(LOCK_SHORTCUT))
        self.lock_action.setToolTip(_("Hide everything behind the unlock screen ({shortcut})").format(
            shortcut=LOCK_SHORTCUT))
        self.lock_action.triggered.connect(self.lock_app)
        file_menu.addAction(self.lock_action)
        self.addAction(self.lock_action)
        self.quit_action = QAction(_("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.quit_app)
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu(_("&Edit"))
        self.undo_action, self.redo_action = self.undo.make_actions(self)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.new_action = QAction(_("&New entry…"), self)
        self.new_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_action.triggered.connect(self.new_entry)
        self.edit_action = QAction(_("&Edit selected…"), self)
        self.edit_action.setShortcut(QKeySequence("Ctrl+E"))
        self.edit_action.setToolTip(_("Edit the selected entry (Enter in the table, or Ctrl+E)"))
        self.edit_action.triggered.connect(self.edit_selected)
        self.delete_action = QAction(_("&Delete selected"), self)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.triggered.connect(self.delete_selected)
        for action in (self.new_action, self.edit_action, self.delete_action):
            edit_menu.addAction(action)
        self.self_check_action = QAction(_("Self-chec&k…"), self)
        self.self_check_action.setToolTip(_("A validated self-check (PHQ-9, GAD-7, WHO-5, AUDIT-C) to show your "
                                          "counselor what is changing"))
        self.self_check_action.triggered.connect(self.show_self_check)
        edit_menu.addAction(self.self_check_action)
        self.find_action = QAction(_("&Find…"), self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.setToolTip(_("Search the entries on this page (Ctrl+F)"))
        self.find_action.triggered.connect(self.focus_search)
        edit_menu.addAction(self.find_action)
        edit_menu.addSeparator()
        self.preferences_action = QAction(_("&Preferences…"), self)
        self.preferences_action.setShortcut(QKeySequence.StandardKey.Preferences)
        if self.preferences_action.shortcut().isEmpty():
            self.preferences_action.setShortcut(QKeySequence("Ctrl+,"))
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.preferences_action.triggered.connect(self.show_preferences)
        edit_menu.addAction(self.preferences_action)

        view_menu = bar.addMenu(_("&View"))
        self.page_actions: list[QAction] = []
        group = QActionGroup(self)
        group.setExclusive(True)
        for i, title in enumerate(PAGE_TITLES):
            action = QAction(_(title), self)
            action.setCheckable(True)
            if i < 10:  # Ctrl+1 … Ctrl+9, the tenth page Ctrl+0; later pages by the menu and sidebar
                action.setShortcut(QKeySequence(f"Ctrl+{(i + 1) % 10}"))
            action.setData(i)
            group.addAction(action)
            view_menu.addAction(action)
            self.page_actions.append(action)
        group.triggered.connect(self._on_page_action)

        help_menu = bar.addMenu(_("&Help"))
        self.help_now_action = QAction(_("&Get help now"), self)
        self.help_now_action.setShortcut(QKeySequence(HELP_NOW_SHORTCUT))
        self.help_now_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.help_now_action.setToolTip(_("Your people to call, crisis lines and your safety plan"))
        self.help_now_action.triggered.connect(self.show_help_now)
        help_menu.addAction(self.help_now_action)
        self.addAction(self.help_now_action)  # the shortcut works wherever focus is in the window
        help_menu.addSeparator()
        self.guide_action = QAction(_("Steady &guide"), self)
        self.guide_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        if self.guide_action.shortcut().isEmpty():
            self.guide_action.setShortcut(QKeySequence("F1"))
        self.guide_action.setToolTip(_("What each page is for, logging a hard moment, privacy and backups"))
        self.guide_action.triggered.connect(self.show_guide)
        help_menu.addAction(self.guide_action)
        self.addAction(self.guide_action)
        self.shortcuts_action = QAction(_("&Keyboard shortcuts"), self)
        self.shortcuts_action.setToolTip(_("Every key that does something in Steady"))
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        help_menu.addAction(self.shortcuts_action)
        self.setup_action = QAction(_("&Set up Steady…"), self)
        self.setup_action.setToolTip(_("The first-start questions again: your program's week, your day count, "
                                     "your people and a few goals"))
        self.setup_action.triggered.connect(self.show_setup)
        help_menu.addAction(self.setup_action)
        help_menu.addSeparator()
        self.about_action = QAction(_("&About Steady"), self)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    # --- the lock ---------------------------------------------------------------------------

    def lock_app(self) -> None:
        """File ▸ Lock Steady (Ctrl+L) and the tray's Lock now (the time-out and the desktop
        call `locker.lock()` directly: nobody is there to be asked)."""
        self.locker.lock(ask=True)

    @property
    def locked(self) -> bool:
        return self.locker.locked

    def show_lock_screen(self, screen: QWidget) -> None:
        if self.screens.indexOf(screen) < 0:
            self.screens.addWidget(screen)
        self.screens.setCurrentWidget(screen)

    def hide_lock_screen(self) -> None:
        self.screens.setCurrentIndex(0)

    def _on_locked_changed(self, locked: bool) -> None:
        if not locked:
            self._enable_data_actions()
            self.show_page(max(0, self.stack.currentIndex()))

    def _on_page_action(self, action: QAction) -> None:
        self.show_page(int(action.data()))

    # --- pages ---------------------------------------------------------------------------------------

    def show_page(self, index: int) -> None:
        if not 0 <= index < len(PAGE_TITLES):
            return
        if self.sidebar.currentRow() != index:
            self.sidebar.setCurrentRow(index)  # re-enters through currentRowChanged
            return
        self._ensure_page(index)
        self.stack.setCurrentIndex(index)
        self.page_actions[index].setChecked(True)
        self._sync_record_actions()

    def _sync_record_actions(self) -> None:
        """New, Edit and Delete work on the records shown: off on a page or tab without any."""
        if self.locker.locked:
            return  # the actions come back on unlocking
        has_records = self.current_view() is not None
        for action in (self.new_action, self.edit_action, self.delete_action):
            action.setEnabled(has_records)

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    def page(self, title: str) -> QWidget | None:
        return self._ensure_page(PAGE_TITLES.index(title))

    def current_view(self) -> RecordsView | None:
        view = getattr(self.current_page(), "current_view", None)
        return view() if callable(view) else None

    def new_entry(self) -> None:
        view = self.current_view()
        if view is not None:
            view.add_record()

    def edit_selected(self) -> None:
        view = self.current_view()
        if view is not None:
            view.edit_selected()

    def delete_selected(self) -> None:
        view = self.current_view()
        if view is not None:
            view.delete_selected()

    def quit_app(self) -> None:
        """File ▸ Quit: really quit, even when closing the window would only hide it to the tray."""
        if self.tray is not None:
            self.tray.quit()
        else:
            self.close()

    def import_meetings(self) -> None:
        if self.meetings is None:
            return
        from app.ui.dialogs.meeting_import_dialog import import_meetings  # lazy: keeps first paint light

        import_meetings(self, self.meetings, report=self.show_status, redirect_steady=self._import_steady_from)

    def _import_steady_from(self, path: str) -> None:
        if self.transfer is None:
            return
        from app.ui.dialogs.transfer_dialogs import import_steady_export

        import_steady_export(self, self.transfer, report=self.show_status, path=path)

    def import_calendar(self) -> None:
        if self.calendar is None:
            return
        from app.ui.dialogs.calendar_dialogs import import_calendar  # lazy: keeps first paint light

        import_calendar(self, self.calendar, report=self.show_status)

    def export_calendar(self) -> None:
        if self.calendar is None:
            return
        from app.ui.dialogs.calendar_dialogs import export_calendar

        export_calendar(self, self.calendar, report=self.show_status)

    def import_steady_export(self) -> None:
        if self.transfer is None:
            return
        from app.ui.dialogs.transfer_dialogs import import_steady_export

        import_steady_export(self, self.transfer, report=self.show_status,
                             redirect_meetings=self._import_meetings_from)

    def _import_meetings_from(self, path: str) -> None:
        if self.meetings is None:
            return
        from app.ui.dialogs.meeting_import_dialog import import_meetings

        import_meetings(self, self.meetings, report=self.show_status, path=path)

    def export_json(self) -> None:
        self.export_data("json")

    def export_csv(self) -> None:
        self.export_data("csv")

    def export_xlsx(self) -> None:
        self.export_data("xlsx")

    def export_data(self, fmt: str) -> None:
        if self.transfer is None:
            return
        from app.ui.dialogs.transfer_dialogs import export_data

        export_data(self, self.transfer, fmt, report=self.show_status)

    def show_reports(self) -> None:
        self.show_report_kind("")

    def show_report_kind(self, kind: str) -> None:
        """File ▸ Reports… with `kind` chosen ("" for the last one used)."""
        if self.reports is None:
            return
        from app.ui.dialogs.report_dialog import show_reports

        show_reports(self, self.reports, report=self.show_status, kind=kind or None)

    def back_up_now(self) -> None:
        if self.backups is None:
            return
        from app.ui.dialogs.backup_dialogs import back_up_now

        back_up_now(self, self.backups, report=self.show_status)

    def show_backups(self) -> None:
        if self.backups is None:
            return
        from app.ui.dialogs.backup_dialogs import BackupsDialog

        BackupsDialog(self.backups, self._restore, self, report=self.show_status).exec()

    def _restore(self, path, on_done: Callable[[object], None] | None = None,
                 on_failed: Callable[[str], None] | None = None) -> Job:
        """Restore the backup at `path` on the background runner: the pages let go of the data
        and the file is closed here, replaced on the worker, then opened again here and the
        pages rebuilt on the restored data. `on_done(RestoreResult)` or `on_failed(sentence)`
        (after a refusal or failure the window is back on the data as it was)."""
        if self.backups is None or self.reopen is None:
            raise RuntimeError("no data file is open")
        backups, reopen = self.backups, self.reopen
        page = self.stack.currentIndex()
        # An encrypted file's key: closing the store wipes the store's own copy, and the restore
        # needs one to back up the current file first and to open backups made with it.
        key = backups.store.key.copy() if getattr(backups.store, "key", None) is not None else None
        reopen(True)

        def reopened(then: Callable[[], None]) -> str | None:
            """Open the data again now and build the page on the next turn (the window turns in
            between), then `then()`."""
            if key is not None:
                key.wipe()
            self._page_later = True
            try:
                reopen(False)
            except Exception as exc:  # the data file could not be opened again afterwards
                message = exc.message if isinstance(exc, SteadyError) else failure_sentence(exc)
                self._show_unopened(message)
                return message
            finally:
                self._page_later = False

            def show() -> None:
                self.show_page(page)
                then()

            self.runner.later(show)
            return None

        def restored(result: object) -> None:
            problem = reopened(lambda: on_done(result) if on_done is not None else None)
            if problem is not None and on_failed is not None:
                on_failed(problem)

        def failed(sentence: str) -> None:
            if reopened(lambda: on_failed(sentence) if on_failed is not None else None) is not None \
                    and on_failed is not None:
                on_failed(sentence)

        return self.runner.run(lambda task: backups.restore_closed(path, key=key), label=_("Restoring the backup…"),
                               show_in=self, on_done=restored, on_failed=failed)

    def _show_unopened(self, message: str) -> None:
        """Say on every page, instead of "Opening your data…", that the data is not open."""
        text = _("Steady could not open your data again: {problem} Quit Steady and start it again.").format(
            problem=message)
        for index, page in enumerate(self._pages):
            placeholder = self.stack.widget(index)
            if page is None and isinstance(placeholder, QLabel):
                placeholder.setText(text)
                placeholder.setWordWrap(True)
        self.show_status(_("Your data is not open."))

    def auto_backup(self) -> None:
        """The once-a-day backup: app.main calls it after opening, then it looks again every
        hour while the window is open. A failure is said in the status bar, not in the way."""
        if self.backups is None:
            return
        self._auto_backups = True
        if not self._backup_timer.isActive():
            self._backup_timer.start()
        if self.runner.busy:
            return  # looked for again within the hour

        def made(info) -> None:
            if info is not None:
                self.show_status(_("Made today's automatic backup of your data."))

        self.runner.run_with(self.backups, lambda own, task: own.backups.auto_backup_if_due(),
                             label=_("Making today's backup…"), on_done=made,
                             on_failed=lambda sentence: self.show_status(
                                 _("Today's automatic backup could not be made: {problem}").format(problem=sentence)))

    def show_preferences(self) -> None:
        self._preferences()

    def _preferences(self, section: str = "") -> None:
        if self.reminders is None:
            return
        from app.ui.dialogs.preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self.reminders, self, crisis=self.crisis, recovery=self.recovery,
                                   app_lock=self.services.app_lock if self.services is not None else None,
                                   encrypted=self.locker.encrypted, can_encrypt=self.data_session is not None)
        if section == "crisis":
            dialog.focus_crisis()
        if not dialog.exec():
            return
        if self.services is not None:
            self.locker.set_idle_minutes(self.services.app_lock.idle_minutes)
        if self.tray is not None:
            self.tray.sync_menu()
            self.tray.check_now()
        if dialog.requested:
            from app.ui.dialogs import privacy_dialogs

            getattr(privacy_dialogs, dialog.requested)(self)

    # --- self-checks -------------------------------------------------------------------------

    def show_self_check(self) -> None:
        """The self-check form (modal: it holds Get help now in place when it is needed)."""
        if self.assessments is None or self.services is None:
            return
        from app.ui.dialogs.self_check_dialog import SelfCheckDialog

        dialog = SelfCheckDialog(self.assessments, self.crisis, self.services.clock.now().date(), self,
                                 undo=self.undo)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._on_self_check_saved)
        dialog.open()

    def _on_self_check_saved(self, record) -> None:
        self.show_status(_("Self-check saved."))

    # --- Get help now and the calm line after a risky entry ---------------------------------

    def show_help_now(self) -> None:
        """One Get help now window beside Steady; shown again and raised if already open."""
        if self.crisis is None:
            return
        if self.locker.locked:  # from the tray: the window, on its unlock screen
            self.showNormal()
            self.activateWindow()
            return
        if self.help_dialog is None:
            from app.ui.widgets.help_now import HelpNowDialog

            self.help_dialog = HelpNowDialog(self.crisis, self, can_open_plan=PLAN_PAGE in PAGE_TITLES)
            panel = self.help_dialog.panel
            panel.status_message.connect(self.show_status)
            panel.people_requested.connect(self.show_support_network)
            panel.settings_requested.connect(self.show_crisis_settings)
            panel.plan_requested.connect(self.show_plan)
        if self.isHidden():  # from the tray
            self.showNormal()
        self.help_dialog.show()
        self.help_dialog.raise_()
        self.help_dialog.activateWindow()

    def _on_saved(self, record, before) -> None:
        """A check-in or coping entry with a strong craving or with use gets one calm line,
        once: not again when the same entry is saved again unchanged in that respect."""
        from app.domain.crisis import reply_for

        reply = reply_for(record)
        if reply is not None and (before is None or reply_for(before) != reply):
            when = getattr(record, "day", None) or getattr(record, "occurred_at", None)
            self._reply_day = when.date() if isinstance(when, dt.datetime) else when
            self.reply_bar.show_reply(reply)

    def record_lapse(self) -> None:
        """Record a lapse…, from the note after an entry with use: the dialog opens on its day."""
        self.show_page_titled("Check-ins")
        panel = getattr(self.page("Check-ins"), "sobriety", None)
        if panel is not None:
            panel.record_lapse_on(self._reply_day)

    def show_support_network(self) -> None:
        self.show_page_titled("Goals")
        show_kind = getattr(self.page("Goals"), "show_kind", None)
        if callable(show_kind):
            show_kind("contact")  # by the kind it lists, whatever the tab says in this language

    def show_plan(self) -> None:
        if PLAN_PAGE in PAGE_TITLES:
            self.show_page_titled(PLAN_PAGE)
            self.activateWindow()

    def show_crisis_settings(self) -> None:
        self._preferences("crisis")

    def show_page_titled(self, title: str) -> None:
        self.show_page(PAGE_TITLES.index(title))

    def show_goal(self, goal_id: str) -> None:
        self.show_page_titled("Goals")
        select = getattr(self.page("Goals"), "select_goal", None)
        if callable(select):
            select(goal_id)

    def focus_quick_log(self) -> None:
        self.show_page_titled("Coping skills")
        focus = getattr(self.page("Coping skills"), "focus_quick_log", None)
        if callable(focus):
            focus()

    def focus_search(self) -> None:
        for target in (self.current_page(), self.current_view()):
            focus = getattr(target, "focus_search", None)
            if callable(focus):
                focus()
                return

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    def about_text(self) -> str:
        from app.ui.dialogs.help_dialogs import about_html

        return about_html()

    def show_about(self) -> None:
        from app.ui.dialogs.help_dialogs import AboutDialog

        dialog = AboutDialog(self.data_path.parent if self.data_path else None, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_guide(self) -> None:
        """F1: the guide, one window beside Steady (raised if already open)."""
        if self.guide is None:
            from app.ui.dialogs.help_dialogs import HelpWindow

            self.guide = HelpWindow(self)
        self.guide.show()
        self.guide.raise_()
        self.guide.activateWindow()

    def offer_setup(self) -> None:
        """After the data opens: the first-run setup, on the first start of an empty data folder."""
        from app.services.setup import needs_setup

        if self.services is None or self.services.store.closed:
            return  # the window was closed (or locked) before this queued call came round
        if not self.locker.locked and needs_setup(self.services.store):
            self.show_setup()

    def show_setup(self) -> QWidget | None:
        """Help ▸ Set up Steady…: the setup wizard (never over a demo-data folder)."""
        if self.services is None:
            return None
        from app.services.setup import is_demo_folder

        if is_demo_folder(self.services.store):
            from app.ui import messages

            messages.inform(self, _("This folder holds demo data"),
                            _("Setup adds your own program, people and goals, and Steady never mixes them with "
                              "demo data. Start Steady with a new data folder to set up your own."))
            return None
        from app.ui.dialogs.setup_wizard import SetupWizard

        wizard = SetupWizard(self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.open()
        return wizard

    def show_shortcuts(self) -> None:
        from app.ui.dialogs.help_dialogs import ShortcutsDialog

        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # --- remembering where things were ---------------------------------------------------------------

    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value(SETTINGS_GEOMETRY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 720)
        try:
            value = settings.value(SETTINGS_PAGE, 0)  # an int, or its text read back from the settings file
            page = int(value) if isinstance(value, (int, float, str)) else 0
        except (TypeError, ValueError):
            page = 0
        self.show_page(page if 0 <= page < len(PAGE_TITLES) else 0)

    def save_settings(self) -> None:
        settings = QSettings()
        settings.setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        settings.setValue(SETTINGS_PAGE, self.stack.currentIndex())
        settings.sync()

    def detach(self, *, keep_tray: bool = False) -> None:
        # Work in the background finishes first (a write is never cut off half-way); what can
        # be cancelled safely is cancelled. The event loop keeps turning meanwhile.
        self.runner.cancel_all()
        self.runner.wait()
        self._backup_timer.stop()
        if self.records is not None:
            self.records.unsubscribe_saved(self._on_saved)
        if self.help_dialog is not None:
            self.help_dialog.detach()
            self.help_dialog.close()
            self.help_dialog.deleteLater()
            self.help_dialog = None
        if self._reply_bar is not None:
            self._reply_bar.dismiss()
        if self.tray is not None and not keep_tray:
            self.tray.shutdown()
            self.tray = None
        for page in self._pages:
            if page is not None:
                page.detach()

    def _paint_page_icons(self) -> None:
        """The sidebar's icons in the palette's colours (again after a light/dark switch)."""
        for row, title in enumerate(PAGE_TITLES):
            self.sidebar.item(row).setIcon(page_icon(title, self.palette()))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt naming
        if event.type() == QEvent.Type.PaletteChange:  # the window's palette is the new one by now
            self._paint_page_icons()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt naming
        for interceptor in list(self.close_interceptors):  # the tray: closing hides to it
            if interceptor.intercept_close(event):
                return
        if self.runner.busy:
            names = ", ".join(job.label.rstrip("…").lower() for job in self.runner.jobs)
            self.show_status(_("Closing once Steady has finished {jobs}…").format(jobs=names))
        self.save_settings()
        self.detach()
        self.locker.shutdown()
        super().closeEvent(event)


def _placeholder() -> QLabel:
    label = QLabel(_("Opening your data…"))
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    style_subtle_label(label)
    return label


class _Unavailable(QLabel):
    """A page that cannot be shown in this window (built without the service it needs)."""

    status_message = Signal(str)

    def __init__(self, text: str):
        super().__init__(text)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def current_view(self):
        return None

    def detach(self) -> None:
        pass


def apply_app_identity(application: QApplication, *, indicators: bool = True) -> None:
    """Names, look, locale and language of the application. `indicators=False`: plain Fusion
    until app.ui.style.install_indicators() (app.main, right after the first frame)."""
    application.setApplicationName("Steady")
    application.setOrganizationName("Steady")
    install_style(application, indicators=indicators)
    use_locale_style(QLocale.system())
    from app.ui.language import apply_language  # after the style: it keeps the clock, adds the decimal comma

    apply_language(application)


def use_locale_style(locale: QLocale) -> None:
    """Dates and times in the window follow the computer's locale: a 12-hour clock and the
    month first where its short formats use them (en_US: 7:30 PM, Dec 7, 2026)."""
    fmt.use(fmt.style_for_patterns(locale.timeFormat(QLocale.FormatType.ShortFormat),
                                   locale.dateFormat(QLocale.FormatType.ShortFormat)))
