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
def records(services):
    return services[0]


@pytest.fixture
def window(qtbot, services, store):
    from app.services.goals import GoalService
    from app.services.ics import CalendarFiles
    from app.services.meeting_guide import MeetingFeeds
    from app.services.progress import ProgressService
    from app.services.recovery import RecoveryService
    from app.services.schedule import ScheduleService
    from app.ui.main_window import MainWindow

    records, today = services
    schedule, goals = ScheduleService(store, records), GoalService(store, records)
    w = MainWindow(records, today, store.path, schedule=schedule,
                   calendar=CalendarFiles(store, records), recovery=RecoveryService(store, records),
                   meetings=MeetingFeeds(store, records), goals=goals,
                   progress=ProgressService(store, records, schedule, goals))
    qtbot.addWidget(w)
    yield w
    w.detach()
