"""Steady's look: one calm palette for the widgets (light and dark, following the system or
the choice in Preferences), a clear focus ring, and small helpers that follow the palette so
light and dark both read well.

The palette's accent is the charts' and the planner's blue (Okabe–Ito, app/ui/charts/
palette.py), so the selection in a list, a focused field and a chart's main line are the
same colour. Fusion is the base style everywhere: it is the one Qt style that draws every
widget from the palette, so the window looks the same on every desktop.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel, QLayout, QTableWidget, QTableWidgetItem, QWidget

from app.domain.i18n import N_

# Per computer (QSettings), like the window's size: how the window looks is not part of the data.
APPEARANCE_KEY = "window/appearance"
# The labels are marked for translation: show them with _(label).
APPEARANCES = (("system", N_("Same as the system")), ("light", N_("Light")), ("dark", N_("Dark")))
TONE_PROPERTY = "steadyTone"  # "subtle" or "error": labels recoloured when the palette changes

# The two palettes. Light: a soft off-white window around white fields; dark: a blue-grey
# charcoal, never pure black. Text contrast is above 12:1 in both; secondary text above 4.5:1;
# disabled text is visibly fainter (about 2.5:1) and a disabled button has a flatter face.
_LIGHT = {
    "window": "#f4f5f3", "base": "#ffffff", "alternate": "#f1f3f1", "text": "#1d2125",
    "button": "#eceeeb", "highlight": "#0072b2", "highlighted_text": "#ffffff", "link": "#0062a0",
    "subtle": "#5a626b", "disabled_text": "#9aa0a6", "disabled_button": "#f0f1ef", "tooltip": "#ffffff",
    "light": "#ffffff", "midlight": "#e2e5e1", "mid": "#c4c9c6", "dark": "#a5aba8", "shadow": "#7d8380",
}
_DARK = {
    "window": "#1f2226", "base": "#17191c", "alternate": "#22262a", "text": "#e4e7ea",
    "button": "#30353a", "highlight": "#2b79b0", "highlighted_text": "#ffffff", "link": "#7cc4ee",
    "subtle": "#a0a8b0", "disabled_text": "#666d74", "disabled_button": "#25292d", "tooltip": "#2b3035",
    "light": "#454b51", "midlight": "#3a4045", "mid": "#2a2e33", "dark": "#121416", "shadow": "#0b0c0d",
}


def is_dark(widget: QWidget | None = None) -> bool:
    palette = widget.palette() if widget is not None else QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def error_color(widget: QWidget | None = None) -> QColor:
    return error_color_for(widget.palette() if widget is not None else QApplication.palette())


def style_error_label(label: QLabel) -> None:
    label.setProperty(TONE_PROPERTY, "error")
    label.setStyleSheet(f"color: {error_color(label).name()};")


def style_subtle_label(label: QLabel) -> None:
    label.setProperty(TONE_PROPERTY, "subtle")
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText))
    label.setPalette(palette)


def _retone(label: QLabel) -> None:
    """A subtle or error label's colour again, from the palette now in use (after a switch
    between light and dark, its fixed colour would belong to the other one)."""
    tone = label.property(TONE_PROPERTY)
    if tone == "error":
        if label.styleSheet():  # a label that shows its error colour only now and then keeps it off
            label.setStyleSheet(f"color: {error_color_for(QApplication.palette()).name()};")
    elif tone == "subtle":
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText,
                         QApplication.palette().color(QPalette.ColorRole.PlaceholderText))
        label.setPalette(palette)


def error_color_for(palette: QPalette) -> QColor:
    # No palette role means "error"; pick a red with enough contrast for the background.
    return QColor("#ff8a80") if palette.color(QPalette.ColorRole.Window).lightness() < 128 else QColor("#b3261e")


# --- the palette -------------------------------------------------------------------------------------


def calm_palette(dark: bool) -> QPalette:
    """Steady's palette, light or dark."""
    c = _DARK if dark else _LIGHT
    palette = QPalette()
    role = QPalette.ColorRole
    active = {
        role.Window: c["window"], role.WindowText: c["text"], role.Base: c["base"],
        role.AlternateBase: c["alternate"], role.Text: c["text"], role.Button: c["button"],
        role.ButtonText: c["text"], role.BrightText: "#ffffff", role.Highlight: c["highlight"],
        role.HighlightedText: c["highlighted_text"], role.Link: c["link"], role.LinkVisited: c["link"],
        role.PlaceholderText: c["subtle"], role.ToolTipBase: c["tooltip"], role.ToolTipText: c["text"],
        role.Light: c["light"], role.Midlight: c["midlight"], role.Mid: c["mid"], role.Dark: c["dark"],
        role.Shadow: c["shadow"],
    }
    for r, colour in active.items():
        palette.setColor(r, QColor(colour))  # every group
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText, role.PlaceholderText):
        palette.setColor(disabled, r, QColor(c["disabled_text"]))
    palette.setColor(disabled, role.Button, QColor(c["disabled_button"]))
    palette.setColor(disabled, role.Base, QColor(c["window"]))
    palette.setColor(disabled, role.Highlight, QColor(c["mid"]))
    palette.setColor(disabled, role.HighlightedText, QColor(c["disabled_text"]))
    return palette


def appearance_setting() -> str:
    """"system", "light" or "dark", as chosen in Preferences (per computer)."""
    value = QSettings().value(APPEARANCE_KEY, "system")
    return value if value in {key for key, _label in APPEARANCES} else "system"


def set_appearance_setting(choice: str) -> None:
    if choice not in {key for key, _label in APPEARANCES}:
        raise ValueError(f"unknown appearance {choice!r}")
    settings = QSettings()
    settings.setValue(APPEARANCE_KEY, choice)
    settings.sync()


def system_prefers_dark(application: QApplication) -> bool:
    """The desktop's light or dark choice (Qt 6.5+); light when the desktop does not say."""
    hints = application.styleHints()
    return hints is not None and hints.colorScheme() == Qt.ColorScheme.Dark


def apply_appearance(application: QApplication, choice: str | None = None) -> bool:
    """Use Steady's palette for `choice` (default: the saved setting) at once, in every open
    window: charts and the planner redraw from it. True if it is the dark one."""
    choice = appearance_setting() if choice is None else choice
    dark = system_prefers_dark(application) if choice == "system" else choice == "dark"
    application.setProperty("steadyAppearance", choice)
    if application.palette() != calm_palette(dark):
        application.setPalette(calm_palette(dark))
        # Widgets made from now on are polished with the new palette; only those that exist
        # already need recolouring (at start-up there are none: the window comes after, and
        # walking it again would cost the first paint about 9 ms).
        if application.allWidgets():
            _retone_labels(application)
            # A widget under a style sheet keeps the palette it was polished with (and puts it
            # back when polished again); once Qt has handed the new palette down (from the event
            # loop), style sheets are applied again and then the labels recoloured once more.
            QTimer.singleShot(0, application, lambda: _repolish_style_sheets(application))
    return dark


def _retone_labels(application: QApplication) -> None:
    for widget in application.allWidgets():
        if isinstance(widget, QLabel) and widget.property(TONE_PROPERTY):
            _retone(widget)


def _repolish_style_sheets(application: QApplication) -> None:
    for widget in application.allWidgets():
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet("")
            widget.setStyleSheet(sheet)
    _retone_labels(application)


def _follow_system(application: QApplication) -> None:
    """While the setting is "system", a change of the desktop's scheme changes Steady's."""
    if application.property("steadyAppearance") == "system":
        apply_appearance(application, "system")


def scaled_font(widget: QWidget, factor: float, *, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    size = font.pointSizeF()
    if size > 0:
        font.setPointSizeF(size * factor)
    font.setBold(bold)
    return font


def heading(text: str, parent: QWidget | None = None, factor: float = 1.5) -> QLabel:
    label = QLabel(text, parent)
    label.setFont(scaled_font(label, factor, bold=True))
    label.setAccessibleName(text)
    label.setWordWrap(True)
    return label


def align_form_labels(root: QWidget) -> None:
    """One label column for every form in `root`: a dialog of several headed sections then
    reads as one form (its fields start at the same place), as in a finished settings window."""
    forms = [layout for layout in root.findChildren(QFormLayout)]
    labels = [form.itemAt(row, QFormLayout.ItemRole.LabelRole) for form in forms for row in range(form.rowCount())]
    widgets = [w for item in labels if item is not None and (w := item.widget()) is not None]
    if not widgets:
        return
    width = max(w.sizeHint().width() for w in widgets)
    for w in widgets:
        w.setMinimumWidth(width)


def layout_of(widget: QWidget) -> QLayout:
    """The layout of a widget that was given one when made. Qt types `layout()` as Optional
    (a widget may have none); for ours that is a programming error, said as such."""
    layout = widget.layout()
    if layout is None:
        raise RuntimeError(f"{type(widget).__name__} has no layout")
    return layout


def cell_item(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """The item of a cell that was given one when its row was made (Qt types `item()` as
    Optional: an empty cell has none)."""
    item = table.item(row, column)
    if item is None:
        raise LookupError(f"no item at row {row}, column {column}")
    return item


def install_style(application: QApplication, *, appearance: bool = True, indicators: bool = True) -> None:
    """Fusion with Steady's focus ring and visible check boxes (installed once), and, with
    `appearance`, Steady's palette for the saved light/dark choice, following the desktop's
    scheme while that choice is "system". `indicators=False` leaves the style alone: the
    caller made the application with Fusion (`-style fusion`) and calls install_indicators()
    once the first frame is shown."""
    if indicators:
        install_indicators(application)
    if not appearance:
        return
    apply_appearance(application)
    hints = application.styleHints()
    if hints is not None and not application.property("steadyFollowsScheme"):
        application.setProperty("steadyFollowsScheme", True)
        hints.colorSchemeChanged.connect(lambda _scheme: _follow_system(application))


def install_indicators(application: QApplication) -> None:
    """Steady's focus ring and visible check boxes (app.ui.indicators) over Fusion, once.

    The window's first frame does not need them when nothing in it has a ring or a check
    box (app.main then installs them right after that frame): their drawing is Python called
    back from Qt, and the first such call has PySide build every QtWidgets type (~15 ms)."""
    from app.ui.indicators import VisibleIndicators

    if not isinstance(application.style(), VisibleIndicators):
        application.setStyle(VisibleIndicators("Fusion"))
