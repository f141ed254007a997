"""Help: the guide on F1 (local HTML, its links work), the shortcuts list made from the
window's actions, and About with the data folder and the credits read from the resources."""

from __future__ import annotations

import json
import re

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QTextBrowser

from app.services.resources import resource_path
from app.ui.dialogs import help_dialogs as H


def _guide_html() -> str:
    return H.guide_path().read_text(encoding="utf-8")


def test_f1_opens_the_guide_from_the_shipped_html(qtbot, window):
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    assert window.guide_action.shortcut() == QKeySequence("F1")
    # F1 works wherever focus is in the window: the action belongs to the window itself.
    assert window.guide_action in window.actions()
    assert window.guide_action.shortcutContext() == Qt.ShortcutContext.WindowShortcut
    window.guide_action.trigger()
    guide = window.guide
    assert guide is not None and guide.isVisible()
    assert guide.browser.source().toLocalFile() == str(H.guide_path())
    text = guide.browser.toPlainText()
    for words in ("Log a hard moment in seconds", "Get help now", "What each page is for", "Where your data lives",
                  "Privacy and the lock", "Backups"):
        assert words in text
    window.show_guide()  # again: the same window, raised
    assert window.guide is guide


def test_every_page_is_described_in_the_guide():
    from app.ui.main_window import PAGE_TITLES

    html = _guide_html()
    for title in PAGE_TITLES:
        assert f"<b>{title}</b>" in html, title


def test_every_link_in_the_guide_leads_to_an_anchor_in_it(qtbot):
    html = _guide_html()
    links = re.findall(r'href="([^"]+)"', html)
    anchors = set(re.findall(r'name="([^"]+)"', html))
    assert len(links) >= 7
    for link in links:
        assert link.startswith("#"), f"{link}: the guide links only inside itself (nothing leaves the computer)"
        assert link[1:] in anchors, link
    window = H.HelpWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    bar = window.browser.verticalScrollBar()
    assert bar.value() == 0
    window.browser.setSource(QUrl("#backups"))  # what clicking the link does
    qtbot.waitUntil(lambda: bar.value() > 0)
    assert window.back_button.isEnabled()
    window.back_button.click()
    qtbot.waitUntil(lambda: bar.value() == 0)


def test_the_guide_names_only_shortcuts_that_exist(window):
    """A key the guide mentions is one the window (or the page it names) really has."""
    html = _guide_html()
    listed = {keys for _what, _where, keys in H.shortcut_rows(window)}
    for keys in set(re.findall(r"\b(?:Ctrl\+Shift\+H|Ctrl\+[0-9L])\b", html)):
        assert keys in listed, keys


def test_shortcuts_list_every_action_with_a_shortcut(qtbot, window):
    dialog = H.ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    listed = dialog.listed()
    every = [a for a in window.findChildren(QAction) if not a.shortcut().isEmpty() and a.text()]
    assert len(every) >= 15
    for action in every:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        assert any(keys in row[2] and row[0] == H._plain(action.text()) for row in listed), action.text()
    rows = {row[0]: row for row in listed}
    assert rows["Get help now"][1:] == ("Help", "Ctrl+Shift+H")
    assert rows["Lock Steady"][1] == "File"
    assert rows["Steady guide"][2] == QKeySequence("F1").toString(QKeySequence.SequenceFormat.NativeText)
    assert rows["Insights"][1:] == ("View", "Ctrl+0")


def test_a_new_action_with_a_shortcut_appears_in_the_list(qtbot, window):
    fresh = QAction("Say something kind", window)
    fresh.setShortcut(QKeySequence("Ctrl+Alt+K"))
    window.menuBar().actions()[-1].menu().addAction(fresh)
    hidden = QAction("Not in any menu", window)
    hidden.setShortcut(QKeySequence("Ctrl+Alt+J"))
    window.addAction(hidden)
    rows = H.shortcut_rows(window)
    assert ("Say something kind", "Help", "Ctrl+Alt+K") in rows
    assert ("Not in any menu", "", "Ctrl+Alt+J") in rows
    fresh.setShortcut(QKeySequence())
    assert all(row[0] != "Say something kind" for row in H.shortcut_rows(window))


def test_help_menu_opens_the_shortcuts_and_about(qtbot, window, monkeypatch, data_dir):
    window.shortcuts_action.trigger()
    shortcuts = window.findChild(H.ShortcutsDialog)
    assert shortcuts is not None and shortcuts.isVisible() and shortcuts.table.rowCount() >= 15
    shortcuts.close()

    window.about_action.trigger()
    about = window.findChild(H.AboutDialog)
    assert about is not None and about.isVisible()
    assert str(data_dir) in about.folder_label.text()
    from app.ui.dialogs import backup_dialogs as BD

    opened = []
    monkeypatch.setattr(BD.FolderOpener, "open", classmethod(lambda cls, folder: opened.append(folder) or True))
    about.open_button.click()
    assert opened == [data_dir]
    monkeypatch.setattr(BD.FolderOpener, "open", classmethod(lambda cls, folder: False))
    about.open_button.click()
    assert about.problem.isVisible() and str(data_dir) in about.problem.text()
    about.close()


def test_about_credits_come_from_the_shipped_resources(qtbot):
    import app

    about = H.AboutDialog(None)
    qtbot.addWidget(about)
    text = about.findChild(QTextBrowser).toPlainText()
    assert f"Steady {app.__version__}" in text and "MIT licence" in text
    assert not about.open_button.isEnabled()
    assert "Stanley" in text and "Brown" in text and "Safety Planning Intervention" in text
    assert "Marlatt" in text
    library = json.loads(resource_path("skills", "library.json").read_text(encoding="utf-8"))
    for source in {s["source"] for s in library["skills"] if s.get("source")}:
        assert source in text, source
    for path in sorted(resource_path("instruments").glob("*.json")):
        citation = json.loads(path.read_text(encoding="utf-8"))["citation"]
        assert citation in text, path.name
    for name in ("PySide6", "LGPL", "matplotlib", "sqlite-utils", "SQLCipher"):
        assert name in text
