"""Check boxes and radio buttons stay visible on a dark palette (Fusion draws their frame
nearly black there), and light palettes are drawn exactly as Fusion draws them."""

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QCheckBox, QRadioButton, QStyleFactory

from app.ui.indicators import VisibleIndicators
from app.ui.style import install_style


def dark_palette():
    palette = QPalette(QColor("#2b2c30"), QColor("#202124"))
    for role, color in ((QPalette.ColorRole.Base, "#17181a"), (QPalette.ColorRole.Text, "#e8eaed"),
                        (QPalette.ColorRole.WindowText, "#e8eaed")):
        palette.setColor(role, QColor(color))
    return palette


def brightest_in_indicator(widget, style):
    widget.setStyle(style)
    widget.resize(widget.sizeHint())
    image = widget.grab().toImage()
    side = image.height()  # the indicator sits at the left, about as tall as the widget
    return max(QColor(image.pixel(x, y)).lightness() for x in range(min(side, image.width())) for y in range(side))


@pytest.mark.parametrize("make", [lambda: QCheckBox(""), lambda: QRadioButton("")])
def test_an_unticked_box_is_visible_on_a_dark_palette(qtbot, make):
    fusion, ours = QStyleFactory.create("Fusion"), VisibleIndicators("Fusion")
    plain, fixed = make(), make()
    for w in (plain, fixed):
        qtbot.addWidget(w)
        w.setPalette(dark_palette())
    window = dark_palette().color(QPalette.ColorRole.Window).lightness()
    assert brightest_in_indicator(plain, fusion) < window + 40  # the problem: no visible frame
    assert brightest_in_indicator(fixed, ours) > window + 90  # the frame now stands out


def test_light_palettes_are_left_as_fusion_draws_them(qtbot):
    fusion, ours = QStyleFactory.create("Fusion"), VisibleIndicators("Fusion")
    a, b = QCheckBox("Share this note"), QCheckBox("Share this note")
    for w, style in ((a, fusion), (b, ours)):
        qtbot.addWidget(w)
        w.setPalette(QPalette(QColor("#efefef"), QColor("#ffffff")))
        w.setStyle(style)
        w.resize(200, 30)
    assert a.grab().toImage() == b.grab().toImage()


def test_install_style_wraps_fusion_once(qapp):
    before = qapp.style().name()
    try:
        qapp.setStyle("Fusion")
        install_style(qapp)
        first = qapp.style()
        assert isinstance(first, VisibleIndicators)
        install_style(qapp)
        assert qapp.style() is first
    finally:
        qapp.setStyle(before)


@pytest.mark.parametrize("appearance", ["light", "dark"])
def test_the_first_frame_is_the_same_before_the_indicators_come(qtbot, qapp, tmp_path, appearance):
    """app.main paints the window's first frame with plain Fusion and installs Steady's focus
    ring and check-box frames right after it: that frame (the sidebar with the focus, the
    title, the page's frame) has neither, so it is drawn exactly as with them. A focused
    button, which has a ring, shows that the comparison can tell them apart."""
    from app.ui.main_window import MainWindow
    from app.ui.style import apply_appearance, install_indicators

    before, palette = qapp.style().name(), qapp.palette()
    try:
        qapp.setStyle("Fusion")
        apply_appearance(qapp, appearance)
        window = MainWindow(data_path=tmp_path / "steady.db")
        qtbot.addWidget(window)
        window.resize(1100, 720)
        window.show_page(0)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        window.sidebar.setFocus()
        qtbot.waitUntil(window.sidebar.hasFocus)
        qtbot.wait(50)  # the status bar's size grip finds its place
        plain = window.grab().toImage()
        install_indicators(qapp)
        qtbot.wait(100)
        assert isinstance(qapp.style(), VisibleIndicators)
        assert window.grab().toImage() == plain
        window.help_button.setEnabled(True)
        window.help_button.setFocus()
        qtbot.waitUntil(window.help_button.hasFocus)
        ringed = window.grab().toImage()
        qapp.setStyle("Fusion")
        qapp.processEvents()
        assert window.grab().toImage() != ringed
    finally:
        qapp.setStyle(before)
        qapp.setPalette(palette)
