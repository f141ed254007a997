"""The Qt binding itself must be sound: a release of PySide6 (6.12.0) lost a reference to
None on every call of a method returning nothing, which aborts a long session."""

import sys

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QLabel


def test_calls_returning_nothing_keep_nones_reference_count(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    image = QImage(50, 50, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        before = sys.getrefcount(None)
        for _ in range(500):
            label.setText("x")
            painter.drawLine(0, 0, 10, 10)
            painter.setPen(QColor("red"))
            painter.drawRoundedRect(QRectF(0, 0, 10, 10), 3, 3)
        after = sys.getrefcount(None)
    finally:
        painter.end()
    # Counts may drift up a little (harmless); the fatal bug takes 2,000 away here.
    assert after - before > -100
