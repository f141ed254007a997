"""Steady's focus ring and visible check boxes: Fusion, through a proxy style.

Kept apart from app.ui.style so that the window's first frame does not wait for it
(app.ui.style.install_indicators installs it)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QAbstractButton, QProxyStyle, QStyle


def _focus_ring(painter: QPainter, rect: QRect, palette: QPalette, radius: float = 3.0) -> None:
    """A 2 px ring in the accent colour just inside `rect`: keyboard focus seen at a glance."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight), 2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(QRectF(rect).adjusted(1, 1, -1, -1), radius, radius)
    painter.restore()


class VisibleIndicators(QProxyStyle):
    """Fusion, with a clear focus ring (a 2 px accent ring on the focused button, field, list
    box or check box; Fusion's own is a faint 1 px line) and visible check boxes in dark.

    Fusion draws the frame of an unticked check box or radio button a little darker than
    the window. On a dark palette that is black on near-black: the box is invisible, and a
    list of notes to tick looks like plain text. This draws the frame in the text colour
    (softened) when the palette is dark; light palettes are left exactly as Fusion has them."""

    _ELEMENTS = (QStyle.PrimitiveElement.PE_IndicatorCheckBox, QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
                 QStyle.PrimitiveElement.PE_IndicatorRadioButton)

    _RINGED = (QStyle.PrimitiveElement.PE_PanelButtonCommand, QStyle.PrimitiveElement.PE_FrameLineEdit)
    _RINGED_COMPLEX = (QStyle.ComplexControl.CC_ComboBox, QStyle.ComplexControl.CC_SpinBox)

    def drawPrimitive(self, element, option, painter, widget=None) -> None:  # noqa: N802 - Qt naming
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus) and bool(
            option.state & QStyle.StateFlag.State_Enabled)
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect and isinstance(widget, QAbstractButton):
            _focus_ring(painter, option.rect.adjusted(-2, -1, 2, 1), option.palette)  # around a check box's text
            return
        super().drawPrimitive(element, option, painter, widget)
        if element in self._RINGED and focused:
            _focus_ring(painter, option.rect, option.palette)
            return
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


    def drawComplexControl(self, control, option, painter, widget=None) -> None:  # noqa: N802 - Qt naming
        super().drawComplexControl(control, option, painter, widget)
        if (control in self._RINGED_COMPLEX and option.state & QStyle.StateFlag.State_HasFocus
                and option.state & QStyle.StateFlag.State_Enabled):
            _focus_ring(painter, option.rect, option.palette)
