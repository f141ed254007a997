"""File ▸ Back up now and File ▸ Backups and restore…, on a real data folder opened the way
app.main opens it (so a restore really closes and reopens the file)."""

import datetime as dt
import hashlib
import re

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QProxyStyle, QStyle

from app.domain.records import CopingEntry, SupportContact
from app.main import build_main_window, run_gui
from app.storage import backups as B
from app.ui import messages
from app.ui.dialogs import backup_dialogs as BD
from app.ui.dialogs.file_choosing import breakable
from app.ui.dialogs.backup_dialogs import (
    BackupsDialog,
    RestoreConfirmDialog,
    contents_text,
    when_phrase,
    when_text,
)
from tests.ui.helpers import settle


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def entry(situation, day=1):
    return CopingEntry(occurred_at=dt.datetime(2026, 3, day, 20), situation=situation, urge_before=7, urge_after=3)


@pytest.fixture
def opened(qtbot, data_dir):
    window, close = build_main_window(data_dir)
    qtbot.addWidget(window)
    window.show()
    yield window
    close(save=False)


def situations(window):
    return sorted(e.situation for e in window.records.store.coping.list())


def backups_dialog(window):
    dialog = BackupsDialog(window.backups, window._restore, window, report=window.show_status)
    settle()  # the list (each backup's summary) is read on the background runner
    return dialog


def test_back_up_now_from_the_file_menu(opened, data_dir):
    opened.records.add(entry("Payday"))
    opened.back_up_action.trigger()
    settle()
    made = B.list_backups(data_dir)
    assert [b.label for b in made] == ["manual"]
    assert made[0].counts["coping_entries"] == 1
    assert "Backed up" in opened.statusBar().currentMessage()
    assert made[0].path.name in opened.statusBar().currentMessage()


def test_the_dialog_lists_backups_newest_first_with_what_they_hold(opened, qtbot, data_dir):
    dialog = backups_dialog(opened)
    qtbot.addWidget(dialog)
    assert dialog.table.isHidden() and not dialog.empty_label.isHidden()
    assert not dialog.restore_button.isEnabled()

    opened.records.add(entry("Payday"))
    dialog.back_up_button.click()
    settle()
    opened.records.add(entry("Argument at home", day=2))
    dialog.back_up_button.click()
    settle()
    assert dialog.table.rowCount() == 2 and not dialog.table.isHidden()
    assert dialog.table.item(0, 1).text() == "Made by you"
    assert dialog.table.item(0, 0).text().startswith("Today, ")
    newest, older = B.list_backups(data_dir)
    assert dialog.selected().path == newest.path  # the one just made is selected
    assert "Coping entries 2" in dialog.details.text()
    dialog.table.selectRow(1)
    assert "Coping entries 1" in dialog.details.text()
    assert dialog.restore_button.isEnabled()


def test_the_list_is_read_in_the_background_and_shown_once_read(opened, qtbot, data_dir):
    opened.back_up_now()
    settle()
    dialog = BackupsDialog(opened.backups, opened._restore, opened)
    qtbot.addWidget(dialog)
    assert dialog.listing and dialog.table.rowCount() == 0  # each backup is opened on the worker
    settle()
    assert not dialog.listing and dialog.table.rowCount() == 1
    assert dialog.selected() is dialog._infos[0] and dialog.restore_button.isEnabled()


def test_restoring_a_backup_brings_it_back_and_keeps_the_current_data(opened, qtbot, data_dir, monkeypatch):
    opened.records.add(entry("Payday"))
    kept = opened.backups.back_up_now()
    opened.auto_backup()  # as app.main does after opening: starts the hourly look for the daily backup
    settle()
    opened.records.add(entry("Argument at home", day=2))
    opened.show_page_titled("Coping skills")
    opened.undo_action.setEnabled(True)
    asked = []
    monkeypatch.setattr(RestoreConfirmDialog, "confirm",
                        classmethod(lambda cls, plan, parent: asked.append(plan) or True))

    dialog = backups_dialog(opened)
    qtbot.addWidget(dialog)
    dialog.refresh(select=kept.path)
    settle()
    dialog.restore_button.click()
    settle()

    assert asked and asked[0].backup.path == kept.path
    assert dict((label, (b, n)) for label, b, n in asked[0].labelled_rows())["Coping entries"] == (1, 2)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert situations(opened) == ["Payday"]  # the window works on the restored data
    assert opened.current_page() is opened.page("Coping skills")  # the same page, rebuilt
    assert opened.undo.count() == 0  # undo steps referred to the replaced data
    assert opened._backup_timer.isActive()  # the daily backup keeps being looked for
    assert "Restored the backup made today at " in opened.statusBar().currentMessage()
    before = [b for b in B.list_backups(data_dir) if b.label == "before-restore"]
    assert len(before) == 1 and before[0].counts["coping_entries"] == 2  # nothing lost
    assert before[0].path.name in opened.statusBar().currentMessage()
    # and the reopened window can restore again (the reopen callback is wired to the new store)
    dialog = backups_dialog(opened)
    qtbot.addWidget(dialog)
    dialog.refresh(select=before[0].path)
    settle()
    dialog.restore_button.click()
    settle()
    assert situations(opened) == ["Argument at home", "Payday"]


def test_saying_no_changes_nothing(opened, qtbot, data_dir, monkeypatch):
    opened.records.add(entry("Payday"))
    opened.backups.back_up_now()
    opened.records.add(entry("Argument at home", day=2))
    monkeypatch.setattr(RestoreConfirmDialog, "confirm", classmethod(lambda cls, plan, parent: False))
    dialog = backups_dialog(opened)
    qtbot.addWidget(dialog)
    dialog.restore_button.click()
    settle()
    assert situations(opened) == ["Argument at home", "Payday"]
    assert [b.label for b in B.list_backups(data_dir)] == ["manual"]
    assert dialog.result() != dialog.DialogCode.Accepted


def test_a_file_that_is_not_a_backup_is_refused_in_one_sentence(opened, qtbot, data_dir, tmp_path, monkeypatch):
    opened.records.add(entry("Payday"))
    bogus = tmp_path / "holiday-photos.db"
    bogus.write_bytes(b"not a database at all" * 50)
    monkeypatch.setattr(BD.BackupFileChooser, "open_backup", classmethod(lambda cls, parent: str(bogus)))
    monkeypatch.setattr(RestoreConfirmDialog, "confirm",
                        classmethod(lambda cls, plan, parent: pytest.fail("must not ask")))
    data_file = data_dir / "steady.db"
    before = sha(bogus)
    dialog = backups_dialog(opened)
    qtbot.addWidget(dialog)
    dialog.restore_file_button.click()
    settle()
    assert not dialog.error_label.isHidden()
    message = dialog.error_label.text()
    assert "will not restore" in message and "nothing was changed" in message and "\n" not in message
    assert sha(bogus) == before and data_file.exists()
    assert situations(opened) == ["Payday"]


def test_a_damaged_backup_is_shown_but_cannot_be_restored(opened, qtbot, data_dir):
    opened.records.add(entry("Payday"))
    info = opened.backups.back_up_now()
    info.path.write_bytes(info.path.read_bytes()[:2000])  # truncated
    dialog = backups_dialog(opened)
    qtbot.addWidget(dialog)
    assert dialog.table.item(0, 2).text() == "Damaged"
    assert not dialog.restore_button.isEnabled()
    assert "cannot be restored: it is damaged or cannot be read." in dialog.details.text()
    # The reader's own words ("database disk image is malformed") are for a helper, not the sentence.
    assert "SQLite" not in dialog.details.text() and "database" not in dialog.details.text()
    assert "SQLite" not in dialog.table.item(0, 2).toolTip()


def test_the_confirmation_names_both_sides_and_defaults_to_cancel(opened, qtbot):
    opened.records.add(entry("Payday"))
    opened.records.add(SupportContact(name="Dana", role="sponsor"))  # the same on both sides
    info = opened.backups.back_up_now()
    opened.records.add(entry("Argument at home", day=2))
    confirm = RestoreConfirmDialog(opened.backups.restore_plan(info.path), opened)
    qtbot.addWidget(confirm)
    summary = confirm.summary.text()
    assert "Your data now (" in summary and "saves a backup of your data as it is now" in summary
    assert "backup made today at " in summary and "Today" not in summary  # not capitalised mid-sentence
    labels = [confirm.table.item(r, 0).text() for r in range(confirm.table.rowCount())]
    row = labels.index("Coping entries")
    assert (confirm.table.item(row, 1).text(), confirm.table.item(row, 2).text()) == ("1", "2")
    assert "Coping entries" in confirm.note.text() and not confirm.note.isHidden()
    assert confirm.cancel_button.isDefault() and not confirm.restore_button.isDefault()
    # The one row that would change stands out.
    bold = [r for r in range(confirm.table.rowCount()) if confirm.table.item(r, 0).font().bold()]
    assert bold == [row] and confirm.table.rowCount() >= 2
    confirm.show()
    qtbot.waitExposed(confirm)
    qtbot.keyClick(confirm, Qt.Key.Key_Return)
    assert confirm.result() == confirm.DialogCode.Rejected


def test_enter_on_a_backup_asks_to_restore_it_and_does_nothing_else(opened, qtbot, data_dir, monkeypatch):
    opened.records.add(entry("Payday"))
    opened.backups.back_up_now()
    asked, shown = [], []
    monkeypatch.setattr(RestoreConfirmDialog, "confirm",
                        classmethod(lambda cls, plan, parent: asked.append(plan) or False))
    monkeypatch.setattr(BD.FolderOpener, "open", classmethod(lambda cls, folder: shown.append(folder) or True))
    dialog = backups_dialog(opened)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    settle()
    assert len(asked) == 1  # asked once, not once for the row and again for a default button
    assert shown == []  # and the file manager did not open as well
    assert len(B.list_backups(data_dir)) == 1 and dialog.isVisible()
    assert dialog.restore_button.isDefault()


class _SingleClickDesktop(QProxyStyle):
    """A desktop set to open items on a single click (a KDE setting)."""

    def styleHint(self, hint, option=None, widget=None, data=None):  # noqa: N802 - Qt naming
        if hint == QStyle.StyleHint.SH_ItemView_ActivateItemOnSingleClick:
            return 1
        return super().styleHint(hint, option, widget, data)


def test_a_click_only_selects_a_backup_even_where_a_single_click_opens_items(opened, qtbot, monkeypatch):
    opened.records.add(entry("Payday"))
    opened.backups.back_up_now()
    opened.records.add(entry("Argument at home", day=2))
    opened.backups.back_up_now()
    asked = []
    monkeypatch.setattr(RestoreConfirmDialog, "confirm",
                        classmethod(lambda cls, plan, parent: asked.append(plan) or False))
    dialog = backups_dialog(opened)
    qtbot.addWidget(dialog)
    style = _SingleClickDesktop("Fusion")
    dialog.table.setStyle(style)
    dialog.show()
    qtbot.waitExposed(dialog)
    older = dialog.table.visualItemRect(dialog.table.item(1, 0)).center()
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=older)
    assert dialog.selected() is dialog._infos[1] and asked == []
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=older)
    settle()
    assert [plan.backup.path for plan in asked] == [dialog._infos[1].path]


def test_every_mnemonic_is_used_once_and_every_control_is_named(opened, qtbot):
    opened.records.add(entry("Payday"))
    opened.backups.back_up_now()
    dialog = backups_dialog(opened)
    qtbot.addWidget(dialog)
    texts = [w.text() for w in dialog.findChildren(QAbstractButton) + dialog.findChildren(QLabel)]
    keys = [m.lower() for t in texts for m in re.findall(r"&([^&\s])", t)]
    assert len(keys) == len(set(keys)), keys
    for control in (dialog.table, dialog.folder_label, dialog.details, dialog.empty_label):
        assert control.accessibleName(), control
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.table  # arrows choose a backup straight away
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_no_backups_yet_says_what_to_do_where_the_list_would_be(opened, qtbot):
    dialog = backups_dialog(opened)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.list_stack.currentWidget() is dialog.empty_label and "Back up now" in dialog.empty_label.text()
    # The top of the dialog stays together instead of spreading over the empty space.
    assert dialog.show_folder_button.geometry().bottom() < dialog.height() // 3
    assert dialog.focusWidget() is dialog.back_up_button


def test_a_long_folder_name_wraps_instead_of_widening_the_dialog(qapp, qtbot, tmp_path):
    folder = tmp_path / "My_Recovery_Files_From_The_Old_Laptop_Backup_Copy_Number_Two_And_Three_Final" / "data"
    folder.mkdir(parents=True)
    window, close = build_main_window(folder)
    try:
        dialog = BackupsDialog(window.backups, window._restore, window)
        qtbot.addWidget(dialog)
        assert dialog.folder_label.minimumSizeHint().width() < 400
        assert dialog.minimumSizeHint().width() <= 640 and dialog.width() == 640
        assert dialog.folder_label.text().replace("\u200b", "") == f"Folder: {folder / 'backups'}"
        assert dialog.folder_label.accessibleDescription() == str(folder / "backups")
    finally:
        close(save=False)


def test_at_a_much_larger_font_every_column_shows_whole(larger_font, opened, qtbot, data_dir):
    opened.records.add(entry("Payday"))
    opened.backups.back_up_now()
    info = opened.backups.back_up_now()
    info.path.write_bytes(b"x" * 2000)  # a damaged one, with the widest Records cell
    dialog = backups_dialog(opened)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    header = dialog.table.horizontalHeader()
    for column in range(dialog.table.columnCount()):
        assert header.sectionSize(column) >= dialog.table.sizeHintForColumn(column), column


def test_a_backup_that_cannot_be_made_is_said_in_one_sentence(opened, data_dir, monkeypatch):
    opened.records.add(entry("Payday"))
    (data_dir / "backups").write_text("a file where the folder should be")
    said = []
    monkeypatch.setattr(messages, "warn", lambda parent, title, message: said.append(message))
    opened.back_up_action.trigger()
    settle()
    assert len(said) == 1 and "\n" not in said[0] and "Traceback" not in said[0]
    assert (data_dir / "backups").read_text() == "a file where the folder should be"


def test_show_folder_opens_the_backups_folder(opened, qtbot, monkeypatch):
    opened.records.add(entry("Payday"))
    opened.backups.back_up_now()
    shown = []
    monkeypatch.setattr(BD.FolderOpener, "open", classmethod(lambda cls, folder: shown.append(folder) or True))
    dialog = backups_dialog(opened)
    qtbot.addWidget(dialog)
    dialog.show_folder_button.click()
    assert shown == [opened.backups.folder]


def test_the_daily_backup_is_made_once_after_opening(opened, data_dir):
    opened.auto_backup()
    settle()
    assert B.list_backups(data_dir) == []  # nothing logged yet: nothing to protect
    opened.records.add(entry("Payday"))
    opened.auto_backup()
    settle()
    opened.auto_backup()
    settle()
    assert [b.label for b in B.list_backups(data_dir)] == ["daily"]
    assert "automatic backup" in opened.statusBar().currentMessage()


def test_opening_the_app_makes_the_daily_backup(qapp, data_dir):
    window, close = build_main_window(data_dir)
    window.records.add(entry("Payday"))
    close(save=False)

    def wait_for_backup(tries=[0]):  # noqa: B006 - a counter across calls
        tries[0] += 1
        if B.list_backups(data_dir) or tries[0] > 200:
            QApplication.instance().exit(0)
        else:
            QTimer.singleShot(100, wait_for_backup)

    QTimer.singleShot(100, wait_for_backup)
    assert run_gui(data_dir, smoke=False) == 0
    assert [b.label for b in B.list_backups(data_dir)] == ["daily"]


def test_wording_helpers():
    today = dt.date(2026, 11, 22)
    assert when_text(dt.datetime(2026, 11, 22, 9, 5), today) == "Today, 09:05"
    assert when_text(dt.datetime(2026, 11, 21, 21, 0), today) == "Yesterday, 21:00"
    assert when_text(dt.datetime(2026, 11, 15, 9, 30), today) == "Sun 15 Nov 2026, 09:30"
    assert when_phrase(dt.datetime(2026, 11, 22, 9, 5), today) == "today at 09:05"
    assert when_phrase(dt.datetime(2026, 11, 21, 21, 0), today) == "yesterday at 21:00"
    assert when_phrase(dt.datetime(2026, 11, 15, 9, 30), today) == "on Sun 15 Nov 2026 at 09:30"
    assert breakable("Backed up 1,069 records.") == "Backed up 1,069 records."
    assert breakable("/home/sam/My_Recovery_Files/backups").replace("\u200b", "") == "/home/sam/My_Recovery_Files/backups"
    assert "_\u200bRecovery" in breakable("/home/sam/My_Recovery_Files/backups")
    assert contents_text({"checkins": 3, "coping_entries": 12, "goals": 0}) == "Coping entries 12 · Check-ins 3"
    assert contents_text({}) == "No records"


def test_a_restore_that_fails_on_a_full_disk_leaves_the_window_on_the_old_data(opened, qtbot, data_dir, monkeypatch):
    import resource

    for i in range(300):
        opened.records.add(CopingEntry(occurred_at=dt.datetime(2026, 1, 1, 8) + dt.timedelta(hours=i),
                                       situation="x" * 200, urge_before=i % 11))
    kept = opened.backups.back_up_now()
    opened.records.add(entry("Argument at home", day=2))
    monkeypatch.setattr(RestoreConfirmDialog, "confirm", classmethod(lambda cls, plan, parent: True))
    dialog = backups_dialog(opened)
    qtbot.addWidget(dialog)
    dialog.refresh(select=kept.path)
    settle()
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (kept.size // 2, hard))
    try:
        dialog.restore_button.click()
        settle()
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert not dialog.error_label.isHidden() and "\n" not in dialog.error_label.text()
    assert "the disk is full" in dialog.error_label.text() and "left unchanged" in dialog.error_label.text()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "Argument at home" in situations(opened)  # the window reopened the untouched file
    assert opened.records.store.coping.count() == 301
    assert opened.back_up_action.isEnabled()


def test_a_window_whose_data_could_not_be_reopened_says_so_on_every_page(opened):
    opened.release_data()
    opened._show_unopened("The data file is on a drive that was removed.")
    for title in ("Today", "Coping skills"):
        opened.show_page_titled(title)
        text = opened.current_page().text()
        assert text.startswith("Steady could not open your data again: The data file is on a drive")
        assert "Opening your data" not in text
    assert not opened.back_up_action.isEnabled() and not opened.new_action.isEnabled()


def test_a_window_left_open_for_days_keeps_making_the_daily_backup(opened, data_dir):
    from app.services.clock import FixedClock

    clock = FixedClock(dt.datetime(2026, 11, 20, 9, 0))
    opened.backups.clock = clock
    opened.records.add(entry("Payday"))
    opened.auto_backup()
    settle()
    assert opened._backup_timer.isActive() and opened._backup_timer.interval() == 60 * 60 * 1000
    clock.current = dt.datetime(2026, 11, 21, 0, 30)  # past midnight, the window still open
    opened._backup_timer.timeout.emit()
    settle()
    assert [b.created.date() for b in B.list_backups(data_dir)] == [dt.date(2026, 11, 21), dt.date(2026, 11, 20)]
    opened.detach()
    assert not opened._backup_timer.isActive()


def test_choosing_the_data_file_itself_is_refused_before_anything_is_asked(opened, qtbot, data_dir, monkeypatch):
    opened.records.add(entry("Payday"))
    monkeypatch.setattr(BD.BackupFileChooser, "open_backup",
                        classmethod(lambda cls, parent: str(data_dir / "steady.db")))
    monkeypatch.setattr(RestoreConfirmDialog, "confirm",
                        classmethod(lambda cls, plan, parent: pytest.fail("must not ask")))
    dialog = backups_dialog(opened)
    qtbot.addWidget(dialog)
    dialog.restore_file_button.click()
    settle()
    assert "is the data file Steady is using now, not a backup" in dialog.error_label.text().replace("\u200b", "")
    assert situations(opened) == ["Payday"] and opened.back_up_action.isEnabled()


def test_a_copy_saved_elsewhere_is_a_checked_backup_that_can_be_restored(opened, qtbot, tmp_path, monkeypatch):
    opened.records.add(entry("Payday"))
    stick = tmp_path / "usb-stick"
    stick.mkdir()
    monkeypatch.setattr(BD.BackupFileChooser, "save_copy",
                        classmethod(lambda cls, parent, suggested: str(stick / suggested)))
    dialog = backups_dialog(opened)
    qtbot.addWidget(dialog)
    assert dialog.save_copy() is not None
    settle()  # written on the background runner
    info = dialog.copied
    assert info is not None and info.path.parent == stick and info.path.name.startswith("steady-copy-")
    assert info.counts["coping_entries"] == 1 and not info.damaged
    assert "Saved a copy of your data" in opened.statusBar().currentMessage()
    assert B.list_backups(opened.backups.data_dir) == []  # a copy elsewhere is not one of the rotated backups
    # It restores like any backup.
    opened.records.add(entry("Argument at home", day=2))
    monkeypatch.setattr(RestoreConfirmDialog, "confirm", classmethod(lambda cls, plan, parent: True))
    dialog.restore_path(info.path)
    settle()
    assert situations(opened) == ["Payday"]


def test_a_copy_over_the_data_file_itself_is_refused(opened, qtbot, data_dir, monkeypatch):
    opened.records.add(entry("Payday"))
    monkeypatch.setattr(BD.BackupFileChooser, "save_copy",
                        classmethod(lambda cls, parent, suggested: str(data_dir / "steady.db")))
    dialog = backups_dialog(opened)
    qtbot.addWidget(dialog)
    dialog.save_copy()
    settle()
    assert dialog.copied is None
    assert "is Steady's own data file" in dialog.error_label.text().replace("\u200b", "")
    assert situations(opened) == ["Payday"]
