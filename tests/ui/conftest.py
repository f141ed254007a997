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
    return services.records


@pytest.fixture
def window(qtbot, services):
    """The window over the test's store with the services app.main gives it; restoring (which
    needs app.main's DataSession to reopen the file) is tested through build_main_window."""
    from app.ui.main_window import MainWindow

    w = MainWindow(services)
    qtbot.addWidget(w)
    yield w
    w.detach()
