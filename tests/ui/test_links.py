"""Links never open by themselves: a meeting's video link is shown as text (to copy), and
nothing in a whole window session hands an internet address to the browser."""

import pytest
from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QDesktopServices

from app.domain.records import SupportGroup
from tests.ui.helpers import seed
from tests.ui.test_lock import visible_text

LINK = "https://zoom.example/j/5550100"


class Browser(QObject):
    def __init__(self):
        super().__init__()
        self.opened = []

    @Slot("QUrl")
    def open(self, url):
        self.opened.append(url.toString())


@pytest.fixture
def browser():
    catcher = Browser()
    for scheme in ("http", "https"):
        QDesktopServices.setUrlHandler(scheme, catcher, "open")
    yield catcher
    for scheme in ("http", "https"):
        QDesktopServices.unsetUrlHandler(scheme)


def test_a_whole_session_opens_no_link(qtbot, window, records, browser):
    seed(records)
    group = records.add(SupportGroup(name="Online Hope", fellowship="na", meeting_format="online", url=LINK))
    window.show()
    qtbot.waitExposed(window)
    for index in range(len(window.pages)):
        window.show_page(index)
        qtbot.wait(20)
    window.show_page_titled("Meetings")
    tabs = getattr(window.page("Meetings"), "tabs", None)
    if tabs is not None:
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            qtbot.wait(20)
    from app.ui.dialogs.record_dialog import RecordDialog

    form = RecordDialog(records, "group", group, window)
    qtbot.addWidget(form)
    form.show()
    assert LINK in visible_text(form)  # the link is there to read and copy…
    form.reject()
    window.lock_app()
    window.locker.unlock()
    assert browser.opened == []  # …and nothing opened it
    QDesktopServices.openUrl(LINK)  # the catcher does catch an opened link
    assert browser.opened == [LINK]
