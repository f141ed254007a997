"""Steady's look: one calm palette, light or dark (following the desktop or the choice in
Preferences, remembered per computer and applied at once), a clear focus ring, disabled
buttons that look disabled in dark, and an icon for every sidebar page."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QStyle, QStyleOptionButton

from app.ui.charts.palette import BLUE, contrast, theme_for
from app.ui.indicators import VisibleIndicators
from app.ui.main_window import PAGE_TITLES
from app.ui.page_icons import PAGE_ICONS, page_icon
from app.ui.style import (
    APPEARANCE_KEY,
    apply_appearance,
    appearance_setting,
    calm_palette,
    install_style,
    style_subtle_label,
)

ROLE = QPalette.ColorRole


@pytest.fixture(autouse=True)
def _restore_look(qapp):
    style, palette = qapp.style().name(), qapp.palette()
    yield
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setProperty("steadyAppearance", None)


def window_lightness(qapp) -> int:
    return qapp.palette().color(ROLE.Window).lightness()


@pytest.mark.parametrize("dark", [False, True])
def test_each_palette_reads_and_shares_the_charts_accent(dark):
    p = calm_palette(dark)
    name = lambda role, group=QPalette.ColorGroup.Active: p.color(group, role).name()  # noqa: E731
    assert contrast(name(ROLE.Text), name(ROLE.Base)) >= 12
    assert contrast(name(ROLE.WindowText), name(ROLE.Window)) >= 12
    assert contrast(name(ROLE.PlaceholderText), name(ROLE.Window)) >= 4.5  # secondary text still reads
    assert contrast(name(ROLE.HighlightedText), name(ROLE.Highlight)) >= 4.5
    disabled = name(ROLE.ButtonText, QPalette.ColorGroup.Disabled)
    assert contrast(disabled, name(ROLE.Button, QPalette.ColorGroup.Disabled)) < 3.2  # visibly fainter
    assert (p.color(ROLE.Window).lightness() < 128) == dark
    if not dark:
        assert name(ROLE.Highlight) == BLUE.lower()  # the planner's and the charts' treatment blue


def test_light_and_dark_are_applied_and_charts_follow(qapp):
    assert apply_appearance(qapp, "dark") is True
    assert qapp.palette() == calm_palette(True)
    assert theme_for(palette=qapp.palette()).dark
    assert apply_appearance(qapp, "light") is False
    assert qapp.palette() == calm_palette(False)
    assert not theme_for(palette=qapp.palette()).dark


def test_system_follows_the_desktop_scheme(qapp):
    hints = qapp.styleHints()
    dark = hints.colorScheme() == Qt.ColorScheme.Dark
    assert apply_appearance(qapp, "system") is dark
    assert (window_lightness(qapp) < 128) is dark


def test_the_saved_choice_is_used_at_start(qapp):
    from PySide6.QtCore import QSettings

    QSettings().setValue(APPEARANCE_KEY, "dark")
    install_style(qapp)
    assert isinstance(qapp.style(), VisibleIndicators)
    assert qapp.palette() == calm_palette(True)
    QSettings().setValue(APPEARANCE_KEY, "no such look")
    assert appearance_setting() == "system"  # a hand-edited value is not trusted


def test_a_subtle_label_is_recoloured_when_the_look_changes(qtbot, qapp):
    from PySide6.QtWidgets import QLabel

    apply_appearance(qapp, "light")
    label = QLabel("Saved 2 minutes ago")
    qtbot.addWidget(label)
    style_subtle_label(label)
    assert label.palette().color(ROLE.WindowText) == calm_palette(False).color(ROLE.PlaceholderText)
    apply_appearance(qapp, "dark")
    assert label.palette().color(ROLE.WindowText) == calm_palette(True).color(ROLE.PlaceholderText)
    # under a style sheet too (a parent's style sheet is applied again after a switch)
    from PySide6.QtWidgets import QFrame, QVBoxLayout

    row = QFrame()
    qtbot.addWidget(row)
    row.setObjectName("row")
    row.setStyleSheet("#row { border: 1px solid palette(mid); }")
    inside = QLabel("0 of 3 meetings this week", row)
    QVBoxLayout(row).addWidget(inside)
    style_subtle_label(inside)
    row.show()
    apply_appearance(qapp, "light")
    qapp.processEvents()
    assert inside.palette().color(ROLE.WindowText) == calm_palette(False).color(ROLE.PlaceholderText)
    apply_appearance(qapp, "dark")
    qapp.processEvents()
    assert inside.palette().color(ROLE.WindowText) == calm_palette(True).color(ROLE.PlaceholderText)


def test_widgets_made_after_a_switch_take_the_new_look_without_a_repolish(qtbot, qapp):
    """At start-up the palette is set before any widget exists, so nothing is walked again
    (app.ui.style.apply_appearance): what is built afterwards, under a style sheet too, is
    polished with the new palette already."""
    from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

    apply_appearance(qapp, "light")
    apply_appearance(qapp, "dark")
    row = QFrame()
    qtbot.addWidget(row)
    row.setObjectName("row")
    row.setStyleSheet("#row { border: 1px solid palette(mid); }")
    inside = QLabel("Opening your data…", row)
    QVBoxLayout(row).addWidget(inside)
    style_subtle_label(inside)
    row.show()
    qtbot.waitExposed(row)
    assert inside.palette().color(ROLE.WindowText) == calm_palette(True).color(ROLE.PlaceholderText)
    assert row.palette().color(ROLE.Window) == calm_palette(True).color(ROLE.Window)


def test_preferences_show_the_choice_at_once_and_remember_it_on_ok(qtbot, qapp, services):
    from app.ui.dialogs.preferences_dialog import PreferencesDialog

    apply_appearance(qapp, "light")
    dialog = PreferencesDialog(services.reminders, tray_available=False)
    qtbot.addWidget(dialog)
    assert dialog.appearance.currentData() == "system"
    assert [dialog.appearance.itemText(i) for i in range(3)] == ["Same as the system", "Light", "Dark"]
    dialog.appearance.setCurrentIndex(dialog.appearance.findData("dark"))
    assert qapp.palette() == calm_palette(True)  # live, before OK
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert appearance_setting() == "dark"

    again = PreferencesDialog(services.reminders, tray_available=False)
    qtbot.addWidget(again)
    assert again.appearance.currentData() == "dark"
    again.appearance.setCurrentIndex(again.appearance.findData("light"))
    assert qapp.palette() == calm_palette(False)
    again.reject()  # Cancel takes the preview back
    assert qapp.palette() == calm_palette(True)
    assert appearance_setting() == "dark"


def test_every_sidebar_page_has_an_icon_that_follows_the_palette(window, qapp):
    assert set(PAGE_ICONS) == set(PAGE_TITLES)
    for row, title in enumerate(PAGE_TITLES):
        item = window.sidebar.item(row)
        assert item.text() == title
        assert not item.icon().isNull(), title
        pixmap = item.icon().pixmap(18, 18)
        assert not pixmap.isNull()
    assert window.sidebar.accessibleName() == "Pages"

    def ink(title, palette):
        image = page_icon(title, palette).pixmap(18, 18).toImage()
        seen = [QColor(image.pixel(x, y)) for x in range(image.width()) for y in range(image.height())
                if QColor.fromRgba(image.pixel(x, y)).alpha() > 200]
        assert seen, title  # something is drawn
        return sum(c.lightness() for c in seen) / len(seen)

    for title in PAGE_TITLES:
        assert ink(title, calm_palette(True)) > 180 > 80 > ink(title, calm_palette(False))
    apply_appearance(qapp, "dark")  # the window repaints its icons in the new colours
    qapp.processEvents()  # Qt hands the new palette to the widgets from the event loop
    image = window.sidebar.item(0).icon().pixmap(18, 18).toImage()
    assert max(QColor(image.pixel(x, y)).lightness() for x in range(image.width()) for y in range(image.height())) > 180


def test_page_icons_are_crisp_at_twice_the_size():
    icon = page_icon("Today", calm_palette(False))
    sizes = {(s.width(), s.height()) for s in icon.availableSizes()}
    assert {(18, 18), (36, 36)} <= sizes


def button_face(qtbot, palette, enabled):
    button = QPushButton("Save")
    qtbot.addWidget(button)
    button.setStyle(VisibleIndicators("Fusion"))
    button.setPalette(palette)
    button.setEnabled(enabled)
    button.resize(120, 34)
    image = button.grab().toImage()
    face = QColor(image.pixel(12, 17))  # left of the text, inside the frame
    text = max((QColor(image.pixel(x, y)) for x in range(30, 90) for y in range(8, 26)),
               key=lambda c: abs(c.lightness() - face.lightness()))
    return face, text


def test_a_disabled_button_looks_disabled_in_dark(qtbot):
    dark = calm_palette(True)
    face_on, text_on = button_face(qtbot, dark, True)
    face_off, text_off = button_face(qtbot, dark, False)
    assert face_on != face_off
    assert abs(text_on.lightness() - face_on.lightness()) > 120  # enabled text stands out
    assert abs(text_off.lightness() - face_off.lightness()) < abs(text_on.lightness() - face_on.lightness()) - 60
    assert text_off.lightness() < text_on.lightness() - 60


@pytest.mark.parametrize("dark", [False, True])
def test_focus_shows_a_clear_ring(qtbot, dark):
    style = VisibleIndicators("Fusion")
    palette = calm_palette(dark)
    button = QPushButton("Save")
    qtbot.addWidget(button)
    button.setPalette(palette)
    button.resize(120, 34)
    accent = palette.color(ROLE.Highlight)

    def accent_pixels(focused):
        option = QStyleOptionButton()
        option.initFrom(button)
        option.text = "Save"
        option.state &= ~QStyle.StateFlag.State_HasFocus
        if focused:
            option.state |= QStyle.StateFlag.State_HasFocus
        image = QImage(120, 34, QImage.Format.Format_ARGB32)
        image.fill(palette.color(ROLE.Window))
        painter = QPainter(image)
        style.drawControl(QStyle.ControlElement.CE_PushButton, option, painter, button)
        painter.end()
        return sum(1 for x in range(120) for y in range(34)
                   if abs(QColor(image.pixel(x, y)).hue() - accent.hue()) < 12
                   and QColor(image.pixel(x, y)).saturation() > 120)

    assert accent_pixels(False) < 10
    assert accent_pixels(True) > 2 * (120 + 34) * 1.5  # a ring all round, about 2 px wide


def test_application_palette_is_left_for_other_tests(qapp):
    assert isinstance(QApplication.instance(), QApplication)


def test_preferences_fields_line_up_across_sections(qtbot, services):
    from app.ui.dialogs.preferences_dialog import PreferencesDialog

    dialog = PreferencesDialog(services.reminders, tray_available=False, crisis=services.crisis,
                               recovery=services.recovery, app_lock=services.app_lock)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    lefts = {field.mapTo(dialog, field.rect().topLeft()).x()
             for field in (dialog.minutes, dialog.appearance, dialog.idle_minutes, dialog.country, dialog.wording)}
    assert len(lefts) == 1, lefts  # one column of fields, as in one form


def test_every_page_header_sits_at_the_same_place(window, qtbot):
    """A clear header per page, at one margin: switching pages does not shift the title."""
    from PySide6.QtWidgets import QLabel

    window.show()
    places = {}
    for index, title in enumerate(PAGE_TITLES):
        window.show_page(index)
        page = window.stack.currentWidget()
        headers = [label for label in page.findChildren(QLabel) if label.text() == title and label.font().bold()]
        if title == "Today":  # Today's header is the greeting ("Good morning")
            headers = [label for label in page.findChildren(QLabel) if label.text().startswith("Good ")]
        assert headers, title
        corner = headers[0].mapTo(page, headers[0].rect().topLeft())
        places[title] = (corner.x(), corner.y())
    assert len(set(places.values())) == 1, places
