"""A small painted picture of a difference and its 95 % interval, on a line through 0.

No matplotlib: a line, a tick at 0, a bar for the interval and a dot for the difference,
drawn with the widget's own palette so it reads in light and dark themes. The scale is
symmetric around 0 so that which side of 0 the interval falls on is what the eye sees.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.domain import formatting as fmt
from app.domain import i18n
from app.domain.i18n import _
from app.ui.style import is_dark


def _one_decimal(x: float) -> str:
    """2.0, −1.4 (2,0 with a decimal comma): one decimal always, as the interval reads."""
    text = f"{x:.1f}"
    return text.replace(".", ",") if fmt.current().decimal_comma and i18n.language() == "es" else text


class IntervalBar(QWidget):
    def __init__(self, difference: float, low: float, high: float, parent: QWidget | None = None, *,
                 scale_span: float = 10.0):
        """`scale_span`: how far the measure can move; the line reaches at least a quarter of
        it each way, so a small difference looks small next to the scale it is on."""
        super().__init__(parent)
        self.difference, self.low, self.high = difference, low, high
        self.least_reach = scale_span / 4
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(_("Difference {difference}, likely between {low} and {high}").format(
            difference=_one_decimal(difference), low=_one_decimal(low), high=_one_decimal(high)))
        self.setToolTip(_("The dot is the difference; the bar is the range it likely lies in (95 %). "
                          "A bar that crosses 0 means no clear difference yet."))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        em = self.fontMetrics().height()
        return QSize(em * 20, int(em * 2.6))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        em = self.fontMetrics().height()
        return QSize(em * 8, int(em * 2.6))

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt naming
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        faint = QColor(text)
        faint.setAlpha(110)
        # Okabe–Ito blue on light, sky blue on dark (the charts' choice for contrast).
        accent = QColor("#56B4E9" if is_dark(self) else "#0072B2")
        em = self.fontMetrics().height()
        margin = em * 1.2
        width = max(1.0, self.width() - 2 * margin)
        mid_y = em * 0.9
        reach = max(abs(self.low) * 1.15, abs(self.high) * 1.15, abs(self.difference) * 1.15, self.least_reach)

        def x_of(value: float) -> float:
            return margin + (value + reach) / (2 * reach) * width

        painter.setPen(QPen(faint, 1))
        painter.drawLine(QPointF(margin, mid_y), QPointF(margin + width, mid_y))
        zero = x_of(0)
        painter.setPen(QPen(text, 1.5))
        painter.drawLine(QPointF(zero, mid_y - em * 0.55), QPointF(zero, mid_y + em * 0.55))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(accent)
        left, right = x_of(self.low), x_of(self.high)
        painter.drawRoundedRect(QRectF(left, mid_y - em * 0.22, max(2.0, right - left), em * 0.44), 3, 3)
        painter.setBrush(pal.color(QPalette.ColorRole.Base))
        painter.setPen(QPen(accent, 2))
        dot = x_of(self.difference)
        painter.drawEllipse(QPointF(dot, mid_y), em * 0.32, em * 0.32)
        painter.setPen(text)
        label_y = mid_y + em * 0.7
        painter.drawText(QRectF(zero - em * 2, label_y, em * 4, em * 1.1), Qt.AlignmentFlag.AlignHCenter, "0")
        painter.setPen(faint)
        ends = _one_decimal(reach).rstrip("0").rstrip(".,")
        painter.drawText(QRectF(margin - em, label_y, em * 4, em * 1.1), Qt.AlignmentFlag.AlignLeft, "\u2212" + ends)
        painter.drawText(QRectF(margin + width - em * 3, label_y, em * 4, em * 1.1), Qt.AlignmentFlag.AlignRight,
                         "+" + ends)
        painter.end()
