"""UI fixtures: settings go to a temporary folder, never the real user's."""

import pytest
from PySide6.QtCore import QCoreApplication, QSettings



@pytest.fixture(scope="session", autouse=True)
def _private_settings(tmp_path_factory):
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))
    QCoreApplication.setOrganizationName("SteadyTests")
    QCoreApplication.setApplicationName("SteadyTests")
    yield folder


@pytest.fixture(autouse=True)
def _fresh_settings(_private_settings, qapp):
    QSettings().clear()
    yield
    QSettings().clear()


@pytest.fixture
def larger_font(qapp):
    """The application font at 1.8 times its size for one test (people who need larger text)."""
    normal = qapp.font()
    bigger = qapp.font()
    bigger.setPointSizeF(normal.pointSizeF() * 1.8)
    qapp.setFont(bigger)
    yield bigger
    qapp.setFont(normal)


@pytest.fixture
def records(services):
    return services[0]


@pytest.fixture
def window(qtbot, services, store):
    from app.services.backups import BackupService
    from app.services.goals import GoalService
    from app.services.ics import CalendarFiles
    from app.services.meeting_guide import MeetingFeeds
    from app.services.progress import ProgressService
    from app.services.recovery import RecoveryService
    from app.services.reports import ReportService
    from app.services.schedule import ScheduleService
    from app.services.transfer import TransferService
    from app.ui.main_window import MainWindow

    records, today = services
    schedule, goals = ScheduleService(store, records), GoalService(store, records)
    progress = ProgressService(store, records, schedule, goals)
    # The services app.main gives the window, over the test's store; restoring (which needs
    # app.main's DataSession to reopen the file) is tested through build_main_window.
    w = MainWindow(records, today, store.path, schedule=schedule,
                   calendar=CalendarFiles(store, records), recovery=RecoveryService(store, records),
                   meetings=MeetingFeeds(store, records), goals=goals, progress=progress,
                   backups=BackupService(store, store.data_dir, records.clock),
                   transfer=TransferService(store, records), reports=ReportService(store, progress))
    qtbot.addWidget(w)
    yield w
    w.detach()
