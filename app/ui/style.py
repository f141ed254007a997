"""Small look-and-feel helpers that follow the palette, so light and dark themes both read well."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QLabel, QProxyStyle, QStyle, QWidget


def is_dark(widget: QWidget | None = None) -> bool:
    palette = widget.palette() if widget is not None else QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def error_color(widget: QWidget | None = None) -> QColor:
    # No palette role means "error"; pick a red with enough contrast for the background.
    return QColor("#ff8a80") if is_dark(widget) else QColor("#b3261e")


def style_error_label(label: QLabel) -> None:
    label.setStyleSheet(f"color: {error_color(label).name()};")


def style_subtle_label(label: QLabel) -> None:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText))
    label.setPalette(palette)


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


class VisibleIndicators(QProxyStyle):
    """Fusion draws the frame of an unticked check box or radio button a little darker than
    the window. On a dark palette that is black on near-black: the box is invisible, and a
    list of notes to tick looks like plain text. This draws the frame in the text colour
    (softened) when the palette is dark; light palettes are left exactly as Fusion has them."""

    _ELEMENTS = (QStyle.PrimitiveElement.PE_IndicatorCheckBox, QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
                 QStyle.PrimitiveElement.PE_IndicatorRadioButton)

    def drawPrimitive(self, element, option, painter, widget=None) -> None:  # noqa: N802 - Qt naming
        super().drawPrimitive(element, option, painter, widget)
        if element not in self._ELEMENTS or option.palette.color(QPalette.ColorRole.Window).lightness() >= 128:
            return
        color = QColor(option.palette.color(QPalette.ColorRole.Text))
        color.setAlpha(170 if option.state & QStyle.StateFlag.State_Enabled else 90)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(color, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        side = min(option.rect.width(), option.rect.height()) - 1
        box = QRectF(option.rect.x() + 0.5, option.rect.y() + 0.5 + (option.rect.height() - 1 - side) / 2, side, side)
        if element == QStyle.PrimitiveElement.PE_IndicatorRadioButton:
            painter.drawEllipse(box)
        else:
            painter.drawRoundedRect(box, 1.5, 1.5)
        painter.restore()


def install_style(application: QApplication) -> None:
    """Keep the platform's style; only Fusion (Linux without a desktop theme, and the
    fallback elsewhere) gets visible check boxes on dark palettes."""
    style = application.style()
    if style is not None and style.name().lower() == "fusion" and not isinstance(style, VisibleIndicators):
        application.setStyle(VisibleIndicators("Fusion"))
